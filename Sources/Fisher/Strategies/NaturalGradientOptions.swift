/// Settings of ``NaturalGradient`` as one value, the shape the strategy registry
/// stores for every strategy; `nil` learning rates mean the family's defaults.
public struct NaturalGradientOptions: Sendable, Codable, Hashable {
  public var family: NaturalGradient.Family
  public var geometry: Geometry
  public var learningRates: NaturalGradient.LearningRates?
  public var shaping: FitnessShaping.Method
  /// Mirrored pairs m ± A z (Gaussian families only).
  public var mirrored: Bool
  /// Relative damping of the empirical-Fisher and Newton metrics.
  public var damping: Double
  /// Stop (`tolx`) when every standard deviation is below this.
  public var tolX: Double
  /// Stop (`conditioncov`) when the condition number of Σ exceeds this.
  public var maxCondition: Double

  public init(
    family: NaturalGradient.Family = .full, geometry: Geometry = .natural,
    learningRates: NaturalGradient.LearningRates? = nil, shaping: FitnessShaping.Method = .nesUtilities,
    mirrored: Bool = false, damping: Double = 1e-4, tolX: Double = 1e-12, maxCondition: Double = 1e14
  ) {
    self.family = family
    self.geometry = geometry
    self.learningRates = learningRates
    self.shaping = shaping
    self.mirrored = mirrored
    self.damping = damping
    self.tolX = tolX
    self.maxCondition = maxCondition
  }
}

extension NaturalGradient {
  /// A Gaussian natural-gradient strategy with the settings in `options`
  /// (see ``init(mean:sigma:populationSize:seed:family:geometry:learningRates:shaping:mirrored:damping:tolX:maxCondition:)``).
  public init(mean: [Double], sigma: Double, populationSize: Int? = nil, seed: UInt64, options: NaturalGradientOptions) throws {
    try self.init(
      mean: mean, sigma: sigma, populationSize: populationSize, seed: seed, family: options.family,
      geometry: options.geometry, learningRates: options.learningRates, shaping: options.shaping,
      mirrored: options.mirrored, damping: options.damping, tolX: options.tolX, maxCondition: options.maxCondition)
  }

  /// The settings this strategy runs with (learning rates resolved).
  public var options: NaturalGradientOptions {
    NaturalGradientOptions(
      family: family, geometry: geometry, learningRates: learningRates, shaping: shaping, mirrored: mirrored,
      damping: damping, tolX: tolX, maxCondition: maxCondition)
  }
}
