/// How lq-CMA-ES evaluates a population: a few candidates for real, the rest
/// on the surrogate, as pycma's `cma.fitness_models.SurrogatePopulation` does.
///
/// A generation runs in rounds. The first evaluates ⌊1 + max(0.02 λ, 4 − size)⌋
/// candidates (in the model's order once it has two points). After each round
/// the new points join the ``LinearQuadraticModel``, and Kendall's τ between
/// the true and the modelled values of the newest ⌊max(15, min(1.2 e, 0.75 λ))⌋
/// archived points (e evaluated so far) decides: τ ≥ 0.85 ends the generation,
/// otherwise the number to evaluate grows by ⌈k/2⌉ and the next round
/// evaluates, in the model's new order, the best candidates not yet evaluated.
/// When every candidate was evaluated, the generation's fitness is the true
/// values; otherwise it is the model's values, shifted so that their minimum
/// equals the smallest true value of the generation.
///
/// A failed evaluation (a non-finite value) counts as an evaluation, ranks
/// its candidate last (+∞) and stays out of the model. A generation does not
/// end on the model while none of its evaluations succeeded: the rounds go
/// on as if τ were low, until a value is finite or every candidate was tried.
/// When the model cannot be fitted (its features overflow), the remaining
/// candidates are evaluated in index order.
///
/// Use it as a state machine: ``begin(_:)`` with the population returns the
/// first candidates to evaluate; ``tell(_:)`` with their values returns the
/// next ones, or an empty list when ``fitness`` is ready.
public struct SurrogatePopulation: Sendable, Hashable {
  /// pycma's `SurrogatePopulationSettings` defaults.
  public static let tauThreshold = 0.85
  public static let minimumEvaluatedFraction = 0.02

  /// The surrogate, shared by every generation of the run.
  public private(set) var model: LinearQuadraticModel
  /// True evaluations so far (failed ones included).
  public internal(set) var evaluations = 0
  /// Kendall's τ at the end of the last round.
  public private(set) var lastTau = 0.0

  /// The generation's candidates, as evaluated.
  public private(set) var population: [[Double]] = []
  /// Each candidate's true value once evaluated (+∞ for a failed evaluation).
  var trueValues: [Double?] = []
  /// How many candidates of the generation should be evaluated by the end of the round.
  var target = 0
  /// Rounds of the current generation told so far.
  public private(set) var round = 0
  /// The candidates of the round in progress, in the order they are to be told.
  public private(set) var pending: [Int] = []
  /// The generation's fitness, once it is complete.
  public private(set) var fitness: [Double]?

  /// A surrogate for points in `dimension` coordinates whose model grows up
  /// to `largestKind`.
  ///
  /// - Throws: as ``LinearQuadraticModel/init(dimension:largestKind:)``.
  public init(dimension: Int, largestKind: LinearQuadraticModel.Kind = .fullQuadratic) throws {
    model = try LinearQuadraticModel(dimension: dimension, largestKind: largestKind)
  }

  /// The number of coordinates.
  public var dimension: Int { model.dimension }

  /// Candidates of the current generation evaluated so far, and how many of them failed.
  public var evaluatedInGeneration: Int { trueValues.count { $0 != nil } }
  public var failedInGeneration: Int { trueValues.count { $0 == .infinity } }

  /// Starts a generation and returns the indices of the candidates to
  /// evaluate first. A population larger than any before (as after an IPOP
  /// restart) resets the model.
  ///
  /// - Throws: ``FisherError`` for an empty population, points of the wrong
  ///   dimension or non-finite coordinates.
  public mutating func begin(_ population: [[Double]]) throws -> [Int] {
    guard !population.isEmpty else {
      throw FisherError.invalidParameter(name: "population", reason: "is empty")
    }
    for x in population {
      guard x.count == model.dimension else {
        throw FisherError.dimensionMismatch(
          "a candidate of dimension \(x.count) for a surrogate of dimension \(model.dimension)")
      }
      guard x.allSatisfy(\.isFinite) else { throw FisherError.nonFinite("a candidate has a non-finite coordinate") }
    }
    let lambda = population.count
    if lambda > model.maxAbsoluteSize {
      if model.maxAbsoluteSize != 0 { model.reset() }
      model.maxAbsoluteSize = lambda
    }
    self.population = population
    trueValues = [Double?](repeating: nil, count: lambda)
    fitness = nil
    round = 0
    target = Int(1 + Swift.max(Double(lambda) * Self.minimumEvaluatedFraction,
                               3 / LinearQuadraticModel.truncationRatio - Double(model.size)))
    pending = nextRound()
    return pending
  }

  /// The model's values at the candidates, or nil when it cannot be fitted.
  mutating func predictions() -> [Double]? {
    guard (try? model.fit()) != nil else { return nil }
    let predicted = population.map(model.predict)
    return predicted.allSatisfy(\.isFinite) ? predicted : nil
  }

  /// The candidates to evaluate so that `target` of them are evaluated:
  /// unevaluated ones in the model's order (in index order while the model
  /// has fewer than two points or cannot be fitted, and then all of them).
  mutating func nextRound() -> [Int] {
    var order = Array(population.indices)
    if model.size > 1 {
      if let predicted = predictions() {
        order.sort { (predicted[$0], $0) < (predicted[$1], $1) }
      } else {
        target = population.count
      }
    }
    let wanted = Swift.max(0, target - evaluatedInGeneration)
    let values = trueValues
    return Array(order.filter { values[$0] == nil }.prefix(wanted))
  }

