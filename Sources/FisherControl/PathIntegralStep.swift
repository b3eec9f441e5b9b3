/// The parts of one path-integral control step that ``MPPI``, ``SmoothMPPI`` and
/// ``KernelMPPI`` share: sampling and rolling out K control sequences in parallel
/// chunks, weighting them, and the weighted mean of the sampled perturbations.
///
/// The planners differ only in what they sample (a ``_RolloutSampler``) and in
/// what they do with the weighted mean.

/// Fills the controls of a block of rollouts for ``_MPPIScratch/sampleAndRollOut(system:cost:state:step:samples:horizon:sampler:)``.
///
/// A sampler writes, for every rollout k of the block, the time-major controls
/// `controls[(t·K + k)·m + j]` of the scratch and the control cost P_k
/// (S_k = R_k + γ P_k). What it writes for rollout k depends on k and the
/// planner's state only, never on the block, so that results do not depend on
/// the threads.
protocol _RolloutSampler: SendableMetatype {
  associatedtype Scalar: ControlScalar
  /// Writes the controls and control costs of rollouts `range`; `scratch` holds
  /// ``_MPPIScratch/chunkStride`` doubles owned by the calling chunk.
  func sample(_ range: Range<Int>, scratch: UnsafeMutablePointer<Double>)
  /// Adds to the rollout costs R_k of `range` the costs that depend on the
  /// sampled controls alone (after the rollout; nothing by default).
  func accumulateControlCost(_ range: Range<Int>, into costs: UnsafeMutablePointer<Scalar>)
}

extension _RolloutSampler {
  @inline(__always)
  func accumulateControlCost(_ range: Range<Int>, into costs: UnsafeMutablePointer<Scalar>) {}
}

extension _SampleSetup: _RolloutSampler {}

/// Checks the settings of a path-integral planner; returns the effective control bounds.
func validatePathIntegralPlanner<S: DynamicalSystem>(
  system: S, configuration c: MPPIConfiguration
) throws -> (lower: [Double], upper: [Double]) {
  let bounds = try validatePlanner(
    system: system, samples: c.samples, horizon: c.horizon, threads: c.threads,
    noiseDimension: c.noise.dimension, noiseExponent: c.noiseExponent, tailFill: c.tailFill,
    initialControls: c.initialControls, lower: c.controlLowerBounds, upper: c.controlUpperBounds)
  try c.temperature.validate()
  if let g = c.controlCostWeight, !(g.isFinite && g >= 0) {
    throw FisherError.invalidParameter(name: "control cost weight", reason: "must be finite and ≥ 0, got \(g)")
  }
  guard c.zeroMeanFraction.isFinite, c.zeroMeanFraction >= 0, c.zeroMeanFraction <= 1 else {
    throw FisherError.invalidParameter(name: "zero-mean fraction", reason: "must be in [0, 1], got \(c.zeroMeanFraction)")
  }
  return bounds
}

extension _MPPIScratch {
  /// A ``_SampleSetup`` that draws `rows` × m perturbations per rollout around
  /// the `rows` × m sequence in `nominal`, clamps them to the scratch's bounds
  /// and writes them, time-major, to `output`; P_k = Σ_t a_t · (v_{k,t} − nominal_t)
  /// with a_t read from `linearCost`.
  func sampleSetup(
    configuration c: MPPIConfiguration, generation: Int, rows: Int, dimension m: Int, colored: ColoredNoise?,
    nominal: UnsafeMutablePointer<Scalar>, linearCost: UnsafeMutablePointer<Scalar>,
    output: UnsafeMutablePointer<Scalar>
  ) -> _SampleSetup<Scalar> {
    let k = c.samples
    let zeroMeanStart = k - Int((c.zeroMeanFraction * Double(k)).rounded(.down))
    return _SampleSetup(
      streams: RandomStreams(seed: c.seed), generation: generation, samples: k, horizon: rows, m: m,
      includeNominal: c.includeNominal, zeroMeanStart: zeroMeanStart, nominal: nominal, sigmaInvU: linearCost,
      lower: lower.pointer, upper: upper.pointer, cholesky: cholesky.pointer,
      colored: colored == nil ? nil : coloredMatrix.pointer, coloredInputs: colored?.inputCount ?? 0,
      controls: output, controlCosts: controlCosts.pointer)
  }

