/// Minimizes `objective` with `strategy` until a limit or the strategy stops it.
///
/// Each generation's candidates are evaluated in parallel on `threads` tasks
/// (all cores by default); the result is bit-identical for a given seed
/// whatever the thread count. Failed evaluations (a thrown error, NaN, ±∞) are
/// ranked worst, counted and reported; a generation in which all fail ends the
/// run with ``StopReason/allEvaluationsFailed``.
///
///     let f: Objective = { x in x.reduce(0) { $0 + $1 * $1 } }
///     let result = try await minimize(
///       f, strategy: try CMAES(mean: [3, 3, 3], sigma: 1, seed: 42),
///       options: .init(termination: .init(maxEvaluations: 10_000, targetValue: 1e-10)))
///
/// - Parameters:
///   - objective: the function to minimize.
///   - strategy: the search strategy, at its starting state.
///   - options: limits, bounds, restarts and threads.
///   - restartFactory: builds the strategy of a restart; needed for IPOP/BIPOP.
///   - observer: called after every generation (e.g. for a progress line).
///   - checkpoint: called with the whole run state after every generation;
///     encode it to resume later with ``resume(_:_:threads:restartFactory:observer:checkpoint:)``.
public func minimize<S: Strategy>(
  _ objective: @escaping Objective,
  strategy: S,
  options: MinimizeOptions = .init(),
  restartFactory: ((RestartRequest) throws -> S)? = nil,
  observer: ((GenerationReport) -> Void)? = nil,
  checkpoint: ((Optimizer<S>) throws -> Void)? = nil
) async throws -> OptimizationResult {
  try await minimize(
    IndexedObjective(objective), strategy: strategy, options: options, restartFactory: restartFactory,
    observer: observer, checkpoint: checkpoint)
}

/// Minimizes an objective that is told the index of each evaluation (and may
/// report noise-free values); otherwise as
/// ``minimize(_:strategy:options:restartFactory:observer:checkpoint:)-(Objective,_,_,_,_,_)``.
public func minimize<S: Strategy>(
  _ objective: IndexedObjective,
  strategy: S,
  options: MinimizeOptions = .init(),
  restartFactory: ((RestartRequest) throws -> S)? = nil,
  observer: ((GenerationReport) -> Void)? = nil,
  checkpoint: ((Optimizer<S>) throws -> Void)? = nil
) async throws -> OptimizationResult {
  let run = try Optimizer(
    strategy: strategy, termination: options.termination, bounds: options.bounds,
    optimalValue: options.optimalValue, restarts: options.restarts, maxRestarts: options.maxRestarts,
    seed: options.seed, noise: options.noise, recommendation: options.recommendation, surrogate: options.surrogate)
  if options.restarts != .none && restartFactory == nil {
    throw FisherError.invalidParameter(name: "restarts", reason: "\(options.restarts.rawValue) needs a restart factory")
  }
  return try await resume(
    run, objective, threads: options.threads, restartFactory: restartFactory, observer: observer,
    checkpoint: checkpoint)
}

