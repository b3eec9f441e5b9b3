/// The best point a run has evaluated.
public struct BestPoint: Sendable, Codable, Hashable {
  /// The evaluated point (inside the bounds, when the run has bounds).
  public var x: [Double]
  /// Its value.
  public var f: Double
  /// Its 1-based evaluation index.
  public var evaluation: Int
  /// Its constraint values, in a run with constraints.
  public var constraints: [Double]?

  public init(x: [Double], f: Double, evaluation: Int, constraints: [Double]? = nil) {
    self.x = x
    self.f = f
    self.evaluation = evaluation
    self.constraints = constraints
  }

  /// Whether every constraint holds (true without constraints).
  public var isFeasible: Bool { constraints.map(Evaluation.isFeasible) ?? true }

  /// Whether this point is better than `other` by Deb's rules: feasible before
  /// infeasible, feasible points by value, infeasible ones by summed violation
  /// (then by value). Without constraints, by value.
  func isBetter(than other: BestPoint) -> Bool {
    guard let g = constraints, let h = other.constraints else { return f < other.f }
    let v = Evaluation.totalViolation(of: g)
    let w = Evaluation.totalViolation(of: h)
    if v == 0 || w == 0 { return v == 0 && (w > 0 || f < other.f) }
    return v < w || (v == w && f < other.f)
  }
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
  /// The worst value of this generation (failures excluded; +∞ if all failed).
  public var generationWorst: Double
  /// Failed evaluations in this generation.
  public var failures: Int
  /// The strategy's step size and condition number after the update.
  public var stepSize: Double
  public var conditionNumber: Double
  public var populationSize: Int
  /// The strategy's mean and per-coordinate standard deviations after the
  /// update (``Strategy/coordinateStandardDeviations``), before any restart
  /// the generation triggers.
  public var mean: [Double]
  public var standardDeviations: [Double]
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
  /// The best point so far: the evaluated point with the smallest value, or
  /// with the smallest aggregate of its values when candidates are evaluated
  /// several times (``NoiseHandling``).
  public private(set) var best: BestPoint?
  /// The evaluated point with the smallest noise-free value, when the
  /// objective reports noise-free values (``IndexedObjective/noiseFreeValue``);
  /// this is what COCO measures on its noisy suite.
  public private(set) var bestNoiseFree: BestPoint?
  /// How noisy values are treated; uncertainty handling keeps its state here.
  public private(set) var noiseHandling: NoiseHandling
  /// How constraint values steer the strategy, in a run with constraints;
  /// the augmented Lagrangian keeps its coefficients here. With constraints,
  /// ``best`` is the best point by Deb's rules (the best feasible point once
  /// one was evaluated).
  public private(set) var constraintHandling: ConstraintHandling?
  /// The feasible evaluated point with the smallest value, in a run with constraints.
  public private(set) var bestFeasible: BestPoint?
  /// Which point the run reports as its answer (``OptimizationResult/recommendedX``).
  public let recommendation: Recommendation
  /// The first round of a generation whose re-evaluation round is pending.
  var pendingRound: PendingRound?
  /// The surrogate of a surrogate-assisted run (lq-CMA-ES), with the current
  /// generation's candidates and the rounds evaluated so far.
  public private(set) var surrogate: SurrogatePopulation?
  /// Which surrogate the run has: `none`, `lq` or `lq-diagonal`.
  public var surrogateChoice: Surrogate { Surrogate(largestModelKind: surrogate?.model.largestKind) }
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
    case bestNoiseFree, noiseHandling, recommendation, pendingRound
    case constraintHandling, bestFeasible, surrogate
  }

  /// Decodes a run; one saved before noise handling existed has none.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    strategy = try c.decode(S.self, forKey: .strategy)
    termination = try c.decode(Termination.self, forKey: .termination)
    bounds = try c.decodeIfPresent(BoxBounds.self, forKey: .bounds)
    optimalValue = try c.decodeIfPresent(Double.self, forKey: .optimalValue)
    schedule = try c.decode(RestartSchedule.self, forKey: .schedule)
    evaluations = try c.decode(Int.self, forKey: .evaluations)
    generations = try c.decode(Int.self, forKey: .generations)
    failedEvaluations = try c.decode(Int.self, forKey: .failedEvaluations)
    lastFailure = try c.decodeIfPresent(String.self, forKey: .lastFailure)
    best = try c.decodeIfPresent(BestPoint.self, forKey: .best)
    targetHitAt = try c.decodeIfPresent(Int.self, forKey: .targetHitAt)
    stopReason = try c.decodeIfPresent(StopReason.self, forKey: .stopReason)
    lastStrategyStop = try c.decodeIfPresent(StopReason.self, forKey: .lastStrategyStop)
    bestNoiseFree = try c.decodeIfPresent(BestPoint.self, forKey: .bestNoiseFree)
    noiseHandling = try c.decodeIfPresent(NoiseHandling.self, forKey: .noiseHandling) ?? NoiseHandling.none
    recommendation = try c.decodeIfPresent(Recommendation.self, forKey: .recommendation) ?? .bestEvaluated
    pendingRound = try c.decodeIfPresent(PendingRound.self, forKey: .pendingRound)
    constraintHandling = try c.decodeIfPresent(ConstraintHandling.self, forKey: .constraintHandling)
    bestFeasible = try c.decodeIfPresent(BestPoint.self, forKey: .bestFeasible)
    if let handling = constraintHandling {
      guard case .none = noiseHandling else {
        throw FisherError.malformedInput("a run with constraints cannot have noise handling")
      }
      let m = handling.constraintCount
      for point in [best, bestFeasible].compactMap({ $0 }) where point.constraints?.count != m {
        throw FisherError.malformedInput("a best point of a run with \(m) constraints has no matching constraint values")
      }
    }
    surrogate = try c.decodeIfPresent(SurrogatePopulation.self, forKey: .surrogate)
    if let s = surrogate {
      guard case .none = noiseHandling, constraintHandling == nil, s.dimension == strategy.dimension,
        s.pending.isEmpty || s.population.count == strategy.populationSize
      else {
        throw FisherError.malformedInput("a surrogate does not match the run's strategy, noise handling or constraints")
      }
    }
    if let p = pendingRound {
      guard case .uncertainty = noiseHandling, p.fitness.count == strategy.populationSize,
        p.firstEvaluations.count == strategy.populationSize,
        p.indices.allSatisfy({ (0..<strategy.populationSize).contains($0) })
      else {
        throw FisherError.malformedInput("a pending re-evaluation round does not match the run's strategy and noise handling")
      }
    }
  }

  /// A run of `strategy` under the given limits.
  ///
  /// - Parameters:
  ///   - strategy: the search strategy, at its starting state.
  ///   - termination: the run's limits besides the strategy's own criteria.
  ///   - bounds: box bounds; candidates are evaluated at their repaired points.
  ///   - optimalValue: the objective's known minimum, for a target precision.
  ///   - restarts: how the run continues when the strategy stops early.
  ///   - maxRestarts: the restart limit when the run has no budget; under
  ///     BIPOP and NBIPOP only large-population restarts count, as in pycma
  ///     (with a budget, restarts go on until it is spent).
  ///   - seed: the seed of the driver's own draws (restart sizes and means,
  ///     uncertainty handling's rounding).
  ///   - noise: how noisy values are treated.
  ///   - recommendation: the point the run reports; nil for the noise
  ///     handling's default (``NoiseHandling/defaultRecommendation``).
  ///   - constraints: how constraint values steer the strategy, for an
  ///     objective with constraints (every tell then gives them).
  ///   - surrogate: a model that stands in for the objective on part of each
  ///     population; the run then evaluates a generation in rounds and
  ///     counts only true evaluations.
  /// - Throws: ``FisherError`` for invalid limits, bounds of the wrong
  ///   dimension, uncertainty handling with a strategy whose step size
  ///   cannot be scaled, constraints together with noise handling, or a
  ///   surrogate with a strategy that takes no injected solutions, with noise
  ///   handling or with constraints.
  public init(
    strategy: S, termination: Termination = .init(), bounds: BoxBounds? = nil,
    optimalValue: Double? = nil, restarts: RestartPolicy = .none, maxRestarts: Int = 9, seed: UInt64 = 0,
    noise: NoiseHandling = .none, recommendation: Recommendation? = nil, constraints: ConstraintHandling? = nil,
    surrogate: Surrogate = .none
  ) throws {
    try termination.validate(optimalValue: optimalValue)
    if let b = bounds, b.dimension != strategy.dimension {
      throw FisherError.dimensionMismatch("bounds of dimension \(b.dimension) for a strategy of dimension \(strategy.dimension)")
    }
    guard maxRestarts >= 0 else {
      throw FisherError.invalidParameter(name: "max-restarts", reason: "must be ≥ 0, got \(maxRestarts)")
    }
    if case .uncertainty = noise {
      var probe = strategy
      try probe.scaleStepSize(by: 1)
    }
    if constraints != nil {
      guard case .none = noise else {
        throw FisherError.invalidParameter(
          name: "constraints", reason: "constraint handling does not combine with noise handling (\(noise.description))")
      }
      if recommendation == .distributionMean {
        throw FisherError.invalidParameter(
          name: "recommendation", reason: "a run with constraints recommends its best feasible point, not the distribution mean")
      }
    }
    if surrogate != .none {
      guard case .none = noise else {
        throw FisherError.invalidParameter(
          name: "surrogate", reason: "a surrogate ranks on one value per candidate; it does not combine with noise handling (\(noise.description))")
      }
      guard constraints == nil else {
        throw FisherError.invalidParameter(name: "surrogate", reason: "a surrogate does not combine with constraints")
      }
      guard strategy.discreteCoordinates.isEmpty else {
        throw FisherError.invalidParameter(
          name: "surrogate", reason: "the model is fitted over real coordinates; it does not combine with integer variables")
      }
      var probe = strategy
      do {
        try probe.inject([])
      } catch FisherError.invalidParameter(_, let reason) {
        throw FisherError.invalidParameter(name: "surrogate", reason: "lq-CMA-ES injects the model's optimum, but \(reason)")
      }
    }
    constraintHandling = constraints
    self.strategy = strategy
    self.termination = termination
    noiseHandling = noise
    self.recommendation = recommendation ?? noise.defaultRecommendation
    self.bounds = bounds
    self.optimalValue = optimalValue
    schedule = RestartSchedule(
      policy: restarts, defaultPopulationSize: strategy.populationSize, initialSigma: strategy.stepSize,
      initialMean: strategy.mean, seed: seed,
      maxRestarts: termination.maxEvaluations == nil ? maxRestarts : Int.max,
      multipliesUnroundedDefault: surrogate == .none)
    if let largestKind = surrogate.largestModelKind {
      var s = try SurrogatePopulation(dimension: strategy.dimension, largestKind: largestKind)
      _ = try s.begin(ask().points)
      self.surrogate = s
    }
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
      if stopReason == nil, var s = surrogate, s.pending.isEmpty {
        _ = try s.begin(ask().points)
        surrogate = s
      }
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
    var points: [[Double]]
    if let b = bounds {
      points = (0..<population.count).map { b.repairedRow($0, of: candidates) }
    } else {
      points = (0..<population.count).map { candidates._row($0) }
    }
    if !strategy.discreteCoordinates.isEmpty {
      for k in points.indices { strategy.discretize(candidates._row(k), into: &points[k]) }
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
  ///   the factory fails, or the strategy cannot take a step-size change.
  @discardableResult
  public mutating func step(
    _ objective: @escaping Objective, threads: Int = 1,
    restartFactory: ((RestartRequest) throws -> S)? = nil
  ) async throws -> GenerationReport? {
    try await step(IndexedObjective(objective), threads: threads, restartFactory: restartFactory)
  }

  /// Runs one generation (every round of it) of an objective told the
  /// evaluation index; see ``step(_:threads:restartFactory:)-(Objective,_,_)``.
  @discardableResult
  public mutating func step(
    _ objective: IndexedObjective, threads: Int = 1,
    restartFactory: ((RestartRequest) throws -> S)? = nil
  ) async throws -> GenerationReport? {
    var evaluator = try PopulationEvaluator(threads: threads, cost: evaluationCost)
    evaluator.placement = evaluationPlacement
    defer { evaluationCost = evaluator.cost }
    while stopReason == nil {
      let request = request()
      let outcomes = await evaluator.evaluateAndMeasure(
        request.points, firstIndex: request.firstEvaluation - 1, objective.value)
      let noiseFree = objective.noiseFreeValue.map { f in request.points.map(f) }
      let report = try tell(request, outcomes: outcomes, noiseFree: noiseFree, restartFactory: restartFactory)
      if report != nil || !isBetweenRounds { return report }
    }
    return nil
  }

  /// Runs one generation of a constrained objective; see
  /// ``step(_:threads:restartFactory:)-(Objective,_,_)``. The run must have
  /// been made with constraint handling for the objective's constraint count.
  @discardableResult
  public mutating func step(
    _ objective: ConstrainedObjective, threads: Int = 1,
    restartFactory: ((RestartRequest) throws -> S)? = nil
  ) async throws -> GenerationReport? {
    guard let handling = constraintHandling, handling.constraintCount == objective.constraintCount else {
      throw FisherError.invalidParameter(
        name: "constraints",
        reason: "an objective with \(objective.constraintCount) constraints for a run with \(constraintHandling?.constraintCount ?? 0)")
    }
    var evaluator = try PopulationEvaluator(threads: threads, cost: evaluationCost)
    evaluator.placement = evaluationPlacement
    defer { evaluationCost = evaluator.cost }
    guard stopReason == nil else { return nil }
    let request = request()
    let (outcomes, rows) = await evaluator.evaluateAndMeasure(
      request.points, firstIndex: request.firstEvaluation - 1, objective)
    return try tell(request, outcomes: outcomes, constraints: rows, restartFactory: restartFactory)
  }

  /// Whether a generation has told some of its rounds and awaits the next.
  public var isBetweenRounds: Bool { pendingRound != nil || (surrogate?.round ?? 0) > 0 }

  /// The round of the current generation that ``request()`` asks for.
  var currentRound: Int { surrogate?.round ?? (pendingRound == nil ? 0 : 1) }

  /// The surrogate with the current generation begun (it always is, except
  /// in a state decoded from elsewhere); nil when the run has no surrogate
  /// or the population cannot be modelled.
  func currentSurrogate(points: @autoclosure () -> [[Double]]) -> SurrogatePopulation? {
    guard var s = surrogate else { return nil }
    if s.pending.isEmpty {
      guard (try? s.begin(points())) != nil else { return nil }
    }
    return s
  }

  /// The evaluations the run needs next: the current generation's candidates
  /// (each as many times as the noise handling asks), the re-evaluations of
  /// uncertainty handling's second round, or the candidates of a surrogate's
  /// round. A pure function of the state.
  public func request() -> EvaluationRequest {
    let (population, points) = ask()
    let first = evaluations + 1
    if surrogate != nil, let s = currentSurrogate(points: points) {
      return EvaluationRequest(
        generation: generations, round: s.round, points: s.pending.map { s.population[$0] }, candidates: s.pending,
        repeatOf: [Int?](repeating: nil, count: s.pending.count), firstEvaluation: first, population: population)
    }
    if let pending = pendingRound {
      let e = noiseHandling.evaluationsPerCandidate
      var p: [[Double]] = [], c: [Int] = [], r: [Int?] = []
      for i in pending.indices {
        for _ in 0..<e {
          p.append(points[i])
          c.append(i)
          r.append(pending.firstEvaluations[i])
        }
      }
      return EvaluationRequest(
        generation: generations, round: 1, points: p, candidates: c, repeatOf: r, firstEvaluation: first,
        population: population)
    }
    let k = noiseHandling.evaluationsPerCandidate
    if k == 1 {
      return EvaluationRequest(
        generation: generations, round: 0, points: points, candidates: Array(0..<points.count),
        repeatOf: [Int?](repeating: nil, count: points.count), firstEvaluation: first, population: population)
    }
    var p: [[Double]] = [], c: [Int] = [], r: [Int?] = []
    p.reserveCapacity(points.count * k)
    for (i, x) in points.enumerated() {
      for j in 0..<k {
        p.append(x)
        c.append(i)
        r.append(j == 0 ? nil : first + i * k)
      }
    }
    return EvaluationRequest(
      generation: generations, round: 0, points: p, candidates: c, repeatOf: r, firstEvaluation: first,
      population: population)
  }

  /// Records the outcomes of an asked generation and updates the strategy:
  /// the one-round form for runs without noise handling.
  ///
  /// Failed outcomes are told to the strategy as +∞. When every outcome
  /// failed, the strategy is left untold and the run stops with
  /// ``StopReason/allEvaluationsFailed``.
  ///
  /// - Throws: ``FisherError/populationMismatch(_:)`` when the counts do not
  ///   match the asked population (nothing is changed then), or when the run
  ///   evaluates candidates more than once (use ``request()`` and
  ///   ``tell(_:outcomes:noiseFree:restartFactory:)``), or an error of
  ///   the restart factory.
  @discardableResult
  public mutating func tell(
    _ population: Population, points: [[Double]], outcomes: [EvaluationOutcome], constraints: [[Double]]? = nil,
    restartFactory: ((RestartRequest) throws -> S)? = nil
  ) throws -> GenerationReport? {
    guard stopReason == nil else { return nil }
    guard noiseHandling.evaluationsPerCandidate == 1, pendingRound == nil, !noiseHandling.hasSecondRound else {
      throw FisherError.populationMismatch(
        "this run evaluates candidates more than once (noise handling \(noiseHandling.description)); tell it the outcomes of request()")
    }
    guard surrogate == nil else {
      throw FisherError.populationMismatch(
        "this run evaluates a generation in rounds (surrogate); tell it the outcomes of request()")
    }
    guard outcomes.count == population.count, points.count == population.count else {
      throw FisherError.populationMismatch("\(outcomes.count) outcomes for \(population.count) candidates")
    }
    let request = EvaluationRequest(
      generation: generations, round: 0, points: points, candidates: Array(0..<points.count),
      repeatOf: [Int?](repeating: nil, count: points.count), firstEvaluation: evaluations + 1, population: population)
    return try tell(request, outcomes: outcomes, constraints: constraints, restartFactory: restartFactory)
  }

  /// Records the outcomes of ``request()``'s evaluations, in its order.
  ///
  /// A candidate's fitness is the aggregate of its values (``NoiseHandling``);
  /// failed evaluations are left out of it, and a candidate whose every
  /// evaluation failed is told to the strategy as +∞. Returns the generation's
  /// report when the generation is complete, nil when a re-evaluation round
  /// follows (or the run had already stopped).
  ///
  /// - Parameters:
  ///   - constraints: in a run with constraints, the m constraint values of
  ///     each evaluation (a row for a failed outcome is ignored); a NaN or
  ///     infinite constraint value makes that evaluation a failure.
  ///   - noiseFree: the noise-free value of each evaluated point, when known;
  ///     target hits and ``bestNoiseFree`` are measured on them.
  /// - Throws: ``FisherError/populationMismatch(_:)`` when the request is not
  ///   the current one or the counts do not match, constraint values are
  ///   missing, misshapen or given to a run without constraints (nothing is
  ///   changed then), or an error of the restart factory.
  @discardableResult
  public mutating func tell(
    _ request: EvaluationRequest, outcomes: [EvaluationOutcome], constraints: [[Double]]? = nil,
    noiseFree: [Double]? = nil, restartFactory: ((RestartRequest) throws -> S)? = nil
  ) throws -> GenerationReport? {
    guard stopReason == nil else { return nil }
    if let handling = constraintHandling, constraints == nil {
      throw FisherError.populationMismatch("this run has \(handling.constraintCount) constraints: tell their values with the outcomes")
    }
    if constraintHandling == nil, constraints != nil {
      throw FisherError.populationMismatch("constraint values told to a run without constraints")
    }
    guard request.generation == generations, request.firstEvaluation == evaluations + 1,
      request.round == currentRound, request.population.generation == strategy.generation
    else {
      throw FisherError.populationMismatch(
        "outcomes for generation \(request.generation), round \(request.round), told to a run at generation \(generations), round \(currentRound)")
    }
    guard outcomes.count == request.count, request.candidates.count == request.count else {
      throw FisherError.populationMismatch("\(outcomes.count) outcomes for \(request.count) requested evaluations")
    }
    if let nf = noiseFree, nf.count != request.count {
      throw FisherError.populationMismatch("\(nf.count) noise-free values for \(request.count) requested evaluations")
    }
    if surrogate != nil {
      return try tellSurrogate(request, outcomes: outcomes, noiseFree: noiseFree, restartFactory: restartFactory)
    }
    if let handling = constraintHandling, let rows = constraints {
      return try tellConstrained(
        request, outcomes: outcomes, constraints: rows, handling: handling, noiseFree: noiseFree,
        restartFactory: restartFactory)
    }
    let lambda = request.population.count
    // Per evaluation: failures, target hits and the best noise-free value.
    var failures = 0
    var r = records
    for (j, o) in outcomes.enumerated() {
      if case .failed(let why) = o {
        failures += 1
        r.lastFailure = why
      }
      note(&r, request.points[j], value: o.fitness, noiseFree: noiseFree?[j], evaluation: request.firstEvaluation + j)
    }
    // Per candidate: the aggregate of its values in this round.
    var values: [Double]
    if request.count == lambda && request.round == 0 {
      values = outcomes.map(\.fitness)
    } else {
      var grouped = [[Double]](repeating: [], count: lambda)
      for (j, o) in outcomes.enumerated() {
        let c = request.candidates[j]
        guard (0..<lambda).contains(c) else {
          throw FisherError.populationMismatch("requested evaluation \(j) names candidate \(c) of \(lambda)")
        }
        grouped[c].append(o.fitness)
      }
      let aggregate = noiseHandling.aggregate
      values = grouped.map { $0.isEmpty ? .nan : aggregate.apply($0) }
    }

    if request.round == 1, let pending = pendingRound, case .uncertainty(var handling) = noiseHandling {
      var refitness = pending.fitness
      for i in pending.indices where !values[i].isNaN { refitness[i] = values[i] }
      handling.measure(fitness: pending.fitness, refitness: refitness, indices: pending.indices)
      let factor = handling.treat(dimension: strategy.dimension)
      let report = try finishGeneration(
        population: request.population, fitness: pending.fitness, evaluationsThisRound: request.count,
        generationEvaluations: pending.evaluations + request.count, failuresThisRound: failures,
        generationFailures: pending.failures + failures, stepSizeFactor: factor,
        restartFactory: restartFactory,
        commit: { run in
          run.noiseHandling = .uncertainty(handling)
          run.pendingRound = nil
          run.records = r
        })
      return report
    }

    let fitness = values.map { $0.isNaN ? .infinity : $0 }
    for (i, f) in fitness.enumerated() where f.isFinite {
      if r.best.map({ f < $0.f }) ?? true {
        let j = request.candidates.firstIndex(of: i) ?? i
        r.best = BestPoint(x: request.points[j], f: f, evaluation: request.firstEvaluation + j)
      }
    }
    if case .uncertainty(let handling) = noiseHandling, fitness.contains(where: \.isFinite) {
      var random = RandomStreams(seed: schedule.seed).generator(domain: Self.noiseDomain, generation: generations)
      let indices = handling.reevaluationIndices(fitness: fitness, uniform: random.nextUniform())
      if !indices.isEmpty {
        var firsts = [Int](repeating: 0, count: lambda)
        for (j, c) in request.candidates.enumerated().reversed() { firsts[c] = request.firstEvaluation + j }
        pendingRound = PendingRound(
          fitness: fitness, indices: indices, firstEvaluations: firsts, evaluations: request.count, failures: failures)
        commitOpenRound(r, evaluations: request.count, failures: failures)
        return nil
      }
    }
    return try finishGeneration(
      population: request.population, fitness: fitness, evaluationsThisRound: request.count,
      generationEvaluations: request.count, failuresThisRound: failures, generationFailures: failures,
      stepSizeFactor: 1, restartFactory: restartFactory,
      commit: { run in run.records = r })
  }

  /// The constrained form of ``tell(_:outcomes:constraints:noiseFree:restartFactory:)``,
  /// for a request that ``tell`` has checked against the run: one round per
  /// generation, the fitness from the constraint handling.
  mutating func tellConstrained(
    _ request: EvaluationRequest, outcomes: [EvaluationOutcome], constraints rows: [[Double]],
    handling: ConstraintHandling, noiseFree: [Double]?, restartFactory: ((RestartRequest) throws -> S)?
  ) throws -> GenerationReport? {
    let lambda = request.population.count
    guard request.count == lambda, rows.count == request.count else {
      throw FisherError.populationMismatch(
        "\(rows.count) rows of constraint values for \(request.count) requested evaluations of \(lambda) candidates")
    }
    let m = handling.constraintCount
    var outcomes = outcomes
    for (j, o) in outcomes.enumerated() {
      guard case .value = o else { continue }
      guard rows[j].count == m else {
        throw FisherError.populationMismatch("evaluation \(j) has \(rows[j].count) constraint values, expected \(m)")
      }
      if let why = Evaluation.nonFiniteConstraint(in: rows[j]) { outcomes[j] = .failed(why) }
    }
    var failures = 0
    var r = records
    var values = [Double?](repeating: nil, count: lambda)
    for (j, o) in outcomes.enumerated() {
      let number = request.firstEvaluation + j
      guard case .value(let f) = o else {
        if case .failed(let why) = o { r.lastFailure = why }
        failures += 1
        continue
      }
      values[j] = f
      let point = BestPoint(x: request.points[j], f: f, evaluation: number, constraints: rows[j])
      if r.best.map({ point.isBetter(than: $0) }) ?? true { r.best = point }
      guard point.isFeasible else { continue }
      if r.bestFeasible.map({ f < $0.f }) ?? true { r.bestFeasible = point }
      note(&r, request.points[j], value: f, noiseFree: noiseFree?[j], evaluation: number, constraints: rows[j])
    }
    var updated = handling
    let fitness = failures == lambda
      ? [Double](repeating: .infinity, count: lambda)
      : try updated.fitness(values: values, constraints: rows)
    return try finishGeneration(
      population: request.population, fitness: fitness, evaluationsThisRound: request.count,
      generationEvaluations: request.count, failuresThisRound: failures, generationFailures: failures,
      stepSizeFactor: 1, restartFactory: restartFactory,
      commit: { run in
        run.constraintHandling = updated
        run.records = r
      })
  }

  /// The surrogate-assisted form of ``tell(_:outcomes:constraints:noiseFree:restartFactory:)``,
  /// for a request that ``tell`` has checked against the run: the round's
  /// values go to the surrogate, which asks for another round or completes
  /// the generation's fitness (true values where evaluated, the model's
  /// elsewhere). After a generation the model's optimum is injected into the
  /// strategy, and a restart starts a fresh model.
  mutating func tellSurrogate(
    _ request: EvaluationRequest, outcomes: [EvaluationOutcome], noiseFree: [Double]?,
    restartFactory: ((RestartRequest) throws -> S)?
  ) throws -> GenerationReport? {
    // The generation is begun (its candidates asked) unless the state came from elsewhere.
    guard var s = currentSurrogate(points: ask().points) else {
      throw FisherError.nonFinite("the surrogate cannot model this generation's candidates")
    }
    guard request.candidates == s.pending else {
      throw FisherError.populationMismatch("outcomes for candidates \(request.candidates), the round asks for \(s.pending)")
    }
    var failures = 0
    var r = records
    for (j, o) in outcomes.enumerated() {
      let number = request.firstEvaluation + j
      let f = o.fitness
      if !f.isFinite {
        failures += 1
        if case .failed(let why) = o { r.lastFailure = why } else { r.lastFailure = "the objective returned \(f)" }
        continue
      }
      if r.best.map({ f < $0.f }) ?? true { r.best = BestPoint(x: request.points[j], f: f, evaluation: number) }
      note(&r, request.points[j], value: f, noiseFree: noiseFree?[j], evaluation: number)
    }
    let next = try s.tell(outcomes.map(\.fitness))
    guard next.isEmpty, let fitness = s.fitness else {
      surrogate = s
      commitOpenRound(r, evaluations: request.count, failures: failures)
      return nil
    }
    let restartsBefore = schedule.restarts
    let report = try finishGeneration(
      population: request.population, fitness: fitness, evaluationsThisRound: request.count,
      generationEvaluations: s.evaluatedInGeneration, failuresThisRound: failures,
      generationFailures: s.failedInGeneration, stepSizeFactor: 1, restartFactory: restartFactory,
      commit: { run in
        run.surrogate = s
        run.records = r
      })
    try beginSurrogateGeneration(restarted: schedule.restarts != restartsBefore)
    return report
  }

  /// Prepares the surrogate for the next generation: after a restart a fresh
  /// model (as pycma's `fmin_lq_surr2` starts each run with one), otherwise
  /// the model's optimum injected into the strategy; then the new population
  /// begun. Nothing to do once the run has stopped.
  mutating func beginSurrogateGeneration(restarted: Bool) throws {
    guard var s = surrogate, stopReason == nil else { return }
    if restarted {
      s = try s.restarted()
    } else if let x = s.modelOptimum() {
      try strategy.inject([x])
    }
    _ = try s.begin(ask().points)
    surrogate = s
  }

  /// The records a round updates, set aside until the round is committed.
  var records: RunRecords {
    get {
      RunRecords(
        best: best, bestNoiseFree: bestNoiseFree, bestFeasible: bestFeasible, targetHitAt: targetHitAt,
        lastFailure: lastFailure)
    }
    set {
      best = newValue.best
      bestNoiseFree = newValue.bestNoiseFree
      bestFeasible = newValue.bestFeasible
      targetHitAt = newValue.targetHitAt
      lastFailure = newValue.lastFailure
    }
  }

  /// Notes evaluation number `evaluation` at `x` in `r`: its noise-free
  /// value, when the objective reports one, as a candidate for
  /// ``bestNoiseFree``, and the first target hit, measured on the noise-free
  /// value or else on `value`.
  func note(
    _ r: inout RunRecords, _ x: [Double], value: Double, noiseFree: Double?, evaluation: Int,
    constraints: [Double]? = nil
  ) {
    let measured = noiseFree ?? value
    if noiseFree != nil, measured.isFinite, r.bestNoiseFree.map({ measured < $0.f }) ?? true {
      r.bestNoiseFree = BestPoint(x: x, f: measured, evaluation: evaluation, constraints: constraints)
    }
    if r.targetHitAt == nil, measured.isFinite, termination.targetReached(measured, optimalValue: optimalValue) != nil {
      r.targetHitAt = evaluation
    }
  }

  /// Commits a round after which its generation stays open (a re-evaluation
  /// or surrogate round follows): the records and the counts, no update.
  mutating func commitOpenRound(_ r: RunRecords, evaluations count: Int, failures: Int) {
    records = r
    failedEvaluations += failures
    evaluations += count
  }

  /// The domain of uncertainty handling's draws in the run's random streams.
  static var noiseDomain: UInt64 { 0x4e6f_6973_6548_616e }

  /// Tells the strategy a generation's fitness, scales its step size, commits
  /// the bookkeeping and checks the limits. Nothing changes when the strategy
  /// refuses the update.
  mutating func finishGeneration(
    population: Population, fitness: [Double], evaluationsThisRound: Int, generationEvaluations: Int,
    failuresThisRound: Int, generationFailures: Int, stepSizeFactor: Double,
    restartFactory: ((RestartRequest) throws -> S)?, commit: (inout Self) -> Void
  ) throws -> GenerationReport {
    let summary = FitnessSummary(fitness)
    if summary.finiteCount > 0 {
      var updated = strategy
      try updated.tell(population, fitness: fitness)
      if stepSizeFactor != 1 { try updated.scaleStepSize(by: stepSizeFactor) }
      strategy = updated
    }
    commit(&self)
    failedEvaluations += failuresThisRound
    evaluations += evaluationsThisRound
    if summary.finiteCount == 0 {
      stopReason = .allEvaluationsFailed
      return report(population: population.count, summary: summary, failures: generationFailures)
    }
    generations += 1
    schedule.record(evaluations: generationEvaluations, best: (constraintHandling == nil ? best : bestFeasible)?.f)
    let r = report(population: population.count, summary: summary, failures: generationFailures)
    try checkStop(restartFactory: restartFactory)
    return r
  }

  mutating func checkStop(restartFactory: ((RestartRequest) throws -> S)?) throws {
    let measured = constraintHandling == nil ? (bestNoiseFree ?? best) : (bestNoiseFree ?? bestFeasible)
    if let b = measured, let reason = termination.targetReached(b.f, optimalValue: optimalValue) {
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
    if let reason = strategy.stopReason {
      try restart(after: reason, restartFactory: restartFactory)
    } else if schedule.runIsOverItsLimit {
      // A small BIPOP/NBIPOP start has used its generations (pycma's `maxiter`).
      try restart(after: .strategy("maxiter"), restartFactory: restartFactory)
    }
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
      bestSoFar: (constraintHandling == nil ? best : bestFeasible)?.f ?? .infinity, generationBest: summary.best,
      generationMedian: summary.median, generationWorst: summary.worst, failures: failures,
      stepSize: strategy.stepSize, conditionNumber: strategy.conditionNumber, populationSize: population,
      mean: strategy.mean, standardDeviations: strategy.coordinateStandardDeviations)
  }

  /// The run's outcome so far.
  public var result: OptimizationResult {
    var recommended: [Double]
    switch recommendation {
    case .bestEvaluated: recommended = best?.x ?? strategy.mean
    case .distributionMean:
      recommended = bounds.map { $0.repair(strategy.mean) } ?? strategy.mean
      strategy.discretize(strategy.mean, into: &recommended)
    }
    return OptimizationResult(
      bestX: best?.x ?? strategy.mean, bestF: best?.f ?? .infinity, evaluations: evaluations,
      generations: generations, restarts: schedule.restarts, failedEvaluations: failedEvaluations,
      lastFailure: lastFailure, stopReason: stopReason, targetHitAt: targetHitAt,
      recommendedX: recommended, recommendation: recommendation, bestNoiseFreeF: bestNoiseFree?.f,
      bestConstraints: constraintHandling == nil ? nil : best?.constraints ?? [],
      bestFeasibleX: bestFeasible?.x, bestFeasibleF: bestFeasible?.f)
  }
}

/// What a round of evaluations updates in a run's records: the best points,
/// the first target hit and the last failure.
struct RunRecords {
  var best: BestPoint?
  var bestNoiseFree: BestPoint?
  var bestFeasible: BestPoint?
  var targetHitAt: Int?
  var lastFailure: String?
}

/// The first round of a generation under uncertainty handling, kept while its
/// re-evaluations are outstanding.
struct PendingRound: Sendable, Codable, Hashable {
  /// The candidates' fitness from the first round.
  var fitness: [Double]
  /// The candidates to re-evaluate.
  var indices: [Int]
  /// The 1-based evaluation number of each candidate's first evaluation.
  var firstEvaluations: [Int]
  /// Evaluations and failures of the first round.
  var evaluations: Int
  var failures: Int

  init(fitness: [Double], indices: [Int], firstEvaluations: [Int], evaluations: Int, failures: Int) {
    self.fitness = fitness
    self.indices = indices
    self.firstEvaluations = firstEvaluations
    self.evaluations = evaluations
    self.failures = failures
  }

  enum CodingKeys: String, CodingKey { case fitness, indices, firstEvaluations, evaluations, failures }

  // A failed candidate's +∞ is written as null: JSON has no infinity.
  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(fitness.map { $0.isFinite ? $0 : nil }, forKey: .fitness)
    try c.encode(indices, forKey: .indices)
    try c.encode(firstEvaluations, forKey: .firstEvaluations)
    try c.encode(evaluations, forKey: .evaluations)
    try c.encode(failures, forKey: .failures)
  }

  init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    fitness = try c.decode([Double?].self, forKey: .fitness).map { $0 ?? .infinity }
    guard !fitness.contains(where: \.isNaN) else { throw FisherError.malformedInput("a pending round's fitness is NaN") }
    indices = try c.decode([Int].self, forKey: .indices)
    firstEvaluations = try c.decode([Int].self, forKey: .firstEvaluations)
    evaluations = try c.decode(Int.self, forKey: .evaluations)
    failures = try c.decode(Int.self, forKey: .failures)
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
  /// The 1-based evaluation at which the target was first reached, if it was
  /// (measured on noise-free values when the objective reports them).
  public var targetHitAt: Int?
  /// The run's answer, chosen by ``recommendation``: the best evaluated point
  /// (by its aggregated value under resampling), or the final distribution
  /// mean (uncertainty handling, learning-rate adaptation).
  public var recommendedX: [Double]
  public var recommendation: Recommendation
  /// The smallest noise-free value of an evaluated point, when the objective
  /// reports noise-free values.
  public var bestNoiseFreeF: Double?
  /// In a run with constraints: the constraint values at ``bestX``, the best
  /// point by Deb's rules (the best feasible point when one was evaluated,
  /// else the least violating one); empty when nothing was evaluated.
  public var bestConstraints: [Double]?
  /// In a run with constraints: the feasible evaluated point with the
  /// smallest value, nil when no feasible point was seen.
  public var bestFeasibleX: [Double]?
  public var bestFeasibleF: Double?

  /// In a run with constraints, whether a feasible point was evaluated.
  public var feasible: Bool? { bestConstraints == nil ? nil : bestFeasibleF != nil }
  /// In a run with constraints, maxᵢ max(0, gᵢ) at ``bestX`` (0 when it is feasible).
  public var bestMaxViolation: Double? { bestConstraints.map { Evaluation.maxViolation(of: $0) } }

  public init(
    bestX: [Double], bestF: Double, evaluations: Int, generations: Int, restarts: Int, failedEvaluations: Int,
    lastFailure: String? = nil, stopReason: StopReason? = nil, targetHitAt: Int? = nil,
    recommendedX: [Double]? = nil, recommendation: Recommendation = .bestEvaluated, bestNoiseFreeF: Double? = nil,
    bestConstraints: [Double]? = nil, bestFeasibleX: [Double]? = nil, bestFeasibleF: Double? = nil
  ) {
    self.bestConstraints = bestConstraints
    self.bestFeasibleX = bestFeasibleX
    self.bestFeasibleF = bestFeasibleF
    self.bestX = bestX
    self.bestF = bestF
    self.evaluations = evaluations
    self.generations = generations
    self.restarts = restarts
    self.failedEvaluations = failedEvaluations
    self.lastFailure = lastFailure
    self.stopReason = stopReason
    self.targetHitAt = targetHitAt
    self.recommendedX = recommendedX ?? bestX
    self.recommendation = recommendation
    self.bestNoiseFreeF = bestNoiseFreeF
  }

  enum CodingKeys: String, CodingKey {
    case bestX, bestF, evaluations, generations, restarts, failedEvaluations, lastFailure, stopReason, targetHitAt
    case recommendedX, recommendation, bestNoiseFreeF
    case bestConstraints, bestFeasibleX, bestFeasibleF
  }

  /// Decodes a result; one saved before recommendations existed recommends its best point.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    try self.init(
      bestX: c.decode([Double].self, forKey: .bestX), bestF: c.decode(Double.self, forKey: .bestF),
      evaluations: c.decode(Int.self, forKey: .evaluations), generations: c.decode(Int.self, forKey: .generations),
      restarts: c.decode(Int.self, forKey: .restarts),
      failedEvaluations: c.decode(Int.self, forKey: .failedEvaluations),
      lastFailure: c.decodeIfPresent(String.self, forKey: .lastFailure),
      stopReason: c.decodeIfPresent(StopReason.self, forKey: .stopReason),
      targetHitAt: c.decodeIfPresent(Int.self, forKey: .targetHitAt),
      recommendedX: c.decodeIfPresent([Double].self, forKey: .recommendedX),
      recommendation: c.decodeIfPresent(Recommendation.self, forKey: .recommendation) ?? .bestEvaluated,
      bestNoiseFreeF: c.decodeIfPresent(Double.self, forKey: .bestNoiseFreeF),
      bestConstraints: c.decodeIfPresent([Double].self, forKey: .bestConstraints),
      bestFeasibleX: c.decodeIfPresent([Double].self, forKey: .bestFeasibleX),
      bestFeasibleF: c.decodeIfPresent(Double.self, forKey: .bestFeasibleF))
  }
}

/// The best, median and worst of a generation's finite fitness values, as reported.
///
/// The median is the element at index ⌊k/2⌋ of the k finite values in
/// ascending order (the upper median for even k), found by selection in a
/// scratch copy rather than by sorting; all three are +∞ when no value is finite.
struct FitnessSummary {
  var finiteCount = 0
  var best = Double.infinity
  var median = Double.infinity
  var worst = Double.infinity

  init(_ fitness: [Double]) {
    let n = fitness.count
    guard n > 0 else { return }
    var count = 0
    var best = Double.infinity
    var worst = -Double.infinity
    let median: Double = withUnsafeTemporaryAllocation(of: Double.self, capacity: n) { scratch in
      for v in fitness where v.isFinite {
        scratch[count] = v
        count += 1
        if v < best { best = v }
        if v > worst { worst = v }
      }
      guard count > 0 else { return .infinity }
      return select(UnsafeMutableBufferPointer(rebasing: scratch[0..<count]), rank: count / 2)
    }
    finiteCount = count
    self.best = best
    self.median = median
    self.worst = count > 0 ? worst : .infinity
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
