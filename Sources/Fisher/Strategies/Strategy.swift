/// An ask/tell search strategy: a state machine over a search distribution.
///
/// A strategy is a value. `ask()` does not change it: the candidates of a
/// generation are a pure function of the state (their randomness comes from
/// ``RandomStreams`` keyed by seed, generation and sample index), so asking
/// twice gives the same population, and a checkpoint taken between ask and
/// tell resumes with the same unanswered ask. `tell` consumes the fitness of
/// that population and moves to the next generation.
///
/// Fitness follows one convention in every strategy: lower is better, and a
/// failed evaluation is passed as `+infinity`, which the strategy must rank
/// worst without letting it poison its statistics. NaN is rejected.
///
///     var s = try CMAES(mean: [1, 1, 1], sigma: 0.5, seed: 1)
///     while s.stopReason == nil {
///       let p = s.ask()
///       let f = (0..<p.count).map { i in sphere(p[i]) }
///       try s.tell(p, fitness: f)
///     }
public protocol Strategy: Sendable, Codable {
  /// The name the CLI and checkpoints use, e.g. `"cma-es"`.
  static var name: String { get }
  /// n, the dimension of the search space.
  var dimension: Int { get }
  /// λ, the number of candidates per generation.
  var populationSize: Int { get }
  /// The number of completed `tell`s.
  var generation: Int { get }
  /// The center of the search distribution (the strategy's current estimate).
  var mean: [Double] { get }
  /// The overall step size σ (for families without one, a representative scale).
  var stepSize: Double { get }
  /// The condition number of the distribution's shape (1 where it has none).
  var conditionNumber: Double { get }
  /// The standard deviation of each coordinate of a candidate, n values:
  /// σ·√Cᵢᵢ for a Gaussian N(m, σ²C) (what pycma plots as its per-coordinate
  /// "standard deviations" panel), √(p(1 − p)) for a coordinate drawn from a
  /// Bernoulli, as each strategy documents. It changes with every `tell`.
  /// Every strategy of Fisher provides its own; the default, for strategies
  /// defined elsewhere, is ``stepSize`` in every coordinate (exact for an
  /// isotropic N(m, σ²I)).
  ///
  /// - Complexity: O(n) for most strategies; O(n²) where the shape is a full
  ///   factor (xNES, the natural gradient's full family, CMA-ES's Cholesky
  ///   representation).
  var coordinateStandardDeviations: [Double] { get }
  /// The candidates of the current generation.
  func ask() -> Population
  /// Updates the state with the fitness of `population`, in row order.
  ///
  /// - Throws: ``FisherError/populationMismatch(_:)`` when `population` is not
  ///   the current generation's or `fitness` has the wrong count, and
  ///   ``FisherError/nonFinite(_:)`` for NaN; the state is unchanged then.
  mutating func tell(_ population: Population, fitness: [Double]) throws
  /// The strategy's own termination criterion that fired, if any.
  var stopReason: StopReason? { get }
  /// Multiplies the step size by `factor` (uncertainty handling's answer to
  /// noise that dominates the ranking).
  ///
  /// - Throws: ``FisherError/invalidParameter(name:reason:)`` when `factor`
  ///   is not positive and finite, or the strategy has no step size of its
  ///   own to scale (the default).
  mutating func scaleStepSize(by factor: Double) throws
  /// Makes `solutions` candidates of the coming generations (lq-CMA-ES
  /// injects its model's optimum this way).
  ///
  /// - Throws: ``FisherError`` for solutions of the wrong dimension or with
  ///   non-finite coordinates, or when the strategy takes no injected
  ///   solutions (the default); nothing is injected then.
  mutating func inject(_ solutions: [[Double]]) throws
  /// The coordinates the strategy samples as real numbers but evaluates on a
  /// grid (CMA-ES with margin, see ``IntegerMargin``); empty by default.
  var discreteCoordinates: [DiscreteCoordinate] { get }
  /// Writes into `point` the discrete coordinates of `candidate` as they are
  /// evaluated; `point` holds the candidate, or its repair into box bounds,
  /// and keeps its other coordinates. The default does nothing.
  func discretize(_ candidate: [Double], into point: inout [Double])
}

extension Strategy {
  public var conditionNumber: Double { 1 }
  public var coordinateStandardDeviations: [Double] { [Double](repeating: stepSize, count: dimension) }
  public var discreteCoordinates: [DiscreteCoordinate] { [] }
  public func discretize(_ candidate: [Double], into point: inout [Double]) {}
  public var stopReason: StopReason? { nil }

  public mutating func scaleStepSize(by factor: Double) throws {
    throw FisherError.invalidParameter(
      name: "noise", reason: "\(Self.name) has no step size that uncertainty handling could scale")
  }

  public mutating func inject(_ solutions: [[Double]]) throws {
    throw FisherError.invalidParameter(
      name: "inject", reason: "\(Self.name) takes no injected solutions; cma-es and sep-cma-es do")
  }

  /// Checks a step-size factor; strategies that scale their step size call it first.
  public func validateStepSizeFactor(_ factor: Double) throws {
    guard factor.isFinite, factor > 0 else {
      throw FisherError.invalidParameter(name: "step-size factor", reason: "must be positive and finite, got \(factor)")
    }
  }

  /// Checks the common preconditions of `tell`; strategies call it first.
  @inlinable
  public func validateTell(_ population: Population, fitness: [Double]) throws {
    guard population.generation == generation else {
      throw FisherError.populationMismatch(
        "population of generation \(population.generation) told to a strategy at generation \(generation)")
    }
    guard fitness.count == population.count, population.count == populationSize else {
      throw FisherError.populationMismatch(
        "\(fitness.count) fitness values for \(population.count) candidates (λ = \(populationSize))")
    }
    guard population.dimension == dimension else {
      throw FisherError.dimensionMismatch("candidates of dimension \(population.dimension), strategy has \(dimension)")
    }
    if let i = fitness.firstIndex(where: { $0.isNaN }) {
      throw FisherError.nonFinite("fitness \(i) is NaN; pass +infinity for a failed evaluation")
    }
  }
}

/// Why a run or a strategy stopped.
public enum StopReason: Hashable, Sendable, Codable, CustomStringConvertible {
  case budget
  case maxGenerations
  case targetValue
  case targetPrecision
  case allEvaluationsFailed
  case cancelled
  /// A strategy criterion, by pycma's name where one exists (`tolfun`, `tolx`,
  /// `tolfunhist`, `tolstagnation`, `tolflatfitness`, `conditioncov`,
  /// `noeffectaxis`, `noeffectcoord`, `tolupsigma`, …).
  case strategy(String)

  public var description: String {
    switch self {
    case .budget: return "budget"
    case .maxGenerations: return "max-generations"
    case .targetValue: return "target-value"
    case .targetPrecision: return "target-precision"
    case .allEvaluationsFailed: return "all-evaluations-failed"
    case .cancelled: return "cancelled"
    case .strategy(let s): return s
    }
  }
}
