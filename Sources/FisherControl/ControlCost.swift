/// The cost a planner minimizes: a running cost c(x, u) per step and a terminal cost φ(x_T).
///
/// A rollout x₀, u₀, …, u_{T−1} costs
///
///     Σ_{t<T} c(x_{t+1}, u_t, t) + φ(x_T),
///
/// where x_{t+1} = F(x_t, u_t): as in pytorch_mppi, the running cost sees the
/// state a control leads to, together with that control. Both functions work on a
/// block of rollouts at once (layouts as in ``DynamicalSystem``) and *add* into
/// `costs`, so several costs can be stacked on one buffer.
///
/// **Hard constraints.** A cost that adds +∞ (or NaN) to a rollout makes it
/// infeasible: its weight is 0, it is counted in
/// ``PlannerReport/feasibleRollouts``, and a step with no feasible rollout
/// throws ``FisherError/noFeasibleRollout(_:)``.
///
/// **Time.** A planner at control step s (``MPPI/steps``) calls the running cost
/// for horizon index t with `step` = s + t, the absolute index of the step at
/// which the control would be applied, and the terminal cost with `step` = s + T.
/// A cost that varies with time (a reference trajectory, a moving goal)
/// implements the forms with `step`; the others implement the forms without it,
/// which those forward to.
public protocol ControlCost: Sendable {
  /// The type of the states, controls and costs (`Double` unless the cost
  /// says otherwise); it is the ``DynamicalSystem/Scalar`` of the system it scores.
  associatedtype Scalar: ControlScalar = Double

  /// Adds c(x_k, u_k, t) to `costs[k]` for every rollout k of the block.
  ///
  /// - Parameters:
  ///   - states: `count · n` states (the states reached by the controls).
  ///   - controls: `count · m` controls applied at step `time`.
  ///   - count: the number of rollouts in the block.
  ///   - time: the step index t within the horizon (0-based).
  ///   - costs: `count` running totals, one per rollout, added to.
  func accumulateRunningCost(
    states: UnsafeBufferPointer<Scalar>, controls: UnsafeBufferPointer<Scalar>, count: Int, time: Int,
    into costs: UnsafeMutableBufferPointer<Scalar>)

  /// Adds φ(x_k) to `costs[k]` for every final state of the block.
  func accumulateTerminalCost(
    states: UnsafeBufferPointer<Scalar>, count: Int, into costs: UnsafeMutableBufferPointer<Scalar>)

  /// Adds c(x_k, u_k, s + t) to `costs[k]`: the running cost with the absolute step `step` = s + t.
  ///
  /// The default forwards to ``accumulateRunningCost(states:controls:count:time:into:)``.
  func accumulateRunningCost(
    states: UnsafeBufferPointer<Scalar>, controls: UnsafeBufferPointer<Scalar>, count: Int, time: Int, step: Int,
    into costs: UnsafeMutableBufferPointer<Scalar>)

  /// Adds φ(x_k, s + T) to `costs[k]`: the terminal cost with the absolute step `step` = s + T.
  ///
  /// The default forwards to ``accumulateTerminalCost(states:count:into:)``.
  func accumulateTerminalCost(
    states: UnsafeBufferPointer<Scalar>, count: Int, step: Int, into costs: UnsafeMutableBufferPointer<Scalar>)
}

extension ControlCost {
  /// No terminal cost.
  public func accumulateTerminalCost(
    states: UnsafeBufferPointer<Scalar>, count: Int, into costs: UnsafeMutableBufferPointer<Scalar>
  ) {}

  public func accumulateRunningCost(
    states: UnsafeBufferPointer<Scalar>, controls: UnsafeBufferPointer<Scalar>, count: Int, time: Int, step: Int,
    into costs: UnsafeMutableBufferPointer<Scalar>
  ) {
    accumulateRunningCost(states: states, controls: controls, count: count, time: time, into: costs)
  }

  public func accumulateTerminalCost(
    states: UnsafeBufferPointer<Scalar>, count: Int, step: Int, into costs: UnsafeMutableBufferPointer<Scalar>
  ) {
    accumulateTerminalCost(states: states, count: count, into: costs)
  }

  /// c(x, u, t) for one state and control (a convenience for reporting and tests).
  /// `step` is the absolute step index (see ``ControlCost``); it defaults to `time`.
  public func runningCost(state: [Double], control: [Double], time: Int = 0, step: Int? = nil) -> Double {
    var c = Scalar.zero
    let x = state.map { Scalar($0) }, u = control.map { Scalar($0) }
    withUnsafeMutablePointer(to: &c) { cp in
      x.withUnsafeBufferPointer { xs in
        u.withUnsafeBufferPointer { us in
          accumulateRunningCost(
            states: xs, controls: us, count: 1, time: time, step: step ?? time,
            into: UnsafeMutableBufferPointer(start: cp, count: 1))
        }
      }
    }
    return c._double
  }

  /// φ(x) for one state, at the absolute step `step`.
  public func terminalCost(state: [Double], step: Int = 0) -> Double {
    var c = Scalar.zero
    let x = state.map { Scalar($0) }
    withUnsafeMutablePointer(to: &c) { cp in
      x.withUnsafeBufferPointer { xs in
        accumulateTerminalCost(states: xs, count: 1, step: step, into: UnsafeMutableBufferPointer(start: cp, count: 1))
      }
    }
    return c._double
  }
}
