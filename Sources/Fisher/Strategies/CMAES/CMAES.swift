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
/// With ``CMAESOptions/learningRateAdaptation`` set, this is LRA-CMA-ES
/// (Nomura, Akimoto & Ono, "CMA-ES with Learning Rate Adaptation: Can CMA-ES
/// with Default Population Size Solve Multimodal and Noisy Problems?", GECCO
/// 2023, arXiv:2304.03473), as the `cmaes` package runs it with
/// `lr_adapt=True`. After the update above has moved N(m, σ²C) to
/// N(m′, σ′²C′), the mean and Σ = σ²C take only the fractions η_m and η_Σ of
/// their steps, m ← m + η_m (m′ − m) and Σ ← Σ + η_Σ (σ′²C′ − σ²C); Σ is split
/// into σ and a C with det C = 1, and σ is corrected by the change of η_m. The
/// learning rates, in (0, 1] and starting at 1, follow the signal-to-noise
/// ratio of the steps estimated from moving averages in the local coordinates
/// of the old Σ: noise lowers them, consistent progress raises them (see
/// ``LearningRateAdaptationState`` for the formulas and
/// ``LearningRateAdaptation`` for α = 1.4, β_m = 0.1, β_Σ = 0.03, γ = 0.1).
/// The evolution paths are left as the plain update made them, as in `cmaes`.
/// The adaptation needs C itself: `.automatic` then means the
/// eigendecomposition at every n, `.cholesky` is rejected, and B, D are
/// refreshed after every generation (C changes by more than the rank-μ
/// update), so ``CMAESOptions/eigenUpdateGap`` has no effect.
///
/// Differences from `cmaes` with `lr_adapt=True`: the plain update underneath
/// is pycma's, as above, not `cmaes`' (which has no min(1, λ/6) in c₁, no 1/4
/// in c_μ, c_σ = (μ_eff + 2)/(n + μ_eff + 5), d_σ with κ = 1, an approximate
/// E‖N(0,I)‖ everywhere, no clipping of the σ update, a different h_σ test,
/// 10⁻⁸ added to ‖C^(−1/2)yᵢ‖² where pycma adds 10⁻⁹ to ‖C^(−1/2)yᵢ‖ in the
/// negative weights, and no lazy eigendecomposition). The adaptation itself is
/// `cmaes`' step for step, apart from the edge cases named on
/// ``LearningRateAdaptationState``: given `cmaes`' constants and candidates,
/// whole runs agree with `cmaes` to rounding.
///
/// - Complexity: O(λ n²) per ask and per tell, plus O(n³) every
///   ``CMAESParameters/eigenUpdateGap`` tells for the eigendecomposition (none
///   for the Cholesky factor; every tell with learning-rate adaptation); O(n²)
///   memory.
public struct CMAES: Strategy, Hashable {
  public static let name = "cma-es"

  /// The learning rates, weights and derived limits.
  public let parameters: CMAESParameters
  public let options: CMAESOptions
  public let streams: RandomStreams
  var state: CMAESState
  /// C; only the upper triangle is kept current between eigendecompositions.
  var storedCovariance: Matrix
  /// The eigenvectors of C as last decomposed, as columns.
  var storedEigenvectors: Matrix
  /// √ of the eigenvalues of C as last decomposed, ascending.
  var storedAxisLengths: [Double]
  /// Covariance updates performed, and at the last eigendecomposition.
  var covarianceUpdates = 0
  var lastEigenUpdate = 0
  /// The Cholesky representation of C; when set, `storedCovariance`, `storedEigenvectors` and `storedAxisLengths` are empty.
  var choleskyCovariance: CMAESCholeskyCovariance?
  /// The learning-rate adaptation's state, set exactly when the options enable it.
  var learningRateState: LearningRateAdaptationState?
  /// Steps x − m of the solutions injected for coming generations, oldest first.
  public private(set) var injectedSteps: [[Double]] = []
  /// CMA-ES with margin's scales Aᵢ, one per discrete coordinate of
  /// ``CMAESOptions/integerMargin`` (empty without it).
  public private(set) var marginScales: [Double] = []

