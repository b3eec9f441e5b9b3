/// A discrete-time dynamical system x' = F(x, u) advanced for a batch of rollouts at once.
///
/// States are stored row-major: rollout k's state is `states[k·n ..< (k+1)·n]`
/// with n = ``stateDimension``; controls likewise with m = ``controlDimension``.
/// A planner hands the system a contiguous block of rollouts per time step, so
/// the step is one call per block, not per sample, and it allocates nothing.
///
///     struct Integrator: DynamicalSystem {
///       var stateDimension: Int { 1 }
///       var controlDimension: Int { 1 }
///       var dt: Double { 0.1 }
///       func step(states: UnsafeMutableBufferPointer<Double>,
///                 controls: UnsafeBufferPointer<Double>, count: Int) {
///         for k in 0..<count { states[k] += dt * controls[k] }
///       }
///     }
///
/// The step must treat every rollout independently (rollout k's next state is a
/// function of its own state and control only): that is what lets a planner
/// split a batch across threads and still get bit-identical results.
public protocol DynamicalSystem: Sendable {
  /// The type of the states and controls the rollouts are stepped in
  /// (`Double` unless the system says otherwise; see ``ControlScalar``).
  associatedtype Scalar: ControlScalar = Double
  /// n, the length of a state vector.
  var stateDimension: Int { get }
  /// m, the length of a control vector.
  var controlDimension: Int { get }
  /// The time step of one call to ``step(states:controls:count:)``, in seconds.
  var dt: Double { get }
  /// Per-dimension lower bounds of the control (−∞ where unbounded).
  var controlLowerBounds: [Double] { get }
  /// Per-dimension upper bounds of the control (+∞ where unbounded).
  var controlUpperBounds: [Double] { get }

  /// Advances `count` states in place by one time step under the given controls.
  ///
  /// - Parameters:
  ///   - states: `count · n` values, rollout-major; overwritten with the next states.
  ///   - controls: `count · m` values, rollout-major.
  ///   - count: the number of rollouts in the block.
  /// - Complexity: O(count) for systems of fixed dimension.
  func step(states: UnsafeMutableBufferPointer<Scalar>, controls: UnsafeBufferPointer<Scalar>, count: Int)
}

extension DynamicalSystem {
  public var controlLowerBounds: [Double] { [Double](repeating: -.infinity, count: controlDimension) }
  public var controlUpperBounds: [Double] { [Double](repeating: .infinity, count: controlDimension) }

  /// The state after one step from `state` under `control` (a convenience for
  /// simulation and tests; planners use the batched form). The step is taken
  /// in the system's ``Scalar``: a `Float` system rounds the state and the
  /// control to `Float` first.
  ///
  /// - Throws: `FisherError` when the lengths do not match the dimensions.
  public func next(_ state: [Double], _ control: [Double]) throws -> [Double] {
    try checkVector(state, count: stateDimension, name: "state")
    try checkVector(control, count: controlDimension, name: "control")
    var x = state.map { Scalar($0) }
    let u = control.map { Scalar($0) }
    x.withUnsafeMutableBufferPointer { xs in
      u.withUnsafeBufferPointer { us in step(states: xs, controls: us, count: 1) }
    }
    return x.map(\._double)
  }
}

/// Throws unless `v` has `count` finite entries.
func checkVector(_ v: [Double], count: Int, name: String) throws {
  guard v.count == count else {
    throw FisherError.dimensionMismatch("\(name) has \(v.count) entries, expected \(count)")
  }
  guard v.allSatisfy(\.isFinite) else { throw FisherError.nonFinite("\(name) \(v)") }
}

/// Throws unless `state` is a valid state of `system`: n finite entries that
/// stay finite in the system's ``DynamicalSystem/Scalar`` (a double beyond
/// `Float`'s range would round to ±∞ in a `Float` planner).
func checkState<S: DynamicalSystem>(_ state: [Double], of system: S) throws {
  try checkVector(state, count: system.stateDimension, name: "state")
  guard state.allSatisfy({ S.Scalar($0).isFinite }) else {
    throw FisherError.nonFinite("state \(state) is beyond the range of \(S.Scalar.self)")
  }
}
