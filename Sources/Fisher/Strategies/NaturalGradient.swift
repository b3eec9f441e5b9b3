#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// Natural-gradient descent on J(θ) = E_{p_θ}[f(x)] over a search distribution:
/// the update δθ = −α M⁻¹ ∇̂J of the seed document as an ask/tell strategy.
///
/// Each generation draws λ samples from p_θ, shapes their fitness
/// (``FitnessShaping/Method``), estimates ∇J = E[f ∇log p] by the score function
/// (``ScoreFunctionEstimator``), preconditions it with the metric of the chosen
/// ``Geometry`` and steps θ with a learning rate per parameter group: α_mean for
/// the mean (or the logits of a discrete family), α_shape for the scale and
/// shape parameters (log σ, log σᵢ, or the Cholesky factor).
///
/// With the natural geometry and NES utilities this is SNES for the diagonal
/// family and xNES (in the Cholesky chart instead of the exponential one) for the
/// full family; with the mean-only family it is the seed's update
/// m ← m − α E[f(x)(x − m)]. The defaults are xNES's: full family, natural
/// geometry, NES utilities, λ = 4 + ⌊3 ln n⌋, α_mean = 1, α_shape the NES rates
/// (see ``LearningRates/defaults(family:dimension:)``). At n = 10 from m = 3·1,
/// σ = 1 they reach 10⁻⁸ on sphere in ≈ 6 300 evaluations, on the 10⁶-conditioned
/// ellipsoid in ≈ 9 100 and on Rosenbrock (from 0) in ≈ 10 000 when they do not
/// stop at its local minimum near (−1, 1, …, 1). The diagonal family (SNES) is
/// faster on separable problems (≈ 1 900 and 2 800) but does not solve Rosenbrock.
///
///     var s = try NaturalGradient(mean: [3, 3, 3], sigma: 1, seed: 7)
///     while s.stopReason == nil && s.generation < 1000 {
///       let p = s.ask()
///       try s.tell(p, fitness: (0..<p.count).map { sphere(p[$0]) })
///     }
///
/// Randomness: candidate i of generation g comes from
/// `RandomStreams(seed:).generator(generation: g, index: i)` (for mirrored
/// sampling, candidates 2k and 2k+1 share stream k and are m ± A z).
public struct NaturalGradient: Strategy {
  public static let name = "natural-gradient"

  /// The search distribution's family.
  public enum Family: String, Sendable, Codable, Hashable, CaseIterable {
    /// N(m, σ²I) with σ fixed: θ = m (``GaussianMean``).
    case meanOnly = "mean-only"
    /// N(m, σ²I): θ = (m, log σ) (``IsotropicGaussian``).
    case isotropic
    /// N(m, diag σ²): θ = (m, log σ) (``DiagonalGaussian``).
    case diagonal
    /// N(m, LLᵀ): θ = (m, L with log diagonal) (``FullGaussian``).
    case full
    /// Independent Bernoullis on {0, 1}ⁿ: θ = logits (``BernoulliProduct``).
    case bernoulli
    /// Independent categoricals: θ = logits against category 0 (``CategoricalProduct``).
    case categorical

    /// Looks a family up by its CLI name.
    public init(name: String) throws {
      guard let f = Family(rawValue: name) else {
        throw FisherError.unknownName(kind: "family", name: name, known: Self.allCases.map(\.rawValue))
      }
      self = f
    }

    /// Whether samples are continuous vectors (the Gaussian families).
    public var isGaussian: Bool { self != .bernoulli && self != .categorical }
  }

  /// Learning rates per parameter group.
  public struct LearningRates: Sendable, Codable, Hashable {
    /// α for the mean of a Gaussian, or for the logits of a discrete family.
    public var mean: Double
    /// α for the scale and shape parameters (unused by mean-only and discrete families).
    public var shape: Double

    public init(mean: Double, shape: Double) {
      self.mean = mean
      self.shape = shape
    }

