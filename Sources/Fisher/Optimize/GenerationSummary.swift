/// One line of a run's log: what pycma's `CMADataLogger` records after each
/// generation, and what `fisher plot` and the dashboard draw.
///
/// A summary is taken after the strategy's `tell`: σ, the condition number,
/// the per-coordinate standard deviations and the mean are those of the
/// updated distribution, and the f values are the generation's own (failed
/// evaluations excluded).
///
/// As a JSON line (``jsonLine()``) the keys are `generation`, `evaluations`,
/// `best`, `median`, `worst`, `best_so_far`, `sigma`, `condition`, `stds` and
/// `mean`, in that order; a number that is not finite is written as `null`
/// (JSON has no infinity), and reads back as `nil` for the optional values
/// and as NaN for the others.
///
///     {"generation":1,"evaluations":10,"best":3.2,"median":7.9,"worst":15.1,"best_so_far":3.2,
///      "sigma":0.87,"condition":1.4,"stds":[0.9,0.8],"mean":[1.1,0.7]}
public struct GenerationSummary: Codable, Sendable, Equatable {
  /// The 1-based index of the completed generation (over all restarts).
  public var generation: Int
  /// Evaluations so far, this generation's included.
  public var evaluations: Int
  /// This generation's best, median and worst f (nil when none is finite).
  ///
  /// The median is the element at index ⌊k/2⌋ of the k finite values in
  /// ascending order (the upper median for even k).
  public var best: Double?
  public var median: Double?
  public var worst: Double?
  /// The best f of the run so far (nil before a finite one).
  public var bestSoFar: Double?
  /// The strategy's step size σ (``Strategy/stepSize``).
  public var sigma: Double
  /// The condition number of the distribution's shape, λmax/λmin of C; the
  /// axis ratio pycma plots is √condition.
  public var condition: Double
  /// The standard deviation of each coordinate (``Strategy/coordinateStandardDeviations``).
  public var standardDeviations: [Double]
  /// The mean of the distribution (``Strategy/mean``).
  public var mean: [Double]

  /// A summary from its fields; non-finite f values become nil.
  public init(
    generation: Int, evaluations: Int, best: Double?, median: Double?, worst: Double?, bestSoFar: Double?,
    sigma: Double, condition: Double, standardDeviations: [Double], mean: [Double]
  ) {
    self.generation = generation
    self.evaluations = evaluations
    self.best = best.flatMap(Self.finite)
    self.median = median.flatMap(Self.finite)
    self.worst = worst.flatMap(Self.finite)
    self.bestSoFar = bestSoFar.flatMap(Self.finite)
    self.sigma = sigma
    self.condition = condition
    self.standardDeviations = standardDeviations
    self.mean = mean
  }

  /// The summary of the generation `strategy` has just been told: its fitness
  /// values (+∞ and other non-finite values are failures and left out of
  /// best, median and worst) and the run's counters.
  ///
  /// - Parameters:
  ///   - strategy: the strategy after `tell`.
  ///   - fitness: the generation's values, in any order.
  ///   - generation: the 1-based index of the generation; default
  ///     `strategy.generation`, which counts the strategy's own tells.
  ///   - evaluations: evaluations so far, this generation's included.
  ///   - bestSoFar: the best f of the run so far; default the best of this
  ///     generation's values.
  /// - Complexity: O(λ log λ + n), plus the cost of ``Strategy/coordinateStandardDeviations``.
  public init(
    strategy: some Strategy, fitness: [Double], generation: Int? = nil, evaluations: Int, bestSoFar: Double? = nil
  ) {
    let finite = fitness.filter(\.isFinite).sorted()
    self.init(
      generation: generation ?? strategy.generation, evaluations: evaluations, best: finite.first,
      median: finite.isEmpty ? nil : finite[finite.count / 2], worst: finite.last, bestSoFar: bestSoFar ?? finite.first,
      sigma: strategy.stepSize, condition: strategy.conditionNumber,
      standardDeviations: strategy.coordinateStandardDeviations, mean: strategy.mean)
  }

