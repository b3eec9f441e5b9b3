import Foundation

/// A strategy the experiment runs: a name and a factory from (mean, σ, seed,
/// population size — nil for the strategy's default).
///
/// The strategy's settings are the factory's: it builds the strategy with them
/// at every start, restarts included. A noise handling that lives inside the
/// strategy (such as learning-rate adaptation of CMA-ES) is one of those
/// settings; the design names it in ``BBOBExperiment/strategyNoiseHandling``
/// so that a resumed experiment and its reports know of it.
public struct BBOBStrategyEntry: Sendable {
  public typealias Factory = @Sendable (
    _ mean: [Double], _ sigma: Double, _ seed: UInt64, _ populationSize: Int?
  ) throws -> any Strategy

  public var name: String
  public var make: Factory

  public init(name: String, make: @escaping Factory) {
    self.name = name
    self.make = make
  }
}

/// The design of a bbob, bbob-noisy or bbob-constrained experiment: which
/// strategies on which problems, with what budget and which noise or
/// constraint handling.
///
/// Every (strategy, function, dimension, instance) is one run with a budget of
/// `budgetMultiplier`·n evaluations, stopped early when f − f_opt ≤ 10⁻⁸. A run
/// starts at a uniform point of [−4, 4]ⁿ with σ = `initialSigma` (2, COCO's usual
/// choice for that box, unless set; on bbob-mixint, which is searched over the
/// normalized coordinates of ``BBOBMixintFunction/searchSpace``, a point of
/// [0.1, 0.9]ⁿ with σ/10) and, unless `restarts` is `.none`, restarts
/// from a new one whenever the strategy stops before the budget: with the default
/// population size and σ (`.independent`, the default), or with IPOP's doubled
/// population, or BIPOP's or NBIPOP's alternating regimes (`RestartPolicy`). Its seed is a hash of
/// (seed, strategy name, function, dimension, instance), so results do not depend
/// on the order in which runs execute or on the number of threads.
///
/// Each start runs under Fisher's driver (`Optimizer`, through its
/// `request()`/`tell` interface), which applies the design's ``noise``
/// handling: resampling or uncertainty handling evaluate candidates several
/// times, and every evaluation counts toward the budget. A run stops within a
/// generation as soon as the budget is spent or the target is reached, as a
/// COCO experiment does: no evaluation is made beyond the budget.
///
/// On bbob-noisy (``suite``), evaluation k of a run (0-based, over all its
/// starts, re-evaluations included) has the value cocoex gives the (k+1)-th
/// evaluation of a freshly constructed problem
/// (``BBOBNoisyFunction/value(at:evaluation:)``). The strategy sees only these
/// noisy values; the run is measured, as COCO measures the noisy suite, on the
/// noise-free values of the evaluated points: the target, the hitting times and
/// the COCO files, which hold noise-free values only, as cocoex's do
/// (``COCORunLogger``).
///
/// On bbob-constrained, a run starts at the problem's feasible initial solution
/// (``BBOBConstrainedFunction/initialSolution``, cocoex's
/// `initial_solution_proposal(0)`), and each restart at that point plus, in
/// each coordinate, the sum of two independent uniform variates on [−½, ½]
/// (the distribution of cocoex's later proposals, "around the feasible initial
/// solution ±1"), drawn from the run's random streams. Each start runs under
/// the driver with the strategy's ``constraintMethods`` (the augmented
/// Lagrangian or Deb's ranking). Every evaluated point costs, as COCO counts,
/// two evaluations: one of the m constraints (all at once), then one of f; the
/// budget, the evaluation counts and the hitting times count both, and a point
/// is evaluated only while both fit in the budget. The run is measured as COCO
/// decides success on that suite: by the best f − f_opt over feasible points
/// (``BBOBRunRecord/bestPrecision``; 1.8·10³⁰⁸ − f_opt while none was
/// feasible), and it stops once a feasible point is within 10⁻⁸ of f_opt.
/// The COCO files log what cocoex's logger logs (``COCORunLogger``), whose
/// indicator (f − f_opt)⁺ + Σ gᵢ⁺ also credits nearly feasible points.
public struct BBOBExperiment: Sendable, Codable, Hashable {
  /// The suite the functions belong to.
  public var suite: BBOBSuite = .bbob
  public var strategies: [String]
  public var functions: [Int]
  public var dimensions: [Int]
  public var instances: [Int]
  public var budgetMultiplier: Double
  public var seed: UInt64
  /// The final target precision; a run stops once f − f_opt ≤ it.
  public var finalTarget: Double = 1e-8
  /// The step size of every start (BIPOP's small regime draws below it).
  public var initialSigma: Double = 2
  /// How the population size and step size change from one restart to the next.
  public var restarts: RestartPolicy = .independent
  /// How the driver treats noisy values: every evaluation once (`.none`),
  /// resampling, or uncertainty handling.
  public var noise: NoiseHandling = .none
  /// Which point a start reports as its answer (``BBOBRunRecord/recommendedPrecision``).
  public var recommendation: Recommendation = .bestEvaluated
  /// The name of a noise handling inside the strategies (e.g. `lra`), which
  /// the strategy entries' factories apply; nil when there is none.
  public var strategyNoiseHandling: String?
  /// On bbob-constrained, how the constraint values steer each strategy, by
  /// strategy name (a strategy without an entry uses Deb's ranking); empty on
  /// the other suites.
  public var constraintMethods: [String: ConstraintMethod] = [:]
  /// A surrogate in every start (lq-CMA-ES), each start with a fresh model.
  public var surrogate: Surrogate = .none

