#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import Fisher

private typealias S = LinearAlgebraTestSupport

@Suite struct CholeskyTests {
  /// L L ᵀ = A with L lower triangular and a positive diagonal (sizes straddle the
  /// factorization's 32-row panels and 64-column blocks).
  @Test(arguments: [1, 2, 3, 31, 33, 65, 100, 200])
  func factorReproducesMatrix(n: Int) throws {
    let a = S.spd(n, seed: UInt64(2000 + n))
    let chol = try Cholesky(a)
    let l = chol.lower
    for i in 0..<n {
      #expect(l[i, i] > 0)
      for j in (i + 1)..<max(n, i + 1) { #expect(l[i, j] == 0) }
    }
    #expect(try S.relativeError(l.multiply(l.transposed), a) < 1e-10)
  }

  @Test(arguments: [1, 7, 100, 200])
  func solves(n: Int) throws {
    let a = S.spd(n, seed: UInt64(2100 + n))
    let chol = try Cholesky(a)
    var rng = Xoshiro256StarStar(seed: UInt64(n))
    let x = (0..<n).map { _ in rng.nextNormal() }
    // L⁻¹(L x) = x, both with the dense product and with multiplyLower.
    #expect(try S.relativeError(chol.solveLower(chol.lower.multiply(x)), x) < 1e-10)
    #expect(try S.relativeError(chol.multiplyLower(x), chol.lower.multiply(x)) < 1e-14)
    // L⁻ᵀ(Lᵀ x) = x.
    #expect(try S.relativeError(chol.solveUpper(chol.lower.transposeMultiply(x)), x) < 1e-10)
    // A (A⁻¹ b) = b.
    #expect(try S.relativeError(a.multiply(chol.solve(x)), x) < 1e-10)
  }

  @Test(arguments: [1, 5, 64, 200])
  func inverse(n: Int) throws {
    let a = S.spd(n, seed: UInt64(2200 + n))
    let inv = try Cholesky(a).inverse()
    #expect(try S.relativeError(a.multiply(inv), Matrix.identity(n)) < 1e-10)
    #expect(inv.isSymmetric())
  }

  /// log det A equals Σ log λᵢ from the (independent) eigendecomposition, and the
  /// closed form Σ log dᵢ for a diagonal matrix.
  @Test func logDeterminant() throws {
    let a = S.spd(40, seed: 41)
    let fromEigen = try SymmetricEigen(a).values.reduce(0) { $0 + log($1) }
    #expect(abs(try Cholesky(a).logDeterminant - fromEigen) < 1e-10 * abs(fromEigen))
    let d = [0.5, 2, 3, 1e-3, 7]
    let exact = d.reduce(0) { $0 + log($1) }
    #expect(abs(try Cholesky(Matrix.diagonal(d)).logDeterminant - exact) < 1e-14)
  }

  /// Closed forms: √a for 1 × 1; for [[a, b], [b, c]], L = [[√a, 0], [b/√a, √(c − b²/a)]].
  @Test func closedForms() throws {
    #expect(try Cholesky(try Matrix([[9]])).lower[0, 0] == 3)
    let a = 4.0, b = 2.0, c = 5.0
    let l = try Cholesky(try Matrix([[a, b], [b, c]])).lower
    #expect(l[0, 0] == 2)
    #expect(l[1, 0] == 1)
    #expect(l[1, 1] == 2)
  }

  /// Reads the lower triangle only.
  @Test func ignoresUpperTriangle() throws {
    let a = S.spd(6, seed: 3)
    var b = a
    for i in 0..<6 { for j in (i + 1)..<6 { b[i, j] = 1e6 } }
    #expect(try Cholesky(a).lower == Cholesky(b).lower)
  }

  @Test func nonPositiveDefiniteThrows() throws {
    #expect(throws: FisherError.notPositiveDefinite(pivot: 1)) {
      try Cholesky(try Matrix([[1, 2], [2, 1]]))
    }
    #expect(throws: FisherError.notPositiveDefinite(pivot: 0)) {
      try Cholesky(Matrix(rows: 3, columns: 3))
    }
    // Positive semidefinite, rank one: u uᵀ.
    var psd = try Matrix(rows: 4, columns: 4)
    try psd.rankOneUpdate(alpha: 1, [1, 2, 3, 4], [1, 2, 3, 4])
    #expect(throws: FisherError.self) { try Cholesky(psd) }
    // A random symmetric (indefinite) matrix of size 100, failing deep inside a panel.
    var indefinite = S.spd(100, seed: 4)
    indefinite[70, 70] = -50
    #expect(throws: FisherError.self) { try Cholesky(indefinite) }
    #expect(throws: FisherError.notSquare(rows: 2, columns: 3)) {
      try Cholesky(Matrix(rows: 2, columns: 3))
    }
    var nan = try Matrix.identity(3)
    nan[2, 1] = .nan
    #expect(throws: FisherError.self) { try Cholesky(nan) }
  }

  @Test func wrapsGivenFactor() throws {
    let a = S.spd(5, seed: 6)
    let chol = try Cholesky(a)
    let wrapped = try Cholesky(lower: chol.lower)
    #expect(wrapped.lower == chol.lower)
    var bad = chol.lower
    bad[2, 2] = 0
    #expect(throws: FisherError.notPositiveDefinite(pivot: 2)) { try Cholesky(lower: bad) }
    #expect(throws: FisherError.self) { try Cholesky(lower: Matrix(rows: 1, columns: 2)) }
  }

  @Test func emptyMatrix() throws {
    let chol = try Cholesky(Matrix(rows: 0, columns: 0))
    #expect(chol.logDeterminant == 0)
    #expect(try chol.solve([]) == [])
  }
}

@Suite struct TriangularSolveTests {
  @Test func lowerUpperAndTransposed() throws {
    let n = 50
    let l = try Cholesky(S.spd(n, seed: 10)).lower
    let u = l.transposed
    var rng = Xoshiro256StarStar(seed: 11)
    let b = (0..<n).map { _ in rng.nextNormal() }
    #expect(try S.relativeError(l.multiply(try l.solveLowerTriangular(b)), b) < 1e-12)
    #expect(try S.relativeError(u.multiply(try u.solveUpperTriangular(b)), b) < 1e-12)
    #expect(try S.relativeError(u.multiply(try l.solveLowerTriangularTransposed(b)), b) < 1e-12)
  }

  @Test func invalidInputThrows() throws {
    let l = try Matrix.identity(3)
    #expect(throws: FisherError.self) { try l.solveLowerTriangular([1, 2]) }
    #expect(throws: FisherError.self) { try Matrix(rows: 2, columns: 3).solveUpperTriangular([1, 2]) }
    var singular = l
    singular[1, 1] = 0
    #expect(throws: FisherError.singular(pivot: 1)) { try singular.solveLowerTriangular([1, 2, 3]) }
  }
}
