import Fisher

/// What a study is besides its strategy: budget, bounds, noise handling, and
/// how leases work.
///
/// Two `create` calls for the same name must agree on these (and on the
/// strategy's initial state); the second then opens the first's study.
public struct StudySettings: Sendable, Codable, Hashable {
  /// The study stops after the generation in which its evaluations reach this count.
  public var budget: Int
  /// Box bounds: a candidate is evaluated at `bounds.repair(x)`.
  public var bounds: BoxBounds?
  /// How long a claim lasts without a heartbeat, in seconds.
  public var leaseDuration: Double
  /// How many leases of one candidate may expire before it is marked failed.
  public var maxAttempts: Int
  /// The strategy's options as the user gave them (`dimension`, `sigma`, …),
  /// kept to explain a mismatch on re-create.
  public var options: [String: String]
  /// How noisy values are treated (`Fisher/NoiseHandling`): with resampling
  /// or uncertainty handling, a candidate is evaluated more than once, each
  /// evaluation a row of its own, and the study is driven by an
  /// `Fisher/Optimizer` whose state it stores.
  public var noise: NoiseHandling
  /// The point ``Study/recommendation()`` reports; nil for the noise
  /// handling's default (`Fisher/NoiseHandling/defaultRecommendation`).
  public var recommendation: Recommendation?
  /// The inequality constraints gᵢ(x) ≤ 0 every evaluation reports, or nil
  /// for an unconstrained study. A study with constraints is driven by an
  /// `Fisher/Optimizer` with that constraint handling, whose state it stores.
  public var constraints: StudyConstraints?
  /// A model that stands in for the objective on part of each generation
  /// (`Fisher/Surrogate`): a generation's candidates are then evaluated in
  /// rounds of the model's choosing, and the study is driven by an
  /// `Fisher/Optimizer` whose state (the model's archive included) it stores.
  public var surrogate: Surrogate
  /// The named variables the study searches (`study create --space`), whose
  /// points workers get as JSON objects; nil for ℝⁿ.
  public var space: SearchSpace?

  /// The most evaluations one round of a generation may request (λ times the
  /// evaluations per candidate); more would be a mistake rather than a plan.
  public static let maximumEvaluationsPerRound = 1_000_000

  public init(
    budget: Int, bounds: BoxBounds? = nil, leaseDuration: Double = 60, maxAttempts: Int = 3,
    options: [String: String] = [:], noise: NoiseHandling = .none, recommendation: Recommendation? = nil,
    constraints: StudyConstraints? = nil, surrogate: Surrogate = .none, space: SearchSpace? = nil
  ) {
    self.surrogate = surrogate
    self.space = space
    self.budget = budget
    self.bounds = bounds
    self.leaseDuration = leaseDuration
    self.maxAttempts = maxAttempts
    self.options = options
    self.noise = noise
    self.recommendation = recommendation
    self.constraints = constraints
  }

  enum CodingKeys: String, CodingKey {
    case budget, bounds, leaseDuration, maxAttempts, options, noise, recommendation, constraints, surrogate, space
  }

