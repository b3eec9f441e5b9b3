/// The covariance matrix adaptation evolution strategy, (μ/μ_w, λ)-CMA-ES with
/// active covariance update and cumulative step-size adaptation, as in Hansen's
/// tutorial (arXiv:1604.00772) with pycma's defaults.
///
/// The search distribution is N(m, σ² C). With C = B D² Bᵀ (eigenvectors B,
/// axis lengths D) and zₖ ∼ N(0, I) from the generation's random streams,
///
///     xₖ = m + σ B (D ∘ zₖ),    k = 1…λ,
///
/// and ``tell(_:fitness:)`` performs the update documented on the state (mean,
/// p_σ, h_σ, p_c, the rank-one plus active rank-μ update of C, CSA for σ); the
/// parameters are in ``CMAESParameters``. B and D are refreshed lazily, when
/// enough covariance updates have accumulated since the last
/// eigendecomposition (every generation for small n, every ~8 at n = 1000), so
/// a generation costs O(λ n²) plus an amortized O(n³)/gap.
///
///     var es = try CMAES(mean: [Double](repeating: 1, count: 10), sigma: 0.5, seed: 1)
///     while es.stopReason == nil {
///       let p = es.ask()
///       try es.tell(p, fitness: (0..<p.count).map { ClassicProblem.sphere.value(p[$0]) })
///     }
///
/// Differences from pycma (its defaults otherwise): C starts as I (pycma
/// perturbs the diagonal by e^(10⁻⁴ i/n) to help its eigen solver); no mirrored
/// sampling (pycma's default only for λ < 6, i.e. n = 1); CSA for every n
/// (pycma switches to TPA for n ≥ 300); no condition alleviation of C
/// (`conditioncov_alleviate`); `tolx` tests |p_c| where pycma tests p_c.
///
/// With ``CMAESOptions/covariance`` = `.cholesky` (the default from
/// n = ``CMAESOptions/CovarianceRepresentation/automaticCholeskyDimension`` on),
/// C = A Aᵀ is kept as a lower-triangular factor instead: xₖ = m + σ A zₖ, the σ
/// path uses A⁻¹(m′ − m)/σ, and C's update is done on A by rank-one updates and
/// downdates (see ``choleskyFactor``); no step is O(n³).
///
/// - Complexity: O(λ n²) per ask and per tell, plus O(n³) every
///   ``CMAESParameters/eigenUpdateGap`` tells for the eigendecomposition (none
///   for the Cholesky factor); O(n²) memory.
public struct CMAES: Strategy, Hashable {
  public static let name = "cma-es"

  /// The learning rates, weights and derived limits.
  public let parameters: CMAESParameters
  public let options: CMAESOptions
  public let streams: RandomStreams
  var _state: _CMAESState
  /// C; only the upper triangle is kept current between eigendecompositions.
  var _c: Matrix
  /// The eigenvectors of C as last decomposed, as columns.
  var _b: Matrix
  /// √ of the eigenvalues of C as last decomposed, ascending.
  var _d: [Double]
  /// Covariance updates performed, and at the last eigendecomposition.
  var _covarianceUpdates = 0
  var _lastEigenUpdate = 0
  /// The Cholesky representation of C; when set, `_c`, `_b` and `_d` are empty.
  var _cholesky: _CMAESCholeskyCovariance?

  /// A CMA-ES at `mean` with step size `sigma` and C = I.
  ///
  /// - Parameters:
  ///   - mean: the initial mean m, of dimension n.
  ///   - sigma: the initial step size σ.
  ///   - populationSize: λ; default 4 + ⌊3 ln n⌋.
  ///   - seed: the seed of the random streams.
  ///   - options: the active update, the covariance representation and the stopping tolerances.
  /// - Throws: ``FisherError`` for an empty or non-finite mean, σ not positive
  ///   and finite, λ < 2, or invalid options; ``FisherError/insufficientMemory(_:)``
  ///   when n and λ need more memory than the process may use.
  public init(mean: [Double], sigma: Double, populationSize: Int? = nil, seed: UInt64, options: CMAESOptions = .init()) throws {
    try StrategyArguments.check(mean: mean, sigma: sigma)
    let n = mean.count
    parameters = try CMAESParameters(dimension: n, populationSize: populationSize, options: options)
    self.options = options
    streams = RandomStreams(seed: seed)
    _state = _CMAESState(mean: mean, sigma: sigma)
    if options.covariance.resolved(dimension: n) == .cholesky {
      _cholesky = _CMAESCholeskyCovariance(dimension: n, streams: streams)
      _c = Matrix(_rows: 0, columns: 0)
      _b = Matrix(_rows: 0, columns: 0)
      _d = []
    } else {
      _c = ._identity(n)
      _b = ._identity(n)
      _d = [Double](repeating: 1, count: n)
    }
  }

