#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// Settings of ``XNES``; `nil` rates mean the published defaults.
public struct XNESOptions: Sendable, Codable, Hashable {
  /// η_μ, the learning rate of the mean (default 1).
  public var meanLearningRate: Double
  /// η_σ, the learning rate of log σ (default 3(3 + ln n)/(5 n √n)).
  public var sigmaLearningRate: Double?
  /// η_B, the learning rate of the shape B (default 3(3 + ln n)/(5 n √n)).
  public var shapeLearningRate: Double?
  /// Stop (`tolx`) when every coordinate's standard deviation σ‖Bᵢ‖ is below this.
  public var tolX: Double
  /// Stop (`conditioncov`) when the condition number of BBᵀ exceeds this.
  public var maxCondition: Double

  public init(
    meanLearningRate: Double = 1, sigmaLearningRate: Double? = nil, shapeLearningRate: Double? = nil,
    tolX: Double = 1e-12, maxCondition: Double = 1e14
  ) {
    self.meanLearningRate = meanLearningRate
    self.sigmaLearningRate = sigmaLearningRate
    self.shapeLearningRate = shapeLearningRate
    self.tolX = tolX
    self.maxCondition = maxCondition
  }
}

/// Exponential natural evolution strategies (Glasmachers, Schaul, Sun, Wierstra &
/// Schmidhuber 2010; Wierstra et al., JMLR 2014, Algorithm 5).
///
/// The search distribution is N(μ, σ²BBᵀ) with det B = 1. With zₖ ∼ N(0, I),
/// xₖ = μ + σ B zₖ and the NES utilities uₖ of the ranks
/// (``FitnessShaping/nesUtilities(count:)``), the natural gradient in the local
/// coordinates is
///
///     G_δ = Σₖ uₖ zₖ,    G_M = Σₖ uₖ (zₖ zₖᵀ − I),    G_σ = tr(G_M)/n,    G_B = G_M − G_σ I,
///
/// and the update, which keeps det B = 1 because tr G_B = 0, is
///
///     μ ← μ + η_μ σ B G_δ,    σ ← σ exp(η_σ/2 · G_σ),    B ← B exp(η_B/2 · G_B).
///
/// Defaults: λ = 4 + ⌊3 ln n⌋, η_μ = 1, η_σ = η_B = 3(3 + ln n)/(5 n √n).
///
/// - Complexity: O(λ n² + n³) per generation: one symmetric eigendecomposition
///   for the matrix exponential, and one every ⌈n/10⌉ generations for the
///   condition number of BBᵀ.
public struct XNES: Strategy {
  public static let name = "xnes"

  public let dimension: Int
  public let populationSize: Int
  public let options: XNESOptions
  public let streams: RandomStreams
  /// η_μ, η_σ and η_B after defaults are resolved.
  public let meanLearningRate: Double
  public let sigmaLearningRate: Double
  public let shapeLearningRate: Double
  public private(set) var generation: Int
  public private(set) var mean: [Double]
  /// σ, the global step size.
  public private(set) var stepSize: Double
  /// B, the shape factor with det B = 1; the covariance is σ²BBᵀ.
  public private(set) var shape: Matrix
  /// The condition number of BBᵀ (the ratio of its extreme eigenvalues),
  /// recomputed every ⌈n/10⌉ generations: like CMA-ES implementations that
  /// update their eigendecomposition lazily, this keeps the cost at about one
  /// eigendecomposition per generation while the shape, which moves by
  /// η_B ≈ 1.5 n^{−3/2} per generation, changes little in between.
  public private(set) var conditionNumber: Double

  /// - Throws: ``FisherError`` for an empty or non-finite mean, σ ≤ 0, λ < 2, or invalid options.
  public init(
    mean: [Double], sigma: Double, populationSize: Int? = nil, seed: UInt64,
    options: XNESOptions = .init()
  ) throws {
    try StrategyArguments.check(mean: mean, sigma: sigma)
    let n = mean.count
    self.populationSize = try StrategyArguments.populationSize(
      populationSize, default: StrategyArguments.defaultPopulationSize(dimension: n), minimum: 2)
    // B, its update exp(η_B/2 · G_B), G_M, and the product and eigendecomposition workspaces.
    try StrategyArguments.checkMemory("xNES", dimension: n, populationSize: self.populationSize, squareMatrices: 6)
    let d = Double(n)
    let eta = 3 * (3 + log(d)) / (5 * d * d.squareRoot())
    try StrategyArguments.check(options.meanLearningRate, "meanLearningRate", greaterThan: 0)
    let etaSigma = options.sigmaLearningRate ?? eta
    let etaB = options.shapeLearningRate ?? eta
    try StrategyArguments.check(etaSigma, "sigmaLearningRate", greaterThan: 0)
    try StrategyArguments.check(etaB, "shapeLearningRate", greaterThan: 0)
    try StrategyArguments.check(options.tolX, "tolX", in: 0...Double.greatestFiniteMagnitude)
    try StrategyArguments.check(options.maxCondition, "maxCondition", greaterThan: 1)
    self.dimension = n
    self.options = options
    self.streams = RandomStreams(seed: seed)
    self.meanLearningRate = options.meanLearningRate
    self.sigmaLearningRate = etaSigma
    self.shapeLearningRate = etaB
    self.generation = 0
    self.mean = mean
    self.stepSize = sigma
    self.shape = ._identity(n)
    self.conditionNumber = 1
  }


  /// The covariance σ²BBᵀ.
  public var covariance: Matrix {
    (stepSize * stepSize) * shape._multiply(shape.transposed)
  }

