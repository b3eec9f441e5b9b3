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

/// One candidate and its outcome, as `fisher study export` lists them.
public struct StudyEvaluation: Sendable, Hashable, Codable {
  public var generation: Int
  public var index: Int
  /// `pending`, `running`, `done` or `failed`.
  public var status: String
  public var point: [Double]
  /// The accepted value (nil unless done).
  public var value: Double?
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
}

/// One result a worker reported, accepted or not.
public struct StudyReport: Sendable, Hashable, Codable {
  public var generation: Int
  public var index: Int
  public var attempt: Int
  /// nil when the store itself failed the candidate after its last lease expired.
  public var worker: String?
  public var value: Double?
  public var reason: String?
  public var accepted: Bool
}

/// Progress of a study.
public struct StudyStatus: Sendable, Hashable, Codable {
  public var name: String
  public var strategy: String
  public var generation: Int
  public var populationSize: Int
  public var budget: Int
  /// Candidates with an accepted value, over all generations.
  public var done: Int
  public var failed: Int
  public var running: Int
  public var pending: Int
  /// Workers heard from within two lease durations.
  public var liveWorkers: Int
  /// Reports rejected because their lease was no longer current.
  public var rejectedReports: Int
  public var best: StudyEvaluation?
  public var finished: Bool
  public var stopReason: String?
}

/// The next generation computed from a completed one.
public struct GenerationAdvance: Sendable {
  /// The serialized strategy state after `tell`.
  public var state: String
  /// The next generation's points, or nil when the study stops.
  public var candidates: [[Double]]?
  public var stopReason: String?

  public init(state: String, candidates: [[Double]]?, stopReason: String?) {
    self.state = state
    self.candidates = candidates
    self.stopReason = stopReason
  }
}

/// Applies `tell` to a stored state: `(state, fitness in row order, evaluations
/// of the study so far) → next`. Runs inside the store's transaction.
public typealias GenerationAdvancer = @Sendable (_ state: String, _ fitness: [Double], _ evaluations: Int) throws
  -> GenerationAdvance