    /// The defaults, which make the natural geometry with NES utilities the
    /// published NES algorithms where one exists:
    ///
    /// | family | mean | shape |
    /// |---|---|---|
    /// | mean-only | 1 | — |
    /// | isotropic | 1 | 2(3 + ln n)/(5√n) |
    /// | diagonal | 1 | (3 + ln n)/(5√n) (SNES) |
    /// | full | 1 | 3(3 + ln n)/(5 n√n) (xNES) |
    /// | bernoulli, categorical | 0.1 | — |
    ///
    /// The isotropic family's single log σ pools the evidence of all n coordinates,
    /// so it tolerates twice the SNES rate (sphere, n = 10: ≈ 1 050 evaluations to
    /// 10⁻⁸ against ≈ 1 900 for the diagonal family). For the full family 1.5× the
    /// xNES rate is ≈ 30 % faster at n = 10 and 2.5× is unstable; we keep xNES's.
    public static func defaults(family: Family, dimension n: Int) -> LearningRates {
      let d = Double(Swift.max(n, 1))
      switch family {
      case .meanOnly: return LearningRates(mean: 1, shape: 0)
      case .isotropic: return LearningRates(mean: 1, shape: 2 * (3 + log(d)) / (5 * d.squareRoot()))
      case .diagonal: return LearningRates(mean: 1, shape: (3 + log(d)) / (5 * d.squareRoot()))
      case .full: return LearningRates(mean: 1, shape: 3 * (3 + log(d)) / (5 * d * d.squareRoot()))
      case .bernoulli, .categorical: return LearningRates(mean: 0.1, shape: 0)
      }
    }
  }

  /// The current member of the family, whichever it is.
  public enum Distribution: Sendable, Codable {
    case meanOnly(GaussianMean)
    case isotropic(IsotropicGaussian)
    case diagonal(DiagonalGaussian)
    case full(FullGaussian)
    case bernoulli(BernoulliProduct)
    case categorical(CategoricalProduct)

    /// The member as a protocol value.
    public var searchDistribution: any SearchDistribution {
      switch self {
      case .meanOnly(let d): return d
      case .isotropic(let d): return d
      case .diagonal(let d): return d
      case .full(let d): return d
      case .bernoulli(let d): return d
      case .categorical(let d): return d
      }
    }

    /// The member as a Gaussian, for the Gaussian families.
    public var gaussian: (any GaussianSearchDistribution)? {
      switch self {
      case .meanOnly(let d): return d
      case .isotropic(let d): return d
      case .diagonal(let d): return d
      case .full(let d): return d
      case .bernoulli, .categorical: return nil
      }
    }

    var family: Family {
      switch self {
      case .meanOnly: return .meanOnly
      case .isotropic: return .isotropic
      case .diagonal: return .diagonal
      case .full: return .full
      case .bernoulli: return .bernoulli
      case .categorical: return .categorical
      }
    }
  }

  public let dimension: Int
  public let populationSize: Int
  public let family: Family
  public let geometry: Geometry
  public let learningRates: LearningRates
  public let shaping: FitnessShaping.Method
  /// Whether candidates come in mirrored pairs m ± A z (Gaussian families only).
  public let mirrored: Bool
  /// The relative damping of the empirical-Fisher and Newton metrics.
  public let damping: Double
  /// Stop (`tolx`) when every standard deviation of a Gaussian family is below this.
  public let tolX: Double
  /// Stop (`conditioncov`) when the condition number of Σ exceeds this.
  public let maxCondition: Double
  public let streams: RandomStreams
  public private(set) var generation: Int
  /// p_θ, the current search distribution.
  public private(set) var distribution: Distribution
  /// The geometry the last update used (differs from ``geometry`` after a fallback).
  public private(set) var lastGeometry: Geometry?
  /// Set when an update produced parameters outside the family; the state is
  /// then the last valid one.
  public private(set) var numericalFailure: Bool

