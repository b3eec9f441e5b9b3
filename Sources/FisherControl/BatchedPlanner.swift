/// N independent planners, one per environment, stepped together: one call of
/// ``commands(states:)`` plans for N states at once (pytorch_mppi's `MPPI_Batched`).
///
/// Each environment keeps its own planner: its seed, warm start, temperature
/// and cost. The environments run in parallel on one set of threads, and each
/// planner may split its own rollouts over threads of its own (for MPPI,
/// ``init(system:cost:configuration:seeds:)`` divides the threads between the
/// two levels). Since every planner's results are independent of its threads,
/// the commands are bit-identical to those of N separate planners with the
/// same settings and seeds, stepped one after the other.
///
/// Unlike pytorch_mppi's `MPPI_Batched`, which draws one noise set for all
/// environments, each environment draws its own, from its own seed.
///
///     var config = MPPIConfiguration(samples: 500, horizon: 15,
///                                    noise: try NoiseCovariance(standardDeviations: [3]))
///     config.threads = 2
///     var batch = try BatchedPlanner(system: Pendulum(), cost: PendulumCost(), configuration: config,
///                                    seeds: [1, 2, 3, 4])
///     let u = try batch.commands(states: [[3.1, 0], [3.0, 0.1], [0.2, 0], [-1, 0.5]])  // 4 controls
public struct BatchedPlanner<Planner: ControlPlanner>: Sendable {
  /// The planners, one per environment.
  public private(set) var planners: [Planner]
  /// Threads that run environments in parallel.
  public let threads: Int

  let _pool: _WorkerPool

  /// Steps `planners` together, running up to `threads` environments at once.
  ///
  /// - Throws: `FisherError` for an empty list or `threads` outside
  ///   1 … ``MPPIConfiguration/maximumThreads``.
  public init(planners: [Planner], threads: Int) throws {
    guard !planners.isEmpty else {
      throw FisherError.invalidParameter(name: "planners", reason: "need at least one environment")
    }
    guard threads >= 1, threads <= MPPIConfiguration.maximumThreads else {
      throw FisherError.invalidParameter(
        name: "threads", reason: "must be in 1…\(MPPIConfiguration.maximumThreads), got \(threads)")
    }
    self.planners = planners
    self.threads = Swift.min(threads, planners.count)
    self._pool = _WorkerPool(threads: self.threads)
  }

  /// N, the number of environments.
  public var count: Int { planners.count }

  /// Plans from the N states, one per environment in order, and returns the N controls.
  ///
  /// - Throws: `FisherError.dimensionMismatch` for a number of states other than
  ///   N, and `.dimensionMismatch` or `.nonFinite` for a state of the wrong size
  ///   or with a non-finite entry; the planners are then unchanged. Otherwise
  ///   every environment takes its step, and the error of the first environment
  ///   whose planner threw (e.g. ``FisherError/noFeasibleRollout(_:)``) is
  ///   rethrown; ``outcomes(states:)`` returns every environment's own outcome.
  public mutating func commands(states: [[Double]]) throws -> [[Double]] {
    try outcomes(states: states).map { try $0.get() }
  }

  /// Plans from the N states and returns each environment's outcome: its
  /// control, or the error its planner threw (e.g.
  /// ``FisherError/noFeasibleRollout(_:)`` when none of its rollouts was
  /// feasible), so that one environment's failure leaves the others' commands
  /// usable. Every environment takes its step.
  ///
  /// - Throws: as ``commands(states:)`` for a wrong number of states or a bad
  ///   state; the planners are then unchanged.
  public mutating func outcomes(states: [[Double]]) throws -> [Result<[Double], any Error>] {
    let n = planners.count
    guard states.count == n else {
      throw FisherError.dimensionMismatch("\(states.count) states for \(n) environments")
    }
    for (i, x) in states.enumerated() {
      try checkVector(x, count: planners[i].system.stateDimension, name: "state of environment \(i)")
    }
    var results = [Result<[Double], any Error>](repeating: .success([]), count: n)
    _pool.beginCommand()
    defer { _pool.endCommand() }
    planners.withUnsafeMutableBufferPointer { ps in
      results.withUnsafeMutableBufferPointer { rs in
        let shared = _Shared((ps, rs))
        // One chunk per environment: each writes only its own planner and result.
        _pool.run(chunks: n) { i in
          let (ps, rs) = shared.value
          rs[i] = Result(catching: { try ps[i].command(state: states[i]) })
        }
      }
    }
    return results
  }

  /// Runs `body` on the planner of environment `index` (e.g. to change its cost or reset it).
  ///
  /// - Throws: `FisherError.invalidParameter` for an index out of range, and what `body` throws.
  public mutating func withPlanner<R>(at index: Int, _ body: (inout Planner) throws -> R) throws -> R {
    guard planners.indices.contains(index) else {
      throw FisherError.invalidParameter(name: "environment", reason: "must be in 0..<\(planners.count), got \(index)")
    }
    return try body(&planners[index])
  }
}

extension BatchedPlanner {
  /// N MPPI planners with `configuration` and the seeds `seeds`, one per environment.
  ///
  /// The configuration's ``MPPIConfiguration/threads`` are shared out: up to
  /// that many environments run at once, and each planner gets
  /// ⌊threads / N⌋ threads (at least 1) for its own rollouts.
  public init<S: DynamicalSystem, C: ControlCost>(
    system: S, cost: C, configuration: MPPIConfiguration, seeds: [UInt64]
  ) throws where Planner == MPPI<S, C> {
    guard !seeds.isEmpty else {
      throw FisherError.invalidParameter(name: "seeds", reason: "need one seed per environment, got none")
    }
    let total = configuration.threads
    var c = configuration
    c.threads = Swift.max(1, total / seeds.count)
    let planners = try seeds.map { seed in
      var ci = c
      ci.seed = seed
      return try MPPI(system: system, cost: cost, configuration: ci)
    }
    try self.init(planners: planners, threads: Swift.max(1, Swift.min(total, MPPIConfiguration.maximumThreads)))
  }
}
