#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// CMA-ES recombination weights with active (negative) weights, as pycma's
/// `RecombinationWeights` computes them.
///
/// The raw weights are w′ᵢ = ln((λ + 1)/2) − ln i for i = 1…λ (Hansen 2016,
/// eq. 49). The μ strictly positive ones are scaled to sum to 1, which defines
/// the variance effective selection mass
///
///     μ_eff = (Σᵢ₌₁^μ wᵢ)² / Σᵢ₌₁^μ wᵢ² = 1 / Σᵢ₌₁^μ wᵢ².
///
/// The non-positive ones first sum to −1 and are then rescaled by
/// ``finalizeNegativeWeights(dimension:c1:cmu:positiveDefinite:)`` so that
/// their sum is −min(α_μ⁻, α_posdef⁻, α_μeff⁻) with
///
///     α_μ⁻     = 1 + c₁/c_μ                       (no decay of C: c₁ + c_μ Σwᵢ = 0)
///     α_posdef⁻ = (1 − c₁ − c_μ)/(n c_μ)            (C stays positive definite)
///     α_μeff⁻   = 1 + 2 μ⁻_eff/(μ_eff + 2)          (learning rate respects μ⁻_eff)
///
/// applied in pycma's order: the sum is set to α_μ⁻, then limited by α_posdef⁻
/// (when `positiveDefinite`), then by α_μeff⁻. With λ odd the middle weight is
/// exactly 0, so μ = ⌊λ/2⌋ in every case.
///
/// - Reference: N. Hansen, *The CMA Evolution Strategy: A Tutorial*,
///   arXiv:1604.00772, eq. (49)–(53); pycma `cma/recombination_weights.py`.
public struct RecombinationWeights: Sendable, Codable, Hashable {
  /// All λ weights, decreasing; the first ``mu`` are positive and sum to 1.
  public private(set) var weights: [Double]
  /// μ, the number of strictly positive weights.
  public let mu: Int
  /// μ_eff = 1 / Σ wᵢ² over the positive weights.
  public let mueff: Double

  /// The raw weights for population size `lambda` (≥ 2), negative weights summing to −1.
  ///
  /// - Throws: ``FisherError/invalidParameter(name:reason:)`` when `lambda < 2`.
  public init(lambda: Int) throws {
    guard lambda >= 2 else {
      throw FisherError.invalidParameter(name: "population-size", reason: "must be ≥ 2, got \(lambda)")
    }
    let top = log(Double(lambda + 1) / 2)
    var w = (1...lambda).map { top - log(Double($0)) }
    let mu = w.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
    var positiveSum = 0.0
    for i in 0..<mu { positiveSum += w[i] }
    for i in w.indices { w[i] /= positiveSum }
    var squares = 0.0
    for i in 0..<mu { squares += w[i] * w[i] }
    var negativeSum = 0.0
    for i in mu..<lambda { negativeSum += w[i] }
    if negativeSum != 0 {
      for i in mu..<lambda { w[i] /= -negativeSum }
    }
    self.weights = w
    self.mu = mu
    self.mueff = 1 / squares
  }

  /// λ, the number of weights.
  @inlinable public var count: Int { weights.count }

  /// The sum of the negative weights (≤ 0).
  public var negativeSum: Double {
    var s = 0.0
    for i in mu..<weights.count { s += weights[i] }
    return s
  }

  /// The sum of all weights.
  public var sum: Double { weights.reduce(0, +) }

  /// μ⁻_eff = (Σ wᵢ⁻)² / Σ (wᵢ⁻)², the effective mass of the negative weights (0 if none).
  public var mueffMinus: Double {
    var s = 0.0, s2 = 0.0
    for i in mu..<weights.count {
      s += weights[i]
      s2 += weights[i] * weights[i]
    }
    return s == 0 ? 0 : s * s / s2
  }

  /// Rescales the negative weights for the learning rates `c1` and `cmu` (see the type's
  /// documentation); `positiveDefinite` adds the α_posdef⁻ limit.
  public mutating func finalizeNegativeWeights(dimension: Int, c1: Double, cmu: Double, positiveDefinite: Bool = true) {
    guard let last = weights.last, last < 0 else { return }
    if cmu > 0 {
      setNegativeSum(1 + c1 / cmu)
      if positiveDefinite {
        limitNegativeSum((1 - c1 - cmu) / cmu / Double(dimension))
      }
    }
    limitNegativeSum(1 + 2 * mueffMinus / (mueff + 2))
  }

  /// Sets all negative weights to zero (non-active CMA).
  public mutating func zeroNegativeWeights() {
    for i in weights.indices where weights[i] < 0 { weights[i] = 0 }
  }

  mutating func setNegativeSum(_ value: Double) {
    let factor = abs(abs(value) / negativeSum)
    for i in mu..<weights.count { weights[i] *= factor }
  }

  mutating func limitNegativeSum(_ value: Double) {
    let value = abs(value)
    let s = negativeSum
    guard s < -value else { return }
    let factor = abs(value / s)
    if factor < 1 {
      for i in mu..<weights.count { weights[i] *= factor }
    }
  }
}