  /// A Gaussian natural-gradient strategy starting at N(mean, sigma² I).
  ///
  /// - Parameters:
  ///   - mean: the initial mean m.
  ///   - sigma: the initial standard deviation σ of every coordinate.
  ///   - populationSize: λ ≥ 2 (default 4 + ⌊3 ln n⌋, rounded up to even when mirrored).
  ///   - seed: the seed of the random streams.
  ///   - family: a Gaussian family; for the discrete ones use
  ///     ``init(bernoulli:populationSize:seed:geometry:learningRate:shaping:damping:)`` or
  ///     ``init(categorical:populationSize:seed:geometry:learningRate:shaping:damping:)``.
  ///   - geometry: the metric M of the step δθ = −α M⁻¹ ∇J.
  ///   - learningRates: `nil` for ``LearningRates/defaults(family:dimension:)``.
  ///   - shaping: how fitness values become the weights of the gradient estimate.
  ///   - mirrored: sample in pairs m ± A z.
  ///   - damping: relative damping of the empirical-Fisher and Newton metrics, ≥ 0.
  ///   - tolX: stop when every standard deviation is below this.
  ///   - maxCondition: stop when the condition number of Σ exceeds this.
  /// - Throws: ``FisherError`` for an empty or non-finite mean, σ ≤ 0, λ < 2,
  ///   a discrete family, or learning rates that are not positive and finite.
  public init(
    mean: [Double], sigma: Double, populationSize: Int? = nil, seed: UInt64,
    family: Family = .full, geometry: Geometry = .natural, learningRates: LearningRates? = nil,
    shaping: FitnessShaping.Method = .nesUtilities, mirrored: Bool = false,
    damping: Double = 1e-4, tolX: Double = 1e-12, maxCondition: Double = 1e14
  ) throws {
    try StrategyArguments.check(mean: mean, sigma: sigma)
    let d: Distribution
    switch family {
    case .meanOnly: d = .meanOnly(try GaussianMean(mean: mean, sigma: sigma))
    case .isotropic: d = .isotropic(try IsotropicGaussian(mean: mean, sigma: sigma))
    case .diagonal: d = .diagonal(try DiagonalGaussian(mean: mean, sigmas: [Double](repeating: sigma, count: mean.count)))
    case .full: d = .full(try FullGaussian(mean: mean, sigma: sigma))
    case .bernoulli, .categorical:
      throw FisherError.invalidParameter(
        name: "family", reason: "\(family.rawValue) has no mean and sigma; use init(bernoulli:) or init(categorical:)")
    }
    try self.init(
      distribution: d, populationSize: populationSize, seed: seed, geometry: geometry,
      learningRates: learningRates, shaping: shaping, mirrored: mirrored, damping: damping, tolX: tolX,
      maxCondition: maxCondition)
  }

  /// A natural-gradient strategy over {0, 1}ⁿ starting at `bernoulli`.
  public init(
    bernoulli: BernoulliProduct, populationSize: Int? = nil, seed: UInt64, geometry: Geometry = .natural,
    learningRate: Double? = nil, shaping: FitnessShaping.Method = .nesUtilities, damping: Double = 1e-4
  ) throws {
    try self.init(
      distribution: .bernoulli(bernoulli), populationSize: populationSize, seed: seed, geometry: geometry,
      learningRates: learningRate.map { LearningRates(mean: $0, shape: 0) }, shaping: shaping,
      mirrored: false, damping: damping, tolX: 0)
  }

  /// A natural-gradient strategy over products of categories starting at `categorical`.
  public init(
    categorical: CategoricalProduct, populationSize: Int? = nil, seed: UInt64, geometry: Geometry = .natural,
    learningRate: Double? = nil, shaping: FitnessShaping.Method = .nesUtilities, damping: Double = 1e-4
  ) throws {
    try self.init(
      distribution: .categorical(categorical), populationSize: populationSize, seed: seed, geometry: geometry,
      learningRates: learningRate.map { LearningRates(mean: $0, shape: 0) }, shaping: shaping,
      mirrored: false, damping: damping, tolX: 0)
  }

