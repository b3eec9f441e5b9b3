import Fisher
import Foundation

/// The study store on a SQL database (SQLite or PostgreSQL).
///
/// Every operation is one transaction. On SQLite, `BEGIN IMMEDIATE` makes
/// transactions run one at a time. On PostgreSQL (read committed), claims pick
/// a pending row with `FOR UPDATE SKIP LOCKED`, so concurrent claims never
/// wait on each other, and every transaction that may finish a generation
/// first locks that generation's row, so the last two results of a generation
/// cannot both miss each other and exactly one of them applies `tell`.
/// Locks are always taken in the order generation row, then candidate rows.
public final class RelationalStudyStore: StudyStore {
  let database: any SQLDatabase
  var dialect: SQLDialect { database.dialect }

  public init(_ database: any SQLDatabase) {
    self.database = database
  }

  public func close() async { await database.close() }

  // MARK: Studies

  public func createStudy(
    name: String, strategy: String, settings: StudySettings, populationSize: Int, initialState: String,
    evaluations: [PlannedEvaluation]
  ) async throws -> StudyRecord {
    guard !name.isEmpty else { throw FisherError.invalidParameter(name: "name", reason: "a study needs a name") }
    let settingsText = try StudyCoding.encode(settings)
    let now = dialect.now
    let dialect = self.dialect
    return try await database.transaction { tx in
      if dialect == .postgres { try await tx.query("SELECT pg_advisory_xact_lock(7346502)") }
      if let existing = try await Self.studyRecord(tx, name: name) {
        var diffs: [String] = []
        if existing.strategy != strategy { diffs.append("strategy: \(existing.strategy) ≠ \(strategy)") }
        diffs += settings.differences(from: existing.settings)
        if diffs.isEmpty {
          let rows = try await tx.query(
            "SELECT state FROM fisher_generations WHERE study_id = ? AND generation = 0", [.integer(existing.id)])
          if rows.first?.first?.text != initialState { diffs.append("initial strategy state (mean, step size, seed or options)") }
        }
        guard diffs.isEmpty else {
          throw FisherError.invalidParameter(
            name: "study",
            reason: "'\(name)' already exists with other options (stored ≠ given): \(diffs.joined(separator: "; "))")
        }
        return existing
      }
      let rows = try await tx.query(
        """
        INSERT INTO fisher_studies (name, strategy, settings, population_size, generation, finished, created_at)
        VALUES (?, ?, ?, ?, 0, 0, \(now)) RETURNING id
        """, [.text(name), .text(strategy), .text(settingsText), .int(populationSize)])
      guard let id = rows.first?.first?.integer else { throw StudyStoreError.database("INSERT INTO fisher_studies returned no id") }
      try await tx.query(
        "INSERT INTO fisher_generations (study_id, generation, state, created_at) VALUES (?, 0, ?, \(now))",
        [.integer(id), .text(initialState)])
      try await Self.insertEvaluations(tx, study: id, generation: 0, round: 0, firstIndex: 0, evaluations)
      return StudyRecord(
        id: id, name: name, strategy: strategy, settings: settings, populationSize: populationSize, generation: 0,
        finished: false, stopReason: nil)
    }
  }

  public func study(named name: String) async throws -> StudyRecord {
    let found = try await database.transaction { tx in try await Self.studyRecord(tx, name: name) }
    if let found { return found }
    let names = try await database.execute("SELECT name FROM fisher_studies ORDER BY name", []).compactMap { $0.first?.text }
    throw FisherError.unknownName(kind: "study", name: name, known: names)
  }

  public func state(study: StudyRecord, generation: Int?) async throws -> (generation: Int, state: String) {
    let rows: [[SQLValue]]
    if let generation {
      rows = try await database.execute(
        "SELECT generation, state FROM fisher_generations WHERE study_id = ? AND generation = ?",
        [.integer(study.id), .int(generation)])
    } else {
      rows = try await database.execute(
        "SELECT generation, state FROM fisher_generations WHERE study_id = ? ORDER BY generation DESC LIMIT 1",
        [.integer(study.id)])
    }
    guard let row = rows.first, let g = row[0].integer, let s = row[1].text else {
      throw FisherError.malformedInput("study '\(study.name)' has no stored state for generation \(generation.map(String.init) ?? "latest")")
    }
    return (Int(g), s)
  }