  /// σ‖Bᵢ‖ for each coordinate, the square roots of the diagonal of σ²BBᵀ.
  ///
  /// - Complexity: O(n²).
  public var coordinateStandardDeviations: [Double] {
    (0..<dimension).map { i in stepSize * _dot(shape._row(i), shape._row(i)).squareRoot() }
  }

  /// Generations between recomputations of the condition number: ⌈n/10⌉.
  static func conditionInterval(_ n: Int) -> Int { (n + 9) / 10 }

  /// The condition number of BBᵀ, the ratio of the extreme eigenvalues of BᵀB.
  static func condition(_ b: Matrix) -> Double {
    guard let eig = try? SymmetricEigen(b.transposed._multiply(b)),
      let lo = eig.values.first, let hi = eig.values.last, lo > 0
    else { return .infinity }
    return hi / lo
  }

  public var stopReason: StopReason? {
    let maxRow = (0..<dimension).map { i in _dot(shape._row(i), shape._row(i)) }.max() ?? 0
    if stepSize * maxRow.squareRoot() < options.tolX { return .strategy("tolx") }
    if conditionNumber > options.maxCondition { return .strategy("conditioncov") }
    return nil
  }

  /// xₖ = μ + σ B zₖ with zₖ from the streams of the current generation.
  ///
  /// - Complexity: O(λ n²).
  public func ask() -> Population {
    let z = _standardNormalRows(streams, generation: generation, count: populationSize, dimension: dimension)
    // Rows of X − μ are σ (B zₖ)ᵀ = σ zₖᵀ Bᵀ, i.e. X − μ = σ Z Bᵀ.
    var x = z._multiply(shape.transposed)
    let n = dimension
    x.elements.withUnsafeMutableBufferPointer { xv in
      for k in 0..<populationSize {
        for j in 0..<n { xv[k * n + j] = mean[j] + stepSize * xv[k * n + j] }
      }
    }
    return Population(generation: generation, candidates: x, directions: z)
  }

  /// The xNES update; see the type's documentation.
  ///
  /// - Throws: besides the checks of ``Strategy/validateTell(_:fitness:)``,
  ///   ``FisherError/nonFinite(_:)`` if the matrix exponential overflows; the
  ///   state is unchanged then.
  public mutating func tell(_ population: Population, fitness: [Double]) throws {
    try validateTell(population, fitness: fitness)
    let z = try checkedDirections(population)
    let u = FitnessShaping.nesUtilities(fitness)
    let n = dimension
    let gDelta = z._transposeMultiply(u)
    var gM = Matrix(_rows: n, columns: n)
    gM._rankMuUpdate(weights: u, vectors: z)
    let uSum = u.reduce(0, +)
    for i in 0..<n { gM[i, i] -= uSum }
    let gSigma = gM.trace / Double(n)
    var gB = gM
    for i in 0..<n { gB[i, i] -= gSigma }
    let expB: Matrix
    do {
      expB = try ((0.5 * shapeLearningRate) * gB).symmetricExponential()
    } catch {
      throw FisherError.nonFinite("xNES shape update: \(error)")
    }
    let step = shape._multiply(gDelta)
    for j in 0..<n { mean[j] += meanLearningRate * stepSize * step[j] }
    stepSize *= exp(0.5 * sigmaLearningRate * gSigma)
    shape = shape._multiply(expB)
    generation += 1
    if generation % Self.conditionInterval(n) == 0 { conditionNumber = Self.condition(shape) }
  }
}

extension XNES {
  /// The checkpoint keys; the step size is stored as `sigma`.
  enum CodingKeys: String, CodingKey {
    case dimension, populationSize, options, streams, meanLearningRate, sigmaLearningRate, shapeLearningRate, generation, mean
    case stepSize = "sigma"
    case shape, conditionNumber
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    dimension = try c.decode(Int.self, forKey: .dimension)
    populationSize = try c.decode(Int.self, forKey: .populationSize)
    options = try c.decode(XNESOptions.self, forKey: .options)
    streams = try c.decode(RandomStreams.self, forKey: .streams)
    meanLearningRate = try c.decode(Double.self, forKey: .meanLearningRate)
    sigmaLearningRate = try c.decode(Double.self, forKey: .sigmaLearningRate)
    shapeLearningRate = try c.decode(Double.self, forKey: .shapeLearningRate)
    generation = try c.decode(Int.self, forKey: .generation)
    mean = try c.decode([Double].self, forKey: .mean)
    stepSize = try c.decode(Double.self, forKey: .stepSize)
    shape = try c.decode(Matrix.self, forKey: .shape)
    conditionNumber = try c.decode(Double.self, forKey: .conditionNumber)
    try StrategyArguments.require(dimension >= 1 && populationSize >= 2 && generation >= 0, "sizes")
    try StrategyArguments.checkMemory("xNES", dimension: dimension, populationSize: populationSize, squareMatrices: 6)
    try StrategyArguments.require(mean.count == dimension && mean.allSatisfy(\.isFinite), "mean")
    try StrategyArguments.require(stepSize.isFinite && stepSize > 0, "sigma")
    try StrategyArguments.require(
      shape.rows == dimension && shape.columns == dimension && shape.elements.count == dimension * dimension
        && shape.elements.allSatisfy(\.isFinite), "shape matrix")
    try StrategyArguments.require(
      meanLearningRate > 0 && sigmaLearningRate > 0 && shapeLearningRate > 0, "learning rates")
    try StrategyArguments.require(conditionNumber >= 1, "condition number")
  }
}

extension XNES {
  /// Multiplies σ by `factor`; the shape matrix is unchanged.
  public mutating func scaleStepSize(by factor: Double) throws {
    try validateStepSizeFactor(factor)
    stepSize *= factor
  }
}
