import Fisher
import Foundation

/// A durable ask/tell study: a strategy whose generations are evaluated by
/// any number of workers, in any number of processes, through a ``StudyStore``.
///
/// Each generation's candidates are inserted at once; a worker claims one
/// with ``ask(worker:pollInterval:)``, evaluates `lease.point`, keeps the lease alive with
/// ``heartbeat(_:)`` and reports with ``tell(_:value:reason:)``. The call
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
public final class Study<S: Strategy>: Sendable {
  public let record: StudyRecord
  public let store: any StudyStore
  let advanceGeneration: GenerationAdvancer

  public var name: String { record.name }
  public var settings: StudySettings { record.settings }

  init(record: StudyRecord, store: any StudyStore) {
    self.record = record
    self.store = store
    self.advanceGeneration = Self.advancer(settings: record.settings)
  }

  /// Creates the study, or opens it when one of that name exists with the
  /// same strategy state and settings.
  ///
  /// - Parameter strategyName: the name stored for the strategy (the default
  ///   is `S.name`; a registry type passes the wrapped strategy's name).
  /// - Throws: `FisherError` for invalid settings or a study of that name
  ///   with other options; ``StudyStoreError`` when the storage fails.
  public static func create(
    name: String, strategy: S, strategyName: String = S.name, settings: StudySettings, store: any StudyStore
  ) async throws -> Study {
    try settings.validate(dimension: strategy.dimension)
    guard strategy.generation == 0 else {
      throw FisherError.invalidParameter(
        name: "strategy", reason: "a study starts from a fresh strategy (generation 0, got \(strategy.generation))")
    }
    let state = try StudyCoding.encode(strategy)
    let points = candidatePoints(strategy.ask(), bounds: settings.bounds)
    let record = try await store.createStudy(
      name: name, strategy: strategyName, settings: settings, populationSize: strategy.populationSize,
      initialState: state, candidates: points)
    let study = Study(record: record, store: store)
    _ = try await study.strategy()
    return study
  }

  /// Opens (creating the database file if needed) and creates the study.
  public static func create(
    name: String, strategy: S, strategyName: String = S.name, settings: StudySettings, storage: StorageURL
  ) async throws -> Study {
    let store = try await storage.openStore(create: true)
    do {
      return try await create(name: name, strategy: strategy, strategyName: strategyName, settings: settings, store: store)
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
    try record.settings.validate(dimension: strategy.dimension)
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

  /// Claims one candidate, waiting while every candidate of the current
  /// generation is claimed by others; nil once the study is finished.
  public func ask(worker: String, pollInterval: Duration = .milliseconds(100)) async throws -> Lease? {
    while true {
      switch try await tryAsk(worker: worker) {
      case .lease(let lease): return lease
      case .finished: return nil
      case .wait: try await Task.sleep(for: pollInterval)
      }
    }
  }

  /// Claims one candidate if one is pending (expiring overdue leases first).
  public func tryAsk(worker: String) async throws -> ClaimOutcome {
    guard !worker.isEmpty else { throw FisherError.invalidParameter(name: "worker", reason: "a worker needs a name") }
    return try await store.claim(study: record, worker: worker, advance: advanceGeneration)
  }

  /// Extends the lease by the study's lease duration; false when it is no
  /// longer current (it expired and the candidate was claimed again or failed).
  public func heartbeat(_ lease: Lease) async throws -> Bool {
    try await store.heartbeat(lease, duration: settings.leaseDuration) != nil
  }

  /// Reports the value of `lease.point`.
  ///
  /// A non-finite `value` (or nil) is a failed evaluation, ranked worst; give
  /// the `reason`. A result for a lease that is no longer current is rejected
  /// and changes nothing.
  @discardableResult
  public func tell(_ lease: Lease, value: Double?, reason: String? = nil) async throws -> ReportOutcome {
    guard lease.studyID == record.id else {
      throw FisherError.invalidParameter(name: "lease", reason: "lease of study '\(lease.study)' told to study '\(name)'")
    }
    return try await store.report(lease, value: value, reason: reason, advance: advanceGeneration)
  }

  /// Gives the candidate back (e.g. on Ctrl-C) without counting an attempt against it.
  @discardableResult
  public func release(_ lease: Lease) async throws -> Bool {
    try await store.release(lease)
  }

  // MARK: Reading

  /// The latest strategy state (the final one once the study is finished).
  public func strategy() async throws -> S {
    let (generation, text) = try await store.state(study: record, generation: nil)
    return try Self.decodeState(text, study: name, generation: generation)
  }

  public func status() async throws -> StudyStatus { try await store.status(study: record) }
  public func evaluations() async throws -> [StudyEvaluation] { try await store.evaluations(study: record) }
  public func reports() async throws -> [StudyReport] { try await store.reports(study: record) }

  /// The best accepted evaluation so far.
  public func best() async throws -> StudyEvaluation? { try await status().best }

  // MARK: Internals

  static func decodeState(_ text: String, study: String, generation: Int) throws -> S {
    try StudyCoding.decode(text, as: S.self, what: "strategy state of study '\(study)' at generation \(generation)")
  }

  /// The points to evaluate: the candidates, repaired into the bounds.
  static func candidatePoints(_ population: Population, bounds: BoxBounds?) -> [[Double]] {
    (0..<population.count).map { i in bounds?.repair(population[i]) ?? population[i] }
  }

  /// `tell` on a stored state, then the next generation or the stop reason.
  static func advancer(settings: StudySettings) -> GenerationAdvancer {
    return { text, fitness, evaluations in
      var strategy: S = try StudyCoding.decode(text, what: "a stored strategy state")
      let population = strategy.ask()
      try strategy.tell(population, fitness: fitness)
      let stop: String?
      if evaluations >= settings.budget {
        stop = StopReason.budget.description
      } else if fitness.allSatisfy({ $0 == .infinity }) {
        stop = StopReason.allEvaluationsFailed.description
      } else {
        stop = strategy.stopReason?.description
      }
      let next = stop == nil ? candidatePoints(strategy.ask(), bounds: settings.bounds) : nil
      return GenerationAdvance(state: try StudyCoding.encode(strategy), candidates: next, stopReason: stop)
    }
  }
}
