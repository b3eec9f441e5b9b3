/// The versioned schema of the study store, and its migrations.
///
/// `fisher_meta` holds `schema_version`; opening a store applies every
/// migration above it in one transaction, so two processes that open a new
/// database at once still create it exactly once.
///
/// Tables (version 1), each prefixed `fisher_` so a database can be shared with other tools:
/// - `studies`: one row per study (name unique), its strategy, settings as
///   JSON, whether it is finished and why.
/// - `generations`: one row per (study, generation), the primary key, holding
///   the serialized strategy state that asks that generation.
/// - `candidates`: one row per (study, generation, index): the point to
///   evaluate, its status (`pending`, `running`, `done`, `failed`), the lease
///   (owner, attempt, expiry, expired-lease count) and the accepted result.
/// - `reports`: every result a worker reported, accepted or not, so that
///   "exactly one accepted result per candidate" can be checked from the data.
/// - `workers`: when each worker was last heard from.
///
/// Version 2 makes each row of `candidates` one evaluation, so that a
/// candidate may be evaluated several times (noise handling):
/// - `candidates.round`: 0 for a generation's first round, 1 for uncertainty
///   handling's re-evaluations, inserted when round 0 completes;
/// - `candidates.candidate`: the population row the evaluation belongs to
///   (`idx` for older rows, which evaluate one candidate each);
/// - `candidates.repeat_of`: the `idx` of the first row of the generation that
///   evaluates the same point, or NULL for a first evaluation;
/// - `candidates.evaluation`: the 1-based evaluation number over the study;
/// - `generations.round` and `generations.round_state`: the generation's
///   current round and, from round 1 on, the state that asks it (the driver
///   after round 0, with what uncertainty handling keeps between rounds).
///
/// Version 3 stores the constraint values of a study with constraints:
/// - `candidates.constraints`: the accepted g₁ … gₘ of a done row, as a JSON
///   array; NULL for a failed row and in a study without constraints;
/// - `candidates.violation`: their summed violation Σ max(0, gᵢ), 0 for a
///   feasible point, so the best feasible row is found in SQL;
/// - `reports.constraints`: the constraint values a worker reported.
enum StudySchema {
  /// The version this build writes.
  static let version = 3