  /// The summary of a driver's report (``Optimizer/step(_:threads:restartFactory:)``,
  /// ``Optimizer/tell(_:outcomes:constraints:noiseFree:restartFactory:)`` and the `observer` of
  /// ``minimize(_:strategy:options:restartFactory:observer:checkpoint:)-(Objective,_,_,_,_,_)``).
  public init(_ report: GenerationReport) {
    self.init(
      generation: report.generation, evaluations: report.evaluations, best: report.generationBest,
      median: report.generationMedian, worst: report.generationWorst, bestSoFar: report.bestSoFar,
      sigma: report.stepSize, condition: report.conditionNumber, standardDeviations: report.standardDeviations,
      mean: report.mean)
  }

  static func finite(_ v: Double) -> Double? { v.isFinite ? v : nil }

  enum CodingKeys: String, CodingKey {
    case generation, evaluations, best, median, worst
    case bestSoFar = "best_so_far"
    case sigma, condition
    case standardDeviations = "stds"
    case mean
  }

  /// Decodes a summary; `null` reads as nil for the f values and as NaN for
  /// the others, and the f keys may be missing.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    generation = try c.decode(Int.self, forKey: .generation)
    evaluations = try c.decode(Int.self, forKey: .evaluations)
    best = try c.decodeIfPresent(Double.self, forKey: .best)
    median = try c.decodeIfPresent(Double.self, forKey: .median)
    worst = try c.decodeIfPresent(Double.self, forKey: .worst)
    bestSoFar = try c.decodeIfPresent(Double.self, forKey: .bestSoFar)
    sigma = try c.decode(Double?.self, forKey: .sigma) ?? .nan
    condition = try c.decode(Double?.self, forKey: .condition) ?? .nan
    standardDeviations = try c.decode([Double?].self, forKey: .standardDeviations).map { $0 ?? .nan }
    mean = try c.decode([Double?].self, forKey: .mean).map { $0 ?? .nan }
  }

  /// Encodes the summary with non-finite numbers as `null`.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(generation, forKey: .generation)
    try c.encode(evaluations, forKey: .evaluations)
    try c.encode(best.flatMap(Self.finite), forKey: .best)
    try c.encode(median.flatMap(Self.finite), forKey: .median)
    try c.encode(worst.flatMap(Self.finite), forKey: .worst)
    try c.encode(bestSoFar.flatMap(Self.finite), forKey: .bestSoFar)
    try c.encode(Self.finite(sigma), forKey: .sigma)
    try c.encode(Self.finite(condition), forKey: .condition)
    try c.encode(standardDeviations.map(Self.finite), forKey: .standardDeviations)
    try c.encode(mean.map(Self.finite), forKey: .mean)
  }
}

extension GenerationSummary {
  /// The summary as one line of JSON, without the newline: the keys in the
  /// documented order, numbers with round-trip precision, non-finite numbers
  /// as `null`.
  ///
  /// - Complexity: O(n).
  public func jsonLine() -> String {
    func number(_ v: Double?) -> String {
      guard let v, v.isFinite else { return "null" }
      return "\(v)"
    }
    func numbers(_ v: [Double]) -> String { "[" + v.map { number($0) }.joined(separator: ",") + "]" }
    return "{\"generation\":\(generation),\"evaluations\":\(evaluations),\"best\":\(number(best)),"
      + "\"median\":\(number(median)),\"worst\":\(number(worst)),\"best_so_far\":\(number(bestSoFar)),"
      + "\"sigma\":\(number(sigma)),\"condition\":\(number(condition)),"
      + "\"stds\":\(numbers(standardDeviations)),\"mean\":\(numbers(mean))}"
  }

