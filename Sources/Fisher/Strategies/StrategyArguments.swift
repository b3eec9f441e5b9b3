#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// Validation shared by the strategies' initializers.
enum StrategyArguments {
  /// Checks that `mean` is a non-empty finite vector and `sigma` a positive finite number.
  static func check(mean: [Double], sigma: Double) throws {
    guard !mean.isEmpty else {
      throw FisherError.invalidParameter(name: "mean", reason: "must have at least one coordinate")
    }
    if let i = mean.firstIndex(where: { !$0.isFinite }) {
      throw FisherError.nonFinite("mean[\(i)] = \(mean[i])")
    }
    guard sigma.isFinite, sigma > 0 else {
      throw FisherError.invalidParameter(name: "sigma", reason: "must be positive and finite, got \(sigma)")
    }
  }

  /// The population size: the user's, checked against `minimum`, or `defaultSize`.
  static func populationSize(_ requested: Int?, default defaultSize: Int, minimum: Int) throws -> Int {
    guard let requested else { return Swift.max(defaultSize, minimum) }
    guard requested >= minimum else {
      throw FisherError.invalidParameter(
        name: "populationSize", reason: "must be at least \(minimum), got \(requested)")
    }
    return requested
  }

  /// λ = 4 + ⌊3 ln n⌋, the default population size of CMA-ES and NES.
  static func defaultPopulationSize(dimension n: Int) -> Int {
    4 + Int((3 * log(Double(n))).rounded(.down))
  }

  /// Throws unless `value` lies in `range` (closed) and is finite.
  static func check(_ value: Double, _ name: String, in range: ClosedRange<Double>) throws {
    guard value.isFinite, range.contains(value) else {
      throw FisherError.invalidParameter(name: name, reason: "must lie in [\(range.lowerBound), \(range.upperBound)], got \(value)")
    }
  }

  /// Throws unless `value` is finite and > `lowerBound` (strictly).
  static func check(_ value: Double, _ name: String, greaterThan lowerBound: Double) throws {
    guard value.isFinite, value > lowerBound else {
      throw FisherError.invalidParameter(name: name, reason: "must be finite and > \(lowerBound), got \(value)")
    }
  }

  /// Throws ``FisherError/insufficientMemory(_:)`` unless a strategy's state fits:
  /// `squareMatrices` n × n matrices, four λ × n sample matrices (candidates,
  /// steps, and their copies during an update) and a few dozen vectors.
  ///
  /// Every strategy calls this with its own count of n × n matrices before it
  /// allocates, at construction and when decoding a checkpoint.
  static func checkMemory(
    _ strategy: String, dimension n: Int, populationSize lambda: Int, squareMatrices: Int
  ) throws {
    try MemoryRequirement.doubles(squareMatrices, n, n)
      .adding(.doubles(4, lambda, n))
      .adding(.doubles(32, n))
      .check("\(strategy) in dimension \(n) with population size \(lambda)")
  }

  /// Throws a malformed-input error naming the checkpoint field unless `condition` holds.
  static func require(_ condition: Bool, _ what: @autoclosure () -> String) throws {
    if !condition { throw FisherError.malformedInput("strategy state: \(what())") }
  }
}

extension Strategy {
  /// The population's directions, checked to be a finite λ × n matrix.
  func checkedDirections(_ population: Population) throws -> Matrix {
    let z = population.directions
    guard z.rows == populationSize, z.columns == dimension else {
      throw FisherError.populationMismatch(
        "directions are \(z.rows)×\(z.columns), expected \(populationSize)×\(dimension)")
    }
    guard z.elements.allSatisfy(\.isFinite) else {
      throw FisherError.nonFinite("population directions")
    }
    return z
  }
}