  /// Decodes stored settings; those of a study created before noise handling,
  /// constraints, surrogates or search spaces existed have none.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      budget: try c.decode(Int.self, forKey: .budget), bounds: try c.decodeIfPresent(BoxBounds.self, forKey: .bounds),
      leaseDuration: try c.decode(Double.self, forKey: .leaseDuration),
      maxAttempts: try c.decode(Int.self, forKey: .maxAttempts),
      options: try c.decodeIfPresent([String: String].self, forKey: .options) ?? [:],
      noise: try c.decodeIfPresent(NoiseHandling.self, forKey: .noise) ?? NoiseHandling.none,
      recommendation: try c.decodeIfPresent(Recommendation.self, forKey: .recommendation),
      constraints: try c.decodeIfPresent(StudyConstraints.self, forKey: .constraints),
      surrogate: try c.decodeIfPresent(Surrogate.self, forKey: .surrogate) ?? .none,
      space: try c.decodeIfPresent(SearchSpace.self, forKey: .space))
  }

  /// The point the study reports: ``recommendation``, or the noise handling's default.
  public var effectiveRecommendation: Recommendation { recommendation ?? noise.defaultRecommendation }

  /// Whether the study is driven by an `Optimizer` (its stored states are
  /// `Optimizer` states) rather than by the bare strategy.
  var drivenByOptimizer: Bool { noise != .none || constraints != nil || surrogate != .none }

  /// - Throws: `FisherError/invalidParameter(name:reason:)` for a non-positive
  ///   budget or attempt count, or a lease that is not a positive number of
  ///   seconds up to ``CheckedConversion/maximumSeconds``.
  public func validate(dimension: Int) throws {
    guard budget > 0 else { throw FisherError.invalidParameter(name: "budget", reason: "must be positive, got \(budget)") }
    _ = try lease
    guard maxAttempts > 0 else {
      throw FisherError.invalidParameter(name: "max-attempts", reason: "must be positive, got \(maxAttempts)")
    }
    if let b = bounds, b.dimension != dimension {
      throw FisherError.dimensionMismatch("bounds of dimension \(b.dimension) for a strategy of dimension \(dimension)")
    }
    if case .uncertainty(let u) = noise {
      // The parameters are public variables: check them as the initializer does.
      _ = try UncertaintyHandling(
        reevaluations: u.reevaluations, minEvaluations: u.minEvaluations, maxEvaluations: u.maxEvaluations,
        theta: u.theta, cumulation: u.cumulation, sigmaFactor: u.sigmaFactor)
    }
    if let c = constraints { try c.validate(noise: noise, recommendation: recommendation) }
    if surrogate != .none {
      guard noise == .none, constraints == nil else {
        throw FisherError.invalidParameter(
          name: "surrogate", reason: "a surrogate does not combine with noise handling or constraints")
      }
    }
  }

  /// ``validate(dimension:)``, and that the noise handling suits `strategy`:
  /// uncertainty handling needs a step size to scale, and a round of a
  /// generation may request at most ``maximumEvaluationsPerRound`` evaluations.
  ///
  /// - Throws: `FisherError/invalidParameter(name:reason:)` naming what is wrong.
  public func validate<S: Strategy>(strategy: S) throws {
    try validate(dimension: strategy.dimension)
    let perCandidate: Int
    switch noise {
    case .none:
      perCandidate = 1
    case .resampling(let r):
      perCandidate = r.count
    case .uncertainty(let u):
      perCandidate = u.maxEvaluations
      var probe = strategy
      try probe.scaleStepSize(by: 1)
    }
    if surrogate != .none {
      var probe = strategy
      do {
        try probe.inject([])
      } catch FisherError.invalidParameter(_, let reason) {
        throw FisherError.invalidParameter(name: "surrogate", reason: "lq-CMA-ES injects the model's optimum, but \(reason)")
      }
    }
    let (perRound, overflow) = strategy.populationSize.multipliedReportingOverflow(by: perCandidate)
    guard !overflow, perRound <= Self.maximumEvaluationsPerRound else {
      throw FisherError.invalidParameter(
        name: "noise",
        reason: "\(noise.description) with λ = \(strategy.populationSize) asks up to \(strategy.populationSize) × \(perCandidate) evaluations per round; at most \(Self.maximumEvaluationsPerRound) are allowed")
    }
  }

  /// ``leaseDuration`` as a `Duration`.
  ///
  /// - Throws: `FisherError/invalidParameter(name:reason:)` when it is not a
  ///   positive number of seconds up to ``CheckedConversion/maximumSeconds``.
  public var lease: Duration {
    get throws { try CheckedConversion.duration(leaseDuration, "lease") }
  }

  /// The settings that differ between `self` and `other`, as `name: a ≠ b`.
  func differences(from other: StudySettings) -> [String] {
    var d: [String] = []
    if budget != other.budget { d.append("budget: \(other.budget) ≠ \(budget)") }
    if bounds != other.bounds { d.append("bounds: \(Self.show(other.bounds)) ≠ \(Self.show(bounds))") }
    if leaseDuration != other.leaseDuration { d.append("lease: \(other.leaseDuration) ≠ \(leaseDuration)") }
    if maxAttempts != other.maxAttempts { d.append("max-attempts: \(other.maxAttempts) ≠ \(maxAttempts)") }
    if noise != other.noise {
      let (a, b) = (Self.show(other.noise), Self.show(noise))
      d.append(a == b ? "noise: \(a) with other parameters" : "noise: \(a) ≠ \(b)")
    }
    if constraints != other.constraints {
      d.append("constraints: \(StudyConstraints.show(other.constraints)) ≠ \(StudyConstraints.show(constraints))")
    }
    if surrogate != other.surrogate { d.append("surrogate: \(other.surrogate) ≠ \(surrogate)") }
    if space != other.space { d.append("space: the search spaces differ") }
    if effectiveRecommendation != other.effectiveRecommendation {
      d.append("recommendation: \(other.effectiveRecommendation.rawValue) ≠ \(effectiveRecommendation.rawValue)")
    }
    for key in Set(options.keys).union(other.options.keys).sorted() where options[key] != other.options[key] {
      d.append("\(key): \(other.options[key] ?? "unset") ≠ \(options[key] ?? "unset")")
    }
    return d
  }

  /// The noise handling's CLI name, with uncertainty handling's limits when
  /// they are not the defaults (two settings may differ only there).
  private static func show(_ n: NoiseHandling) -> String {
    guard case .uncertainty(let u) = n else { return n.description }
    return u.maxEvaluations == 1 ? "uh" : "uh:\(u.maxEvaluations)"
  }

  private static func show(_ b: BoxBounds?) -> String {
    guard let b else { return "none" }
    return "[\(b.lower.map { "\($0)" }.joined(separator: ","))]..[\(b.upper.map { "\($0)" }.joined(separator: ","))]"
  }
}
