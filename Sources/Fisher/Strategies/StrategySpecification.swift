/// A strategy by name plus its settings: everything needed to build it for a
/// given start, and to build it again at each restart.
///
///     var spec = StrategySpecification(kind: .cmaES)
///     spec.populationSize = 20
///     let s = try spec.make(mean: [0, 0, 0], sigma: 0.3, seed: 1)
public struct StrategySpecification: Sendable, Codable, Hashable {
  /// The strategies, by their CLI names.
  public enum Kind: String, Sendable, Codable, Hashable, CaseIterable {
    case naturalGradient = "natural-gradient"
    case cmaES = "cma-es"
    case separableCMAES = "sep-cma-es"
    case xNES = "xnes"
    case sNES = "snes"
    case crossEntropy = "cem"
    case exponentialWeights = "exp-weights"
    case openAIES = "openai-es"
    case catCMA = "catcma"

    /// Looks a strategy up by its CLI name.
    public init(name: String) throws {
      guard let k = Kind(rawValue: name) else {
        throw FisherError.unknownName(kind: "strategy", name: name, known: Self.allCases.map(\.rawValue))
      }
      self = k
    }
  }

  public var kind: Kind
  /// λ; nil for the strategy's default.
  public var populationSize: Int?
  public var naturalGradient = NaturalGradientOptions()
  public var cmaES = CMAESOptions()
  public var xNES = XNESOptions()
  public var sNES = SNESOptions()
  public var crossEntropy = CEMOptions()
  public var exponentialWeights = ExponentialWeightsOptions()
  public var openAIES = OpenAIESOptions()
  /// CatCMA's settings; ``SearchSpace/prepare(_:)`` fills in the categorical variables.
  public var catCMA = CatCMAOptions()

  public init(kind: Kind, populationSize: Int? = nil) {
    self.kind = kind
    self.populationSize = populationSize
  }

  /// The strategy, started at `mean` with step size `sigma`.
  ///
  /// - Parameters:
  ///   - mean: the initial mean.
  ///   - sigma: the initial step size.
  ///   - seed: the seed of the strategy's random streams.
  ///   - populationSize: overrides ``populationSize`` (restarts use it).
  ///     CMA-ES then keeps the limits that depend on λ (`maxiter`,
  ///     `tolstagnation`, unless set) at the values of the first run's λ, as
  ///     pycma's `fmin` does: it restarts with the first run's processed options.
  /// - Throws: ``FisherError`` for invalid settings.
  public func make(mean: [Double], sigma: Double, seed: UInt64, populationSize: Int? = nil) throws -> AnyStrategy {
    let lambda = populationSize ?? self.populationSize
    var cmaES = self.cmaES
    if populationSize != nil && (kind == .cmaES || kind == .separableCMAES) {
      let first = CMAESParameters.defaultLimits(dimension: mean.count, populationSize: self.populationSize)
      cmaES.maxIterations = cmaES.maxIterations ?? first.maxIterations
      cmaES.tolStagnation = cmaES.tolStagnation ?? first.tolStagnation
    }
    switch kind {
    case .naturalGradient:
      return .naturalGradient(try NaturalGradient(
        mean: mean, sigma: sigma, populationSize: lambda, seed: seed, options: naturalGradient))
    case .cmaES:
      return .cmaES(try CMAES(mean: mean, sigma: sigma, populationSize: lambda, seed: seed, options: cmaES))
    case .separableCMAES:
      return .separableCMAES(try SeparableCMAES(
        mean: mean, sigma: sigma, populationSize: lambda, seed: seed, options: cmaES))
    case .xNES:
      return .xNES(try XNES(mean: mean, sigma: sigma, populationSize: lambda, seed: seed, options: xNES))
    case .sNES:
      return .sNES(try SNES(mean: mean, sigma: sigma, populationSize: lambda, seed: seed, options: sNES))
    case .crossEntropy:
      return .crossEntropy(try CrossEntropyMethod(
        mean: mean, sigma: sigma, populationSize: lambda, seed: seed, options: crossEntropy))
    case .exponentialWeights:
      return .exponentialWeights(try ExponentialWeights(
        mean: mean, sigma: sigma, populationSize: lambda, seed: seed, options: exponentialWeights))
    case .catCMA:
      return .catCMA(try CatCMA(mean: mean, sigma: sigma, populationSize: lambda, seed: seed, options: catCMA))
    case .openAIES:
      // Mirrored sampling needs pairs: a restart's odd population size is rounded up.
      let even = lambda.map { $0 + $0 % 2 }
      return .openAIES(try OpenAIES(mean: mean, sigma: sigma, populationSize: even, seed: seed, options: openAIES))
    }
  }

  /// The factory the driver calls at each restart.
  public func restartFactory() -> @Sendable (RestartRequest) throws -> AnyStrategy {
    let spec = self
    return { request in
      try spec.make(mean: request.mean, sigma: request.sigma, seed: request.seed, populationSize: request.populationSize)
    }
  }
}

extension StrategySpecification {
  /// Decodes a specification; those written before CatCMA existed have its defaults.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    kind = try c.decode(Kind.self, forKey: .kind)
    populationSize = try c.decodeIfPresent(Int.self, forKey: .populationSize)
    naturalGradient = try c.decode(NaturalGradientOptions.self, forKey: .naturalGradient)
    cmaES = try c.decode(CMAESOptions.self, forKey: .cmaES)
    xNES = try c.decode(XNESOptions.self, forKey: .xNES)
    sNES = try c.decode(SNESOptions.self, forKey: .sNES)
    crossEntropy = try c.decode(CEMOptions.self, forKey: .crossEntropy)
    exponentialWeights = try c.decode(ExponentialWeightsOptions.self, forKey: .exponentialWeights)
    openAIES = try c.decode(OpenAIESOptions.self, forKey: .openAIES)
    catCMA = try c.decodeIfPresent(CatCMAOptions.self, forKey: .catCMA) ?? CatCMAOptions()
  }
}
