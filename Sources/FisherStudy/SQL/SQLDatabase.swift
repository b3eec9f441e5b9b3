/// The SQL differences between the two backends that the study store relies on.
///
/// Statements are written once with `?` placeholders; a PostgreSQL connection
/// numbers them (`$1`, `$2`, …). Everything else that differs is here.
public enum SQLDialect: String, Sendable {
  case sqlite
  case postgres

  /// The database's clock in seconds since 1970, as a SQL expression. Leases
  /// are timed by the database, so workers on machines with skewed clocks agree.
  var now: String {
    switch self {
    case .sqlite: return "((julianday('now') - 2440587.5) * 86400.0)"
    case .postgres: return "CAST(extract(epoch FROM clock_timestamp()) AS DOUBLE PRECISION)"
    }
  }

  /// The statement that opens a write transaction: SQLite takes the write lock
  /// at once (`BEGIN IMMEDIATE`), so a transaction never fails half-way with
  /// SQLITE_BUSY; PostgreSQL locks rows as it goes.
  var begin: String {
    switch self {
    case .sqlite: return "BEGIN IMMEDIATE"
    case .postgres: return "BEGIN"
    }
  }

  /// The clause that skips rows another transaction holds (PostgreSQL); SQLite
  /// has one writer at a time and needs none.
  var skipLocked: String {
    switch self {
    case .sqlite: return ""
    case .postgres: return " FOR UPDATE SKIP LOCKED"
    }
  }

  /// The clause that locks the selected rows until commit (PostgreSQL).
  var forUpdate: String {
    switch self {
    case .sqlite: return ""
    case .postgres: return " FOR UPDATE"
    }
  }
}

/// A connection that runs statements inside transactions.
///
/// Implementations serialize transactions on one connection: a transaction
/// body runs alone from `BEGIN` to `COMMIT`, whatever tasks share the handle.
public protocol SQLDatabase: Sendable {
  var dialect: SQLDialect { get }

  /// Runs `body` in a write transaction and commits it; rolls back and
  /// rethrows when `body` throws.
  func transaction<T: Sendable>(_ body: @escaping @Sendable (SQLTransaction) async throws -> T) async throws -> T

  /// Runs one statement outside any explicit transaction (schema checks, reads).
  func execute(_ sql: String, _ binds: [SQLValue]) async throws -> [[SQLValue]]

  /// Closes the connection; later calls fail.
  func close() async
}

/// The statements of one open transaction.
public struct SQLTransaction: Sendable {
  let runStatement: @Sendable (String, [SQLValue]) async throws -> [[SQLValue]]
  public let dialect: SQLDialect

  init(dialect: SQLDialect, run: @escaping @Sendable (String, [SQLValue]) async throws -> [[SQLValue]]) {
    self.dialect = dialect
    self.runStatement = run
  }

  /// Runs `sql` with `binds` for its `?` placeholders and returns its rows,
  /// each as its columns in select order.
  @discardableResult
  public func query(_ sql: String, _ binds: [SQLValue] = []) async throws -> [[SQLValue]] {
    try await runStatement(sql, binds)
  }
}

/// Why the store could not be reached or used.
///
/// `unavailable` is transient (the database went away, a lock timed out): a
/// worker retries it with backoff. Everything else is a fault in the input or
/// the stored data and is reported at once.
public enum StudyStoreError: Error, Sendable, CustomStringConvertible {
  /// The database cannot be reached or opened (the message never contains credentials).
  case unavailable(String)
  /// The database answered with an error.
  case database(String)
  /// The database was written by a newer schema than this build knows.
  case schemaTooNew(found: Int, known: Int)

  public var description: String {
    switch self {
    case .unavailable(let s): return "storage unavailable: \(s)"
    case .database(let s): return "database error: \(s)"
    case .schemaTooNew(let found, let known):
      return "the database has study schema version \(found); this fisher knows versions up to \(known)"
    }
  }

  /// Whether retrying later may succeed.
  public var isTransient: Bool {
    if case .unavailable = self { return true }
    return false
  }
}