  /// A design, checked.
  ///
  /// - Parameters:
  ///   - strategies: the names of the strategies, each once.
  ///   - functions: the function numbers, all of one suite.
  ///   - dimensions: the dimensions, each ≥ 2.
  ///   - instances: the instance numbers, in 1…100000.
  ///   - budgetMultiplier: B, for a budget of B·n evaluations per run.
  ///   - seed: the seed of the experiment, from which every run's seed is derived.
  ///   - restarts: how a run restarts when its strategy stops early.
  ///   - initialSigma: the step size of every start.
  ///   - suite: the suite of `functions`; nil to infer it (bbob-noisy when every
  ///     function is in 101…130, otherwise bbob).
  ///   - noise: the driver's noise handling of every start.
  ///   - recommendation: the point a start reports; nil for the noise
  ///     handling's default (the distribution mean under uncertainty handling).
  ///   - strategyNoiseHandling: the name of a noise handling the strategy
  ///     factories apply themselves, recorded in the design.
  ///   - constraintMethods: on bbob-constrained, the constraint handling of
  ///     each strategy, by name.
  ///   - surrogate: a surrogate in every start (not with noise handling or
  ///     on bbob-constrained).
  /// - Throws: `FisherError.invalidParameter` for an empty or repeated
  ///   strategy list, functions of both suites without a suite given, a
  ///   function outside the suite, a dimension below 2 (on bbob-constrained,
  ///   one not in 2, 3, 5, 10, 20, 40), an instance outside
  ///   1…100000, a budget below 1·n or a σ that is not
  ///   finite and positive; on bbob-constrained, for noise handling or the
  ///   distribution mean as recommendation; elsewhere, for constraint methods,
  ///   and constraint methods of strategies the design does not list.
  public init(
    strategies: [String], functions: [Int], dimensions: [Int], instances: [Int],
    budgetMultiplier: Double, seed: UInt64, restarts: RestartPolicy = .independent, initialSigma: Double = 2,
    suite: BBOBSuite? = nil, noise: NoiseHandling = .none, recommendation: Recommendation? = nil,
    strategyNoiseHandling: String? = nil, constraintMethods: [String: ConstraintMethod] = [:],
    surrogate: Surrogate = .none
  ) throws {
    guard !strategies.isEmpty else { throw FisherError.invalidParameter(name: "strategies", reason: "none given") }
    guard Set(strategies).count == strategies.count else {
      throw FisherError.invalidParameter(name: "strategies", reason: "a strategy is listed twice")
    }
    if suite == nil, functions.contains(where: BBOBSuite.bbob.functions.contains),
      functions.contains(where: BBOBSuite.bbobNoisy.functions.contains)
    {
      throw FisherError.invalidParameter(
        name: "functions",
        reason: "they mix bbob (1…24) and bbob-noisy (101…130) functions; each suite is an experiment of its own")
    }
    let suite = suite ?? BBOBSuite.inferred(from: functions)
    try suite.validate(functions: functions)
    for d in dimensions where d < 2 {
      throw FisherError.invalidParameter(name: "dimensions", reason: "\(d) is below 2")
    }
    for i in instances where !(1...100_000).contains(i) {
      throw FisherError.invalidParameter(name: "instances", reason: "\(i) is outside 1…100000")
    }
    guard !functions.isEmpty, !dimensions.isEmpty, !instances.isEmpty else {
      throw FisherError.invalidParameter(name: "experiment", reason: "no functions, dimensions or instances")
    }
    guard budgetMultiplier.isFinite, budgetMultiplier >= 1 else {
      throw FisherError.invalidParameter(name: "budget-multiplier", reason: "\(budgetMultiplier) must be ≥ 1")
    }
    for d in dimensions {
      _ = try CheckedConversion.integer(budgetMultiplier * Double(d), "budget-multiplier × dimension", in: 1...Int.max)
    }
    guard initialSigma.isFinite, initialSigma > 0 else {
      throw FisherError.invalidParameter(name: "sigma", reason: "\(initialSigma) must be finite and > 0")
    }
    if let name = strategyNoiseHandling, name.isEmpty {
      throw FisherError.invalidParameter(name: "noise", reason: "the strategies' noise handling has an empty name")
    }
    if let allowed = suite.dimensions {
      for d in dimensions where !allowed.contains(d) {
        throw FisherError.invalidParameter(
          name: "dimensions",
          reason: "\(d) is not a \(suite.rawValue) dimension (\(allowed.map(String.init).joined(separator: ", ")))")
      }
    }
    if suite.isConstrained {
      if noise != .none || strategyNoiseHandling != nil {
        throw FisherError.invalidParameter(
          name: "noise", reason: "bbob-constrained runs take no noise handling (\(strategyNoiseHandling ?? noise.description))")
      }
      if recommendation == .distributionMean {
        throw FisherError.invalidParameter(
          name: "recommendation", reason: "a run with constraints recommends its best feasible point, not the distribution mean")
      }
    } else if !constraintMethods.isEmpty {
      throw FisherError.invalidParameter(
        name: "constraint-method", reason: "\(suite.rawValue) has no constraints; constraint methods are for bbob-constrained")
    }
    if surrogate != .none, suite.isConstrained || noise != .none || strategyNoiseHandling != nil {
      throw FisherError.invalidParameter(
        name: "surrogate", reason: "a surrogate does not combine with noise handling or with bbob-constrained")
    }
    for name in constraintMethods.keys.sorted() where !strategies.contains(name) {
      throw FisherError.invalidParameter(name: "constraint-method", reason: "'\(name)' is not a strategy of the design")
    }
    self.suite = suite
    self.strategies = strategies
    self.functions = functions.sorted()
    self.dimensions = dimensions.sorted()
    self.instances = instances.sorted()
    self.budgetMultiplier = budgetMultiplier
    self.seed = seed
    self.restarts = restarts
    self.initialSigma = initialSigma
    self.noise = noise
    self.recommendation = recommendation ?? noise.defaultRecommendation
    self.strategyNoiseHandling = strategyNoiseHandling
    self.constraintMethods = constraintMethods
    self.surrogate = surrogate
  }

