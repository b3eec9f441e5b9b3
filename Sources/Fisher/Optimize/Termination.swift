/// When a run stops, besides the strategy's own criteria.
///
/// Every limit is optional; a run with none stops only when its strategy
/// reports a ``StopReason`` or every evaluation of a generation fails.
public struct Termination: Sendable, Codable, Hashable {
  /// Stop once this many evaluations are spent. A generation is never cut
  /// short, so a run may end up to λ − 1 evaluations past it.
  public var maxEvaluations: Int?
  /// Stop after this many generations in total, over all restarts.
  public var maxGenerations: Int?
  /// Stop when f ≤ `targetValue`.
  public var targetValue: Double?
  /// Stop when f − f* ≤ `targetPrecision`; needs the problem's optimal value.
  public var targetPrecision: Double?

  public init(
    maxEvaluations: Int? = nil, maxGenerations: Int? = nil,
    targetValue: Double? = nil, targetPrecision: Double? = nil
  ) {
    self.maxEvaluations = maxEvaluations
    self.maxGenerations = maxGenerations
    self.targetValue = targetValue
    self.targetPrecision = targetPrecision
  }

  /// Checks the limits for values a user could get wrong.
  public func validate(optimalValue: Double?) throws {
    if let b = maxEvaluations, b <= 0 {
      throw FisherError.invalidParameter(name: "budget", reason: "must be positive, got \(b)")
    }
    if let g = maxGenerations, g <= 0 {
      throw FisherError.invalidParameter(name: "max-generations", reason: "must be positive, got \(g)")
    }
    if let t = targetValue, t.isNaN {
      throw FisherError.nonFinite("target value is NaN")
    }
    if let t = targetPrecision {
      guard t.isFinite, t >= 0 else {
        throw FisherError.invalidParameter(name: "target-precision", reason: "must be finite and ≥ 0, got \(t)")
      }
      guard optimalValue != nil else {
        throw FisherError.invalidParameter(
          name: "target-precision", reason: "the problem's optimal value is not known; use a target value instead")
      }
    }
  }

  /// Whether f reaches a target, and which.
  func targetReached(_ f: Double, optimalValue: Double?) -> StopReason? {
    if let t = targetValue, f <= t { return .targetValue }
    if let p = targetPrecision, let fopt = optimalValue, f - fopt <= p { return .targetPrecision }
    return nil
  }

  /// Whether the run has any target at all.
  var hasTarget: Bool { targetValue != nil || targetPrecision != nil }
}
