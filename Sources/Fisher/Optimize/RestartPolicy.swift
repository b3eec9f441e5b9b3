#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// How a run continues when its strategy stops before the budget is spent.
///
/// - `none`: no restart; the run ends with the strategy's reason.
/// - `independent`: restart with the first run's population size and step size.
/// - `ipop`: restart with the population size doubled each time
///   (Auger and Hansen, CEC 2005).
/// - `bipop`: BIPOP-CMA-ES (Hansen, GECCO BBOB workshop 2009) as pycma's
///   `fmin(..., bipop=True)` runs it. Two regimes: the *large* one doubles λ
///   at each of its restarts (⌊2λ₀⌋, ⌊4λ₀⌋, …) with the initial σ₀; the
///   *small* one draws λₛ = ⌊λ₀ 2^{k U²}⌋, where k is the number of large
///   restarts so far, and σ = σ₀ · 10^{−2U'} (U, U' ~ U(0, 1)), and
///   gives the run at most ½ Σ(large evaluations)/λₛ generations. A restart
///   is small while the small regime has spent fewer evaluations than the
///   large one. The first run (λ_def, σ₀) counts toward the small regime, so
///   the first restart is large. λ₀ is λ_def before rounding, 4 + 3 ln n, when
///   λ_def is that default (pycma multiplies its unrounded default: 17, 35, 70
///   at n = 5, not 16, 32, 64), and λ_def otherwise.
/// - `nbipop`: NBIPOP-aCMA-ES (Loshchilov, Schoenauer and Sebag, PPSN 2012;
///   Loshchilov, CEC 2013). The large regime is NIPOP: λ doubles and σ₀ is
///   divided by ρ_σdec = 1.6 at each of its restarts; the small regime keeps
///   λ_def and draws σ = σ₀ · 10^{−2U}, with the same generation cap as
///   BIPOP's. The regime that found the best solution so far may spend
///   ρ_budget = 2 times the other's evaluations. The active covariance update
///   is CMA-ES's default.
///
/// Restarts begin from the initial mean, or from a point drawn uniformly in the
/// box when the run has bounds (as COCO's example experiment does).
public enum RestartPolicy: String, Sendable, Codable, CaseIterable {
  case none
  case independent
  case ipop
  case bipop
  case nbipop
}

/// What the driver asks a strategy factory for at a restart.
public struct RestartRequest: Sendable, Hashable {
  /// 1 for the first restart, 2 for the second, …
  public let index: Int
  /// The population size to use.
  public let populationSize: Int
  /// The initial step size.
  public let sigma: Double
  /// The initial mean.
  public let mean: [Double]
  /// The seed of the restarted strategy (derived from the run's seed and `index`).
  public let seed: UInt64
  /// Whether the restart belongs to the small-population regime of BIPOP or NBIPOP.
  public let isSmall: Bool
  /// The most generations the restarted strategy may run (BIPOP's and
  /// NBIPOP's small runs); nil for no limit. The driver enforces it.
  public let maxGenerations: Int?

  public init(
    index: Int, populationSize: Int, sigma: Double, mean: [Double], seed: UInt64, isSmall: Bool = false,
    maxGenerations: Int? = nil
  ) {
    self.index = index
    self.populationSize = populationSize
    self.sigma = sigma
    self.mean = mean
    self.seed = seed
    self.isSmall = isSmall
    self.maxGenerations = maxGenerations
  }
}

/// The bookkeeping of IPOP, BIPOP and NBIPOP: which population size and step
/// size the next restart gets.
///
/// The driver (``Optimizer``) keeps one per run; a runner of its own (such as
/// the bbob experiment runner) uses it the same way: ``record(evaluations:best:)``
/// after every generation or run, ``next(bounds:)`` when the strategy stops.
public struct RestartSchedule: Sendable, Codable, Hashable {
  /// NIPOP's step-size divisor at each large restart (Loshchilov et al. 2012).
  public static let nbipopSigmaDecrease = 1.6
  /// NBIPOP's budget ratio in favour of the regime that found the best solution.
  public static let nbipopBudgetRatio = 2

