import Foundation

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
  /// CPU time of the whole process during each `command` call, in seconds: the
  /// calling thread and every worker thread, whichever ran.
  public var commandCPUSeconds: [Double] = []
  /// CPU time of the whole process over each step, in seconds: from the start of
  /// its command to the start of the next one (after the last step, to the end
  /// of its period when paced, else to the end of the step). Besides the command
  /// it counts what the planner's threads do after it (polling before they park)
  /// and the simulation of the step; a thread that sleeps costs nothing.
  public var stepCPUSeconds: [Double] = []
  /// The control period the loop was paced at (nil: commands back to back).
  public var period: Duration? = nil

  /// Σ_n c(x_n, u_n).
  public var totalCost: Double { stepCosts.reduce(0, +) }
  /// The mean wall time of one command, in milliseconds.
  public var millisecondsPerCommand: Double { Self.meanMilliseconds(commandSeconds) }
  /// The mean CPU time of one step (its command and what follows until the next), in milliseconds.
  public var cpuMillisecondsPerStep: Double { Self.meanMilliseconds(stepCPUSeconds) }
  /// The mean CPU time between the end of one command and the start of the next, in milliseconds.
  public var cpuMillisecondsBetweenCommands: Double {
    Self.meanMilliseconds(zip(stepCPUSeconds, commandCPUSeconds).map { Swift.max(0, $0 - $1) })
  }

  static func meanMilliseconds(_ seconds: [Double]) -> Double {
    seconds.isEmpty ? 0 : 1000 * seconds.reduce(0, +) / Double(seconds.count)
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
  /// With a `period`, command n starts no earlier than n periods after the
  /// first, as on a robot commanded at a fixed rate (a late step starts at once
  /// and the schedule is kept); the thread sleeps in between. Without one the
  /// commands run back to back. Pacing changes the timings, never the results.
  ///
  /// - Throws: `FisherError` for a state of the wrong length, a negative step count or a
  ///   period that is not positive, and whatever `command` throws
  ///   (``FisherError/noFeasibleRollout(_:)`` ends the run).
  public mutating func runClosedLoop(
    from state: [Double], steps: Int, period: Duration? = nil,
    observe: (Int, [Double], [Double]) -> Bool = { _, _, _ in true }
  ) throws -> ClosedLoopResult {
    try runClosedLoop(on: system, scoredBy: cost, from: state, steps: steps, period: period, observe: observe)
  }

  /// Runs the planner in closed loop on another system, `plant`, whose steps
  /// are scored by `plantCost`: the planner plans with its own model, the
  /// plant moves. A `Float` planner run on a `Double` plant shows what single
  /// precision costs in control quality; a plant with other parameters than
  /// the model shows how the planner copes with model error.
  ///
  /// Otherwise as ``runClosedLoop(from:steps:period:observe:)``.
  ///
  /// - Throws: `FisherError.dimensionMismatch` when the plant's state or
  ///   control dimension differs from the planner's system, and as
  ///   ``runClosedLoop(from:steps:period:observe:)``.
  public mutating func runClosedLoop<Plant: DynamicalSystem, PlantCost: ControlCost>(
    on plant: Plant, scoredBy plantCost: PlantCost, from state: [Double], steps: Int, period: Duration? = nil,
    observe: (Int, [Double], [Double]) -> Bool = { _, _, _ in true }
  ) throws -> ClosedLoopResult {
    guard plant.stateDimension == system.stateDimension, plant.controlDimension == system.controlDimension else {
      throw FisherError.dimensionMismatch(
        "the plant has \(plant.stateDimension) states and \(plant.controlDimension) controls, the planner's system "
          + "\(system.stateDimension) and \(system.controlDimension)")
    }
    guard steps >= 0 else { throw FisherError.invalidParameter(name: "steps", reason: "must be ≥ 0, got \(steps)") }
    if let p = period, p <= .zero {
      throw FisherError.invalidParameter(name: "period", reason: "must be positive, got \(p)")
    }
    try checkState(state, of: system)
    var result = ClosedLoopResult(states: [state], controls: [], stepCosts: [], reports: [], commandSeconds: [])
    result.period = period
    // Every step keeps its state, control and cost (and a few array headers).
    let perStep = MemoryRequirement.doubles(1, system.stateDimension + system.controlDimension + 20)
    try MemoryRequirement(bytes: perStep.bytes * Double(steps)).check("a closed loop of \(steps) steps")
    result.states.reserveCapacity(steps + 1)
    var x = state
    let clock = ContinuousClock()
    let start = clock.now
    var stepStartCPU: UInt64 = 0
    for n in 0..<steps {
      if let p = period { sleep(until: start.advanced(by: p * n), clock) }
      let commandStartCPU = processCPUNanoseconds()
      if n > 0 { result.stepCPUSeconds.append(seconds(commandStartCPU, since: stepStartCPU)) }
      stepStartCPU = commandStartCPU
      let commandStart = clock.now
      let u = try command(state: x)
      let elapsed = clock.now - commandStart
      result.commandCPUSeconds.append(seconds(processCPUNanoseconds(), since: commandStartCPU))
      result.commandSeconds.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
      result.stepCosts.append(plantCost.runningCost(state: x, control: u, time: 0, step: n))
      if let r = lastReport { result.reports.append(r) }
      x = try plant.next(x, u)
      result.controls.append(u)
      result.states.append(x)
      if !observe(n, x, u) { break }
    }
    if !result.controls.isEmpty {
      if let p = period { sleep(until: start.advanced(by: p * result.controls.count), clock) }
      result.stepCPUSeconds.append(seconds(processCPUNanoseconds(), since: stepStartCPU))
    }
    return result
  }
}

/// Sleeps the calling thread until `deadline` (at once if it has passed).
private func sleep(until deadline: ContinuousClock.Instant, _ clock: ContinuousClock) {
  let left = deadline - clock.now
  guard left > .zero else { return }
  Thread.sleep(forTimeInterval: Double(left.components.seconds) + Double(left.components.attoseconds) * 1e-18)
}

/// `now − then` nanoseconds, in seconds (0 if the clock went backwards).
private func seconds(_ now: UInt64, since then: UInt64) -> Double {
  now >= then ? Double(now - then) * 1e-9 : 0
}
