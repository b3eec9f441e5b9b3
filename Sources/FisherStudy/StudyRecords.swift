import Fisher

/// A study as stored.
public struct StudyRecord: Sendable, Hashable {
  public var id: Int64
  public var name: String
  /// The strategy's name (e.g. `cma-es`).
  public var strategy: String
  public var settings: StudySettings
  public var populationSize: Int
  /// The generation being evaluated (or, when finished, the final state's).
  public var generation: Int
  public var finished: Bool
  public var stopReason: String?
}

/// One evaluation (a row of the study) and its outcome, as `fisher study
/// export` lists them.
///
/// Without noise handling each row evaluates one candidate. With resampling
/// or uncertainty handling a candidate may be evaluated several times: each
/// evaluation is a row of its own, tied to its point by ``candidate`` and, for
/// a repeated evaluation, ``repeatOf``.
public struct StudyEvaluation: Sendable, Hashable, Codable {
  public var generation: Int
  /// The row's index in its generation (0, 1, … over all rounds).
  public var index: Int
  /// 0 for the generation's first round, 1 for uncertainty handling's re-evaluations.
  public var round: Int
  /// The candidate (row of the strategy's population) this row evaluates.
  public var candidate: Int
  /// The ``index`` of the first row of this generation that evaluates the
  /// same point, when this row repeats it; nil for a first evaluation.
  public var repeatOf: Int?
  /// The row's 1-based evaluation number over the whole study (the number an
  /// in-process `Fisher/Optimizer` gives the same evaluation); nil for rows
  /// of a database written before evaluation numbers were stored.
  public var evaluation: Int?
  /// `pending`, `running`, `done` or `failed`.
  public var status: String
  public var point: [Double]
  /// The accepted value (nil unless done).
  public var value: Double?
  /// In a study with constraints, the accepted constraint values g₁ … gₘ
  /// (nil unless done, and in a study without constraints).
  public var constraints: [Double]?
  /// Why it failed, or nil.
  public var reason: String?
  /// Claims so far.
  public var attempts: Int
  /// Leases of this candidate that expired.
  public var expiredLeases: Int
  /// The worker that holds it or produced the accepted result.
  public var worker: String?
  /// Seconds from the last claim to the result.
  public var duration: Double?

  /// maxᵢ max(0, gᵢ) of ``constraints`` (0 for a feasible point), or nil.
  public var maxViolation: Double? { constraints.map { Evaluation.maxViolation(of: $0) } }
  /// Whether every constraint holds, in a study with constraints; nil without values.
  public var isFeasible: Bool? { constraints.map(Evaluation.isFeasible) }
}

/// The point a study reports as its answer (``Study/recommendation()``),
/// chosen as `Fisher/OptimizationResult/recommendedX` is.
public struct StudyRecommendation: Sendable, Hashable, Codable {
  /// Which point it is.
  public var recommendation: Recommendation
  /// The point: the best evaluated one, or the distribution mean (moved into the bounds).
  public var point: [Double]
  /// Its value: the accepted value of the best evaluation, or under
  /// resampling the aggregate of its candidate's evaluations; nil for the
  /// distribution mean, which is not evaluated as such.
  public var value: Double?
  /// The row the best evaluated point comes from (its candidate's first
  /// evaluation); nil for the distribution mean.
  public var generation: Int?
  public var index: Int?
  /// In a study with constraints, the constraint values at ``point`` (the
  /// best feasible point when one was evaluated, else the least violating
  /// one by summed violation); nil without constraints.
  public var constraints: [Double]?
  /// In a study with constraints, whether ``point`` is feasible: false when
  /// no feasible point has been evaluated; nil without constraints.
  public var feasible: Bool?

  public init(
    recommendation: Recommendation, point: [Double], value: Double?, generation: Int?, index: Int?,
    constraints: [Double]? = nil, feasible: Bool? = nil
  ) {
    self.recommendation = recommendation
    self.point = point
    self.value = value
    self.generation = generation
    self.index = index
    self.constraints = constraints
    self.feasible = feasible
  }

  /// maxᵢ max(0, gᵢ) at ``point`` in a study with constraints, or nil.
  public var maxViolation: Double? { constraints.map { Evaluation.maxViolation(of: $0) } }
}

/// One result a worker reported, accepted or not.
public struct StudyReport: Sendable, Hashable, Codable {
  public var generation: Int
  public var index: Int
  public var attempt: Int
  /// nil when the store itself failed the candidate after its last lease expired.
  public var worker: String?
  public var value: Double?
  /// The constraint values reported with the value, in a study with constraints.
  public var constraints: [Double]?
  public var reason: String?
  public var accepted: Bool
}

/// One evaluation to insert as a row: the point, the candidate it evaluates,
/// and the row it repeats.
public struct PlannedEvaluation: Sendable, Hashable {
  /// The point to evaluate (inside the study's bounds).
  public var point: [Double]
  /// The candidate (row of the strategy's population) it evaluates.
  public var candidate: Int
  /// The index, in the same generation, of the first row that evaluates the
  /// same point; nil for a first evaluation.
  public var repeatOf: Int?
  /// Its 1-based evaluation number over the whole study.
  public var evaluation: Int

  public init(point: [Double], candidate: Int, repeatOf: Int? = nil, evaluation: Int) {
    self.point = point
    self.candidate = candidate
    self.repeatOf = repeatOf
    self.evaluation = evaluation
  }
}

/// A round of a generation whose every row has its result, as the store
/// hands it to a ``GenerationAdvancer``.
public struct CompletedRound: Sendable {
  /// The stored state that asked the round.
  public var state: String
  /// 0 for the generation's first round, 1 for re-evaluations.
  public var round: Int
  /// The round's results in row order (a failed row as `.failed(reason)`).
  public var outcomes: [Fisher.EvaluationOutcome]
  /// The accepted constraint values of each row, in row order (nil for a
  /// failed row, and for every row of a study without constraints).
  public var constraints: [[Double]?]
  /// The study's evaluations so far, this round's included.
  public var evaluations: Int

  public init(
    state: String, round: Int, outcomes: [Fisher.EvaluationOutcome], constraints: [[Double]?]? = nil,
    evaluations: Int
  ) {
    self.state = state
    self.round = round
    self.outcomes = outcomes
    self.constraints = constraints ?? Array(repeating: nil, count: outcomes.count)
    self.evaluations = evaluations
  }
}

/// What follows a completed round: another round of the same generation,
/// the next generation, or the end of the study.
public struct GenerationAdvance: Sendable {
  /// The serialized state that asks what follows: the next generation's
  /// (after `tell`), or the next round's (``nextRound``).
  public var state: String
  /// The rows to insert, or nil when the study stops.
  public var evaluations: [PlannedEvaluation]?
  public var stopReason: String?
  /// Whether ``evaluations`` are another round of the same generation
  /// (uncertainty handling's re-evaluations) rather than the next generation.
  public var nextRound: Bool

  public init(state: String, evaluations: [PlannedEvaluation]?, stopReason: String?, nextRound: Bool = false) {
    self.state = state
    self.evaluations = evaluations
    self.stopReason = stopReason
    self.nextRound = nextRound
  }
}

/// Applies a completed round to its stored state: the strategy's `tell` when
/// the generation is complete, then the next round or generation. Runs inside
/// the store's transaction.
public typealias GenerationAdvancer = @Sendable (CompletedRound) throws -> GenerationAdvance