/// Minimizes `objective` subject to its constraints gᵢ(x) ≤ 0.
///
/// The constraint values steer the strategy through
/// ``MinimizeOptions/constraintMethod`` (the augmented Lagrangian by default:
/// AL-CMA-ES with ``CMAES``). The result's ``OptimizationResult/bestFeasibleX``
/// is the best feasible point evaluated, and ``OptimizationResult/feasible``
/// says honestly whether one was seen. Constraint handling does not combine
/// with noise handling.
///
///     let f = try ConstrainedObjective(constraintCount: 1) { x in
///       Evaluation(value: x.reduce(0) { $0 + $1 * $1 }, constraints: [1 - x[0]])
///     }
///     let result = try await minimize(
///       f, strategy: try CMAES(mean: [3, 3], sigma: 1, seed: 1),
///       options: .init(termination: .init(maxEvaluations: 5_000)))
///     // result.bestFeasibleX ≈ [1, 0]
public func minimize<S: Strategy>(
  _ objective: ConstrainedObjective,
  strategy: S,
  options: MinimizeOptions = .init(),
  restartFactory: ((RestartRequest) throws -> S)? = nil,
  observer: ((GenerationReport) -> Void)? = nil,
  checkpoint: ((Optimizer<S>) throws -> Void)? = nil
) async throws -> OptimizationResult {
  let handling = try ConstraintHandling(
    options.constraintMethod, dimension: strategy.dimension, constraintCount: objective.constraintCount)
  let run = try Optimizer(
    strategy: strategy, termination: options.termination, bounds: options.bounds,
    optimalValue: options.optimalValue, restarts: options.restarts, maxRestarts: options.maxRestarts,
    seed: options.seed, noise: options.noise, recommendation: options.recommendation, constraints: handling,
    surrogate: options.surrogate)
  if options.restarts != .none && restartFactory == nil {
    throw FisherError.invalidParameter(name: "restarts", reason: "\(options.restarts.rawValue) needs a restart factory")
  }
  return try await resume(
    run, objective, threads: options.threads, restartFactory: restartFactory, observer: observer,
    checkpoint: checkpoint)
}

/// Continues a run of a constrained objective to its end.
public func resume<S: Strategy>(
  _ run: Optimizer<S>,
  _ objective: ConstrainedObjective,
  threads: Int = MinimizeOptions.defaultThreads,
  restartFactory: ((RestartRequest) throws -> S)? = nil,
  observer: ((GenerationReport) -> Void)? = nil,
  checkpoint: ((Optimizer<S>) throws -> Void)? = nil
) async throws -> OptimizationResult {
  try await runToEnd(run, threads: threads, observer: observer, checkpoint: checkpoint) { run in
    try await run.step(objective, threads: threads, restartFactory: restartFactory)
  }
}

/// Continues a run (e.g. one decoded from a checkpoint) to its end.
public func resume<S: Strategy>(
  _ run: Optimizer<S>,
  _ objective: @escaping Objective,
  threads: Int = MinimizeOptions.defaultThreads,
  restartFactory: ((RestartRequest) throws -> S)? = nil,
  observer: ((GenerationReport) -> Void)? = nil,
  checkpoint: ((Optimizer<S>) throws -> Void)? = nil
) async throws -> OptimizationResult {
  try await resume(
    run, IndexedObjective(objective), threads: threads, restartFactory: restartFactory, observer: observer,
    checkpoint: checkpoint)
}

/// Continues a run of an objective told the evaluation index.
public func resume<S: Strategy>(
  _ run: Optimizer<S>,
  _ objective: IndexedObjective,
  threads: Int = MinimizeOptions.defaultThreads,
  restartFactory: ((RestartRequest) throws -> S)? = nil,
  observer: ((GenerationReport) -> Void)? = nil,
  checkpoint: ((Optimizer<S>) throws -> Void)? = nil
) async throws -> OptimizationResult {
  try await runToEnd(run, threads: threads, observer: observer, checkpoint: checkpoint) { run in
    try await run.step(objective, threads: threads, restartFactory: restartFactory)
  }
}

/// Minimizes a ``Problem``, using its optimal value for target precision and
/// its bounds unless `options` gives others.
public func minimize<S: Strategy>(
  _ problem: Problem,
  strategy: S,
  options: MinimizeOptions = .init(),
  restartFactory: ((RestartRequest) throws -> S)? = nil,
  observer: ((GenerationReport) -> Void)? = nil,
  checkpoint: ((Optimizer<S>) throws -> Void)? = nil
) async throws -> OptimizationResult {
  guard problem.dimension == strategy.dimension else {
    throw FisherError.dimensionMismatch("problem \(problem.name) has dimension \(problem.dimension), strategy \(strategy.dimension)")
  }
  var o = options
  if o.optimalValue == nil { o.optimalValue = problem.optimalValue }
  if let constrained = try problem.constrainedObjective {
    return try await minimize(
      constrained, strategy: strategy, options: o, restartFactory: restartFactory, observer: observer,
      checkpoint: checkpoint)
  }
  return try await minimize(
    problem.objective, strategy: strategy, options: o, restartFactory: restartFactory, observer: observer,
    checkpoint: checkpoint)
}