  /// A strategy starting at any member `distribution`.
  public init(
    distribution: Distribution, populationSize: Int? = nil, seed: UInt64, geometry: Geometry = .natural,
    learningRates: LearningRates? = nil, shaping: FitnessShaping.Method = .nesUtilities,
    mirrored: Bool = false, damping: Double = 1e-4, tolX: Double = 1e-12, maxCondition: Double = 1e14
  ) throws {
    let family = distribution.family
    let n = distribution.searchDistribution.dimension
    if mirrored && !family.isGaussian {
      throw FisherError.invalidParameter(name: "mirrored", reason: "mirrored sampling needs a Gaussian family, not \(family.rawValue)")
    }
    var lambda = try StrategyArguments.populationSize(
      populationSize, default: StrategyArguments.defaultPopulationSize(dimension: n), minimum: 2)
    if mirrored && populationSize == nil && lambda % 2 == 1 { lambda += 1 }
    try Self.checkMemory(distribution: distribution, populationSize: lambda, geometry: geometry)
    let rates = learningRates ?? .defaults(family: family, dimension: n)
    try StrategyArguments.check(rates.mean, "learning rate (mean)", greaterThan: 0)
    if family != .meanOnly && family.isGaussian {
      try StrategyArguments.check(rates.shape, "learning rate (shape)", greaterThan: 0)
    } else {
      try StrategyArguments.check(rates.shape, "learning rate (shape)", in: 0...Double.greatestFiniteMagnitude)
    }
    try StrategyArguments.check(damping, "damping", in: 0...Double.greatestFiniteMagnitude)
    try StrategyArguments.check(tolX, "tolX", in: 0...Double.greatestFiniteMagnitude)
    try StrategyArguments.check(maxCondition, "maxCondition", greaterThan: 1)
    self.dimension = n
    self.populationSize = lambda
    self.family = family
    self.geometry = geometry
    self.learningRates = rates
    self.shaping = shaping
    self.mirrored = mirrored
    self.damping = damping
    self.tolX = tolX
    self.maxCondition = maxCondition
    self.streams = RandomStreams(seed: seed)
    self.generation = 0
    self.distribution = distribution
    self.lastGeometry = nil
    self.numericalFailure = false
  }

  // MARK: Strategy

  /// The mean of a Gaussian family; the success probabilities of a Bernoulli
  /// family; the most probable category of each variable of a categorical family.
  public var mean: [Double] {
    switch distribution {
    case .meanOnly(let d): return d.mean
    case .isotropic(let d): return d.mean
    case .diagonal(let d): return d.mean
    case .full(let d): return d.mean
    case .bernoulli(let d): return d.probabilities
    case .categorical(let d):
      return d.probabilities.map { p in Double(p.indices.max { p[$0] < p[$1] } ?? 0) }
    }
  }

  /// σ for the isotropic family; (det Σ)^{1/2n}, the σ of the isotropic Gaussian of
  /// equal volume, for the other Gaussians; the largest per-variable standard
  /// deviation √(p(1 − p)) (Bernoulli) or √(1 − Σₖ pₖ²) (categorical) otherwise.
  public var stepSize: Double {
    switch distribution {
    case .meanOnly(let d): return exp(logDeterminant(d.covariance) / Double(2 * dimension))
    case .isotropic(let d): return d.sigma
    case .diagonal(let d): return exp(d.logSigmas.reduce(0, +) / Double(dimension))
    case .full(let d): return exp((0..<dimension).reduce(0) { $0 + log(d.lower[$1, $1]) } / Double(dimension))
    case .bernoulli(let d): return d.probabilities.map { ($0 * (1 - $0)).squareRoot() }.max() ?? 0
    case .categorical(let d): return d.probabilities.map { (1 - $0.reduce(0) { $0 + $1 * $1 }).squareRoot() }.max() ?? 0
    }
  }

  /// The standard deviation of each coordinate: √Σᵢᵢ for the Gaussian
  /// families (σ for the isotropic one, σᵢ for the diagonal one, the norm of
  /// row i of L for the full one); √(p(1 − p)) for a Bernoulli variable; for a
  /// categorical variable √(1 − Σₖ pₖ²), the same per-variable spread as
  /// ``stepSize`` (its index has no scale of its own: the categories are unordered).
  ///
  /// - Complexity: O(n²) for the full family, O(n) (times the categories) otherwise.
  public var coordinateStandardDeviations: [Double] {
    switch distribution {
    case .meanOnly(let d): return d.covariance.diagonalEntries.map { Swift.max(0, $0).squareRoot() }
    case .isotropic(let d): return [Double](repeating: d.sigma, count: dimension)
    case .diagonal(let d): return d.sigmas
    case .full(let d):
      return (0..<dimension).map { i in (0...i).reduce(0) { $0 + d.lower[i, $1] * d.lower[i, $1] }.squareRoot() }
    case .bernoulli(let d): return d.probabilities.map { ($0 * (1 - $0)).squareRoot() }
    case .categorical(let d):
      return d.probabilities.map { p in Swift.max(0, 1 - p.reduce(0) { $0 + $1 * $1 }).squareRoot() }
    }
  }

