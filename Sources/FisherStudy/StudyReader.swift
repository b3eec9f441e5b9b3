import Fisher
import Foundation

/// Read-only access to every study of a store, for monitoring.
///
/// A reader opens its database so that it cannot write (SQLite with
/// `PRAGMA query_only`, PostgreSQL with read-only transactions) and never
/// migrates the schema: it refuses a database whose schema is older than the
/// columns it reads or newer than this build knows. Every listing is paged
/// or incremental, so a study of any size is read in bounded pieces.
public struct StudyReader: Sendable {
  let store: RelationalStudyStore

  /// The oldest schema version whose columns the reader needs.
  static let oldestReadableSchema = 3

  init(_ database: any SQLDatabase) async throws {
    let rows: [[SQLValue]]
    do {
      rows = try await database.execute("SELECT value FROM fisher_meta WHERE key = 'schema_version'", [])
    } catch StudyStoreError.database {
      throw StudyStoreError.unavailable("the database holds no Fisher studies (no fisher_meta table)")
    }
    guard let text = rows.first?.first?.text, let found = Int(text) else {
      throw StudyStoreError.unavailable("the database holds no Fisher studies (no schema version)")
    }
    if found > StudySchema.version { throw StudyStoreError.schemaTooNew(found: found, known: StudySchema.version) }
    guard found >= Self.oldestReadableSchema else {
      throw StudyStoreError.unavailable(
        "the database has study schema version \(found); run any `fisher study` command that writes to upgrade it to \(StudySchema.version)"
      )
    }
    store = RelationalStudyStore(database)
  }

  public func close() async { await store.close() }

  /// Every study, by name.
  public func studies() async throws -> [StudyOverview] {
    let names = try await store.database.execute("SELECT name FROM fisher_studies ORDER BY name", [])
      .compactMap { $0.first?.text }
    var overviews: [StudyOverview] = []
    for name in names { overviews.append(try await overview(name: name)) }
    return overviews
  }

  /// The record of study `name`.
  ///
  /// - Throws: `FisherError/unknownName(kind:name:known:)` for an unknown study.
  public func study(named name: String) async throws -> StudyRecord {
    try await store.study(named: name)
  }

  /// Progress and identity of study `name`.
  public func overview(name: String) async throws -> StudyOverview {
    let record = try await store.study(named: name)
    let status = try await store.status(study: record)
    let id = record.id
    let rows = try await store.database.execute(
      """
      SELECT (SELECT MAX(reported_at) FROM fisher_reports WHERE study_id = ?),
        (SELECT MAX(last_seen) FROM fisher_workers WHERE study_id = ?),
        (SELECT created_at FROM fisher_studies WHERE id = ?),
        (SELECT x FROM fisher_candidates WHERE study_id = ? AND generation = 0 AND idx = 0)
      """, [.integer(id), .integer(id), .integer(id), .integer(id)])
    let row = rows.first ?? []
    let reported = row.count > 0 ? row[0].real : nil
    let seen = row.count > 1 ? row[1].real : nil
    let created = row.count > 2 ? row[2].real : nil
    let first = row.count > 3 ? row[3].text : nil
    let dimension = try first.map { try StudyCoding.decodePoint($0, what: "the first candidate of study '\(name)'").count }
    let activity = [reported, seen, created].compactMap { $0 }.max()
    return StudyOverview(
      status: status, dimension: dimension ?? 0, createdAt: created, lastActivity: activity,
      variables: record.settings.space?.names)
  }

  /// Accepted results of study `record` with a report id above `after`, in
  /// the order they were reported, at most `limit` of them.
  public func results(of record: StudyRecord, after: Int64 = 0, limit: Int? = nil) async throws -> [StudyResult] {
    var sql = """
      SELECT r.id, c.evaluation, r.generation, r.idx, r.value, c.violation, r.reported_at
      FROM fisher_reports r JOIN fisher_candidates c
        ON c.study_id = r.study_id AND c.generation = r.generation AND c.idx = r.idx
      WHERE r.study_id = ? AND r.accepted = 1 AND r.id > ? ORDER BY r.id
      """
    var binds: [SQLValue] = [.integer(record.id), .integer(after)]
    if let limit {
      sql += " LIMIT ?"
      binds.append(.int(max(0, limit)))
    }
    return try await store.database.execute(sql, binds).map(Self.result)
  }

  /// The latest `count` accepted results of study `record`, newest first.
  public func latestResults(of record: StudyRecord, count: Int) async throws -> [StudyResult] {
    try await store.database.execute(
      """
      SELECT r.id, c.evaluation, r.generation, r.idx, r.value, c.violation, r.reported_at
      FROM fisher_reports r JOIN fisher_candidates c
        ON c.study_id = r.study_id AND c.generation = r.generation AND c.idx = r.idx
      WHERE r.study_id = ? AND r.accepted = 1 ORDER BY r.id DESC LIMIT ?
      """, [.integer(record.id), .int(max(0, count))]
    ).map(Self.result)
  }

  /// The value of every accepted result of study `record` (nil for a failed
  /// evaluation), in the order reported, and the last report's id: what a
  /// plot of f against evaluations needs, read in one pass.
  public func resultValues(of record: StudyRecord) async throws -> (values: [Double?], last: Int64) {
    let rows = try await store.database.execute(
      "SELECT id, value FROM fisher_reports WHERE study_id = ? AND accepted = 1 ORDER BY id", [.integer(record.id)])
    return (rows.map { $0[1].real }, rows.last?[0].integer ?? 0)
  }

