/// The evaluations a run needs next: one round of a generation.
///
/// Without noise handling a generation has one round that evaluates each
/// candidate once. Resampling evaluates each candidate k times in that round;
/// uncertainty handling adds a second round that evaluates a few candidates
/// again. A repeated evaluation names the evaluation it repeats
/// (``repeatOf``), so an outside evaluator (`fisher ask-tell`, a study) can
/// tell a re-evaluation from a new point.
///
/// Requests are numbered by evaluation: the run's evaluations so far plus the
/// position in the request. A noisy benchmark problem draws its noise by that
/// number, which keeps a run reproducible whatever the number of threads.
public struct EvaluationRequest: Sendable, Hashable {
  /// The generation the request belongs to (over all restarts).
  public let generation: Int
  /// 0 for the candidates, 1 for uncertainty handling's re-evaluations.
  public let round: Int
  /// The points to evaluate, repaired into the bounds when the run has them.
  public let points: [[Double]]
  /// For each point, the index of the candidate it evaluates.
  public let candidates: [Int]
  /// For each point, the 1-based evaluation number of an earlier evaluation of
  /// the same point in this generation, or nil for its first evaluation.
  public let repeatOf: [Int?]
  /// The 1-based evaluation number of `points[0]`; point i is evaluation
  /// `firstEvaluation + i`.
  public let firstEvaluation: Int
  /// The strategy's population of this generation.
  public let population: Population

  /// The number of evaluations requested.
  public var count: Int { points.count }
  /// Whether any point repeats an earlier evaluation.
  public var hasRepeats: Bool { repeatOf.contains { $0 != nil } }
}