  /// Takes the values of the candidates ``pending`` names, in that order, and
  /// returns the next candidates to evaluate, or `[]` when ``fitness`` is set.
  /// A NaN or infinite value marks a failed evaluation.
  ///
  /// - Throws: ``FisherError`` when no round is pending or for a wrong
  ///   number of values; nothing changes then.
  public mutating func tell(_ values: [Double]) throws -> [Int] {
    guard fitness == nil, !pending.isEmpty else {
      throw FisherError.invalidParameter(name: "surrogate", reason: "no evaluations are pending")
    }
    guard values.count == pending.count else {
      throw FisherError.dimensionMismatch("\(values.count) values for \(pending.count) pending candidates")
    }
    for (i, v) in zip(pending, values) {
      guard v.isFinite else {
        trueValues[i] = .infinity
        continue
      }
      trueValues[i] = v
      try model.add(population[i], value: v)
    }
    evaluations += values.count
    round += 1
    pending = []
    let lambda = population.count
    let evaluated = evaluatedInGeneration
    let anySucceeded = trueValues.contains { $0.map(\.isFinite) ?? false }
    model.sort(first: target)
    let tauPoints = Int(Swift.max(15, Swift.min(1.2 * Double(evaluated), 0.75 * Double(lambda))))
    if model.size >= 3 { _ = try? model.fit() }
    lastTau = model.kendallTau(first: tauPoints)
    if evaluated < lambda && (lastTau < Self.tauThreshold || !anySucceeded) {
      target += Int((Double(target) / 2).rounded(.up))
      pending = nextRound()
      if !pending.isEmpty { return pending }
    }
    model.sort(first: evaluated)
    if evaluated == lambda || !anySucceeded {
      fitness = trueValues.map { $0 ?? .infinity }
    } else if let predicted = predictions() {
      let offset = trueValues.compactMap { $0 }.min() ?? 0
      let lowest = predicted.min() ?? 0
      fitness = predicted.map { $0 - lowest + offset }
      for (i, v) in trueValues.enumerated() where v == .infinity { fitness?[i] = .infinity }
    } else {
      target = lambda
      pending = nextRound()
      return pending
    }
    return []
  }

  /// The model's minimizer (``LinearQuadraticModel/optimum()``) after
  /// fitting it to the archive, or nil when it cannot be computed.
  public mutating func modelOptimum() -> [Double]? {
    guard model.size > 0, (try? model.fit()) != nil, let x = try? model.optimum() else { return nil }
    return x.allSatisfy(\.isFinite) ? x : nil
  }

  /// A fresh surrogate for a restarted run: an empty model, the evaluation count kept.
  public func restarted() throws -> SurrogatePopulation {
    var fresh = try SurrogatePopulation(dimension: dimension, largestKind: model.largestKind)
    fresh.evaluations = evaluations
    return fresh
  }
}

extension SurrogatePopulation: Codable {
  enum CodingKeys: String, CodingKey {
    case model, evaluations, lastTau, population, trueValues, failed, target, round, pending, fitness
  }

  // JSON has no infinity: a failed evaluation is listed in `failed`, and a
  // candidate ranked last in `fitness` is written as null.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(model, forKey: .model)
    try c.encode(evaluations, forKey: .evaluations)
    try c.encode(lastTau, forKey: .lastTau)
    try c.encode(population, forKey: .population)
    try c.encode(trueValues.map { $0?.isFinite == true ? $0 : nil }, forKey: .trueValues)
    try c.encode(trueValues.indices.filter { trueValues[$0] == .infinity }, forKey: .failed)
    try c.encode(target, forKey: .target)
    try c.encode(round, forKey: .round)
    try c.encode(pending, forKey: .pending)
    try c.encodeIfPresent(fitness.map { $0.map { $0.isFinite ? $0 : nil } }, forKey: .fitness)
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    model = try c.decode(LinearQuadraticModel.self, forKey: .model)
    evaluations = try c.decode(Int.self, forKey: .evaluations)
    lastTau = try c.decode(Double.self, forKey: .lastTau)
    population = try c.decode([[Double]].self, forKey: .population)
    trueValues = try c.decode([Double?].self, forKey: .trueValues)
    let failed = try c.decode([Int].self, forKey: .failed)
    target = try c.decode(Int.self, forKey: .target)
    round = try c.decode(Int.self, forKey: .round)
    pending = try c.decode([Int].self, forKey: .pending)
    fitness = try c.decodeIfPresent([Double?].self, forKey: .fitness)?.map { $0 ?? .infinity }
    let lambda = population.count
    guard trueValues.count == lambda, population.allSatisfy({ $0.count == model.dimension }),
      (failed + pending).allSatisfy({ (0..<lambda).contains($0) }), fitness.map({ $0.count == lambda }) ?? true,
      evaluations >= 0, round >= 0, target >= 0
    else {
      throw FisherError.malformedInput("a surrogate's state does not match its population")
    }
    for i in failed { trueValues[i] = .infinity }
  }
}
