import Fisher
import Foundation
import Testing
@testable import FisherStudy

/// The PostgreSQL connection layer without a server: URL options, statement
/// rewriting, and a refused connection.
@Suite struct PostgresConnectionTests {
  @Test func sslmodeFollowsLibpqNames() throws {
    func mode(_ query: String) throws -> PostgresTLSMode {
      guard case .postgres(let p) = try StorageURL("postgres://u:pw@h/d" + query) else { throw FisherError.malformedInput("not postgres") }
      return p.tls
    }
    #expect(try mode("") == .prefer)
    #expect(try mode("?sslmode=allow") == .prefer)
    #expect(try mode("?sslmode=disable") == .disable)
    #expect(try mode("?sslmode=require") == .require)
    #expect(try mode("?sslmode=verify-ca") == .verifyCA)
    #expect(try mode("?application_name=x&sslmode=verify-full") == .verifyFull)
    do {
      _ = try StorageURL("postgres://u:hunter2@h/d?sslmode=always")
      Issue.record("an unknown sslmode was accepted")
    } catch let error as FisherError {
      #expect("\(error)".contains("sslmode 'always'") && !"\(error)".contains("hunter2"))
    }
  }

  @Test func placeholdersAreNumberedOutsideLiterals() {
    #expect(PostgresDatabase.numberPlaceholders("SELECT ?, '?', 'it''s ?', ? WHERE a = ?")
      == "SELECT $1, '?', 'it''s ?', $2 WHERE a = $3")
    #expect(PostgresDatabase.numberPlaceholders("SELECT 1") == "SELECT 1")
  }

  @Test func aRefusedConnectionIsUnavailableAndHidesThePassword() async throws {
    // Port 1 on the loopback interface: nothing listens there, so the kernel refuses at once.
    guard case .postgres(let location) = try StorageURL("postgres://fisher:hunter2@127.0.0.1:1/db?sslmode=disable") else {
      return
    }
    do {
      _ = try await PostgresDatabase(location)
      Issue.record("connected to a closed port")
    } catch let error as StudyStoreError {
      #expect(error.isTransient, "a refused connection must be retried: \(error)")
      let message = "\(error)"
      #expect(message.contains("fisher:***@127.0.0.1:1/db") && !message.contains("hunter2"), "\(message)")
    }
  }
}

/// The PostgreSQL connection layer against a server (`FISHER_TEST_POSTGRES_URL`).
@Suite(.enabled(if: testPostgresURL != nil, "FISHER_TEST_POSTGRES_URL is not set"))
struct PostgresDatabaseTests {
  var location: PostgresLocation {
    guard case .postgres(let p) = testPostgresURL! else { fatalError("FISHER_TEST_POSTGRES_URL is not a postgres URL") }
    return p
  }

  @Test func valuesRoundTripWithTheirTypes() async throws {
    let db = try await PostgresDatabase(location)
    let text = "ünïcode ' \\ ? $1 \n"
    let rows = try await db.execute(
      """
      SELECT CAST(? AS BIGINT), CAST(? AS DOUBLE PRECISION), CAST(? AS DOUBLE PRECISION), CAST(? AS DOUBLE PRECISION),
        CAST(? AS TEXT), CAST(? AS TEXT) IS NULL, CAST(? AS BIGINT) + 1, 2.5::numeric, 1 < 2, CAST(7 AS INTEGER)
      """,
      [.integer(.max), .real(-.infinity), .real(.nan), .real(0.1), .text(text), .null, .integer(-5)])
    let row = try #require(rows.first)
    #expect(row[0] == .integer(.max))
    #expect(row[1] == .real(-.infinity))
    #expect(row[2].real?.isNaN == true)
    #expect(row[3] == .real(0.1))
    #expect(row[4] == .text(text))
    #expect(row[5] == .integer(1))
    #expect(row[6] == .integer(-4))
    #expect(row[7] == .real(2.5))
    #expect(row[8] == .integer(1))
    #expect(row[9] == .integer(7))
    let nulls = try await db.execute("SELECT NULL::bigint, NULL::text, NULL::double precision", [])
    #expect(nulls == [[.null, .null, .null]])
    await db.close()
  }

  @Test func aWrongPasswordIsNotRetriedAndNotPrinted() async throws {
    var wrong = location
    wrong.password = "not-the-password-\(UUID().uuidString.prefix(6))"
    do {
      _ = try await PostgresDatabase(wrong)
      Issue.record("connected with a wrong password")
    } catch let error as StudyStoreError {
      #expect(!error.isTransient, "\(error)")
      #expect(!"\(error)".contains(wrong.password!) && !"\(error)".contains(location.password ?? "\u{0}"))
      #expect("\(error)".contains("password authentication failed"), "\(error)")
    }
  }

