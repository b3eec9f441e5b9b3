#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// N(m, Σ) with a fixed covariance Σ and θ = m: the worked example of the
/// natural-gradient view.
///
///     log p(x) = −½ (x − m)ᵀ Σ⁻¹ (x − m) − ½ log det Σ − (n/2) log 2π
///     ∇m log p(x) = Σ⁻¹ (x − m),      ∇²m log p(x) = −Σ⁻¹,      F = Σ⁻¹.
///
/// So the natural gradient of ∇J = Σ⁻¹ E[f(x)(x − m)] is F⁻¹∇J = E[f(x)(x − m)]:
/// the update m ← m − α E[f(x)(x − m)] needs neither Σ nor its inverse.
public struct GaussianMean: GaussianSearchDistribution {
  /// m (= θ).
  public let mean: [Double]
  /// The fixed Σ.
  public let covariance: Matrix
  /// Cholesky factor of Σ.
  @usableFromInline let _factor: Cholesky
  /// Σ⁻¹.
  @usableFromInline let _precision: Matrix

  /// N(mean, covariance).
  ///
  /// - Throws: ``FisherError`` when the sizes disagree, a value is not finite,
  ///   or `covariance` is not symmetric positive definite.
  public init(mean: [Double], covariance: Matrix) throws {
    try _checkVector(mean, count: mean.count, "mean")
    guard !mean.isEmpty else { throw FisherError.invalidParameter(name: "mean", reason: "dimension must be at least 1") }
    self._factor = try _spdFactor(covariance, dimension: mean.count)
    self.mean = mean
    self.covariance = covariance
    self._precision = _factor.inverse()
  }

  /// N(mean, σ² I).
  public init(mean: [Double], sigma: Double) throws {
    guard sigma > 0, sigma.isFinite else {
      throw FisherError.invalidParameter(name: "sigma", reason: "must be positive and finite, got \(sigma)")
    }
    var c = try Matrix.identity(mean.count)
    for i in 0..<mean.count { c[i, i] = sigma * sigma }
    try self.init(mean: mean, covariance: c)
  }

  private init(_mean: [Double], _ other: GaussianMean) {
    self.mean = _mean
    self.covariance = other.covariance
    self._factor = other._factor
    self._precision = other._precision
  }

  public var dimension: Int { mean.count }
  public var parameterCount: Int { mean.count }
  public var parameters: [Double] { mean }

  /// The same Σ with mean `parameters`.
  public func with(parameters: [Double]) throws -> GaussianMean {
    try _checkVector(parameters, count: dimension, "parameters")
    return GaussianMean(_mean: parameters, self)
  }

  /// m + L z with L the Cholesky factor of Σ.
  public func transform(_ z: [Double]) -> [Double] {
    var x = _factor._multiplyLower(z)
    for i in 0..<x.count { x[i] += mean[i] }
    return x
  }

  public func logDensity(_ x: [Double]) throws -> Double {
    try _checkVector(x, count: dimension, "x")
    let z = _factor._solveLower(zip(x, mean).map { $0 - $1 })
    return -0.5 * _dot(z, z) - 0.5 * _factor.logDeterminant - _halfLogTwoPi(dimension)
  }

  /// Σ⁻¹ (x − m).
  public func score(_ x: [Double]) throws -> [Double] {
    try _checkVector(x, count: dimension, "x")
    return try _factor.solve(zip(x, mean).map { $0 - $1 })
  }

  /// −Σ⁻¹, the same for every x.
  public func logDensityHessian(_ x: [Double]) throws -> Matrix {
    try _checkVector(x, count: dimension, "x")
    return -1 * _precision
  }

  /// Σ⁻¹.
  public func fisherInformation() throws -> Matrix { _precision }

  /// Σ g.
  public func naturalGradient(_ gradient: [Double]) throws -> [Double] {
    try _checkVector(gradient, count: parameterCount, "gradient")
    return covariance._multiply(gradient)
  }

  /// The Gaussian KL divergence (Σ of `other` may differ).
  public func kullbackLeibler(to other: GaussianMean) throws -> Double {
    try _checkSameDimension(dimension, other.dimension)
    return _gaussianKullbackLeibler(mean, _factor.lower, other.mean, other._factor)
  }

  private enum CodingKeys: String, CodingKey { case mean, covariance }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    try self.init(mean: c.decode([Double].self, forKey: .mean), covariance: c.decode(Matrix.self, forKey: .covariance))
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(mean, forKey: .mean)
    try c.encode(covariance, forKey: .covariance)
  }
}

/// The Cholesky factor of a symmetric positive-definite n × n matrix, with
/// ``FisherError``s for a wrong shape, non-finite entries, asymmetry or indefiniteness.
@usableFromInline
func _spdFactor(_ a: Matrix, dimension n: Int) throws -> Cholesky {
  guard a.rows == n, a.columns == n else {
    throw FisherError.dimensionMismatch("covariance is \(a.rows)×\(a.columns), expected \(n)×\(n)")
  }
  if a.elements.contains(where: { !$0.isFinite }) { throw FisherError.nonFinite("covariance has a non-finite entry") }
  let scale = Swift.max(a.maxAbs, .leastNormalMagnitude)
  for i in 0..<n {
    for j in 0..<i where abs(a[i, j] - a[j, i]) > 1e-12 * scale {
      throw FisherError.invalidParameter(name: "covariance", reason: "not symmetric at (\(i), \(j))")
    }
  }
  do {
    return try Cholesky(a)
  } catch {
    throw FisherError.invalidParameter(name: "covariance", reason: "not positive definite (\(error))")
  }
}

/// KL(N(m₀, L₀L₀ᵀ) ‖ N(m₁, Σ₁)) with Σ₁ given by its Cholesky factor:
///
///     ½ [ ‖L₁⁻¹ L₀‖²_F + ‖L₁⁻¹ (m₁ − m₀)‖² − n ] + Σᵢ log L₁ᵢᵢ − Σᵢ log L₀ᵢᵢ.
///
/// - Complexity: O(n³).
@usableFromInline
func _gaussianKullbackLeibler(_ m0: [Double], _ l0: Matrix, _ m1: [Double], _ f1: Cholesky) -> Double {
  let n = m0.count
  var trace = 0.0
  for j in 0..<n {
    let c = f1._solveLower(l0._column(j))
    trace += _dot(c, c)
  }
  let d = f1._solveLower((0..<n).map { m1[$0] - m0[$0] })
  var logRatio = 0.0
  for i in 0..<n { logRatio += log(f1.lower[i, i]) - log(l0[i, i]) }
  return 0.5 * (trace + _dot(d, d) - Double(n)) + logRatio
}
