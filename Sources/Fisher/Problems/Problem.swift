/// An objective to minimize, with what is known about it.
///
/// Benchmark suites and the classic test functions produce `Problem`s; the
/// driver and the CLI take them. `optimalValue` and `optimum` are set where the
/// optimum is known, which enables target-precision stopping (f − f* ≤ t).
public struct Problem: Sendable {
  /// An identifier such as `sphere` or `bbob_f008_i01_d10`.
  public let name: String
  public let dimension: Int
  /// Box bounds of the domain of interest, if the problem has one.
  public let lowerBounds: [Double]?
  public let upperBounds: [Double]?
  /// f*, the optimal value, where known.
  public let optimalValue: Double?
  /// x*, an optimal point, where known.
  public let optimum: [Double]?
  /// The objective. It must accept any point of length `dimension`.
  public let evaluate: @Sendable ([Double]) -> Double

  public init(
    name: String, dimension: Int,
    lowerBounds: [Double]? = nil, upperBounds: [Double]? = nil,
    optimalValue: Double? = nil, optimum: [Double]? = nil,
    evaluate: @escaping @Sendable ([Double]) -> Double
  ) {
    self.name = name
    self.dimension = dimension
    self.lowerBounds = lowerBounds
    self.upperBounds = upperBounds
    self.optimalValue = optimalValue
    self.optimum = optimum
    self.evaluate = evaluate
  }
}
