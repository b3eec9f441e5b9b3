/// One evaluation of a constrained objective: the value f(x) and the
/// constraint values g₁(x) … gₘ(x), the point being feasible when every
/// gᵢ(x) ≤ 0.
///
/// An equality constraint h(x) = 0 is given as the two inequalities
/// h(x) − ε ≤ 0 and −h(x) − ε ≤ 0 with a tolerance ε ≥ 0, as pycma's
/// `ConstrainedFitnessAL` documents.
public struct Evaluation: Sendable, Hashable {
  /// f(x).
  public var value: Double
  /// g₁(x) … gₘ(x); feasible when all are ≤ 0.
  public var constraints: [Double]

  public init(value: Double, constraints: [Double]) {
    self.value = value
    self.constraints = constraints
  }

  /// Whether every constraint holds (gᵢ ≤ 0).
  @inlinable
  public var isFeasible: Bool { Self.isFeasible(constraints) }

  /// The largest violation, maxᵢ max(0, gᵢ): 0 for a feasible point.
  @inlinable
  public var maxViolation: Double { Self.maxViolation(of: constraints) }

  /// The summed violation, Σᵢ max(0, gᵢ): 0 for a feasible point.
  @inlinable
  public var totalViolation: Double { Self.totalViolation(of: constraints) }

  /// Whether every gᵢ ≤ 0.
  @inlinable
  public static func isFeasible(_ g: [Double]) -> Bool { g.allSatisfy { $0 <= 0 } }

  /// Why constraint values cannot be ranked: "constraint i is v" for the
  /// first NaN or infinite gᵢ (1-based), nil when every value is finite.
  public static func nonFiniteConstraint(in g: [Double]) -> String? {
    g.firstIndex(where: { !$0.isFinite }).map { "constraint \($0 + 1) is \(g[$0])" }
  }

  /// maxᵢ max(0, gᵢ).
  @inlinable
  public static func maxViolation(of g: [Double]) -> Double {
    var m = 0.0
    for v in g where v > m { m = v }
    return m
  }

  /// Σᵢ max(0, gᵢ).
  @inlinable
  public static func totalViolation(of g: [Double]) -> Double {
    var s = 0.0
    for v in g where v > 0 { s += v }
    return s
  }
}

/// A function to minimize under inequality constraints: a candidate in, its
/// value and constraint values out.
///
/// It may be called from several threads at once. A thrown error, a NaN or
/// infinite value, a NaN or infinite constraint value, or a wrong number of
/// constraint values marks a failed evaluation: the driver ranks it worst,
/// counts it, and goes on.
public struct ConstrainedObjective: Sendable {
  /// m, the number of constraint values every evaluation returns.
  public let constraintCount: Int
  /// Evaluation `evaluation` (0-based, over the run) at `x`.
  public let evaluate: @Sendable (_ x: [Double], _ evaluation: Int) throws -> Evaluation

  /// - Throws: ``FisherError/invalidParameter(name:reason:)`` for m < 1.
  public init(
    constraintCount: Int, indexed evaluate: @escaping @Sendable (_ x: [Double], _ evaluation: Int) throws -> Evaluation
  ) throws {
    guard constraintCount >= 1 else {
      throw FisherError.invalidParameter(name: "constraints", reason: "a constrained objective needs at least one constraint, got \(constraintCount)")
    }
    self.constraintCount = constraintCount
    self.evaluate = evaluate
  }

  /// An objective that does not depend on the evaluation index.
  ///
  /// - Throws: ``FisherError/invalidParameter(name:reason:)`` for m < 1.
  public init(constraintCount: Int, _ evaluate: @escaping @Sendable ([Double]) throws -> Evaluation) throws {
    try self.init(constraintCount: constraintCount, indexed: { x, _ in try evaluate(x) })
  }

  /// An objective f with separate constraint functions g.
  ///
  /// - Throws: ``FisherError/invalidParameter(name:reason:)`` for m < 1.
  public init(
    constraintCount: Int, value f: @escaping @Sendable ([Double]) throws -> Double,
    constraints g: @escaping @Sendable ([Double]) throws -> [Double]
  ) throws {
    try self.init(constraintCount: constraintCount) { x in Evaluation(value: try f(x), constraints: try g(x)) }
  }
}
