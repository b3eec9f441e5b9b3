/// A coordinate of the search space that takes only the values
/// `low`, `low + step`, …, `low + (count − 1)·step`: an integer variable, a
/// binary one, or any evenly spaced grid.
///
/// CMA-ES with margin (see ``IntegerMargin``) samples such a coordinate as a
/// real number and evaluates it at the nearest grid value. The thresholds
/// between neighbouring values are the midpoints
/// `low + (k + ½)·step`, k = 0…count − 2.
public struct DiscreteCoordinate: Sendable, Codable, Hashable {
  /// The coordinate's index in the search vector.
  public var index: Int
  /// The smallest value.
  public var low: Double
  /// The spacing of the values, > 0.
  public var step: Double
  /// The number of values, ≥ 2.
  public var count: Int

  public init(index: Int, low: Double, step: Double = 1, count: Int) {
    self.index = index
    self.low = low
    self.step = step
    self.count = count
  }

  /// The grid from `low` to `high` (inclusive) in steps of `step`, as the
  /// `cmaes` package builds it from its `bounds` and `steps`: the values
  /// `low + k·step` for k = 0…⌈(high + step/2 − low)/step⌉ − 1.
  ///
  /// - Throws: ``FisherError/invalidParameter(name:reason:)`` when the bounds
  ///   or the step are not finite, `step` ≤ 0, or the grid has fewer than two values.
  public init(index: Int, low: Double, high: Double, step: Double = 1) throws {
    guard low.isFinite, high.isFinite, step.isFinite, step > 0 else {
      throw FisherError.invalidParameter(
        name: "discrete coordinate \(index)", reason: "needs finite bounds and a positive step, got [\(low), \(high)] step \(step)")
    }
    let count = ((high + step / 2 - low) / step).rounded(.up)
    guard count >= 2, count < Double(Int32.max) else {
      throw FisherError.invalidParameter(
        name: "discrete coordinate \(index)", reason: "[\(low), \(high)] in steps of \(step) must hold at least two values")
    }
    self.init(index: index, low: low, step: step, count: Int(count))
  }

  /// The largest value.
  public var high: Double { value(at: count - 1) }

  /// The k-th value, `low + k·step`.
  @inlinable
  public func value(at k: Int) -> Double { low + Double(k) * step }

  /// The threshold between values k and k + 1, their midpoint.
  @inlinable
  public func threshold(after k: Int) -> Double { (value(at: k) + value(at: k + 1)) / 2 }

  /// The index of the value nearest to `x`, the lower one on a tie, clipped to
  /// the grid: x ≤ threshold(after: 0) gives 0, x > threshold(after: count − 2)
  /// gives count − 1.
  @inlinable
  public func nearestIndex(_ x: Double) -> Int {
    guard x.isFinite else { return x > 0 ? count - 1 : 0 }
    let estimate = ((x - low) / step + 0.5).rounded(.down)
    var k = estimate <= 0 ? 0 : estimate >= Double(count - 1) ? count - 1 : Int(estimate)
    // floor(· + ½) takes the upper value at a midpoint and may be one off after
    // the division; the thresholds decide.
    if k > 0 && x <= threshold(after: k - 1) { k -= 1 }
    if k < count - 1 && x > threshold(after: k) { k += 1 }
    return k
  }

  /// The value nearest to `x` (see ``nearestIndex(_:)``).
  @inlinable
  public func nearestValue(_ x: Double) -> Double { value(at: nearestIndex(x)) }

  /// The thresholds on either side of the value nearest to `x`: for an inner
  /// value k, those after k − 1 and after k; at either end of the grid, the
  /// two thresholds next to it (both on its inner side).
  func limits(around x: Double) -> (lower: Double, upper: Double) {
    let k = nearestIndex(x)
    let lowerIndex = Swift.min(Swift.max(k - 1, 0), count - 2)
    let upperIndex = Swift.min(Swift.max(k, 0), count - 2)
    return (threshold(after: lowerIndex), threshold(after: upperIndex))
  }

  /// Checks the coordinate against a search space of `dimension`.
  func validate(dimension: Int) throws {
    guard (0..<dimension).contains(index) else {
      throw FisherError.invalidParameter(
        name: "discrete coordinate \(index)", reason: "is not a coordinate of a \(dimension)-dimensional search space")
    }
    guard low.isFinite, step.isFinite, step > 0, count >= 2, high.isFinite else {
      throw FisherError.invalidParameter(
        name: "discrete coordinate \(index)",
        reason: "needs a finite low, a positive finite step and at least two values, got low \(low), step \(step), count \(count)")
    }
  }
}
