import Fisher
import Foundation

/// Where a study lives: a SQLite file or a PostgreSQL database.
///
///     sqlite:///absolute/path/study.db      sqlite://relative/path.db is refused
///     sqlite:relative/or/absolute/path.db
///     postgres://user:password@host:5432/database   (also postgresql://)
///
/// `description` never shows a password: it prints `postgres://user:***@host:port/db`.
public enum StorageURL: Sendable, Hashable, CustomStringConvertible {
  case sqlite(path: String)
  case postgres(PostgresLocation)

  /// The environment variable read when no URL is given.
  public static let environmentVariable = "FISHER_DATABASE_URL"

  /// Parses a storage URL.
  ///
  /// - Throws: `FisherError/invalidParameter(name:reason:)` naming what is wrong
  ///   (the message repeats the URL with its password hidden).
  public init(_ string: String) throws {
    let trimmed = string.trimmingCharacters(in: .whitespaces)
    if trimmed.hasPrefix("sqlite://") {
      let path = String(trimmed.dropFirst("sqlite://".count))
      guard path.hasPrefix("/") else {
        throw FisherError.invalidParameter(
          name: "storage", reason: "sqlite:// must be followed by an absolute path (sqlite:///path/study.db); for a relative path write sqlite:path/study.db")
      }
      self = .sqlite(path: path)
    } else if trimmed.hasPrefix("sqlite:") {
      let path = String(trimmed.dropFirst("sqlite:".count))
      guard !path.isEmpty else {
        throw FisherError.invalidParameter(name: "storage", reason: "sqlite: needs a file path")
      }
      self = .sqlite(path: path)
    } else if trimmed.hasPrefix("postgres://") || trimmed.hasPrefix("postgresql://") {
      self = .postgres(try PostgresLocation(trimmed))
    } else {
      throw FisherError.invalidParameter(
        name: "storage",
        reason: "'\(Self.redacted(trimmed))' is not a storage URL; use sqlite:///path/study.db or postgres://user:password@host:port/database")
    }
  }

  /// The URL given, else `FISHER_DATABASE_URL`, else `default`.
  public static func resolve(
    _ given: String?, environment: [String: String] = ProcessInfo.processInfo.environment, default fallback: String? = nil
  ) throws -> StorageURL {
    if let given, !given.isEmpty { return try StorageURL(given) }
    if let env = environment[environmentVariable], !env.isEmpty { return try StorageURL(env) }
    if let fallback { return try StorageURL(fallback) }
    throw FisherError.invalidParameter(
      name: "storage", reason: "no --storage given and \(environmentVariable) is not set")
  }

  public var description: String {
    switch self {
    case .sqlite(let path): return path.hasPrefix("/") ? "sqlite://\(path)" : "sqlite:\(path)"
    case .postgres(let p): return p.description
    }
  }

  /// `string` with anything between `://user:` and `@` replaced by `***`.
  static func redacted(_ string: String) -> String {
    guard let scheme = string.range(of: "://"),
      let at = string[scheme.upperBound...].lastIndex(of: "@"),
      let colon = string[scheme.upperBound..<at].firstIndex(of: ":")
    else { return string }
    return String(string[..<string.index(after: colon)]) + "***" + String(string[at...])
  }
}

/// A PostgreSQL server and database; the password is kept but never printed.
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
  public var host: String
  public var port: Int
  public var user: String
  public var password: String?
  public var database: String
  /// TLS, from `?sslmode=` as libpq spells it (default `prefer`).
  public var tls: PostgresTLSMode
  /// The session's `application_name` (`?application_name=…`; default `fisher`).
  public var applicationName: String

  init(_ string: String) throws {
    let bad = { (why: String) in
      FisherError.invalidParameter(name: "storage", reason: "\(StorageURL.redacted(string)): \(why)")
    }
    let normalized = string.hasPrefix("postgresql://") ? "postgres://" + string.dropFirst("postgresql://".count) : string
    guard let components = URLComponents(string: normalized) else { throw bad("not a valid URL") }
    guard let host = components.host, !host.isEmpty else { throw bad("no host") }
    guard let user = components.user, !user.isEmpty else { throw bad("no user (postgres://user:password@host:port/db)") }
    let database = String(components.path.drop(while: { $0 == "/" }))
    guard !database.isEmpty else { throw bad("no database name after the host") }
    if let port = components.port, !(1...65535).contains(port) { throw bad("port \(port) out of range") }
    self.host = host
    self.port = components.port ?? 5432
    self.user = user.removingPercentEncoding ?? user
    self.password = components.password.map { $0.removingPercentEncoding ?? $0 }
    self.database = database
    let mode = components.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "prefer"
    guard let tls = PostgresTLSMode(rawValue: mode == "allow" ? "prefer" : mode) else {
      throw bad("sslmode '\(mode)' is not one of disable, allow, prefer, require, verify-ca, verify-full")
    }
    self.tls = tls
    self.applicationName = components.queryItems?.first(where: { $0.name == "application_name" })?.value ?? "fisher"
  }

  public var description: String {
    let secret = password == nil ? "" : ":***"
    return "postgres://\(user)\(secret)@\(host):\(port)/\(database)"
  }
}

/// Whether a PostgreSQL connection uses TLS, with libpq's `sslmode` names.
///
/// - `disable`: plain TCP.
/// - `prefer` (the default; `allow` means the same here): TLS when the server
///   offers it, else plain TCP; the certificate is not checked.
/// - `require`: TLS or no connection; the certificate is not checked.
/// - `verify-ca`: TLS with a certificate signed by a root the system trusts.
/// - `verify-full`: as `verify-ca`, and the certificate must name the host.
public enum PostgresTLSMode: String, Sendable, Hashable {
  case disable
  case prefer
  case require
  case verifyCA = "verify-ca"
  case verifyFull = "verify-full"
}