  public private(set) var policy: RestartPolicy
  /// λ_def, the population size of the first run.
  public private(set) var defaultPopulationSize: Int
  /// λ₀, what restarts multiply: 4 + 3 ln n when ``defaultPopulationSize`` is
  /// CMA-ES's default ⌊4 + 3 ln n⌋ for the dimension of the initial mean, as
  /// pycma multiplies its unrounded default; λ_def otherwise.
  public private(set) var populationBase: Double
  public private(set) var initialSigma: Double
  public private(set) var initialMean: [Double]
  public private(set) var seed: UInt64
  /// Restarts handed out so far.
  public private(set) var restarts = 0
  /// Restarts of the large regime handed out so far (every restart under
  /// `independent` and `ipop`).
  public private(set) var largeRestarts = 0
  var largeEvaluations = 0
  var smallEvaluations = 0
  /// Whether the running start belongs to the small regime; the first run does.
  var currentIsSmall: Bool
  /// Generations recorded since the running start began.
  public private(set) var runGenerations = 0
  /// The running start's generation limit, if it has one.
  public private(set) var runMaxGenerations: Int?
  /// The best value recorded so far and whether the small regime found it.
  var bestValue: Double?
  var bestFoundBySmall = true
  /// How many large restarts to hand out at most; small ones do not count.
  public private(set) var maxRestarts: Int

  /// - Parameters:
  ///   - policy: independent restarts, IPOP, BIPOP, NBIPOP, or `none` (no restarts).
  ///   - defaultPopulationSize: λ_def, the population size of the first run.
  ///   - initialSigma: the step size of the first run.
  ///   - initialMean: where restarts begin when ``next(bounds:)`` gets no bounds.
  ///   - seed: the seed of the restarts' random draws (BIPOP's U, uniform means, seeds).
  ///   - maxRestarts: how many restarts to hand out at most; under BIPOP and
  ///     NBIPOP only large ones count (as pycma's `maxrestarts`).
  ///   - multipliesUnroundedDefault: whether λ₀ is the unrounded default
  ///     when λ_def is its rounding (pycma's `fmin`); false multiplies λ_def
  ///     itself, as pycma's `fmin_lq_surr2` doubles its integer population.
  public init(
    policy: RestartPolicy, defaultPopulationSize: Int, initialSigma: Double, initialMean: [Double], seed: UInt64,
    maxRestarts: Int = .max, multipliesUnroundedDefault: Bool = true
  ) {
    self.policy = policy
    self.defaultPopulationSize = defaultPopulationSize
    populationBase = multipliesUnroundedDefault
      ? Self.populationBase(defaultPopulationSize, dimension: initialMean.count) : Double(defaultPopulationSize)
    self.initialSigma = initialSigma
    self.initialMean = initialMean
    self.seed = seed
    self.maxRestarts = maxRestarts
    currentIsSmall = policy == .bipop || policy == .nbipop
  }

  /// λ₀ for a first run of `populationSize` candidates in `dimension`
  /// coordinates: the unrounded 4 + 3 ln n when `populationSize` is its
  /// rounding, `populationSize` otherwise.
  static func populationBase(_ populationSize: Int, dimension n: Int) -> Double {
    guard n >= 1 else { return Double(populationSize) }
    let unrounded = 4 + 3 * log(Double(n))
    return Int(unrounded) == populationSize ? unrounded : Double(populationSize)
  }

  enum CodingKeys: String, CodingKey {
    case populationBase
    case policy, defaultPopulationSize, initialSigma, initialMean, seed, restarts, largeRestarts
    case largeEvaluations, smallEvaluations, currentIsSmall, runGenerations, runMaxGenerations
    case bestValue, bestFoundBySmall, maxRestarts
  }