  /// A CMA-ES at `mean` with step size `sigma` and C = I.
  ///
  /// - Parameters:
  ///   - mean: the initial mean m, of dimension n.
  ///   - sigma: the initial step size σ.
  ///   - populationSize: λ; default 4 + ⌊3 ln n⌋.
  ///   - seed: the seed of the random streams.
  ///   - options: the active update, the covariance representation, the
  ///     learning-rate adaptation and the stopping tolerances.
  /// - Throws: ``FisherError`` for an empty or non-finite mean, σ not positive
  ///   and finite, λ < 2, or invalid options (among them learning-rate
  ///   adaptation with `.cholesky`); ``FisherError/insufficientMemory(_:)``
  ///   when n and λ need more memory than the process may use.
  public init(mean: [Double], sigma: Double, populationSize: Int? = nil, seed: UInt64, options: CMAESOptions = .init()) throws {
    try StrategyArguments.check(mean: mean, sigma: sigma)
    let n = mean.count
    parameters = try CMAESParameters(dimension: n, populationSize: populationSize, options: options)
    self.options = options
    streams = RandomStreams(seed: seed)
    state = CMAESState(mean: mean, sigma: sigma)
    marginScales = IntegerMargin.initialScales(options.integerMargin)
    if options.learningRateAdaptation != nil { learningRateState = LearningRateAdaptationState(dimension: n) }
    if options.resolvedCovariance(dimension: n) == .cholesky {
      choleskyCovariance = CMAESCholeskyCovariance(dimension: n, streams: streams)
      storedCovariance = Matrix(_rows: 0, columns: 0)
      storedEigenvectors = Matrix(_rows: 0, columns: 0)
      storedAxisLengths = []
    } else {
      storedCovariance = ._identity(n)
      storedEigenvectors = ._identity(n)
      storedAxisLengths = [Double](repeating: 1, count: n)
    }
  }

  public var dimension: Int { parameters.dimension }
  public var populationSize: Int { parameters.populationSize }
  public var generation: Int { state.generation }
  public var mean: [Double] { state.mean }
  /// σ.
  public var stepSize: Double { state.sigma }
  /// Evaluations told so far.
  public var evaluations: Int { state.evaluations }
  /// The best value told so far (nil before the first finite one).
  public var bestValue: Double? { state.history.bestValue }
  /// λ_max/λ_min of C as last decomposed; for the Cholesky factor, the ratio
  /// of the running power- and inverse-iteration estimates (a lower bound that
  /// tracks the true value as C changes slowly).
  public var conditionNumber: Double {
    if let f = choleskyCovariance { return f.spectrum.largest / f.spectrum.smallest }
    let r = storedAxisLengths[storedAxisLengths.count - 1] / storedAxisLengths[0]
    return r * r
  }
  /// σ√Cᵢᵢ for each coordinate, from the current C (not the lagging
  /// eigendecomposition); a discrete coordinate of CMA-ES with margin is
  /// evaluated at mᵢ + Aᵢ(xᵢ − mᵢ), so its spread is σAᵢ√Cᵢᵢ, the scale the
  /// margin keeps.
  ///
  /// - Complexity: O(n); O(n²) for the Cholesky factor.
  public var coordinateStandardDeviations: [Double] {
    var s = currentVariances.map { state.sigma * Swift.max(0, $0).squareRoot() }
    IntegerMargin.scale(&s, by: marginScales, coordinates: options.integerMargin)
    return s
  }
  /// How C is represented in this run (never `.automatic`).
  public var covarianceRepresentation: CMAESOptions.CovarianceRepresentation {
    choleskyCovariance == nil ? .eigendecomposition : .cholesky
  }
  /// The lower-triangular factor A with C = A Aᵀ used for sampling, or nil when
  /// C is represented by its eigendecomposition.
  public var choleskyFactor: Matrix? { choleskyCovariance?.factor }
  /// Active-update downdates of the Cholesky factor skipped so far because C
  /// would have lost positive definiteness (through rounding); 0 for the
  /// eigendecomposition.
  public var skippedDowndates: Int { choleskyCovariance?.skippedDowndates ?? 0 }
  public var stopReason: StopReason? { state.stopReason }
  /// The learning rates η_m, η_Σ and the moving averages behind them, or nil
  /// without ``CMAESOptions/learningRateAdaptation``.
  public var learningRateAdaptationState: LearningRateAdaptationState? { learningRateState }

