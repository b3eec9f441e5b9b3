/// The best point a run has evaluated.
public struct BestPoint: Sendable, Codable, Hashable {
  /// The evaluated point (inside the bounds, when the run has bounds).
  public var x: [Double]
  /// Its value.
  public var f: Double
  /// Its 1-based evaluation index.
  public var evaluation: Int
}

/// What a run reports after each generation.
public struct GenerationReport: Sendable, Hashable {
  /// Restarts so far (0 during the first run).
  public var restart: Int
  /// Generations completed, over all restarts.
  public var generation: Int
  /// Evaluations spent, over all restarts.
  public var evaluations: Int
  /// The best value so far.
  public var bestSoFar: Double
  /// The best and median value of this generation (failures excluded; +∞ if all failed).
  public var generationBest: Double
  public var generationMedian: Double
  /// Failed evaluations in this generation.
  public var failures: Int
  /// The strategy's step size and condition number after the update.
  public var stepSize: Double
  public var conditionNumber: Double
  public var populationSize: Int
}

/// A resumable optimization run: a strategy plus everything the driver tracks.
///
/// `Optimizer` is a `Codable` value. Encoding it after any generation and
/// decoding it later continues the run bit-identically, because the strategy's
/// randomness is a function of its seed and generation and the driver's own
/// draws (restart sizes and means) are keyed the same way. ``minimize(_:strategy:options:restartFactory:observer:checkpoint:)-(Objective,_,_,_,_,_)``
/// runs it to the end; ``step(_:threads:restartFactory:)`` advances one generation.
public struct Optimizer<S: Strategy>: Sendable, Codable {
  /// The current strategy (a restart replaces it).
  public private(set) var strategy: S
  public private(set) var termination: Termination
  public let bounds: BoxBounds?
  /// f*, where known (for target precision and reporting).
  public let optimalValue: Double?
  var _schedule: RestartSchedule
  /// Evaluations spent, over all restarts.
  public private(set) var evaluations = 0
  /// Generations completed, over all restarts.
  public private(set) var generations = 0
  /// Evaluations that failed (threw, NaN or infinite).
  public private(set) var failedEvaluations = 0
  /// The last failure's message, if any.
  public private(set) var lastFailure: String?
  /// The best point so far.
  public private(set) var best: BestPoint?
  /// The 1-based evaluation at which the target was first reached.
  public private(set) var targetHitAt: Int?
  /// Set when the run is over.
  public private(set) var stopReason: StopReason?
  /// The last strategy stop that triggered a restart or ended the run.
  public private(set) var lastStrategyStop: StopReason?

  /// A run of `strategy` under the given limits.
  ///
  /// - Parameters:
  ///   - strategy: the search strategy, at its starting state.
  ///   - termination: the run's limits besides the strategy's own criteria.
  ///   - bounds: box bounds; candidates are evaluated at their repaired points.
  ///   - optimalValue: the objective's known minimum, for a target precision.
  ///   - restarts: how the run continues when the strategy stops early.
  ///   - maxRestarts: the restart limit when the run has no budget
  ///     (with a budget, restarts go on until it is spent).
  ///   - seed: the seed of the driver's own draws (restart sizes and means).
  /// - Throws: ``FisherError`` for invalid limits or bounds of the wrong dimension.
  public init(
    strategy: S, termination: Termination = .init(), bounds: BoxBounds? = nil,
    optimalValue: Double? = nil, restarts: RestartPolicy = .none, maxRestarts: Int = 9, seed: UInt64 = 0
  ) throws {
    try termination.validate(optimalValue: optimalValue)
    if let b = bounds, b.dimension != strategy.dimension {
      throw FisherError.dimensionMismatch("bounds of dimension \(b.dimension) for a strategy of dimension \(strategy.dimension)")
    }
    guard maxRestarts >= 0 else {
      throw FisherError.invalidParameter(name: "max-restarts", reason: "must be ≥ 0, got \(maxRestarts)")
    }
    self.strategy = strategy
    self.termination = termination
    self.bounds = bounds
    self.optimalValue = optimalValue
    _schedule = RestartSchedule(
      policy: restarts, defaultPopulationSize: strategy.populationSize, initialSigma: strategy.stepSize,
      initialMean: strategy.mean, seed: seed,
      maxRestarts: termination.maxEvaluations == nil ? maxRestarts : Int.max)
  }

  /// Restarts performed so far.
  public var restarts: Int { _schedule.restarts }
  public var restartPolicy: RestartPolicy { _schedule.policy }

  /// Replaces the limits, e.g. to continue a run from a checkpoint with a
  /// larger budget. A run that had stopped at a limit or by cancellation goes
  /// on if the new limits allow; one that a target or the strategy ended does not.
  ///
  /// - Throws: ``FisherError`` for invalid limits.
  public mutating func updateTermination(_ newValue: Termination) throws {
    try newValue.validate(optimalValue: optimalValue)
    termination = newValue
    switch stopReason {
    case .budget?, .maxGenerations?, .cancelled?:
      stopReason = nil
      if let budget = newValue.maxEvaluations, evaluations >= budget { stopReason = .budget }
      if let g = newValue.maxGenerations, generations >= g { stopReason = .maxGenerations }
    default:
      break
    }
  }

  /// Ends the run at the caller's request (``StopReason/cancelled``).
  public mutating func cancel() {
    if stopReason == nil { stopReason = .cancelled }
  }

