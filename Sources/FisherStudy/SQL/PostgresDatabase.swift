import Foundation
import PostgresNIO

/// A PostgreSQL database, opened for the study store through vapor/postgres-nio.
///
/// One `PostgresConnection` on NIO's shared event loop group, its
/// transactions serialized. Statements use `$1, $2, …` (rewritten from the
/// store's `?`) with typed binary parameters (`BIGINT`, `DOUBLE PRECISION`,
/// `TEXT`, untyped `NULL`); results are converted by column type. A refused or
/// lost connection, or a server shutting down, is
/// ``StudyStoreError/unavailable(_:)``, which workers retry with backoff; a
/// transaction that PostgreSQL aborts as a deadlock or serialization failure
/// is run again. Messages name the server as ``PostgresLocation/description``,
/// never with the password.
public final class PostgresDatabase: SQLDatabase {
  public var dialect: SQLDialect { .postgres }
  public let location: PostgresLocation
  private let connectionHandle: PostgresConnection
  private let gate = TransactionGate()

  /// Opens one connection to `location`.
  ///
  /// - Throws: ``StudyStoreError/unavailable(_:)`` when the server cannot be
  ///   reached (refused, timed out after 10 s, shutting down, too many
  ///   connections); ``StudyStoreError/database(_:)`` when it answers but
  ///   refuses this client (authentication, unknown database, TLS required
  ///   by `sslmode` but not offered).
  /// - Parameter readOnly: makes every transaction of the session read-only
  ///   (`default_transaction_read_only`), so the server refuses any write.
  public init(_ location: PostgresLocation, readOnly: Bool = false) async throws {
    self.location = location
    let description = location.description
    do {
      var configuration = PostgresConnection.Configuration(
        host: location.host, port: location.port, username: location.user, password: location.password,
        database: location.database, tls: try location.tls.tlsConfiguration())
      configuration.options.connectTimeout = .seconds(10)
      configuration.options.additionalStartupParameters = [
        ("application_name", location.applicationName), ("TimeZone", "UTC"), ("client_min_messages", "warning"),
      ]
      if readOnly {
        configuration.options.additionalStartupParameters.append(("default_transaction_read_only", "on"))
      }
      connectionHandle = try await PostgresConnection.connect(
        on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: ConnectionNumbers.next(),
        logger: Self.sharedLogger)
    } catch {
      throw Self.connectError(error, description: description)
    }
  }

  deinit {
    // The connection must be closed before it is released; the callback keeps
    // it alive until then when the owner dropped this object without `close()`.
    let connection = connectionHandle
    if !connection.isClosed {
      connection.close().whenComplete { _ in _ = connection }
    }
  }

  public func transaction<T: Sendable>(_ body: @escaping @Sendable (SQLTransaction) async throws -> T) async throws -> T {
    // In a task of its own: cancelling the caller (a heartbeat whose evaluation
    // ended, Ctrl-C) must not stop a transaction between BEGIN and COMMIT.
    try await Task { try await runTransaction(body) }.value
  }

  private func runTransaction<T: Sendable>(_ body: @Sendable (SQLTransaction) async throws -> T) async throws -> T {
    var tries = 0
    while true {
      tries += 1
      do {
        return try await gate.withLock {
          _ = try await runStatement("BEGIN", [])
          let tx = SQLTransaction(dialect: .postgres) { sql, binds in try await self.runStatement(sql, binds) }
          do {
            let value = try await body(tx)
            _ = try await runStatement("COMMIT", [])
            return value
          } catch {
            _ = try? await runStatement("ROLLBACK", [])
            throw error
          }
        }
      } catch let error as PostgresError where error.isRetryable && tries < 8 {
        try await Task.sleep(for: .milliseconds(Int64(5 * tries)))
      } catch let error as PostgresError {
        throw StudyStoreError.database(error.message)
      }
    }
  }

  public func execute(_ sql: String, _ binds: [SQLValue]) async throws -> [[SQLValue]] {
    try await Task { try await executeStatement(sql, binds) }.value
  }

  private func executeStatement(_ sql: String, _ binds: [SQLValue]) async throws -> [[SQLValue]] {
    do {
      return try await gate.withLock { try await runStatement(sql, binds) }
    } catch let error as PostgresError {
      throw StudyStoreError.database(error.message)
    }
  }

  public func close() async {
    try? await connectionHandle.close()
  }