  /// C (symmetric, n × n); the search covariance is σ² C.
  ///
  /// - Complexity: O(n²); O(n³) for the Cholesky factor (A Aᵀ is formed).
  public var covarianceMatrix: Matrix {
    if let f = choleskyCovariance { return f.covariance }
    var c = storedCovariance
    c.elements.withUnsafeMutableBufferPointer { CMAESKernels.mirrorUpper($0.baseAddress!, n: dimension) }
    return c
  }
  /// The eigenvectors of C (columns) used for sampling; for the Cholesky
  /// factor, those of the current C, computed on each call in O(n³).
  public var eigenvectors: Matrix {
    if choleskyCovariance != nil { return eigenOfFactor()?.vectors ?? ._identity(dimension) }
    return storedEigenvectors
  }
  /// The axis lengths √λᵢ(C) used for sampling, ascending; for the Cholesky
  /// factor, those of the current C, computed on each call in O(n³).
  public var axisLengths: [Double] {
    if choleskyCovariance != nil {
      return eigenOfFactor()?.values.map { Swift.max(0, $0).squareRoot() } ?? [Double](repeating: 1, count: dimension)
    }
    return storedAxisLengths
  }

  func eigenOfFactor() -> SymmetricEigen? { choleskyCovariance.flatMap { try? SymmetricEigen($0.covariance) } }
  /// p_σ, the conjugate evolution path.
  public var sigmaPath: [Double] { state.ps }
  /// p_c, the evolution path of the rank-one update.
  public var covariancePath: [Double] { state.pc }

  /// The λ candidates of the current generation: xₖ = m + σ B (D ∘ zₖ), or
  /// xₖ = m + σ A zₖ for the Cholesky factor.
  ///
  /// - Complexity: O(λ n²).
  public func ask() -> Population {
    let n = dimension, lambda = populationSize
    let z = _standardNormalRows(streams, generation: generation, count: lambda, dimension: n)
    if let f = choleskyCovariance {
      let x = f.sample(z, mean: state.mean, sigma: state.sigma)
      return injectedSteps.isEmpty ? Population(generation: generation, candidates: x, directions: z) : withInjections(x, z)
    }
    var x = Matrix(_rows: lambda, columns: n)
    var scratch = [Double](repeating: 0, count: lambda * n)
    storedEigenvectors.elements.withUnsafeBufferPointer { b in
      storedAxisLengths.withUnsafeBufferPointer { d in
        z.elements.withUnsafeBufferPointer { zb in
          state.mean.withUnsafeBufferPointer { m in
            scratch.withUnsafeMutableBufferPointer { s in
              x.elements.withUnsafeMutableBufferPointer { xb in
                CMAESKernels.sample(
                  b: b.baseAddress!, d: d.baseAddress!, z: zb.baseAddress!, mean: m.baseAddress!,
                  sigma: state.sigma, lambda: lambda, n: n, scratch: s.baseAddress!, x: xb.baseAddress!)
              }
            }
          }
        }
      }
    }
    return injectedSteps.isEmpty ? Population(generation: generation, candidates: x, directions: z) : withInjections(x, z)
  }