  /// Sets ``sigmaInvU`` to a_t = Σ⁻¹ U_t / `divisor` for the `rows` × m sequence U
  /// (computed in doubles, stored in the scalar).
  func setLinearCost(inverse: [Double], controls u: [Double], rows: Int, dimension m: Int, divisor: Double = 1) {
    for t in 0..<rows {
      for i in 0..<m {
        var s = 0.0
        for j in 0..<m { s += inverse[i * m + j] * u[t * m + j] }
        sigmaInvU.pointer[t * m + i] = Scalar(s / divisor)
      }
    }
  }

  /// Samples every rollout with `sampler` and rolls it out from `state`: fills
  /// ``controls``, ``controlCosts`` and ``rolloutCosts`` (R_k, with the sampler's
  /// own control costs added).
  ///
  /// Each chunk samples a block and rolls it out while its controls are in cache.
  func sampleAndRollOut<S: DynamicalSystem, C: ControlCost, Sampler: _RolloutSampler>(
    system: S, cost: C, state: [Double], step: Int, samples k: Int, horizon: Int, sampler: Sampler
  ) where S.Scalar == Scalar, C.Scalar == Scalar, Sampler.Scalar == Scalar {
    let setup = _Shared(sampler)
    let controls = _Shared(UnsafePointer(self.controls.pointer))
    let states = _Shared(self.states.pointer), rollCosts = _Shared(rolloutCosts.pointer)
    let chunkScratch = _Shared(self.chunkScratch.pointer), chunkStride = self.chunkStride
    let x0s = _Shared(initialState.load(state))
    forEachChunk(count: k, chunks: chunks, pool: pool) { chunk, range in
      let scratch = chunkScratch.value + chunk * chunkStride
      let st = setup.value
      var b0 = range.lowerBound
      while b0 < range.upperBound {
        let b1 = Swift.min(b0 + _rolloutBlock, range.upperBound)
        st.sample(b0..<b1, scratch: scratch)
        _rollout(
          system: system, cost: cost, initialState: x0s.value, controls: controls.value,
          samples: k, horizon: horizon, step: step, range: b0..<b1, states: states.value,
          costs: rollCosts.value)
        st.accumulateControlCost(b0..<b1, into: rollCosts.value)
        b0 = b1
      }
    }
  }

  /// The totals S_k = R_k + γ P_k (γ = λ when `controlCostWeight` is nil), the
  /// temperature λ and the weights w_k, in index order.
  ///
  /// A fixed λ is used as is; a target effective sample size is met within
  /// 0.5 % by bisection from `previous`. Returns λ, the effective sample size
  /// (0 when no cost is finite) and the statistics of the finite S_k.
  @_specialize(where Scalar == Double) @_specialize(where Scalar == Float)
  func weigh(
    samples k: Int, temperature: Temperature, previous: Double, controlCostWeight gamma: Double?
  ) -> (lambda: Double, ess: Double, stats: (min: Double, mean: Double, max: Double, finite: Int)) {
    let rBuf = UnsafeBufferPointer(start: rolloutCosts.pointer, count: k)
    let pBuf = UnsafeBufferPointer(start: controlCosts.pointer, count: k)
    let sBuf = UnsafeMutableBufferPointer(start: totalCosts.pointer, count: k)
    let wBuf = UnsafeMutableBufferPointer(start: weights.pointer, count: k)
    func weigh(_ lambda: Double) -> Double {
      let g = Scalar(gamma ?? lambda)
      for i in 0..<k { sBuf[i] = rBuf[i] + g * pBuf[i] }
      return PathIntegralWeights.inScalar(costs: UnsafeBufferPointer(sBuf), temperature: lambda, into: wBuf)
    }
    var lambda = previous
    var ess: Double
    switch temperature {
    case .fixed(let l):
      lambda = l
      ess = weigh(l)
    case .effectiveSampleSize(let fraction, _):
      (lambda, ess) = TemperatureSolver.solve(
        target: Swift.max(1, fraction * Double(k)), start: lambda, bounds: 1e-15...1e15, relativeTolerance: 0.005,
        maxBisections: 40, effectiveSampleSize: weigh)
    }
    return (lambda, ess, costStatistics(UnsafeBufferPointer(sBuf)))
  }

