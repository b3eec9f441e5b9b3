import ArgumentParser
import Fisher

extension Surrogate: ExpressibleByArgument {}

/// `--surrogate`: a model that stands in for an expensive objective.
struct SurrogateOptions: ParsableArguments {
  @Option(help: ArgumentHelp(
    "A model that stands in for the objective on part of each population: none, lq (lq-CMA-ES) or lq-diagonal.",
    discussion: """
      lq: lq-CMA-ES (Hansen, GECCO 2019; pycma's fmin_lq_surr2). A linear, then diagonal-quadratic, \
      then full-quadratic model is fitted to the evaluated points; each generation evaluates only a \
      few candidates for real, in the model's order, and more while the model's ranking disagrees \
      with the true values (Kendall's tau < 0.85); the other candidates are ranked by the model, \
      and the model's optimum is injected into the next generation. Budgets and reported \
      evaluations count true evaluations only. For cma-es and sep-cma-es; not with --noise or \
      --constraints. Each restart starts a fresh model.

      lq-diagonal: the same with the model capped at the diagonal quadratic (2n + 1 coefficients). \
      The full quadratic has n(n + 3)/2 + 1 coefficients and its fit grows as n^6: 10-25 ms a \
      generation at n = 20, about a third of a second at n = 40. The diagonal model's fit grows as \
      n^3 (about 20 ms a generation at n = 100, 0.12 s at n = 200), but it sees no interaction \
      between coordinates.
      """))
  var surrogate: Surrogate = .none

  /// - Throws: `ValidationError` when the surrogate does not apply to the
  ///   strategy, the noise handling or a run with constraints.
  func check(kind: StrategySpecification.Kind, noise: NoiseChoice = .none, constrained: Bool = false) throws {
    guard surrogate != .none else { return }
    guard kind == .cmaES || kind == .separableCMAES else {
      throw ValidationError(
        "--surrogate \(surrogate) injects the model's optimum into the strategy, which only cma-es and sep-cma-es take (got \(kind.rawValue))")
    }
    guard noise == .none else {
      throw ValidationError("--surrogate \(surrogate) ranks on one value per candidate; it does not combine with --noise")
    }
    guard !constrained else {
      throw ValidationError("--surrogate \(surrogate) does not combine with constraints")
    }
  }
}
