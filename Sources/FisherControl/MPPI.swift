/// Model-predictive path-integral control (Williams et al., 2017), as in pytorch_mppi.
///
/// Each call of ``command(state:)`` is one control step:
///
/// 1. Sample K perturbations ε_k ~ N(0, Σ) of the nominal sequence U (T × m),
///    white or colored along the horizon; v_k = clamp(U + ε_k) (or clamp(ε_k)
///    for the zero-mean fraction; v₀ = U for the nominal rollout), and ε_k is
///    recomputed as v_k − U so that clipped noise is not penalized.
/// 2. Roll every v_k out from the state: S_k = Σ_t c(x_{t+1}, v_{k,t}) + φ(x_T)
///    + γ Σ_t U_tᵀ Σ⁻¹ ε_{k,t}, with γ = λ unless ``MPPIConfiguration/controlCostWeight`` is set.
/// 3. Weight w = softmax(−(S − min S)/λ) and update U ← U + Σ_k w_k ε_k.
/// 4. Optionally smooth U (Savitzky–Golay), return U₀, then shift U by one
///    step and fill its tail (warm start for the next call).
///
/// Rollouts run on ``MPPIConfiguration/threads`` threads in contiguous chunks.
/// The noise of rollout k at control step s comes from
/// `RandomStreams(seed:).generator(generation: s, index: k)` and every reduction
/// runs in index order, so the commands are bit-identical for any thread count.
/// All buffers are allocated once, at construction.
///
/// The ``cost`` is a variable: a new goal, new obstacles or a new reference
/// trajectory take effect at the next command, with the same buffers and
/// threads. Rollouts with a non-finite cost (a hard constraint violated, a NaN
/// from the model) get weight 0 and are counted in ``PlannerReport/feasibleRollouts``;
/// when no rollout is feasible, ``command(state:)`` throws.
///
///     let pendulum = Pendulum()
///     var config = MPPIConfiguration(samples: 1000, horizon: 15,
///                                    noise: try NoiseCovariance(standardDeviations: [Double(10).squareRoot()]))
///     config.seed = 1
///     var mppi = try MPPI(system: pendulum, cost: PendulumCost(), configuration: config)
///     var x = Pendulum.hangingDown
///     for _ in 0..<200 { x = try pendulum.next(x, try mppi.command(state: x)) }
///
/// - Complexity: O(K · T · (m² + cost of one step)) per command.
public struct MPPI<System: DynamicalSystem, Cost: ControlCost>: ControlPlanner where Cost.Scalar == System.Scalar {
  /// The model the rollouts step.
  public let system: System
  /// The cost the rollouts are scored with. Assign a new one (or change its
  /// fields) between commands to move the goal, the obstacles or the
  /// reference: the next command uses it, nothing is reallocated and the
  /// worker threads keep running.
  public var cost: Cost
  /// The settings, fixed at construction.
  public let configuration: MPPIConfiguration
  /// The nominal control sequence U, T × m row-major (after the last shift).
  public private(set) var controls: [Double]
  /// The temperature λ of the last step (the starting value before any).
  public private(set) var temperature: Double
  /// Control steps taken so far.
  public private(set) var steps = 0
  public private(set) var lastReport: PlannerReport?
  /// The effective control bounds.
  public let lowerBounds: [Double]
  public let upperBounds: [Double]

  @usableFromInline let _colored: ColoredNoise?
  @usableFromInline var _history: [Double] = []
  @usableFromInline var _scratch: _MPPIScratch<System.Scalar>

  /// - Throws: `FisherError` for sizes that do not match the system, or invalid settings.
  public init(system: System, cost: Cost, configuration: MPPIConfiguration) throws {
    let c = configuration
    let bounds = try validatePathIntegralPlanner(system: system, configuration: c)
    self.system = system
    self.cost = cost
    self.configuration = c
    self.lowerBounds = bounds.lower
    self.upperBounds = bounds.upper
    self.controls = c.initialControls ?? [Double](repeating: 0, count: c.horizon * system.controlDimension)
    self.temperature = c.temperature.initialValue
    self._colored = c.noiseExponent > 0 ? try ColoredNoise(exponent: c.noiseExponent, length: c.horizon) : nil
    self._scratch = _MPPIScratch(configuration: c, system: system, colored: _colored)
  }

