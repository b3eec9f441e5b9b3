import Testing
@testable import Fisher

private typealias S = LinearAlgebraTestSupport

@Suite struct LUDecompositionTests {
  /// A·A⁻¹ = I and A x = b for Gaussian matrices (condition numbers O(n)).
  @Test(arguments: [1, 2, 3, 10, 100, 200])
  func inverseAndSolve(n: Int) throws {
    let a = S.gaussian(n, n, seed: UInt64(4000 + n))
    let inv = try a.inverse()
    #expect(try S.relativeError(a.multiply(inv), Matrix.identity(n)) < 1e-10)
    #expect(try S.relativeError(inv.multiply(a), Matrix.identity(n)) < 1e-10)
    var rng = Xoshiro256StarStar(seed: UInt64(n))
    let b = (0..<n).map { _ in rng.nextNormal() }
    let x = try a.solve(b)
    #expect(try S.relativeError(a.multiply(x), b) < 1e-10)
  }

  /// P A = L U, and the pivots keep every multiplier at most 1 in magnitude.
  @Test func factorsReproducePermutedMatrix() throws {
    let n = 30
    let a = S.gaussian(n, n, seed: 12)
    let lu = try LUDecomposition(a)
    var l = try Matrix.identity(n), u = try Matrix(rows: n, columns: n)
    for i in 0..<n {
      for j in 0..<n {
        if j < i { l[i, j] = lu.factors[i, j]; #expect(abs(l[i, j]) <= 1) } else { u[i, j] = lu.factors[i, j] }
      }
    }
    var pa = try Matrix(rows: n, columns: n)
    for i in 0..<n { try pa.setRow(i, try a.row(lu.permutation[i])) }
    #expect(try S.relativeError(l.multiply(u), pa) < 1e-13)
  }

  /// Pivoting is required: [[0, 1], [1, 0]] has a zero leading entry.
  @Test func needsPivoting() throws {
    let a = try Matrix([[0, 1], [1, 0]])
    #expect(try a.inverse() == a)
    #expect(try a.solve([3, 4]) == [4, 3])
    #expect(try LUDecomposition(a).determinant == -1)
  }

  /// det [[a, b], [c, d]] = ad − bc.
  @Test func determinantClosedForm() throws {
    let lu = try LUDecomposition(try Matrix([[3, 7], [2, 5]]))
    #expect(abs(lu.determinant - 1) < 1e-14)
  }

  @Test func singularAndInvalidInputThrow() throws {
    #expect(throws: FisherError.singular(pivot: 1)) { try Matrix([[1, 2], [2, 4]]).inverse() }
    #expect(throws: FisherError.singular(pivot: 0)) { try Matrix(rows: 3, columns: 3).inverse() }
    #expect(throws: FisherError.notSquare(rows: 2, columns: 3)) { try Matrix(rows: 2, columns: 3).inverse() }
    #expect(throws: FisherError.self) { try Matrix.identity(3).solve([1, 2]) }
    #expect(throws: FisherError.self) { try LUDecomposition(Matrix.identity(3)).solve([1, 2, 3, 4]) }
    var nan = try Matrix.identity(2)
    nan[0, 1] = .nan
    #expect(throws: FisherError.self) { try nan.inverse() }
    #expect(throws: FisherError.self) { try Matrix(rows: 2, columns: 2, elements: [1, 2, 3]) }
    #expect(throws: FisherError.self) { try Matrix([[1, 2], [3]]) }
  }
}

@Suite struct EdgeCaseMatrixTests {
  @Test func zeroByZeroIsHandledEverywhere() throws {
    let e = try Matrix(rows: 0, columns: 0)
    #expect(try e.inverse() == e)
    #expect(try e.solve([]) == [])
    #expect(try e.symmetricExponential() == e)
    #expect(try e.inverseSquareRoot() == e)
    #expect(try e.solveLowerTriangular([]) == [])
    #expect(try e.solveUpperTriangular([]) == [])
    #expect(try Cholesky(e).inverse() == e)
    #expect(try Cholesky(e).multiplyLower([]) == [])
  }

  /// Entries near the overflow and underflow thresholds are scaled internally:
  /// [[a, b], [b, a]] has eigenvalues a ± b.
  @Test func extremeScales() throws {
    for (a, b) in [(1e307, 5e306), (1e-307, 5e-308), (3e-320, 1e-320)] {
      let eig = try SymmetricEigen(try Matrix([[a, b], [b, a]]))
      #expect(abs(eig.values[0] - (a - b)) <= 1e-14 * a)
      #expect(abs(eig.values[1] - (a + b)) <= 1e-14 * a)
    }
    // An eigenvalue beyond the largest Double is reported, not returned as ±inf or NaN.
    let big = try Matrix([[1e308, 1.7e308], [1.7e308, 1e308]])
    #expect(throws: FisherError.self) { try SymmetricEigen(big) }
  }
}
