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
  /// lq-CMA-ES with the model capped at the diagonal quadratic (2n + 1
  /// coefficients): a fit in O(n³) rather than the full quadratic's O(n⁶),
  /// for dimensions where the full model's fit would outweigh the
  /// evaluations it saves. It models no interaction between coordinates.
  case linearDiagonal = "lq-diagonal"

  /// The largest form of the surrogate's ``LinearQuadraticModel``; nil for ``none``.
  public var largestModelKind: LinearQuadraticModel.Kind? {
    switch self {
    case .none: return nil
    case .linearQuadratic: return .fullQuadratic
    case .linearDiagonal: return .diagonalQuadratic
    }
  }

  /// The surrogate whose model grows up to `largestModelKind`: `none` for
  /// nil, ``linearQuadratic`` for the full quadratic, ``linearDiagonal`` below it.
  public init(largestModelKind: LinearQuadraticModel.Kind?) {
    switch largestModelKind {
    case nil: self = .none
    case .fullQuadratic?: self = .linearQuadratic
    case .linear?, .diagonalQuadratic?: self = .linearDiagonal
    }
  }

  public var description: String { rawValue }
}
