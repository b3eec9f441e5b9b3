import Foundation
import SQLiteNIO

/// A PostgreSQL database, opened for the study store through libpq.
///
/// One connection, its blocking libpq calls on a thread of its own, its
/// transactions serialized. Statements use `$1, $2, …` (rewritten from the
/// store's `?`), text parameters typed by the server from context, text
/// results converted by column type. A lost connection or a server shutting
/// down is ``StudyStoreError/unavailable(_:)``; a transaction that
/// PostgreSQL aborts as a deadlock or serialization failure is run again.
public final class PostgresDatabase: SQLDatabase {
  public var dialect: SQLDialect { .postgres }
  public let location: PostgresLocation
  private let _library: _LibPQ
  private let _handle: _Handle
  private let _threadPool: NIOThreadPool
  private let _gate = _TransactionGate()

  /// The connection handle, used only on the connection's thread.
  private final class _Handle: @unchecked Sendable {
    var connection: OpaquePointer?
    init(_ c: OpaquePointer?) { connection = c }
  }

  public init(_ location: PostgresLocation) async throws {
    self.location = location
    let library = try _LibPQ.shared.get()
    _library = library
    let pool = NIOThreadPool(numberOfThreads: 1)
    pool.start()
    _threadPool = pool
    var info = [
      "host": location.host, "port": String(location.port), "user": location.user, "dbname": location.database,
      "connect_timeout": "10", "application_name": location.applicationName, "sslmode": location.requireTLS ? "require" : "prefer",
    ]
    if let p = location.password { info["password"] = p }
    let conninfo = info.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self._quote($0.value))" }.joined(separator: " ")
    let description = location.description
    do {
      let connection = try await pool.runIfActive { () throws -> _Handle in
        let c = conninfo.withCString { library.connectdb($0) }
        if library.status(c) != _LibPQ.CONNECTION_OK {
          let message = library.errorMessage(c).map { String(cString: $0) } ?? "unknown error"
          library.finish(c)
          throw StudyStoreError.unavailable(
            "cannot connect to \(description): \(message.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return _Handle(c)
      }
      _handle = connection
    } catch {
      try? await pool.shutdownGracefully()
      throw error
    }
    _ = try await execute("SET TIME ZONE 'UTC'", [])
    _ = try await execute("SET client_min_messages TO WARNING", [])
  }

  public func transaction<T: Sendable>(_ body: @escaping @Sendable (SQLTransaction) async throws -> T) async throws -> T {
    // In a task of its own: cancelling the caller (a heartbeat whose evaluation
    // ended, Ctrl-C) must not stop a transaction between BEGIN and COMMIT.
    try await Task { try await _transaction(body) }.value
  }

  private func _transaction<T: Sendable>(_ body: @Sendable (SQLTransaction) async throws -> T) async throws -> T {
    var tries = 0
    while true {
      tries += 1
      do {
        return try await _gate.withLock {
          _ = try await _run("BEGIN", [])
          let tx = SQLTransaction(dialect: .postgres) { sql, binds in try await self._run(sql, binds) }
          do {
            let value = try await body(tx)
            _ = try await _run("COMMIT", [])
            return value
          } catch {
            _ = try? await _run("ROLLBACK", [])
            throw error
          }
        }
      } catch let error as _PostgresError where error.isRetryable && tries < 8 {
        try await Task.sleep(for: .milliseconds(Int64(5 * tries)))
      } catch let error as _PostgresError {
        throw StudyStoreError.database(error.message)
      }
    }
  }

  public func execute(_ sql: String, _ binds: [SQLValue]) async throws -> [[SQLValue]] {
    try await Task { try await _execute(sql, binds) }.value
  }

  private func _execute(_ sql: String, _ binds: [SQLValue]) async throws -> [[SQLValue]] {
    do {
      return try await _gate.withLock { try await _run(sql, binds) }
    } catch let error as _PostgresError {
      throw StudyStoreError.database(error.message)
    }
  }

  public func close() async {
    let (library, handle) = (_library, _handle)
    _ = try? await _threadPool.runIfActive {
      library.finish(handle.connection)
      handle.connection = nil
    }
    try? await _threadPool.shutdownGracefully()
  }

  private func _run(_ sql: String, _ binds: [SQLValue]) async throws -> [[SQLValue]] {
    let statement = Self._numberPlaceholders(sql)
    let (library, handle, description) = (_library, _handle, location.description)
    return try await _threadPool.runIfActive {
      guard let connection = handle.connection else {
        throw StudyStoreError.unavailable("the connection to \(description) is closed")
      }
      let texts: [String?] = binds.map { value in
        switch value {
        case .null: return nil
        case .integer(let v): return String(v)
        case .real(let v): return v.isNaN ? "NaN" : v == .infinity ? "Infinity" : v == -.infinity ? "-Infinity" : "\(v)"
        case .text(let s): return s
        }
      }
      let copies = texts.map { $0.map { strdup($0) } ?? nil }
      defer { copies.forEach { free($0) } }
      let parameters = copies.map { UnsafePointer($0) }
      let result = statement.withCString { sqlText in
        parameters.withUnsafeBufferPointer { p in
          library.execParams(connection, sqlText, Int32(p.count), nil, p.baseAddress, nil, nil, 0)
        }
      }
      defer { library.clear(result) }
      let status = library.resultStatus(result)
      guard status == _LibPQ.PGRES_COMMAND_OK || status == _LibPQ.PGRES_TUPLES_OK else {
        let state = library.resultErrorField(result, _LibPQ.diagSQLState).map { String(cString: $0) } ?? ""
        let message = (library.resultErrorMessage(result).map { String(cString: $0) }
          ?? library.errorMessage(connection).map { String(cString: $0) } ?? "unknown error")
          .trimmingCharacters(in: .whitespacesAndNewlines)
        if library.status(connection) != _LibPQ.CONNECTION_OK || state.hasPrefix("08") || state == "57P01"
          || state == "57P02" || state == "57P03" || result == nil
        {
          throw StudyStoreError.unavailable("\(description): \(message)")
        }
        throw _PostgresError(state: state, message: message)
      }
      let rows = library.ntuples(result)
      let columns = library.nfields(result)
      let types = (0..<columns).map { library.ftype(result, $0) }
      var out: [[SQLValue]] = []
      out.reserveCapacity(Int(rows))
      for r in 0..<rows {
        var row: [SQLValue] = []
        row.reserveCapacity(Int(columns))
        for c in 0..<columns {
          if library.getisnull(result, r, c) != 0 {
            row.append(.null)
            continue
          }
          let text = library.getvalue(result, r, c).map { String(cString: $0) } ?? ""
          row.append(Self._value(text, type: types[Int(c)]))
        }
        out.append(row)
      }
      return out
    }
  }

  /// Text of a result cell as the store's value, by PostgreSQL type OID.
  static func _value(_ text: String, type: UInt32) -> SQLValue {
    switch type {
    case 20, 21, 23, 26: return Int64(text).map(SQLValue.integer) ?? .text(text)  // int8, int2, int4, oid
    case 700, 701, 1700:  // float4, float8, numeric
      switch text {
      case "Infinity": return .real(.infinity)
      case "-Infinity": return .real(-.infinity)
      case "NaN": return .real(.nan)
      default: return Double(text).map(SQLValue.real) ?? .text(text)
      }
    case 16: return .integer(text == "t" ? 1 : 0)  // bool
    default: return .text(text)
    }
  }

  /// `?` → `$1`, `$2`, … outside quoted literals.
  static func _numberPlaceholders(_ sql: String) -> String {
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

  /// A conninfo value in single quotes with `\` and `'` escaped.
  static func _quote(_ value: String) -> String {
    "'" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
  }
}

/// An error PostgreSQL reported for a statement, with its SQLSTATE.
struct _PostgresError: Error, Sendable {
  var state: String
  var message: String
  /// Deadlock or serialization failure: the transaction may simply run again.
  var isRetryable: Bool { state == "40P01" || state == "40001" }
}