  /// Restores the initial nominal sequence, temperature and step count.
  public mutating func reset() {
    controls = configuration.initialControls
      ?? [Double](repeating: 0, count: configuration.horizon * system.controlDimension)
    temperature = configuration.temperature.initialValue
    steps = 0
    lastReport = nil
    _history = []
  }

  /// The perturbed controls v_k of the last step, K × T × m (rollout-major).
  public func lastSampledControls() -> [Double] {
    _scratch.rolloutMajor(
      _scratch.controls.pointer, rows: configuration.horizon, samples: configuration.samples,
      dimension: system.controlDimension)
  }

  /// The rollout costs S_k of the last step.
  public func lastCosts() -> [Double] {
    _scratch.totalCosts.prefix(configuration.samples)
  }

  /// The weights w_k of the last step.
  public func lastWeights() -> [Double] {
    _scratch.weights.prefix(configuration.samples)
  }

  /// Plans from `state` and returns the control to apply now (one control step).
  ///
  /// - Throws: `FisherError.dimensionMismatch` or `.nonFinite` for a state of
  ///   the wrong length or with a non-finite entry (the planner is unchanged);
  ///   `FisherError.noFeasibleRollout` when every rollout's cost is non-finite.
  ///   The planner then still advances by one step (its plan shifted but not
  ///   updated, ``lastReport`` showing no feasible rollout), so that the next
  ///   command draws new samples; the caller chooses what to apply meanwhile.
  public mutating func command(state: [Double]) throws -> [Double] {
    try checkState(state, of: system)
    if !isKnownUniquelyReferenced(&_scratch) {
      _scratch = _MPPIScratch(configuration: configuration, system: system, colored: _colored)
    }
    let c = configuration
    let k = c.samples, horizon = c.horizon, m = system.controlDimension
    let sc = _scratch
    sc.pool.beginCommand()
    defer { sc.pool.endCommand() }

    // a_t = Σ⁻¹ U_t, for the control cost λ Σ_t U_tᵀ Σ⁻¹ ε_t = λ Σ_t a_t · ε_t.
    sc.setLinearCost(inverse: c.noise.inverse, controls: controls, rows: horizon, dimension: m)

    // 1–2. Sample and roll out, in parallel chunks.
    for i in 0..<(horizon * m) { sc.nominal.pointer[i] = System.Scalar(controls[i]) }
    let sampler = sc.sampleSetup(
      configuration: c, generation: steps, rows: horizon, dimension: m, colored: _colored,
      nominal: sc.nominal.pointer, linearCost: sc.sigmaInvU.pointer, output: sc.controls.pointer)
    sc.sampleAndRollOut(
      system: system, cost: cost, state: state, step: steps, samples: k, horizon: horizon, sampler: sampler)

    // 3. Temperature, weights, update (serial, index order).
    let (lambda, ess, stats) = sc.weigh(
      samples: k, temperature: c.temperature, previous: temperature, controlCostWeight: c.controlCostWeight)
    temperature = lambda
    if stats.finite == 0 {
      lastReport = PlannerReport(
        step: steps, temperature: lambda, effectiveSampleSize: 0, statistics: stats, rollouts: k)
      c.tailFill.shift(&controls, count: horizon, dimension: m)
      steps += 1
      throw FisherError.allRolloutsInfeasible(rollouts: k, step: steps - 1)
    }
    sc.weightedDeviation(of: sc.controls.pointer, from: sc.nominal.pointer, rows: horizon, samples: k, dimension: m)
    let delta = sc.delta.pointer
    if ess > 0 {
      for i in 0..<(horizon * m) { controls[i] += delta[i]._double }
    }

    // 4. Smooth, emit, shift.
    if let sg = c.smoothing {
      let h = _history
      let hc = h.count / m
      controls.withUnsafeMutableBufferPointer { u in
        h.withUnsafeBufferPointer { hb in sg.smooth(u, count: horizon, dimension: m, history: hb, historyCount: hc) }
      }
    }
    let out = firstControl(of: controls, lower: lowerBounds, upper: upperBounds)
    if let sg = c.smoothing {
      _history.append(contentsOf: out)
      let keep = sg.halfWidth * m
      if _history.count > keep { _history.removeFirst(_history.count - keep) }
    }
    lastReport = PlannerReport(
      step: steps, temperature: lambda, effectiveSampleSize: ess, statistics: stats, rollouts: k)
    c.tailFill.shift(&controls, count: horizon, dimension: m)
    steps += 1
    return out
  }
}

