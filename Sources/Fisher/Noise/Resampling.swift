/// Evaluating every candidate several times and ranking it by an aggregate of
/// its values: the plain remedy for noise, and the baseline every noise
/// handling method should beat.
///
/// With k evaluations per candidate, the aggregate of additive noise of
/// standard deviation s has standard deviation s/√k (mean) or about
/// 1.25 s/√k (median, Gaussian noise); the median is robust to heavy tails
/// such as Cauchy noise, where the mean does not converge. Each generation
/// costs k λ evaluations.
public struct Resampling: Sendable, Hashable, Codable {
  /// How the values of one candidate become its fitness.
  public enum Aggregate: String, Sendable, Hashable, Codable, CaseIterable {
    case mean
    case median
  }

  /// k, the evaluations per candidate.
  public let count: Int
  public let aggregate: Aggregate

  /// The largest k accepted; more evaluations of one point than this are
  /// almost certainly a mistake (and would make one generation enormous).
  public static let maximumCount = 10_000

  /// - Throws: ``FisherError/invalidParameter(name:reason:)`` unless 1 ≤ `count` ≤ ``maximumCount``.
  public init(count: Int, aggregate: Aggregate = .mean) throws {
    guard (1...Self.maximumCount).contains(count) else {
      throw FisherError.invalidParameter(
        name: "resample", reason: "the evaluations per candidate must be in 1…\(Self.maximumCount), got \(count)")
    }
    self.count = count
    self.aggregate = aggregate
  }

  enum CodingKeys: String, CodingKey { case count, aggregate }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    try self.init(
      count: c.decode(Int.self, forKey: .count),
      aggregate: c.decodeIfPresent(Aggregate.self, forKey: .aggregate) ?? .mean)
  }
}

extension Resampling.Aggregate {
  /// The aggregate of the finite values among `values`; +∞ (a failed
  /// candidate) when none is finite. The median of an even count is the mean
  /// of the two middle values.
  public func apply<C: Collection<Double>>(_ values: C) -> Double {
    var finite = values.filter { $0.isFinite }
    guard !finite.isEmpty else { return .infinity }
    switch self {
    case .mean:
      return finite.reduce(0, +) / Double(finite.count)
    case .median:
      finite.sort()
      let m = finite.count / 2
      return finite.count % 2 == 1 ? finite[m] : (finite[m - 1] + finite[m]) / 2
    }
  }
}