  /// One CMA-ES update with the fitness of the current population (lower is
  /// better, +∞ for a failed evaluation, ranked last).
  ///
  /// - Throws: ``FisherError`` for a population of another generation or shape,
  ///   NaN or −∞ fitness, or non-finite candidates; the state is unchanged then.
  /// - Complexity: O(λ n²), plus O(n³) when the eigendecomposition is due.
  public mutating func tell(_ population: Population, fitness: [Double]) throws {
    try validateTell(population, fitness: fitness)
    try CMAESState.validate(population, fitness: fitness, dimension: dimension)
    let n = dimension, lambda = populationSize
    let p = parameters
    let w = p.weights.weights
    let order = CMAESState.ranking(fitness)
    let sorted = order.map { fitness[$0] }

    // y sorted by fitness, and the new mean.
    var y = Matrix(_rows: lambda, columns: n)
    let newMean = state.sortedSteps(population, order: order, weights: w, mu: p.mu, into: &y)
    let oldMean = state.mean
    var dm = [Double](repeating: 0, count: n)
    for j in 0..<n { dm[j] = newMean[j] - oldMean[j] }

    // p_σ needs C^(−1/2)(m′ − m) with the B, D the population was sampled with,
    // or A⁻¹(m′ − m) with the factor A it was sampled with.
    let shift = choleskyCovariance?.whitenAndIterateSpectrum(dm) ?? eigenInverseSquareRoot(dm)
    // The learning-rate adaptation compares the distribution before and after the update.
    var before: LearningRateAdaptationState.Gaussian?
    if learningRateState != nil {
      var c = storedCovariance
      c.elements.withUnsafeMutableBufferPointer { CMAESKernels.mirrorUpper($0.baseAddress!, n: n) }
      before = LearningRateAdaptationState.Gaussian(mean: oldMean, sigma: state.sigma, covariance: c)
    }

    state.generation += 1
    state.evaluations += lambda
    let hsig = state.updatePaths(inverseRootShift: shift, meanShift: dm, parameters: p)

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
        // Injected solutions take no part in the active (negative) update,
        // as with pycma's default `CMA_active_injected = 0`.
        if wk < 0 && order[rank] < population.injected { wk = 0 }
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
    if c1a + p.cmu > 0, choleskyCovariance != nil {
      variances = choleskyCovariance?.update(decay: decay, c1: p.c1, p: state.pc, coefficients: coefficients, y: y)
      if variances == nil { state.numericalError = true }
      covarianceUpdates += 1
    } else if c1a + p.cmu > 0 {
      var active = [Int](repeating: 0, count: lambda)
      storedCovariance.elements.withUnsafeMutableBufferPointer { c in
        state.pc.withUnsafeBufferPointer { pc in
          coefficients.withUnsafeBufferPointer { a in
            y.elements.withUnsafeBufferPointer { yb in
              active.withUnsafeMutableBufferPointer { act in
                CMAESKernels.updateUpperCovariance(
                  c: c.baseAddress!, n: n, decay: decay, c1: p.c1, p: pc.baseAddress!,
                  coefficients: a.baseAddress!, y: yb.baseAddress!, count: lambda, active: act.baseAddress!)
              }
            }
          }
        }
      }
      covarianceUpdates += 1
    }

    state.moveDistribution(newMean: newMean, parameters: p)
    if let before { adaptLearningRates(from: before) }
    if let margin = options.integerMargin {
      margin.correct(
        mean: &state.mean, scales: &marginScales, sigma: state.sigma, variances: variances ?? currentVariances,
        alpha: margin.resolvedMargin(dimension: n, populationSize: lambda))
    }
    state.recordGeneration(sorted: sorted, bestIndex: order[0], parameters: p, options: options)
    state.stopReason = state.terminationReason(stopInputs(variances: variances), parameters: p, options: options)
    updateEigendecompositionIfDue()
    injectedSteps.removeFirst(Swift.min(population.injected, injectedSteps.count))
  }