  /// The current generation's population and the points to evaluate (the
  /// candidates, repaired into the bounds when the run has bounds).
  public func ask() -> (population: Population, points: [[Double]]) {
    let population = strategy.ask()
    let points: [[Double]] = (0..<population.count).map { i in
      bounds.map { $0.repair(population[i]) } ?? population[i]
    }
    return (population, points)
  }

  /// Runs one generation: ask, evaluate (in parallel), tell, check the limits.
  ///
  /// Does nothing once ``stopReason`` is set.
  ///
  /// - Throws: ``FisherError`` when a restart is due but no factory was given,
  ///   or the factory fails.
  @discardableResult
  public mutating func step(
    _ objective: @escaping Objective, threads: Int = 1,
    restartFactory: ((RestartRequest) throws -> S)? = nil
  ) async throws -> GenerationReport? {
    guard stopReason == nil else { return nil }
    let (population, points) = ask()
    let outcomes = await (try PopulationEvaluator(threads: threads)).evaluate(points, objective)
    return try tell(population, points: points, outcomes: outcomes, restartFactory: restartFactory)
  }

  /// Records the outcomes of an asked generation and updates the strategy.
  ///
  /// Failed outcomes are told to the strategy as +∞. When every outcome
  /// failed, the strategy is left untold and the run stops with
  /// ``StopReason/allEvaluationsFailed``.
  ///
  /// - Throws: ``FisherError/populationMismatch(_:)`` when the counts do not
  ///   match the asked population (nothing is changed then), or an error of
  ///   the restart factory.
  @discardableResult
  public mutating func tell(
    _ population: Population, points: [[Double]], outcomes: [EvaluationOutcome],
    restartFactory: ((RestartRequest) throws -> S)? = nil
  ) throws -> GenerationReport? {
    guard stopReason == nil else { return nil }
    guard outcomes.count == population.count, points.count == population.count else {
      throw FisherError.populationMismatch("\(outcomes.count) outcomes for \(population.count) candidates")
    }
    let fitness = outcomes.map(\.fitness)
    var failures = 0
    var newBest = best
    var newHit = targetHitAt
    var newFailure = lastFailure
    for (i, o) in outcomes.enumerated() {
      switch o {
      case .failed(let why):
        failures += 1
        newFailure = why
      case .value(let v):
        if newBest.map({ v < $0.f }) ?? true {
          newBest = BestPoint(x: points[i], f: v, evaluation: evaluations + i + 1)
        }
        if newHit == nil, termination.targetReached(v, optimalValue: optimalValue) != nil {
          newHit = evaluations + i + 1
        }
      }
    }
    let finite = fitness.filter { $0.isFinite }.sorted()
    if !finite.isEmpty { try strategy.tell(population, fitness: fitness) }
    best = newBest
    targetHitAt = newHit
    lastFailure = newFailure
    failedEvaluations += failures
    evaluations += population.count
    if finite.isEmpty {
      stopReason = .allEvaluationsFailed
      return report(population: population.count, finite: finite, failures: failures)
    }
    generations += 1
    _schedule.record(evaluations: population.count)
    let r = report(population: population.count, finite: finite, failures: failures)
    try checkStop(restartFactory: restartFactory)
    return r
  }

  mutating func checkStop(restartFactory: ((RestartRequest) throws -> S)?) throws {
    if let b = best, let reason = termination.targetReached(b.f, optimalValue: optimalValue) {
      stopReason = reason
      return
    }
    if let budget = termination.maxEvaluations, evaluations >= budget {
      stopReason = .budget
      return
    }
    if let g = termination.maxGenerations, generations >= g {
      stopReason = .maxGenerations
      return
    }
    guard let reason = strategy.stopReason else { return }
    try restart(after: reason, restartFactory: restartFactory)
  }

  /// Replaces the strategy by the next restart's, or ends the run with `reason`.
  mutating func restart(after reason: StopReason, restartFactory: ((RestartRequest) throws -> S)?) throws {
    lastStrategyStop = reason
    guard let request = _schedule.next(bounds: bounds) else {
      stopReason = reason
      return
    }
    guard let factory = restartFactory else {
      throw FisherError.invalidParameter(
        name: "restarts", reason: "a restart is due but no strategy factory was given")
    }
    strategy = try factory(request)
  }

  func report(population: Int, finite: [Double], failures: Int) -> GenerationReport {
    GenerationReport(
      restart: _schedule.restarts, generation: generations, evaluations: evaluations,
      bestSoFar: best?.f ?? .infinity, generationBest: finite.first ?? .infinity,
      generationMedian: finite.isEmpty ? .infinity : finite[finite.count / 2], failures: failures,
      stepSize: strategy.stepSize, conditionNumber: strategy.conditionNumber, populationSize: population)
  }

  /// The run's outcome so far.
  public var result: OptimizationResult {
    OptimizationResult(
      bestX: best?.x ?? strategy.mean, bestF: best?.f ?? .infinity, evaluations: evaluations,
      generations: generations, restarts: _schedule.restarts, failedEvaluations: failedEvaluations,
      lastFailure: lastFailure, stopReason: stopReason, targetHitAt: targetHitAt)
  }
}

/// The outcome of a run.
public struct OptimizationResult: Sendable, Codable, Hashable {
  public var bestX: [Double]
  public var bestF: Double
  public var evaluations: Int
  public var generations: Int
  public var restarts: Int
  public var failedEvaluations: Int
  public var lastFailure: String?
  /// Why the run ended (nil while it is still going).
  public var stopReason: StopReason?
  /// The 1-based evaluation at which the target was first reached, if it was.
  public var targetHitAt: Int?
}
