import Fisher
import Foundation

/// A durable ask/tell study: a strategy whose generations are evaluated by
/// any number of workers, in any number of processes, through a ``StudyStore``.
///
/// Each generation's candidates are inserted at once; a worker claims one
/// with ``ask(worker:pollInterval:)``, evaluates `lease.point`, keeps the lease alive with
/// ``heartbeat(_:)`` and reports with ``tell(_:value:constraints:reason:)``. The call
/// that records a generation's last result applies the strategy's `tell` and
/// inserts the next generation in the same transaction. Because a strategy's
/// `ask` is a pure function of its state, the final state equals that of a
/// single-process loop with the same seed:
///
///     var s = initial; var evaluations = 0
///     repeat {
///       let p = s.ask()
///       try s.tell(p, fitness: p.rows.map { f(bounds.repair($0)) })   // failed → +∞
///       evaluations += p.count
///     } while evaluations < budget && s.stopReason == nil
///
///     let study = try await Study.create(name: "wing", strategy: cma, settings: .init(budget: 2000),
///                                        storage: StorageURL("sqlite:///tmp/wing.db"))
///     while let lease = try await study.ask(worker: "w1") {
///       try await study.tell(lease, value: simulate(lease.point))
///     }
///
/// With noise handling (``StudySettings/noise``: resampling or uncertainty
/// handling) the study is driven by an `Optimizer`: every evaluation the
/// optimizer's `Fisher/Optimizer/request()` asks for is a row of its own, a
/// repeated evaluation tied to its point by its candidate and the row it
/// repeats. Uncertainty handling's re-evaluations are inserted in the
/// transaction that records the first round's last result, with the
/// optimizer's state after that round (what uncertainty handling keeps
/// between rounds), and the strategy's `tell` happens when the last round
/// completes. The final state then equals that of the in-process loop
///
///     var run = try Optimizer(strategy: initial, termination: Termination(maxEvaluations: budget),
///                             bounds: bounds, seed: seed, noise: noise)
///     while run.stopReason == nil { try await run.step(objective) }
///
/// With constraints (``StudySettings/constraints``) the study is driven by an
/// `Optimizer` with that constraint handling too: a worker reports the value
/// and the m constraint values of its point (``tell(_:value:constraints:reason:)``),
/// each done row keeps them, and the generation's `tell` passes them on, so
/// the final state equals that of the loop with a `ConstrainedObjective`
/// and `constraints: settings.constraints?.handling(dimension:)`.
public final class Study<S: Strategy>: Sendable {
  public let record: StudyRecord
  public let store: any StudyStore
  let advanceGeneration: GenerationAdvancer

  public var name: String { record.name }
  public var settings: StudySettings { record.settings }

  init(record: StudyRecord, store: any StudyStore) {
    self.record = record
    self.store = store
    self.advanceGeneration =
      record.settings.drivenByOptimizer ? Self.optimizerAdvancer() : Self.advancer(settings: record.settings)
  }

  /// Creates the study, or opens it when one of that name exists with the
  /// same strategy state and settings.
  ///
  /// - Parameters:
  ///   - strategyName: the name stored for the strategy (the default is
  ///     `S.name`; a registry type passes the wrapped strategy's name).
  ///   - seed: the seed of the driver's own draws (uncertainty handling's
  ///     rounding of the re-evaluation count), as `Optimizer`'s; it is part
  ///     of the initial state of a study with noise handling and unused
  ///     without.
  /// - Throws: `FisherError` for invalid settings (among them uncertainty
  ///   handling with a strategy whose step size cannot be scaled) or a study
  ///   of that name with other options; ``StudyStoreError`` when the storage fails.
  public static func create(
    name: String, strategy: S, strategyName: String = S.name, settings: StudySettings, seed: UInt64 = 0,
    store: any StudyStore
  ) async throws -> Study {
    try settings.validate(strategy: strategy)
    guard strategy.generation == 0 else {
      throw FisherError.invalidParameter(
        name: "strategy", reason: "a study starts from a fresh strategy (generation 0, got \(strategy.generation))")
    }
    let state: String
    let rows: [PlannedEvaluation]
    if settings.drivenByOptimizer {
      let optimizer = try Optimizer(
        strategy: strategy, termination: Termination(maxEvaluations: settings.budget), bounds: settings.bounds,
        seed: seed, noise: settings.noise, recommendation: settings.recommendation,
        constraints: try settings.constraints?.handling(dimension: strategy.dimension), surrogate: settings.surrogate)
      state = try StudyCoding.encode(optimizer)
      let request = optimizer.request()
      rows = plan(request, generationStart: request.firstEvaluation)
    } else {
      state = try StudyCoding.encode(strategy)
      rows = plan(strategy.ask(), bounds: settings.bounds, firstEvaluation: 1)
    }
    let record = try await store.createStudy(
      name: name, strategy: strategyName, settings: settings, populationSize: strategy.populationSize,
      initialState: state, evaluations: rows)
    let study = Study(record: record, store: store)
    _ = try await study.strategy()
    return study
  }

