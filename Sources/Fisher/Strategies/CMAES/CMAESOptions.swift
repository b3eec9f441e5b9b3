/// User settings of ``CMAES`` and ``SeparableCMAES``: the active update and the
/// termination criteria, with pycma's names and defaults.
///
/// A tolerance of 0 switches its criterion off, as in pycma (``tolFlatFitness``
/// is a count: use `Int.max` to switch it off). `nil` for
/// ``tolStagnation``, ``maxIterations`` and ``eigenUpdateGap`` means pycma's
/// dimension-dependent default (see ``CMAESParameters``).
///
/// | option | pycma name | default | fires when |
/// |---|---|---|---|
/// | ``tolFun`` | `tolfun` | 1e-11 | range of this generation's and the recent best values < tolfun |
/// | ``tolFunHist`` | `tolfunhist` | 1e-12 | range of the last 10 + ⌈30n/λ⌉ best values < tolfunhist |
/// | ``tolX`` | `tolx` | 1e-11 | σ √Cᵢᵢ < tolx and σ |p_c,ᵢ| < tolx for all i |
/// | ``tolStagnation`` | `tolstagnation` | ⌊100 + 100 n^1.5/λ⌋ | best and median stop improving over that many generations |
/// | ``tolXStagnation`` | `tolxstagnation` | 1e-9 | the mean moved less than that for 20 + 0.1 g generations |
/// | ``tolFlatFitness`` | `tolflatfitness` | 1 | f₁ = f₍⌊0.75λ⌋₎ for more than that many generations in a row |
/// | ``tolConditionCov`` | `tolconditioncov` | 1e14 | cond(C) > 1e14 (reported as `conditioncov`) |
/// | ``tolFacUpX`` | `tolfacupx` | 1e3 | σ √Cᵢᵢ > 1e3 σ₀ for some i (σ₀ far too small) |
/// | ``tolUpSigma`` | `tolupsigma` | 1e20 | σ / √λ_max(C) > 1e20 σ₀ (creeping) |
/// | ``noEffectAxis`` | `noeffectaxis` | on | m + 0.1 σ √λᵢ bᵢ == m for the axis i = g mod n |
/// | ``noEffectCoordinate`` | `noeffectcoord` | on | mᵢ + 0.2 σ √Cᵢᵢ == mᵢ for some i |
/// | ``maxIterations`` | `maxiter` | 100 + ⌊150 (n+3)²/√λ₀⌋ | g ≥ maxiter |
///
/// ``covariance`` chooses how ``CMAES`` represents C (``SeparableCMAES``
/// ignores it): by its eigendecomposition as pycma does, or by a Cholesky factor
/// with no O(n³) work (see ``CovarianceRepresentation``).
///
/// ``learningRateAdaptation`` turns ``CMAES`` into LRA-CMA-ES (Nomura, Akimoto
/// & Ono, GECCO 2023), the `cmaes` package's `lr_adapt=True`: default off. It
/// needs C itself, so with it ``CovarianceRepresentation/automatic`` means the
/// eigendecomposition at every n, and ``CovarianceRepresentation/cholesky`` is
/// rejected; ``SeparableCMAES`` rejects it.
///
/// ``integerMargin`` makes some coordinates discrete: CMA-ES with margin
/// (Hamano et al., GECCO 2022), the `cmaes` package's `CMAwM`, for ``CMAES``
/// and ``SeparableCMAES`` alike; default none.
public struct CMAESOptions: Sendable, Codable, Hashable {
  /// How ``CMAES`` stores and updates its covariance matrix C.
  ///
  /// - ``eigendecomposition``: C itself, with B and D from a symmetric
  ///   eigendecomposition refreshed at pycma's lazy rate; pycma's algorithm
  ///   exactly. O(λn²) per generation plus an amortized O(n³)/gap.
  /// - ``cholesky``: a lower-triangular factor A with C = A Aᵀ, updated by
  ///   rank-one updates and downdates (Krause, Arbonès & Igel, NeurIPS 2016).
  ///   O(λn²) per generation, no O(n³) term; the σ path uses A⁻¹ in place of
  ///   C^(−1/2), and the condition number is a running estimate.
  /// - ``automatic``: eigendecomposition below ``automaticCholeskyDimension``,
  ///   Cholesky from there on.
  public enum CovarianceRepresentation: String, Sendable, Codable, Hashable, CaseIterable {
    case eigendecomposition = "eigen"
    case cholesky
    case automatic = "auto"

