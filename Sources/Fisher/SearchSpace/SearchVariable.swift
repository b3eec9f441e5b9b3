/// One named variable of a ``SearchSpace``: a real number, an integer or a
/// choice among named categories.
///
/// In JSON, the form of `fisher ask-tell --space` files:
///
///     {"name": "lr", "type": "real", "low": 1e-5, "high": 0.1, "log": true}
///     {"name": "momentum", "type": "real"}
///     {"name": "layers", "type": "integer", "low": 1, "high": 8}
///     {"name": "batch", "type": "integer", "low": 16, "high": 256, "step": 16}
///     {"name": "activation", "type": "categorical", "choices": ["relu", "tanh", "gelu"]}
public struct SearchVariable: Sendable, Hashable {
  /// What values the variable takes.
  public enum Kind: Sendable, Hashable {
    /// A real number in [low, high], or unbounded when both are nil; with
    /// `log`, searched on the scale of ln x (then low > 0, or no bounds and x > 0).
    case real(low: Double?, high: Double?, log: Bool)
    /// The integers low, low + step, …, up to high (inclusive); step divides high − low.
    case integer(low: Int, high: Int, step: Int)
    /// One of the named choices.
    case categorical(choices: [String])
  }

  public let name: String
  public let kind: Kind

  /// A variable, checked.
  ///
  /// - Throws: ``FisherError/invalidParameter(name:reason:)``, naming the
  ///   variable, for an empty name, non-finite bounds, low ≥ high, only one
  ///   bound, a log scale with low ≤ 0, a step that is not positive or does not
  ///   divide high − low, or fewer than two distinct choices.
  public init(name: String, kind: Kind) throws {
    self.name = name
    self.kind = kind
    try validate()
  }

  /// A real variable.
  public static func real(_ name: String, low: Double? = nil, high: Double? = nil, log: Bool = false) throws -> SearchVariable {
    try SearchVariable(name: name, kind: .real(low: low, high: high, log: log))
  }

  /// An integer variable.
  public static func integer(_ name: String, low: Int, high: Int, step: Int = 1) throws -> SearchVariable {
    try SearchVariable(name: name, kind: .integer(low: low, high: high, step: step))
  }

  /// A categorical variable.
  public static func categorical(_ name: String, choices: [String]) throws -> SearchVariable {
    try SearchVariable(name: name, kind: .categorical(choices: choices))
  }

  func fail(_ reason: String) -> FisherError {
    FisherError.invalidParameter(name: "variable '\(name)'", reason: reason)
  }

  func validate() throws {
    guard !name.isEmpty else {
      throw FisherError.invalidParameter(name: "variable", reason: "every variable needs a non-empty name")
    }
    switch kind {
    case .real(let low, let high, let log):
      switch (low, high) {
      case (nil, nil):
        break
      case (let l?, let h?):
        guard l.isFinite, h.isFinite else { throw fail("bounds must be finite, got [\(l), \(h)]") }
        guard l < h else { throw fail("low \(l) must be below high \(h)") }
        if log && !(l > 0) { throw fail("a log scale needs low > 0, got \(l)") }
      default:
        throw fail("give both low and high, or neither for an unbounded variable")
      }
    case .integer(let low, let high, let step):
      guard low < high else { throw fail("low \(low) must be below high \(high)") }
      guard step > 0 else { throw fail("step must be positive, got \(step)") }
      let (range, overflow) = high.subtractingReportingOverflow(low)
      guard !overflow, range <= 1 << 52 else { throw fail("the range [\(low), \(high)] is too wide") }
      guard range % step == 0 else { throw fail("step \(step) does not divide high − low = \(range)") }
    case .categorical(let choices):
      guard choices.count >= 2 else { throw fail("needs at least two choices, got \(choices.count)") }
      var seen = Set<String>()
      for c in choices where !seen.insert(c).inserted { throw fail("choice '\(c)' is listed twice") }
    }
  }

  /// The number of search coordinates the variable takes: one for a real or
  /// an integer, one per choice for a categorical variable.
  public var width: Int {
    if case .categorical(let choices) = kind { return choices.count }
    return 1
  }
}

extension SearchVariable: Codable {
  enum CodingKeys: String, CodingKey {
    case name, type, low, high, log, step, choices
  }

  /// Decodes a variable in the JSON form above and checks it.
  ///
  /// - Throws: ``FisherError`` naming the variable for a missing or unknown
  ///   type, a key that does not belong to the type, a non-integer bound of an
  ///   integer variable, and everything ``init(name:kind:)`` rejects.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let name = try c.decode(String.self, forKey: .name)
    func fail(_ reason: String) -> FisherError { FisherError.invalidParameter(name: "variable '\(name)'", reason: reason) }
    guard let type = try c.decodeIfPresent(String.self, forKey: .type) else {
      throw fail("needs a \"type\": real, integer or categorical")
    }
    func reject(_ keys: [CodingKeys]) throws {
      if let k = keys.first(where: { c.contains($0) }) { throw fail("\"\(k.rawValue)\" does not apply to a \(type) variable") }
    }
    func integer(_ key: CodingKeys) throws -> Int? {
      guard c.contains(key) else { return nil }
      guard let v = try? c.decode(Int.self, forKey: key) else { throw fail("\"\(key.rawValue)\" must be an integer") }
      return v
    }
    let kind: Kind
    switch type {
    case "real":
      try reject([.step, .choices])
      kind = .real(
        low: try c.decodeIfPresent(Double.self, forKey: .low), high: try c.decodeIfPresent(Double.self, forKey: .high),
        log: try c.decodeIfPresent(Bool.self, forKey: .log) ?? false)
    case "integer":
      try reject([.log, .choices])
      guard let low = try integer(.low), let high = try integer(.high) else {
        throw fail("an integer variable needs integer \"low\" and \"high\"")
      }
      kind = .integer(low: low, high: high, step: try integer(.step) ?? 1)
    case "categorical":
      try reject([.low, .high, .log, .step])
      guard let choices = try? c.decode([String].self, forKey: .choices) else {
        throw fail("a categorical variable needs \"choices\", a list of strings")
      }
      kind = .categorical(choices: choices)
    default:
      throw fail("unknown type '\(type)'; use real, integer or categorical")
    }
    try self.init(name: name, kind: kind)
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(name, forKey: .name)
    switch kind {
    case .real(let low, let high, let log):
      try c.encode("real", forKey: .type)
      try c.encodeIfPresent(low, forKey: .low)
      try c.encodeIfPresent(high, forKey: .high)
      if log { try c.encode(true, forKey: .log) }
    case .integer(let low, let high, let step):
      try c.encode("integer", forKey: .type)
      try c.encode(low, forKey: .low)
      try c.encode(high, forKey: .high)
      if step != 1 { try c.encode(step, forKey: .step) }
    case .categorical(let choices):
      try c.encode("categorical", forKey: .type)
      try c.encode(choices, forKey: .choices)
    }
  }
}
