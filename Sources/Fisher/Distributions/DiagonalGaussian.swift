#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// N(m, diag(σ₁², …, σₙ²)) with θ = (m₁, …, mₙ, log σ₁, …, log σₙ).
///
/// The scales enter as ℓᵢ = log σᵢ, so every θ ∈ ℝ²ⁿ is valid. Coordinates are
/// independent, so with rᵢ = xᵢ − mᵢ everything is per coordinate:
///
///     log p(x) = Σᵢ −rᵢ²/(2σᵢ²) − ℓᵢ − ½ log 2π
///     ∂mᵢ log p = rᵢ/σᵢ²,            ∂ℓᵢ log p = rᵢ²/σᵢ² − 1
///     ∂²mᵢ = −1/σᵢ²,  ∂mᵢ∂ℓᵢ = −2rᵢ/σᵢ²,  ∂²ℓᵢ = −2rᵢ²/σᵢ²   (others 0)
///     F = diag(1/σ₁², …, 1/σₙ², 2, …, 2),   F⁻¹ g = (σᵢ² g_mᵢ, g_ℓᵢ / 2).
///
/// With NES utilities as fitness and the natural geometry, the update
/// m ← m − α_m F⁻¹∇J, ℓ ← ℓ − α_ℓ F⁻¹∇J is exactly SNES (Schaul et al. 2011).
public struct DiagonalGaussian: GaussianSearchDistribution {
  /// m.
  public let mean: [Double]
  /// ℓᵢ = log σᵢ.
  public let logSigmas: [Double]

  /// N(mean, diag(sigmas²)).
  ///
  /// - Throws: ``FisherError`` for mismatched lengths, non-finite values or σᵢ ≤ 0.
  public init(mean: [Double], sigmas: [Double]) throws {
    try _checkVector(sigmas, count: mean.count, "sigmas")
    if let i = sigmas.firstIndex(where: { $0 <= 0 }) {
      throw FisherError.invalidParameter(name: "sigmas", reason: "sigmas[\(i)] = \(sigmas[i]) is not positive")
    }
    try self.init(mean: mean, logSigmas: sigmas.map { log($0) })
  }

  /// N(mean, diag(e^{2 logSigmas})).
  public init(mean: [Double], logSigmas: [Double]) throws {
    try _checkVector(mean, count: mean.count, "mean")
    guard !mean.isEmpty else { throw FisherError.invalidParameter(name: "mean", reason: "dimension must be at least 1") }
    try _checkVector(logSigmas, count: mean.count, "log sigmas")
    if let i = logSigmas.firstIndex(where: { !(exp($0) > 0 && exp($0).isFinite) }) {
      throw FisherError.invalidParameter(name: "log sigmas", reason: "σ[\(i)] = exp(\(logSigmas[i])) is not a positive finite number")
    }
    self.mean = mean
    self.logSigmas = logSigmas
  }

  /// σᵢ.
  public var sigmas: [Double] { logSigmas.map { exp($0) } }
  public var dimension: Int { mean.count }
  public var parameterCount: Int { 2 * mean.count }
  /// (m, log σ).
  public var parameters: [Double] { mean + logSigmas }
  /// diag(σᵢ²).
  public var covariance: Matrix { get throws { try Matrix.diagonal(sigmas.map { $0 * $0 }) } }

  public func with(parameters: [Double]) throws -> DiagonalGaussian {
    try _checkVector(parameters, count: parameterCount, "parameters")
    let n = dimension
    return try DiagonalGaussian(mean: Array(parameters[0..<n]), logSigmas: Array(parameters[n...]))
  }

  public func transform(_ z: [Double]) -> [Double] {
    (0..<dimension).map { mean[$0] + exp(logSigmas[$0]) * z[$0] }
  }

  public func logDensity(_ x: [Double]) throws -> Double {
    try _checkVector(x, count: dimension, "x")
    var s = 0.0
    for i in 0..<dimension {
      let r = (x[i] - mean[i]) * exp(-logSigmas[i])
      s += -0.5 * r * r - logSigmas[i]
    }
    return s - _halfLogTwoPi(dimension)
  }

  /// (rᵢ/σᵢ², rᵢ²/σᵢ² − 1).
  public func score(_ x: [Double]) throws -> [Double] {
    try _checkVector(x, count: dimension, "x")
    let n = dimension
    var out = [Double](repeating: 0, count: 2 * n)
    for i in 0..<n {
      let inv = exp(-logSigmas[i])
      let z = (x[i] - mean[i]) * inv
      out[i] = z * inv
      out[n + i] = z * z - 1
    }
    return out
  }

  public func logDensityHessian(_ x: [Double]) throws -> Matrix {
    try _checkVector(x, count: dimension, "x")
    let n = dimension
    var h = try Matrix(rows: 2 * n, columns: 2 * n)
    for i in 0..<n {
      let inv = exp(-logSigmas[i])
      let z = (x[i] - mean[i]) * inv
      h[i, i] = -inv * inv
      h[i, n + i] = -2 * z * inv
      h[n + i, i] = h[i, n + i]
      h[n + i, n + i] = -2 * z * z
    }
    return h
  }

  /// diag(1/σᵢ², 2).
  public func fisherInformation() throws -> Matrix {
    try Matrix.diagonal(logSigmas.map { exp(-2 * $0) } + [Double](repeating: 2, count: dimension))
  }

  /// (σᵢ² g_mᵢ, g_ℓᵢ / 2).
  public func naturalGradient(_ gradient: [Double]) throws -> [Double] {
    try _checkVector(gradient, count: parameterCount, "gradient")
    let n = dimension
    var out = gradient
    for i in 0..<n {
      out[i] *= exp(2 * logSigmas[i])
      out[n + i] *= 0.5
    }
    return out
  }

  /// Σᵢ log(σ₁ᵢ/σ₀ᵢ) + (σ₀ᵢ² + (m₀ᵢ − m₁ᵢ)²)/(2σ₁ᵢ²) − ½.
  public func kullbackLeibler(to other: DiagonalGaussian) throws -> Double {
    try _checkSameDimension(dimension, other.dimension)
    var s = 0.0
    for i in 0..<dimension {
      let d = (mean[i] - other.mean[i]) * exp(-other.logSigmas[i])
      let ratio = exp(2 * (logSigmas[i] - other.logSigmas[i]))
      s += other.logSigmas[i] - logSigmas[i] + 0.5 * (ratio + d * d - 1)
    }
    return s
  }

  private enum CodingKeys: String, CodingKey { case mean, logSigmas }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    try self.init(mean: c.decode([Double].self, forKey: .mean), logSigmas: c.decode([Double].self, forKey: .logSigmas))
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(mean, forKey: .mean)
    try c.encode(logSigmas, forKey: .logSigmas)
  }
}
