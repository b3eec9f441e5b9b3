import Testing
@testable import Fisher

private typealias S = LinearAlgebraTestSupport

@Suite struct LUDecompositionTests {
  /// A·A⁻¹ = I and A x = b for Gaussian matrices (condition numbers O(n)).
  @Test(arguments: [1, 2, 3, 10, 100, 200])
  func inverseAndSolve(n: Int) throws {
    let a = S.gaussian(n, n, seed: UInt64(4000 + n))
    let inv = try a.inverse()
    #expect(S.relativeError(a.multiply(inv), Matrix.identity(n)) < 1e-10)
    #expect(S.relativeError(inv.multiply(a), Matrix.identity(n)) < 1e-10)
    var rng = Xoshiro256StarStar(seed: UInt64(n))
    let b = (0..<n).map { _ in rng.nextNormal() }
    let x = try a.solve(b)
    #expect(S.relativeError(a.multiply(x), b) < 1e-10)
  }

  /// P A = L U, and the pivots keep every multiplier at most 1 in magnitude.
  @Test func factorsReproducePermutedMatrix() throws {
    let n = 30
    let a = S.gaussian(n, n, seed: 12)
    let lu = try LUDecomposition(a)
    var l = Matrix.identity(n), u = Matrix(rows: n, columns: n)
    for i in 0..<n {
      for j in 0..<n {
        if j < i { l[i, j] = lu.factors[i, j]; #expect(abs(l[i, j]) <= 1) } else { u[i, j] = lu.factors[i, j] }
      }
    }
    var pa = Matrix(rows: n, columns: n)
    for i in 0..<n { pa.setRow(i, a.row(lu.permutation[i])) }
    #expect(S.relativeError(l.multiply(u), pa) < 1e-13)
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
    #expect(throws: LinearAlgebraError.singular(pivot: 1)) { try Matrix([[1, 2], [2, 4]]).inverse() }
    #expect(throws: LinearAlgebraError.singular(pivot: 0)) { try Matrix(rows: 3, columns: 3).inverse() }
    #expect(throws: LinearAlgebraError.notSquare(rows: 2, columns: 3)) { try Matrix(rows: 2, columns: 3).inverse() }
    #expect(throws: LinearAlgebraError.self) { try Matrix.identity(3).solve([1, 2]) }
    #expect(throws: LinearAlgebraError.self) { try LUDecomposition(Matrix.identity(3)).solve([1, 2, 3, 4]) }
    var nan = Matrix.identity(2)
    nan[0, 1] = .nan
    #expect(throws: LinearAlgebraError.self) { try nan.inverse() }
    #expect(throws: LinearAlgebraError.self) { try Matrix(rows: 2, columns: 2, elements: [1, 2, 3]) }
    #expect(throws: LinearAlgebraError.self) { try Matrix([[1, 2], [3]]) }
  }
}
