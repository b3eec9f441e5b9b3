#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// The gradient step of ``OpenAIES``.
public enum GradientStepRule: Sendable, Codable, Hashable {
  /// Plain SGD with momentum: v ← μ v + (1 − μ) g, θ ← θ − η v (momentum 0 is plain SGD).
  case sgd(learningRate: Double, momentum: Double)
  /// Adam (Kingma & Ba 2015) with bias correction, as in the reference code:
  /// a = η √(1 − β₂ᵗ)/(1 − β₁ᵗ), m ← β₁ m + (1 − β₁) g, v ← β₂ v + (1 − β₂) g²,
  /// θ ← θ − a m / (√v + ε).
  case adam(learningRate: Double, beta1: Double, beta2: Double, epsilon: Double)

  /// Adam with the reference code's constants: η = 0.01, β₁ = 0.99, β₂ = 0.999, ε = 10⁻⁸.
  public static let defaultAdam = GradientStepRule.adam(learningRate: 0.01, beta1: 0.99, beta2: 0.999, epsilon: 1e-8)
}

/// Settings of ``OpenAIES``.
public struct OpenAIESOptions: Sendable, Codable, Hashable {
  public var step: GradientStepRule
  /// L2 coefficient c: the gradient gets c θ added (weight decay; 0 leaves the optimum unbiased).
  public var weightDecay: Double
  /// σ ← max(σ · decay, minimumSigma) after every generation (1 keeps σ fixed).
  public var sigmaDecay: Double
  /// The floor of a decaying σ; must be positive when `sigmaDecay` < 1.
  public var minimumSigma: Double

  public init(
    step: GradientStepRule = .defaultAdam, weightDecay: Double = 0,
    sigmaDecay: Double = 1, minimumSigma: Double = 0
  ) {
    self.step = step
    self.weightDecay = weightDecay
    self.sigmaDecay = sigmaDecay
    self.minimumSigma = minimumSigma
  }
}

/// The evolution strategy of Salimans, Ho, Chen, Sidor & Sutskever (2017),
/// "Evolution Strategies as a Scalable Alternative to Reinforcement Learning".
///
/// The search distribution is N(θ, σ²I) with σ fixed (or slowly decayed). The
/// population is mirrored: for pairs p = 0…λ/2−1 it samples εₚ ∼ N(0, I) and asks
/// θ + σεₚ (row 2p) and θ − σεₚ (row 2p+1). The fitness values are replaced by
/// centered ranks uᵢ ∈ [−½, ½] (``FitnessShaping/centeredRanks(_:)``; best −½),
/// and the search gradient of E[f] is estimated as
///
///     g = (1/(λσ)) Σᵢ uᵢ dᵢ + c θ,      dᵢ = ±εₚ the row's direction,
///
/// with c the weight decay; θ then takes an Adam (default) or SGD step along −g.
/// Defaults follow the reference code: Adam with η = 0.01, β₁ = 0.99,
/// β₂ = 0.999; λ = 4 + ⌊3 ln n⌋ rounded up to even; no weight decay (the
/// reference used 0.005 for policy weights, which biases a static optimum).
public struct OpenAIES: Strategy {
  public static let name = "openai-es"

  public let dimension: Int
  public let populationSize: Int
  public let options: OpenAIESOptions
  public let streams: RandomStreams
  public private(set) var generation: Int
  /// θ, the center of the search distribution.
  public private(set) var mean: [Double]
  /// σ, the fixed (or decayed) noise scale.
  public private(set) var stepSize: Double
  /// The optimizer's first and second moment estimates (v unused for SGD).
  public private(set) var firstMoment: [Double]
  public private(set) var secondMoment: [Double]

  /// - Throws: ``FisherError`` for an empty or non-finite mean, σ ≤ 0, an odd
  ///   or too small λ, or options outside their ranges.
  public init(
    mean: [Double], sigma: Double, populationSize: Int? = nil, seed: UInt64,
    options: OpenAIESOptions = .init()
  ) throws {
    try StrategyArguments.check(mean: mean, sigma: sigma)
    let n = mean.count
    let d = StrategyArguments.defaultPopulationSize(dimension: n)
    let lambda = try StrategyArguments.populationSize(populationSize, default: d + d % 2, minimum: 2)
    try StrategyArguments.checkMemory("OpenAI-ES", dimension: mean.count, populationSize: lambda, squareMatrices: 0)
    guard lambda % 2 == 0 else {
      throw FisherError.invalidParameter(name: "populationSize", reason: "must be even for mirrored sampling, got \(lambda)")
    }
    switch options.step {
    case .sgd(let eta, let momentum):
      try StrategyArguments.check(eta, "learningRate", greaterThan: 0)
      try StrategyArguments.check(momentum, "momentum", in: 0...0.999_999)
    case .adam(let eta, let b1, let b2, let eps):
      try StrategyArguments.check(eta, "learningRate", greaterThan: 0)
      try StrategyArguments.check(b1, "beta1", in: 0...0.999_999)
      try StrategyArguments.check(b2, "beta2", in: 0...0.999_999)
      try StrategyArguments.check(eps, "epsilon", greaterThan: 0)
    }
    try StrategyArguments.check(options.weightDecay, "weightDecay", in: 0...Double.greatestFiniteMagnitude)
    try StrategyArguments.check(options.sigmaDecay, "sigmaDecay", greaterThan: 0)
    try StrategyArguments.check(options.sigmaDecay, "sigmaDecay", in: 0...1)
    try StrategyArguments.check(options.minimumSigma, "minimumSigma", in: 0...Double.greatestFiniteMagnitude)
    guard options.sigmaDecay == 1 || options.minimumSigma > 0 else {
      throw FisherError.invalidParameter(name: "minimumSigma", reason: "must be positive when sigmaDecay < 1")
    }
    self.dimension = n
    self.populationSize = lambda
    self.options = options
    self.streams = RandomStreams(seed: seed)
    self.generation = 0
    self.mean = mean
    self.stepSize = sigma
    self.firstMoment = [Double](repeating: 0, count: n)
    self.secondMoment = [Double](repeating: 0, count: n)
  }