  /// The summaries of a log written one ``jsonLine()`` per line; blank lines
  /// are skipped, keys other than the summary's are ignored.
  ///
  /// - Throws: ``FisherError/malformedInput(_:)`` naming the 1-based line
  ///   number of the first line that is not a summary (not JSON, a key
  ///   missing, a value of the wrong type, `stds` and `mean` of different
  ///   lengths, a negative counter).
  /// - Complexity: O(size of `text`).
  public static func decodeLines(_ text: String) throws -> [GenerationSummary] {
    var summaries: [GenerationSummary] = []
    var lineNumber = 0
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      lineNumber += 1
      if line.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) { continue }
      do {
        summaries.append(try decodeLine(line))
      } catch let error as FisherError {
        let reason: String
        if case .malformedInput(let s) = error { reason = s } else { reason = error.description }
        throw FisherError.malformedInput("line \(lineNumber): \(reason)")
      }
    }
    return summaries
  }

  /// One summary from one line of JSON.
  static func decodeLine(_ line: Substring) throws -> GenerationSummary {
    var parser = FlatJSONParser(Array(line.utf8))
    let object = try parser.parseTopLevelObject()
    func integer(_ key: String) throws -> Int {
      guard case .number(let v)? = object[key] else { throw missing(key, "an integer") }
      guard let i = Int(exactly: v), i >= 0 else {
        throw FisherError.malformedInput("\"\(key)\" must be a non-negative integer, got \(v)")
      }
      return i
    }
    func optionalNumber(_ key: String) throws -> Double? {
      switch object[key] {
      case nil, .null?: return nil
      case .number(let v)?: return v
      default: throw missing(key, "a number or null")
      }
    }
    func number(_ key: String) throws -> Double {
      guard object[key] != nil else { throw missing(key, "a number or null") }
      return try optionalNumber(key) ?? .nan
    }
    func numbers(_ key: String) throws -> [Double] {
      guard case .array(let values)? = object[key] else { throw missing(key, "an array of numbers") }
      return try values.map { value in
        switch value {
        case .null: return .nan
        case .number(let v): return v
        default: throw missing(key, "an array of numbers")
        }
      }
    }
    let stds = try numbers("stds"), mean = try numbers("mean")
    guard stds.count == mean.count else {
      throw FisherError.malformedInput("\"stds\" has \(stds.count) values and \"mean\" \(mean.count)")
    }
    return GenerationSummary(
      generation: try integer("generation"), evaluations: try integer("evaluations"), best: try optionalNumber("best"),
      median: try optionalNumber("median"), worst: try optionalNumber("worst"),
      bestSoFar: try optionalNumber("best_so_far"), sigma: try number("sigma"), condition: try number("condition"),
      standardDeviations: stds, mean: mean)
  }

  private static func missing(_ key: String, _ expected: String) -> FisherError {
    FisherError.malformedInput("\"\(key)\" must be \(expected)")
  }
}

/// The JSON values a run log holds: a flat object of numbers, nulls and
/// arrays (strings, booleans and nested values are parsed so that unknown keys
/// can be skipped, and kept only as `.other`).
enum FlatJSONValue: Equatable {
  case null
  case number(Double)
  case array([FlatJSONValue])
  case other
}

/// A small JSON reader for the log's lines, so the core needs no Foundation.
struct FlatJSONParser {
  let bytes: [UInt8]
  var position = 0
  /// Nesting deeper than this is rejected rather than recursed into.
  static let maximumDepth = 64

  init(_ bytes: [UInt8]) { self.bytes = bytes }

  /// Parses `{ "key": value, … }` and nothing after it but white space.
  mutating func parseTopLevelObject() throws -> [String: FlatJSONValue] {
    skipWhitespace()
    guard peek() == UInt8(ascii: "{") else { throw error("expected a JSON object") }
    position += 1
    var object: [String: FlatJSONValue] = [:]
    skipWhitespace()
    if peek() == UInt8(ascii: "}") {
      position += 1
    } else {
      while true {
        skipWhitespace()
        let key = try parseString()
        skipWhitespace()
        guard peek() == UInt8(ascii: ":") else { throw error("expected ':' after \"\(key)\"") }
        position += 1
        object[key] = try parseValue(depth: 1)
        skipWhitespace()
        if peek() == UInt8(ascii: ",") {
          position += 1
        } else if peek() == UInt8(ascii: "}") {
          position += 1
          break
        } else {
          throw error("expected ',' or '}'")
        }
      }
    }
    skipWhitespace()
    guard position == bytes.count else { throw error("unexpected text after the object") }
    return object
  }

