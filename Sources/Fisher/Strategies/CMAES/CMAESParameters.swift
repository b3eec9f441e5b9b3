#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// The strategy parameters of CMA-ES for dimension n and population size λ, with
/// pycma's defaults (`CMAParameters`, `CMAAdaptSigmaCSA`, `GaussFullSampler`).
///
/// Following Hansen's tutorial (arXiv:1604.00772, Table 1) except where pycma
/// differs, which is noted:
///
///     λ      = 4 + ⌊3 ln n⌋
///     μ      = ⌊λ/2⌋,  wᵢ from ``RecombinationWeights``,  μ_eff = 1/Σwᵢ²
///     c_σ    = min(1/2, (μ_eff + 2)/(n + μ_eff + 3))        tutorial: (μ_eff + 2)/(n + μ_eff + 5)
///     d_σ    = 1 + 2 max(0, κ √((μ_eff − 1)/(n + 1)) − 1) + c_σ,
///              κ = max(1, 3 (1 − 2^(−n/9)))                tutorial: κ = 1
///     c_c    = (4 + μ_eff/n)/(n + 4 + 2 μ_eff/n)
///     c₁     = min(1, λ/6) · 2/((n + 1.3)² + μ_eff)          tutorial: without min(1, λ/6)
///     c_μ    = min(1 − c₁, 2 (1/4 + μ_eff − 2 + 1/μ_eff)/((n + 2)² + μ_eff))
///     E‖N(0,I)‖ = √2 Γ((n+1)/2)/Γ(n/2) for n ≤ 100, else √n (1 − 1/(4n) + 1/(32n²)) (pycma)
///
/// The separable variant (``SeparableCMAES``) uses pycma's `cc_sep`, `c1_sep`,
/// `cmu_sep`, which count the n degrees of freedom of a diagonal C instead of n²/2:
///
///     c_c,sep = (1 + 1/n + μ_eff/n)/(√n + 1/n + 2 μ_eff/n)
///     c₁,sep  = 1/(n + 2√n + μ_eff/n)
///     c_μ,sep = min(1 − c₁,sep, (1/4 + μ_eff + 1/μ_eff − 2)/(n + 4√n + μ_eff/2))
///
/// (Ros & Hansen 2008 scale the full-C rates by (n + 2)/3 instead; pycma's rates
/// are close to that for moderate n.)
///
/// pycma's defaults for the stopping criteria that depend on n are computed
/// with λ₀ = 4 + 3 ln n (not rounded) unless a population size was given:
/// `maxiter` = 100 + ⌊150 (n+3)²/√λ₀⌋ and `tolstagnation` = ⌊100 + 100 n^1.5/λ₀⌋.
/// The eigendecomposition of C is refreshed when at least
/// 1/((c₁ + c_μ + 10⁻²³) · n · 10) covariance updates have accumulated.
public struct CMAESParameters: Sendable, Codable, Hashable {
  /// n.
  public let dimension: Int
  /// λ.
  public let populationSize: Int
  /// The recombination weights, negative weights finalized for (c₁, c_μ).
  public let weights: RecombinationWeights
  public let cs: Double
  public let damps: Double
  public let cc: Double
  public let c1: Double
  public let cmu: Double
  /// E‖N(0, I)‖.
  public let chiN: Double
  /// Covariance updates between eigendecompositions.
  public let eigenUpdateGap: Double
  /// The `maxiter` criterion (0 = off).
  public let maxIterations: Int
  /// The `tolstagnation` criterion (0 = off).
  public let tolStagnation: Int

  /// μ.
  @inlinable public var mu: Int { weights.mu }
  /// μ_eff.
  @inlinable public var mueff: Double { weights.mueff }

  /// pycma's default population size 4 + ⌊3 ln n⌋.
  public static func defaultPopulationSize(dimension n: Int) -> Int {
    Int(4 + 3 * log(Double(n)))
  }

