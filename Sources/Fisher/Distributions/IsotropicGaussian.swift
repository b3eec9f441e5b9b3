#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// N(m, σ² I) with θ = (m₁, …, mₙ, log σ).
///
/// The scale enters as ℓ = log σ, so every θ ∈ ℝⁿ⁺¹ is a valid member and an
/// additive step in ℓ is a multiplicative step in σ. With r = x − m:
///
///     log p(x) = −|r|²/(2σ²) − n ℓ − (n/2) log 2π
///     ∇m log p = r/σ²,                 ∂ℓ log p = |r|²/σ² − n
///     ∇²m log p = −I/σ²,  ∂m∂ℓ log p = −2r/σ²,  ∂²ℓ log p = −2|r|²/σ²
///     F = diag(I/σ², 2n),   F⁻¹ g = (σ² g_m, g_ℓ/(2n)).
///
/// (In the σ parameterization F_σσ would be 2n/σ²; the log chart makes it constant.)
public struct IsotropicGaussian: GaussianSearchDistribution {
  /// m.
  public let mean: [Double]
  /// ℓ = log σ.
  public let logSigma: Double

  /// N(mean, sigma² I).
  ///
  /// - Throws: ``FisherError`` for an empty or non-finite mean, or σ ≤ 0 or non-finite.
  public init(mean: [Double], sigma: Double) throws {
    guard sigma > 0, sigma.isFinite else {
      throw FisherError.invalidParameter(name: "sigma", reason: "must be positive and finite, got \(sigma)")
    }
    try self.init(mean: mean, logSigma: log(sigma))
  }

  /// N(mean, e^{2 logSigma} I).
  public init(mean: [Double], logSigma: Double) throws {
    try _checkVector(mean, count: mean.count, "mean")
    guard !mean.isEmpty else { throw FisherError.invalidParameter(name: "mean", reason: "dimension must be at least 1") }
    guard logSigma.isFinite, exp(logSigma) > 0, exp(logSigma).isFinite else {
      throw FisherError.invalidParameter(name: "log sigma", reason: "σ = exp(\(logSigma)) is not a positive finite number")
    }
    self.mean = mean
    self.logSigma = logSigma
  }

  /// σ.
  public var sigma: Double { exp(logSigma) }
  public var dimension: Int { mean.count }
  public var parameterCount: Int { mean.count + 1 }
  /// (m, log σ).
  public var parameters: [Double] { mean + [logSigma] }
  /// σ² I.
  public var covariance: Matrix { get throws { try Matrix.diagonal([Double](repeating: sigma * sigma, count: dimension)) } }

  public func with(parameters: [Double]) throws -> IsotropicGaussian {
    try _checkVector(parameters, count: parameterCount, "parameters")
    return try IsotropicGaussian(mean: Array(parameters[0..<dimension]), logSigma: parameters[dimension])
  }

  public func transform(_ z: [Double]) -> [Double] {
    let s = sigma
    return (0..<dimension).map { mean[$0] + s * z[$0] }
  }

  public func logDensity(_ x: [Double]) throws -> Double {
    try _checkVector(x, count: dimension, "x")
    let s2 = sigma * sigma
    var r2 = 0.0
    for i in 0..<dimension { r2 += (x[i] - mean[i]) * (x[i] - mean[i]) }
    return -0.5 * r2 / s2 - Double(dimension) * logSigma - _halfLogTwoPi(dimension)
  }

  /// (r/σ², |r|²/σ² − n).
  public func score(_ x: [Double]) throws -> [Double] {
    try _checkVector(x, count: dimension, "x")
    let n = dimension, s2 = sigma * sigma
    var out = [Double](repeating: 0, count: n + 1)
    var r2 = 0.0
    for i in 0..<n {
      let r = x[i] - mean[i]
      out[i] = r / s2
      r2 += r * r
    }
    out[n] = r2 / s2 - Double(n)
    return out
  }

  public func logDensityHessian(_ x: [Double]) throws -> Matrix {
    try _checkVector(x, count: dimension, "x")
    let n = dimension, s2 = sigma * sigma
    var h = try Matrix(rows: n + 1, columns: n + 1)
    var r2 = 0.0
    for i in 0..<n {
      let r = x[i] - mean[i]
      h[i, i] = -1 / s2
      h[i, n] = -2 * r / s2
      h[n, i] = h[i, n]
      r2 += r * r
    }
    h[n, n] = -2 * r2 / s2
    return h
  }

  /// diag(1/σ², …, 1/σ², 2n).
  public func fisherInformation() throws -> Matrix {
    let s2 = sigma * sigma
    return try Matrix.diagonal([Double](repeating: 1 / s2, count: dimension) + [2 * Double(dimension)])
  }

  /// (σ² g_m, g_ℓ / (2n)).
  public func naturalGradient(_ gradient: [Double]) throws -> [Double] {
    try _checkVector(gradient, count: parameterCount, "gradient")
    let n = dimension, s2 = sigma * sigma
    var out = gradient
    for i in 0..<n { out[i] *= s2 }
    out[n] /= 2 * Double(n)
    return out
  }

  /// n log(σ₁/σ₀) + (n σ₀² + |m₀ − m₁|²)/(2σ₁²) − n/2.
  public func kullbackLeibler(to other: IsotropicGaussian) throws -> Double {
    try _checkSameDimension(dimension, other.dimension)
    let n = Double(dimension)
    var d2 = 0.0
    for i in 0..<dimension { d2 += (mean[i] - other.mean[i]) * (mean[i] - other.mean[i]) }
    let ratio = exp(2 * (logSigma - other.logSigma))
    return n * (other.logSigma - logSigma) + 0.5 * (n * ratio + d2 / (other.sigma * other.sigma)) - 0.5 * n
  }

  private enum CodingKeys: String, CodingKey { case mean, logSigma }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    try self.init(mean: c.decode([Double].self, forKey: .mean), logSigma: c.decode(Double.self, forKey: .logSigma))
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(mean, forKey: .mean)
    try c.encode(logSigma, forKey: .logSigma)
  }
}
