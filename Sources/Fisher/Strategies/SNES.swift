#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// Settings of ``SNES``; `nil` rates mean the published defaults.
public struct SNESOptions: Sendable, Codable, Hashable {
  /// η_μ, the learning rate of the mean (default 1).
  public var meanLearningRate: Double
  /// η_σ, the learning rate of the log standard deviations (default (3 + ln n)/(5√n)).
  public var sigmaLearningRate: Double?
  /// Stop (`tolx`) when every σᵢ is below this.
  public var tolX: Double
  /// Stop (`conditioncov`) when (max σᵢ / min σᵢ)² exceeds this.
  public var maxCondition: Double

  public init(
    meanLearningRate: Double = 1, sigmaLearningRate: Double? = nil,
    tolX: Double = 1e-12, maxCondition: Double = 1e14
  ) {
    self.meanLearningRate = meanLearningRate
    self.sigmaLearningRate = sigmaLearningRate
    self.tolX = tolX
    self.maxCondition = maxCondition
  }
}

/// Separable natural evolution strategies (Schaul, Glasmachers & Schmidhuber 2011;
/// Wierstra et al., JMLR 2014, Algorithm 6).
///
/// The search distribution is a diagonal Gaussian N(μ, diag(σ)²). With zₖ ∼ N(0, I),
/// xₖ = μ + σ ⊙ zₖ and the NES utilities uₖ of the ranks (``FitnessShaping/nesUtilities(count:)``),
/// the natural gradients in the local coordinates are
///
///     ∇_μ = Σₖ uₖ zₖ,        ∇_σ = Σₖ uₖ (zₖ² − 1),
///
/// and the update is
///
///     μ ← μ + η_μ σ ⊙ ∇_μ,   σ ← σ ⊙ exp(η_σ/2 · ∇_σ),
///
/// with η_μ = 1, η_σ = (3 + ln n)/(5√n) and λ = 4 + ⌊3 ln n⌋ by default. The cost
/// per generation is O(λ n), so SNES suits large n on separable problems.
public struct SNES: Strategy {
  public static let name = "snes"

  public let dimension: Int
  public let populationSize: Int
  public let options: SNESOptions
  /// The random streams the candidates are drawn from.
  public let streams: RandomStreams
  /// η_μ and η_σ after defaults are resolved.
  public let meanLearningRate: Double
  public let sigmaLearningRate: Double
  public private(set) var generation: Int
  public private(set) var mean: [Double]
  /// The per-coordinate standard deviations σᵢ.
  public private(set) var sigmas: [Double]

  /// - Throws: ``FisherError`` for an empty or non-finite mean, σ ≤ 0, λ < 2, or invalid options.
  public init(
    mean: [Double], sigma: Double, populationSize: Int? = nil, seed: UInt64,
    options: SNESOptions = .init()
  ) throws {
    try StrategyArguments.check(mean: mean, sigma: sigma)
    let n = mean.count
    self.populationSize = try StrategyArguments.populationSize(
      populationSize, default: StrategyArguments.defaultPopulationSize(dimension: n), minimum: 2)
    try StrategyArguments.checkMemory("SNES", dimension: n, populationSize: self.populationSize, squareMatrices: 0)
    try StrategyArguments.check(options.meanLearningRate, "meanLearningRate", greaterThan: 0)
    let eta = options.sigmaLearningRate ?? (3 + log(Double(n))) / (5 * Double(n).squareRoot())
    try StrategyArguments.check(eta, "sigmaLearningRate", greaterThan: 0)
    try StrategyArguments.check(options.tolX, "tolX", in: 0...Double.greatestFiniteMagnitude)
    try StrategyArguments.check(options.maxCondition, "maxCondition", greaterThan: 1)
    self.dimension = n
    self.options = options
    self.streams = RandomStreams(seed: seed)
    self.meanLearningRate = options.meanLearningRate
    self.sigmaLearningRate = eta
    self.generation = 0
    self.mean = mean
    self.sigmas = [Double](repeating: sigma, count: n)
  }

