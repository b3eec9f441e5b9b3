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
  var schedule: RestartSchedule
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
  /// The measured cost of the objective, which decides whether ``step(_:threads:restartFactory:)``
  /// evaluates on the calling thread or in parallel. It is not encoded: it
  /// describes this process's objective and machine, not the run, and has no
  /// effect on results.
  var evaluationCost = EvaluationCost()
  /// Where ``step(_:threads:restartFactory:)`` evaluates (tests pin a path with it).
  var evaluationPlacement: EvaluationPlacement = .measured

  enum CodingKeys: String, CodingKey {
    case strategy, termination, bounds, optimalValue
    case schedule = "_schedule"
    case evaluations, generations, failedEvaluations, lastFailure, best, targetHitAt, stopReason, lastStrategyStop
  }

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
    schedule = RestartSchedule(
      policy: restarts, defaultPopulationSize: strategy.populationSize, initialSigma: strategy.stepSize,
      initialMean: strategy.mean, seed: seed,
      maxRestarts: termination.maxEvaluations == nil ? maxRestarts : Int.max)
  }

  /// Restarts performed so far.
  public var restarts: Int { schedule.restarts }
  public var restartPolicy: RestartPolicy { schedule.policy }

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
    let candidates = population.candidates
    let points: [[Double]]
    if let b = bounds {
      points = (0..<population.count).map { b.repairedRow($0, of: candidates) }
    } else {
      points = (0..<population.count).map { candidates._row($0) }
    }
    return (population, points)
  }

  /// Runs one generation: ask, evaluate, tell, check the limits.
  ///
  /// The evaluations run on the calling thread or on up to `threads` tasks,
  /// whichever the objective's measured cost makes faster (see
  /// ``PopulationEvaluator``); the results do not depend on it. Does nothing
  /// once ``stopReason`` is set.
  ///
  /// - Throws: ``FisherError`` when a restart is due but no factory was given,
  ///   or the factory fails.
  @discardableResult
  public mutating func step(
    _ objective: @escaping Objective, threads: Int = 1,
    restartFactory: ((RestartRequest) throws -> S)? = nil
  ) async throws -> GenerationReport? {
    guard stopReason == nil else { return nil }
    var evaluator = try PopulationEvaluator(threads: threads, cost: evaluationCost)
    evaluator.placement = evaluationPlacement
    let (population, points) = ask()
    let outcomes = await evaluator.evaluateAndMeasure(points, objective)
    evaluationCost = evaluator.cost
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
    let summary = FitnessSummary(fitness)
    if summary.finiteCount > 0 { try strategy.tell(population, fitness: fitness) }
    best = newBest
    targetHitAt = newHit
    lastFailure = newFailure
    failedEvaluations += failures
    evaluations += population.count
    if summary.finiteCount == 0 {
      stopReason = .allEvaluationsFailed
      return report(population: population.count, summary: summary, failures: failures)
    }
    generations += 1
    schedule.record(evaluations: population.count)
    let r = report(population: population.count, summary: summary, failures: failures)
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
    guard let request = schedule.next(bounds: bounds) else {
      stopReason = reason
      return
    }
    guard let factory = restartFactory else {
      throw FisherError.invalidParameter(
        name: "restarts", reason: "a restart is due but no strategy factory was given")
    }
    strategy = try factory(request)
  }

  func report(population: Int, summary: FitnessSummary, failures: Int) -> GenerationReport {
    GenerationReport(
      restart: schedule.restarts, generation: generations, evaluations: evaluations,
      bestSoFar: best?.f ?? .infinity, generationBest: summary.best,
      generationMedian: summary.median, failures: failures,
      stepSize: strategy.stepSize, conditionNumber: strategy.conditionNumber, populationSize: population)
  }

  /// The run's outcome so far.
  public var result: OptimizationResult {
    OptimizationResult(
      bestX: best?.x ?? strategy.mean, bestF: best?.f ?? .infinity, evaluations: evaluations,
      generations: generations, restarts: schedule.restarts, failedEvaluations: failedEvaluations,
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

/// The best and median of a generation's finite fitness values, as reported.
///
/// The median is the element at index ⌊k/2⌋ of the k finite values in
/// ascending order (the upper median for even k), found by selection in a
/// scratch copy rather than by sorting; both are +∞ when no value is finite.
struct FitnessSummary {
  var finiteCount = 0
  var best = Double.infinity
  var median = Double.infinity

  init(_ fitness: [Double]) {
    let n = fitness.count
    guard n > 0 else { return }
    var count = 0
    var best = Double.infinity
    let median: Double = withUnsafeTemporaryAllocation(of: Double.self, capacity: n) { scratch in
      for v in fitness where v.isFinite {
        scratch[count] = v
        count += 1
        if v < best { best = v }
      }
      guard count > 0 else { return .infinity }
      return select(UnsafeMutableBufferPointer(rebasing: scratch[0..<count]), rank: count / 2)
    }
    finiteCount = count
    self.best = best
    self.median = median
  }
}

/// The element that would sit at index `rank` if `values` were sorted in
/// ascending order (Hoare's quickselect with a median-of-three pivot; the
/// buffer is reordered). `values` must not contain NaN.
func select(_ values: UnsafeMutableBufferPointer<Double>, rank: Int) -> Double {
  var lo = 0
  var hi = values.count - 1
  while lo < hi {
    let mid = lo + (hi - lo) / 2
    // Median of three: values[lo] ≤ values[mid] ≤ values[hi].
    if values[mid] < values[lo] { values.swapAt(mid, lo) }
    if values[hi] < values[lo] { values.swapAt(hi, lo) }
    if values[hi] < values[mid] { values.swapAt(hi, mid) }
    let pivot = values[mid]
    var i = lo
    var j = hi
    while i <= j {
      while values[i] < pivot { i += 1 }
      while pivot < values[j] { j -= 1 }
      if i <= j {
        values.swapAt(i, j)
        i += 1
        j -= 1
      }
    }
    // Now values[lo...j] ≤ pivot ≤ values[i...hi], and everything strictly
    // between j and i equals the pivot.
    if rank <= j {
      hi = j
    } else if rank >= i {
      lo = i
    } else {
      return values[rank]
    }
  }
  return values[rank]
}