  public func currentState(study: StudyRecord) async throws -> (generation: Int, round: Int, state: String) {
    let rows = try await database.execute(
      "SELECT generation, round, state, round_state FROM fisher_generations WHERE study_id = ? ORDER BY generation DESC LIMIT 1",
      [.integer(study.id)])
    guard let row = rows.first, let g = row[0].integer, let r = row[1].integer,
      let s = r == 0 ? row[2].text : row[3].text
    else {
      throw FisherError.malformedInput("study '\(study.name)' has no stored state for its current round")
    }
    return (Int(g), Int(r), s)
  }

  // MARK: Leases

  public func claim(study: StudyRecord, worker: String, advance: @escaping GenerationAdvancer) async throws -> ClaimOutcome {
    let dialect = self.dialect
    let now = dialect.now
    let id = study.id
    let settings = study.settings
    return try await database.transaction { tx in
      let head = try await tx.query("SELECT finished, stop_reason, generation FROM fisher_studies WHERE id = ?", [.integer(id)])
      guard let h = head.first else { throw FisherError.unknownName(kind: "study", name: study.name, known: []) }
      if h[0].integer != 0 { return .finished(reason: h[1].text ?? "finished") }
      try await Self.touch(tx, study: id, worker: worker)

      // Expired leases: back to pending, or failed after the last attempt.
      let overdue = try await tx.query(
        "SELECT generation FROM fisher_candidates WHERE study_id = ? AND status = 'running' AND lease_expires < \(now) LIMIT 1",
        [.integer(id)])
      if let g = overdue.first?[0].integer {
        try await Self.lockGeneration(tx, study: id, generation: Int(g))
        let expired = try await tx.query(
          """
          SELECT generation, idx, attempt, expiries, owner FROM fisher_candidates
          WHERE study_id = ? AND status = 'running' AND lease_expires < \(now)
          ORDER BY generation, idx\(dialect.forUpdate)
          """, [.integer(id)])
        for row in expired {
          guard let gen = row[0].integer, let idx = row[1].integer, let attempt = row[2].integer,
            let expiries = row[3].integer
          else { throw FisherError.malformedInput("study '\(study.name)' has a candidate row with missing fields") }
          if expiries + 1 >= Int64(settings.maxAttempts) {
            let reason = "lease expired \(expiries + 1) times (last held by \(row[4].text ?? "?"))"
            try await tx.query(
              """
              UPDATE fisher_candidates SET status = 'failed', value = NULL, reason = ?, expiries = expiries + 1,
                lease_expires = NULL, finished_at = \(now)
              WHERE study_id = ? AND generation = ? AND idx = ? AND attempt = ?
              """, [.text(reason), .integer(id), .integer(gen), .integer(idx), .integer(attempt)])
            try await tx.query(
              """
              INSERT INTO fisher_reports (study_id, generation, idx, attempt, worker, value, reason, accepted, reported_at)
              VALUES (?, ?, ?, ?, NULL, NULL, ?, 1, \(now))
              """, [.integer(id), .integer(gen), .integer(idx), .integer(attempt), .text(reason)])
            if try await Self.completeIfDone(tx, study: study, generation: Int(gen), advance: advance) == .stopped {
              break
            }
          } else {
            try await tx.query(
              """
              UPDATE fisher_candidates SET status = 'pending', owner = NULL, lease_expires = NULL, expiries = expiries + 1
              WHERE study_id = ? AND generation = ? AND idx = ? AND attempt = ?
              """, [.integer(id), .integer(gen), .integer(idx), .integer(attempt)])
          }
        }
      }

      let claimed = try await tx.query(
        """
        UPDATE fisher_candidates SET status = 'running', owner = ?, attempt = attempt + 1,
          lease_expires = \(now) + ?, started_at = \(now)
        WHERE study_id = ? AND status = 'pending' AND (generation, idx) = (
          SELECT generation, idx FROM fisher_candidates WHERE study_id = ? AND status = 'pending'
          ORDER BY generation, idx LIMIT 1\(dialect.skipLocked))
        RETURNING generation, idx, attempt, x, lease_expires, round, candidate, repeat_of, evaluation
        """, [.text(worker), .real(settings.leaseDuration), .integer(id), .integer(id)])
      if let row = claimed.first {
        guard let g = row[0].integer, let i = row[1].integer, let a = row[2].integer, let x = row[3].text,
          let e = row[4].real, let r = row[5].integer
        else { throw StudyStoreError.database("claim returned an incomplete row") }
        return .lease(
          Lease(
            study: study.name, studyID: id, generation: Int(g), index: Int(i), round: Int(r),
            candidate: Int(row[6].integer ?? i), repeatOf: row[7].integer.map(Int.init),
            evaluation: row[8].integer.map(Int.init), attempt: Int(a), worker: worker,
            point: try StudyCoding.decodePoint(x, what: "candidate \(g)/\(i) of study '\(study.name)'"), expires: e,
            constraintCount: settings.constraints?.count))
      }
      let after = try await tx.query("SELECT finished, stop_reason FROM fisher_studies WHERE id = ?", [.integer(id)])
      if let a = after.first, a[0].integer != 0 { return .finished(reason: a[1].text ?? "finished") }
      return .wait
    }
  }