  /// Runs one statement and reads all its rows.
  ///
  /// - Throws: ``StudyStoreError/unavailable(_:)`` for a connection problem,
  ///   `PostgresError` for an error the server reported for the statement.
  private func runStatement(_ sql: String, _ binds: [SQLValue]) async throws -> [[SQLValue]] {
    var bindings = PostgresBindings(capacity: binds.count)
    for value in binds {
      switch value {
      case .null: bindings.appendNull()
      case .integer(let v): bindings.append(v)
      case .real(let v): bindings.append(v)
      case .text(let s): bindings.append(s)
      }
    }
    let query = PostgresQuery(unsafeSQL: Self.numberPlaceholders(sql), binds: bindings)
    let connection = connectionHandle
    do {
      // Sent from the connection's event loop after checking that its channel
      // is open: a statement written to a channel that already closed (the
      // server ended an idle session) would never be answered.
      let result = try await connection.eventLoop.flatSubmit { () -> EventLoopFuture<PostgresQueryResult> in
        guard !connection.isClosed else { return connection.eventLoop.makeFailedFuture(ConnectionClosed()) }
        return connection.query(query, logger: Self.sharedLogger)
      }.get()
      return result.rows.map { $0.map(Self.sqlValue) }
    } catch {
      throw Self.statementError(error, description: location.description)
    }
  }

  /// Nothing is logged below `.critical`, which postgres-nio does not use: the
  /// store reports through its errors, and a worker's output stays its own.
  static let sharedLogger: Logger = {
    var logger = Logger(label: "fisher.study.postgres")
    logger.logLevel = .critical
    return logger
  }()

  /// A result cell as the store's value, by PostgreSQL type.
  static func sqlValue(_ cell: PostgresCell) -> SQLValue {
    guard cell.bytes != nil else { return .null }
    switch cell.dataType {
    case .int2, .int4, .int8:
      return (try? cell.decode(Int64.self)).map(SQLValue.integer) ?? .null
    case .float4, .float8:
      return (try? cell.decode(Double.self)).map(SQLValue.real) ?? .null
    case .numeric:
      guard let d = try? cell.decode(Decimal.self) else { return .null }
      return .real(NSDecimalNumber(decimal: d).doubleValue)
    case .bool:
      return (try? cell.decode(Bool.self)).map { .integer($0 ? 1 : 0) } ?? .null
    default:
      return (try? cell.decode(String.self)).map(SQLValue.text) ?? .null
    }
  }

  /// `?` → `$1`, `$2`, … outside quoted literals.
  static func numberPlaceholders(_ sql: String) -> String {
    var out = ""
    out.reserveCapacity(sql.count + 16)
    var n = 0
    var quoted = false
    for ch in sql {
      if ch == "'" { quoted.toggle() }
      if ch == "?" && !quoted {
        n += 1
        out += "$\(n)"
      } else {
        out.append(ch)
      }
    }
    return out
  }

  /// SQLSTATEs that mean the server cannot serve this connection now: class 08
  /// (connection exception), 53300 (too many connections), 57P01–57P03 (the
  /// session was terminated, the server shuts down or is starting).
  static func isUnavailable(state: String) -> Bool {
    state.hasPrefix("08") || state == "53300" || state == "57P01" || state == "57P02" || state == "57P03"
  }

  /// An error of a statement: a connection problem is unavailable, a server
  /// error keeps its SQLSTATE for the transaction's retry decision.
  static func statementError(_ error: any Error, description: String) -> any Error {
    if error is StudyStoreError || error is PostgresError { return error }
    guard let e = error as? PSQLError else {
      return StudyStoreError.unavailable("\(description): \(errorReason(error))")
    }
    if e.code == .server {
      let state = e.serverInfo?[.sqlState] ?? ""
      let message = e.serverInfo?[.message] ?? "unknown error"
      if isUnavailable(state: state) { return StudyStoreError.unavailable("\(description): \(message)") }
      return PostgresError(state: state, message: message)
    }
    if isConnectionLoss(e.code) {
      return StudyStoreError.unavailable("\(description): \(errorReason(e))")
    }
    return StudyStoreError.database("\(description): \(errorReason(e))")
  }