  /// δ_i = Σ_k w_k (v_{k,i} − u_i) for the `rows` × m entries i of a sample set
  /// v stored time-major (`v[(t·K + k)·m + j]`) around the nominal u, written to
  /// ``delta``.
  ///
  /// Each sum runs in rollout order, so the result does not depend on the
  /// threads; four sums advance together so that they do not wait on each
  /// other, and groups of four run in parallel.
  @_specialize(where Scalar == Double) @_specialize(where Scalar == Float)
  func weightedDeviation(
    of samples: UnsafeMutablePointer<Scalar>, from nominal: UnsafeMutablePointer<Scalar>, rows: Int, samples k: Int,
    dimension m: Int
  ) {
    let tm = rows * m
    let update = _Shared((v: samples, u: nominal, w: weights.pointer, delta: delta.pointer))
    forEachChunk(count: (tm + 3) / 4, chunks: chunks, pool: pool) { _, groups in
      let (v, u, w, delta) = update.value
      for g in groups {
        let i0 = 4 * g
        // The rollout-0 entry of sum i; a lane past the end repeats the last sum.
        func base(_ i: Int) -> UnsafeMutablePointer<Scalar> { v + (i / m) * k * m + i % m }
        let i1 = Swift.min(i0 + 1, tm - 1), i2 = Swift.min(i0 + 2, tm - 1), i3 = Swift.min(i0 + 3, tm - 1)
        let p0 = base(i0), p1 = base(i1), p2 = base(i2), p3 = base(i3)
        let u0 = u[i0], u1 = u[i1], u2 = u[i2], u3 = u[i3]
        var a0: Scalar = 0, a1: Scalar = 0, a2: Scalar = 0, a3: Scalar = 0
        for s in 0..<k {
          let ws = w[s]
          if ws == 0 { continue }
          let o = s * m
          a0 += ws * (p0[o] - u0)
          a1 += ws * (p1[o] - u1)
          a2 += ws * (p2[o] - u2)
          a3 += ws * (p3[o] - u3)
        }
        delta[i0] = a0
        delta[i1] = a1
        delta[i2] = a2
        delta[i3] = a3
      }
    }
  }

  /// A time-major `rows` × K × m sample set, rollout-major (K × rows × m).
  func rolloutMajor(_ v: UnsafeMutablePointer<Scalar>, rows: Int, samples k: Int, dimension m: Int) -> [Double] {
    var out = [Double](repeating: 0, count: k * rows * m)
    for s in 0..<k {
      for i in 0..<rows {
        for j in 0..<m { out[(s * rows + i) * m + j] = v[(i * k + s) * m + j]._double }
      }
    }
    return out
  }
}

extension PlannerReport {
  /// The report of a path-integral step (MPPI, SMPPI, KMPPI): λ, the
  /// effective sample size and the statistics of the totals S_k that
  /// ``_MPPIScratch/weigh(samples:temperature:previous:controlCostWeight:)`` returns.
  init(
    step: Int, temperature: Double, effectiveSampleSize: Double,
    statistics s: (min: Double, mean: Double, max: Double, finite: Int), rollouts: Int
  ) {
    self.init(
      step: step, temperature: temperature, effectiveSampleSize: effectiveSampleSize, minCost: s.min,
      meanCost: s.mean, maxCost: s.max, rollouts: rollouts, feasibleRollouts: s.finite)
  }
}

extension FisherError {
  /// Every one of `rollouts` rollouts of control step `step` was infeasible.
  static func allRolloutsInfeasible(rollouts: Int, step: Int) -> FisherError {
    .noFeasibleRollout("all \(rollouts) rollouts of step \(step) were infeasible")
  }
}

/// The control to apply now: the first m = `lower.count` entries of a plan,
/// each within its bounds.
func firstControl(of plan: [Double], lower: [Double], upper: [Double]) -> [Double] {
  var out = [Double](repeating: 0, count: lower.count)
  for j in 0..<lower.count { out[j] = Swift.min(Swift.max(plan[j], lower[j]), upper[j]) }
  return out
}