  enum CodingKeys: String, CodingKey {
    case suite, strategies, functions, dimensions, instances, budgetMultiplier, seed, finalTarget, initialSigma, restarts
    case noise, recommendation, strategyNoiseHandling, constraintMethods, surrogate
  }

  /// Decodes a design; one written before restart policies existed restarted
  /// independently and has `restarts` = `.independent`, and one written before
  /// suites and noise handling existed is a bbob design without noise handling.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    suite = try c.decodeIfPresent(BBOBSuite.self, forKey: .suite) ?? .bbob
    strategies = try c.decode([String].self, forKey: .strategies)
    functions = try c.decode([Int].self, forKey: .functions)
    dimensions = try c.decode([Int].self, forKey: .dimensions)
    instances = try c.decode([Int].self, forKey: .instances)
    budgetMultiplier = try c.decode(Double.self, forKey: .budgetMultiplier)
    seed = try c.decode(UInt64.self, forKey: .seed)
    finalTarget = try c.decode(Double.self, forKey: .finalTarget)
    initialSigma = try c.decode(Double.self, forKey: .initialSigma)
    restarts = try c.decodeIfPresent(RestartPolicy.self, forKey: .restarts) ?? .independent
    noise = try c.decodeIfPresent(NoiseHandling.self, forKey: .noise) ?? NoiseHandling.none
    recommendation = try c.decodeIfPresent(Recommendation.self, forKey: .recommendation) ?? noise.defaultRecommendation
    strategyNoiseHandling = try c.decodeIfPresent(String.self, forKey: .strategyNoiseHandling)
    constraintMethods = try c.decodeIfPresent([String: ConstraintMethod].self, forKey: .constraintMethods) ?? [:]
    surrogate = try c.decodeIfPresent(Surrogate.self, forKey: .surrogate) ?? .none
    do {
      try suite.validate(functions: functions)
    } catch let e as FisherError {
      throw DecodingError.dataCorruptedError(forKey: .functions, in: c, debugDescription: e.description)
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(suite, forKey: .suite)
    try c.encode(strategies, forKey: .strategies)
    try c.encode(functions, forKey: .functions)
    try c.encode(dimensions, forKey: .dimensions)
    try c.encode(instances, forKey: .instances)
    try c.encode(budgetMultiplier, forKey: .budgetMultiplier)
    try c.encode(seed, forKey: .seed)
    try c.encode(finalTarget, forKey: .finalTarget)
    try c.encode(initialSigma, forKey: .initialSigma)
    try c.encode(restarts, forKey: .restarts)
    try c.encode(noise, forKey: .noise)
    try c.encode(recommendation, forKey: .recommendation)
    try c.encodeIfPresent(strategyNoiseHandling, forKey: .strategyNoiseHandling)
    if !constraintMethods.isEmpty { try c.encode(constraintMethods, forKey: .constraintMethods) }
    if surrogate != .none { try c.encode(surrogate, forKey: .surrogate) }
  }