  /// Opens (creating the database file if needed) and creates the study.
  public static func create(
    name: String, strategy: S, strategyName: String = S.name, settings: StudySettings, seed: UInt64 = 0,
    storage: StorageURL
  ) async throws -> Study {
    let store = try await storage.openStore(create: true)
    do {
      return try await create(
        name: name, strategy: strategy, strategyName: strategyName, settings: settings, seed: seed, store: store)
    } catch {
      await store.close()
      throw error
    }
  }

  /// Opens an existing study and checks that its latest state decodes as `S`.
  ///
  /// - Throws: `FisherError/unknownName(kind:name:known:)` for an unknown
  ///   study, `FisherError/malformedInput(_:)` for a state that does not decode.
  public static func open(name: String, store: any StudyStore) async throws -> Study {
    let record = try await store.study(named: name)
    let study = Study(record: record, store: store)
    let strategy = try await study.strategy()
    try record.settings.validate(strategy: strategy)
    return study
  }

  /// Opens the store at `storage` (never creating a SQLite file) and the study.
  public static func open(name: String, storage: StorageURL) async throws -> Study {
    let store = try await storage.openStore(create: false)
    do {
      return try await open(name: name, store: store)
    } catch {
      await store.close()
      throw error
    }
  }

  /// Closes the underlying store.
  public func close() async { await store.close() }

  // MARK: Ask and tell

  /// Claims one evaluation, waiting while every row of the current generation
  /// is claimed by others; nil once the study is finished.
  public func ask(worker: String, pollInterval: Duration = .milliseconds(100)) async throws -> Lease? {
    while true {
      switch try await tryAsk(worker: worker) {
      case .lease(let lease): return lease
      case .finished: return nil
      case .wait: try await Task.sleep(for: pollInterval)
      }
    }
  }

  /// Claims one evaluation if one is pending (expiring overdue leases first).
  public func tryAsk(worker: String) async throws -> ClaimOutcome {
    guard !worker.isEmpty else { throw FisherError.invalidParameter(name: "worker", reason: "a worker needs a name") }
    return try await store.claim(study: record, worker: worker, advance: advanceGeneration)
  }

  /// Extends the lease by the study's lease duration; false when it is no
  /// longer current (it expired and the candidate was claimed again or failed).
  public func heartbeat(_ lease: Lease) async throws -> Bool {
    try await store.heartbeat(lease, duration: settings.leaseDuration) != nil
  }

  /// Reports the value of `lease.point`, and in a study with constraints its
  /// constraint values g₁ … gₘ.
  ///
  /// A non-finite `value` (or nil) is a failed evaluation, ranked worst; give
  /// the `reason`. In a study with constraints, a value without exactly m
  /// constraint values, or with a NaN or infinite one, is a failed evaluation
  /// too, recorded with the reason. A result for a lease that is no longer
  /// current is rejected and changes nothing.
  ///
  /// - Throws: `FisherError/invalidParameter(name:reason:)` for a lease of
  ///   another study, or constraint values told to a study without constraints.
  @discardableResult
  public func tell(_ lease: Lease, value: Double?, constraints: [Double]? = nil, reason: String? = nil) async throws
    -> ReportOutcome
  {
    guard lease.studyID == record.id else {
      throw FisherError.invalidParameter(name: "lease", reason: "lease of study '\(lease.study)' told to study '\(name)'")
    }
    var (value, reason) = (value, reason)
    if let declared = settings.constraints {
      if let v = value, v.isFinite {
        (value, reason) = declared.check(value: v, constraints: constraints)
      }
    } else if constraints != nil {
      throw FisherError.invalidParameter(
        name: "constraints", reason: "constraint values told to study '\(name)', which has no constraints")
    }
    return try await store.report(
      lease, value: value, constraints: constraints, reason: reason, advance: advanceGeneration)
  }

