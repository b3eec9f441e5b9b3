#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// An ordered list of named variables (real, integer, categorical) and the
/// map between its points and the real vectors a strategy searches.
///
///     let space = try SearchSpace([
///       .real("lr", low: 1e-5, high: 0.1, log: true),
///       .integer("layers", low: 1, high: 8),
///       .categorical("activation", choices: ["relu", "tanh", "gelu"]),
///     ])
///
/// **Search coordinates.** Each variable takes coordinates of the vector the
/// strategy samples, in order (``offsets``):
///
/// - a bounded real: one coordinate u ∈ [0, 1], x = low + u·(high − low)
///   (on the scale of ln x with `log`), where u is the coordinate's image
///   under pycma's boundary transformation onto [0, 1] (see ``BoxBounds``):
///   the identity on [0.05, 0.95], quadratic near the bounds (which the
///   coordinates −0.05 and 1.05 reach), mirrored beyond; the value always
///   lies in [low, high];
/// - an unbounded real: one coordinate, x itself (ln x with `log`);
/// - an integer: one coordinate u ∈ [0, 1] on the grid of its K values
///   0, 1/(K − 1), …, 1 (``discreteCoordinates``), evaluated at the nearest
///   grid value. CMA-ES and sep-CMA-ES use CMA-ES with margin on these
///   coordinates (see ``IntegerMargin``); other strategies round, the baseline
///   it is;
/// - a categorical variable with k choices: k coordinates, one score per
///   choice, evaluated as the choice of the largest score (the first on a
///   tie): the one-hot encoding, a baseline for the strategies that have no
///   categorical distribution.
///
/// The normalization to [0, 1] gives every bounded variable the same scale,
/// so one σ₀ fits all: ``defaultSigma`` = 0.3, Hansen's 0.3·(high − low).
/// The search starts at ``initialMean``: the middle of each bounded
/// variable, 0 (1 with `log`) for an unbounded real, equal scores for a category.
public struct SearchSpace: Sendable, Hashable {
  /// The variables, in order.
  public let variables: [SearchVariable]
  /// The first search coordinate of each variable.
  public let offsets: [Int]
  /// The number of search coordinates (the strategy's dimension).
  public let dimension: Int

  /// σ₀ for the normalized coordinates: 0.3 of a bounded variable's range.
  public static let defaultSigma = 0.3

  /// A space of `variables`, checked.
  ///
  /// - Throws: ``FisherError/invalidParameter(name:reason:)`` naming the
  ///   variable when two share a name, or when there are none.
  public init(_ variables: [SearchVariable]) throws {
    guard !variables.isEmpty else {
      throw FisherError.invalidParameter(name: "variables", reason: "a search space needs at least one variable")
    }
    var seen = Set<String>()
    for v in variables where !seen.insert(v.name).inserted {
      throw FisherError.invalidParameter(name: "variable '\(v.name)'", reason: "the name is used twice")
    }
    self.variables = variables
    var offsets: [Int] = [], next = 0
    for v in variables {
      offsets.append(next)
      next += v.width
    }
    self.offsets = offsets
    dimension = next
  }

  /// The variables' names, in order.
  public var names: [String] { variables.map(\.name) }

  /// The grids of the integer variables' coordinates, for CMA-ES with margin.
  public var discreteCoordinates: [DiscreteCoordinate] {
    zip(variables, offsets).compactMap { v, i in
      guard case .integer(let low, let high, let step) = v.kind else { return nil }
      return Self.grid(index: i, count: (high - low) / step + 1)
    }
  }

  /// The coordinates of the categorical variables, for CatCMA.
  public var categoricalBlocks: [CategoricalBlock] {
    zip(variables, offsets).compactMap { v, i in
      guard case .categorical(let choices) = v.kind else { return nil }
      return CategoricalBlock(index: i, count: choices.count)
    }
  }

  /// The strategy for this space when none is named: CatCMA when it has
  /// categorical variables (with or without others), CMA-ES (with margin on
  /// the integers) otherwise.
  public var defaultStrategy: StrategySpecification.Kind {
    hasCategoricalVariables ? .catCMA : .cmaES
  }

  /// Whether some variable is categorical.
  public var hasCategoricalVariables: Bool {
    variables.contains { if case .categorical = $0.kind { return true } else { return false } }
  }

  static func grid(index: Int, count: Int) -> DiscreteCoordinate {
    DiscreteCoordinate(index: index, low: 0, step: 1 / Double(count - 1), count: count)
  }

  /// The starting point of the search, in search coordinates.
  public var initialMean: [Double] {
    var m = [Double](repeating: 0, count: dimension)
    for (v, i) in zip(variables, offsets) {
      switch v.kind {
      case .real(let low, _, _): m[i] = low == nil ? 0 : 0.5
      case .integer: m[i] = 0.5
      case .categorical: break
      }
    }
    return m
  }