  /// The constraint handling of `strategy` on bbob-constrained (Deb's ranking
  /// when the design names none).
  public func constraintMethod(of strategy: String) -> ConstraintMethod {
    constraintMethods[strategy] ?? .feasibilityRanking
  }

  /// The noise handling as reports name it: the strategies' own (e.g. `lra`)
  /// or the driver's (`none`, `uh`, `resample:K`).
  public var noiseDescription: String {
    strategyNoiseHandling ?? noise.description
  }

  /// One run of the experiment.
  public struct Run: Sendable, Hashable {
    public var strategy: String
    public var function: Int
    public var dimension: Int
    public var instance: Int
  }

  /// All runs, largest dimensions first (so the slowest runs start early).
  public var runs: [Run] {
    var all: [Run] = []
    for d in dimensions.reversed() {
      for s in strategies {
        for f in functions {
          for i in instances { all.append(Run(strategy: s, function: f, dimension: d, instance: i)) }
        }
      }
    }
    return all
  }

  /// The evaluation budget of a run in dimension n.
  ///
  /// The initializer checks that this is an `Int` for every dimension of the
  /// experiment; for others it is clamped to `1...Int.max`.
  public func budget(dimension: Int) -> Int {
    (try? CheckedConversion.integer(budgetMultiplier * Double(dimension), "budget", in: 1...Int.max)) ?? Int.max
  }