  public func heartbeat(_ lease: Lease, duration: Double) async throws -> Double? {
    let now = dialect.now
    return try await database.transaction { tx in
      let rows = try await tx.query(
        """
        UPDATE fisher_candidates SET lease_expires = \(now) + ?
        WHERE study_id = ? AND generation = ? AND idx = ? AND status = 'running' AND attempt = ? AND owner = ?
        RETURNING lease_expires
        """,
        [.real(duration), .integer(lease.studyID), .int(lease.generation), .int(lease.index), .int(lease.attempt),
         .text(lease.worker)])
      try await Self.touch(tx, study: lease.studyID, worker: lease.worker)
      return rows.first?.first?.real
    }
  }

  public func report(
    _ lease: Lease, value: Double?, constraints: [Double]?, reason: String?, advance: @escaping GenerationAdvancer
  ) async throws -> ReportOutcome {
    let now = dialect.now
    var value = value
    var reason = reason
    if let v = value, !v.isFinite {
      reason = reason ?? (v.isNaN ? "the objective returned NaN" : "the objective returned \(v)")
      value = nil
    }
    if value == nil, reason == nil { reason = "failed" }
    let (finalValue, finalReason) = (value, reason)
    // A done row keeps its constraint values and their summed violation; a failed row keeps none.
    let reported: SQLValue = constraints.map { .text(StudyCoding.encodePoint($0)) } ?? .null
    let kept: SQLValue = finalValue == nil ? .null : reported
    let violation: SQLValue = finalValue == nil ? .null : constraints.map { .real(Evaluation.totalViolation(of: $0)) } ?? .null
    let key: [SQLValue] = [.integer(lease.studyID), .int(lease.generation), .int(lease.index)]
    return try await database.transaction { tx in
      try await Self.lockGeneration(tx, study: lease.studyID, generation: lease.generation)
      try await Self.touch(tx, study: lease.studyID, worker: lease.worker)
      let updated = try await tx.query(
        """
        UPDATE fisher_candidates SET status = ?, value = ?, reason = ?, constraints = ?, violation = ?,
          lease_expires = NULL, finished_at = \(now)
        WHERE study_id = ? AND generation = ? AND idx = ? AND status = 'running' AND attempt = ? AND owner = ?
        RETURNING idx
        """,
        [.text(finalValue == nil ? "failed" : "done"), .optionalReal(finalValue), .optionalText(finalReason), kept,
         violation] + key + [.int(lease.attempt), .text(lease.worker)])
      let accepted = !updated.isEmpty
      try await tx.query(
        """
        INSERT INTO fisher_reports
          (study_id, generation, idx, attempt, worker, value, reason, accepted, constraints, reported_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, \(now))
        """,
        key + [.int(lease.attempt), .text(lease.worker), .optionalReal(finalValue), .optionalText(finalReason),
               .int(accepted ? 1 : 0), reported])
      if accepted {
        let study = StudyRecord(
          id: lease.studyID, name: lease.study, strategy: "", settings: StudySettings(budget: 1), populationSize: 0,
          generation: lease.generation, finished: false, stopReason: nil)
        let completion = try await Self.completeIfDone(tx, study: study, generation: lease.generation, advance: advance)
        return .accepted(completedGeneration: completion == .advanced || completion == .stopped)
      }
      let now = try await tx.query(
        "SELECT status, attempt, owner FROM fisher_candidates WHERE study_id = ? AND generation = ? AND idx = ?", key)
      guard let row = now.first else { return .rejected("candidate \(lease.generation)/\(lease.index) does not exist") }
      return .rejected(
        "candidate \(lease.generation)/\(lease.index) is \(row[0].text ?? "?") at attempt \(row[1].integer ?? 0)"
          + " (this result is from attempt \(lease.attempt); its lease expired)")
    }
  }

