import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// PostgreSQL's client library, libpq, loaded when a `postgres://` store is opened.
///
/// Loading at run time keeps the package free of build-time database
/// dependencies: Fisher builds from its sources alone, and a machine that
/// talks to PostgreSQL needs only the client library (Debian: `libpq5`,
/// installed with `postgresql-client`; macOS: Homebrew's `libpq`). Only the
/// dozen functions of the synchronous text-format API are used.
struct _LibPQ: @unchecked Sendable {
  typealias Connect = @convention(c) (UnsafePointer<CChar>) -> OpaquePointer?
  typealias ConnStatus = @convention(c) (OpaquePointer?) -> Int32
  typealias ConnMessage = @convention(c) (OpaquePointer?) -> UnsafePointer<CChar>?
  typealias Finish = @convention(c) (OpaquePointer?) -> Void
  typealias ExecParams = @convention(c) (
    OpaquePointer?, UnsafePointer<CChar>, Int32, UnsafePointer<UInt32>?, UnsafePointer<UnsafePointer<CChar>?>?,
    UnsafePointer<Int32>?, UnsafePointer<Int32>?, Int32
  ) -> OpaquePointer?
  typealias ResultStatus = @convention(c) (OpaquePointer?) -> Int32
  typealias ResultMessage = @convention(c) (OpaquePointer?) -> UnsafePointer<CChar>?
  typealias ResultField = @convention(c) (OpaquePointer?, Int32) -> UnsafePointer<CChar>?
  typealias Count = @convention(c) (OpaquePointer?) -> Int32
  typealias GetIsNull = @convention(c) (OpaquePointer?, Int32, Int32) -> Int32
  typealias GetValue = @convention(c) (OpaquePointer?, Int32, Int32) -> UnsafePointer<CChar>?
  typealias FieldType = @convention(c) (OpaquePointer?, Int32) -> UInt32
  typealias Clear = @convention(c) (OpaquePointer?) -> Void

  let connectdb: Connect
  let status: ConnStatus
  let errorMessage: ConnMessage
  let finish: Finish
  let execParams: ExecParams
  let resultStatus: ResultStatus
  let resultErrorMessage: ResultMessage
  let resultErrorField: ResultField
  let ntuples: Count
  let nfields: Count
  let getisnull: GetIsNull
  let getvalue: GetValue
  let ftype: FieldType
  let clear: Clear

  static let CONNECTION_OK: Int32 = 0
  static let PGRES_COMMAND_OK: Int32 = 1
  static let PGRES_TUPLES_OK: Int32 = 2
  /// `PG_DIAG_SQLSTATE`, the field code 'C'.
  static let diagSQLState: Int32 = 67

  /// The library, or why it could not be loaded.
  static let shared: Result<_LibPQ, StudyStoreError> = load()

  private static func load() -> Result<_LibPQ, StudyStoreError> {
    let names = ["libpq.so.5", "libpq.so", "libpq.5.dylib", "/opt/homebrew/opt/libpq/lib/libpq.5.dylib",
                 "/usr/local/opt/libpq/lib/libpq.5.dylib"]
    guard let handle = names.lazy.compactMap({ dlopen($0, RTLD_NOW) }).first else {
      return .failure(.unavailable(
        "PostgreSQL storage needs the client library libpq (Debian: apt-get install libpq5; macOS: brew install libpq)"))
    }
    func symbol<T>(_ name: String, _ type: T.Type) throws -> T {
      guard let p = dlsym(handle, name) else { throw StudyStoreError.unavailable("libpq has no \(name)") }
      return unsafeBitCast(p, to: type)
    }
    do {
      return .success(
        _LibPQ(
          connectdb: try symbol("PQconnectdb", Connect.self), status: try symbol("PQstatus", ConnStatus.self),
          errorMessage: try symbol("PQerrorMessage", ConnMessage.self), finish: try symbol("PQfinish", Finish.self),
          execParams: try symbol("PQexecParams", ExecParams.self),
          resultStatus: try symbol("PQresultStatus", ResultStatus.self),
          resultErrorMessage: try symbol("PQresultErrorMessage", ResultMessage.self),
          resultErrorField: try symbol("PQresultErrorField", ResultField.self),
          ntuples: try symbol("PQntuples", Count.self), nfields: try symbol("PQnfields", Count.self),
          getisnull: try symbol("PQgetisnull", GetIsNull.self), getvalue: try symbol("PQgetvalue", GetValue.self),
          ftype: try symbol("PQftype", FieldType.self), clear: try symbol("PQclear", Clear.self)))
    } catch let error as StudyStoreError {
      return .failure(error)
    } catch {
      return .failure(.unavailable("\(error)"))
    }
  }
}