  /// The seed of a run: SplitMix64 over (seed, FNV-1a(strategy), function, dimension, instance).
  public func seed(of run: Run) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in run.strategy.utf8 {
      h ^= UInt64(b)
      h = h &* 0x100_0000_01b3
    }
    var state = seed
    for v in [h, UInt64(run.function), UInt64(run.dimension), UInt64(run.instance)] {
      state ^= v
      var g = SplitMix64(seed: state)
      state = g.next()
    }
    return state
  }

  /// Runs `run` with `strategy` on one thread and returns its record.
  public func perform(_ run: Run, strategy entry: BBOBStrategyEntry) throws -> BBOBRunRecord {
    let problem = try BBOBRunProblem(suite: suite, run: run)
    let n = run.dimension
    let runSeed = seed(of: run)
    let streams = RandomStreams(seed: runSeed)
    var log = BBOBRunLog(
      dimension: n, optimalValue: problem.optimalValue, budget: budget(dimension: n), finalTarget: finalTarget,
      constrained: problem.constraintCount > 0)
    var restarts = 0
    var error: String?
    var recommended: [Double]?
    let clock = ContinuousClock()
    let start = clock.now
    // IPOP/BIPOP/NBIPOP bookkeeping, set up once the first strategy tells its default λ;
    // independent restarts draw their own start and pass no population size.
    var schedule: RestartSchedule?
    // bbob-mixint runs in search coordinates, each range normalized to [0, 1]: its continuous
    // block's [−5, 5] scaled by 1/10, so starts come from [0.1, 0.9] with σ₀/10.
    var isMixint = false
    if case .mixint = problem.function { isMixint = true }
    let box = isMixint
      ? try BoxBounds(lower: 0.1, upper: 0.9, dimension: n)
      : try BoxBounds(lower: [Double](repeating: -4, count: n), upper: [Double](repeating: 4, count: n))
    let startSigma = isMixint ? initialSigma / 10 : initialSigma
    while !log.isOver {
      let strategy: any Strategy
      let strategySeed: UInt64
      var maxGenerations: Int?
      do {
        if let request = schedule?.next(bounds: problem.initialSolution == nil ? box : nil) {
          strategySeed = request.seed
          maxGenerations = request.maxGenerations
          var mean = request.mean
          if let x0 = problem.initialSolution {
            var rng = streams.generator(generation: restarts, index: 0)
            mean = Self.restartProposal(around: x0, &rng)
          }
          strategy = try entry.make(mean, request.sigma, request.seed, request.populationSize)
        } else {
          var rng = streams.generator(generation: restarts, index: 0)
          let mean: [Double]
          if let x0 = problem.initialSolution {
            mean = restarts == 0 ? x0 : Self.restartProposal(around: x0, &rng)
          } else if isMixint {
            // Search coordinates: [0.1, 0.9] of each range is [−4, 4] of the continuous block.
            mean = (0..<n).map { _ in 0.1 + 0.8 * rng.nextUniform() }
          } else {
            mean = (0..<n).map { _ in -4 + 8 * rng.nextUniform() }
          }
          strategySeed = runSeed &+ UInt64(restarts)
          strategy = try entry.make(mean, startSigma, strategySeed, nil)
          if restarts == 0 && [.ipop, .bipop, .nbipop].contains(self.restarts) {
            schedule = RestartSchedule(
              policy: self.restarts, defaultPopulationSize: strategy.populationSize, initialSigma: startSigma,
              initialMean: mean, seed: runSeed, multipliesUnroundedDefault: surrogate == .none)
          }
        }
      } catch let e {
        error = "\(e)"
        break
      }
      let evaluationsBefore = log.evaluations
      if restarts > 0 { log.logger.signalRestart() }
      do {
        recommended = try runStart(
          strategy, seed: strategySeed, maxGenerations: maxGenerations, problem: problem,
          constraintMethod: constraintMethod(of: run.strategy), log: &log)
      } catch let e {
        // The driver refused the strategy (e.g. uncertainty handling without a step size).
        error = "\(e)"
        break
      }
      schedule?.record(evaluations: log.evaluations - evaluationsBefore, best: log.precision)
      restarts += 1
      if self.restarts == .none { break }
    }
    log.logger.finish()
    let precision = log.precision
    if log.trace.last.map({ Int($0[0]) }) != log.evaluations {
      log.trace.append([Double(log.evaluations), precision])
    }
    let d = clock.now - start
    return BBOBRunRecord(
      strategy: run.strategy, function: run.function, instance: run.instance, dimension: n, seed: runSeed,
      evaluations: log.evaluations, restarts: Swift.max(0, restarts - 1), bestPrecision: precision, hits: log.hits,
      trace: log.trace, seconds: Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18,
      error: error, infoEntry: log.logger.infoEntry(instance: run.instance), datLines: log.logger.datLines,
      tdatLines: log.logger.tdatLines, rdatLines: log.logger.rdatLines,
      recommendedPrecision: problem.constraintCount > 0
        ? nil : recommended.map { problem.noiseFreeValue($0) - problem.optimalValue })
  }

  /// A restart's mean on bbob-constrained: x0 plus, in each coordinate, the
  /// sum of two uniform variates on [−½, ½] (a triangular density on [−1, 1]).
  static func restartProposal(around x0: [Double], _ rng: inout Xoshiro256StarStar) -> [Double] {
    x0.map { $0 + rng.nextUniform() + rng.nextUniform() - 1 }
  }

  /// Runs one start of a run under Fisher's driver until the strategy stops
  /// (the driver restarts nothing itself) or the run is over, and returns the
  /// point the start recommends.
  ///
  /// The driver's requests are evaluated one point at a time and logged; the
  /// run ends within a request when the budget is spent or the target is
  /// reached, and that request is never told.
  ///
  /// On a problem with constraints, each point's constraints are evaluated,
  /// then its objective, and the start runs with `constraintMethod`.
  /// `maxGenerations` caps a small BIPOP/NBIPOP start.
  ///
  /// - Throws: `FisherError` when the driver does not take the strategy with
  ///   the design's noise or constraint handling.
  func runStart<S: Strategy>(
    _ strategy: S, seed: UInt64, maxGenerations: Int? = nil, problem: BBOBRunProblem,
    constraintMethod: ConstraintMethod, log: inout BBOBRunLog
  ) throws -> [Double] {
    let m = problem.constraintCount
    let handling = m > 0 ? try ConstraintHandling(constraintMethod, dimension: strategy.dimension, constraintCount: m) : nil
    var optimizer = try Optimizer(
      strategy: strategy, termination: Termination(maxGenerations: maxGenerations), seed: seed, noise: noise,
      recommendation: recommendation, constraints: handling, surrogate: surrogate)
    var outcomes: [EvaluationOutcome] = []
    var noiseFree: [Double] = []
    var rows: [[Double]] = []
    while optimizer.stopReason == nil {
      let request = optimizer.request()
      outcomes.removeAll(keepingCapacity: true)
      noiseFree.removeAll(keepingCapacity: true)
      rows.removeAll(keepingCapacity: true)
      for x in request.points {
        let g = problem.constraints(x)
        let (point, measured, clean) = problem.evaluate(x, evaluation: log.logger.evaluations)
        log.record(point, noiseFree: clean, constraints: g)
        outcomes.append(measured.isFinite ? .value(measured) : .failed("the value is \(measured)"))
        noiseFree.append(clean)
        if let g { rows.append(g) }
        if log.isOver { return optimizer.result.recommendedX }
      }
      do {
        try optimizer.tell(
          request, outcomes: outcomes, constraints: m > 0 ? rows : nil, noiseFree: problem.isNoisy ? noiseFree : nil)
      } catch {
        // The strategy refused the update: the start ends, as when it stops.
        break
      }
    }
    return optimizer.result.recommendedX
  }
}

