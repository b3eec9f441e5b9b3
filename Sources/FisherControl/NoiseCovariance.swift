/// The control-noise covariance Σ of a sampling planner, with its Cholesky factor and inverse.
///
/// Noise is drawn as ε = L z with z ~ N(0, I) and Σ = L Lᵀ; the MPPI control
/// cost needs Σ⁻¹. Σ may be full (correlated control dimensions) or diagonal.
public struct NoiseCovariance: Sendable, Hashable {
  /// Σ (m × m).
  public let matrix: Matrix
  /// L, lower triangular with Σ = L Lᵀ, row-major m × m.
  public let lower: [Double]
  /// Σ⁻¹, row-major m × m.
  public let inverse: [Double]

  public var dimension: Int { matrix.rows }

  /// Σ = diag(σ₁², …, σ_m²) from per-dimension standard deviations.
  ///
  /// - Throws: `FisherError` unless every σ is finite and positive.
  public init(standardDeviations sigma: [Double]) throws {
    guard !sigma.isEmpty else {
      throw FisherError.invalidParameter(name: "sigma", reason: "needs at least one entry")
    }
    for s in sigma where !(s.isFinite && s > 0) {
      throw FisherError.invalidParameter(name: "sigma", reason: "must be finite and > 0, got \(s)")
    }
    try self.init(covariance: Matrix.diagonal(sigma.map { $0 * $0 }))
  }

  /// A full covariance matrix Σ.
  ///
  /// - Throws: `FisherError` unless Σ is square, finite, symmetric and positive definite.
  public init(covariance: Matrix) throws {
    let m = covariance.rows
    guard m > 0, covariance.columns == m else {
      throw FisherError.dimensionMismatch("noise covariance is \(covariance.rows)×\(covariance.columns), expected square")
    }
    guard covariance.elements.allSatisfy(\.isFinite) else {
      throw FisherError.nonFinite("noise covariance")
    }
    for i in 0..<m {
      for j in 0..<i {
        let a = covariance[i, j], b = covariance[j, i]
        guard abs(a - b) <= 1e-12 * Swift.max(1, abs(a), abs(b)) else {
          throw FisherError.invalidParameter(name: "noise covariance", reason: "must be symmetric")
        }
      }
    }
    guard let chol = try? Cholesky(covariance) else {
      throw FisherError.invalidParameter(name: "noise covariance", reason: "must be positive definite")
    }
    self.matrix = covariance
    self.lower = chol.lower.elements
    self.inverse = chol.inverse().elements
  }
}