/// Everything a chunk needs to sample its rollouts' controls.
@usableFromInline
struct _SampleSetup<Scalar: ControlScalar> {
  let streams: RandomStreams
  let generation: Int
  let samples: Int
  let horizon: Int
  let m: Int
  let includeNominal: Bool
  let zeroMeanStart: Int
  let nominal: UnsafeMutablePointer<Scalar>
  let sigmaInvU: UnsafeMutablePointer<Scalar>
  let lower: UnsafeMutablePointer<Scalar>
  let upper: UnsafeMutablePointer<Scalar>
  let cholesky: UnsafeMutablePointer<Scalar>
  /// The T × q matrix of ``ColoredNoise``, or nil for white noise.
  let colored: UnsafeMutablePointer<Double>?
  let coloredInputs: Int
  let controls: UnsafeMutablePointer<Scalar>
  let controlCosts: UnsafeMutablePointer<Scalar>

  /// Samples rollouts `range`: writes v_{k,t} = clamp(U_t + ε_{k,t}) (clamp(ε_{k,t})
  /// for the zero-mean rollouts, clamp(U_t) for the nominal one) into the
  /// time-major control buffer and sets P_k = Σ_t a_t · (v_{k,t} − U_t).
  ///
  /// Rollout k draws from its own stream: for white noise T·m standard normals
  /// z in the order (t, j); for colored noise q normals per control dimension j,
  /// mapped through ``ColoredNoise/matrix``. The draws are doubles, rounded to
  /// the scalar; then ε_{k,t} = L z_{k,t}. `scratch` holds 4·T·m + q·m doubles.
  ///
  /// Groups of four rollouts are sampled together: the same draws and, lane by
  /// lane, the same arithmetic as one at a time.
  @_specialize(where Scalar == Double) @_specialize(where Scalar == Float)
  func sample(_ range: Range<Int>, scratch: UnsafeMutablePointer<Double>) {
    var k = range.lowerBound
    if includeNominal && k == 0 && !range.isEmpty {
      sampleOneByOne(0..<1, scratch: scratch)
      k = 1
    }
    while k &+ 4 <= range.upperBound {
      sampleFour(from: k, scratch: scratch)
      k &+= 4
    }
    sampleOneByOne(k..<range.upperBound, scratch: scratch)
  }

