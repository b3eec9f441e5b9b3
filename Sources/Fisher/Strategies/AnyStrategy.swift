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
    switch self {
    case .naturalGradient(var s): try s.tell(population, fitness: fitness); self = .naturalGradient(s)
    case .cmaES(var s): try s.tell(population, fitness: fitness); self = .cmaES(s)
    case .separableCMAES(var s): try s.tell(population, fitness: fitness); self = .separableCMAES(s)
    case .xNES(var s): try s.tell(population, fitness: fitness); self = .xNES(s)
    case .sNES(var s): try s.tell(population, fitness: fitness); self = .sNES(s)
    case .crossEntropy(var s): try s.tell(population, fitness: fitness); self = .crossEntropy(s)
    case .exponentialWeights(var s): try s.tell(population, fitness: fitness); self = .exponentialWeights(s)
    case .openAIES(var s): try s.tell(population, fitness: fitness); self = .openAIES(s)
    }
  }
}
