#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The exponential weights of MPPI: w = softmax(−(S − min S)/λ).
///
/// With rollout costs S_k and temperature λ > 0,
///
///     w_k = exp(−(S_k − β)/λ) / Σ_j exp(−(S_j − β)/λ),   β = min_j S_j,
///
/// the information-theoretic optimal reweighting of the sampling distribution
/// (Williams et al., 2017). Subtracting β keeps the largest term at exactly 1,
/// so nothing underflows to an all-zero sum. Non-finite costs get weight 0.
/// The effective sample size 1/Σ w_k² (between 1 and K) measures how many
/// samples the update really uses.
public enum PathIntegralWeights {
  /// Writes the weights into `weights` and returns the effective sample size.
  ///
  /// When no cost is finite all weights are 0 and the result is 0.
  /// - Complexity: O(K).
  @discardableResult
  public static func compute(
    costs: UnsafeBufferPointer<Double>, temperature lambda: Double, into weights: UnsafeMutableBufferPointer<Double>
  ) -> Double {
    inScalar(costs: costs, temperature: lambda, into: weights)
  }

  /// ``compute(costs:temperature:into:)`` in the scalar of a planner: the
  /// costs, the weights and their sums are in `T`, 1/λ rounded to it.
  @inlinable
  @_specialize(where T == Double) @_specialize(where T == Float)
  static func inScalar<T: ControlScalar>(
    costs: UnsafeBufferPointer<T>, temperature lambda: Double, into weights: UnsafeMutableBufferPointer<T>
  ) -> Double {
    var beta = T.infinity
    for s in costs where s < beta { beta = s }
    guard beta.isFinite else {
      for k in weights.indices { weights[k] = 0 }
      return 0
    }
    let inv = T(1 / lambda)
    var sum: T = 0
    for k in 0..<costs.count {
      let s = costs[k]
      let w = s.isFinite ? T._exp(-(s - beta) * inv) : 0
      weights[k] = w
      sum += w
    }
    let norm = 1 / sum
    var sq: T = 0
    for k in 0..<costs.count {
      let w = weights[k] * norm
      weights[k] = w
      sq += w * w
    }
    return (1 / sq)._double
  }

  /// The weights of `costs` at temperature λ.
  public static func weights(costs: [Double], temperature lambda: Double) -> [Double] {
    var w = [Double](repeating: 0, count: costs.count)
    costs.withUnsafeBufferPointer { c in
      w.withUnsafeMutableBufferPointer { _ = compute(costs: c, temperature: lambda, into: $0) }
    }
    return w
  }

  /// 1/Σ w_k², the effective sample size of normalized weights.
  public static func effectiveSampleSize(_ weights: [Double]) -> Double {
    1 / weights.reduce(0) { $0 + $1 * $1 }
  }
}

/// How an MPPI planner chooses its temperature λ at each step.
public enum Temperature: Sendable, Hashable {
  /// A constant λ > 0.
  case fixed(Double)
  /// The λ whose weights have an effective sample size of `fraction` · K,
  /// found by bisection in log λ each step, starting from `initial`.
  ///
  /// The rollout costs contain λ itself (the control cost λ Σ uᵀΣ⁻¹ε), so the
  /// search recomputes S(λ) = R + λ P at every trial λ.
  case effectiveSampleSize(fraction: Double, initial: Double)

  /// The starting λ.
  public var initialValue: Double {
    switch self {
    case .fixed(let l): return l
    case .effectiveSampleSize(_, let l): return l
    }
  }

  func validate() throws {
    switch self {
    case .fixed(let l):
      guard l.isFinite, l > 0 else {
        throw FisherError.invalidParameter(name: "lambda", reason: "must be finite and > 0, got \(l)")
      }
    case .effectiveSampleSize(let f, let l):
      guard f.isFinite, f > 0, f <= 1 else {
        throw FisherError.invalidParameter(name: "target ESS fraction", reason: "must be in (0, 1], got \(f)")
      }
      guard l.isFinite, l > 0 else {
        throw FisherError.invalidParameter(name: "lambda", reason: "must be finite and > 0, got \(l)")
      }
    }
  }
}
