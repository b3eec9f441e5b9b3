#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import Fisher

private typealias S = LinearAlgebraTestSupport

@Suite struct SymmetricMatrixFunctionTests {
  /// exp(A) exp(−A) = I. A is scaled to spectral radius about 2, so exp(A) has condition
  /// number about e⁴ and the product's rounding error stays far below 1e-10.
  @Test(arguments: [1, 3, 50, 200])
  func exponentialTimesExponentialOfNegative(n: Int) throws {
    var a = S.symmetric(n, seed: UInt64(5000 + n))
    a = (1 / Double(n).squareRoot()) * a
    let e = try a.symmetricExponential()
    let eNeg = try ((-1) * a).symmetricExponential()
    #expect(try S.relativeError(e.multiply(eNeg), Matrix.identity(n)) < 1e-10)
    #expect(e.isSymmetric())
  }

  @Test func exponentialOfDiagonalIsElementwise() throws {
    let d = [-3.0, 0, 0.5, 2, 10]
    let e = try Matrix.diagonal(d).symmetricExponential()
    #expect(try S.relativeError(e, Matrix.diagonal(d.map { exp($0) })) < 1e-14)
    #expect(try Matrix(rows: 4, columns: 4).symmetricExponential() == Matrix.identity(4))
  }

  /// exp of [[0, t], [t, 0]] = [[cosh t, sinh t], [sinh t, cosh t]].
  @Test func exponentialTwoByTwoClosedForm() throws {
    let t = 0.7
    let e = try Matrix([[0, t], [t, 0]]).symmetricExponential()
    #expect(S.relativeError(e, try Matrix([[cosh(t), sinh(t)], [sinh(t), cosh(t)]])) < 1e-14)
  }

  /// (A^{-1/2})² A = I and (A^{1/2})² = A for SPD A.
  @Test(arguments: [1, 4, 60, 200])
  func squareRoots(n: Int) throws {
    let a = S.spd(n, seed: UInt64(6000 + n))
    let r = try a.inverseSquareRoot()
    #expect(try S.relativeError(r.multiply(r).multiply(a), Matrix.identity(n)) < 1e-10)
    let s = try a.squareRootSPD()
    #expect(try S.relativeError(s.multiply(s), a) < 1e-10)
    #expect(try S.relativeError(r.multiply(s), Matrix.identity(n)) < 1e-10)
  }

  @Test func squareRootOfDiagonal() throws {
    let r = try Matrix.diagonal([4, 9, 0.25]).inverseSquareRoot()
    #expect(try S.relativeError(r, Matrix.diagonal([0.5, 1.0 / 3, 2])) < 1e-15)
  }

  @Test func identityFunctionReturnsMatrix() throws {
    let a = S.symmetric(25, seed: 1)
    #expect(S.relativeError(try a.symmetricFunction { $0 }, a) < 1e-12)
  }

  @Test func invalidInputThrows() throws {
    let indefinite = try Matrix([[1, 2], [2, 1]])
    #expect(throws: FisherError.notPositiveDefinite(pivot: 0)) { try indefinite.inverseSquareRoot() }
    #expect(throws: FisherError.notPositiveDefinite(pivot: 0)) { try indefinite.squareRootSPD() }
    #expect(throws: FisherError.self) { try Matrix(rows: 0 + 2, columns: 2).inverseSquareRoot() }
    #expect(throws: FisherError.self) { try Matrix(rows: 2, columns: 3).symmetricExponential() }
    #expect(throws: FisherError.self) { try Matrix.diagonal([1000]).symmetricExponential() }
    #expect(throws: FisherError.self) { try Matrix.identity(3).symmetricFunction { _ in .nan } }
  }

  @Test func symmetryCheck() throws {
    var a = S.symmetric(5, seed: 2)
    #expect(a.isSymmetric())
    a[0, 3] += 1e-9
    #expect(!a.isSymmetric())
    #expect(a.isSymmetric(tolerance: 1e-8))
    #expect(try !Matrix(rows: 2, columns: 3).isSymmetric())
  }
}

@Suite struct MatrixUpdateTests {
  /// A ← s·A + α u vᵀ, checked entry by entry against the definition.
  @Test func rankOneUpdate() throws {
    let a = S.gaussian(6, 4, seed: 20)
    let u = [1.0, -2, 0.5, 3, 0, 1], v = [2.0, 1, -1, 0.25]
    var b = a
    try b.rankOneUpdate(alpha: 0.3, u, v, scale: 0.9)
    for i in 0..<6 {
      for j in 0..<4 {
        #expect(abs(b[i, j] - (0.9 * a[i, j] + 0.3 * u[i] * v[j])) < 1e-15)
      }
    }
  }

  /// A ← s·A + Σₖ wₖ yₖ yₖᵀ equals s·A + Yᵀ diag(w) Y (independent products), and is symmetric;
  /// negative weights (active CMA-ES) included.
  @Test func weightedRankMuUpdate() throws {
    let n = 7, mu = 5
    let a = S.spd(n, seed: 21)
    let y = S.gaussian(mu, n, seed: 22)
    let w = [0.4, 0.3, 0.2, 0.1, -0.05]
    var b = a
    try b.rankMuUpdate(weights: w, vectors: y, scale: 0.8)
    let expected = try 0.8 * a + y.transposed.multiply(try Matrix.diagonal(w)).multiply(y)
    #expect(S.relativeError(b, expected) < 1e-14)
    #expect(b.isSymmetric())
  }
}