  /// Gives the evaluation back (e.g. on Ctrl-C) without counting an attempt against it.
  @discardableResult
  public func release(_ lease: Lease) async throws -> Bool {
    try await store.release(lease)
  }

  // MARK: Reading

  /// The latest strategy state (the final one once the study is finished).
  public func strategy() async throws -> S {
    let (generation, text) = try await store.state(study: record, generation: nil)
    if settings.drivenByOptimizer { return try Self.decodeOptimizer(text, study: name, generation: generation).strategy }
    return try StudyCoding.decode(text, as: S.self, what: "strategy state of study '\(name)' at generation \(generation)")
  }

  /// The driver of a study with noise handling as it stands now (between
  /// the rounds of a generation, with what uncertainty handling keeps); nil
  /// for a study without noise handling, which stores the strategy alone.
  public func optimizer() async throws -> Optimizer<S>? {
    guard settings.drivenByOptimizer else { return nil }
    let (generation, _, text) = try await store.currentState(study: record)
    return try Self.decodeOptimizer(text, study: name, generation: generation)
  }

  /// The study's progress; with uncertainty handling, its current
  /// evaluations per candidate and noise measure too.
  public func status() async throws -> StudyStatus {
    var status = try await store.status(study: record)
    if case .uncertainty(let u)? = try await optimizer()?.noiseHandling {
      status.evaluationsPerCandidate = u.evaluationsPerCandidate
      status.noiseMeasure = u.noiseMeasure
    }
    return status
  }

  public func evaluations() async throws -> [StudyEvaluation] { try await store.evaluations(study: record) }
  public func reports() async throws -> [StudyReport] { try await store.reports(study: record) }

  /// The best accepted evaluation so far: a single evaluation, which under
  /// noise is a lucky draw more often than not (see ``recommendation()``).
  public func best() async throws -> StudyEvaluation? { try await status().best }

  /// The study's answer, chosen by ``StudySettings/effectiveRecommendation``
  /// as `Fisher/OptimizationResult/recommendedX` is: the distribution mean
  /// (moved into the bounds), or the best evaluated point, ranked under
  /// resampling by the aggregate of its candidate's evaluations; nil while no
  /// evaluation has a value to rank.
  ///
  /// In a study with constraints it is the best feasible evaluation, or while
  /// none was evaluated the least violating one (summed violation, then value)
  /// with ``StudyRecommendation/feasible`` false.
  public func recommendation() async throws -> StudyRecommendation? {
    let kind = settings.effectiveRecommendation
    if settings.constraints != nil {
      guard let best = try await status().best, let value = best.value else { return nil }
      return StudyRecommendation(
        recommendation: kind, point: best.point, value: value, generation: best.generation, index: best.index,
        constraints: best.constraints, feasible: best.isFeasible ?? false)
    }
    if let optimizer = try await optimizer() {
      let result = optimizer.result
      if kind == .distributionMean {
        return StudyRecommendation(
          recommendation: kind, point: result.recommendedX, value: nil, generation: nil, index: nil)
      }
      guard let best = optimizer.best else { return nil }
      let row = try await store.evaluation(study: record, number: best.evaluation)
      return StudyRecommendation(
        recommendation: kind, point: result.recommendedX, value: best.f, generation: row?.generation, index: row?.index)
    }
    if kind == .distributionMean {
      let mean = try await strategy().mean
      return StudyRecommendation(
        recommendation: kind, point: settings.bounds?.repair(mean) ?? mean, value: nil, generation: nil, index: nil)
    }
    guard let best = try await best(), let value = best.value else { return nil }
    return StudyRecommendation(
      recommendation: kind, point: best.point, value: value, generation: best.generation, index: best.index)
  }

  // MARK: Internals

  static func decodeOptimizer(_ text: String, study: String, generation: Int) throws -> Optimizer<S> {
    try StudyCoding.decode(text, what: "optimizer state of study '\(study)' at generation \(generation)")
  }

