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
  /// The objective, without noise. It must accept any point of length `dimension`.
  public let evaluate: @Sendable ([Double]) -> Double
  /// For a problem with simulated noise: what an optimizer observes at
  /// evaluation k (0-based, over the run), e.g. a bbob-noisy function whose
  /// noise is drawn by evaluation number. `evaluate` is then its noise-free value.
  public let noisyEvaluate: (@Sendable (_ x: [Double], _ evaluation: Int) -> Double)?
  /// m, the number of inequality constraints gᵢ(x) ≤ 0 (0 for an unconstrained problem).
  public let constraintCount: Int
  /// For a constrained problem: g₁(x) … gₘ(x).
  public let evaluateConstraints: (@Sendable ([Double]) -> [Double])?
  /// A recommended starting point, where the problem has one (for example
  /// the feasible initial solution of a bbob-constrained problem).
  public let initialSolution: [Double]?

  public init(
    name: String, dimension: Int,
    lowerBounds: [Double]? = nil, upperBounds: [Double]? = nil,
    optimalValue: Double? = nil, optimum: [Double]? = nil,
    noisyEvaluate: (@Sendable (_ x: [Double], _ evaluation: Int) -> Double)? = nil,
    constraintCount: Int = 0, evaluateConstraints: (@Sendable ([Double]) -> [Double])? = nil,
    initialSolution: [Double]? = nil,
    evaluate: @escaping @Sendable ([Double]) -> Double
  ) {
    self.constraintCount = evaluateConstraints == nil ? 0 : constraintCount
    self.evaluateConstraints = evaluateConstraints
    self.initialSolution = initialSolution
    self.noisyEvaluate = noisyEvaluate
    self.name = name
    self.dimension = dimension
    self.lowerBounds = lowerBounds
    self.upperBounds = upperBounds
    self.optimalValue = optimalValue
    self.optimum = optimum
    self.evaluate = evaluate
  }
}

extension Problem {
  /// Whether the problem has constraints.
  public var isConstrained: Bool { constraintCount > 0 }

  /// The objective with its constraints, for a constrained problem.
  public var constrainedObjective: ConstrainedObjective? {
    get throws {
      guard let g = evaluateConstraints, constraintCount > 0 else { return nil }
      let f = evaluate
      return try ConstrainedObjective(constraintCount: constraintCount) { x in Evaluation(value: f(x), constraints: g(x)) }
    }
  }

  /// Whether the values an optimizer observes are noisy.
  public var isNoisy: Bool { noisyEvaluate != nil }

  /// The objective as the driver calls it: the noisy observation with the
  /// noise-free value for measurement when the noise is simulated, else
  /// ``evaluate``.
  public var objective: IndexedObjective {
    let f = evaluate
    if let noisy = noisyEvaluate {
      return IndexedObjective(value: { x, k in noisy(x, k) }, noiseFreeValue: f)
    }
    return IndexedObjective { x in f(x) }
  }
}
