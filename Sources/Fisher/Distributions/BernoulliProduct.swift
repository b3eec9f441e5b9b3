#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// Independent Bernoulli variables xᵢ ∈ {0, 1} with θ = logits ηᵢ = log(pᵢ/(1 − pᵢ)).
///
/// The logit chart is the natural parameter of the exponential family, so
/// every θ ∈ ℝⁿ is valid and the formulas are those of an exponential family:
///
///     log p(x) = Σᵢ xᵢ ηᵢ − log(1 + e^{ηᵢ})
///     ∇η log p = x − p,    ∇²η log p = −diag(pᵢ(1 − pᵢ)) = −F,
///     F⁻¹ g = (gᵢ / (pᵢ(1 − pᵢ))),
///     KL(p ‖ q) = Σᵢ pᵢ (ηᵢ − η′ᵢ) − log(1 + e^{ηᵢ}) + log(1 + e^{η′ᵢ}).
///
/// Samples are vectors of 0.0 and 1.0.
public struct BernoulliProduct: SearchDistribution {
  /// ηᵢ (= θ).
  public let logits: [Double]

  /// Bernoullis with the given logits.
  ///
  /// - Throws: ``FisherError`` for an empty or non-finite vector.
  public init(logits: [Double]) throws {
    try _checkVector(logits, count: logits.count, "logits")
    guard !logits.isEmpty else { throw FisherError.invalidParameter(name: "logits", reason: "dimension must be at least 1") }
    self.logits = logits
  }

  /// Bernoullis with success probabilities pᵢ ∈ (0, 1).
  public init(probabilities: [Double]) throws {
    if let i = probabilities.firstIndex(where: { !($0 > 0 && $0 < 1) }) {
      throw FisherError.invalidParameter(name: "probabilities", reason: "p[\(i)] = \(probabilities[i]) is not in (0, 1)")
    }
    try self.init(logits: probabilities.map { log($0) - log1p(-$0) })
  }

  public var dimension: Int { logits.count }
  public var parameterCount: Int { logits.count }
  public var parameters: [Double] { logits }
  /// pᵢ = 1/(1 + e^{−ηᵢ}).
  public var probabilities: [Double] { logits.map(_logistic) }

  public func with(parameters: [Double]) throws -> BernoulliProduct {
    try _checkVector(parameters, count: parameterCount, "parameters")
    return try BernoulliProduct(logits: parameters)
  }

  /// xᵢ = 1 when a uniform u ∈ [0, 1) falls below pᵢ.
  public func sample(using generator: inout some RandomNumberGenerator) -> [Double] {
    logits.map { generator.nextUniform() < _logistic($0) ? 1 : 0 }
  }

  public func logDensity(_ x: [Double]) throws -> Double {
    try checkBinary(x)
    var s = 0.0
    for i in 0..<dimension { s += x[i] * logits[i] - _softplus(logits[i]) }
    return s
  }

  /// x − p.
  public func score(_ x: [Double]) throws -> [Double] {
    try checkBinary(x)
    return (0..<dimension).map { x[$0] - _logistic(logits[$0]) }
  }

  /// −diag(pᵢ(1 − pᵢ)), the same for every x.
  public func logDensityHessian(_ x: [Double]) throws -> Matrix {
    try checkBinary(x)
    return try Matrix.diagonal(logits.map { -_logisticVariance($0) })
  }

  /// diag(pᵢ(1 − pᵢ)).
  public func fisherInformation() throws -> Matrix { try Matrix.diagonal(logits.map(_logisticVariance)) }

  /// gᵢ / (pᵢ(1 − pᵢ)).
  public func naturalGradient(_ gradient: [Double]) throws -> [Double] {
    try _checkVector(gradient, count: parameterCount, "gradient")
    return (0..<dimension).map { gradient[$0] / _logisticVariance(logits[$0]) }
  }

  public func kullbackLeibler(to other: BernoulliProduct) throws -> Double {
    try _checkSameDimension(dimension, other.dimension)
    var s = 0.0
    for i in 0..<dimension {
      let a = logits[i], b = other.logits[i]
      s += _logistic(a) * (a - b) - _softplus(a) + _softplus(b)
    }
    return Swift.max(0, s)
  }

  private func checkBinary(_ x: [Double]) throws {
    guard x.count == dimension else { throw FisherError.dimensionMismatch("x has length \(x.count), expected \(dimension)") }
    if let i = x.firstIndex(where: { $0 != 0 && $0 != 1 }) {
      throw FisherError.invalidParameter(name: "x", reason: "x[\(i)] = \(x[i]) is not 0 or 1")
    }
  }
}

/// 1/(1 + e^{−η}), without overflow.
@usableFromInline
func _logistic(_ eta: Double) -> Double {
  eta >= 0 ? 1 / (1 + exp(-eta)) : exp(eta) / (1 + exp(eta))
}

/// p(1 − p) = e^{−|η|}/(1 + e^{−|η|})², accurate in both tails.
@usableFromInline
func _logisticVariance(_ eta: Double) -> Double {
  let e = exp(-abs(eta))
  return e / ((1 + e) * (1 + e))
}

/// log(1 + e^{η}), without overflow.
@usableFromInline
func _softplus(_ eta: Double) -> Double {
  Swift.max(eta, 0) + log1p(exp(-abs(eta)))
}