    /// The smallest dimension at which ``automatic`` uses the Cholesky factor.
    public static let automaticCholeskyDimension = 40

    /// ``eigendecomposition`` or ``cholesky``: what this choice means for dimension `n`.
    public func resolved(dimension n: Int) -> CovarianceRepresentation {
      switch self {
      case .eigendecomposition, .cholesky: return self
      case .automatic: return n >= Self.automaticCholeskyDimension ? .cholesky : .eigendecomposition
      }
    }

    /// Looks a representation up by its name (`eigen`, `cholesky`, `auto`).
    public init(name: String) throws {
      guard let r = Self(rawValue: name) else {
        throw FisherError.unknownName(kind: "covariance representation", name: name, known: Self.allCases.map(\.rawValue))
      }
      self = r
    }
  }

  /// Active CMA: the worse half of the population enters the covariance update with
  /// negative weights (pycma `CMA_active`, default on).
  public var activeCovariance: Bool
  public var tolFun: Double
  public var tolFunHist: Double
  public var tolX: Double
  /// Generations without improvement of best and median; `nil` = ⌊100 + 100 n^1.5/λ₀⌋, 0 = off.
  public var tolStagnation: Int?
  public var tolXStagnation: Double
  public var tolFlatFitness: Int
  public var tolConditionCov: Double
  public var tolFacUpX: Double
  public var tolUpSigma: Double
  public var noEffectAxis: Bool
  public var noEffectCoordinate: Bool
  /// The generation limit; `nil` = 100 + ⌊150 (n+3)²/√λ₀⌋, 0 = off.
  public var maxIterations: Int?
  /// Generations between eigendecompositions of C; `nil` = pycma's
  /// 1/((c₁ + c_μ) n · 10), values ≤ 1 decompose every generation.
  public var eigenUpdateGap: Double?
  /// How C is represented; default ``CovarianceRepresentation/automatic``.
  public var covariance: CovarianceRepresentation
  /// LRA-CMA-ES's learning-rate adaptation, or nil (the default) for plain CMA-ES.
  public var learningRateAdaptation: LearningRateAdaptation?
  /// The discrete coordinates of CMA-ES with margin, or nil (the default)
  /// when every coordinate is real (see ``IntegerMargin``).
  public var integerMargin: IntegerMargin?

  public init(
    activeCovariance: Bool = true, tolFun: Double = 1e-11, tolFunHist: Double = 1e-12, tolX: Double = 1e-11,
    tolStagnation: Int? = nil, tolXStagnation: Double = 1e-9, tolFlatFitness: Int = 1,
    tolConditionCov: Double = 1e14, tolFacUpX: Double = 1e3, tolUpSigma: Double = 1e20,
    noEffectAxis: Bool = true, noEffectCoordinate: Bool = true, maxIterations: Int? = nil,
    eigenUpdateGap: Double? = nil, covariance: CovarianceRepresentation = .automatic,
    learningRateAdaptation: LearningRateAdaptation? = nil, integerMargin: IntegerMargin? = nil
  ) {
    self.activeCovariance = activeCovariance
    self.tolFun = tolFun
    self.tolFunHist = tolFunHist
    self.tolX = tolX
    self.tolStagnation = tolStagnation
    self.tolXStagnation = tolXStagnation
    self.tolFlatFitness = tolFlatFitness
    self.tolConditionCov = tolConditionCov
    self.tolFacUpX = tolFacUpX
    self.tolUpSigma = tolUpSigma
    self.noEffectAxis = noEffectAxis
    self.noEffectCoordinate = noEffectCoordinate
    self.maxIterations = maxIterations
    self.eigenUpdateGap = eigenUpdateGap
    self.covariance = covariance
    self.learningRateAdaptation = learningRateAdaptation
    self.integerMargin = integerMargin
  }

