#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import Fisher

private typealias S = LinearAlgebraTestSupport

/// Rank-one updates and downdates of a Cholesky factor against the factor of
/// the updated matrix computed from scratch, and the power/inverse-iteration
/// eigenvalue estimates against the symmetric eigensolver.
///
/// Tolerances: the matrices are well conditioned (eigenvalues in about [0.3, 5]),
/// so both the O(n²) update (a product of stable rotations) and the O(n³)
/// factorization are backward stable with errors of a few n·ε ≈ 1e-14 relative;
/// 1e-11 leaves a wide margin while any wrong sign or index gives O(1) errors.
@Suite struct LinearAlgebraRankOneUpdateTests {
  static func outerAdded(_ c: Matrix, _ v: [Double], _ beta: Double) -> Matrix {
    var r = c
    for i in 0..<c.rows {
      for j in 0..<c.rows { r[i, j] += beta * v[i] * v[j] }
    }
    return r
  }

  static func vector(_ n: Int, seed: UInt64) -> [Double] { S.gaussian(1, n, seed: seed).elements }

  @Test(arguments: [1, 2, 5, 17, 40])
  func updateMatchesRecomputedFactor(n: Int) throws {
    let c = S.spd(n, seed: UInt64(300 + n))
    let v = Self.vector(n, seed: UInt64(400 + n))
    let chol = try Cholesky(c)
    for beta in [0.7, 3.0] {
      let up = try #require(try chol.rankOneUpdated(v, scale: beta))
      let direct = try Cholesky(Self.outerAdded(c, v, beta))
      #expect(S.relativeError(up.lower, direct.lower) < 1e-11, "n \(n) β \(beta)")
    }
  }

  /// A downdate by β = −θ/(vᵀ C⁻¹ v) keeps C positive definite iff θ < 1.
  @Test(arguments: [1, 3, 17, 40])
  func downdateMatchesRecomputedFactorAndDetectsIndefiniteness(n: Int) throws {
    let c = S.spd(n, seed: UInt64(500 + n))
    let v = Self.vector(n, seed: UInt64(600 + n))
    let chol = try Cholesky(c)
    let q = try dot(v, try chol.solve(v))
    for theta in [0.2, 0.9] {
      let down = try #require(try chol.rankOneUpdated(v, scale: -theta / q))
      let direct = try Cholesky(Self.outerAdded(c, v, -theta / q))
      // The downdated matrix has smallest eigenvalue down to (1 − θ)·λ_min, which
      // loses up to a factor 1/(1 − θ) = 10 of the accuracy.
      #expect(S.relativeError(down.lower, direct.lower) < 1e-10, "n \(n) θ \(theta)")
    }
    #expect(try chol.rankOneUpdated(v, scale: -1.001 / q) == nil)
    #expect(try chol.rankOneUpdated(v, scale: -3 / q) == nil)
  }

  /// The kernel applies several vectors column by column; that must be
  /// bit-identical to applying them one after the other, and equal the factor
  /// of C + Σ βⱼ vⱼ vⱼᵀ (updates first, then downdates).
  @Test(arguments: [1, 6, 23])
  func batchedVectorsEqualSequentialApplication(n: Int) throws {
    let c = S.spd(n, seed: UInt64(700 + n))
    let chol = try Cholesky(c)
    let betas = [0.4, 1.1, 0.05, 0.3, 0.7, 0.2, -0.01, -0.03, -0.02, -0.015]
    let vectors = betas.indices.map { Self.vector(n, seed: UInt64(800 + 10 * n + $0)) }
    let firstDowndate = 6
    var batchR = chol.lower.transposed
    var x = [Double]()
    for (v, b) in zip(vectors, betas) { x += v.map { $0 * abs(b).squareRoot() } }
    let failed = batchR.elements.withUnsafeMutableBufferPointer { r in
      x.withUnsafeMutableBufferPointer { _choleskyRankOneUpdates(r.baseAddress!, n, $0.baseAddress!, count: betas.count, firstDowndate: firstDowndate) }
    }
    #expect(failed == -1)
    var sequential = chol
    var full = c
    for (v, b) in zip(vectors, betas) {
      sequential = try #require(try sequential.rankOneUpdated(v, scale: b))
      full = Self.outerAdded(full, v, b)
    }
    #expect(batchR.transposed.elements == sequential.lower.elements)
    #expect(S.relativeError(sequential.lower, try Cholesky(full).lower) < 1e-11)
  }

  @Test func badInputThrows() throws {
    let chol = try Cholesky(S.spd(3, seed: 1))
    #expect(throws: FisherError.self) { try chol.rankOneUpdated([1, 2], scale: 1) }
    #expect(throws: FisherError.self) { try chol.rankOneUpdated([1, .nan, 2], scale: 1) }
    #expect(throws: FisherError.self) { try chol.rankOneUpdated([1, 2, 3], scale: .infinity) }
  }

  /// C = Q diag(λ) Qᵀ with λᵢ = 10^(3i/(n−1)) (consecutive ratios ≈ 1.9, so
  /// both iterations gain about 0.27 digits per step; 200 steps reach rounding).
  /// The estimates stay inside [λ_min, λ_max] at every step and converge to the
  /// extreme eigenvalues found by `SymmetricEigen`.
  @Test(arguments: [2, 12, 30])
  func extremeEigenvalueEstimatesConverge(n: Int) throws {
    let q = S.orthogonal(n, seed: UInt64(900 + n))
    let lambdas = (0..<n).map { n == 1 ? 1 : pow(10, 3 * Double($0) / Double(n - 1)) }
    var c = try q.multiply(try Matrix.diagonal(lambdas)).multiply(q.transposed)
    try c.symmetrize()
    let eig = try SymmetricEigen(c)
    let lo = eig.values[0], hi = eig.values[n - 1]
    let rt = try Cholesky(c).lower.transposed
    var estimate = ExtremeEigenvalueEstimate(start: Self.vector(n, seed: 1), largest: 1, smallest: 1)
    for step in 0..<200 {
      rt.elements.withUnsafeBufferPointer { estimate.iterate(transposedFactor: $0.baseAddress!, dimension: n) }
      #expect(estimate.largest <= hi * (1 + 1e-12), "step \(step)")
      #expect(estimate.smallest >= lo * (1 - 1e-12), "step \(step)")
    }
    #expect(abs(estimate.largest - hi) <= 1e-10 * hi)
    #expect(abs(estimate.smallest - lo) <= 1e-10 * lo)
  }
}