  static func result(_ r: [SQLValue]) -> StudyResult {
    StudyResult(
      id: r[0].integer ?? 0, evaluation: r[1].integer.map(Int.init), generation: Int(r[2].integer ?? -1),
      index: Int(r[3].integer ?? -1), value: r[4].real, violation: r[5].real, reportedAt: r[6].real ?? 0)
  }

  /// One page of the rows of study `record`, sorted on the server.
  public func candidates(of record: StudyRecord, order: CandidateOrder, offset: Int, limit: Int) async throws
    -> CandidatePage
  {
    let id = record.id
    let total = try await store.database.execute(
      "SELECT COUNT(*) FROM fisher_candidates WHERE study_id = ?", [.integer(id)]
    ).first?.first?.integer ?? 0
    let rows = try await store.database.execute(
      """
      SELECT generation, idx, evaluation, status, attempt, owner, lease_expires, value, reason, violation
      FROM fisher_candidates WHERE study_id = ? ORDER BY \(order.sql) LIMIT ? OFFSET ?
      """, [.integer(id), .int(max(0, limit)), .int(max(0, offset))])
    return CandidatePage(
      total: Int(total), offset: offset,
      rows: rows.map { r in
        CandidateRow(
          generation: Int(r[0].integer ?? -1), index: Int(r[1].integer ?? -1), evaluation: r[2].integer.map(Int.init),
          status: r[3].text ?? "?", attempt: Int(r[4].integer ?? 0), worker: r[5].text, leaseExpires: r[6].real,
          value: r[7].real, reason: r[8].text, violation: r[9].real)
      })
  }

  /// The `count` done rows of study `record` with the smallest values (the
  /// least violating first in a study with constraints), with their points.
  public func best(of record: StudyRecord, count: Int) async throws -> [StudyEvaluation] {
    let constrained = record.settings.constraints != nil
    return try await store.database.execute(
      "\(RelationalStudyStore.evaluationColumns) WHERE study_id = ? AND status = 'done' ORDER BY "
        + (constrained ? "violation, " : "") + "value, generation, idx LIMIT ?",
      [.integer(record.id), .int(max(0, count))]
    ).map { try RelationalStudyStore.evaluation($0, study: record.name) }
  }

  /// The search distributions of the stored generations of study `record`
  /// above `after`: every `stride`-th generation and the latest one.
  ///
  /// Each generation's stored state is the strategy that asks it (decoded as
  /// `S`, inside the optimizer state of a study driven by one). A summary
  /// carries its σ, condition number, standard deviations and mean;
  /// `evaluations` is generation × λ, and the f values are nil (a study's
  /// values are read with ``results(of:after:limit:)``).
  public func distributions<S: Strategy>(
    of record: StudyRecord, as: S.Type, after: Int = -1, stride: Int = 1
  ) async throws -> [GenerationSummary] {
    let step = max(1, stride)
    let rows = try await store.database.execute(
      """
      SELECT generation, state FROM fisher_generations
      WHERE study_id = ? AND generation > ? AND (generation % ? = 0
        OR generation = (SELECT MAX(generation) FROM fisher_generations WHERE study_id = ?))
      ORDER BY generation
      """, [.integer(record.id), .int(after), .int(step), .integer(record.id)])
    let optimizer = record.settings.drivenByOptimizer
    let states = rows.map { (generation: Int($0[0].integer ?? -1), text: $0[1].text ?? "") }
    // Decoding a stored state (a JSON document of the whole strategy) is the
    // bulk of the work; the chunks decode on all cores, in order.
    let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
    let chunk = max(8, (states.count + cores - 1) / cores)
    let starts = Array(Swift.stride(from: 0, to: states.count, by: chunk))
    return try await withThrowingTaskGroup(of: (Int, [GenerationSummary]).self) { group in
      for start in starts {
        let part = Array(states[start..<min(start + chunk, states.count)])
        group.addTask {
          let summaries = try part.map {
            try Self.summary(of: $0.text, generation: $0.generation, record: record, optimizer: optimizer, as: S.self)
          }
          return (start, summaries)
        }
      }
      var parts: [Int: [GenerationSummary]] = [:]
      for try await (start, summaries) in group { parts[start] = summaries }
      return starts.flatMap { parts[$0] ?? [] }
    }
  }

  /// The summary of one stored strategy state.
  private static func summary<S: Strategy>(
    of text: String, generation: Int, record: StudyRecord, optimizer: Bool, as: S.Type
  ) throws -> GenerationSummary {
    let what = "state of study '\(record.name)' at generation \(generation)"
    let strategy: S =
      optimizer
      ? try StudyCoding.decode(text, as: Optimizer<S>.self, what: what).strategy
      : try StudyCoding.decode(text, as: S.self, what: what)
    return GenerationSummary(
      generation: generation, evaluations: generation * record.populationSize, best: nil, median: nil, worst: nil,
      bestSoFar: nil, sigma: strategy.stepSize, condition: strategy.conditionNumber,
      standardDeviations: strategy.coordinateStandardDeviations, mean: strategy.mean)
  }
}

extension StorageURL {
  /// Opens the store at this location for reading only (see ``StudyReader``).
  public func openReader() async throws -> StudyReader {
    let database: any SQLDatabase
    switch self {
    case .sqlite(let path):
      database = try await SQLiteDatabase(path: path, create: false, readOnly: true)
    case .postgres(let location):
      database = try await PostgresDatabase(location, readOnly: true)
    }
    do {
      return try await StudyReader(database)
    } catch {
      await database.close()
      throw error
    }
  }
}