  /// How ``CMAES`` represents C in dimension `n`: ``covariance`` resolved for
  /// `n`, except that learning-rate adaptation resolves
  /// ``CovarianceRepresentation/automatic`` to the eigendecomposition.
  public func resolvedCovariance(dimension n: Int) -> CovarianceRepresentation {
    if learningRateAdaptation != nil, covariance == .automatic { return .eigendecomposition }
    return covariance.resolved(dimension: n)
  }

  /// Checks every value.
  ///
  /// - Throws: ``FisherError/invalidParameter(name:reason:)`` for a negative or NaN
  ///   tolerance, a negative count, invalid ``learningRateAdaptation`` settings,
  ///   or learning-rate adaptation with the Cholesky representation.
  public func validate() throws {
    let nonNegative: [(String, Double)] = [
      ("tolfun", tolFun), ("tolfunhist", tolFunHist), ("tolx", tolX), ("tolxstagnation", tolXStagnation),
      ("tolconditioncov", tolConditionCov), ("tolfacupx", tolFacUpX), ("tolupsigma", tolUpSigma),
    ]
    for (name, v) in nonNegative where !(v >= 0) {
      throw FisherError.invalidParameter(name: name, reason: "must be ≥ 0 (0 switches it off), got \(v)")
    }
    let counts: [(String, Int?)] = [
      ("tolstagnation", tolStagnation), ("tolflatfitness", tolFlatFitness), ("maxiter", maxIterations),
    ]
    for (name, v) in counts {
      if let v, v < 0 { throw FisherError.invalidParameter(name: name, reason: "must be ≥ 0, got \(v)") }
    }
    if let g = eigenUpdateGap, !(g >= 0 && g.isFinite) {
      throw FisherError.invalidParameter(name: "eigen-update-gap", reason: "must be finite and ≥ 0, got \(g)")
    }
    if let lra = learningRateAdaptation {
      try lra.validate()
      if covariance == .cholesky {
        throw FisherError.invalidParameter(
          name: "covariance",
          reason: "learning-rate adaptation updates C itself and needs the eigendecomposition (eigen or auto), not cholesky")
      }
    }
  }
}

extension CMAESOptions {
  enum CodingKeys: String, CodingKey {
    case activeCovariance, tolFun, tolFunHist, tolX, tolStagnation, tolXStagnation, tolFlatFitness
    case tolConditionCov, tolFacUpX, tolUpSigma, noEffectAxis, noEffectCoordinate, maxIterations
    case eigenUpdateGap, covariance, learningRateAdaptation, integerMargin
  }

  /// Decodes the options; settings written before ``covariance`` existed mean
  /// ``CovarianceRepresentation/eigendecomposition``, what they were run with,
  /// and those without ``learningRateAdaptation`` mean plain CMA-ES.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      activeCovariance: try c.decode(Bool.self, forKey: .activeCovariance),
      tolFun: try c.decode(Double.self, forKey: .tolFun),
      tolFunHist: try c.decode(Double.self, forKey: .tolFunHist),
      tolX: try c.decode(Double.self, forKey: .tolX),
      tolStagnation: try c.decodeIfPresent(Int.self, forKey: .tolStagnation),
      tolXStagnation: try c.decode(Double.self, forKey: .tolXStagnation),
      tolFlatFitness: try c.decode(Int.self, forKey: .tolFlatFitness),
      tolConditionCov: try c.decode(Double.self, forKey: .tolConditionCov),
      tolFacUpX: try c.decode(Double.self, forKey: .tolFacUpX),
      tolUpSigma: try c.decode(Double.self, forKey: .tolUpSigma),
      noEffectAxis: try c.decode(Bool.self, forKey: .noEffectAxis),
      noEffectCoordinate: try c.decode(Bool.self, forKey: .noEffectCoordinate),
      maxIterations: try c.decodeIfPresent(Int.self, forKey: .maxIterations),
      eigenUpdateGap: try c.decodeIfPresent(Double.self, forKey: .eigenUpdateGap),
      covariance: try c.decodeIfPresent(CovarianceRepresentation.self, forKey: .covariance) ?? .eigendecomposition,
      learningRateAdaptation: try c.decodeIfPresent(LearningRateAdaptation.self, forKey: .learningRateAdaptation),
      integerMargin: try c.decodeIfPresent(IntegerMargin.self, forKey: .integerMargin))
  }
}
