import Fisher

/// The inequality constraints of a study: every evaluation reports, besides
/// its value f(x), the values g₁(x) … gₘ(x), and the point is feasible when
/// all are ≤ 0.
///
/// The study's `Fisher/Optimizer` turns them into the fitness its strategy is
/// told (`Fisher/ConstraintHandling`) and keeps the best feasible point.
public struct StudyConstraints: Sendable, Codable, Hashable {
  /// m, the number of constraint values of every evaluation.
  public var count: Int
  /// How the constraint values steer the strategy.
  public var method: ConstraintMethod

  /// The largest accepted constraint count.
  public static let maximumCount = 100_000

  public init(count: Int, method: ConstraintMethod) {
    self.count = count
    self.method = method
  }

  /// A fresh constraint handling for a strategy of dimension `dimension`.
  ///
  /// - Throws: `FisherError/invalidParameter(name:reason:)` for a count below 1.
  public func handling(dimension: Int) throws -> ConstraintHandling {
    try ConstraintHandling(method, dimension: dimension, constraintCount: count)
  }

  /// - Throws: `FisherError/invalidParameter(name:reason:)` for a count out
  ///   of 1 ... ``maximumCount``, noise handling, or the distribution mean as
  ///   the recommendation (a study with constraints reports its best feasible point).
  func validate(noise: NoiseHandling, recommendation: Recommendation?) throws {
    guard (1...Self.maximumCount).contains(count) else {
      throw FisherError.invalidParameter(
        name: "constraints", reason: "must be between 1 and \(Self.maximumCount), got \(count)")
    }
    guard noise == .none else {
      throw FisherError.invalidParameter(
        name: "constraints", reason: "constraints do not combine with noise handling (\(noise.description))")
    }
    if recommendation == .distributionMean {
      throw FisherError.invalidParameter(
        name: "recommendation", reason: "a study with constraints reports its best feasible point, not the distribution mean")
    }
  }

  /// What the study's evaluation of one point reported, checked: the value
  /// when it can be ranked, else the reason it is a failed evaluation.
  ///
  /// A finite value needs exactly ``count`` constraint values, all finite.
  func check(value: Double, constraints g: [Double]?) -> (value: Double?, reason: String?) {
    if let why = Self.failure(of: g, count: count) { return (nil, why) }
    return (value, nil)
  }

  /// Why `g` does not hold `count` finite constraint values, or nil when it does.
  static func failure(of g: [Double]?, count: Int) -> String? {
    guard let g else { return "no constraint values reported; the study has \(count) constraints" }
    guard g.count == count else {
      return "\(g.count) constraint value\(g.count == 1 ? "" : "s") reported; the study has \(count) constraints"
    }
    return Evaluation.nonFiniteConstraint(in: g)
  }

  /// `m (method)`, or `none`.
  static func show(_ c: StudyConstraints?) -> String {
    guard let c else { return "none" }
    return "\(c.count) (\(c.method.rawValue))"
  }
}
