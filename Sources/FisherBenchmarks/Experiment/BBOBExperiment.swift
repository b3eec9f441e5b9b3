import Foundation

/// A strategy the experiment runs: a name and a factory from (mean, σ, seed,
/// population size — nil for the strategy's default).
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

/// The design of a bbob experiment: which strategies on which problems, with what budget.
///
/// Every (strategy, function, dimension, instance) is one run with a budget of
/// `budgetMultiplier`·n evaluations, stopped early when f − f_opt ≤ 10⁻⁸. A run
/// starts at a uniform point of [−4, 4]ⁿ with σ = `initialSigma` (2, COCO's usual
/// choice for that box, unless set) and, unless `restarts` is `.none`, restarts
/// from a new one whenever the strategy stops before the budget: with the default
/// population size and σ (`.independent`, the default), or with IPOP's doubled
/// population or BIPOP's alternating regimes (`RestartPolicy`). Its seed is a hash of
/// (seed, strategy name, function, dimension, instance), so results do not depend
/// on the order in which runs execute or on the number of threads.
public struct BBOBExperiment: Sendable, Codable, Hashable {
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

  public init(
    strategies: [String], functions: [Int], dimensions: [Int], instances: [Int],
    budgetMultiplier: Double, seed: UInt64, restarts: RestartPolicy = .independent, initialSigma: Double = 2
  ) throws {
    guard !strategies.isEmpty else { throw FisherError.invalidParameter(name: "strategies", reason: "none given") }
    guard Set(strategies).count == strategies.count else {
      throw FisherError.invalidParameter(name: "strategies", reason: "a strategy is listed twice")
    }
    for f in functions where !(1...24).contains(f) {
      throw FisherError.invalidParameter(name: "functions", reason: "\(f) is not a bbob function (1…24)")
    }
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
    self.strategies = strategies
    self.functions = functions.sorted()
    self.dimensions = dimensions.sorted()
    self.instances = instances.sorted()
    self.budgetMultiplier = budgetMultiplier
    self.seed = seed
    self.restarts = restarts
    self.initialSigma = initialSigma
  }

  enum CodingKeys: String, CodingKey {
    case strategies, functions, dimensions, instances, budgetMultiplier, seed, finalTarget, initialSigma, restarts
  }

  /// Decodes a design; one written before restart policies existed restarted
  /// independently and has `restarts` = `.independent`.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    strategies = try c.decode([String].self, forKey: .strategies)
    functions = try c.decode([Int].self, forKey: .functions)
    dimensions = try c.decode([Int].self, forKey: .dimensions)
    instances = try c.decode([Int].self, forKey: .instances)
    budgetMultiplier = try c.decode(Double.self, forKey: .budgetMultiplier)
    seed = try c.decode(UInt64.self, forKey: .seed)
    finalTarget = try c.decode(Double.self, forKey: .finalTarget)
    initialSigma = try c.decode(Double.self, forKey: .initialSigma)
    restarts = try c.decodeIfPresent(RestartPolicy.self, forKey: .restarts) ?? .independent
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
    let f = try BBOBFunction(function: run.function, instance: run.instance, dimension: run.dimension)
    let n = run.dimension
    let budget = self.budget(dimension: n)
    let runSeed = seed(of: run)
    let streams = RandomStreams(seed: runSeed)
    let fopt = f.optimalValue
    var logger = COCORunLogger(dimension: n, optimalValue: fopt)
    var hits = [Int?](repeating: nil, count: BBOBTargets.precisions.count)
    var nextTarget = 0
    var trace: [[Double]] = []
    var lastTraced = 0
    var restarts = 0
    var error: String?
    let clock = ContinuousClock()
    let start = clock.now
    var done = false
    var point: [Double]
    // IPOP/BIPOP bookkeeping, set up once the first strategy tells its default λ;
    // independent restarts draw their own start and pass no population size.
    var schedule: RestartSchedule?
    let box = try BoxBounds(lower: [Double](repeating: -4, count: n), upper: [Double](repeating: 4, count: n))
    while !done && logger.evaluations < budget {
      var strategy: any Strategy
      do {
        if let request = schedule?.next(bounds: box) {
          strategy = try entry.make(request.mean, request.sigma, request.seed, request.populationSize)
        } else {
          var rng = streams.generator(generation: restarts, index: 0)
          let mean = (0..<n).map { _ in -4 + 8 * rng.nextUniform() }
          strategy = try entry.make(mean, initialSigma, runSeed &+ UInt64(restarts), nil)
          if restarts == 0 && (self.restarts == .ipop || self.restarts == .bipop) {
            schedule = RestartSchedule(
              policy: self.restarts, defaultPopulationSize: strategy.populationSize, initialSigma: initialSigma,
              initialMean: mean, seed: runSeed)
          }
        }
      } catch let e {
        error = "\(e)"
        break
      }
      let evaluationsBefore = logger.evaluations
      if restarts > 0 { logger.signalRestart() }
      generations: while true {
        let population = strategy.ask()
        var fitness = [Double](repeating: 0, count: population.count)
        for i in 0..<population.count {
          point = population[i]
          let y = f.evaluate(point)
          logger.log(point, y)
          fitness[i] = y.isNaN ? .infinity : y
          let precision = logger.bestValue - fopt
          while nextTarget < hits.count && precision <= BBOBTargets.precisions[nextTarget] {
            hits[nextTarget] = logger.evaluations
            nextTarget += 1
          }
          if logger.tdatLines.count > lastTraced {
            lastTraced = logger.tdatLines.count
            trace.append([Double(logger.evaluations), precision])
          }
          if precision <= finalTarget || logger.evaluations >= budget {
            done = true
            break generations
          }
        }
        do {
          try strategy.tell(population, fitness: fitness)
        } catch {
          break generations
        }
        if strategy.stopReason != nil { break generations }
      }
      schedule?.record(evaluations: logger.evaluations - evaluationsBefore)
      restarts += 1
      if self.restarts == .none { done = true }
    }
    logger.finish()
    let precision = logger.bestValue - fopt
    if trace.last.map({ Int($0[0]) }) != logger.evaluations {
      trace.append([Double(logger.evaluations), precision])
    }
    let d = clock.now - start
    return BBOBRunRecord(
      strategy: run.strategy, function: run.function, instance: run.instance, dimension: n, seed: runSeed,
      evaluations: logger.evaluations, restarts: Swift.max(0, restarts - 1), bestPrecision: precision, hits: hits,
      trace: trace, seconds: Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18,
      error: error, infoEntry: logger.infoEntry(instance: run.instance), datLines: logger.datLines,
      tdatLines: logger.tdatLines, rdatLines: logger.rdatLines)
  }
}
