/// What ``minimize(_:space:strategy:options:sigma:start:observer:)`` found:
/// the points decoded, and the run's outcome in search coordinates.
public struct SearchSpaceResult: Sendable {
  /// The best point evaluated (nil when no evaluation succeeded).
  public let best: SearchPoint?
  /// Its value, +∞ when there is none.
  public let bestValue: Double
  /// The point the run recommends (see ``OptimizationResult/recommendedX``).
  public let recommended: SearchPoint
  /// The run itself; its vectors are in the space's search coordinates.
  public let run: OptimizationResult
}

extension SearchSpace {
  /// `specification` made ready for this space: CMA-ES and sep-CMA-ES get the
  /// integer variables' grids as ``CMAESOptions/integerMargin`` (keeping an α
  /// already set there), so that they run CMA-ES with margin; CatCMA gets the
  /// categorical variables' coordinates and the same integer margin
  /// (``CatCMAOptions/integerMargin``).
  public func prepare(_ specification: StrategySpecification) -> StrategySpecification {
    var spec = specification
    spec.catCMA.categories = categoricalBlocks
    let grids = discreteCoordinates
    let alpha = specification.cmaES.integerMargin?.margin ?? specification.catCMA.integerMargin?.margin
    spec.cmaES.integerMargin = nil
    spec.catCMA.integerMargin = nil
    if !grids.isEmpty {
      switch spec.kind {
      case .cmaES, .separableCMAES: spec.cmaES.integerMargin = IntegerMargin(coordinates: grids, margin: alpha)
      case .catCMA: spec.catCMA.integerMargin = IntegerMargin(coordinates: grids, margin: alpha)
      default: break
      }
    }
    return spec
  }
}

/// Minimizes `objective` over the points of `space`.
///
///     let space = try SearchSpace([
///       .real("lr", low: 1e-5, high: 0.1, log: true),
///       .integer("layers", low: 1, high: 8),
///       .categorical("activation", choices: ["relu", "tanh", "gelu"]),
///     ])
///     let r = try await minimize({ p in
///       try validationLoss(lr: p.real("lr"), layers: p.integer("layers"), activation: p.category("activation"))
///     }, space: space, options: MinimizeOptions(termination: Termination(maxEvaluations: 500), seed: 1))
///     print(r.best!, r.bestValue)
///
/// The strategy searches the space's coordinates (see ``SearchSpace``),
/// starting at `start` or the space's ``SearchSpace/initialMean`` with step
/// size `sigma`; without one it is ``SearchSpace/defaultStrategy``: CatCMA
/// when there are categorical variables, else CMA-ES. CMA-ES and sep-CMA-ES
/// run as CMA-ES with margin on the integer variables; CatCMA samples
/// categories from its categorical distribution; every other strategy sees
/// them through the one-hot encoding.
/// An objective that throws, or returns NaN or ±∞, is a failed evaluation.
///
/// - Throws: ``FisherError`` for invalid settings, `options.bounds` (bounds
///   belong to the space's variables), a `start` outside the space, and
///   what ``minimize(_:strategy:options:restartFactory:observer:checkpoint:)``
///   throws.
public func minimize(
  _ objective: @escaping @Sendable (SearchPoint) throws -> Double,
  space: SearchSpace,
  strategy: StrategySpecification? = nil,
  options: MinimizeOptions = .init(),
  sigma: Double = SearchSpace.defaultSigma,
  start: SearchPoint? = nil,
  observer: ((GenerationReport) -> Void)? = nil
) async throws -> SearchSpaceResult {
  guard options.bounds == nil else {
    throw FisherError.invalidParameter(
      name: "bounds", reason: "a search space bounds its variables itself; give the bounds there")
  }
  let spec = space.prepare(strategy ?? StrategySpecification(kind: space.defaultStrategy))
  let mean = try start.map { try space.encode($0) } ?? space.initialMean
  let initial = try spec.make(mean: mean, sigma: sigma, seed: options.seed)
  let overVectors: Objective = { x in try objective(try space.decode(x)) }
  var factory: ((RestartRequest) throws -> AnyStrategy)?
  if options.restarts != .none { factory = spec.restartFactory() }
  let run = try await minimize(
    overVectors, strategy: initial, options: options, restartFactory: factory, observer: observer, checkpoint: nil)
  return SearchSpaceResult(
    best: run.evaluations > run.failedEvaluations && run.bestF.isFinite ? try space.decode(run.bestX) : nil,
    bestValue: run.bestF, recommended: try space.decode(run.recommendedX), run: run)
}
