/// Separable CMA-ES (sep-CMA-ES): CMA-ES with a diagonal covariance matrix, for
/// large n or nearly separable problems (Ros & Hansen, PPSN 2008).
///
/// The search distribution is N(m, σ² diag(c)); with zₖ ∼ N(0, I)
///
///     xₖ = m + σ √c ∘ zₖ,
///
/// and the update is CMA-ES's (see ``CMAES``) restricted to the diagonal:
///
///     cᵢ ← (1 − c₁ₐ − c_μ Σwⱼ) cᵢ + c₁ p_c,ᵢ² + c_μ Σₖ wₖ° yₖ,ᵢ²,
///
/// with C^(−1/2) = diag(1/√c) in p_σ and in the rescaling of the negative
/// weights. The learning rates c_c, c₁, c_μ are pycma's separable ones
/// (`cc_sep`, `c1_sep`, `cmu_sep`, see ``CMAESParameters``): a diagonal C has n
/// free parameters instead of n(n + 1)/2, so the rates are larger by a factor
/// of order n than the full-covariance ones. The negative weights
/// are finalized with these rates, including the positive-definiteness limit
/// α_posdef⁻ that keeps every cᵢ positive under this additive update. (pycma's
/// `CMA_diagonal=True` applies the same rates through a multiplicative update
/// of a diagonal decoding and omits that limit.)
///
/// Termination criteria are CMA-ES's, with `conditioncov` on max cᵢ/min cᵢ and
/// without `noeffectaxis` (the axes are the coordinates, see `noeffectcoord`).
/// ``CMAESOptions/learningRateAdaptation`` is not supported (nor is it by the
/// `cmaes` package's sep-CMA-ES) and is rejected.
///
/// - Complexity: O(λ n) per ask and per tell; O(n) memory besides the population.
public struct SeparableCMAES: Strategy, Hashable {
  public static let name = "sep-cma-es"

  public let parameters: CMAESParameters
  public let options: CMAESOptions
  public let streams: RandomStreams
  var state: CMAESState
  /// The diagonal c of C.
  var storedVariances: [Double]
  /// Steps x − m of the solutions injected for coming generations, oldest first.
  public private(set) var injectedSteps: [[Double]] = []
  /// CMA-ES with margin's scales Aᵢ, one per discrete coordinate of
  /// ``CMAESOptions/integerMargin`` (empty without it).
  public private(set) var marginScales: [Double] = []

  /// A sep-CMA-ES at `mean` with step size `sigma` and C = I.
  ///
  /// - Throws: ``FisherError`` for an empty or non-finite mean, σ not positive
  ///   and finite, λ < 2, or invalid options;
  ///   ``FisherError/invalidParameter(name:reason:)`` for options with
  ///   learning-rate adaptation.
  public init(mean: [Double], sigma: Double, populationSize: Int? = nil, seed: UInt64, options: CMAESOptions = .init()) throws {
    try StrategyArguments.check(mean: mean, sigma: sigma)
    try Self.rejectLearningRateAdaptation(options)
    parameters = try CMAESParameters(dimension: mean.count, populationSize: populationSize, options: options, separable: true)
    self.options = options
    streams = RandomStreams(seed: seed)
    state = CMAESState(mean: mean, sigma: sigma)
    storedVariances = [Double](repeating: 1, count: mean.count)
    marginScales = IntegerMargin.initialScales(options.integerMargin)
  }

  public var dimension: Int { parameters.dimension }
  public var populationSize: Int { parameters.populationSize }
  public var generation: Int { state.generation }
  public var mean: [Double] { state.mean }
  /// σ.
  public var stepSize: Double { state.sigma }
  public var evaluations: Int { state.evaluations }
  public var bestValue: Double? { state.history.bestValue }
  /// max cᵢ / min cᵢ.
  public var conditionNumber: Double {
    var lo = Double.infinity, hi = 0.0
    for v in storedVariances {
      lo = Swift.min(lo, v)
      hi = Swift.max(hi, v)
    }
    return hi / lo
  }
  /// σ√cᵢ for each coordinate; σAᵢ√cᵢ for a discrete coordinate of CMA-ES
  /// with margin (see ``CMAES/coordinateStandardDeviations``).
  public var coordinateStandardDeviations: [Double] {
    var s = storedVariances.map { state.sigma * Swift.max(0, $0).squareRoot() }
    IntegerMargin.scale(&s, by: marginScales, coordinates: options.integerMargin)
    return s
  }
  public var stopReason: StopReason? { state.stopReason }
  /// The diagonal of C; the search variances are σ² cᵢ.
  public var variances: [Double] { storedVariances }
  public var sigmaPath: [Double] { state.ps }
  public var covariancePath: [Double] { state.pc }

