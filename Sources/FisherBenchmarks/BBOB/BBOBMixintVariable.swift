/// One coordinate of a bbob-mixint problem: an integer in 0…arity − 1, or a continuous value.
///
/// COCO rounds an integer coordinate to the nearest integer (halves up) and
/// clamps it into its bounds before evaluating; a continuous coordinate is
/// passed on unchanged and is unbounded for the function (its bounds are the
/// region of interest [−5, 5]).
public struct BBOBMixintVariable: Sendable, Hashable {
  /// The smallest value of interest: 0 for an integer coordinate, −5 for a continuous one.
  public let lowerBound: Double
  /// The largest value of interest: arity − 1 for an integer coordinate, 5 for a continuous one.
  public let upperBound: Double
  /// The number of integer values (2, 4, 8 or 16), or nil for a continuous coordinate.
  public let arity: Int?

  /// Whether the coordinate takes integer values only.
  public var isInteger: Bool { arity != nil }

  /// An integer coordinate with values 0…arity − 1.
  public static func integer(arity: Int) -> Self {
    Self(lowerBound: 0, upperBound: Double(arity - 1), arity: arity)
  }

  /// A continuous coordinate with the region of interest [−5, 5].
  public static let continuous = Self(lowerBound: -5, upperBound: 5, arity: nil)
}
