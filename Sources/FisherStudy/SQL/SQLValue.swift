/// One value bound to or read from a SQL statement.
///
/// The study store uses only these four kinds, which SQLite and PostgreSQL
/// both store natively (INTEGER/BIGINT, REAL/DOUBLE PRECISION, TEXT, NULL), so
/// one set of statements serves both backends.
public enum SQLValue: Sendable, Hashable, CustomStringConvertible {
  case null
  case integer(Int64)
  case real(Double)
  case text(String)

  /// The value as an integer (reals with an integral value convert).
  public var integer: Int64? {
    switch self {
    case .integer(let v): return v
    case .real(let v): return v.rounded() == v ? Int64(exactly: v) : nil
    default: return nil
    }
  }

  /// The value as a Double (integers convert).
  public var real: Double? {
    switch self {
    case .real(let v): return v
    case .integer(let v): return Double(v)
    default: return nil
    }
  }

  public var text: String? {
    if case .text(let s) = self { return s }
    return nil
  }

  public var isNull: Bool { self == .null }

  public var description: String {
    switch self {
    case .null: return "NULL"
    case .integer(let v): return String(v)
    case .real(let v): return String(v)
    case .text(let s): return "'\(s)'"
    }
  }
}

extension SQLValue {
  /// `.integer` for an Int.
  static func int(_ v: Int) -> SQLValue { .integer(Int64(v)) }
  /// `.real`, or NULL for nil.
  static func optionalReal(_ v: Double?) -> SQLValue { v.map(SQLValue.real) ?? .null }
  /// `.text`, or NULL for nil.
  static func optionalText(_ v: String?) -> SQLValue { v.map(SQLValue.text) ?? .null }
}