/// The problem of one run, from any of the suites: the value the strategy
/// sees at evaluation k, the noise-free value the run is measured on, and the
/// constraint values.
struct BBOBRunProblem {
  enum Function {
    case noiseless(BBOBFunction)
    case noisy(BBOBNoisyFunction)
    case constrained(BBOBConstrainedFunction)
    /// Searched over its ``BBOBMixintFunction/searchSpace``: the strategy's
    /// points are search coordinates, decoded before evaluation.
    case mixint(BBOBMixintFunction, SearchSpace)
  }

  let function: Function

  init(suite: BBOBSuite, run: BBOBExperiment.Run) throws {
    switch suite {
    case .bbob:
      function = .noiseless(try BBOBFunction(function: run.function, instance: run.instance, dimension: run.dimension))
    case .bbobNoisy:
      function = .noisy(
        try BBOBNoisyFunction(function: run.function, instance: run.instance, dimension: run.dimension))
    case .bbobConstrained:
      function = .constrained(
        try BBOBConstrainedFunction(function: run.function, instance: run.instance, dimension: run.dimension))
    case .bbobMixint:
      let f = try BBOBMixintFunction(function: run.function, instance: run.instance, dimension: run.dimension)
      function = .mixint(f, f.searchSpace)
    }
  }

  /// The point of the function's own domain that the strategy's point `x`
  /// stands for: `x` itself, except on bbob-mixint.
  func functionPoint(_ x: [Double]) -> [Double] {
    guard case .mixint(_, let space) = function else { return x }
    return (try? space.decode(x)).map(BBOBMixintFunction.coordinates(of:)) ?? x.map { _ in .nan }
  }

  var optimalValue: Double {
    switch function {
    case .noiseless(let f): return f.optimalValue
    case .noisy(let f): return f.optimalValue
    case .constrained(let f): return f.optimalValue
    case .mixint(let f, _): return f.optimalValue
    }
  }

