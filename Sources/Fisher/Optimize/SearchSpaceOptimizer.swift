/// Ask/tell over the points of a ``SearchSpace``: an ``Optimizer`` whose
/// candidates are handed out decoded, for objectives evaluated elsewhere.
///
///     var run = try SearchSpaceOptimizer(space: space, termination: Termination(maxEvaluations: 300), seed: 1)
///     while run.stopReason == nil {
///       let ask = run.ask()
///       let values = ask.points.map { trainAndValidate($0) }   // nil or NaN: a failed evaluation
///       try run.tell(ask, values: values)
///     }
///     print(run.best!, run.bestValue)
///
/// The strategy, start and step size are chosen as by
/// ``minimize(_:space:strategy:options:sigma:start:observer:)``; restarts, when
/// asked for, build the same strategy again. The value is `Codable`: a saved
/// run resumes bit-identically, with the same unanswered ask.
public struct SearchSpaceOptimizer: Sendable, Codable {
  /// The candidates of one ask, decoded, with the request they belong to.
  public struct Ask: Sendable {
    /// The points to evaluate, in order.
    public let points: [SearchPoint]
    /// The driver's request, which ``tell(_:values:)`` answers.
    public let request: EvaluationRequest
  }

  public let space: SearchSpace
  /// The strategy's specification, prepared for the space.
  public let specification: StrategySpecification
  /// The run in the space's search coordinates.
  public private(set) var run: Optimizer<AnyStrategy>

  /// A run over `space`.
  ///
  /// - Throws: ``FisherError`` for invalid settings or a `start` outside the space.
  public init(
    space: SearchSpace, strategy: StrategySpecification? = nil, termination: Termination = .init(),
    restarts: RestartPolicy = .none, sigma: Double = SearchSpace.defaultSigma, start: SearchPoint? = nil, seed: UInt64 = 0
  ) throws {
    self.space = space
    specification = space.prepare(strategy ?? StrategySpecification(kind: space.defaultStrategy))
    let mean = try start.map { try space.encode($0) } ?? space.initialMean
    run = try Optimizer(
      strategy: try specification.make(mean: mean, sigma: sigma, seed: seed), termination: termination,
      restarts: restarts, seed: seed)
  }

  /// Why the run stopped, or nil while it goes on.
  public var stopReason: StopReason? { run.stopReason }
  /// The best point evaluated so far (nil before the first successful evaluation).
  public var best: SearchPoint? { run.best.flatMap { try? space.decode($0.x) } }
  /// Its value, +∞ before the first successful evaluation.
  public var bestValue: Double { run.best?.f ?? .infinity }

  /// The current candidates, decoded. Asking again without a tell gives the same points.
  public func ask() -> Ask {
    let request = run.request()
    // The strategy's points always decode: they have the space's dimension and are finite.
    let points = request.points.map { (try? space.decode($0)) ?? SearchPoint(uncheckedNames: space.names, values: []) }
    return Ask(points: points, request: request)
  }

  /// Tells the values of `ask`'s points, in order: nil, NaN or ±∞ is a failed evaluation.
  ///
  /// - Throws: ``FisherError`` when `ask` is not the current ask or the count
  ///   differs; the state is unchanged then.
  public mutating func tell(_ ask: Ask, values: [Double?]) throws {
    guard values.count == ask.points.count else {
      throw FisherError.populationMismatch("\(values.count) values for \(ask.points.count) points")
    }
    let outcomes = values.map { v -> EvaluationOutcome in
      guard let v, v.isFinite else { return .failed("reported as \(v.map { "\($0)" } ?? "nil")") }
      return .value(v)
    }
    let factory = specification.restartFactory()
    try run.tell(ask.request, outcomes: outcomes, restartFactory: factory)
  }
}