  /// The σᵢ themselves: SNES's distribution is N(μ, diag σ²).
  public var coordinateStandardDeviations: [Double] { sigmas }

  /// The geometric mean of the σᵢ (the σ of the isotropic Gaussian of equal volume).
  public var stepSize: Double {
    exp(sigmas.reduce(0) { $0 + log($1) } / Double(dimension))
  }

  /// (max σᵢ / min σᵢ)², the condition number of diag(σ)².
  public var conditionNumber: Double {
    let r = sigmas.max()! / sigmas.min()!
    return r * r
  }

  public var stopReason: StopReason? {
    if sigmas.allSatisfy({ $0 < options.tolX }) { return .strategy("tolx") }
    if conditionNumber > options.maxCondition { return .strategy("conditioncov") }
    return nil
  }

  /// xₖ = μ + σ ⊙ zₖ with zₖ from the streams of the current generation.
  ///
  /// - Complexity: O(λ n).
  public func ask() -> Population {
    let z = _standardNormalRows(streams, generation: generation, count: populationSize, dimension: dimension)
    var x = z
    let n = dimension
    x.elements.withUnsafeMutableBufferPointer { xv in
      for k in 0..<populationSize {
        for j in 0..<n { xv[k * n + j] = mean[j] + sigmas[j] * xv[k * n + j] }
      }
    }
    return Population(generation: generation, candidates: x, directions: z)
  }

  /// The SNES update; see the type's documentation.
  ///
  /// - Complexity: O(λ n + λ log λ).
  public mutating func tell(_ population: Population, fitness: [Double]) throws {
    try validateTell(population, fitness: fitness)
    let z = try checkedDirections(population)
    let u = FitnessShaping.nesUtilities(fitness)
    let n = dimension
    var gMean = [Double](repeating: 0, count: n)
    var gSigma = [Double](repeating: 0, count: n)
    z.elements.withUnsafeBufferPointer { zv in
      for k in 0..<populationSize where u[k] != 0 {
        for j in 0..<n {
          let zj = zv[k * n + j]
          gMean[j] += u[k] * zj
          gSigma[j] += u[k] * (zj * zj - 1)
        }
      }
    }
    for j in 0..<n {
      mean[j] += meanLearningRate * sigmas[j] * gMean[j]
      sigmas[j] *= exp(0.5 * sigmaLearningRate * gSigma[j])
    }
    generation += 1
  }
}

extension SNES {
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    dimension = try c.decode(Int.self, forKey: .dimension)
    populationSize = try c.decode(Int.self, forKey: .populationSize)
    options = try c.decode(SNESOptions.self, forKey: .options)
    streams = try c.decode(RandomStreams.self, forKey: .streams)
    meanLearningRate = try c.decode(Double.self, forKey: .meanLearningRate)
    sigmaLearningRate = try c.decode(Double.self, forKey: .sigmaLearningRate)
    generation = try c.decode(Int.self, forKey: .generation)
    mean = try c.decode([Double].self, forKey: .mean)
    sigmas = try c.decode([Double].self, forKey: .sigmas)
    try StrategyArguments.require(dimension >= 1 && populationSize >= 2 && generation >= 0, "sizes")
    try StrategyArguments.checkMemory("SNES", dimension: dimension, populationSize: populationSize, squareMatrices: 0)
    try StrategyArguments.require(mean.count == dimension && sigmas.count == dimension, "vector lengths")
    try StrategyArguments.require(mean.allSatisfy(\.isFinite), "mean not finite")
    try StrategyArguments.require(sigmas.allSatisfy { $0.isFinite && $0 > 0 }, "sigmas not positive")
    try StrategyArguments.require(meanLearningRate > 0 && sigmaLearningRate > 0, "learning rates")
  }
}

extension SNES {
  /// Multiplies every coordinate's σᵢ by `factor`.
  public mutating func scaleStepSize(by factor: Double) throws {
    try validateStepSizeFactor(factor)
    for j in sigmas.indices { sigmas[j] *= factor }
  }
}