  /// An error of connecting: unreachable is unavailable; a server that refuses
  /// this client (credentials, database, TLS) is a database error, since
  /// retrying cannot help.
  static func connectError(_ error: any Error, description: String) -> any Error {
    if error is StudyStoreError { return error }
    guard let e = error as? PSQLError else {
      return StudyStoreError.unavailable("cannot connect to \(description): \(errorReason(error))")
    }
    if e.code == .server {
      let state = e.serverInfo?[.sqlState] ?? ""
      let message = e.serverInfo?[.message] ?? "unknown error"
      if isUnavailable(state: state) { return StudyStoreError.unavailable("cannot connect to \(description): \(message)") }
      return StudyStoreError.database("cannot connect to \(description): \(message)")
    }
    if isConnectionLoss(e.code) {
      return StudyStoreError.unavailable("cannot connect to \(description): \(errorReason(e))")
    }
    return StudyStoreError.database("cannot connect to \(description): \(errorReason(e))")
  }

  static func isConnectionLoss(_ code: PSQLError.Code) -> Bool {
    code == .connectionError || code == .serverClosedConnection || code == .clientClosedConnection
      || code == .uncleanShutdown || code == .messageDecodingFailure || code == .unexpectedBackendMessage
  }

  /// A short reason for `error`, without the query or its parameters.
  static func errorReason(_ error: any Error) -> String {
    if let e = error as? PSQLError {
      switch e.code {
      case .sslUnsupported: return "the server does not offer TLS, which sslmode requires"
      case .authMechanismRequiresPassword: return "the server asks for a password and the URL has none"
      case .unsupportedAuthMechanism: return "the server asks for an authentication method postgres-nio does not support"
      case .serverClosedConnection: return "the server closed the connection" + (e.underlying.map { " (\(errorReason($0)))" } ?? "")
      case .clientClosedConnection: return "the connection is closed"
      case .uncleanShutdown: return "the connection ended without a clean shutdown"
      case .connectionError: return e.underlying.map(errorReason) ?? "connection error"
      default:
        if let message = e.serverInfo?[.message] { return message }
        return "\(e.code)" + (e.underlying.map { " (\(errorReason($0)))" } ?? "")
      }
    }
    if let e = error as? NIOConnectionError {
      let reasons = e.connectionErrors.map { "\($0.error)" }
      if reasons.isEmpty { return "cannot resolve \(e.host)" }
      return Array(Set(reasons)).sorted().joined(separator: "; ")
    }
    if let e = error as? ChannelError, case .connectTimeout(let t) = e {
      return "no answer within \(t.nanoseconds / 1_000_000_000) s"
    }
    return "\(error)"
  }
}

/// An error PostgreSQL reported for a statement, with its SQLSTATE.
struct PostgresError: Error, Sendable {
  var state: String
  var message: String
  /// Deadlock or serialization failure: the transaction may simply run again.
  var isRetryable: Bool { state == "40P01" || state == "40001" }
}

/// A statement for a connection whose channel has closed.
struct ConnectionClosed: Error, CustomStringConvertible {
  var description: String { "the connection is closed" }
}

/// Numbers for the connections of this process (postgres-nio tags its log metadata with them).
enum ConnectionNumbers {
  private static let mutex = NSLock()
  nonisolated(unsafe) private static var last = 0

  static func next() -> Int {
    mutex.lock()
    defer { mutex.unlock() }
    last += 1
    return last
  }
}

extension PostgresTLSMode {
  /// The postgres-nio TLS setting for this mode. `prefer` and `require`
  /// encrypt without checking the certificate (as libpq does); `verify-ca`
  /// checks it against the system's trust roots, `verify-full` also checks
  /// that it names the host.
  func tlsConfiguration() throws -> PostgresConnection.Configuration.TLS {
    switch self {
    case .disable: return .disable
    case .prefer: return .prefer(try Self.unverifiedContext.get())
    case .require: return .require(try Self.unverifiedContext.get())
    case .verifyCA:
      var c = TLSConfiguration.makeClientConfiguration()
      c.certificateVerification = .noHostnameVerification
      return .require(try Self.sslContext(c))
    case .verifyFull:
      return .require(try Self.sslContext(.makeClientConfiguration()))
    }
  }

  /// One unverified client context for the process (made on first use).
  private static let unverifiedContext: Result<NIOSSLContext, any Error> = Result {
    var c = TLSConfiguration.makeClientConfiguration()
    c.certificateVerification = .none
    return try sslContext(c)
  }

  private static func sslContext(_ configuration: TLSConfiguration) throws -> NIOSSLContext {
    do {
      return try NIOSSLContext(configuration: configuration)
    } catch {
      throw StudyStoreError.database("cannot set up TLS: \(error)")
    }
  }
}
