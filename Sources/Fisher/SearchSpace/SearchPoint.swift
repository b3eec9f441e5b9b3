/// A point of a ``SearchSpace``: one value per variable, in the space's order.
///
///     let lr = try point.real("lr")
///     let layers = try point.integer("layers")
///     let activation = try point.category("activation")
///
/// In JSON an object keyed by variable name, `{"lr": 0.003, "layers": 4,
/// "activation": "gelu"}`.
public struct SearchPoint: Sendable, Hashable {
  /// The variables' names, in the space's order.
  public let names: [String]
  /// The values, in the same order.
  public let values: [SearchValue]

  /// A point from names and values of the same count.
  ///
  /// - Throws: ``FisherError/dimensionMismatch(_:)`` when the counts differ.
  public init(names: [String], values: [SearchValue]) throws {
    guard names.count == values.count else {
      throw FisherError.dimensionMismatch("\(names.count) names for \(values.count) values")
    }
    self.names = names
    self.values = values
  }

  init(uncheckedNames names: [String], values: [SearchValue]) {
    self.names = names
    self.values = values
  }

  /// The value of the variable `name`, or nil when the point has none.
  public subscript(name: String) -> SearchValue? {
    names.firstIndex(of: name).map { values[$0] }
  }

  /// The values keyed by name.
  public var dictionary: [String: SearchValue] {
    Dictionary(zip(names, values), uniquingKeysWith: { first, _ in first })
  }

  func value(_ name: String) throws -> SearchValue {
    guard let v = self[name] else {
      throw FisherError.invalidParameter(name: "variable '\(name)'", reason: "is not a variable of this point (\(names.joined(separator: ", ")))")
    }
    return v
  }

  /// The real value of `name` (an integer variable's value converted).
  ///
  /// - Throws: ``FisherError`` when there is no such variable or it is categorical.
  public func real(_ name: String) throws -> Double {
    guard let d = try value(name).doubleValue else {
      throw FisherError.invalidParameter(name: "variable '\(name)'", reason: "is categorical, not a number")
    }
    return d
  }

  /// The integer value of `name`.
  ///
  /// - Throws: ``FisherError`` when there is no such variable or it is not an integer.
  public func integer(_ name: String) throws -> Int {
    guard let i = try value(name).intValue else {
      throw FisherError.invalidParameter(name: "variable '\(name)'", reason: "is not an integer variable")
    }
    return i
  }

  /// The chosen category of `name`.
  ///
  /// - Throws: ``FisherError`` when there is no such variable or it is not categorical.
  public func category(_ name: String) throws -> String {
    guard let s = try value(name).stringValue else {
      throw FisherError.invalidParameter(name: "variable '\(name)'", reason: "is not a categorical variable")
    }
    return s
  }
}

extension SearchPoint: Codable {
  struct Key: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }

  /// Decodes a JSON object of name → value, in the object's key order as the
  /// decoder reports it; ``SearchSpace/validate(_:)`` puts it in the space's order.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: Key.self)
    var names: [String] = [], values: [SearchValue] = []
    for k in c.allKeys {
      names.append(k.stringValue)
      values.append(try c.decode(SearchValue.self, forKey: k))
    }
    self.init(uncheckedNames: names, values: values)
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: Key.self)
    for (n, v) in zip(names, values) { try c.encode(v, forKey: Key(stringValue: n)) }
  }
}

extension SearchPoint: CustomStringConvertible {
  public var description: String {
    zip(names, values).map { "\($0)=\($1)" }.joined(separator: " ")
  }
}
