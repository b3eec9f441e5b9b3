/// A worker's claim on one evaluation: evaluate `point`, then tell its value.
///
/// With noise handling a candidate may be evaluated several times; each
/// evaluation is a row and a lease of its own (``repeatOf`` names the row it
/// repeats). The pair (row, `attempt`) names the claim. The store accepts a result
/// only while this attempt is the candidate's current one and the candidate is
/// still running, so a result from a worker whose lease expired and was
/// claimed again is rejected instead of counted twice.
public struct Lease: Sendable, Hashable, Codable {
  public var study: String
  public var studyID: Int64
  public var generation: Int
  /// The row's index in its generation (with one evaluation per candidate,
  /// the candidate's row in the population).
  public var index: Int
  /// 0 for the generation's first round, 1 for uncertainty handling's re-evaluations.
  public var round: Int
  /// The candidate (row of the strategy's population) the point belongs to.
  public var candidate: Int
  /// The ``index`` of the row this evaluation repeats (the same point, an
  /// independent evaluation of it), or nil for a first evaluation.
  public var repeatOf: Int?
  /// The 1-based evaluation number over the whole study, as an in-process
  /// `Optimizer` numbers the same evaluation (a noisy objective may draw its
  /// noise by it); nil for rows of a database written before it was stored.
  public var evaluation: Int?
  /// 1 for the first claim of this candidate, 2 for the next, …
  public var attempt: Int
  public var worker: String
  /// The point to evaluate (already inside the study's bounds).
  public var point: [Double]
  /// When the lease runs out, in seconds since 1970 on the database's clock.
  public var expires: Double
  /// m when the study has constraints: the result then carries m constraint
  /// values besides the value; nil without constraints.
  public var constraintCount: Int?
}

/// What ``StudyStore/claim(study:worker:advance:)`` found.
public enum ClaimOutcome: Sendable, Hashable {
  /// A candidate to evaluate.
  case lease(Lease)
  /// Every candidate of the current generation is claimed; ask again later.
  case wait
  /// The study is over.
  case finished(reason: String)
}

/// What happened to a reported result.
public enum ReportOutcome: Sendable, Hashable {
  /// Recorded; `completedGeneration` when this result was the generation's
  /// last and this call applied `tell` and asked the next generation (false
  /// when it completed a first round and re-evaluations follow).
  case accepted(completedGeneration: Bool)
  /// Not recorded, and why (e.g. the lease expired and another attempt runs).
  case rejected(String)

  public var isAccepted: Bool {
    if case .accepted = self { return true }
    return false
  }
}
