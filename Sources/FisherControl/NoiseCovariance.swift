#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
  /// - Throws: ``FisherError`` unless every σ is finite and positive.
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
  /// - Throws: ``FisherError`` unless Σ is square, finite, symmetric and positive definite.
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
    guard let l = _choleskyLower(covariance.elements, m) else {
      throw FisherError.invalidParameter(name: "noise covariance", reason: "must be positive definite")
    }
    self.matrix = covariance
    self.lower = l
    self.inverse = _inverseFromCholesky(l, m)
  }
}

/// The lower Cholesky factor of a symmetric positive definite m × m matrix, or nil.
///
/// - Complexity: O(m³).
func _choleskyLower(_ a: [Double], _ m: Int) -> [Double]? {
  var l = [Double](repeating: 0, count: m * m)
  for j in 0..<m {
    var d = a[j * m + j]
    for k in 0..<j { d -= l[j * m + k] * l[j * m + k] }
    guard d > 0, d.isFinite else { return nil }
    let ljj = d.squareRoot()
    l[j * m + j] = ljj
    for i in (j + 1)..<Swift.max(j + 1, m) {
      var s = a[i * m + j]
      for k in 0..<j { s -= l[i * m + k] * l[j * m + k] }
      l[i * m + j] = s / ljj
    }
  }
  return l
}

/// Solves (L Lᵀ) x = b in place for a lower Cholesky factor L.
func _choleskySolve(_ l: [Double], _ m: Int, _ b: inout [Double]) {
  for i in 0..<m {
    var s = b[i]
    for k in 0..<i { s -= l[i * m + k] * b[k] }
    b[i] = s / l[i * m + i]
  }
  for i in stride(from: m - 1, through: 0, by: -1) {
    var s = b[i]
    for k in (i + 1)..<Swift.max(i + 1, m) { s -= l[k * m + i] * b[k] }
    b[i] = s / l[i * m + i]
  }
}

/// (L Lᵀ)⁻¹, column by column.
func _inverseFromCholesky(_ l: [Double], _ m: Int) -> [Double] {
  var inv = [Double](repeating: 0, count: m * m)
  for j in 0..<m {
    var e = [Double](repeating: 0, count: m)
    e[j] = 1
    _choleskySolve(l, m, &e)
    for i in 0..<m { inv[i * m + j] = e[i] }
  }
  return inv
}