  @discardableResult
  public func release(_ lease: Lease) async throws -> Bool {
    try await database.transaction { tx in
      let rows = try await tx.query(
        """
        UPDATE fisher_candidates SET status = 'pending', owner = NULL, lease_expires = NULL
        WHERE study_id = ? AND generation = ? AND idx = ? AND status = 'running' AND attempt = ? AND owner = ?
        RETURNING idx
        """,
        [.integer(lease.studyID), .int(lease.generation), .int(lease.index), .int(lease.attempt), .text(lease.worker)])
      return !rows.isEmpty
    }
  }

  // MARK: Reading

  public func status(study: StudyRecord) async throws -> StudyStatus {
    let now = dialect.now
    let id = study.id
    return try await database.transaction { tx in
      guard let current = try await Self.studyRecord(tx, name: study.name) else {
        throw FisherError.unknownName(kind: "study", name: study.name, known: [])
      }
      var counts: [String: Int] = [:]
      for row in try await tx.query(
        "SELECT status, COUNT(*) FROM fisher_candidates WHERE study_id = ? GROUP BY status", [.integer(id)])
      {
        counts[row[0].text ?? ""] = Int(row[1].integer ?? 0)
      }
      let live = try await tx.query(
        "SELECT COUNT(*) FROM fisher_workers WHERE study_id = ? AND last_seen > \(now) - ?",
        [.integer(id), .real(2 * current.settings.leaseDuration)])
      let rejected = try await tx.query(
        "SELECT COUNT(*) FROM fisher_reports WHERE study_id = ? AND accepted = 0", [.integer(id)])
      let constraints = current.settings.constraints
      // With constraints, the best feasible row first (summed violation 0), else the least violating.
      let best = try await tx.query(
        "\(Self.evaluationColumns) WHERE study_id = ? AND status = 'done' ORDER BY "
          + (constraints == nil ? "" : "violation, ") + "value, generation, idx LIMIT 1",
        [.integer(id)])
      let bestRow = try best.first.map { try Self.evaluation($0, study: current.name) }
      let feasible = bestRow?.isFeasible == true
      let round = try await tx.query(
        "SELECT round FROM fisher_generations WHERE study_id = ? AND generation = ?",
        [.integer(id), .int(current.generation)])
      return StudyStatus(
        name: current.name, strategy: current.strategy, generation: current.generation,
        populationSize: current.populationSize, budget: current.settings.budget,
        round: Int(round.first?.first?.integer ?? 0), noise: current.settings.noise.description,
        recommendation: current.settings.effectiveRecommendation, evaluationsPerCandidate: nil, noiseMeasure: nil,
        done: counts["done"] ?? 0,
        failed: counts["failed"] ?? 0, running: counts["running"] ?? 0, pending: counts["pending"] ?? 0,
        liveWorkers: Int(live.first?.first?.integer ?? 0), rejectedReports: Int(rejected.first?.first?.integer ?? 0),
        best: bestRow, finished: current.finished, stopReason: current.stopReason, constraints: constraints?.count,
        constraintMethod: constraints?.method, feasible: constraints == nil ? nil : feasible,
        bestFeasibleF: feasible ? bestRow?.value : nil, bestFeasibleX: feasible ? bestRow?.point : nil,
        bestMaxViolation: constraints == nil ? nil : bestRow?.maxViolation)
    }
  }

  public func evaluations(study: StudyRecord) async throws -> [StudyEvaluation] {
    try await database.execute(
      "\(Self.evaluationColumns) WHERE study_id = ? ORDER BY generation, idx", [.integer(study.id)]
    ).map { try Self.evaluation($0, study: study.name) }
  }

  public func evaluation(study: StudyRecord, number: Int) async throws -> StudyEvaluation? {
    try await database.execute(
      "\(Self.evaluationColumns) WHERE study_id = ? AND evaluation = ? ORDER BY generation, idx LIMIT 1",
      [.integer(study.id), .int(number)]
    ).first.map { try Self.evaluation($0, study: study.name) }
  }

