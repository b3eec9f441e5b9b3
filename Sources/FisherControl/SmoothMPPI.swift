/// Smooth MPPI (Kim, Kwon, Moon, Hong, Yoon, ICRA 2022): MPPI that samples the
/// derivative of the action sequence and penalizes changes between consecutive
/// actions, with the semantics of pytorch_mppi 0.9's `SMPPI`.
///
/// The planner keeps two T × m sequences: the actions A (what is applied and
/// rolled out, ``controls``) and the lifted controls U (``derivatives``), the
/// rate at which each action moves per command. Each call of ``command(state:)``:
///
/// 1. Samples ε_k ~ N(0, Σ) (Σ is the covariance of the derivative noise) and
///    forms the actions v_k = clamp(A + (U + ε_k) Δt) within the control bounds
///    (v₀ = clamp(A + U Δt) for the nominal rollout); the effective noise is
///    ε'_k = (v_k − A)/Δt − U, so that clipped noise is not penalized.
/// 2. Rolls v_k out: S_k = Σ_t c(x_{t+1}, v_{k,t}) + φ(x_T)
///    + w Σ_t ‖v_{k,t+1} − v_{k,t}‖² + γ Σ_t U_tᵀ Σ⁻¹ ε'_{k,t} (γ = λ unless
///    ``MPPIConfiguration/controlCostWeight`` is set).
/// 3. Weights w = softmax(−(S − min S)/λ), U ← U + Σ_k w_k ε'_k, then A ← A + U Δt.
/// 4. Returns clamp(A₀), then shifts both sequences by one step: U's tail is
///    filled by ``MPPIConfiguration/tailFill``, A's tail repeats its last action.
///
/// As in pytorch_mppi, the derivative is not integrated along the horizon: the
/// action at time t moves by (U_t + ε_t) Δt from its own previous value, so a
/// large noise changes each sample's actions little from one command to the
/// next while the smoothness cost w keeps consecutive actions close. pytorch_mppi's
/// bounds on the sampled derivative do not reach its samples (0.9.1 clamps a
/// copy that is not used), so this planner has none; the control bounds bound
/// the actions.
///
/// Sampling, rollouts and weights are those of ``MPPI`` (same random streams,
/// parallel chunks and index-order reductions), so the commands are
/// bit-identical for any thread count.
///
///     var config = MPPIConfiguration(samples: 1000, horizon: 15,
///                                    noise: try NoiseCovariance(standardDeviations: [1]))
///     var smooth = try SmoothMPPI(system: Pendulum(), cost: PendulumCost(), configuration: config,
///                                 timeStep: 1, smoothnessWeight: 1)
///     let u = try smooth.command(state: Pendulum.hangingDown)
///
/// - Complexity: O(K · T · (m² + cost of one step)) per command.
public struct SmoothMPPI<System: DynamicalSystem, Cost: ControlCost>: ControlPlanner
where Cost.Scalar == System.Scalar {
  /// The model the rollouts step.
  public let system: System
  /// The cost the rollouts are scored with; a new one takes effect at the next command.
  public var cost: Cost
  /// The settings, fixed at construction. ``MPPIConfiguration/noise`` is the
  /// covariance of the sampled derivative; ``MPPIConfiguration/initialControls``
  /// the initial action sequence. Savitzky–Golay smoothing is not available.
  public let configuration: MPPIConfiguration
  /// Δt, the step that integrates the derivative into the actions (pytorch_mppi's `delta_t`).
  public let timeStep: Double
  /// w, the weight of Σ_t ‖v_{t+1} − v_t‖² in the cost (pytorch_mppi's `w_action_seq_cost`).
  public let smoothnessWeight: Double
  /// The action sequence A, T × m row-major (after the last shift).
  public private(set) var controls: [Double]
  /// The lifted controls U, the derivative of the actions, T × m row-major (after the last shift).
  public private(set) var derivatives: [Double]
  /// The temperature λ of the last step (the starting value before any).
  public private(set) var temperature: Double
  /// Control steps taken so far.
  public private(set) var steps = 0
  public private(set) var lastReport: PlannerReport?
  /// The effective control (action) bounds.
  public let lowerBounds: [Double]
  public let upperBounds: [Double]

  let _colored: ColoredNoise?
  var _scratch: _MPPIScratch<System.Scalar>

  /// - Throws: `FisherError` for sizes that do not match the system, invalid
  ///   settings, Δt that is not finite and > 0, w that is not finite and ≥ 0, or
  ///   Savitzky–Golay smoothing in the configuration.
  public init(
    system: System, cost: Cost, configuration: MPPIConfiguration, timeStep: Double = 1, smoothnessWeight: Double = 1
  ) throws {
    let c = configuration
    let bounds = try validatePathIntegralPlanner(system: system, configuration: c)
    guard timeStep.isFinite, timeStep > 0 else {
      throw FisherError.invalidParameter(name: "time step", reason: "must be finite and > 0, got \(timeStep)")
    }
    guard smoothnessWeight.isFinite, smoothnessWeight >= 0 else {
      throw FisherError.invalidParameter(
        name: "smoothness weight", reason: "must be finite and ≥ 0, got \(smoothnessWeight)")
    }
    guard c.smoothing == nil else {
      throw FisherError.invalidParameter(
        name: "smoothing", reason: "SMPPI smooths through its smoothness weight; Savitzky–Golay smoothing is for MPPI")
    }
    self.system = system
    self.cost = cost
    self.configuration = c
    self.timeStep = timeStep
    self.smoothnessWeight = smoothnessWeight
    self.lowerBounds = bounds.lower
    self.upperBounds = bounds.upper
    let zeros = [Double](repeating: 0, count: c.horizon * system.controlDimension)
    self.controls = c.initialControls ?? zeros
    self.derivatives = zeros
    self.temperature = c.temperature.initialValue
    self._colored = c.noiseExponent > 0 ? try ColoredNoise(exponent: c.noiseExponent, length: c.horizon) : nil
    self._scratch = _MPPIScratch(configuration: c, system: system, colored: _colored, noiseScale: timeStep)
  }

  /// Restores the initial actions, zero derivatives, the temperature and the step count.
  public mutating func reset() {
    let zeros = [Double](repeating: 0, count: configuration.horizon * system.controlDimension)
    controls = configuration.initialControls ?? zeros
    derivatives = zeros
    temperature = configuration.temperature.initialValue
    steps = 0
    lastReport = nil
  }

  /// The sampled actions v_k of the last step, K × T × m (rollout-major).
  public func lastSampledControls() -> [Double] {
    _scratch.rolloutMajor(
      _scratch.controls.pointer, rows: configuration.horizon, samples: configuration.samples,
      dimension: system.controlDimension)
  }

  /// The rollout costs S_k of the last step, smoothness cost included.
  public func lastCosts() -> [Double] {
    _scratch.totalCosts.prefix(configuration.samples)
  }

  /// The weights w_k of the last step.
  public func lastWeights() -> [Double] {
    _scratch.weights.prefix(configuration.samples)
  }

  /// Plans from `state` and returns the action to apply now (one control step).
  ///
  /// - Throws: as ``MPPI/command(state:)``.
  public mutating func command(state: [Double]) throws -> [Double] {
    try checkState(state, of: system)
    if !isKnownUniquelyReferenced(&_scratch) {
      _scratch = _MPPIScratch(configuration: configuration, system: system, colored: _colored, noiseScale: timeStep)
    }
    let c = configuration
    let k = c.samples, horizon = c.horizon, m = system.controlDimension, dt = timeStep
    let sc = _scratch
    sc.pool.beginCommand()
    defer { sc.pool.endCommand() }

    // v = clamp(N + Δt L z) around N = A + U Δt, and P_k = Σ_t (Σ⁻¹U_t/Δt) · (v_t − N_t)
    // = Σ_t U_tᵀ Σ⁻¹ ε'_t: MPPI's sampler with a scaled noise factor.
    for i in 0..<(horizon * m) { sc.nominal.pointer[i] = System.Scalar(controls[i] + derivatives[i] * dt) }
    sc.setLinearCost(inverse: c.noise.inverse, controls: derivatives, rows: horizon, dimension: m, divisor: dt)
    let sampler = _SmoothSampler(
      base: sc.sampleSetup(
        configuration: c, generation: steps, rows: horizon, dimension: m, colored: _colored,
        nominal: sc.nominal.pointer, linearCost: sc.sigmaInvU.pointer, output: sc.controls.pointer),
      weight: System.Scalar(smoothnessWeight))
    sc.sampleAndRollOut(
      system: system, cost: cost, state: state, step: steps, samples: k, horizon: horizon, sampler: sampler)

    let (lambda, ess, stats) = sc.weigh(
      samples: k, temperature: c.temperature, previous: temperature, controlCostWeight: c.controlCostWeight)
    temperature = lambda
    if stats.finite == 0 {
      lastReport = PlannerReport(
        step: steps, temperature: lambda, effectiveSampleSize: 0, statistics: stats, rollouts: k)
      shift()
      throw FisherError.allRolloutsInfeasible(rollouts: k, step: steps - 1)
    }
    // Σ_k w_k ε'_k = Σ_k w_k (v_k − N)/Δt, as the weights sum to 1.
    sc.weightedDeviation(of: sc.controls.pointer, from: sc.nominal.pointer, rows: horizon, samples: k, dimension: m)
    if ess > 0 {
      for i in 0..<(horizon * m) { derivatives[i] += sc.delta.pointer[i]._double / dt }
    }
    for i in 0..<(horizon * m) { controls[i] += derivatives[i] * dt }

    let out = firstControl(of: controls, lower: lowerBounds, upper: upperBounds)
    lastReport = PlannerReport(
      step: steps, temperature: lambda, effectiveSampleSize: ess, statistics: stats, rollouts: k)
    shift()
    return out
  }

  /// The warm start: U shifted with the configured tail, A with its last action repeated.
  private mutating func shift() {
    let horizon = configuration.horizon, m = system.controlDimension
    configuration.tailFill.shift(&derivatives, count: horizon, dimension: m)
    TailFill.repeatLast.shift(&controls, count: horizon, dimension: m)
    steps += 1
  }
}

/// MPPI's sampler plus SMPPI's smoothness cost w Σ_t ‖v_{k,t+1} − v_{k,t}‖².
struct _SmoothSampler<Scalar: ControlScalar>: _RolloutSampler {
  let base: _SampleSetup<Scalar>
  let weight: Scalar

  @_specialize(where Scalar == Double) @_specialize(where Scalar == Float)
  func sample(_ range: Range<Int>, scratch: UnsafeMutablePointer<Double>) {
    base.sample(range, scratch: scratch)
  }

  @_specialize(where Scalar == Double) @_specialize(where Scalar == Float)
  func accumulateControlCost(_ range: Range<Int>, into costs: UnsafeMutablePointer<Scalar>) {
    let v = UnsafePointer(base.controls), k = base.samples, m = base.m
    for s in range {
      var sum: Scalar = 0
      for t in 0..<(base.horizon - 1) {
        let a = v + (t * k + s) * m, b = v + ((t + 1) * k + s) * m
        for j in 0..<m {
          let d = b[j] - a[j]
          sum += d * d
        }
      }
      costs[s] += weight * sum
    }
  }
}