  public var dimension: Int { parameters.dimension }
  public var populationSize: Int { parameters.populationSize }
  public var generation: Int { _state.generation }
  public var mean: [Double] { _state.mean }
  /// σ.
  public var stepSize: Double { _state.sigma }
  /// Evaluations told so far.
  public var evaluations: Int { _state.evaluations }
  /// The best value told so far (nil before the first finite one).
  public var bestValue: Double? { _state.history.bestValue }
  /// λ_max/λ_min of C as last decomposed; for the Cholesky factor, the ratio
  /// of the running power- and inverse-iteration estimates (a lower bound that
  /// tracks the true value as C changes slowly).
  public var conditionNumber: Double {
    if let f = _cholesky { return f.spectrum.largest / f.spectrum.smallest }
    let r = _d[_d.count - 1] / _d[0]
    return r * r
  }
  /// How C is represented in this run (never `.automatic`).
  public var covarianceRepresentation: CMAESOptions.CovarianceRepresentation {
    _cholesky == nil ? .eigendecomposition : .cholesky
  }
  /// The lower-triangular factor A with C = A Aᵀ used for sampling, or nil when
  /// C is represented by its eigendecomposition.
  public var choleskyFactor: Matrix? { _cholesky?.factor }
  /// Active-update downdates of the Cholesky factor skipped so far because C
  /// would have lost positive definiteness (through rounding); 0 for the
  /// eigendecomposition.
  public var skippedDowndates: Int { _cholesky?.skippedDowndates ?? 0 }
  public var stopReason: StopReason? { _state.stopReason }

  /// C (symmetric, n × n); the search covariance is σ² C.
  ///
  /// - Complexity: O(n²); O(n³) for the Cholesky factor (A Aᵀ is formed).
  public var covarianceMatrix: Matrix {
    if let f = _cholesky { return f.covariance }
    var c = _c
    c.elements.withUnsafeMutableBufferPointer { _CMAESKernels.mirrorUpper($0.baseAddress!, n: dimension) }
    return c
  }
  /// The eigenvectors of C (columns) used for sampling; for the Cholesky
  /// factor, those of the current C, computed on each call in O(n³).
  public var eigenvectors: Matrix {
    if _cholesky != nil { return _eigenOfFactor()?.vectors ?? ._identity(dimension) }
    return _b
  }
  /// The axis lengths √λᵢ(C) used for sampling, ascending; for the Cholesky
  /// factor, those of the current C, computed on each call in O(n³).
  public var axisLengths: [Double] {
    if _cholesky != nil {
      return _eigenOfFactor()?.values.map { Swift.max(0, $0).squareRoot() } ?? [Double](repeating: 1, count: dimension)
    }
    return _d
  }

  func _eigenOfFactor() -> SymmetricEigen? { _cholesky.flatMap { try? SymmetricEigen($0.covariance) } }
  /// p_σ, the conjugate evolution path.
  public var sigmaPath: [Double] { _state.ps }
  /// p_c, the evolution path of the rank-one update.
  public var covariancePath: [Double] { _state.pc }