  /// σ in every coordinate: the candidates are θ ± σε with ε ~ N(0, I).
  public var coordinateStandardDeviations: [Double] { [Double](repeating: stepSize, count: dimension) }

  /// Mirrored pairs θ ± σεₚ; εₚ comes from stream p of the current generation.
  public func ask() -> Population {
    let n = dimension
    let half = _standardNormalRows(streams, generation: generation, count: populationSize / 2, dimension: n)
    var z = Matrix(_rows: populationSize, columns: n)
    var x = Matrix(_rows: populationSize, columns: n)
    for p in 0..<(populationSize / 2) {
      for j in 0..<n {
        let e = half[p, j]
        z[2 * p, j] = e
        z[2 * p + 1, j] = -e
        x[2 * p, j] = mean[j] + stepSize * e
        x[2 * p + 1, j] = mean[j] - stepSize * e
      }
    }
    return Population(generation: generation, candidates: x, directions: z)
  }

  /// The search-gradient estimate g = (1/(λσ)) Σ uᵢ dᵢ + c θ for centered ranks uᵢ.
  public func gradient(_ population: Population, fitness: [Double]) throws -> [Double] {
    try validateTell(population, fitness: fitness)
    let d = try checkedDirections(population)
    let u = FitnessShaping.centeredRanks(fitness)
    let n = dimension
    var g = [Double](repeating: 0, count: n)
    for i in 0..<populationSize where u[i] != 0 {
      for j in 0..<n { g[j] += u[i] * d[i, j] }
    }
    let scale = 1 / (Double(populationSize) * stepSize)
    for j in 0..<n { g[j] = g[j] * scale + options.weightDecay * mean[j] }
    return g
  }

  /// One optimizer step along −g, then σ decay.
  public mutating func tell(_ population: Population, fitness: [Double]) throws {
    let g = try gradient(population, fitness: fitness)
    let n = dimension
    switch options.step {
    case .sgd(let eta, let momentum):
      for j in 0..<n {
        firstMoment[j] = momentum * firstMoment[j] + (1 - momentum) * g[j]
        mean[j] -= eta * firstMoment[j]
      }
    case .adam(let eta, let b1, let b2, let eps):
      let t = Double(generation + 1)
      let a = eta * (1 - pow(b2, t)).squareRoot() / (1 - pow(b1, t))
      for j in 0..<n {
        firstMoment[j] = b1 * firstMoment[j] + (1 - b1) * g[j]
        secondMoment[j] = b2 * secondMoment[j] + (1 - b2) * g[j] * g[j]
        mean[j] -= a * firstMoment[j] / (secondMoment[j].squareRoot() + eps)
      }
    }
    stepSize = Swift.max(stepSize * options.sigmaDecay, options.minimumSigma)
    generation += 1
  }
}

extension OpenAIES {
  /// The checkpoint keys; the step size is stored as `sigma`.
  enum CodingKeys: String, CodingKey {
    case dimension, populationSize, options, streams, generation, mean
    case stepSize = "sigma"
    case firstMoment, secondMoment
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    dimension = try c.decode(Int.self, forKey: .dimension)
    populationSize = try c.decode(Int.self, forKey: .populationSize)
    options = try c.decode(OpenAIESOptions.self, forKey: .options)
    streams = try c.decode(RandomStreams.self, forKey: .streams)
    generation = try c.decode(Int.self, forKey: .generation)
    mean = try c.decode([Double].self, forKey: .mean)
    stepSize = try c.decode(Double.self, forKey: .stepSize)
    firstMoment = try c.decode([Double].self, forKey: .firstMoment)
    secondMoment = try c.decode([Double].self, forKey: .secondMoment)
    try StrategyArguments.require(
      dimension >= 1 && populationSize >= 2 && populationSize % 2 == 0 && generation >= 0, "sizes")
    try StrategyArguments.checkMemory("OpenAI-ES", dimension: dimension, populationSize: populationSize, squareMatrices: 0)
    try StrategyArguments.require(
      mean.count == dimension && firstMoment.count == dimension && secondMoment.count == dimension, "vector lengths")
    try StrategyArguments.require(
      (mean + firstMoment + secondMoment).allSatisfy(\.isFinite) && secondMoment.allSatisfy { $0 >= 0 }, "state not finite")
    try StrategyArguments.require(stepSize.isFinite && stepSize > 0, "sigma")
  }
}

extension OpenAIES {
  /// Multiplies the perturbation scale σ by `factor`.
  public mutating func scaleStepSize(by factor: Double) throws {
    try validateStepSizeFactor(factor)
    stepSize *= factor
  }
}