  public func reports(study: StudyRecord) async throws -> [StudyReport] {
    try await database.execute(
      "SELECT generation, idx, attempt, worker, value, reason, accepted, constraints FROM fisher_reports WHERE study_id = ? ORDER BY id",
      [.integer(study.id)]
    ).map { r in
      StudyReport(
        generation: Int(r[0].integer ?? -1), index: Int(r[1].integer ?? -1), attempt: Int(r[2].integer ?? -1),
        worker: r[3].text, value: r[4].real,
        constraints: try r[7].text.map { try StudyCoding.decodePoint($0, what: "a report of study '\(study.name)'") },
        reason: r[5].text, accepted: r[6].integer == 1)
    }
  }

  // MARK: Internals

  static let evaluationColumns = """
    SELECT generation, idx, status, x, value, reason, attempt, expiries, owner, finished_at - started_at,
      round, candidate, repeat_of, evaluation, constraints FROM fisher_candidates
    """

  static func evaluation(_ r: [SQLValue], study: String) throws -> StudyEvaluation {
    let g = Int(r[0].integer ?? -1)
    let i = Int(r[1].integer ?? -1)
    return StudyEvaluation(
      generation: g, index: i, round: Int(r[10].integer ?? 0), candidate: Int(r[11].integer ?? Int64(i)),
      repeatOf: r[12].integer.map(Int.init), evaluation: r[13].integer.map(Int.init), status: r[2].text ?? "?",
      point: try StudyCoding.decodePoint(r[3].text ?? "", what: "candidate \(g)/\(i) of study '\(study)'"),
      value: r[4].real,
      constraints: try r[14].text.map {
        try StudyCoding.decodePoint($0, what: "constraint values of candidate \(g)/\(i) of study '\(study)'")
      },
      reason: r[5].text, attempts: Int(r[6].integer ?? 0), expiredLeases: Int(r[7].integer ?? 0),
      worker: r[8].text, duration: r[9].real)
  }

  static func studyRecord(_ tx: SQLTransaction, name: String) async throws -> StudyRecord? {
    let rows = try await tx.query(
      "SELECT id, strategy, settings, population_size, generation, finished, stop_reason FROM fisher_studies WHERE name = ?",
      [.text(name)])
    guard let r = rows.first else { return nil }
    guard let id = r[0].integer, let strategy = r[1].text, let settingsText = r[2].text, let lambda = r[3].integer,
      let generation = r[4].integer
    else { throw FisherError.malformedInput("study '\(name)' has an incomplete row") }
    let settings: StudySettings = try StudyCoding.decode(settingsText, what: "settings of study '\(name)'")
    return StudyRecord(
      id: id, name: name, strategy: strategy, settings: settings, populationSize: Int(lambda),
      generation: Int(generation), finished: r[5].integer != 0, stopReason: r[6].text)
  }

  static func touch(_ tx: SQLTransaction, study: Int64, worker: String) async throws {
    try await tx.query(
      """
      INSERT INTO fisher_workers (study_id, worker, last_seen) VALUES (?, ?, \(tx.dialect.now))
      ON CONFLICT (study_id, worker) DO UPDATE SET last_seen = excluded.last_seen
      """, [.integer(study), .text(worker)])
  }

  /// Locks a generation's row until commit (PostgreSQL; SQLite holds the database lock already).
  static func lockGeneration(_ tx: SQLTransaction, study: Int64, generation: Int) async throws {
    guard tx.dialect == .postgres else { return }
    try await tx.query(
      "SELECT generation FROM fisher_generations WHERE study_id = ? AND generation = ? FOR UPDATE",
      [.integer(study), .int(generation)])
  }

