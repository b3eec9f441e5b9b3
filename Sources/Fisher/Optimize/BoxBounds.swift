/// Box constraints lᵢ ≤ xᵢ ≤ uᵢ, enforced by pycma's boundary transformation.
///
/// Candidates are never rejected. A candidate x outside (or near) the box is
/// evaluated at `repair(x)`, a smooth map onto the box (pycma's
/// `BoxConstraintsLinQuadTransformation`): the identity well inside the box,
/// a quadratic in a margin of width aᵢ = min((uᵢ − lᵢ)/2, max(1, |bᵢ|)/20)
/// next to each bound bᵢ (pycma's default `margin_width2`), and mirrored and periodic beyond. The strategy keeps and
/// learns from the untransformed candidate, so what it sees is consistent from
/// generation to generation; the reported best point is the repaired one,
/// which is always inside the box.
public struct BoxBounds: Sendable, Codable, Hashable {
  public let lower: [Double]
  public let upper: [Double]

  /// Per-coordinate bounds.
  ///
  /// - Throws: ``FisherError`` when the counts differ, a bound is not finite,
  ///   or some lᵢ ≥ uᵢ.
  public init(lower: [Double], upper: [Double]) throws {
    guard lower.count == upper.count, !lower.isEmpty else {
      throw FisherError.dimensionMismatch("\(lower.count) lower and \(upper.count) upper bounds")
    }
    for i in lower.indices {
      guard lower[i].isFinite, upper[i].isFinite else {
        throw FisherError.nonFinite("bounds of coordinate \(i) must be finite")
      }
      guard lower[i] < upper[i] else {
        throw FisherError.invalidParameter(
          name: "bounds", reason: "lower bound \(lower[i]) is not below upper bound \(upper[i]) in coordinate \(i)")
      }
    }
    self.lower = lower
    self.upper = upper
  }

  /// The same interval [lower, upper] in every one of `dimension` coordinates.
  public init(lower: Double, upper: Double, dimension: Int) throws {
    guard dimension > 0 else {
      throw FisherError.invalidParameter(name: "dimension", reason: "must be positive, got \(dimension)")
    }
    try self.init(
      lower: [Double](repeating: lower, count: dimension), upper: [Double](repeating: upper, count: dimension))
  }

  public var dimension: Int { lower.count }

  /// Whether every coordinate of `x` lies in its interval.
  public func contains(_ x: [Double]) -> Bool {
    x.count == dimension && x.indices.allSatisfy { lower[$0] <= x[$0] && x[$0] <= upper[$0] }
  }

  /// The point at which a candidate is evaluated: inside the box, and equal to
  /// `x` wherever x is farther than the margin from the bounds.
  public func repair(_ x: [Double]) -> [Double] {
    var y = x
    for i in x.indices { y[i] = Self.transform(x[i], lower[i], upper[i]) }
    return y
  }

  /// `repair` of row `i` of `candidates` (whose columns must number `dimension`),
  /// read straight from the matrix.
  func repairedRow(_ i: Int, of candidates: Matrix) -> [Double] {
    let n = candidates.columns
    return candidates.elements.withUnsafeBufferPointer { e in
      [Double](unsafeUninitializedCapacity: n) { y, count in
        for j in 0..<n { y[j] = Self.transform(e[i * n + j], lower[j], upper[j]) }
        count = n
      }
    }
  }

  /// The x in [lb − aₗ, ub + aᵤ] that ``transform(_:_:_:)`` maps to `value`
  /// in [lb, ub]: the inverse of the transformation's principal branch.
  static func inverseTransform(_ value: Double, _ lb: Double, _ ub: Double) -> Double {
    let (al, au) = margins(lb, ub)
    let y = Swift.min(Swift.max(value, lb), ub)
    if y < lb + al { return lb - al + 2 * (al * (y - lb)).squareRoot() }
    if y > ub - au { return ub + au - 2 * (au * (ub - y)).squareRoot() }
    return y
  }

  /// The widths aₗ, aᵤ of the quadratic margins next to the bounds (pycma's `margin_width2`).
  @inline(__always)
  static func margins(_ lb: Double, _ ub: Double) -> (lower: Double, upper: Double) {
    let width = ub - lb
    return (Swift.min(width / 2, Swift.max(1, abs(lb)) / 20), Swift.min(width / 2, Swift.max(1, abs(ub)) / 20))
  }

  /// pycma's lin-quad transformation of one coordinate.
  @inline(__always)
  static func transform(_ value: Double, _ lb: Double, _ ub: Double) -> Double {
    if value.isNaN { return value }
    if value.isInfinite { return value > 0 ? ub : lb }
    let width = ub - lb
    let (al, au) = margins(lb, ub)
    var x = value
    // Shift far-away points by whole periods towards the box.
    if x < lb - 2 * al - width / 2 || x > ub + 2 * au + width / 2 {
      let period = 2 * (width + al + au)
      let start = lb - 2 * al - width / 2
      x -= period * ((x - start) / period).rounded(.down)
    }
    // Mirror into [lb − al, ub + au].
    if x > ub + au { x -= 2 * (x - ub - au) }
    if x < lb - al { x += 2 * (lb - al - x) }
    if x < lb + al {
      let d = x - (lb - al)
      return lb + d * d / (4 * al)
    } else if x < ub - au {
      return x
    } else {
      let d = x - (ub + au)
      return ub - d * d / (4 * au)
    }
  }
}
