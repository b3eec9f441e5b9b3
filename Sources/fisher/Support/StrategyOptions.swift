import ArgumentParser
import Fisher

extension RestartPolicy: ExpressibleByArgument {}

/// The strategy and its settings, shared by `minimize`, `ask-tell` and `bench`.
struct StrategyOptions: ParsableArguments {
  @Option(help: ArgumentHelp(
    "The strategy: \(StrategySpecification.Kind.allCases.map(\.rawValue).joined(separator: ", ")) (default cma-es; catcma for a --space with categorical variables).",
    valueName: "name"))
  var strategy: String?

  @Option(help: "Population size λ (default: the strategy's, usually 4 + ⌊3 ln n⌋).")
  var populationSize: Int?

  // natural-gradient
  @Option(help: "natural-gradient: the search distribution: mean-only, isotropic, diagonal, full.")
  var family: String = "full"

  @Option(help: "natural-gradient: the update metric M in δθ = −α M⁻¹∇J: euclidean, natural, empirical-fisher, newton.")
  var geometry: String = "natural"

  @Option(help: "natural-gradient, openai-es: learning rate of the mean.")
  var learningRate: Double?

  @Option(help: "natural-gradient: learning rate of the scale and shape parameters.")
  var shapeLearningRate: Double?

  @Option(help: "natural-gradient: fitness shaping: raw, baseline, nes-utilities, centered-ranks.")
  var shaping: String = "nes-utilities"

  @Flag(help: "natural-gradient: mirrored (antithetic) samples m ± Az.")
  var mirrored = false

  // cem
  @Option(help: "cem: fraction of the population kept as elites.")
  var eliteFraction: Double?

  @Option(help: "cem, exp-weights: smoothing α of the mean update, m ← α m* + (1 − α) m (1 = none; the scale keeps its own default 0.7).")
  var smoothing: Double?

  @Option(help: "cem, exp-weights: covariance model: fixed, diagonal, full. cma-es: representation of C: eigen (pycma's eigendecomposition), cholesky (a Cholesky factor, no O(n³) work), auto (eigen below n = \(CMAESOptions.CovarianceRepresentation.automaticCholeskyDimension), else cholesky; the default).")
  var covariance: String?

  // exp-weights
  @Option(help: "exp-weights: a fixed temperature λ (in units of f).")
  var temperature: Double?

  @Option(help: "exp-weights: adapt λ each generation so the effective sample size is this fraction of the population (default 0.5).")
  var targetEss: Double?

  // openai-es
  @Option(help: "openai-es: the step rule: adam or sgd.")
  var optimizer: String = "adam"

  @Option(help: "openai-es: L2 weight decay of the mean.")
  var weightDecay: Double?

  func validate() throws {
    _ = try specification(dimension: 1)
  }

  /// The specification these flags describe, for a search space of `dimension`
  /// (which sets the default learning rates that explicit ones replace).
  func specification(dimension: Int, space: SearchSpace? = nil) throws -> StrategySpecification {
    let kind = try strategy.map { try StrategySpecification.Kind(name: $0) } ?? space?.defaultStrategy ?? .cmaES
    var spec = StrategySpecification(kind: kind, populationSize: populationSize)
    if let l = populationSize, l < 2 { throw ValidationError("--population-size must be at least 2, got \(l)") }
    func check(_ v: Double?, _ name: String, _ range: ClosedRange<Double>) throws {
      if let v, !(range.contains(v)) { throw ValidationError("--\(name) must be in \(range), got \(v)") }
    }
    try check(eliteFraction, "elite-fraction", 1e-9...1)
    try check(smoothing, "smoothing", 1e-9...1)
    try check(targetEss, "target-ess", 1e-9...1)
    if let t = temperature, !(t > 0 && t.isFinite) { throw ValidationError("--temperature must be positive, got \(t)") }
    if let l = learningRate, !(l > 0 && l.isFinite) { throw ValidationError("--learning-rate must be positive, got \(l)") }
    if let w = weightDecay, !(w >= 0 && w.isFinite) { throw ValidationError("--weight-decay must be ≥ 0, got \(w)") }
    let usesModel = kind == .crossEntropy || kind == .exponentialWeights
    let model = try covariance.flatMap { name -> CovarianceModel? in
      if !usesModel { return nil }
      guard let m = CovarianceModel(rawValue: name) else {
        throw FisherError.unknownName(kind: "covariance model", name: name, known: CovarianceModel.allCases.map(\.rawValue))
      }
      return m
    }
    switch kind {
    case .naturalGradient:
      let family = try NaturalGradient.Family(name: self.family)
      guard family.isGaussian else {
        throw ValidationError("--family \(family.rawValue) is a discrete family; the CLI minimizes over real vectors (mean-only, isotropic, diagonal, full)")
      }
      guard let geometry = Geometry(rawValue: self.geometry) else {
        throw FisherError.unknownName(kind: "geometry", name: self.geometry, known: Geometry.allCases.map(\.rawValue))
      }
      if let l = shapeLearningRate, !(l > 0 && l.isFinite) {
        throw ValidationError("--shape-learning-rate must be positive, got \(l)")
      }
      var rates: NaturalGradient.LearningRates?
      if learningRate != nil || shapeLearningRate != nil {
        var r = NaturalGradient.LearningRates.defaults(family: family, dimension: dimension)
        if let m = learningRate { r.mean = m }
        if let s = shapeLearningRate { r.shape = s }
        rates = r
      }
      spec.naturalGradient = NaturalGradientOptions(
        family: family, geometry: geometry, learningRates: rates, shaping: try FitnessShaping.Method(name: shaping),
        mirrored: mirrored)
    case .crossEntropy:
      if let e = eliteFraction { spec.crossEntropy.eliteFraction = e }
      if let s = smoothing { spec.crossEntropy.meanSmoothing = s }
      if let m = model { spec.crossEntropy.covariance = m }
    case .exponentialWeights:
      if let t = temperature { spec.exponentialWeights.temperature = .fixed(t) }
      if let e = targetEss { spec.exponentialWeights.temperature = .effectiveSampleSize(fraction: e) }
      if let s = smoothing { spec.exponentialWeights.meanSmoothing = s }
      if let m = model { spec.exponentialWeights.covariance = m }
    case .openAIES:
      let rate = learningRate ?? 0.01
      switch optimizer {
      case "adam": spec.openAIES.step = .adam(learningRate: rate, beta1: 0.9, beta2: 0.999, epsilon: 1e-8)
      case "sgd": spec.openAIES.step = .sgd(learningRate: rate, momentum: 0.9)
      default: throw ValidationError("--optimizer must be adam or sgd, got '\(optimizer)'")
      }
      if let w = weightDecay { spec.openAIES.weightDecay = w }
    case .cmaES:
      if let name = covariance { spec.cmaES.covariance = try CMAESOptions.CovarianceRepresentation(name: name) }
    case .separableCMAES, .xNES, .sNES, .catCMA:
      break
    }
    return spec
  }
}
