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
  case catCMA(CatCMA)

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
    case .catCMA(let s): return s
    }
  }

  /// The CLI name of the wrapped strategy (e.g. `cma-es`).
  public var strategyName: String { type(of: base).name }

  // Each member switches over the cases rather than going through `base`:
  // opening `base` would box a copy of the strategy in an existential on
  // every call, and the driver reads several of them per generation.

  public var dimension: Int {
    switch self {
    case .naturalGradient(let s): return s.dimension
    case .cmaES(let s): return s.dimension
    case .separableCMAES(let s): return s.dimension
    case .xNES(let s): return s.dimension
    case .sNES(let s): return s.dimension
    case .crossEntropy(let s): return s.dimension
    case .exponentialWeights(let s): return s.dimension
    case .openAIES(let s): return s.dimension
    case .catCMA(let s): return s.dimension
    }
  }

  public var populationSize: Int {
    switch self {
    case .naturalGradient(let s): return s.populationSize
    case .cmaES(let s): return s.populationSize
    case .separableCMAES(let s): return s.populationSize
    case .xNES(let s): return s.populationSize
    case .sNES(let s): return s.populationSize
    case .crossEntropy(let s): return s.populationSize
    case .exponentialWeights(let s): return s.populationSize
    case .openAIES(let s): return s.populationSize
    case .catCMA(let s): return s.populationSize
    }
  }

  public var generation: Int {
    switch self {
    case .naturalGradient(let s): return s.generation
    case .cmaES(let s): return s.generation
    case .separableCMAES(let s): return s.generation
    case .xNES(let s): return s.generation
    case .sNES(let s): return s.generation
    case .crossEntropy(let s): return s.generation
    case .exponentialWeights(let s): return s.generation
    case .openAIES(let s): return s.generation
    case .catCMA(let s): return s.generation
    }
  }

  public var mean: [Double] {
    switch self {
    case .naturalGradient(let s): return s.mean
    case .cmaES(let s): return s.mean
    case .separableCMAES(let s): return s.mean
    case .xNES(let s): return s.mean
    case .sNES(let s): return s.mean
    case .crossEntropy(let s): return s.mean
    case .exponentialWeights(let s): return s.mean
    case .openAIES(let s): return s.mean
    case .catCMA(let s): return s.mean
    }
  }

  public var stepSize: Double {
    switch self {
    case .naturalGradient(let s): return s.stepSize
    case .cmaES(let s): return s.stepSize
    case .separableCMAES(let s): return s.stepSize
    case .xNES(let s): return s.stepSize
    case .sNES(let s): return s.stepSize
    case .crossEntropy(let s): return s.stepSize
    case .exponentialWeights(let s): return s.stepSize
    case .openAIES(let s): return s.stepSize
    case .catCMA(let s): return s.stepSize
    }
  }

  public var conditionNumber: Double {
    switch self {
    case .naturalGradient(let s): return s.conditionNumber
    case .cmaES(let s): return s.conditionNumber
    case .separableCMAES(let s): return s.conditionNumber
    case .xNES(let s): return s.conditionNumber
    case .sNES(let s): return s.conditionNumber
    case .crossEntropy(let s): return s.conditionNumber
    case .exponentialWeights(let s): return s.conditionNumber
    case .openAIES(let s): return s.conditionNumber
    case .catCMA(let s): return s.conditionNumber
    }
  }

  public var coordinateStandardDeviations: [Double] {
    switch self {
    case .naturalGradient(let s): return s.coordinateStandardDeviations
    case .cmaES(let s): return s.coordinateStandardDeviations
    case .separableCMAES(let s): return s.coordinateStandardDeviations
    case .xNES(let s): return s.coordinateStandardDeviations
    case .sNES(let s): return s.coordinateStandardDeviations
    case .crossEntropy(let s): return s.coordinateStandardDeviations
    case .exponentialWeights(let s): return s.coordinateStandardDeviations
    case .openAIES(let s): return s.coordinateStandardDeviations
    case .catCMA(let s): return s.coordinateStandardDeviations
    }
  }

  public var stopReason: StopReason? {
    switch self {
    case .naturalGradient(let s): return s.stopReason
    case .cmaES(let s): return s.stopReason
    case .separableCMAES(let s): return s.stopReason
    case .xNES(let s): return s.stopReason
    case .sNES(let s): return s.stopReason
    case .crossEntropy(let s): return s.stopReason
    case .exponentialWeights(let s): return s.stopReason
    case .openAIES(let s): return s.stopReason
    case .catCMA(let s): return s.stopReason
    }
  }

  public func ask() -> Population {
    switch self {
    case .naturalGradient(let s): return s.ask()
    case .cmaES(let s): return s.ask()
    case .separableCMAES(let s): return s.ask()
    case .xNES(let s): return s.ask()
    case .sNES(let s): return s.ask()
    case .crossEntropy(let s): return s.ask()
    case .exponentialWeights(let s): return s.ask()
    case .openAIES(let s): return s.ask()
    case .catCMA(let s): return s.ask()
    }
  }

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
    case .catCMA(var s):
      defer { self = .catCMA(s) }
      try s.tell(population, fitness: fitness)
    }
  }

  public mutating func scaleStepSize(by factor: Double) throws {
    switch consume self {
    case .naturalGradient(var s):
      defer { self = .naturalGradient(s) }
      try s.scaleStepSize(by: factor)
    case .cmaES(var s):
      defer { self = .cmaES(s) }
      try s.scaleStepSize(by: factor)
    case .separableCMAES(var s):
      defer { self = .separableCMAES(s) }
      try s.scaleStepSize(by: factor)
    case .xNES(var s):
      defer { self = .xNES(s) }
      try s.scaleStepSize(by: factor)
    case .sNES(var s):
      defer { self = .sNES(s) }
      try s.scaleStepSize(by: factor)
    case .crossEntropy(var s):
      defer { self = .crossEntropy(s) }
      try s.scaleStepSize(by: factor)
    case .exponentialWeights(var s):
      defer { self = .exponentialWeights(s) }
      try s.scaleStepSize(by: factor)
    case .openAIES(var s):
      defer { self = .openAIES(s) }
      try s.scaleStepSize(by: factor)
    case .catCMA(var s):
      defer { self = .catCMA(s) }
      try s.scaleStepSize(by: factor)
    }
  }

  public mutating func inject(_ solutions: [[Double]]) throws {
    switch self {
    case .cmaES(var s):
      try s.inject(solutions)
      self = .cmaES(s)
    case .separableCMAES(var s):
      try s.inject(solutions)
      self = .separableCMAES(s)
    default:
      throw FisherError.invalidParameter(
        name: "inject", reason: "\(strategyName) takes no injected solutions; cma-es and sep-cma-es do")
    }
  }

  public var discreteCoordinates: [DiscreteCoordinate] {
    switch self {
    case .cmaES(let s): return s.discreteCoordinates
    case .separableCMAES(let s): return s.discreteCoordinates
    case .catCMA(let s): return s.discreteCoordinates
    default: return []
    }
  }

  public func discretize(_ candidate: [Double], into point: inout [Double]) {
    switch self {
    case .cmaES(let s): s.discretize(candidate, into: &point)
    case .separableCMAES(let s): s.discretize(candidate, into: &point)
    case .catCMA(let s): s.discretize(candidate, into: &point)
    default: break
    }
  }
}