  /// m, the number of constraints (0 on bbob and bbob-noisy).
  var constraintCount: Int {
    if case .constrained(let f) = function { return f.constraintCount }
    return 0
  }

  /// The feasible point a run starts at, on bbob-constrained; nil elsewhere.
  var initialSolution: [Double]? {
    if case .constrained(let f) = function { return f.initialSolution }
    return nil
  }

  /// g(x), on bbob-constrained; nil elsewhere.
  func constraints(_ x: [Double]) -> [Double]? {
    if case .constrained(let f) = function { return f.constraints(x) }
    return nil
  }

  var isNoisy: Bool {
    if case .noisy = function { return true }
    return false
  }

  /// The point of the function's domain that the strategy's point x stands
  /// for (see ``functionPoint(_:)``), and the measured and the noise-free value
  /// of evaluation `k` (0-based) there.
  func evaluate(_ x: [Double], evaluation k: Int) -> (point: [Double], measured: Double, noiseFree: Double) {
    switch function {
    case .noiseless(let f):
      let y = f.evaluate(x)
      return (x, y, y)
    case .noisy(let f):
      return (x, f.value(at: x, evaluation: k), f.noiseFreeValue(x))
    case .constrained(let f):
      let y = f.evaluate(x)
      return (x, y, y)
    case .mixint(let f, _):
      let point = functionPoint(x)
      let y = f.evaluate(point)
      return (point, y, y)
    }
  }

  func noiseFreeValue(_ x: [Double]) -> Double {
    switch function {
    case .noiseless(let f): return f.evaluate(x)
    case .noisy(let f): return f.noiseFreeValue(x)
    case .constrained(let f): return f.evaluate(x)
    case .mixint(let f, _): return f.evaluate(functionPoint(x))
    }
  }
}

/// What a run records as it goes: the COCO log, the target hits and the trace,
/// all measured on noise-free values (with constraints, on feasible points
/// and f + g evaluations), and whether the run is over.
struct BBOBRunLog {
  var logger: COCORunLogger
  let budget: Int
  let finalTarget: Double
  /// Whether every point's constraints are evaluated (and counted) with it.
  let constrained: Bool
  /// The smallest f of a feasible point so far, with constraints.
  var bestFeasible = Double.greatestFiniteMagnitude
  var hits = [Int?](repeating: nil, count: BBOBTargets.precisions.count)
  var nextTarget = 0
  var trace: [[Double]] = []
  var lastTraced = 0

  init(dimension: Int, optimalValue: Double, budget: Int, finalTarget: Double, constrained: Bool = false) {
    logger = COCORunLogger(dimension: dimension, optimalValue: optimalValue)
    self.budget = budget
    self.finalTarget = finalTarget
    self.constrained = constrained
  }

  /// The evaluations so far, as COCO counts them: f evaluations, plus
  /// constraint evaluations with constraints.
  var evaluations: Int { logger.evaluations + logger.constraintEvaluations }

  /// The best noise-free f − f_opt so far; with constraints, over feasible points.
  var precision: Double {
    (constrained ? bestFeasible : logger.bestValue) - logger.optimalValue
  }

  /// Whether the budget cannot pay for another point (one evaluation, two
  /// with constraints) or the final target is reached.
  var isOver: Bool {
    evaluations + (constrained ? 2 : 1) > budget || (logger.evaluations > 0 && precision <= finalTarget)
  }

  /// Logs an evaluation by its noise-free value, as COCO's logger does on
  /// bbob-noisy (on bbob, the value); with constraints, `constraints` holds
  /// g(x), evaluated (and counted) just before f(x).
  mutating func record(_ x: [Double], noiseFree: Double, constraints: [Double]? = nil) {
    if let g = constraints {
      logger.log(x, noiseFree, constraints: g, constraintEvaluations: logger.constraintEvaluations + 1)
      if g.allSatisfy({ $0 <= 0 }) && noiseFree < bestFeasible { bestFeasible = noiseFree }
    } else {
      logger.log(x, noiseFree)
    }
    let p = precision
    while nextTarget < hits.count && p <= BBOBTargets.precisions[nextTarget] {
      hits[nextTarget] = evaluations
      nextTarget += 1
    }
    if logger.tdatLines.count > lastTraced {
      lastTraced = logger.tdatLines.count
      trace.append([Double(evaluations), p])
    }
  }
}
