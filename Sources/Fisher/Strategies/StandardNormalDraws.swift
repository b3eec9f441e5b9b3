#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// The standard normal steps of one generation, one row per sample.
///
/// Row i holds `dimension` draws of the stream `(seed, generation, i)`, so it
/// is the same whichever thread or call produces it. Gaussian strategies map
/// the row z to a candidate x = m + σ A z.
///
/// - Complexity: O(count · dimension).
@inlinable
func _standardNormalRows(
  _ streams: RandomStreams, generation: Int, count: Int, dimension: Int
) -> Matrix {
  var z = Matrix(rows: count, columns: dimension)
  z.elements.withUnsafeMutableBufferPointer { buffer in
    for i in 0..<count {
      var rng = streams.generator(generation: generation, index: i)
      rng.fillNormal(UnsafeMutableBufferPointer(rebasing: buffer[(i * dimension)..<((i + 1) * dimension)]))
    }
  }
  return z
}

/// Validation shared by the strategies' initializers.
@usableFromInline
enum _StrategyArguments {
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

  /// Throws a malformed-input error naming the checkpoint field unless `condition` holds.
  static func require(_ condition: Bool, _ what: @autoclosure () -> String) throws {
    if !condition { throw FisherError.malformedInput("strategy state: \(what())") }
  }
}

extension Strategy {
  /// The population's directions, checked to be a finite λ × n matrix.
  func _checkedDirections(_ population: Population) throws -> Matrix {
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