  /// LRA-CMA-ES: replaces the plain update's m, σ, C by the adapted ones (see
  /// ``LearningRateAdaptationState``) and refreshes B, D, which then belong to
  /// the C of the next tell as the adaptation's C^(−1/2) requires. Should Σ not
  /// decompose (non-finite, or rounded indefinite), the plain update stays and
  /// the run stops with `numerical-error`.
  ///
  /// - Parameter old: m, σ and C before this tell; B, D must still be C's.
  /// - Complexity: O(n³).
  mutating func adaptLearningRates(from old: LearningRateAdaptationState.Gaussian) {
    guard let settings = options.learningRateAdaptation, var adaptation = learningRateState else { return }
    let n = dimension
    storedCovariance.elements.withUnsafeMutableBufferPointer { CMAESKernels.mirrorUpper($0.baseAddress!, n: n) }
    let new = LearningRateAdaptationState.Gaussian(mean: state.mean, sigma: state.sigma, covariance: storedCovariance)
    let inverseRoot = SymmetricEigen.reconstruct(vectors: storedEigenvectors, scales: storedAxisLengths.map { 1 / $0 })
    if let adapted = adaptation.update(from: old, inverseSquareRoot: inverseRoot, to: new, settings: settings) {
      learningRateState = adaptation
      state.mean = adapted.gaussian.mean
      state.sigma = adapted.gaussian.sigma
      storedCovariance = adapted.gaussian.covariance
      storedEigenvectors = adapted.eigenvectors
      storedAxisLengths = adapted.axisLengths
    } else {
      state.numericalError = true
      decompose()
    }
    lastEigenUpdate = covarianceUpdates
  }

  /// C^(−1/2) v = B D⁻¹ Bᵀ v with the current B and D.
  func eigenInverseSquareRoot(_ v: [Double]) -> [Double] {
    let n = dimension
    var result = [Double](repeating: 0, count: n)
    var scratch = [Double](repeating: 0, count: n)
    storedEigenvectors.elements.withUnsafeBufferPointer { b in
      storedAxisLengths.withUnsafeBufferPointer { d in
        v.withUnsafeBufferPointer { vb in
          scratch.withUnsafeMutableBufferPointer { t in
            result.withUnsafeMutableBufferPointer { r in
              CMAESKernels.inverseSquareRoot(
                b: b.baseAddress!, d: d.baseAddress!, v: vb.baseAddress!, n: n,
                scratch: t.baseAddress!, result: r.baseAddress!)
            }
          }
        }
      }
    }
    return result
  }

  /// diag(C).
  var currentVariances: [Double] {
    if let f = choleskyCovariance { return f.variances }
    return (0..<dimension).map { storedCovariance[$0, $0] }
  }

  /// What the termination criteria read; `variances`, diag(C), when already known.
  func stopInputs(variances: [Double]? = nil) -> CMAESStopInputs {
    let n = dimension
    if let f = choleskyCovariance {
      let m = state.mean, sigma = state.sigma
      return CMAESStopInputs(
        variances: variances ?? f.variances, smallestAxis: f.spectrum.smallest.squareRoot(),
        largestAxis: f.spectrum.largest.squareRoot(),
        axisHasNoEffect: { i in f.columnHasNoEffect(i, mean: m, scale: 0.1 * sigma) })
    }
    var variances = [Double](repeating: 0, count: n)
    for i in 0..<n { variances[i] = storedCovariance[i, i] }
    let b = storedEigenvectors, d = storedAxisLengths, m = state.mean, sigma = state.sigma
    return CMAESStopInputs(
      variances: variances, smallestAxis: d[0], largestAxis: d[n - 1],
      axisHasNoEffect: { i in
        let scale = 0.1 * sigma * d[i]
        for j in 0..<n where m[j] != m[j] + scale * b[j, i] { return false }
        return true
      })
  }

  /// pycma's lazy update: decompose C when at least ``CMAESParameters/eigenUpdateGap``
  /// covariance updates have accumulated since the last decomposition.
  mutating func updateEigendecompositionIfDue() {
    if choleskyCovariance != nil { return }
    let pending = covarianceUpdates - lastEigenUpdate
    if Double(covarianceUpdates) < Double(lastEigenUpdate) + parameters.eigenUpdateGap { return }
    if pending == 0 { return }
    decompose()
    lastEigenUpdate = covarianceUpdates
  }

