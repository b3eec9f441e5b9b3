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
///
/// - Complexity: O(λ n) per ask and per tell; O(n) memory besides the population.
public struct SeparableCMAES: Strategy, Hashable {
  public static let name = "sep-cma-es"

  public let parameters: CMAESParameters
  public let options: CMAESOptions
  public let streams: RandomStreams
  var _state: _CMAESState
  /// The diagonal c of C.
  var _variances: [Double]

  /// A sep-CMA-ES at `mean` with step size `sigma` and C = I.
  ///
  /// - Throws: ``FisherError`` for an empty or non-finite mean, σ not positive
  ///   and finite, λ < 2, or invalid options.
  public init(mean: [Double], sigma: Double, populationSize: Int? = nil, seed: UInt64, options: CMAESOptions = .init()) throws {
    try StrategyArguments.check(mean: mean, sigma: sigma)
    parameters = try CMAESParameters(dimension: mean.count, populationSize: populationSize, options: options, separable: true)
    self.options = options
    streams = RandomStreams(seed: seed)
    _state = _CMAESState(mean: mean, sigma: sigma)
    _variances = [Double](repeating: 1, count: mean.count)
  }

  public var dimension: Int { parameters.dimension }
  public var populationSize: Int { parameters.populationSize }
  public var generation: Int { _state.generation }
  public var mean: [Double] { _state.mean }
  /// σ.
  public var stepSize: Double { _state.sigma }
  public var evaluations: Int { _state.evaluations }
  public var bestValue: Double? { _state.history.bestValue }
  /// max cᵢ / min cᵢ.
  public var conditionNumber: Double {
    var lo = Double.infinity, hi = 0.0
    for v in _variances {
      lo = Swift.min(lo, v)
      hi = Swift.max(hi, v)
    }
    return hi / lo
  }
  public var stopReason: StopReason? { _state.stopReason }
  /// The diagonal of C; the search variances are σ² cᵢ.
  public var variances: [Double] { _variances }
  public var sigmaPath: [Double] { _state.ps }
  public var covariancePath: [Double] { _state.pc }

  /// xₖ = m + σ √c ∘ zₖ.
  ///
  /// - Complexity: O(λ n).
  public func ask() -> Population {
    let n = dimension, lambda = populationSize
    let z = _standardNormalRows(streams, generation: generation, count: lambda, dimension: n)
    var x = Matrix(_rows: lambda, columns: n)
    let sigma = _state.sigma
    var scale = _variances
    for j in 0..<n { scale[j] = sigma * scale[j].squareRoot() }
    z.elements.withUnsafeBufferPointer { zb in
      _state.mean.withUnsafeBufferPointer { m in
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
    return Population(generation: generation, candidates: x, directions: z)
  }

  /// One sep-CMA-ES update (lower fitness is better, +∞ marks a failure).
  ///
  /// - Throws: ``FisherError`` for a population of another generation or shape,
  ///   NaN or −∞ fitness, or non-finite candidates; the state is unchanged then.
  /// - Complexity: O(λ n).
  public mutating func tell(_ population: Population, fitness: [Double]) throws {
    try validateTell(population, fitness: fitness)
    try _CMAESState.validate(population, fitness: fitness, dimension: dimension)
    let n = dimension, lambda = populationSize
    let p = parameters
    let w = p.weights.weights
    let order = _CMAESState.ranking(fitness)
    let sorted = order.map { fitness[$0] }

    var y = Matrix(_rows: lambda, columns: n)
    let newMean = _state.sortedSteps(population, order: order, weights: w, mu: p.mu, into: &y)
    var dm = [Double](repeating: 0, count: n)
    var shift = [Double](repeating: 0, count: n)
    for j in 0..<n {
      dm[j] = newMean[j] - _state.mean[j]
      shift[j] = dm[j] / _variances[j].squareRoot()
    }

    _state.generation += 1
    _state.evaluations += lambda
    let hsig = _state.updatePaths(inverseRootShift: shift, meanShift: dm, parameters: p)

    let c1a = p.c1 * (1 - (hsig ? 0 : 1) * p.cc * (2 - p.cc))
    var weightSum = 0.0
    for v in w { weightSum += v }
    if c1a + p.cmu > 0 {
      let decay = 1 - c1a - p.cmu * weightSum
      var next = _variances
      for j in 0..<n { next[j] = decay * next[j] + p.c1 * _state.pc[j] * _state.pc[j] }
      population.directions.elements.withUnsafeBufferPointer { zb in
        y.elements.withUnsafeBufferPointer { yb in
          next.withUnsafeMutableBufferPointer { c in
            for rank in 0..<lambda {
              var wk = w[rank]
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
      _variances = next
    }

    _state.updateStepSize(parameters: p)
    _state.mean = newMean
    _state.history.record(
      sorted: sorted, dimension: n, populationSize: lambda, generation: _state.generation,
      evaluations: _state.evaluations, bestIndexInGeneration: order[0])
    _state.history.recordMean(newMean, threshold: options.tolXStagnation)
    var lo = Double.infinity, hi = 0.0
    for v in _variances {
      lo = Swift.min(lo, v)
      hi = Swift.max(hi, v)
    }
    let inputs = _CMAESStopInputs(
      variances: _variances, smallestAxis: lo.squareRoot(), largestAxis: hi.squareRoot(), axisHasNoEffect: nil)
    _state.stopReason = _state.terminationReason(inputs, parameters: p, options: options)
  }
}

extension SeparableCMAES {
  enum CodingKeys: String, CodingKey {
    case parameters, options, streams, state, variances
  }

  /// Restores a state written by `encode(to:)`; resuming continues bit-identically.
  ///
  /// - Throws: ``FisherError/malformedInput(_:)`` when the parts do not fit together.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    parameters = try c.decode(CMAESParameters.self, forKey: .parameters)
    options = try c.decode(CMAESOptions.self, forKey: .options)
    streams = try c.decode(RandomStreams.self, forKey: .streams)
    _state = try c.decode(_CMAESState.self, forKey: .state)
    _variances = try c.decode([Double].self, forKey: .variances)
    try _CMAESState.checkDecoded(_state, parameters: parameters, options: options)
    try StrategyArguments.require(
      _variances.count == parameters.dimension && _variances.allSatisfy { $0.isFinite && $0 > 0 },
      "variances must be \(parameters.dimension) positive numbers")
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(parameters, forKey: .parameters)
    try c.encode(options, forKey: .options)
    try c.encode(streams, forKey: .streams)
    try c.encode(_state, forKey: .state)
    try c.encode(_variances, forKey: .variances)
  }
}
