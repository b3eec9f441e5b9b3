import ArgumentParser
import Fisher

extension ConstraintMethod: ExpressibleByArgument {}

/// `--constraints` and `--constraint-method`: inequality constraints gᵢ(x) ≤ 0
/// beside the objective.
struct ConstraintOptions: ParsableArguments {
  @Option(help: ArgumentHelp(
    "The number m of inequality constraints g_i(x) ≤ 0 each evaluation reports (default: none).",
    discussion: "Every tell then carries m constraint values per candidate; a point is feasible when all are ≤ 0."))
  var constraints: Int?

  @Option(help: ArgumentHelp(
    "How constraint values steer the strategy: al or ranking (default: al for cma-es and sep-cma-es, ranking otherwise).",
    discussion: """
      al: the adaptive augmented Lagrangian of pycma's ConstrainedFitnessAL (AL-CMA-ES; Atamna, \
      Auger, Hansen 2016/2017): the strategy minimizes f + Σ λ_i g_i + μ_i g_i²/2, with λ and μ \
      adapted every generation. ranking: Deb's feasibility rules, feasible candidates first by f, \
      infeasible ones after them by their summed violation; for every strategy. Either way the \
      reported answer is the best feasible point evaluated.
      """))
  var constraintMethod: ConstraintMethod?

  /// The constraint handling for a run with these options, after adjusting
  /// `specification` for it; see ``handling(count:method:noise:specification:dimension:)``.
  func apply(
    to specification: inout StrategySpecification, dimension: Int, noise: NoiseChoice
  ) throws -> ConstraintHandling? {
    try Self.handling(
      count: constraints, method: constraintMethod, noise: noise, specification: &specification, dimension: dimension)
  }

  /// The constraint handling for a run of `count` constraints (the option's,
  /// or a problem's own), after adjusting `specification` for it: the
  /// augmented Lagrangian changes the fitness every generation, so CMA-ES's
  /// stagnation criterion is off, as in pycma's example of `ConstrainedFitnessAL`.
  ///
  /// - Throws: `ValidationError` for a count below 1, a method given without
  ///   constraints, or constraints with a `--noise` other than none.
  static func handling(
    count: Int?, method: ConstraintMethod?, noise: NoiseChoice = .none, specification: inout StrategySpecification,
    dimension: Int
  ) throws -> ConstraintHandling? {
    guard let m = count else {
      if let method {
        throw ValidationError("--constraint-method \(method.rawValue) needs --constraints M (or a problem with constraints)")
      }
      return nil
    }
    guard m >= 1 else { throw ValidationError("--constraints must be at least 1, got \(m)") }
    guard m <= ConstraintOptions.maximumCount else {
      throw ValidationError("--constraints must be at most \(ConstraintOptions.maximumCount), got \(m)")
    }
    guard noise == .none else {
      throw ValidationError("a run with constraints does not combine with --noise (other than none)")
    }
    let method = method ?? Self.defaultMethod(for: specification.kind)
    if method == .augmentedLagrangian, specification.kind == .cmaES || specification.kind == .separableCMAES {
      specification.cmaES.tolStagnation = 0
    }
    return try ConstraintHandling(method, dimension: dimension, constraintCount: m)
  }

  /// The augmented Lagrangian for the CMA-ES family, Deb's rules for the rest.
  static func defaultMethod(for kind: StrategySpecification.Kind) -> ConstraintMethod {
    kind == .cmaES || kind == .separableCMAES ? .augmentedLagrangian : .feasibilityRanking
  }

  /// The largest accepted constraint count.
  static let maximumCount = 100_000
}