  /// xₖ = m + σ √c ∘ zₖ.
  ///
  /// - Complexity: O(λ n).
  public func ask() -> Population {
    let n = dimension, lambda = populationSize
    let z = _standardNormalRows(streams, generation: generation, count: lambda, dimension: n)
    var x = Matrix(_rows: lambda, columns: n)
    let sigma = state.sigma
    var scale = storedVariances
    for j in 0..<n { scale[j] = sigma * scale[j].squareRoot() }
    z.elements.withUnsafeBufferPointer { zb in
      state.mean.withUnsafeBufferPointer { m in
        scale.withUnsafeBufferPointer { s in
          x.elements.withUnsafeMutableBufferPointer { xb in
            for k in 0..<lambda {
              let zk = zb.baseAddress! + k * n, xk = xb.baseAddress! + k * n
              for j in 0..<n { xk[j] = m[j] + s[j] * zk[j] }
            }
          }
        }
      }
    }
    return injectedSteps.isEmpty ? Population(generation: generation, candidates: x, directions: z) : withInjections(x, z)
  }

  /// One sep-CMA-ES update (lower fitness is better, +∞ marks a failure).
  ///
  /// - Throws: ``FisherError`` for a population of another generation or shape,
  ///   NaN or −∞ fitness, or non-finite candidates; the state is unchanged then.
  /// - Complexity: O(λ n).
  public mutating func tell(_ population: Population, fitness: [Double]) throws {
    try validateTell(population, fitness: fitness)
    try CMAESState.validate(population, fitness: fitness, dimension: dimension)
    let n = dimension, lambda = populationSize
    let p = parameters
    let w = p.weights.weights
    let order = CMAESState.ranking(fitness)
    let sorted = order.map { fitness[$0] }

    var y = Matrix(_rows: lambda, columns: n)
    let newMean = state.sortedSteps(population, order: order, weights: w, mu: p.mu, into: &y)
    var dm = [Double](repeating: 0, count: n)
    var shift = [Double](repeating: 0, count: n)
    for j in 0..<n {
      dm[j] = newMean[j] - state.mean[j]
      shift[j] = dm[j] / storedVariances[j].squareRoot()
    }

    state.generation += 1
    state.evaluations += lambda
    let hsig = state.updatePaths(inverseRootShift: shift, meanShift: dm, parameters: p)

    let c1a = p.c1 * (1 - (hsig ? 0 : 1) * p.cc * (2 - p.cc))
    var weightSum = 0.0
    for v in w { weightSum += v }
    if c1a + p.cmu > 0 {
      let decay = 1 - c1a - p.cmu * weightSum
      var next = storedVariances
      for j in 0..<n { next[j] = decay * next[j] + p.c1 * state.pc[j] * state.pc[j] }
      population.directions.elements.withUnsafeBufferPointer { zb in
        y.elements.withUnsafeBufferPointer { yb in
          next.withUnsafeMutableBufferPointer { c in
            for rank in 0..<lambda {
              var wk = w[rank]
              // Injected solutions take no part in the active (negative) update.
              if wk < 0 && order[rank] < population.injected { wk = 0 }
              if wk == 0 { continue }
              if wk < 0 {
                let zk = zb.baseAddress! + order[rank] * n
                var s = 0.0
                for j in 0..<n { s += zk[j] * zk[j] }
                let norm = s.squareRoot() + 1e-9
                wk *= Double(n) / (norm * norm)
              }
              let a = p.cmu * wk
              let yk = yb.baseAddress! + rank * n
              for j in 0..<n { c[j] += a * yk[j] * yk[j] }
            }
          }
        }
      }
      storedVariances = next
    }

    state.finishGeneration(newMean: newMean, sorted: sorted, bestIndex: order[0], parameters: p, options: options)
    if let margin = options.integerMargin {
      margin.correct(
        mean: &state.mean, scales: &marginScales, sigma: state.sigma, variances: storedVariances,
        alpha: margin.resolvedMargin(dimension: n, populationSize: lambda))
    }
    var lo = Double.infinity, hi = 0.0
    for v in storedVariances {
      lo = Swift.min(lo, v)
      hi = Swift.max(hi, v)
    }
    let inputs = CMAESStopInputs(
      variances: storedVariances, smallestAxis: lo.squareRoot(), largestAxis: hi.squareRoot(), axisHasNoEffect: nil)
    state.stopReason = state.terminationReason(inputs, parameters: p, options: options)
    injectedSteps.removeFirst(Swift.min(population.injected, injectedSteps.count))
  }
}