/// The driver's settings besides the strategy.
public struct MinimizeOptions: Sendable, Codable, Hashable {
  public var termination: Termination
  public var bounds: BoxBounds?
  /// f*, where known.
  public var optimalValue: Double?
  public var restarts: RestartPolicy
  /// The restart limit when there is no evaluation budget.
  public var maxRestarts: Int
  /// The seed of the driver's own draws (restart sizes and means,
  /// uncertainty handling's rounding).
  public var seed: UInt64
  /// Parallel evaluation tasks.
  public var threads: Int
  /// How noisy values are treated.
  public var noise: NoiseHandling
  /// The point the run reports; nil for the noise handling's default.
  public var recommendation: Recommendation?
  /// How a constrained objective's constraint values steer the strategy.
  public var constraintMethod: ConstraintMethod
  /// A model that stands in for the objective on part of each population
  /// (not with constraints or noise handling).
  public var surrogate: Surrogate

  /// The number of online processors, ``activeProcessorCount()``.
  public static var defaultThreads: Int { activeProcessorCount() }

  public init(
    termination: Termination = .init(), bounds: BoxBounds? = nil, optimalValue: Double? = nil,
    restarts: RestartPolicy = .none, maxRestarts: Int = 9, seed: UInt64 = 0,
    threads: Int = MinimizeOptions.defaultThreads, noise: NoiseHandling = .none,
    recommendation: Recommendation? = nil, constraintMethod: ConstraintMethod = .augmentedLagrangian,
    surrogate: Surrogate = .none
  ) {
    self.surrogate = surrogate
    self.constraintMethod = constraintMethod
    self.noise = noise
    self.recommendation = recommendation
    self.termination = termination
    self.bounds = bounds
    self.optimalValue = optimalValue
    self.restarts = restarts
    self.maxRestarts = maxRestarts
    self.seed = seed
    self.threads = threads
  }

  enum CodingKeys: String, CodingKey {
    case termination, bounds, optimalValue, restarts, maxRestarts, seed, threads, noise, recommendation
    case constraintMethod, surrogate
  }

  /// Decodes options; those written before surrogates existed have none.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      termination: try c.decode(Termination.self, forKey: .termination),
      bounds: try c.decodeIfPresent(BoxBounds.self, forKey: .bounds),
      optimalValue: try c.decodeIfPresent(Double.self, forKey: .optimalValue),
      restarts: try c.decode(RestartPolicy.self, forKey: .restarts), maxRestarts: try c.decode(Int.self, forKey: .maxRestarts),
      seed: try c.decode(UInt64.self, forKey: .seed), threads: try c.decode(Int.self, forKey: .threads),
      noise: try c.decode(NoiseHandling.self, forKey: .noise),
      recommendation: try c.decodeIfPresent(Recommendation.self, forKey: .recommendation),
      constraintMethod: try c.decode(ConstraintMethod.self, forKey: .constraintMethod),
      surrogate: try c.decodeIfPresent(Surrogate.self, forKey: .surrogate) ?? .none)
  }
}

/// Steps `run` until it stops or the task is cancelled, reporting each
/// generation and checkpointing after each step.
private func runToEnd<S: Strategy>(
  _ run: Optimizer<S>, threads: Int, observer: ((GenerationReport) -> Void)?,
  checkpoint: ((Optimizer<S>) throws -> Void)?,
  step: (inout Optimizer<S>) async throws -> GenerationReport?
) async throws -> OptimizationResult {
  var run = run
  _ = try PopulationEvaluator(threads: threads)
  while run.stopReason == nil {
    if Task.isCancelled { break }
    let report = try await step(&run)
    if let report { observer?(report) }
    try checkpoint?(run)
  }
  var result = run.result
  if result.stopReason == nil { result.stopReason = .cancelled }
  return result
}