  /// The condition number of Σ (1 for the isotropic and discrete families).
  public var conditionNumber: Double {
    switch distribution {
    case .meanOnly(let d): return covarianceConditionNumber(d.covariance)
    case .isotropic, .bernoulli, .categorical: return 1
    case .diagonal(let d):
      let r = exp(d.logSigmas.max()! - d.logSigmas.min()!)
      return r * r
    case .full(let d): return covarianceConditionNumber(d.covariance)
    }
  }

  /// `numerics` after a failed update; for the adaptive Gaussian families `tolx`
  /// when every standard deviation is below ``tolX`` and `conditioncov` when the
  /// condition number of Σ exceeds ``maxCondition``.
  public var stopReason: StopReason? {
    if numericalFailure { return .strategy("numerics") }
    if let g = distribution.gaussian, family != .meanOnly, let c = try? g.covariance {
      if (0..<dimension).allSatisfy({ c[$0, $0].squareRoot() < tolX }) { return .strategy("tolx") }
      if conditionNumber > maxCondition { return .strategy("conditioncov") }
    }
    return nil
  }

  /// The candidates of the current generation.
  ///
  /// Gaussian families: x = m + A z with z the standard normal row of the
  /// sample's stream (``Population/directions`` holds z). Discrete families:
  /// each sample from its own stream; `directions` is empty.
  ///
  /// - Complexity: O(λ n) (O(λ n²) for the mean-only and full families).
  public func ask() -> Population {
    let n = dimension, lambda = populationSize
    if let g = distribution.gaussian {
      let pairs = mirrored ? (lambda + 1) / 2 : lambda
      let base = _standardNormalRows(streams, generation: generation, count: pairs, dimension: n)
      var z = Matrix(_rows: lambda, columns: n)
      for i in 0..<lambda {
        let source = mirrored ? i / 2 : i
        let sign: Double = mirrored && i % 2 == 1 ? -1 : 1
        for j in 0..<n { z.elements[i * n + j] = sign * base.elements[source * n + j] }
      }
      var x = Matrix(_rows: lambda, columns: n)
      for i in 0..<lambda { x._setRow(i, g.transform(z._row(i))) }
      return Population(generation: generation, candidates: x, directions: z)
    }
    let d = distribution.searchDistribution
    var x = Matrix(_rows: lambda, columns: n)
    for i in 0..<lambda {
      var rng = streams.generator(generation: generation, index: i)
      x._setRow(i, d.sample(using: &rng))
    }
    return Population(generation: generation, candidates: x, directions: Matrix(_rows: 0, columns: n))
  }

  /// One step θ ← θ − α M⁻¹ ∇̂J from the fitness of the current population.
  ///
  /// `+infinity` (a failed evaluation) ranks worst (see ``FitnessShaping/Method``).
  ///
  /// - Throws: ``FisherError`` when the population is not this generation's, the
  ///   fitness count is wrong, a fitness is NaN, or a candidate is outside the
  ///   family's support; the state is unchanged then.
  public mutating func tell(_ population: Population, fitness: [Double]) throws {
    try validateTell(population, fitness: fitness)
    let shaped = FitnessShaping.shaped(fitness, method: shaping)
    let next: Distribution?
    let used: Geometry?
    switch distribution {
    case .meanOnly(let d): (next, used) = try update(d, population.candidates, shaped, wrap: Distribution.meanOnly)
    case .isotropic(let d): (next, used) = try update(d, population.candidates, shaped, wrap: Distribution.isotropic)
    case .diagonal(let d): (next, used) = try update(d, population.candidates, shaped, wrap: Distribution.diagonal)
    case .full(let d): (next, used) = try update(d, population.candidates, shaped, wrap: Distribution.full)
    case .bernoulli(let d): (next, used) = try update(d, population.candidates, shaped, wrap: Distribution.bernoulli)
    case .categorical(let d): (next, used) = try update(d, population.candidates, shaped, wrap: Distribution.categorical)
    }
    if let next { distribution = next } else { numericalFailure = true }
    lastGeometry = used
    generation += 1
  }

