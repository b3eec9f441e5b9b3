/// A model that stands in for the objective on part of each population.
public enum Surrogate: String, Sendable, Codable, Hashable, CaseIterable, CustomStringConvertible {
  /// Every candidate is evaluated.
  case none
  /// lq-CMA-ES (Hansen, GECCO 2019, pycma's `fmin_lq_surr2`): a
  /// ``LinearQuadraticModel`` of the evaluated points ranks each population,
  /// ``SurrogatePopulation`` decides how many candidates are evaluated, and
  /// the model's optimum is injected into the next generation. For
  /// strategies that take injected solutions (CMA-ES, sep-CMA-ES).
  case linearQuadratic = "lq"

  public var description: String { rawValue }
}
