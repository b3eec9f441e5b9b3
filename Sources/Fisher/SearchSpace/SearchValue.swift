/// The value of one ``SearchVariable``: a real number, an integer or the name
/// of a category. In JSON a number, an integer or a string.
public enum SearchValue: Sendable, Hashable {
  case real(Double)
  case integer(Int)
  case categorical(String)

  /// The value as a real number: a real, or an integer converted; nil for a category.
  public var doubleValue: Double? {
    switch self {
    case .real(let v): return v
    case .integer(let v): return Double(v)
    case .categorical: return nil
    }
  }

  /// The integer, or nil for another kind of value.
  public var intValue: Int? {
    if case .integer(let v) = self { return v }
    return nil
  }

  /// The category's name, or nil for a number.
  public var stringValue: String? {
    if case .categorical(let v) = self { return v }
    return nil
  }
}

extension SearchValue: Codable {
  /// Decodes a JSON integer as ``integer(_:)``, another number as
  /// ``real(_:)`` and a string as ``categorical(_:)``.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.singleValueContainer()
    if let i = try? c.decode(Int.self) {
      self = .integer(i)
    } else if let d = try? c.decode(Double.self) {
      self = .real(d)
    } else if let s = try? c.decode(String.self) {
      self = .categorical(s)
    } else {
      throw FisherError.malformedInput("a value must be a number or a string")
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    switch self {
    case .real(let v): try c.encode(v)
    case .integer(let v): try c.encode(v)
    case .categorical(let v): try c.encode(v)
    }
  }
}

extension SearchValue: CustomStringConvertible {
  public var description: String {
    switch self {
    case .real(let v): return "\(v)"
    case .integer(let v): return "\(v)"
    case .categorical(let v): return v
    }
  }
}