  @Test func aStatementErrorIsADatabaseErrorAndTheConnectionStaysUsable() async throws {
    let db = try await PostgresDatabase(location)
    await #expect(throws: StudyStoreError.self) { _ = try await db.execute("SELECT * FROM no_such_table_here", []) }
    await #expect(throws: StudyStoreError.self) {
      _ = try await db.transaction { tx in
        try await tx.query("SELECT 1")
        try await tx.query("SELECT 1/0")
      }
    }
    // The failed transaction was rolled back: the connection is not left in an aborted transaction.
    #expect(try await db.execute("SELECT 41 + 1", []) == [[.integer(42)]])
    await db.close()
  }

  @Test func aTerminatedSessionIsUnavailable() async throws {
    let db = try await PostgresDatabase(location)
    do {
      _ = try await db.execute("SELECT pg_terminate_backend(pg_backend_pid())", [])
      Issue.record("the session survived its own termination")
    } catch let error as StudyStoreError {
      #expect(error.isTransient, "\(error)")
    }
    do {
      _ = try await db.execute("SELECT 1", [])
      Issue.record("a closed connection answered")
    } catch let error as StudyStoreError {
      #expect(error.isTransient, "\(error)")
    }
    await db.close()
  }

  @Test(.timeLimit(.minutes(1)))
  func anIdleSessionEndedByTheServerIsUnavailable() async throws {
    var named = location
    named.applicationName = "fisher-idle-\(UUID().uuidString.prefix(8))"
    let victim = try await PostgresDatabase(named)
    let admin = try await PostgresDatabase(location)
    let ended = try await admin.execute(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?", [.text(named.applicationName)])
    #expect(ended == [[.integer(1)]])
    try await Task.sleep(for: .milliseconds(100))
    do {
      _ = try await victim.execute("SELECT 1", [])
      Issue.record("a session the server ended answered")
    } catch let error as StudyStoreError {
      #expect(error.isTransient, "\(error)")
    }
    await victim.close()
    await admin.close()
  }

  /// Two transactions lock two rows in opposite orders; PostgreSQL aborts one
  /// of them with a deadlock (40P01), and that one must run again and commit.
  @Test(.timeLimit(.minutes(1)))
  func aDeadlockedTransactionRunsAgain() async throws {
    let table = "fisher_deadlock_\(UUID().uuidString.prefix(8).lowercased())"
    let a = try await PostgresDatabase(location)
    let b = try await PostgresDatabase(location)
    _ = try await a.execute("CREATE TABLE \(table) (id BIGINT PRIMARY KEY, n BIGINT NOT NULL)", [])
    _ = try await a.execute("INSERT INTO \(table) VALUES (1, 0), (2, 0)", [])
    let runs = _Counter()
    let aHolds = SharedFlag(), bHolds = SharedFlag()
    /// Locks `first`, says so, waits until the other holds its row, then locks `second`.
    func crossing(_ db: PostgresDatabase, first: Int64, second: Int64, mine: SharedFlag, theirs: SharedFlag) async throws {
      try await db.transaction { tx in
        _ = runs.increment()
        try await tx.query("UPDATE \(table) SET n = n + 1 WHERE id = ?", [.integer(first)])
        mine.set()
        while !theirs.isSet { try await Task.sleep(for: .milliseconds(5)) }
        try await tx.query("UPDATE \(table) SET n = n + 1 WHERE id = ?", [.integer(second)])
      }
    }
    async let one: Void = crossing(a, first: 1, second: 2, mine: aHolds, theirs: bHolds)
    async let two: Void = crossing(b, first: 2, second: 1, mine: bHolds, theirs: aHolds)
    _ = try await (one, two)
    // Each transaction committed exactly once (the aborted attempt left nothing),
    // and the deadlock made one body run twice.
    #expect(try await a.execute("SELECT id, n FROM \(table) ORDER BY id", []) == [[.integer(1), .integer(2)], [.integer(2), .integer(2)]])
    #expect(runs.count == 3)
    _ = try await a.execute("DROP TABLE \(table)", [])
    await a.close()
    await b.close()
  }

  /// A caller cancelled between BEGIN and COMMIT does not cut the transaction short.
  @Test func cancellingTheCallerDoesNotStopATransaction() async throws {
    let table = "fisher_cancel_\(UUID().uuidString.prefix(8).lowercased())"
    let db = try await PostgresDatabase(location)
    _ = try await db.execute("CREATE TABLE \(table) (id BIGINT PRIMARY KEY)", [])
    let started = SharedFlag()
    let caller = Task {
      try await db.transaction { tx in
        try await tx.query("INSERT INTO \(table) VALUES (1)")
        started.set()
        try await Task.sleep(for: .milliseconds(300))
        try await tx.query("INSERT INTO \(table) VALUES (2)")
      }
    }
    while !started.isSet { try await Task.sleep(for: .milliseconds(5)) }
    caller.cancel()
    try await caller.value
    #expect(try await db.execute("SELECT id FROM \(table) ORDER BY id", []) == [[.integer(1)], [.integer(2)]])
    _ = try await db.execute("DROP TABLE \(table)", [])
    await db.close()
  }
}
