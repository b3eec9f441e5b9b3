import Fisher

/// Progress of a study.
public struct StudyStatus: Sendable, Hashable, Codable {
  public var name: String
  public var strategy: String
  public var generation: Int
  public var populationSize: Int
  public var budget: Int
  /// The current round of the generation: 1 while uncertainty handling's
  /// re-evaluations are out, else 0.
  public var round: Int
  /// The noise handling's name (`Fisher/NoiseHandling/description`).
  public var noise: String
  /// Which point ``Study/recommendation()`` reports.
  public var recommendation: Recommendation
  /// Uncertainty handling's evaluations per candidate and noise measure s
  /// now; nil without uncertainty handling.
  public var evaluationsPerCandidate: Int?
  public var noiseMeasure: Double?
  /// Evaluations (rows) with an accepted value, over all generations.
  public var done: Int
  public var failed: Int
  public var running: Int
  public var pending: Int
  /// Workers heard from within two lease durations.
  public var liveWorkers: Int
  /// Reports rejected because their lease was no longer current.
  public var rejectedReports: Int
  /// The best evaluation so far: by value, or in a study with constraints by
  /// Deb's rules (the best feasible one when there is one, else the one with
  /// the smallest summed violation).
  public var best: StudyEvaluation?
  public var finished: Bool
  public var stopReason: String?
  /// m in a study with constraints, nil without (the JSON key `constraints`).
  public var constraints: Int?
  /// The constraint handling's method (`constraint_method`).
  public var constraintMethod: ConstraintMethod?
  /// Whether a feasible point has been evaluated, in a study with constraints (`feasible`).
  public var feasible: Bool?
  /// The best feasible evaluation's value and point (`best_feasible_f`,
  /// `best_feasible_x`); nil while no feasible point was evaluated.
  public var bestFeasibleF: Double?
  public var bestFeasibleX: [Double]?
  /// maxᵢ max(0, gᵢ) at ``best`` (`best_max_violation`): 0 when it is feasible.
  public var bestMaxViolation: Double?

  enum CodingKeys: String, CodingKey {
    case name, strategy, generation, populationSize, budget, round, noise, recommendation, evaluationsPerCandidate,
      noiseMeasure, done, failed, running, pending, liveWorkers, rejectedReports, best, finished, stopReason
    case constraints, constraintMethod = "constraint_method", feasible, bestFeasibleF = "best_feasible_f"
    case bestFeasibleX = "best_feasible_x", bestMaxViolation = "best_max_violation"
  }

  /// Encodes as the synthesized encoding would, except that a study with
  /// constraints writes every constraint key, null when there is no value
  /// (e.g. `best_feasible_f` while no feasible point was evaluated).
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(name, forKey: .name)
    try c.encode(strategy, forKey: .strategy)
    try c.encode(generation, forKey: .generation)
    try c.encode(populationSize, forKey: .populationSize)
    try c.encode(budget, forKey: .budget)
    try c.encode(round, forKey: .round)
    try c.encode(noise, forKey: .noise)
    try c.encode(recommendation, forKey: .recommendation)
    try c.encodeIfPresent(evaluationsPerCandidate, forKey: .evaluationsPerCandidate)
    try c.encodeIfPresent(noiseMeasure, forKey: .noiseMeasure)
    try c.encode(done, forKey: .done)
    try c.encode(failed, forKey: .failed)
    try c.encode(running, forKey: .running)
    try c.encode(pending, forKey: .pending)
    try c.encode(liveWorkers, forKey: .liveWorkers)
    try c.encode(rejectedReports, forKey: .rejectedReports)
    try c.encodeIfPresent(best, forKey: .best)
    try c.encode(finished, forKey: .finished)
    try c.encodeIfPresent(stopReason, forKey: .stopReason)
    guard let m = constraints else { return }
    try c.encode(m, forKey: .constraints)
    try c.encode(constraintMethod, forKey: .constraintMethod)
    try c.encode(feasible ?? false, forKey: .feasible)
    try c.encode(bestFeasibleF, forKey: .bestFeasibleF)
    try c.encode(bestFeasibleX, forKey: .bestFeasibleX)
    try c.encode(bestMaxViolation, forKey: .bestMaxViolation)
  }
}