  mutating func parseValue(depth: Int) throws -> FlatJSONValue {
    guard depth <= Self.maximumDepth else { throw error("nested too deeply") }
    skipWhitespace()
    guard let c = peek() else { throw error("unexpected end of line") }
    switch c {
    case UInt8(ascii: "n"):
      try expectLiteral("null")
      return .null
    case UInt8(ascii: "t"):
      try expectLiteral("true")
      return .other
    case UInt8(ascii: "f"):
      try expectLiteral("false")
      return .other
    case UInt8(ascii: "\""):
      _ = try parseString()
      return .other
    case UInt8(ascii: "["):
      position += 1
      var values: [FlatJSONValue] = []
      skipWhitespace()
      if peek() == UInt8(ascii: "]") {
        position += 1
        return .array(values)
      }
      while true {
        values.append(try parseValue(depth: depth + 1))
        skipWhitespace()
        if peek() == UInt8(ascii: ",") {
          position += 1
        } else if peek() == UInt8(ascii: "]") {
          position += 1
          return .array(values)
        } else {
          throw error("expected ',' or ']'")
        }
      }
    case UInt8(ascii: "{"):
      position += 1
      skipWhitespace()
      if peek() == UInt8(ascii: "}") {
        position += 1
        return .other
      }
      while true {
        skipWhitespace()
        _ = try parseString()
        skipWhitespace()
        guard peek() == UInt8(ascii: ":") else { throw error("expected ':'") }
        position += 1
        _ = try parseValue(depth: depth + 1)
        skipWhitespace()
        if peek() == UInt8(ascii: ",") {
          position += 1
        } else if peek() == UInt8(ascii: "}") {
          position += 1
          return .other
        } else {
          throw error("expected ',' or '}'")
        }
      }
    default:
      return .number(try parseNumber())
    }
  }

  /// A JSON number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
  mutating func parseNumber() throws -> Double {
    let start = position
    func digits() -> Int {
      let s = position
      while let c = peek(), c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") { position += 1 }
      return position - s
    }
    if peek() == UInt8(ascii: "-") { position += 1 }
    guard digits() > 0 else { throw error("expected a value") }
    if peek() == UInt8(ascii: ".") {
      position += 1
      guard digits() > 0 else { throw error("expected digits after '.'") }
    }
    if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
      position += 1
      if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { position += 1 }
      guard digits() > 0 else { throw error("expected digits in the exponent") }
    }
    let text = String(decoding: bytes[start..<position], as: UTF8.self)
    guard let v = Double(text) else { throw error("'\(text)' is not a number") }
    return v
  }

  /// A JSON string (escapes are kept verbatim apart from \" and \\, which is
  /// all the keys of a log need).
  mutating func parseString() throws -> String {
    guard peek() == UInt8(ascii: "\"") else { throw error("expected a string") }
    position += 1
    var out: [UInt8] = []
    while let c = peek() {
      position += 1
      if c == UInt8(ascii: "\"") { return String(decoding: out, as: UTF8.self) }
      if c == UInt8(ascii: "\\") {
        guard let e = peek() else { break }
        position += 1
        out.append(e)
      } else {
        out.append(c)
      }
    }
    throw error("unterminated string")
  }

  mutating func expectLiteral(_ word: StaticString) throws {
    let w = word.utf8Start
    for i in 0..<word.utf8CodeUnitCount {
      guard peek() == w[i] else { throw error("expected a value") }
      position += 1
    }
  }

  mutating func skipWhitespace() {
    while let c = peek(), c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { position += 1 }
  }

  func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

  func error(_ reason: String) -> FisherError {
    FisherError.malformedInput("\(reason) at column \(Swift.min(position, bytes.count) + 1)")
  }
}
