/// How a run treats an objective whose values are noisy.
///
/// The driver (``Optimizer``) applies it between the strategy and the
/// objective, so it works with every interface that drives an `Optimizer`
/// (``minimize(_:strategy:options:restartFactory:observer:checkpoint:)-(Objective,_,_,_,_,_)``,
/// `fisher minimize`, `fisher ask-tell`): it decides how many times each
/// candidate is evaluated (``EvaluationRequest``), aggregates the values, and
/// for uncertainty handling adapts the step size.
///
/// Learning-rate adaptation (LRA-CMA-ES), the third method, lives inside the
/// strategy (``CMAESOptions``), not here; a run with it reports the
/// distribution mean (``Recommendation/distributionMean``).
public enum NoiseHandling: Sendable, Hashable, Codable {
  /// One evaluation per candidate.
  case none
  /// k evaluations per candidate, ranked by their mean or median.
  case resampling(Resampling)
  /// UH-CMA-ES: re-evaluate a few candidates, measure the rank change, raise
  /// the step size (and the evaluations) when the noise dominates.
  case uncertainty(UncertaintyHandling)

  /// The point a run with this handling reports as its result: the
  /// distribution mean for uncertainty handling (pycma's `xfavorite`; the best
  /// single evaluation of a noisy run is a lucky draw), otherwise the
  /// evaluated point with the best (aggregated) value.
  public var defaultRecommendation: Recommendation {
    if case .uncertainty = self { return .distributionMean }
    return .bestEvaluated
  }

  /// The evaluations per candidate in the next generation's first round.
  var evaluationsPerCandidate: Int {
    switch self {
    case .none: return 1
    case .resampling(let r): return r.count
    case .uncertainty(let u): return u.evaluationsPerCandidate
    }
  }

  /// Whether a generation has a re-evaluation round.
  var hasSecondRound: Bool {
    if case .uncertainty = self { return true }
    return false
  }

  /// How a candidate's values become its fitness.
  var aggregate: Resampling.Aggregate {
    switch self {
    case .none, .uncertainty: return .median
    case .resampling(let r): return r.aggregate
    }
  }

  /// The name the CLI and reports use: `none`, `resample:K[:median]`, `uh`.
  public var description: String {
    switch self {
    case .none: return "none"
    case .resampling(let r): return "resample:\(r.count)" + (r.aggregate == .median ? ":median" : "")
    case .uncertainty: return "uh"
    }
  }
}

/// Which point a run reports as its answer.
public enum Recommendation: String, Sendable, Hashable, Codable, CaseIterable {
  /// The evaluated point with the smallest value (aggregated over its
  /// evaluations when candidates are evaluated several times).
  case bestEvaluated = "best-evaluated"
  /// The center of the search distribution at the end of the run, moved into
  /// the bounds when the run has them.
  case distributionMean = "distribution-mean"
}