  /// The point a search vector stands for (see the type's description).
  ///
  /// - Throws: ``FisherError/dimensionMismatch(_:)`` when `x` does not have
  ///   ``dimension`` coordinates, ``FisherError/nonFinite(_:)`` for a NaN coordinate.
  public func decode(_ x: [Double]) throws -> SearchPoint {
    guard x.count == dimension else {
      throw FisherError.dimensionMismatch("a vector of \(x.count) coordinates for a search space of \(dimension)")
    }
    if let i = x.firstIndex(where: \.isNaN) { throw FisherError.nonFinite("search coordinate \(i) is NaN") }
    var values: [SearchValue] = []
    values.reserveCapacity(variables.count)
    for (v, i) in zip(variables, offsets) {
      switch v.kind {
      case .real(let low, let high, let log):
        guard let low, let high else {
          values.append(.real(log ? Self.exp(x[i]) : x[i]))
          continue
        }
        let u = BoxBounds.transform(x[i], 0, 1)
        if log {
          let a = Self.log(low), b = Self.log(high)
          values.append(.real(Swift.min(Swift.max(Self.exp(a + u * (b - a)), low), high)))
        } else {
          values.append(.real(Swift.min(Swift.max(low + u * (high - low), low), high)))
        }
      case .integer(let low, let high, let step):
        let k = Self.grid(index: i, count: (high - low) / step + 1).nearestIndex(x[i])
        values.append(.integer(low + k * step))
      case .categorical(let choices):
        var best = 0
        for j in 1..<choices.count where x[i + j] > x[i + best] { best = j }
        values.append(.categorical(choices[best]))
      }
    }
    return SearchPoint(uncheckedNames: names, values: values)
  }

  /// `point` checked against the space and put in its order.
  ///
  /// - Throws: ``FisherError/invalidParameter(name:reason:)`` naming the
  ///   variable for a missing, unknown or repeated name, a value of the wrong
  ///   type, a number outside the bounds or off an integer's steps, an unknown
  ///   choice, or a non-finite or non-positive (log scale) real.
  public func validate(_ point: SearchPoint) throws -> SearchPoint {
    var seen = Set<String>()
    for n in point.names {
      guard seen.insert(n).inserted else { throw FisherError.invalidParameter(name: "variable '\(n)'", reason: "is given twice") }
      guard names.contains(n) else {
        throw FisherError.invalidParameter(name: "variable '\(n)'", reason: "is not a variable of the space (\(names.joined(separator: ", ")))")
      }
    }
    var values: [SearchValue] = []
    for v in variables {
      guard let value = point[v.name] else { throw v.fail("has no value") }
      switch (v.kind, value) {
      case (.real(let low, let high, let log), _):
        guard let d = value.doubleValue, d.isFinite else { throw v.fail("needs a finite number, got \(value)") }
        if let low, let high, !(low...high).contains(d) { throw v.fail("\(d) is outside [\(low), \(high)]") }
        if log && !(d > 0) { throw v.fail("a log-scale value must be positive, got \(d)") }
        values.append(.real(d))
      case (.integer(let low, let high, let step), .integer(let i)):
        guard (low...high).contains(i), (i - low) % step == 0 else {
          throw v.fail("\(i) is not one of \(low), \(low + step), …, \(high)")
        }
        values.append(value)
      case (.integer, _):
        throw v.fail("needs an integer, got \(value)")
      case (.categorical(let choices), .categorical(let s)):
        guard choices.contains(s) else { throw v.fail("'\(s)' is not one of \(choices.joined(separator: ", "))") }
        values.append(value)
      case (.categorical, _):
        throw v.fail("needs one of its choices as a string, got \(value)")
      }
    }
    return SearchPoint(uncheckedNames: names, values: values)
  }

  /// The search vector of `point`: the inverse of ``decode(_:)`` (a bounded
  /// real through the principal branch of the boundary transformation, so a
  /// bound maps to −0.05 or 1.05; a category as score 1 for its choice and 0
  /// for the others).
  ///
  /// - Throws: what ``validate(_:)`` throws.
  public func encode(_ point: SearchPoint) throws -> [Double] {
    let p = try validate(point)
    var x = [Double](repeating: 0, count: dimension)
    for ((v, i), value) in zip(zip(variables, offsets), p.values) {
      switch (v.kind, value) {
      case (.real(let low, let high, let log), .real(let d)):
        guard let low, let high else {
          x[i] = log ? Self.log(d) : d
          continue
        }
        let u = log ? (Self.log(d) - Self.log(low)) / (Self.log(high) - Self.log(low)) : (d - low) / (high - low)
        x[i] = BoxBounds.inverseTransform(u, 0, 1)
      case (.integer(let low, let high, let step), .integer(let n)):
        x[i] = Self.grid(index: i, count: (high - low) / step + 1).value(at: (n - low) / step)
      case (.categorical(let choices), .categorical(let s)):
        x[i + (choices.firstIndex(of: s) ?? 0)] = 1
      default:
        break
      }
    }
    return x
  }
}

extension SearchSpace {
  static func log(_ x: Double) -> Double {
    #if canImport(Glibc)
    Glibc.log(x)
    #elseif canImport(Darwin)
    Darwin.log(x)
    #else
    Musl.log(x)
    #endif
  }

  static func exp(_ x: Double) -> Double {
    #if canImport(Glibc)
    Glibc.exp(x)
    #elseif canImport(Darwin)
    Darwin.exp(x)
    #else
    Musl.exp(x)
    #endif
  }
}

extension SearchSpace: Codable {
  enum CodingKeys: String, CodingKey {
    case variables
  }

  /// Decodes `{"variables": [...]}` and checks it.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    try self.init(try c.decode([SearchVariable].self, forKey: .variables))
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(variables, forKey: .variables)
  }
}
