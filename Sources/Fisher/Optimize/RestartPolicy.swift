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
/// - `bipop`: alternate between the IPOP regime and a regime of small
///   populations λₛ = ⌊λ_def (½ λ_large/λ_def)^{U²}⌋ with step size
///   σ₀ · 10^{−2U}, U ~ U(0, 1), always running the regime that has spent fewer
///   evaluations so far (Hansen, GECCO BBOB workshop 2009); the first run
///   counts toward the large regime.
///
/// Restarts begin from the initial mean, or from a point drawn uniformly in the
/// box when the run has bounds (as COCO's example experiment does).
public enum RestartPolicy: String, Sendable, Codable, CaseIterable {
  case none
  case independent
  case ipop
  case bipop
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
}

/// The bookkeeping of IPOP and BIPOP: which population size and step size the
/// next restart gets.
///
/// The driver (``Optimizer``) keeps one per run; a runner of its own (such as
/// the bbob experiment runner) uses it the same way: ``record(evaluations:)``
/// after every generation or run, ``next(bounds:)`` when the strategy stops.
public struct RestartSchedule: Sendable, Codable, Hashable {
  public private(set) var policy: RestartPolicy
  /// λ_def, the population size of the first run.
  public private(set) var defaultPopulationSize: Int
  public private(set) var initialSigma: Double
  public private(set) var initialMean: [Double]
  public private(set) var seed: UInt64
  /// Restarts handed out so far.
  public private(set) var restarts = 0
  var largeRestarts = 0
  var largeEvaluations = 0
  var smallEvaluations = 0
  var currentIsSmall = false
  public private(set) var maxRestarts: Int

  /// - Parameters:
  ///   - policy: independent restarts, IPOP, BIPOP, or `none` (no restarts).
  ///   - defaultPopulationSize: λ_def, the population size of the first run.
  ///   - initialSigma: the step size of the first run.
  ///   - initialMean: where restarts begin when ``next(bounds:)`` gets no bounds.
  ///   - seed: the seed of the restarts' random draws (BIPOP's U, uniform means, seeds).
  ///   - maxRestarts: how many restarts to hand out at most.
  public init(
    policy: RestartPolicy, defaultPopulationSize: Int, initialSigma: Double, initialMean: [Double], seed: UInt64,
    maxRestarts: Int = .max
  ) {
    self.policy = policy
    self.defaultPopulationSize = defaultPopulationSize
    self.initialSigma = initialSigma
    self.initialMean = initialMean
    self.seed = seed
    self.maxRestarts = maxRestarts
  }

  /// Counts `evaluations` toward the regime (large or small) that is running.
  public mutating func record(evaluations: Int) {
    if currentIsSmall { smallEvaluations += evaluations } else { largeEvaluations += evaluations }
  }

  /// The next restart's request, or nil when restarts are off or used up.
  /// With `bounds`, the restart's mean is drawn uniformly in the box.
  public mutating func next(bounds: BoxBounds?) -> RestartRequest? {
    guard policy != .none, restarts < maxRestarts else { return nil }
    restarts += 1
    let streams = RandomStreams(seed: seed)
    var rng = streams.generator(domain: 0xB1_B0B, generation: restarts)
    let u = rng.nextUniform()
    var lambda: Int
    var sigma = initialSigma
    if policy == .independent {
      lambda = defaultPopulationSize
    } else if policy == .bipop && largeRestarts > 0 && smallEvaluations < largeEvaluations {
      currentIsSmall = true
      let large = Double(defaultPopulationSize) * pow(2, Double(largeRestarts))
      lambda = Int((Double(defaultPopulationSize) * pow(0.5 * large / Double(defaultPopulationSize), u * u)).rounded(.down))
      lambda = Swift.max(lambda, defaultPopulationSize)
      sigma = initialSigma * pow(10, -2 * rng.nextUniform())
    } else {
      currentIsSmall = false
      largeRestarts += 1
      lambda = defaultPopulationSize << Swift.min(largeRestarts, 20)
    }
    var mean = initialMean
    if let b = bounds {
      mean = (0..<b.dimension).map { b.lower[$0] + (b.upper[$0] - b.lower[$0]) * rng.nextUniform() }
    }
    return RestartRequest(
      index: restarts, populationSize: lambda, sigma: sigma, mean: mean, seed: streams.child(restarts).seed)
  }
}