  /// B, D ← eig(C). A non-positive eigenvalue (rounding after extreme
  /// conditioning) is handled as in pycma: add the previous smallest eigenvalue
  /// to the diagonal of C and decompose again.
  mutating func decompose() {
    let n = dimension
    storedCovariance.elements.withUnsafeMutableBufferPointer { CMAESKernels.mirrorUpper($0.baseAddress!, n: n) }
    for _ in 0..<8 {
      guard let eig = try? SymmetricEigen(storedCovariance) else { break }
      if eig.values[0] > 0 {
        storedEigenvectors = eig.vectors
        storedAxisLengths = eig.values.map { $0.squareRoot() }
        return
      }
      let shift = storedAxisLengths[0] * storedAxisLengths[0]
      for i in 0..<n { storedCovariance[i, i] += shift }
    }
    // The decomposition failed outright (non-finite C): keep sampling with the
    // previous B, D and report it.
    state.numericalError = true
    state.stopReason = state.stopReason ?? .strategy("numerical-error")
  }
}

extension CMAES {
  /// Injects solutions into the coming generations, as pycma's
  /// `CMAEvolutionStrategy.inject`: each becomes one of the first candidates
  /// of the next ``ask()`` (after earlier injections), taken as the step
  /// x − m from the current mean. A step whose Mahalanobis length
  /// ‖C^(−1/2)(x − m)‖/σ exceeds √n is shortened to the length of the standard
  /// normal draw it replaces, so that it looks like a sample of the
  /// distribution. Injected candidates get no negative weight in the active update.
  ///
  /// - Throws: ``FisherError`` for a solution of the wrong dimension or with
  ///   non-finite coordinates; nothing is injected then.
  public mutating func inject(_ solutions: [[Double]]) throws {
    injectedSteps += try InjectedSolutions.steps(solutions, from: state.mean, strategy: "CMA-ES")
  }

  /// The population with its first candidates replaced by the injected
  /// steps, standardized as u with x − m = σ B (D ∘ u), or σ A u.
  func withInjections(_ x: Matrix, _ z: Matrix) -> Population {
    let n = dimension
    return InjectedSolutions.population(
      candidates: x, directions: z, steps: injectedSteps, mean: state.mean, generation: generation
    ) { step in
      var u: [Double]
      if let f = choleskyCovariance {
        u = (try? f.factor.solveLowerTriangular(step)) ?? step
      } else {
        u = [Double](repeating: 0, count: n)
        for j in 0..<n {
          var s = 0.0
          for i in 0..<n { s += storedEigenvectors[i, j] * step[i] }
          u[j] = s / storedAxisLengths[j]
        }
      }
      for j in 0..<n { u[j] /= state.sigma }
      return u
    }
  }
}

extension CMAES {
  enum CodingKeys: String, CodingKey {
    case parameters, options, streams, state, covariance, eigenvectors, axisLengths
    case covarianceUpdates, lastEigenUpdate
    case covarianceRepresentation, choleskyFactor, eigenvalueIteration, skippedDowndates
    case learningRateAdaptation, injectedSteps, marginScales
  }