  /// The λ candidates of the current generation: xₖ = m + σ B (D ∘ zₖ), or
  /// xₖ = m + σ A zₖ for the Cholesky factor.
  ///
  /// - Complexity: O(λ n²).
  public func ask() -> Population {
    let n = dimension, lambda = populationSize
    let z = _standardNormalRows(streams, generation: generation, count: lambda, dimension: n)
    if let f = _cholesky {
      return Population(generation: generation, candidates: f.sample(z, mean: _state.mean, sigma: _state.sigma), directions: z)
    }
    var x = Matrix(_rows: lambda, columns: n)
    var scratch = [Double](repeating: 0, count: lambda * n)
    _b.elements.withUnsafeBufferPointer { b in
      _d.withUnsafeBufferPointer { d in
        z.elements.withUnsafeBufferPointer { zb in
          _state.mean.withUnsafeBufferPointer { m in
            scratch.withUnsafeMutableBufferPointer { s in
              x.elements.withUnsafeMutableBufferPointer { xb in
                _CMAESKernels.sample(
                  b: b.baseAddress!, d: d.baseAddress!, z: zb.baseAddress!, mean: m.baseAddress!,
                  sigma: _state.sigma, lambda: lambda, n: n, scratch: s.baseAddress!, x: xb.baseAddress!)
              }
            }
          }
        }
      }
    }
    return Population(generation: generation, candidates: x, directions: z)
  }

  /// One CMA-ES update with the fitness of the current population (lower is
  /// better, +∞ for a failed evaluation, ranked last).
  ///
  /// - Throws: ``FisherError`` for a population of another generation or shape,
  ///   NaN or −∞ fitness, or non-finite candidates; the state is unchanged then.
  /// - Complexity: O(λ n²), plus O(n³) when the eigendecomposition is due.
  public mutating func tell(_ population: Population, fitness: [Double]) throws {
    try validateTell(population, fitness: fitness)
    try _CMAESState.validate(population, fitness: fitness, dimension: dimension)
    let n = dimension, lambda = populationSize
    let p = parameters
    let w = p.weights.weights
    let order = _CMAESState.ranking(fitness)
    let sorted = order.map { fitness[$0] }

    // y sorted by fitness, and the new mean.
    var y = Matrix(_rows: lambda, columns: n)
    let newMean = _state.sortedSteps(population, order: order, weights: w, mu: p.mu, into: &y)
    let oldMean = _state.mean
    var dm = [Double](repeating: 0, count: n)
    for j in 0..<n { dm[j] = newMean[j] - oldMean[j] }

    // p_σ needs C^(−1/2)(m′ − m) with the B, D the population was sampled with,
    // or A⁻¹(m′ − m) with the factor A it was sampled with.
    let shift = _cholesky?.whitenAndIterateSpectrum(dm) ?? _eigenInverseSquareRoot(dm)

    _state.generation += 1
    _state.evaluations += lambda
    let hsig = _state.updatePaths(inverseRootShift: shift, meanShift: dm, parameters: p)

    // Covariance: decay, rank one, rank μ with the negative weights rescaled by
    // n/‖C^(−1/2) yᵢ‖²; ‖C^(−1/2) yᵢ‖ is the norm of the sampled zᵢ (yᵢ = B D zᵢ,
    // or yᵢ = A zᵢ with ‖A⁻¹ yᵢ‖ = ‖C^(−1/2) yᵢ‖).
    let c1a = p.c1 * (1 - (hsig ? 0 : 1) * p.cc * (2 - p.cc))
    var weightSum = 0.0
    for v in w { weightSum += v }
    let decay = 1 - c1a - p.cmu * weightSum
    var coefficients = [Double](repeating: 0, count: lambda)
    population.directions.elements.withUnsafeBufferPointer { zb in
      for rank in 0..<lambda {
        var wk = w[rank]
        if wk < 0 {
          let zk = zb.baseAddress! + order[rank] * n
          var s = 0.0
          for j in 0..<n { s += zk[j] * zk[j] }
          let norm = s.squareRoot() + 1e-9
          wk *= Double(n) / (norm * norm)
        }
        coefficients[rank] = p.cmu * wk
      }
    }
    var variances: [Double]?
    if c1a + p.cmu > 0, _cholesky != nil {
      variances = _cholesky?.update(decay: decay, c1: p.c1, p: _state.pc, coefficients: coefficients, y: y)
      if variances == nil { _state.numericalError = true }
      _covarianceUpdates += 1
    } else if c1a + p.cmu > 0 {
      var active = [Int](repeating: 0, count: lambda)
      _c.elements.withUnsafeMutableBufferPointer { c in
        _state.pc.withUnsafeBufferPointer { pc in
          coefficients.withUnsafeBufferPointer { a in
            y.elements.withUnsafeBufferPointer { yb in
              active.withUnsafeMutableBufferPointer { act in
                _CMAESKernels.updateUpperCovariance(
                  c: c.baseAddress!, n: n, decay: decay, c1: p.c1, p: pc.baseAddress!,
                  coefficients: a.baseAddress!, y: yb.baseAddress!, count: lambda, active: act.baseAddress!)
              }
            }
          }
        }
      }
      _covarianceUpdates += 1
    }

    _state.updateStepSize(parameters: p)
    _state.mean = newMean
    _state.history.record(
      sorted: sorted, dimension: n, populationSize: lambda, generation: _state.generation,
      evaluations: _state.evaluations, bestIndexInGeneration: order[0])
    _state.history.recordMean(newMean, threshold: options.tolXStagnation)
    _state.stopReason = _state.terminationReason(_stopInputs(variances: variances), parameters: p, options: options)
    _updateEigendecompositionIfDue()
  }

