/// Every strategy of Fisher behind one concrete, `Codable` type.
///
/// The CLI, checkpoints, experiments and study stores hold an `AnyStrategy`:
/// its coding keys name the strategy, so a saved run says what it is. Code
/// that knows its strategy at compile time should use that type directly;
/// the switch here costs a branch per call, nothing per candidate.
public enum AnyStrategy: Strategy {
  case naturalGradient(NaturalGradient)
  case cmaES(CMAES)
  case separableCMAES(SeparableCMAES)
  case xNES(XNES)
  case sNES(SNES)
  case crossEntropy(CrossEntropyMethod)
  case exponentialWeights(ExponentialWeights)
  case openAIES(OpenAIES)

  public static let name = "any"

  /// The wrapped strategy.
  public var base: any Strategy {
    switch self {
    case .naturalGradient(let s): return s
    case .cmaES(let s): return s
    case .separableCMAES(let s): return s
    case .xNES(let s): return s
    case .sNES(let s): return s
    case .crossEntropy(let s): return s
    case .exponentialWeights(let s): return s
    case .openAIES(let s): return s
    }
  }

  /// The CLI name of the wrapped strategy (e.g. `cma-es`).
  public var strategyName: String { type(of: base).name }

  public var dimension: Int { base.dimension }
  public var populationSize: Int { base.populationSize }
  public var generation: Int { base.generation }
  public var mean: [Double] { base.mean }
  public var stepSize: Double { base.stepSize }
  public var conditionNumber: Double { base.conditionNumber }
  public var stopReason: StopReason? { base.stopReason }

  public func ask() -> Population { base.ask() }

  public mutating func tell(_ population: Population, fitness: [Double]) throws {
    // `consume` moves the payload out, so the strategy's buffers are mutated in
    // place rather than copied (they would be shared with `self` otherwise).
    switch consume self {
    case .naturalGradient(var s):
      defer { self = .naturalGradient(s) }
      try s.tell(population, fitness: fitness)
    case .cmaES(var s):
      defer { self = .cmaES(s) }
      try s.tell(population, fitness: fitness)
    case .separableCMAES(var s):
      defer { self = .separableCMAES(s) }
      try s.tell(population, fitness: fitness)
    case .xNES(var s):
      defer { self = .xNES(s) }
      try s.tell(population, fitness: fitness)
    case .sNES(var s):
      defer { self = .sNES(s) }
      try s.tell(population, fitness: fitness)
    case .crossEntropy(var s):
      defer { self = .crossEntropy(s) }
      try s.tell(population, fitness: fitness)
    case .exponentialWeights(var s):
      defer { self = .exponentialWeights(s) }
      try s.tell(population, fitness: fitness)
    case .openAIES(var s):
      defer { self = .openAIES(s) }
      try s.tell(population, fitness: fitness)
    }
  }

}
