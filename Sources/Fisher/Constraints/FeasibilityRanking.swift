/// Deb's feasibility rules as a fitness: every feasible candidate before every
/// infeasible one, feasible candidates by their value, infeasible ones by
/// their summed violation (Deb, "An efficient constraint handling method for
/// genetic algorithms", CMAME 2000).
///
/// The fitness of an infeasible candidate is the worst value of the feasible
/// candidates of its population plus its violation Σᵢ max(0, gᵢ) (plus a
/// least step, so that it ranks strictly after every feasible one); with no
/// feasible candidate in the population it is the violation alone. A strategy
/// that ranks its population thus applies Deb's rules exactly, and one that
/// weighs values sees a penalty that grows with the violation. It needs no
/// parameters and keeps no state, so it works with every strategy.
public enum FeasibilityRanking {
  /// The fitness of each candidate; a failed candidate (nil) gets +∞.
  ///
  /// - Parameters:
  ///   - values: f of each candidate, nil for a failed one.
  ///   - constraints: g of each candidate (ignored for a failed one).
  public static func fitness(values: [Double?], constraints: [[Double]]) -> [Double] {
    var worstFeasible = -Double.infinity
    var violations = [Double](repeating: 0, count: values.count)
    for (k, v) in values.enumerated() {
      guard let f = v else { continue }
      violations[k] = Evaluation.totalViolation(of: constraints[k])
      if violations[k] == 0, f > worstFeasible { worstFeasible = f }
    }
    return values.indices.map { k in
      guard let f = values[k] else { return .infinity }
      let violation = violations[k]
      if violation == 0 { return f }
      guard worstFeasible.isFinite else { return violation }
      return Swift.max(worstFeasible + violation, worstFeasible.nextUp)
    }
  }
}
