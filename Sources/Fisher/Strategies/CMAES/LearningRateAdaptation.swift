/// The settings of LRA-CMA-ES, CMA-ES with learning-rate adaptation (Nomura,
/// Akimoto & Ono, "CMA-ES with Learning Rate Adaptation: Can CMA-ES with
/// Default Population Size Solve Multimodal and Noisy Problems?", GECCO 2023,
/// arXiv:2304.03473), as ``CMAESOptions/learningRateAdaptation``.
///
/// After each CMA update, the step of the mean and of Σ = σ²C is scaled by
/// learning rates η_m, η_Σ ∈ (0, 1] that are adapted so that the estimated
/// signal-to-noise ratio of the steps (in the local coordinates of the old Σ)
/// stays near ``alpha`` η; see ``LearningRateAdaptationState`` for the update.
/// Noise and rugged landscapes lower the ratio and with it the learning rates,
/// which averages the updates over more generations.
///
/// The defaults are those of the paper and of the `cmaes` package
/// (`CMA(..., lr_adapt=True)`, which offers no way to change them):
///
/// | setting | symbol | default | role |
/// |---|---|---|---|
/// | ``alpha`` | α | 1.4 | target SNR relative to η |
/// | ``betaMean`` | β_m | 0.1 | rate of the moving averages of the mean's steps |
/// | ``betaSigma`` | β_Σ | 0.03 | rate of the moving averages of Σ's steps |
/// | ``gamma`` | γ | 0.1 | η changes by at most a factor e^(±min(γη, β)) per generation |
///
/// Both learning rates start at 1 (plain CMA-ES).
///
/// Decoding fills a missing key with its default, so `{}` means the defaults.
public struct LearningRateAdaptation: Sendable, Codable, Hashable {
  /// α > 0: the adaptation aims at SNR = α η.
  public var alpha: Double
  /// β_m ∈ (0, 1): the weight of the newest step in the moving averages for the mean.
  public var betaMean: Double
  /// β_Σ ∈ (0, 1): the weight of the newest step in the moving averages for Σ.
  public var betaSigma: Double
  /// γ > 0: bounds how fast η changes, by e^(±min(γη, β)) per generation.
  public var gamma: Double

  /// The paper's settings unless given.
  public init(alpha: Double = 1.4, betaMean: Double = 0.1, betaSigma: Double = 0.03, gamma: Double = 0.1) {
    self.alpha = alpha
    self.betaMean = betaMean
    self.betaSigma = betaSigma
    self.gamma = gamma
  }

  /// Checks every value.
  ///
  /// - Throws: ``FisherError/invalidParameter(name:reason:)`` unless α and γ
  ///   are positive and finite and β_m, β_Σ lie strictly between 0 and 1 (at
  ///   β = 1 the SNR estimate divides by zero).
  public func validate() throws {
    for (name, v) in [("lra-alpha", alpha), ("lra-gamma", gamma)] where !(v.isFinite && v > 0) {
      throw FisherError.invalidParameter(name: name, reason: "must be positive and finite, got \(v)")
    }
    for (name, v) in [("lra-beta-mean", betaMean), ("lra-beta-sigma", betaSigma)] where !(v > 0 && v < 1) {
      throw FisherError.invalidParameter(name: name, reason: "must lie strictly between 0 and 1, got \(v)")
    }
  }
}

extension LearningRateAdaptation {
  enum CodingKeys: String, CodingKey {
    case alpha, betaMean, betaSigma, gamma
  }

  /// Decodes the settings; a missing key takes its default.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let d = LearningRateAdaptation()
    self.init(
      alpha: try c.decodeIfPresent(Double.self, forKey: .alpha) ?? d.alpha,
      betaMean: try c.decodeIfPresent(Double.self, forKey: .betaMean) ?? d.betaMean,
      betaSigma: try c.decodeIfPresent(Double.self, forKey: .betaSigma) ?? d.betaSigma,
      gamma: try c.decodeIfPresent(Double.self, forKey: .gamma) ?? d.gamma)
  }
}
