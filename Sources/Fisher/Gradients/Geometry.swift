/// The metric M of the local model behind a gradient step.
///
/// Minimizing the linear model of J plus a quadratic penalty on the step,
///
///     δθ* = argmin_δ ∇Jᵀδ + (1/2α) δᵀ M δ   ⇒   δθ* = −α M⁻¹ ∇J,
///
/// gives every update of this family; the choice of M is the choice of geometry:
///
/// | geometry | M | M⁻¹ g |
/// |---|---|---|
/// | `euclidean` | I | g (plain gradient descent) |
/// | `natural` | F(θ), exact | ``SearchDistribution/naturalGradient(_:)`` (closed form) |
/// | `empirical-fisher` | (1/N) Σ sᵢsᵢᵀ + δ·(tr/p)·I | Cholesky solve |
/// | `newton` | ∇²J estimated by (1/N) Σ f̃ᵢ(sᵢsᵢᵀ + ∇²log p(xᵢ)), + δ·(mean |diag|)·I | Cholesky solve |
///
/// The damping δ is relative to the matrix's own scale (its mean diagonal), so one
/// value suits every parameterization and step size. The empirical Fisher with
/// N < p is singular without damping; with it, M⁻¹g for g in the span of the scores
/// (which the estimate always is) tends to the minimum-norm solution as δ → 0.
///
/// Newton needs f itself in the estimate (use `raw` or `baseline` shaping; with rank
/// shaping it is the Hessian of the expected rank value) and only steps when the
/// damped estimate is positive definite; otherwise — too few samples for p
/// parameters, or a concave direction — it falls back to the natural geometry, and
/// ``UpdateDirection/geometry`` reports that. The same fallback applies when the
/// damped empirical Fisher fails to factor. For the mean-only Gaussian on a
/// quadratic f = ½xᵀAx + bᵀx + c the estimated ∇²J tends to A, so with α = 1 the
/// step is Newton's step on f.
public enum Geometry: String, Sendable, Codable, Hashable, CaseIterable {
  case euclidean
  case natural
  case empiricalFisher = "empirical-fisher"
  case newton

  /// Looks a geometry up by its CLI name.
  public init(name: String) throws {
    guard let g = Geometry(rawValue: name) else {
      throw FisherError.unknownName(kind: "geometry", name: name, known: Self.allCases.map(\.rawValue))
    }
    self = g
  }

  /// M for this geometry at the estimator's samples (`fitness` is only read by `newton`).
  ///
  /// For `newton` this is the damped estimate, which need not be positive definite.
  public func metric<D: SearchDistribution>(
    _ estimator: ScoreFunctionEstimator<D>, fitness: [Double], damping: Double = 0
  ) throws -> Matrix {
    let p = estimator.distribution.parameterCount
    switch self {
    case .euclidean:
      return try Matrix.identity(p)
    case .natural:
      return try estimator.distribution.fisherInformation()
    case .empiricalFisher:
      var m = try estimator.empiricalFisher()
      let shift = damping * m.trace / Double(p)
      for k in 0..<p { m[k, k] += shift }
      return m
    case .newton:
      var m = try estimator.hessian(fitness, baseline: .mean)
      let shift = damping * m.diagonalEntries.reduce(0) { $0 + abs($1) } / Double(p)
      for k in 0..<p { m[k, k] += shift }
      return m
    }
  }

  /// M⁻¹ `gradient`, with the fallback to the natural geometry described above.
  ///
  /// - Throws: ``FisherError`` for a gradient of the wrong length or non-finite entries.
  public func direction<D: SearchDistribution>(
    _ gradient: [Double], estimator: ScoreFunctionEstimator<D>, fitness: [Double], damping: Double = 0
  ) throws -> UpdateDirection {
    let d = estimator.distribution
    try _checkVector(gradient, count: d.parameterCount, "gradient")
    switch self {
    case .euclidean:
      return UpdateDirection(direction: gradient, geometry: .euclidean)
    case .natural:
      return UpdateDirection(direction: try d.naturalGradient(gradient), geometry: .natural)
    case .empiricalFisher, .newton:
      let m = try metric(estimator, fitness: fitness, damping: damping)
      if m.elements.allSatisfy(\.isFinite), let factor = try? Cholesky(m) {
        let y = try factor.solve(gradient)
        if y.allSatisfy(\.isFinite) { return UpdateDirection(direction: y, geometry: self) }
      }
      return UpdateDirection(direction: try d.naturalGradient(gradient), geometry: .natural)
    }
  }

  /// δθ = −α ⊙ M⁻¹ ∇̂J with ∇̂J the estimator's gradient for `shapedFitness`, and
  /// per-parameter learning rates α (one per entry of θ).
  public func step<D: SearchDistribution>(
    estimator: ScoreFunctionEstimator<D>, shapedFitness: [Double], learningRates: [Double],
    damping: Double = 0, baseline: ScoreFunctionEstimator<D>.Baseline = .none
  ) throws -> UpdateDirection {
    try _checkVector(learningRates, count: estimator.distribution.parameterCount, "learning rates")
    let g = try estimator.gradient(shapedFitness, baseline: baseline)
    var u = try direction(g, estimator: estimator, fitness: shapedFitness, damping: damping)
    for k in 0..<u.direction.count { u.direction[k] *= -learningRates[k] }
    return u
  }
}

/// An update direction and the geometry that produced it (after any fallback).
public struct UpdateDirection: Sendable, Hashable {
  /// M⁻¹ g (or, from ``Geometry/step(estimator:shapedFitness:learningRates:damping:baseline:)``, the step δθ).
  public var direction: [Double]
  /// The geometry whose metric was used.
  public var geometry: Geometry
}
