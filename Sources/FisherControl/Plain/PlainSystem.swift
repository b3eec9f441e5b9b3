/// A dynamical system written for one rollout at a time, in ordinary Swift.
///
/// Implement ``step(_:_:)`` for one state and one control; Fisher batches the
/// rollouts and spreads them over threads itself (through ``BatchedSystem``).
/// States and controls are fixed-size vectors (``RolloutVector``): `Double`,
/// `SIMD2<Double>` … `SIMD16<Double>`, or a struct of named fields; or the
/// same of `Float`, which makes the planner compute in `Float`.
///
///     struct Pendulum2: PlainSystem {
///       var dt: Double { 0.05 }
///       func step(_ x: inout SIMD2<Double>, _ u: Double) {
///         x.y += (15 * sin(x.x) + 3 * u) * dt     // θ̇
///         x.x += x.y * dt                        // θ
///       }
///     }
///     var mppi = try MPPI(system: Pendulum2(), cost: MyCost(), configuration: config)
///
/// Like ``DynamicalSystem``, the step must depend only on its arguments (and
/// the system's fields), so that rollouts are independent and results do not
/// depend on the thread count. A step that produces a non-finite state makes
/// its rollout infeasible; nothing else is affected.
public protocol PlainSystem: Sendable {
  /// The state, n entries.
  associatedtype State: RolloutVector
  /// The control, m entries, of the same scalar as the state.
  associatedtype Control: RolloutVector where Control.Scalar == State.Scalar
  /// The time step, in seconds.
  var dt: Double { get }
  /// Per-dimension lower bounds of the control (−∞ where unbounded; m entries).
  var controlLowerBounds: [Double] { get }
  /// Per-dimension upper bounds of the control (+∞ where unbounded; m entries).
  var controlUpperBounds: [Double] { get }
  /// Advances `state` by one time step under `control`.
  func step(_ state: inout State, _ control: Control)
  /// Steps `count` rollouts whose states lie one after the other at `states`
  /// (n entries each) under the controls at `controls` (m each).
  ///
  /// Leave it to the default, which calls ``step(_:_:)`` for each rollout. It
  /// is a requirement so that the loop is compiled for each conforming type,
  /// in that type's module, with the step inlined, rather than once for all
  /// types with a dynamic call per rollout.
  func _stepRollouts(states: UnsafeMutablePointer<State.Scalar>, controls: UnsafePointer<State.Scalar>, count: Int)
}

extension PlainSystem {
  public var controlLowerBounds: [Double] { [Double](repeating: -.infinity, count: Control.count) }
  public var controlUpperBounds: [Double] { [Double](repeating: .infinity, count: Control.count) }

  @inlinable
  public func _stepRollouts(
    states xs: UnsafeMutablePointer<State.Scalar>, controls us: UnsafePointer<State.Scalar>, count: Int
  ) {
    let n = State.count, m = Control.count
    for k in 0..<count {
      let x = xs + k &* n, u = us + k &* m
      var state = State(elements: { x[$0] })
      step(&state, Control(elements: { u[$0] }))
      for i in 0..<n { x[i] = state.element(i) }
    }
  }
}

/// The cost of a ``PlainSystem``'s rollouts, written for one state and control at a time.
///
/// A rollout from x₀ at control step s costs Σ_{t<T} c(x_{t+1}, u_t, s + t) +
/// φ(x_T, s + T): as with ``ControlCost``, the running cost sees the state a
/// control leads to, and `time` is the absolute index of the control step
/// (the planner's ``MPPI/steps`` plus the index within the horizon), so a
/// moving goal or a reference trajectory is a function of `time`.
///
/// **Hard constraints.** ``isFeasible(_:time:)`` returning false for any state
/// of a rollout makes the whole rollout infeasible (cost +∞, weight 0), as
/// Nav2's collision critic does; so does a non-finite state or cost. The
/// planner reports the fraction of feasible rollouts and throws
/// ``FisherError/noFeasibleRollout(_:)`` when there are none.
///
/// Costs are values: change their fields between commands (`mppi.cost.goal = …`)
/// to move goals and obstacles.
public protocol PlainCost: Sendable {
  associatedtype State: RolloutVector
  associatedtype Control: RolloutVector where Control.Scalar == State.Scalar
  /// c(x, u, time): the running cost of reaching `state` under `control` at step `time`.
  func cost(_ state: State, _ control: Control, time: Int) -> State.Scalar
  /// φ(x, time): the cost of the last state of a rollout (default 0).
  func terminalCost(_ state: State, time: Int) -> State.Scalar
  /// Whether `state`, reached at step `time`, satisfies the hard constraints (default: always).
  func isFeasible(_ state: State, time: Int) -> Bool
  /// Adds the running cost at step `time` of `count` rollouts (states n
  /// entries each, controls m each) to `costs`, setting the cost of a rollout
  /// whose state is not finite or not feasible to +∞.
  ///
  /// Leave it to the default; like ``PlainSystem/_stepRollouts(states:controls:count:)``
  /// it is a requirement so that the loop is compiled for each conforming type.
  func _accumulateRunningCosts(
    states: UnsafePointer<State.Scalar>, controls: UnsafePointer<State.Scalar>, count: Int, time: Int,
    into costs: UnsafeMutablePointer<State.Scalar>)
  /// Adds the terminal cost at step `time` of `count` rollouts to `costs`; leave it to the default.
  func _accumulateTerminalCosts(
    states: UnsafePointer<State.Scalar>, count: Int, time: Int, into costs: UnsafeMutablePointer<State.Scalar>)
}

extension PlainCost {
  public func terminalCost(_ state: State, time: Int) -> State.Scalar { 0 }
  public func isFeasible(_ state: State, time: Int) -> Bool { true }

  @inlinable
  public func _accumulateRunningCosts(
    states xs: UnsafePointer<State.Scalar>, controls us: UnsafePointer<State.Scalar>, count: Int, time: Int,
    into cs: UnsafeMutablePointer<State.Scalar>
  ) {
    let n = State.count, m = Control.count
    for k in 0..<count {
      let x = xs + k &* n, u = us + k &* m
      let state = State(elements: { x[$0] })
      if state.isFinite && isFeasible(state, time: time) {
        cs[k] += cost(state, Control(elements: { u[$0] }), time: time)
      } else {
        cs[k] = .infinity
      }
    }
  }

  @inlinable
  public func _accumulateTerminalCosts(
    states xs: UnsafePointer<State.Scalar>, count: Int, time: Int, into cs: UnsafeMutablePointer<State.Scalar>
  ) {
    let n = State.count
    for k in 0..<count {
      let x = xs + k &* n
      cs[k] += terminalCost(State(elements: { x[$0] }), time: time)
    }
  }
}
