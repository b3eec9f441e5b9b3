/// How a run turns constraint values into the fitness its strategy is told.
public enum ConstraintMethod: String, Sendable, Codable, Hashable, CaseIterable {
  /// The augmented Lagrangian of pycma's `ConstrainedFitnessAL`
  /// (``AugmentedLagrangian``): AL-CMA-ES when the strategy is CMA-ES.
  case augmentedLagrangian = "al"
  /// Deb's feasibility rules (``FeasibilityRanking``), for any strategy.
  case feasibilityRanking = "ranking"
}

/// The constraint handling of a run, with its state.
public enum ConstraintHandling: Sendable, Hashable, Codable {
  /// Deb's feasibility rules over m constraints.
  case feasibilityRanking(constraintCount: Int)
  /// An adaptive augmented Lagrangian.
  case augmentedLagrangian(AugmentedLagrangian)

  /// A fresh handling of `constraintCount` constraints for a search space of
  /// dimension `dimension`.
  ///
  /// - Throws: ``FisherError/invalidParameter(name:reason:)`` for a count or a
  ///   dimension below 1.
  public init(_ method: ConstraintMethod, dimension: Int, constraintCount: Int) throws {
    guard constraintCount >= 1 else {
      throw FisherError.invalidParameter(name: "constraints", reason: "the number of constraints must be at least 1, got \(constraintCount)")
    }
    switch method {
    case .feasibilityRanking: self = .feasibilityRanking(constraintCount: constraintCount)
    case .augmentedLagrangian:
      self = .augmentedLagrangian(try AugmentedLagrangian(dimension: dimension, constraintCount: constraintCount))
    }
  }

  /// m, the number of constraint values of every evaluation.
  public var constraintCount: Int {
    switch self {
    case .feasibilityRanking(let m): m
    case .augmentedLagrangian(let al): al.constraintCount
    }
  }

  public var method: ConstraintMethod {
    switch self {
    case .feasibilityRanking: .feasibilityRanking
    case .augmentedLagrangian: .augmentedLagrangian
    }
  }

  /// The fitness of a generation's candidates, updating the handling's state
  /// (the Lagrangian's coefficients) for the next generation.
  ///
  /// - Parameters:
  ///   - values: f of each candidate, nil for a failed one (fitness +∞).
  ///   - constraints: the m finite constraint values of each successful candidate.
  /// - Throws: ``FisherError/populationMismatch(_:)`` when the counts do not
  ///   agree (nothing changes then).
  public mutating func fitness(values: [Double?], constraints: [[Double]]) throws -> [Double] {
    guard values.count == constraints.count else {
      throw FisherError.populationMismatch("\(constraints.count) rows of constraint values for \(values.count) candidates")
    }
    let m = constraintCount
    for (k, v) in values.enumerated() where v != nil && constraints[k].count != m {
      throw FisherError.populationMismatch("candidate \(k) has \(constraints[k].count) constraint values, expected \(m)")
    }
    switch self {
    case .feasibilityRanking:
      return FeasibilityRanking.fitness(values: values, constraints: constraints)
    case .augmentedLagrangian(var al):
      let fitness = try al.tell(values: values, constraints: constraints)
      self = .augmentedLagrangian(al)
      return fitness
    }
  }
}