  /// Inserts one round's rows, numbered from `firstIndex` in the generation.
  static func insertEvaluations(
    _ tx: SQLTransaction, study: Int64, generation: Int, round: Int, firstIndex: Int, _ rows: [PlannedEvaluation]
  ) async throws {
    var start = 0
    while start < rows.count {
      let chunk = rows[start..<min(rows.count, start + 500)]
      let placeholders = Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?)", count: chunk.count).joined(separator: ", ")
      var binds: [SQLValue] = []
      binds.reserveCapacity(chunk.count * 8)
      for (offset, e) in chunk.enumerated() {
        binds += [
          .integer(study), .int(generation), .int(firstIndex + start + offset), .text(StudyCoding.encodePoint(e.point)),
          .int(round), .int(e.candidate), e.repeatOf.map { .int($0) } ?? .null, .int(e.evaluation),
        ]
      }
      try await tx.query(
        "INSERT INTO fisher_candidates (study_id, generation, idx, x, round, candidate, repeat_of, evaluation) VALUES \(placeholders)",
        binds)
      start += chunk.count
    }
  }

  enum Completion { case open, nextRound, advanced, stopped }

  /// When no row of `generation` is pending or running, hands its current
  /// round to `advance`, then inserts the next round's rows (uncertainty
  /// handling's re-evaluations) or the next generation (or finishes the study).
  static func completeIfDone(
    _ tx: SQLTransaction, study: StudyRecord, generation: Int, advance: GenerationAdvancer
  ) async throws -> Completion {
    let key: [SQLValue] = [.integer(study.id), .int(generation)]
    let open = try await tx.query(
      "SELECT COUNT(*) FROM fisher_candidates WHERE study_id = ? AND generation = ? AND status IN ('pending', 'running')", key)
    guard open.first?.first?.integer == 0 else { return .open }
    let stateRows = try await tx.query(
      "SELECT round, state, round_state FROM fisher_generations WHERE study_id = ? AND generation = ?", key)
    guard let stateRow = stateRows.first, let round = stateRow[0].integer,
      let state = round == 0 ? stateRow[1].text : stateRow[2].text
    else {
      throw FisherError.malformedInput("study '\(study.name)' has no state row for generation \(generation)")
    }
    let results = try await tx.query(
      """
      SELECT status, value, reason, constraints FROM fisher_candidates
      WHERE study_id = ? AND generation = ? AND round = ? ORDER BY idx
      """,
      key + [.integer(round)])
    let outcomes: [Fisher.EvaluationOutcome] = results.map { r in
      if r[0].text == "done", let v = r[1].real { return .value(v) }
      return .failed(r[2].text ?? "failed")
    }
    let constraints: [[Double]?] = try results.map { r in
      try r[3].text.map { try StudyCoding.decodePoint($0, what: "constraint values of generation \(generation) of study '\(study.name)'") }
    }
    let total = try await tx.query(
      "SELECT COUNT(*) FROM fisher_candidates WHERE study_id = ? AND status IN ('done', 'failed')", [.integer(study.id)])
    let next = try advance(
      CompletedRound(
        state: state, round: Int(round), outcomes: outcomes, constraints: constraints,
        evaluations: Int(total.first?.first?.integer ?? 0)))
    if next.nextRound {
      guard let rows = next.evaluations, next.stopReason == nil else {
        throw FisherError.malformedInput("study '\(study.name)': a next round without evaluations")
      }
      let count = try await tx.query("SELECT COUNT(*) FROM fisher_candidates WHERE study_id = ? AND generation = ?", key)
      try await insertEvaluations(
        tx, study: study.id, generation: generation, round: Int(round) + 1,
        firstIndex: Int(count.first?.first?.integer ?? 0), rows)
      try await tx.query(
        "UPDATE fisher_generations SET round = ?, round_state = ? WHERE study_id = ? AND generation = ?",
        [.integer(round + 1), .text(next.state)] + key)
      return .nextRound
    }
    let now = tx.dialect.now
    try await tx.query(
      "INSERT INTO fisher_generations (study_id, generation, state, created_at) VALUES (?, ?, ?, \(now))",
      [.integer(study.id), .int(generation + 1), .text(next.state)])
    if let rows = next.evaluations, next.stopReason == nil {
      try await insertEvaluations(tx, study: study.id, generation: generation + 1, round: 0, firstIndex: 0, rows)
      try await tx.query("UPDATE fisher_studies SET generation = ? WHERE id = ?", [.int(generation + 1), .integer(study.id)])
      return .advanced
    }
    try await tx.query(
      "UPDATE fisher_studies SET generation = ?, finished = 1, stop_reason = ? WHERE id = ?",
      [.int(generation + 1), .text(next.stopReason ?? "finished"), .integer(study.id)])
    return .stopped
  }
}