  /// Rollouts k ..< k + 4 (none of them the nominal one).
  @inline(__always)
  func sampleFour(from k: Int, scratch z: UnsafeMutablePointer<Double>) {
    let horizon = self.horizon, m = self.m, tm = horizon &* m
    for r in 0..<4 {
      var rng = streams.generator(generation: generation, index: k &+ r)
      if let mat = colored {
        ColoredNoise.draw(
          &rng, matrix: mat, horizon: horizon, inputCount: coloredInputs, dimension: m, inputs: z + 4 &* tm,
          into: z + r &* tm)
      } else {
        rng.fillNormal(UnsafeMutableBufferPointer(start: z + r &* tm, count: tm))
      }
    }
    // Set in the lanes of the zero-mean rollouts, whose base is 0 rather than U.
    var zeroMean = SIMDMask<SIMD4<Scalar>.MaskStorage>(repeating: false)
    for r in 0..<4 where k &+ r >= zeroMeanStart { zeroMean[r] = true }
    func lanes(_ o: Int) -> SIMD4<Scalar> {
      SIMD4(Scalar(z[o]), Scalar(z[tm &+ o]), Scalar(z[2 &* tm &+ o]), Scalar(z[3 &* tm &+ o]))
    }
    func base(_ u: Scalar) -> SIMD4<Scalar> { SIMD4(repeating: u).replacing(with: 0, where: zeroMean) }
    var p = SIMD4<Scalar>(repeating: 0)
    if m == 1 {
      let l = cholesky[0], lo = lower[0], hi = upper[0]
      for t in 0..<horizon {
        let u = nominal[t]
        let v = _clamp(base(u) + l * lanes(t), lo, hi)
        let row = controls + (t &* samples &+ k)
        row[0] = v[0]
        row[1] = v[1]
        row[2] = v[2]
        row[3] = v[3]
        p += sigmaInvU[t] * (v - u)
      }
    } else {
      for t in 0..<horizon {
        var pt = SIMD4<Scalar>(repeating: 0)
        for r in 0..<m {
          // ε_r = Σ_{j ≤ r} L_rj z_j, in each lane.
          var e = SIMD4<Scalar>(repeating: 0)
          for j in 0...r { e += cholesky[r &* m &+ j] * lanes(t &* m &+ j) }
          let u = nominal[t &* m &+ r]
          let v = _clamp(base(u) + e, lower[r], upper[r])
          let row = controls + ((t &* samples &+ k) &* m &+ r)
          row[0] = v[0]
          row[m] = v[1]
          row[2 &* m] = v[2]
          row[3 &* m] = v[3]
          pt += sigmaInvU[t &* m &+ r] * (v - u)
        }
        p += pt
      }
    }
    controlCosts[k] = p[0]
    controlCosts[k &+ 1] = p[1]
    controlCosts[k &+ 2] = p[2]
    controlCosts[k &+ 3] = p[3]
  }

  /// Rollouts `range` one at a time.
  @inline(__always)
  func sampleOneByOne(_ range: Range<Int>, scratch: UnsafeMutablePointer<Double>) {
    let m = self.m, horizon = self.horizon, tm = horizon * m
    let z = scratch, inputs = scratch + tm
    for k in range {
      let nominalRollout = includeNominal && k == 0
      if !nominalRollout {
        var rng = streams.generator(generation: generation, index: k)
        if let mat = colored {
          ColoredNoise.draw(
            &rng, matrix: mat, horizon: horizon, inputCount: coloredInputs, dimension: m, inputs: inputs, into: z)
        } else {
          rng.fillNormal(UnsafeMutableBufferPointer(start: z, count: tm))
        }
      }
      let centred = nominalRollout || k < zeroMeanStart
      var p: Scalar = 0
      if m == 1 {
        let l = cholesky[0], lo = lower[0], hi = upper[0]
        for t in 0..<horizon {
          let u = nominal[t]
          let e = nominalRollout ? 0 : l * Scalar(z[t])
          let v = _clamp((centred ? u : 0) + e, lo, hi)
          controls[t * samples + k] = v
          p += sigmaInvU[t] * (v - u)
        }
      } else {
        for t in 0..<horizon {
          let zt = z + t * m, ut = nominal + t * m, at = sigmaInvU + t * m
          let row = controls + (t * samples + k) * m
          var pt: Scalar = 0
          for r in 0..<m {
            // ε_r = Σ_{j ≤ r} L_rj z_j
            var e: Scalar = 0
            if !nominalRollout { for j in 0...r { e += cholesky[r * m + j] * Scalar(zt[j]) } }
            let u = ut[r]
            let v = _clamp((centred ? u : 0) + e, lower[r], upper[r])
            row[r] = v
            pt += at[r] * (v - u)
          }
          p += pt
        }
      }
      controlCosts[k] = p
    }
  }
}

