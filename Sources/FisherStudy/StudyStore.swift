/// Durable storage of studies: generations, evaluations, leases and results.
///
/// A store knows nothing of strategies: it keeps each generation's serialized
/// state and its rows (one per evaluation), and calls a ``GenerationAdvancer``
/// inside the transaction that records a round's last result, so that exactly
/// one process applies `tell` and inserts the next generation (or the next
/// round of the same generation, with its state), atomically with that result.
/// ``Study`` puts a typed strategy on top.
///
/// Guarantees every implementation gives:
/// - claims are exclusive: a row is `running` under one (owner, attempt);
/// - a result is accepted only for the current attempt of a running row,
///   so each row ends with exactly one accepted result;
/// - an expired lease returns its row to `pending`; after
///   `maxAttempts` expiries the row is `failed` (ranked +∞);
/// - (study, generation) is unique, and a round's rows are inserted once.
public protocol StudyStore: Sendable {
  /// Creates a study with generation 0, or opens the existing one of that
  /// name when strategy, settings and initial state agree.
  ///
  /// - Throws: `FisherError/invalidParameter(name:reason:)` listing what
  ///   differs from an existing study of that name.
  func createStudy(
    name: String, strategy: String, settings: StudySettings, populationSize: Int, initialState: String,
    evaluations: [PlannedEvaluation]
  ) async throws -> StudyRecord

  /// - Throws: `FisherError/unknownName(kind:name:known:)` for an unknown study.
  func study(named name: String) async throws -> StudyRecord

  /// The stored strategy state of `generation` (the latest when nil) and its number.
  func state(study: StudyRecord, generation: Int?) async throws -> (generation: Int, state: String)

  /// The stored state that asks the latest generation's current round: the
  /// generation's state in round 0, the state kept after round 0 in round 1.
  func currentState(study: StudyRecord) async throws -> (generation: Int, round: Int, state: String)

  /// Expires overdue leases, then claims one pending candidate for `worker`.
  func claim(study: StudyRecord, worker: String, advance: @escaping GenerationAdvancer) async throws -> ClaimOutcome

  /// Extends `lease`; the new expiry, or nil when the lease is no longer current.
  func heartbeat(_ lease: Lease, duration: Double) async throws -> Double?

  /// Records a result (`value` nil for a failed evaluation, with `reason`),
  /// with its constraint values in a study with constraints (kept for a done
  /// row only, and checked by ``Study/tell(_:value:constraints:reason:)``).
  func report(
    _ lease: Lease, value: Double?, constraints: [Double]?, reason: String?, advance: @escaping GenerationAdvancer
  ) async throws -> ReportOutcome

  /// Returns a claimed candidate to pending without counting an attempt against it.
  @discardableResult
  func release(_ lease: Lease) async throws -> Bool

  func status(study: StudyRecord) async throws -> StudyStatus
  /// Every evaluation (row) of the study, by generation and index.
  func evaluations(study: StudyRecord) async throws -> [StudyEvaluation]
  /// The row with 1-based evaluation number `number`, if there is one.
  func evaluation(study: StudyRecord, number: Int) async throws -> StudyEvaluation?
  /// Every reported result, in the order reported.
  func reports(study: StudyRecord) async throws -> [StudyReport]

  func close() async
}

extension StudyStore {
  /// Records a result of a study without constraints.
  public func report(_ lease: Lease, value: Double?, reason: String?, advance: @escaping GenerationAdvancer)
    async throws -> ReportOutcome
  {
    try await report(lease, value: value, constraints: nil, reason: reason, advance: advance)
  }
}

extension StorageURL {
  /// Opens the store at this location and creates or migrates its schema.
  ///
  /// - Parameter create: whether a missing SQLite file may be created (a
  ///   worker passes false, so a database that went away is reported, not
  ///   silently replaced by an empty one).
  public func openStore(create: Bool) async throws -> any StudyStore {
    let database: any SQLDatabase
    switch self {
    case .sqlite(let path):
      database = try await SQLiteDatabase(path: path, create: create)
    case .postgres(let location):
      database = try await PostgresDatabase(location)
    }
    do {
      try await StudySchema.migrate(database)
    } catch {
      await database.close()
      throw error
    }
    return RelationalStudyStore(database)
  }
}