  /// Restores a state written by ``encode(to:)``; resuming continues bit-identically.
  ///
  /// - Throws: ``FisherError/malformedInput(_:)`` when the parts do not fit together.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    parameters = try c.decode(CMAESParameters.self, forKey: .parameters)
    options = try c.decode(CMAESOptions.self, forKey: .options)
    streams = try c.decode(RandomStreams.self, forKey: .streams)
    state = try c.decode(CMAESState.self, forKey: .state)
    covarianceUpdates = try c.decode(Int.self, forKey: .covarianceUpdates)
    lastEigenUpdate = try c.decode(Int.self, forKey: .lastEigenUpdate)
    let n = parameters.dimension
    try CMAESState.checkDecoded(state, parameters: parameters, options: options)
    // Checkpoints written before learning-rate adaptation existed have none.
    learningRateState = try c.decodeIfPresent(LearningRateAdaptationState.self, forKey: .learningRateAdaptation)
    try StrategyArguments.require(
      (learningRateState != nil) == (options.learningRateAdaptation != nil),
      "learning-rate adaptation state must be present exactly when the options enable it")
    try learningRateState?.validate(dimension: n)
    injectedSteps = try c.decodeIfPresent([[Double]].self, forKey: .injectedSteps) ?? []
    try StrategyArguments.require(
      injectedSteps.allSatisfy { $0.count == n && $0.allSatisfy(\.isFinite) }, "injected steps must be finite \(n)-vectors")
    marginScales = try IntegerMargin.decodeScales(c, forKey: .marginScales, options: options)
    // Checkpoints written before the Cholesky representation existed are eigen.
    let representation = try c.decodeIfPresent(
      CMAESOptions.CovarianceRepresentation.self, forKey: .covarianceRepresentation) ?? .eigendecomposition
    switch representation {
    case .cholesky:
      try StrategyArguments.require(learningRateState == nil, "learning-rate adaptation needs the eigendecomposition")
      let factor = try c.decode(Matrix.self, forKey: .choleskyFactor)
      try StrategyArguments.require(factor.elements.count == factor.rows * factor.columns, "Cholesky factor shape")
      let f = CMAESCholeskyCovariance(
        transposedFactor: factor.transposed,
        spectrum: try c.decode(ExtremeEigenvalueEstimate.self, forKey: .eigenvalueIteration),
        skippedDowndates: try c.decode(Int.self, forKey: .skippedDowndates))
      try f.validate(dimension: n)
      choleskyCovariance = f
      storedCovariance = Matrix(_rows: 0, columns: 0)
      storedEigenvectors = Matrix(_rows: 0, columns: 0)
      storedAxisLengths = []
      return
    case .eigendecomposition:
      break
    case .automatic:
      throw FisherError.malformedInput("CMA-ES checkpoint: covariance representation must be eigen or cholesky")
    }
    storedCovariance = try c.decode(Matrix.self, forKey: .covariance)
    storedEigenvectors = try c.decode(Matrix.self, forKey: .eigenvectors)
    storedAxisLengths = try c.decode([Double].self, forKey: .axisLengths)
    for (name, m) in [("covariance", storedCovariance), ("eigenvectors", storedEigenvectors)] {
      try StrategyArguments.require(
        m.rows == n && m.columns == n && m.elements.count == n * n && m.elements.allSatisfy(\.isFinite),
        "\(name) must be a finite \(n)×\(n) matrix")
    }
    try StrategyArguments.require(
      storedAxisLengths.count == n && storedAxisLengths.allSatisfy { $0.isFinite && $0 > 0 }, "axis lengths must be \(n) positive numbers")
    try StrategyArguments.require(
      covarianceUpdates >= lastEigenUpdate && lastEigenUpdate >= 0, "eigendecomposition counters")
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(parameters, forKey: .parameters)
    try c.encode(options, forKey: .options)
    try c.encode(streams, forKey: .streams)
    try c.encode(state, forKey: .state)
    try c.encode(covarianceUpdates, forKey: .covarianceUpdates)
    try c.encode(lastEigenUpdate, forKey: .lastEigenUpdate)
    try c.encodeIfPresent(learningRateState, forKey: .learningRateAdaptation)
    if !injectedSteps.isEmpty { try c.encode(injectedSteps, forKey: .injectedSteps) }
    if !marginScales.isEmpty { try c.encode(marginScales, forKey: .marginScales) }
    if let f = choleskyCovariance {
      try c.encode(CMAESOptions.CovarianceRepresentation.cholesky, forKey: .covarianceRepresentation)
      try c.encode(f.factor, forKey: .choleskyFactor)
      try c.encode(f.spectrum, forKey: .eigenvalueIteration)
      try c.encode(f.skippedDowndates, forKey: .skippedDowndates)
      return
    }
    try c.encode(covarianceMatrix, forKey: .covariance)
    try c.encode(storedEigenvectors, forKey: .eigenvectors)
    try c.encode(storedAxisLengths, forKey: .axisLengths)
  }
}

extension CMAES {
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