/// The buffers of an ``MPPI`` planner, allocated once.
///
/// The buffers that grow with K hold the planner's scalar; the noise scratch
/// and the colored-noise matrix hold doubles (see ``ControlScalar``).
@usableFromInline
final class _MPPIScratch<Scalar: ControlScalar>: @unchecked Sendable {
  let chunks: Int
  let chunkStride: Int
  let pool: _WorkerPool
  let controls: _Buffer<Scalar>      // V, T × K × m (time-major)
  let states: _Buffer<Scalar>        // K × n
  let initialState: _Buffer<Scalar>  // x₀, n
  let rolloutCosts: _Buffer<Scalar>  // R_k
  let controlCosts: _Buffer<Scalar>  // P_k (S_k = R_k + λ P_k)
  let totalCosts: _Buffer<Scalar>    // S_k
  let weights: _Buffer<Scalar>       // w_k
  let nominal: _Buffer<Scalar>       // U at sampling time
  let sigmaInvU: _Buffer<Scalar>     // Σ⁻¹ U_t
  let delta: _Buffer<Scalar>         // Σ_k w_k ε_k
  let lower: _Buffer<Scalar>
  let upper: _Buffer<Scalar>
  let cholesky: _Buffer<Scalar>
  let chunkScratch: _Buffer<Double>
  let coloredMatrix: _Buffer<Double>
  /// Support-point samples θ'_k of ``KernelMPPI``, S × K × m (time-major); empty for the others.
  let support: _Buffer<Scalar>
  /// θ at sampling time (S × m).
  let supportNominal: _Buffer<Scalar>
  /// Zeros (S × m): the support points carry no control cost of their own.
  let supportZeros: _Buffer<Scalar>
  /// The T × S interpolation matrix from support points to controls.
  let interpolation: _Buffer<Scalar>

  /// Buffers for K rollouts of T steps; `supportRows` > 0 adds those of
  /// ``KernelMPPI`` with that many support points, and the noise drawn is
  /// `noiseScale` · L z.
  init<S: DynamicalSystem>(
    configuration c: MPPIConfiguration, system: S, colored: ColoredNoise?, noiseScale: Double = 1,
    supportRows: Int = 0
  ) {
    let coloredInputs = colored?.inputCount ?? 0
    let k = c.samples, t = c.horizon, m = system.controlDimension, n = system.stateDimension
    let rows = Swift.max(t, supportRows)
    chunks = c.threads == 1 ? 1 : Swift.min(k, 2 * c.threads)
    pool = _WorkerPool(threads: c.threads, spin: c.spin)
    chunkStride = 4 * rows * m + coloredInputs * m
    controls = _Buffer(count: t * k * m)
    states = _Buffer(count: k * n)
    initialState = _Buffer(count: n)
    rolloutCosts = _Buffer(count: k)
    controlCosts = _Buffer(count: k)
    totalCosts = _Buffer(count: k)
    weights = _Buffer(count: k)
    nominal = _Buffer(count: t * m)
    sigmaInvU = _Buffer(count: t * m)
    delta = _Buffer(count: rows * m)
    lower = _Buffer(count: m)
    upper = _Buffer(count: m)
    cholesky = _Buffer(count: m * m)
    chunkScratch = _Buffer(count: chunks * chunkStride)
    let lo = c.controlLowerBounds ?? system.controlLowerBounds
    let hi = c.controlUpperBounds ?? system.controlUpperBounds
    for j in 0..<m {
      lower.pointer[j] = Scalar(lo[j])
      upper.pointer[j] = Scalar(hi[j])
    }
    for i in 0..<(m * m) { cholesky.pointer[i] = Scalar(noiseScale * c.noise.lower[i]) }
    support = _Buffer(count: supportRows * k * m)
    supportNominal = _Buffer(count: supportRows * m)
    supportZeros = _Buffer(count: supportRows * m)
    interpolation = _Buffer(count: t * supportRows)
    coloredMatrix = _Buffer(count: colored?.matrix.count ?? 0)
    if let colored { for i in colored.matrix.indices { coloredMatrix.pointer[i] = colored.matrix[i] } }
  }
}