  /// Decodes a schedule; one saved before NBIPOP existed has no run
  /// generation count and no best value, and one saved before λ₀ was kept
  /// multiplies λ_def (each restarts as it would have).
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    policy = try c.decode(RestartPolicy.self, forKey: .policy)
    defaultPopulationSize = try c.decode(Int.self, forKey: .defaultPopulationSize)
    initialSigma = try c.decode(Double.self, forKey: .initialSigma)
    initialMean = try c.decode([Double].self, forKey: .initialMean)
    seed = try c.decode(UInt64.self, forKey: .seed)
    restarts = try c.decode(Int.self, forKey: .restarts)
    largeRestarts = try c.decode(Int.self, forKey: .largeRestarts)
    largeEvaluations = try c.decode(Int.self, forKey: .largeEvaluations)
    smallEvaluations = try c.decode(Int.self, forKey: .smallEvaluations)
    currentIsSmall = try c.decode(Bool.self, forKey: .currentIsSmall)
    runGenerations = try c.decodeIfPresent(Int.self, forKey: .runGenerations) ?? 0
    runMaxGenerations = try c.decodeIfPresent(Int.self, forKey: .runMaxGenerations)
    bestValue = try c.decodeIfPresent(Double.self, forKey: .bestValue)
    bestFoundBySmall = try c.decodeIfPresent(Bool.self, forKey: .bestFoundBySmall) ?? true
    maxRestarts = try c.decode(Int.self, forKey: .maxRestarts)
    populationBase = try c.decodeIfPresent(Double.self, forKey: .populationBase) ?? Double(defaultPopulationSize)
    guard defaultPopulationSize >= 1, populationBase.isFinite, populationBase >= Double(defaultPopulationSize),
      populationBase < Double(defaultPopulationSize + 1), restarts >= 0, largeRestarts >= 0, largeEvaluations >= 0,
      smallEvaluations >= 0, runGenerations >= 0, maxRestarts >= 0, runMaxGenerations.map({ $0 >= 1 }) ?? true,
      initialSigma.isFinite, initialSigma > 0
    else {
      throw FisherError.malformedInput("a restart schedule has negative counts or an invalid step size")
    }
  }

  /// Counts `evaluations` toward the regime (large or small) that is running,
  /// and one generation of the running start. `best`, the best value the run
  /// has seen so far, tells NBIPOP which regime found the best solution.
  ///
  /// The driver calls it after each generation; a runner that calls it once
  /// per start enforces ``RestartRequest/maxGenerations`` itself.
  public mutating func record(evaluations: Int, best: Double? = nil) {
    if currentIsSmall { smallEvaluations += evaluations } else { largeEvaluations += evaluations }
    runGenerations += 1
    if let b = best, b < bestValue ?? .infinity {
      bestValue = b
      bestFoundBySmall = currentIsSmall
    }
  }

  /// Whether the running start has used the generations its request allowed.
  public var runIsOverItsLimit: Bool {
    runMaxGenerations.map { runGenerations >= $0 } ?? false
  }

  /// Whether the next restart belongs to the small regime.
  var nextIsSmall: Bool {
    switch policy {
    case .bipop:
      return smallEvaluations < Swift.max(1, largeEvaluations)
    case .nbipop:
      // Run the regime that has used less of its allowance; the regime that
      // found the best solution is allowed ρ_budget times the other's.
      let ratio = Self.nbipopBudgetRatio
      let large = Swift.max(1, largeEvaluations)
      return bestFoundBySmall
        ? smallEvaluations < large.multipliedReportingOverflow(by: ratio).partialValue
        : smallEvaluations.multipliedReportingOverflow(by: ratio).partialValue < large
    case .none, .independent, .ipop:
      return false
    }
  }

  /// The next restart's request, or nil when restarts are off or used up.
  /// With `bounds`, the restart's mean is drawn uniformly in the box.
  public mutating func next(bounds: BoxBounds?) -> RestartRequest? {
    guard policy != .none else { return nil }
    let small = nextIsSmall
    guard small || largeRestarts < maxRestarts else { return nil }
    restarts += 1
    let streams = RandomStreams(seed: seed)
    var rng = streams.generator(domain: 0xB1_B0B, generation: restarts)
    let u = rng.nextUniform()
    var lambda = defaultPopulationSize
    var sigma = initialSigma
    var maxGenerations: Int?
    if small {
      if policy == .bipop {
        let exponent = Double(Swift.min(largeRestarts, 20)) * u * u
        let drawn = (populationBase * pow(2, exponent)).rounded(.down)
        lambda = Swift.max(defaultPopulationSize, Int(drawn))
      }
      sigma = initialSigma * pow(10, -2 * rng.nextUniform())
      maxGenerations = Swift.max(1, Int((0.5 * Double(largeEvaluations) / Double(lambda)).rounded(.up)))
    } else {
      largeRestarts += 1
      if policy != .independent {
        let multiplier = Double(1 << Swift.min(largeRestarts, 20))
        lambda = Swift.max(defaultPopulationSize, Int((populationBase * multiplier).rounded(.down)))
      }
      if policy == .nbipop {
        sigma = initialSigma / pow(Self.nbipopSigmaDecrease, Double(largeRestarts))
      }
    }
    currentIsSmall = small
    runGenerations = 0
    runMaxGenerations = maxGenerations
    var mean = initialMean
    if let b = bounds {
      mean = (0..<b.dimension).map { b.lower[$0] + (b.upper[$0] - b.lower[$0]) * rng.nextUniform() }
    }
    return RestartRequest(
      index: restarts, populationSize: lambda, sigma: sigma, mean: mean, seed: streams.child(restarts).seed,
      isSmall: small, maxGenerations: maxGenerations)
  }
}
