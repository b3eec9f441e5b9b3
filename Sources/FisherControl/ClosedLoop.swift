/// A closed-loop run: a planner commands a simulated system for N steps.
public struct ClosedLoopResult: Sendable, Hashable {
  /// x₀ … x_N, each of length n.
  public var states: [[Double]]
  /// u₀ … u_{N−1}, each of length m.
  public var controls: [[Double]]
  /// c(x_n, u_n) for n < N: the running cost of each visited state and the control applied in it.
  public var stepCosts: [Double]
  /// The planner's report of each step.
  public var reports: [PlannerReport]
  /// Wall time of each `command` call, in seconds.
  public var commandSeconds: [Double]

  /// Σ_n c(x_n, u_n).
  public var totalCost: Double { stepCosts.reduce(0, +) }
  /// The mean wall time of one command, in milliseconds.
  public var millisecondsPerCommand: Double {
    commandSeconds.isEmpty ? 0 : 1000 * commandSeconds.reduce(0, +) / Double(commandSeconds.count)
  }
}

extension ControlPlanner {
  /// Runs the planner in closed loop on its own system model for `steps` steps from `state`.
  ///
  /// At each step the planner commands u_n from x_n, the cost c(x_n, u_n) is
  /// recorded (the gym convention: the cost of the state the control is applied
  /// in; a time-varying cost sees step n), and x_{n+1} = F(x_n, u_n). `observe` sees every step and may stop the
  /// run early by returning false.
  ///
  /// - Throws: `FisherError` for a state of the wrong length or a negative step count, and
  ///   whatever `command` throws (``FisherError/noFeasibleRollout(_:)`` ends the run).
  public mutating func runClosedLoop(
    from state: [Double], steps: Int, observe: (Int, [Double], [Double]) -> Bool = { _, _, _ in true }
  ) throws -> ClosedLoopResult {
    guard steps >= 0 else { throw FisherError.invalidParameter(name: "steps", reason: "must be ≥ 0, got \(steps)") }
    try checkVector(state, count: system.stateDimension, name: "state")
    var result = ClosedLoopResult(states: [state], controls: [], stepCosts: [], reports: [], commandSeconds: [])
    // Every step keeps its state, control and cost (and a few array headers).
    let perStep = MemoryRequirement.doubles(1, system.stateDimension + system.controlDimension + 16)
    try MemoryRequirement(bytes: perStep.bytes * Double(steps)).check("a closed loop of \(steps) steps")
    result.states.reserveCapacity(steps + 1)
    var x = state
    let clock = ContinuousClock()
    for n in 0..<steps {
      var u: [Double] = []
      let elapsed = try clock.measure { u = try command(state: x) }
      result.commandSeconds.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
      result.stepCosts.append(cost.runningCost(state: x, control: u, time: 0, step: n))
      if let r = lastReport { result.reports.append(r) }
      x = try system.next(x, u)
      result.controls.append(u)
      result.states.append(x)
      if !observe(n, x, u) { break }
    }
    return result
  }
}