  /// The statements of migration `version` (1-based) for `dialect`.
  static func migration(_ version: Int, _ dialect: SQLDialect) -> [String] {
    let id = dialect == .sqlite ? "INTEGER PRIMARY KEY" : "BIGSERIAL PRIMARY KEY"
    switch version {
    case 1:
      return [
        """
        CREATE TABLE fisher_studies (
          id \(id),
          name TEXT NOT NULL UNIQUE,
          strategy TEXT NOT NULL,
          settings TEXT NOT NULL,
          population_size BIGINT NOT NULL,
          generation BIGINT NOT NULL DEFAULT 0,
          finished BIGINT NOT NULL DEFAULT 0,
          stop_reason TEXT,
          created_at DOUBLE PRECISION NOT NULL)
        """,
        """
        CREATE TABLE fisher_generations (
          study_id BIGINT NOT NULL REFERENCES fisher_studies(id),
          generation BIGINT NOT NULL,
          state TEXT NOT NULL,
          created_at DOUBLE PRECISION NOT NULL,
          PRIMARY KEY (study_id, generation))
        """,
        """
        CREATE TABLE fisher_candidates (
          study_id BIGINT NOT NULL,
          generation BIGINT NOT NULL,
          idx BIGINT NOT NULL,
          x TEXT NOT NULL,
          status TEXT NOT NULL DEFAULT 'pending',
          attempt BIGINT NOT NULL DEFAULT 0,
          expiries BIGINT NOT NULL DEFAULT 0,
          owner TEXT,
          lease_expires DOUBLE PRECISION,
          value DOUBLE PRECISION,
          reason TEXT,
          started_at DOUBLE PRECISION,
          finished_at DOUBLE PRECISION,
          PRIMARY KEY (study_id, generation, idx),
          FOREIGN KEY (study_id, generation) REFERENCES fisher_generations(study_id, generation))
        """,
        "CREATE INDEX fisher_candidates_by_status ON fisher_candidates (study_id, status, generation, idx)",
        """
        CREATE TABLE fisher_reports (
          id \(id),
          study_id BIGINT NOT NULL,
          generation BIGINT NOT NULL,
          idx BIGINT NOT NULL,
          attempt BIGINT NOT NULL,
          worker TEXT,
          value DOUBLE PRECISION,
          reason TEXT,
          accepted BIGINT NOT NULL,
          reported_at DOUBLE PRECISION NOT NULL)
        """,
        "CREATE INDEX fisher_reports_by_candidate ON fisher_reports (study_id, generation, idx)",
        """
        CREATE TABLE fisher_workers (
          study_id BIGINT NOT NULL,
          worker TEXT NOT NULL,
          last_seen DOUBLE PRECISION NOT NULL,
          PRIMARY KEY (study_id, worker))
        """,
      ]
    case 2:
      return [
        "ALTER TABLE fisher_candidates ADD COLUMN round BIGINT NOT NULL DEFAULT 0",
        "ALTER TABLE fisher_candidates ADD COLUMN candidate BIGINT",
        "ALTER TABLE fisher_candidates ADD COLUMN repeat_of BIGINT",
        "ALTER TABLE fisher_candidates ADD COLUMN evaluation BIGINT",
        // Rows of version 1 evaluate one candidate each, λ per generation, in order.
        """
        UPDATE fisher_candidates SET candidate = idx,
          evaluation = generation * (SELECT population_size FROM fisher_studies WHERE fisher_studies.id = fisher_candidates.study_id) + idx + 1
        """,
        "CREATE INDEX fisher_candidates_by_evaluation ON fisher_candidates (study_id, evaluation)",
        "ALTER TABLE fisher_generations ADD COLUMN round BIGINT NOT NULL DEFAULT 0",
        "ALTER TABLE fisher_generations ADD COLUMN round_state TEXT",
      ]
    case 3:
      return [
        "ALTER TABLE fisher_candidates ADD COLUMN constraints TEXT",
        "ALTER TABLE fisher_candidates ADD COLUMN violation DOUBLE PRECISION",
        "ALTER TABLE fisher_reports ADD COLUMN constraints TEXT",
      ]
    default:
      return []
    }
  }

  /// Creates or upgrades the schema of `database` to ``version``.
  ///
  /// - Throws: ``StudyStoreError/schemaTooNew(found:known:)`` for a database
  ///   written by a newer build.
  static func migrate(_ database: any SQLDatabase) async throws {
    let dialect = database.dialect
    try await database.transaction { tx in
      if dialect == .postgres {
        // Serializes concurrent first opens; released at commit.
        try await tx.query("SELECT pg_advisory_xact_lock(7346501)")
      }
      try await tx.query("CREATE TABLE IF NOT EXISTS fisher_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
      let rows = try await tx.query("SELECT value FROM fisher_meta WHERE key = 'schema_version'")
      var found = 0
      if let text = rows.first?.first?.text {
        guard let v = Int(text) else {
          throw StudyStoreError.database("fisher_meta.schema_version is '\(text)', not a number")
        }
        found = v
      }
      if found > version { throw StudyStoreError.schemaTooNew(found: found, known: version) }
      if found == version { return }
      for v in (found + 1)...version {
        for statement in migration(v, dialect) { try await tx.query(statement) }
      }
      if found == 0 {
        try await tx.query("INSERT INTO fisher_meta (key, value) VALUES ('schema_version', ?)", [.text(String(version))])
      } else {
        try await tx.query("UPDATE fisher_meta SET value = ? WHERE key = 'schema_version'", [.text(String(version))])
      }
    }
  }
}
