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
/// Use it as a state machine: ``begin(_:)`` with the population returns the
/// first candidates to evaluate; ``tell(_:)`` with their values returns the
/// next ones, or an empty list when ``fitness`` is ready.
public struct SurrogatePopulation: Sendable, Codable, Hashable {
  /// pycma's `SurrogatePopulationSettings` defaults.
  public static let tauThreshold = 0.85
  public static let minimumEvaluatedFraction = 0.02

  /// The surrogate, shared by every generation of the run.
  public private(set) var model: LinearQuadraticModel
  /// True evaluations so far.
  public private(set) var evaluations = 0
  /// Kendall's τ at the end of the last round.
  public private(set) var lastTau = 0.0

  var population: [[Double]] = []
  var trueValues: [Double?] = []
  /// How many candidates of the generation should be evaluated by the end of the round.
  var target = 0
  /// The candidates of the round in progress, in the order they are to be told.
  public private(set) var pending: [Int] = []
  /// The generation's fitness, once it is complete.
  public private(set) var fitness: [Double]?

  /// A surrogate for points in `dimension` coordinates.
  ///
  /// - Throws: as ``LinearQuadraticModel/init(dimension:)``.
  public init(dimension: Int) throws {
    model = try LinearQuadraticModel(dimension: dimension)
  }

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
    target = Int(1 + Swift.max(Double(lambda) * Self.minimumEvaluatedFraction,
                               3 / LinearQuadraticModel.truncationRatio - Double(model.size)))
    pending = try nextRound()
    return pending
  }

  /// The candidates to evaluate so that `target` of them are evaluated:
  /// unevaluated ones in the model's order (in index order while the model
  /// has fewer than two points).
  mutating func nextRound() throws -> [Int] {
    var order = Array(population.indices)
    if model.size > 1 {
      try model.fit()
      let predicted = population.map(model.predict)
      order.sort { (predicted[$0], $0) < (predicted[$1], $1) }
    }
    let evaluated = trueValues.count { $0 != nil }
    let wanted = Swift.max(0, target - evaluated)
    let values = trueValues
    return Array(order.filter { values[$0] == nil }.prefix(wanted))
  }

  /// Takes the values of the candidates ``pending`` names, in that order, and
  /// returns the next candidates to evaluate, or `[]` when ``fitness`` is set.
  ///
  /// - Throws: ``FisherError`` when no round is pending, for a wrong number of
  ///   values, or for a non-finite value (the surrogate cannot model failures).
  public mutating func tell(_ values: [Double]) throws -> [Int] {
    guard fitness == nil, !pending.isEmpty else {
      throw FisherError.invalidParameter(name: "surrogate", reason: "no evaluations are pending")
    }
    guard values.count == pending.count else {
      throw FisherError.dimensionMismatch("\(values.count) values for \(pending.count) pending candidates")
    }
    guard values.allSatisfy(\.isFinite) else {
      throw FisherError.nonFinite("a surrogate-assisted evaluation returned a non-finite value")
    }
    for (i, v) in zip(pending, values) {
      trueValues[i] = v
      try model.add(population[i], value: v)
    }
    evaluations += values.count
    pending = []
    let lambda = population.count
    let evaluated = trueValues.count { $0 != nil }
    model.sort(first: target)
    let tauPoints = Int(Swift.max(15, Swift.min(1.2 * Double(evaluated), 0.75 * Double(lambda))))
    if model.size >= 3 { try model.fit() }
    lastTau = model.kendallTau(first: tauPoints)
    if evaluated < lambda && lastTau < Self.tauThreshold {
      target += Int((Double(target) / 2).rounded(.up))
      pending = try nextRound()
      return pending
    }
    model.sort(first: evaluated)
    if evaluated == lambda {
      fitness = trueValues.map { $0 ?? .nan }
    } else {
      try model.fit()
      let predicted = population.map(model.predict)
      let offset = trueValues.compactMap { $0 }.min() ?? 0
      let lowest = predicted.min() ?? 0
      fitness = predicted.map { $0 - lowest + offset }
    }
    return []
  }
}