  /// The step for one family; nil when the new θ is outside the family.
  /// Throws only for candidates outside the support (before any state changes).
  private func update<D: SearchDistribution>(
    _ d: D, _ candidates: Matrix, _ shaped: [Double], wrap: (D) -> Distribution
  ) throws -> (Distribution?, Geometry?) {
    let estimator = try ScoreFunctionEstimator(distribution: d, samples: candidates)
    guard let step = try? geometry.step(
      estimator: estimator, shapedFitness: shaped, learningRates: learningRateVector(d)
    ) else { return (nil, nil) }
    guard step.direction.allSatisfy(\.isFinite), let moved = try? d.moved(by: step.direction) else {
      return (nil, step.geometry)
    }
    return (wrap(moved), step.geometry)
  }

  /// α per entry of θ: the mean rate for the first n (all, for discrete and
  /// mean-only families), the shape rate for the rest.
  private func learningRateVector(_ d: some SearchDistribution) -> [Double] {
    let split = family.isGaussian ? dimension : d.parameterCount
    return (0..<d.parameterCount).map { $0 < split ? learningRates.mean : learningRates.shape }
  }
}

extension NaturalGradient {
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    dimension = try c.decode(Int.self, forKey: .dimension)
    populationSize = try c.decode(Int.self, forKey: .populationSize)
    family = try c.decode(Family.self, forKey: .family)
    geometry = try c.decode(Geometry.self, forKey: .geometry)
    learningRates = try c.decode(LearningRates.self, forKey: .learningRates)
    shaping = try c.decode(FitnessShaping.Method.self, forKey: .shaping)
    mirrored = try c.decode(Bool.self, forKey: .mirrored)
    damping = try c.decode(Double.self, forKey: .damping)
    tolX = try c.decode(Double.self, forKey: .tolX)
    maxCondition = try c.decode(Double.self, forKey: .maxCondition)
    streams = try c.decode(RandomStreams.self, forKey: .streams)
    generation = try c.decode(Int.self, forKey: .generation)
    distribution = try c.decode(Distribution.self, forKey: .distribution)
    lastGeometry = try c.decodeIfPresent(Geometry.self, forKey: .lastGeometry)
    numericalFailure = try c.decode(Bool.self, forKey: .numericalFailure)
    try StrategyArguments.require(populationSize >= 2 && generation >= 0, "sizes")
    try Self.checkMemory(distribution: distribution, populationSize: populationSize, geometry: geometry)
    try StrategyArguments.require(distribution.family == family, "family does not match the distribution")
    try StrategyArguments.require(distribution.searchDistribution.dimension == dimension, "dimension")
    try StrategyArguments.require(!mirrored || family.isGaussian, "mirrored sampling needs a Gaussian family")
    try StrategyArguments.require(
      learningRates.mean.isFinite && learningRates.mean > 0 && learningRates.shape.isFinite && learningRates.shape >= 0,
      "learning rates")
    try StrategyArguments.require(damping.isFinite && damping >= 0 && tolX.isFinite && tolX >= 0 && maxCondition > 1,
      "damping, tolX or maxCondition")
  }
}

/// log det of a symmetric positive-definite matrix (−∞ if it does not factor).
private func logDeterminant(_ a: Matrix) -> Double {
  (try? Cholesky(a).logDeterminant) ?? -.infinity
}

/// λmax/λmin of a symmetric matrix (∞ if the eigensolver fails).
private func covarianceConditionNumber(_ a: Matrix) -> Double {
  guard let e = try? SymmetricEigen(a), let lo = e.values.first, let hi = e.values.last, lo > 0 else { return .infinity }
  return hi / lo
}

extension NaturalGradient {
  /// The memory of a generation: λ samples and their scores, and for every
  /// geometry but the Euclidean one the p × p metric with its factorization and
  /// a workspace (p = the family's parameter count, n(n + 3)/2 for the full Gaussian).
  static func checkMemory(distribution: Distribution, populationSize lambda: Int, geometry: Geometry) throws {
    let d = distribution.searchDistribution
    let p = d.parameterCount
    try MemoryRequirement.doubles(geometry == .euclidean ? 0 : 3, p, p)
      .adding(.doubles(3, lambda, p))
      .adding(.doubles(4, lambda, d.dimension))
      .check("natural gradient (\(distribution.family.rawValue), \(geometry.rawValue)) in dimension \(d.dimension) with population size \(lambda)")
  }
}