  /// The rows of a generation without noise handling: its candidates,
  /// repaired into the bounds, numbered from `firstEvaluation`.
  static func plan(_ population: Population, bounds: BoxBounds?, firstEvaluation: Int) -> [PlannedEvaluation] {
    (0..<population.count).map { i in
      PlannedEvaluation(
        point: bounds?.repair(population[i]) ?? population[i], candidate: i, evaluation: firstEvaluation + i)
    }
  }

  /// The rows of an optimizer's request. A generation's rows are numbered
  /// over its rounds in evaluation order, so the row an evaluation repeats is
  /// its evaluation number less that of the generation's first evaluation.
  static func plan(_ request: EvaluationRequest, generationStart: Int) -> [PlannedEvaluation] {
    (0..<request.count).map { j in
      PlannedEvaluation(
        point: request.points[j], candidate: request.candidates[j],
        repeatOf: request.repeatOf[j].map { $0 - generationStart }, evaluation: request.firstEvaluation + j)
    }
  }

  /// `tell` on a stored strategy state, then the next generation or the stop reason.
  static func advancer(settings: StudySettings) -> GenerationAdvancer {
    return { round in
      var strategy: S = try StudyCoding.decode(round.state, what: "a stored strategy state")
      let population = strategy.ask()
      let fitness = round.outcomes.map(\.fitness)
      try strategy.tell(population, fitness: fitness)
      let stop: String?
      if round.evaluations >= settings.budget {
        stop = StopReason.budget.description
      } else if fitness.allSatisfy({ $0 == .infinity }) {
        stop = StopReason.allEvaluationsFailed.description
      } else {
        stop = strategy.stopReason?.description
      }
      let next =
        stop == nil ? plan(strategy.ask(), bounds: settings.bounds, firstEvaluation: round.evaluations + 1) : nil
      return GenerationAdvance(state: try StudyCoding.encode(strategy), evaluations: next, stopReason: stop)
    }
  }

  /// The optimizer's `tell` of a completed round on its stored state, then
  /// the next round (uncertainty handling's re-evaluations), the next
  /// generation, or the stop reason. The request is rebuilt from the state
  /// (`request()` is a pure function of it), so the rows must match it.
  static func optimizerAdvancer() -> GenerationAdvancer {
    return { round in
      var optimizer: Optimizer<S> = try StudyCoding.decode(round.state, what: "a stored optimizer state")
      let request = optimizer.request()
      guard request.round == round.round, request.count == round.outcomes.count else {
        throw FisherError.malformedInput(
          "round \(round.round) of generation \(request.generation) has \(round.outcomes.count) evaluations; its state asks round \(request.round) with \(request.count)")
      }
      if let handling = optimizer.constraintHandling {
        let (outcomes, rows) = constrainedRound(round, count: handling.constraintCount)
        try optimizer.tell(request, outcomes: outcomes, constraints: rows)
      } else {
        try optimizer.tell(request, outcomes: round.outcomes)
      }
      guard optimizer.evaluations == round.evaluations else {
        throw FisherError.malformedInput(
          "the study has \(round.evaluations) evaluations; its optimizer state counts \(optimizer.evaluations)")
      }
      let state = try StudyCoding.encode(optimizer)
      if let stop = optimizer.stopReason {
        return GenerationAdvance(state: state, evaluations: nil, stopReason: stop.description)
      }
      let next = optimizer.request()
      let nextRound = next.round > 0
      let rows = plan(next, generationStart: nextRound ? request.firstEvaluation : next.firstEvaluation)
      return GenerationAdvance(state: state, evaluations: rows, stopReason: nil, nextRound: nextRound)
    }
  }

  /// A round's outcomes and constraint rows for a constrained `tell`: a done
  /// row without m constraint values (which ``tell(_:value:constraints:reason:)``
  /// never stores) counts as failed rather than stopping the study.
  static func constrainedRound(_ round: CompletedRound, count m: Int) -> ([Fisher.EvaluationOutcome], [[Double]]) {
    var outcomes = round.outcomes
    var rows: [[Double]] = []
    for j in outcomes.indices {
      let g = j < round.constraints.count ? round.constraints[j] : nil
      if case .value = outcomes[j], g?.count != m {
        outcomes[j] = .failed("stored without its \(m) constraint values")
      }
      rows.append(g ?? [])
    }
    return (outcomes, rows)
  }
}