  /// C^(−1/2) v = B D⁻¹ Bᵀ v with the current B and D.
  func _eigenInverseSquareRoot(_ v: [Double]) -> [Double] {
    let n = dimension
    var result = [Double](repeating: 0, count: n)
    var scratch = [Double](repeating: 0, count: n)
    _b.elements.withUnsafeBufferPointer { b in
      _d.withUnsafeBufferPointer { d in
        v.withUnsafeBufferPointer { vb in
          scratch.withUnsafeMutableBufferPointer { t in
            result.withUnsafeMutableBufferPointer { r in
              _CMAESKernels.inverseSquareRoot(
                b: b.baseAddress!, d: d.baseAddress!, v: vb.baseAddress!, n: n,
                scratch: t.baseAddress!, result: r.baseAddress!)
            }
          }
        }
      }
    }
    return result
  }

  /// What the termination criteria read; `variances`, diag(C), when already known.
  func _stopInputs(variances: [Double]? = nil) -> _CMAESStopInputs {
    let n = dimension
    if let f = _cholesky {
      let m = _state.mean, sigma = _state.sigma
      return _CMAESStopInputs(
        variances: variances ?? f.variances, smallestAxis: f.spectrum.smallest.squareRoot(),
        largestAxis: f.spectrum.largest.squareRoot(),
        axisHasNoEffect: { i in f.columnHasNoEffect(i, mean: m, scale: 0.1 * sigma) })
    }
    var variances = [Double](repeating: 0, count: n)
    for i in 0..<n { variances[i] = _c[i, i] }
    let b = _b, d = _d, m = _state.mean, sigma = _state.sigma
    return _CMAESStopInputs(
      variances: variances, smallestAxis: d[0], largestAxis: d[n - 1],
      axisHasNoEffect: { i in
        let scale = 0.1 * sigma * d[i]
        for j in 0..<n where m[j] != m[j] + scale * b[j, i] { return false }
        return true
      })
  }

  /// pycma's lazy update: decompose C when at least ``CMAESParameters/eigenUpdateGap``
  /// covariance updates have accumulated since the last decomposition.
  mutating func _updateEigendecompositionIfDue() {
    if _cholesky != nil { return }
    let pending = _covarianceUpdates - _lastEigenUpdate
    if Double(_covarianceUpdates) < Double(_lastEigenUpdate) + parameters.eigenUpdateGap { return }
    if pending == 0 { return }
    _decompose()
    _lastEigenUpdate = _covarianceUpdates
  }

  /// B, D ← eig(C). A non-positive eigenvalue (rounding after extreme
  /// conditioning) is handled as in pycma: add the previous smallest eigenvalue
  /// to the diagonal of C and decompose again.
  mutating func _decompose() {
    let n = dimension
    _c.elements.withUnsafeMutableBufferPointer { _CMAESKernels.mirrorUpper($0.baseAddress!, n: n) }
    for _ in 0..<8 {
      guard let eig = try? SymmetricEigen(_c) else { break }
      if eig.values[0] > 0 {
        _b = eig.vectors
        _d = eig.values.map { $0.squareRoot() }
        return
      }
      let shift = _d[0] * _d[0]
      for i in 0..<n { _c[i, i] += shift }
    }
    // The decomposition failed outright (non-finite C): keep sampling with the
    // previous B, D and report it.
    _state.numericalError = true
    _state.stopReason = _state.stopReason ?? .strategy("numerical-error")
  }
}

