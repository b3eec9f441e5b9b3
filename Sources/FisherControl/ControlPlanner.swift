/// A receding-horizon planner: given the current state, it returns the control to apply now.
///
/// ``MPPI`` and ``CEMPlanner`` conform. A planner keeps its plan between calls
/// (warm start), so `command` is mutating; each call is one control step.
public protocol ControlPlanner: Sendable {
  associatedtype System: DynamicalSystem
  associatedtype Cost: ControlCost
  var system: System { get }
  var cost: Cost { get }
  /// The current nominal control sequence, T × m row-major.
  var controls: [Double] { get }
  /// Statistics of the most recent ``command(state:)``.
  var lastReport: PlannerReport? { get }
  /// Plans from `state` and returns the control to apply (within the bounds).
  ///
  /// - Throws: `FisherError` when the state has the wrong length or is not finite.
  mutating func command(state: [Double]) throws -> [Double]
}

/// What a planner reports about one control step.
public struct PlannerReport: Sendable, Hashable, Codable {
  /// The 0-based control step.
  public var step: Int
  /// The temperature λ used (MPPI); 0 for planners without one.
  public var temperature: Double
  /// The effective sample size 1/Σw² of the update (CEM: the number of elites).
  public var effectiveSampleSize: Double
  /// Minimum, mean and maximum rollout cost S_k over the finite ones.
  public var minCost: Double
  public var meanCost: Double
  public var maxCost: Double
  /// Rollouts evaluated in this step.
  public var rollouts: Int
  /// Rollouts whose cost is finite: those that violated no hard constraint and
  /// produced no non-finite state or cost (see ``ControlCost``).
  public var feasibleRollouts: Int

  /// ``feasibleRollouts`` / ``rollouts`` (1 for a step without rollouts).
  public var feasibleFraction: Double { rollouts == 0 ? 1 : Double(feasibleRollouts) / Double(rollouts) }
}

/// Mins, means and maxes of finite costs, and how many are finite (the sum in doubles).
@_specialize(where T == Double) @_specialize(where T == Float)
func costStatistics<T: ControlScalar>(_ s: UnsafeBufferPointer<T>) -> (min: Double, mean: Double, max: Double, finite: Int) {
  var lo = T.infinity, hi = -T.infinity, sum = 0.0, n = 0
  for v in s where v.isFinite {
    if v < lo { lo = v }
    if v > hi { hi = v }
    sum += v._double
    n += 1
  }
  return n == 0 ? (.infinity, .infinity, .infinity, 0) : (lo._double, sum / Double(n), hi._double, n)
}