  /// The parameters for dimension `n`, an optional population size and the options;
  /// `separable` selects the learning rates of the diagonal variant.
  ///
  /// - Throws: ``FisherError/invalidParameter(name:reason:)`` for n < 1 or λ < 2,
  ///   ``FisherError/insufficientMemory(_:)`` when the strategy's state would not
  ///   fit in memory (``MemoryRequirement``).
  public init(dimension n: Int, populationSize: Int? = nil, options: CMAESOptions = .init(), separable: Bool = false) throws {
    guard n >= 1 else {
      throw FisherError.invalidParameter(name: "dimension", reason: "must be ≥ 1, got \(n)")
    }
    let lambda = populationSize ?? Self.defaultPopulationSize(dimension: n)
    guard lambda >= 2 else {
      throw FisherError.invalidParameter(name: "population-size", reason: "must be at least 2, got \(lambda)")
    }
    // Eigen: C, B, C^(-1/2) and two temporaries; Cholesky: the factor and its
    // workspace. Learning-rate adaptation adds E_Σ, the old C and four
    // temporaries (ΔΣ, the old Σ, W = Σ^(-1/2) and a product).
    let squareMatrices = separable ? 0 : 5 + (options.learningRateAdaptation == nil ? 0 : 6)
    try StrategyArguments.checkMemory(
      separable ? "sep-CMA-ES" : "CMA-ES", dimension: n, populationSize: lambda, squareMatrices: squareMatrices)
    try options.validate()
    try options.integerMargin?.validate(dimension: n)
    let N = Double(n), lam = Double(lambda)
    var w = try RecombinationWeights(lambda: lambda)
    let mueff = w.mueff

    // Full-covariance learning rates (also used for the eigendecomposition gap).
    let cc = (4 + mueff / N) / (N + 4 + 2 * mueff / N)
    let c1 = Swift.min(1, lam / 6) * 2 / ((N + 1.3) * (N + 1.3) + mueff)
    let cmu = Swift.min(1 - c1, 2 * (0.25 + mueff - 2 + 1 / mueff) / ((N + 2) * (N + 2) + mueff))

    if separable {
      let ccSep = (1 + 1 / N + mueff / N) / (N.squareRoot() + 1 / N + 2 * mueff / N)
      let c1Sep = 1 / (N + 2 * N.squareRoot() + mueff / N)
      let cmuSep = Swift.min(1 - c1Sep, (0.25 + mueff + 1 / mueff - 2) / (N + 4 * N.squareRoot() + mueff / 2))
      self.cc = ccSep
      self.c1 = c1Sep
      self.cmu = cmuSep
    } else {
      self.cc = cc
      self.c1 = c1
      self.cmu = cmu
    }
    if options.activeCovariance {
      w.finalizeNegativeWeights(dimension: n, c1: self.c1, cmu: self.cmu, positiveDefinite: true)
    } else {
      w.zeroNegativeWeights()
    }
    self.weights = w
    self.dimension = n
    self.populationSize = lambda

    let cs = Swift.min(0.5, (mueff + 2) / (N + mueff + 3))
    let kappa = Swift.max(1, 3 * (1 - pow(0.5, N / 9)))
    self.cs = cs
    self.damps = 1 + 2 * Swift.max(0, kappa * ((mueff - 1) / (N + 1)).squareRoot() - 1) + cs
    self.chiN = Self.expectedNormOfStandardNormal(n)
    self.eigenUpdateGap = options.eigenUpdateGap ?? 1 / (c1 + cmu + 1e-23) / N / 10

    let limits = Self.defaultLimits(dimension: n, populationSize: populationSize)
    self.maxIterations = options.maxIterations ?? limits.maxIterations
    self.tolStagnation = options.tolStagnation ?? limits.tolStagnation
  }

  /// pycma's defaults of `maxiter`, 100 + ⌊150 (n+3)²/√λ⌋, and `tolstagnation`,
  /// ⌊100 + 100 n^1.5/λ⌋, with λ the given population size or, for the default
  /// one, pycma's unrounded 4 + 3 ln n.
  public static func defaultLimits(dimension n: Int, populationSize: Int?) -> (maxIterations: Int, tolStagnation: Int) {
    let N = Double(n)
    let lambda0 = populationSize.map(Double.init) ?? (4 + 3 * log(N))
    return (100 + Int((150 * (N + 3) * (N + 3) / lambda0.squareRoot()).rounded(.down)),
            Int(100 + 100 * pow(N, 1.5) / lambda0))
  }

  /// E‖N(0, Iₙ)‖ = √2 Γ((n+1)/2)/Γ(n/2) for n ≤ 100, and pycma's expansion
  /// √n (1 − 1/(4n) + 1/(32n²)) above.
  ///
  /// The exact value follows from c(n) c(n+1) = n, i.e. c(n+2) = c(n)(n+1)/n,
  /// starting at c(1) = √(2/π) or c(2) = √(π/2): at most 50 rounded products.
  public static func expectedNormOfStandardNormal(_ n: Int) -> Double {
    let N = Double(n)
    if n > 100 { return N.squareRoot() * (1 - 1 / (4 * N) + 1 / (32 * N * N)) }
    var k = n % 2 == 1 ? 1 : 2
    var c = n % 2 == 1 ? (2 / Double.pi).squareRoot() : (Double.pi / 2).squareRoot()
    while k < n {
      c *= Double(k + 1) / Double(k)
      k += 2
    }
    return c
  }
}
