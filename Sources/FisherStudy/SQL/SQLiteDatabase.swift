import Foundation
import SQLiteNIO

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A SQLite database file, opened for the study store.
///
/// The connection runs in WAL mode (readers never block the writer), with a
/// busy timeout (a writer waits for the lock instead of failing with
/// "database is locked"), and opens every write transaction with
/// `BEGIN IMMEDIATE`, so a transaction that started always commits. Before each
/// transaction it checks that the path still names the file it opened: a
/// database file that was deleted or replaced is reported as unavailable
/// instead of silently writing to an unlinked inode.
public final class SQLiteDatabase: SQLDatabase {
  public let path: String
  public var dialect: SQLDialect { .sqlite }
  private let connectionHandle: SQLiteConnection
  private let nioThreadPool: NIOThreadPool
  private let gate = TransactionGate()
  private let fileIdentity: FileIdentity
  /// Whether the connection refuses every write (`PRAGMA query_only`).
  public let readOnly: Bool

  /// Opens the database at `path`.
  ///
  /// - Parameters:
  ///   - create: whether a missing file is created; when false a missing
  ///     file throws ``StudyStoreError/unavailable(_:)``.
  ///   - readOnly: opens an existing file for reading only: the connection
  ///     refuses every statement that writes, leaves the journal mode as the
  ///     writers set it, and begins transactions as deferred readers, so a
  ///     reader never takes the write lock.
  public init(path: String, create: Bool, readOnly: Bool = false, busyTimeout: Duration = .seconds(30)) async throws {
    self.path = path
    self.readOnly = readOnly
    if (!create || readOnly), FileIdentity(path: path) == nil {
      throw StudyStoreError.unavailable("no SQLite database at \(path)")
    }
    let directory = (path as NSString).deletingLastPathComponent
    if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
      throw StudyStoreError.unavailable("the folder of \(path) does not exist")
    }
    // A thread of its own: a connection waiting for the write lock (busy
    // timeout) must not hold a thread that the lock's holder needs to finish.
    let pool = NIOThreadPool(numberOfThreads: 1)
    pool.start()
    nioThreadPool = pool
    do {
      connectionHandle = try await SQLiteConnection.open(
        storage: .file(path: path), threadPool: pool, on: MultiThreadedEventLoopGroup.singleton.any())
    } catch {
      try? await pool.shutdownGracefully()
      throw Self.mappedError(error, path: path)
    }
    let milliseconds = busyTimeout.components.seconds * 1000 + busyTimeout.components.attoseconds / 1_000_000_000_000_000
    do {
      _ = try await Self.runQuery(connectionHandle, "PRAGMA busy_timeout = \(milliseconds)", [])
      if readOnly {
        _ = try await Self.runQuery(connectionHandle, "PRAGMA query_only = ON", [])
      } else {
        _ = try await Self.runQuery(connectionHandle, "PRAGMA journal_mode = WAL", [])
        _ = try await Self.runQuery(connectionHandle, "PRAGMA synchronous = FULL", [])
      }
    } catch {
      try? await connectionHandle.close()
      try? await pool.shutdownGracefully()
      throw Self.mappedError(error, path: path)
    }
    guard let identity = FileIdentity(path: path) else {
      try? await connectionHandle.close()
      try? await pool.shutdownGracefully()
      throw StudyStoreError.unavailable("the SQLite database at \(path) disappeared while opening")
    }
    fileIdentity = identity
  }

  public func transaction<T: Sendable>(_ body: @escaping @Sendable (SQLTransaction) async throws -> T) async throws -> T {
    // In a task of its own: cancelling the caller (a heartbeat whose evaluation
    // ended, Ctrl-C) must not stop a transaction between BEGIN and COMMIT.
    try await Task { try await runTransaction(body) }.value
  }

  private func runTransaction<T: Sendable>(_ body: @Sendable (SQLTransaction) async throws -> T) async throws -> T {
    let connection = connectionHandle
    let path = self.path
    let begin = readOnly ? "BEGIN DEFERRED" : "BEGIN IMMEDIATE"
    return try await gate.withLock {
      try checkFile()
      do {
        _ = try await Self.runQuery(connection, begin, [])
      } catch {
        throw Self.mappedError(error, path: path)
      }
      let tx = SQLTransaction(dialect: .sqlite) { sql, binds in
        do {
          return try await Self.runQuery(connection, sql, binds)
        } catch {
          throw Self.mappedError(error, path: path)
        }
      }
      do {
        let value = try await body(tx)
        do {
          _ = try await Self.runQuery(connection, "COMMIT", [])
        } catch {
          throw Self.mappedError(error, path: path)
        }
        return value
      } catch {
        _ = try? await Self.runQuery(connection, "ROLLBACK", [])
        throw error
      }
    }
  }

  public func execute(_ sql: String, _ binds: [SQLValue]) async throws -> [[SQLValue]] {
    try await Task { try await executeStatement(sql, binds) }.value
  }

  private func executeStatement(_ sql: String, _ binds: [SQLValue]) async throws -> [[SQLValue]] {
    let connection = connectionHandle
    let path = self.path
    return try await gate.withLock {
      try checkFile()
      do {
        return try await Self.runQuery(connection, sql, binds)
      } catch {
        throw Self.mappedError(error, path: path)
      }
    }
  }

  public func close() async {
    try? await connectionHandle.close()
    try? await nioThreadPool.shutdownGracefully()
  }

  /// A database dropped without ``close()`` (a study abandoned on an error
  /// path, a task cancelled mid-way) still closes its file and stops its
  /// thread: the close runs on the connection's own thread, which keeps the
  /// connection alive until it is done.
  deinit {
    guard !connectionHandle.isClosed else { return }
    let pool = nioThreadPool
    connectionHandle.close().whenComplete { _ in
      pool.shutdownGracefully { _ in }
    }
  }

  private func checkFile() throws {
    guard FileIdentity(path: path) == fileIdentity else {
      throw StudyStoreError.unavailable("the SQLite database file \(path) was removed or replaced")
    }
  }

  private static func runQuery(_ connection: SQLiteConnection, _ sql: String, _ binds: [SQLValue]) async throws
    -> [[SQLValue]]
  {
    let collector = RowCollector()
    let data = binds.map { value -> SQLiteData in
      switch value {
      case .null: return .null
      case .integer(let v): return .integer(Int(v))
      case .real(let v): return .float(v)
      case .text(let s): return .text(s)
      }
    }
    try await connection.query(sql, data) { row in
      collector.append(
        row.columns.map { column in
          switch column.data {
          case .null, .blob: return .null
          case .integer(let v): return .integer(Int64(v))
          case .float(let v): return .real(v)
          case .text(let s): return .text(s)
          }
        })
    }
    return collector.rows
  }

  /// Errors that mean "try again later" become ``StudyStoreError/unavailable(_:)``.
  static func mappedError(_ error: any Error, path: String) -> any Error {
    if error is StudyStoreError { return error }
    guard let e = error as? SQLiteError else { return error }
    switch e.reason {
    case .busy, .busyTimeout, .busyInRecovery, .busyInSnapshot, .locked, .cantOpen, .cantOpenDirectory,
      .ioError, .readOnly, .readonlyCantLock, .readonlyDirectory, .readonlyBackingMoved, .readonlyInRecovery,
      .full, .noLFS, .proto:
      return StudyStoreError.unavailable("\(path): \(e.message)")
    case .corrupt, .notADatabase:
      return StudyStoreError.database("\(path) is not a valid SQLite database: \(e.message)")
    default:
      if "\(e.reason)".hasPrefix("ioError") {
        return StudyStoreError.unavailable("\(path): \(e.message)")
      }
      return StudyStoreError.database(e.message)
    }
  }
}

/// Rows handed over from SQLite's thread pool.
private final class RowCollector: @unchecked Sendable {
  private let mutex = NSLock()
  private var collectedRows: [[SQLValue]] = []

  func append(_ row: [SQLValue]) {
    mutex.lock()
    collectedRows.append(row)
    mutex.unlock()
  }

  var rows: [[SQLValue]] {
    mutex.lock()
    defer { mutex.unlock() }
    return collectedRows
  }
}

/// A file's device and inode: what stays the same while a path names the same file.
struct FileIdentity: Equatable, Sendable {
  var device: UInt64
  var inode: UInt64

  init?(path: String) {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    device = UInt64(info.st_dev)
    inode = UInt64(info.st_ino)
  }
}