extension SeparableCMAES {
  /// Throws ``FisherError/invalidParameter(name:reason:)`` when `options` ask
  /// for learning-rate adaptation, which only ``CMAES`` implements.
  static func rejectLearningRateAdaptation(_ options: CMAESOptions) throws {
    if options.learningRateAdaptation != nil {
      throw FisherError.invalidParameter(
        name: "learning-rate-adaptation", reason: "sep-CMA-ES does not support it; use cma-es (full covariance)")
    }
  }

  enum CodingKeys: String, CodingKey {
    case parameters, options, streams, state, variances, injectedSteps, marginScales
  }

  /// Restores a state written by `encode(to:)`; resuming continues bit-identically.
  ///
  /// - Throws: ``FisherError/malformedInput(_:)`` when the parts do not fit together.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    parameters = try c.decode(CMAESParameters.self, forKey: .parameters)
    options = try c.decode(CMAESOptions.self, forKey: .options)
    try Self.rejectLearningRateAdaptation(options)
    streams = try c.decode(RandomStreams.self, forKey: .streams)
    state = try c.decode(CMAESState.self, forKey: .state)
    storedVariances = try c.decode([Double].self, forKey: .variances)
    try CMAESState.checkDecoded(state, parameters: parameters, options: options)
    try StrategyArguments.require(
      storedVariances.count == parameters.dimension && storedVariances.allSatisfy { $0.isFinite && $0 > 0 },
      "variances must be \(parameters.dimension) positive numbers")
    let n = parameters.dimension
    injectedSteps = try c.decodeIfPresent([[Double]].self, forKey: .injectedSteps) ?? []
    try StrategyArguments.require(
      injectedSteps.allSatisfy { $0.count == n && $0.allSatisfy(\.isFinite) }, "injected steps must be finite \(n)-vectors")
    marginScales = try IntegerMargin.decodeScales(c, forKey: .marginScales, options: options)
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(parameters, forKey: .parameters)
    try c.encode(options, forKey: .options)
    try c.encode(streams, forKey: .streams)
    try c.encode(state, forKey: .state)
    try c.encode(storedVariances, forKey: .variances)
    if !injectedSteps.isEmpty { try c.encode(injectedSteps, forKey: .injectedSteps) }
    if !marginScales.isEmpty { try c.encode(marginScales, forKey: .marginScales) }
  }
}

extension SeparableCMAES {
  /// Injects solutions into the coming generations as ``CMAES/inject(_:)``
  /// does, with the Mahalanobis length ‖(x − m)/(σ √c)‖.
  ///
  /// - Throws: ``FisherError`` for a solution of the wrong dimension or with
  ///   non-finite coordinates; nothing is injected then.
  public mutating func inject(_ solutions: [[Double]]) throws {
    injectedSteps += try InjectedSolutions.steps(solutions, from: state.mean, strategy: "sep-CMA-ES")
  }

  /// The population with its first candidates replaced by the injected
  /// steps, standardized as (x − m)/(σ √c).
  func withInjections(_ x: Matrix, _ z: Matrix) -> Population {
    InjectedSolutions.population(
      candidates: x, directions: z, steps: injectedSteps, mean: state.mean, generation: generation
    ) { step in (0..<step.count).map { j in step[j] / (state.sigma * storedVariances[j].squareRoot()) } }
  }

  public var discreteCoordinates: [DiscreteCoordinate] { options.integerMargin?.coordinates ?? [] }

  /// Writes the discrete coordinates of `candidate` as CMA-ES with margin
  /// evaluates them: the grid value nearest to mᵢ + Aᵢ(xᵢ − mᵢ).
  public func discretize(_ candidate: [Double], into point: inout [Double]) {
    options.integerMargin?.discretize(candidate, into: &point, mean: state.mean, scales: marginScales)
  }

  /// Multiplies σ by `factor`; the paths and C are unchanged.
  public mutating func scaleStepSize(by factor: Double) throws {
    try validateStepSizeFactor(factor)
    state.sigma *= factor
  }
}