extension CMAES {
  enum CodingKeys: String, CodingKey {
    case parameters, options, streams, state, covariance, eigenvectors, axisLengths
    case covarianceUpdates, lastEigenUpdate
    case covarianceRepresentation, choleskyFactor, eigenvalueIteration, skippedDowndates
  }

  /// Restores a state written by ``encode(to:)``; resuming continues bit-identically.
  ///
  /// - Throws: ``FisherError/malformedInput(_:)`` when the parts do not fit together.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    parameters = try c.decode(CMAESParameters.self, forKey: .parameters)
    options = try c.decode(CMAESOptions.self, forKey: .options)
    streams = try c.decode(RandomStreams.self, forKey: .streams)
    _state = try c.decode(_CMAESState.self, forKey: .state)
    _covarianceUpdates = try c.decode(Int.self, forKey: .covarianceUpdates)
    _lastEigenUpdate = try c.decode(Int.self, forKey: .lastEigenUpdate)
    let n = parameters.dimension
    try _CMAESState.checkDecoded(_state, parameters: parameters, options: options)
    // Checkpoints written before the Cholesky representation existed are eigen.
    let representation = try c.decodeIfPresent(
      CMAESOptions.CovarianceRepresentation.self, forKey: .covarianceRepresentation) ?? .eigendecomposition
    switch representation {
    case .cholesky:
      let factor = try c.decode(Matrix.self, forKey: .choleskyFactor)
      try StrategyArguments.require(factor.elements.count == factor.rows * factor.columns, "Cholesky factor shape")
      let f = _CMAESCholeskyCovariance(
        transposedFactor: factor.transposed,
        spectrum: try c.decode(_ExtremeEigenvalueEstimate.self, forKey: .eigenvalueIteration),
        skippedDowndates: try c.decode(Int.self, forKey: .skippedDowndates))
      try f.validate(dimension: n)
      _cholesky = f
      _c = Matrix(_rows: 0, columns: 0)
      _b = Matrix(_rows: 0, columns: 0)
      _d = []
      return
    case .eigendecomposition:
      break
    case .automatic:
      throw FisherError.malformedInput("CMA-ES checkpoint: covariance representation must be eigen or cholesky")
    }
    _c = try c.decode(Matrix.self, forKey: .covariance)
    _b = try c.decode(Matrix.self, forKey: .eigenvectors)
    _d = try c.decode([Double].self, forKey: .axisLengths)
    for (name, m) in [("covariance", _c), ("eigenvectors", _b)] {
      try StrategyArguments.require(
        m.rows == n && m.columns == n && m.elements.count == n * n && m.elements.allSatisfy(\.isFinite),
        "\(name) must be a finite \(n)×\(n) matrix")
    }
    try StrategyArguments.require(
      _d.count == n && _d.allSatisfy { $0.isFinite && $0 > 0 }, "axis lengths must be \(n) positive numbers")
    try StrategyArguments.require(
      _covarianceUpdates >= _lastEigenUpdate && _lastEigenUpdate >= 0, "eigendecomposition counters")
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(parameters, forKey: .parameters)
    try c.encode(options, forKey: .options)
    try c.encode(streams, forKey: .streams)
    try c.encode(_state, forKey: .state)
    try c.encode(_covarianceUpdates, forKey: .covarianceUpdates)
    try c.encode(_lastEigenUpdate, forKey: .lastEigenUpdate)
    if let f = _cholesky {
      try c.encode(CMAESOptions.CovarianceRepresentation.cholesky, forKey: .covarianceRepresentation)
      try c.encode(f.factor, forKey: .choleskyFactor)
      try c.encode(f.spectrum, forKey: .eigenvalueIteration)
      try c.encode(f.skippedDowndates, forKey: .skippedDowndates)
      return
    }
    try c.encode(covarianceMatrix, forKey: .covariance)
    try c.encode(_b, forKey: .eigenvectors)
    try c.encode(_d, forKey: .axisLengths)
  }
}
