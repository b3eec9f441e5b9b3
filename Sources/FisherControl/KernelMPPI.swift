/// Kernel MPPI: MPPI that samples S control points and interpolates the T
/// controls between them with a kernel, with the semantics of pytorch_mppi 0.9's `KMPPI`.
///
/// The support points θ (S × m) sit at the times τ_i = i (T − 1)/(S − 1) of the
/// horizon (τ₀ = 0 when S = 1); the controls are their kernel interpolation
/// U = W θ at the times 0, 1, …, T − 1 (``interpolation``, W = k(t, τ) K(τ, τ)⁻¹).
/// Each call of ``command(state:)``:
///
/// 1. Samples θ'_k = clamp(θ + ε_k), ε_k ~ N(0, Σ) per support point (white, or
///    colored along the S points), and the controls v_k = clamp(W θ'_k); rollout 0
///    is θ itself when ``MPPIConfiguration/includeNominal`` is set, and the
///    ``MPPIConfiguration/zeroMeanFraction`` sample θ'_k = clamp(ε_k).
/// 2. Rolls v_k out: S_k = Σ_t c(x_{t+1}, v_{k,t}) + φ(x_T) + γ Σ_t U_tᵀ Σ⁻¹ (v_{k,t} − U_t).
/// 3. Weights w = softmax(−(S − min S)/λ), θ ← θ + Σ_k w_k (θ'_k − θ), U ← W θ.
/// 4. Returns clamp(U₀), then shifts: U by one step with its tail filled by
///    ``MPPIConfiguration/tailFill``, and θ to the interpolation of the plan at
///    the times τ + 1.
///
/// Every sampled sequence is a combination of S smooth kernels, so the plan
/// cannot chatter from step to step of the horizon; fewer support points give
/// smoother and lower-dimensional search. Sampling, rollouts and weights are
/// those of ``MPPI``, so the commands are bit-identical for any thread count.
///
///     var config = MPPIConfiguration(samples: 1000, horizon: 15,
///                                    noise: try NoiseCovariance(standardDeviations: [Double(10).squareRoot()]))
///     var kernel = try KernelMPPI(system: Pendulum(), cost: PendulumCost(), configuration: config,
///                                 supportPoints: 7, kernel: RBFKernel(sigma: 1))
///     let u = try kernel.command(state: Pendulum.hangingDown)
///
/// - Complexity: O(K · T · (S m + m² + cost of one step)) per command.
public struct KernelMPPI<System: DynamicalSystem, Cost: ControlCost>: ControlPlanner
where Cost.Scalar == System.Scalar {
  /// The model the rollouts step.
  public let system: System
  /// The cost the rollouts are scored with; a new one takes effect at the next command.
  public var cost: Cost
  /// The settings, fixed at construction. ``MPPIConfiguration/noise`` is the
  /// covariance of the support-point noise. Initial controls and Savitzky–Golay
  /// smoothing are not available: the plan starts at zero support points.
  public let configuration: MPPIConfiguration
  /// From the S support points to the T controls (times 0, 1, …, T − 1).
  public let interpolation: KernelInterpolation
  /// The support points θ, S × m row-major (after the last shift).
  public private(set) var supportPoints: [Double]
  /// The controls U, T × m row-major: W θ of the last update, after the shift.
  public private(set) var controls: [Double]
  /// The temperature λ of the last step (the starting value before any).
  public private(set) var temperature: Double
  /// Control steps taken so far.
  public private(set) var steps = 0
  public private(set) var lastReport: PlannerReport?
  /// The effective control bounds, which bound the support points too.
  public let lowerBounds: [Double]
  public let upperBounds: [Double]

  /// θ ← k(τ + 1, τ) K(τ, τ)⁻¹ θ, the support points one step later.
  let _shift: KernelInterpolation
  let _colored: ColoredNoise?
  var _scratch: _MPPIScratch<System.Scalar>

  /// The support-point count pytorch_mppi uses by default: ⌊T/2⌋, at least 1.
  public static func defaultSupportPoints(horizon: Int) -> Int { Swift.max(1, horizon / 2) }

  /// The most support points a planner accepts.
  public static var maximumSupportPoints: Int { 1024 }

  /// - Parameters:
  ///   - supportPoints: S in 1 … min(T, ``maximumSupportPoints``); nil = ``defaultSupportPoints(horizon:)``.
  ///   - kernel: the interpolation kernel (pytorch_mppi's default: σ = 1).
  /// - Throws: `FisherError` for sizes that do not match the system, invalid
  ///   settings, S out of range, a kernel matrix that is singular for S and σ,
  ///   initial controls or Savitzky–Golay smoothing in the configuration.
  public init(
    system: System, cost: Cost, configuration: MPPIConfiguration, supportPoints: Int? = nil,
    kernel: RBFKernel = .standard
  ) throws {
    let c = configuration
    let bounds = try validatePathIntegralPlanner(system: system, configuration: c)
    let s = supportPoints ?? Self.defaultSupportPoints(horizon: c.horizon)
    guard s >= 1, s <= c.horizon, s <= Self.maximumSupportPoints else {
      throw FisherError.invalidParameter(
        name: "support points",
        reason: "must be in 1…\(Swift.min(c.horizon, Self.maximumSupportPoints)) (at most the horizon), got \(s)")
    }
    guard c.initialControls == nil else {
      throw FisherError.invalidParameter(name: "initial controls", reason: "KMPPI starts from zero support points")
    }
    guard c.smoothing == nil else {
      throw FisherError.invalidParameter(
        name: "smoothing", reason: "KMPPI is smooth through its kernel; Savitzky–Golay smoothing is for MPPI")
    }
    let span = Double(c.horizon - 1)
    let tau = (0..<s).map { s == 1 ? 0 : span * Double($0) / Double(s - 1) }
    self.interpolation = try KernelInterpolation(
      kernel: kernel, supportTimes: tau, queryTimes: (0..<c.horizon).map(Double.init))
    self._shift = try KernelInterpolation(kernel: kernel, supportTimes: tau, queryTimes: tau.map { $0 + 1 })
    self.system = system
    self.cost = cost
    self.configuration = c
    self.lowerBounds = bounds.lower
    self.upperBounds = bounds.upper
    let m = system.controlDimension
    self.supportPoints = [Double](repeating: 0, count: s * m)
    self.controls = [Double](repeating: 0, count: c.horizon * m)
    self.temperature = c.temperature.initialValue
    self._colored = c.noiseExponent > 0 ? try ColoredNoise(exponent: c.noiseExponent, length: s) : nil
    self._scratch = Self.makeScratch(c, system, _colored, interpolation)
  }

  static func makeScratch(
    _ c: MPPIConfiguration, _ system: System, _ colored: ColoredNoise?, _ w: KernelInterpolation
  ) -> _MPPIScratch<System.Scalar> {
    let sc = _MPPIScratch<System.Scalar>(
      configuration: c, system: system, colored: colored, supportRows: w.supportTimes.count)
    for i in w.matrix.indices { sc.interpolation.pointer[i] = System.Scalar(w.matrix[i]) }
    return sc
  }

  /// S, the number of support points.
  public var supportPointCount: Int { interpolation.supportTimes.count }

  /// Restores zero support points and controls, the temperature and the step count.
  public mutating func reset() {
    supportPoints = [Double](repeating: 0, count: supportPoints.count)
    controls = [Double](repeating: 0, count: controls.count)
    temperature = configuration.temperature.initialValue
    steps = 0
    lastReport = nil
  }

  /// The sampled controls v_k of the last step, K × T × m (rollout-major).
  public func lastSampledControls() -> [Double] {
    _scratch.rolloutMajor(
      _scratch.controls.pointer, rows: configuration.horizon, samples: configuration.samples,
      dimension: system.controlDimension)
  }

  /// The sampled support points θ'_k of the last step, K × S × m (rollout-major).
  public func lastSampledSupportPoints() -> [Double] {
    _scratch.rolloutMajor(
      _scratch.support.pointer, rows: supportPointCount, samples: configuration.samples,
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
  /// - Throws: as ``MPPI/command(state:)``.
  public mutating func command(state: [Double]) throws -> [Double] {
    try checkState(state, of: system)
    if !isKnownUniquelyReferenced(&_scratch) {
      _scratch = Self.makeScratch(configuration, system, _colored, interpolation)
    }
    let c = configuration
    let k = c.samples, horizon = c.horizon, m = system.controlDimension, s = supportPointCount
    let sc = _scratch
    sc.pool.beginCommand()
    defer { sc.pool.endCommand() }

    for i in 0..<(s * m) { sc.supportNominal.pointer[i] = System.Scalar(supportPoints[i]) }
    for i in 0..<(horizon * m) { sc.nominal.pointer[i] = System.Scalar(controls[i]) }
    sc.setLinearCost(inverse: c.noise.inverse, controls: controls, rows: horizon, dimension: m)
    let sampler = _KernelSampler(
      base: sc.sampleSetup(
        configuration: c, generation: steps, rows: s, dimension: m, colored: _colored,
        nominal: sc.supportNominal.pointer, linearCost: sc.supportZeros.pointer, output: sc.support.pointer),
      interpolation: sc.interpolation.pointer, horizon: horizon, nominal: sc.nominal.pointer,
      linearCost: sc.sigmaInvU.pointer, controls: sc.controls.pointer)
    sc.sampleAndRollOut(
      system: system, cost: cost, state: state, step: steps, samples: k, horizon: horizon, sampler: sampler)

    let (lambda, ess, stats) = sc.weigh(
      samples: k, temperature: c.temperature, previous: temperature, controlCostWeight: c.controlCostWeight)
    temperature = lambda
    if stats.finite == 0 {
      lastReport = PlannerReport(
        step: steps, temperature: lambda, effectiveSampleSize: 0, statistics: stats, rollouts: k)
      try shift()
      throw FisherError.allRolloutsInfeasible(rollouts: k, step: steps - 1)
    }
    sc.weightedDeviation(of: sc.support.pointer, from: sc.supportNominal.pointer, rows: s, samples: k, dimension: m)
    if ess > 0 {
      for i in 0..<(s * m) { supportPoints[i] += sc.delta.pointer[i]._double }
    }
    controls = try interpolation.interpolate(supportPoints, dimension: m)

    let out = firstControl(of: controls, lower: lowerBounds, upper: upperBounds)
    lastReport = PlannerReport(
      step: steps, temperature: lambda, effectiveSampleSize: ess, statistics: stats, rollouts: k)
    try shift()
    return out
  }

  /// The warm start: U shifted with the configured tail, θ moved one step along the interpolant.
  private mutating func shift() throws {
    configuration.tailFill.shift(&controls, count: configuration.horizon, dimension: system.controlDimension)
    supportPoints = try _shift.interpolate(supportPoints, dimension: system.controlDimension)
    steps += 1
  }
}

/// KMPPI's sampler: MPPI's sampler draws the support points θ'_k, which are
/// interpolated to the controls v_k = clamp(W θ'_k) with P_k = Σ_t a_t · (v_{k,t} − U_t).
struct _KernelSampler<Scalar: ControlScalar>: _RolloutSampler {
  /// Writes θ'_k (S × K × m, time-major); its control costs are overwritten.
  let base: _SampleSetup<Scalar>
  /// W, T × S.
  let interpolation: UnsafeMutablePointer<Scalar>
  let horizon: Int
  /// U, T × m.
  let nominal: UnsafeMutablePointer<Scalar>
  /// a_t = Σ⁻¹ U_t, T × m.
  let linearCost: UnsafeMutablePointer<Scalar>
  /// v, T × K × m (time-major).
  let controls: UnsafeMutablePointer<Scalar>

  @_specialize(where Scalar == Double) @_specialize(where Scalar == Float)
  func sample(_ range: Range<Int>, scratch: UnsafeMutablePointer<Double>) {
    base.sample(range, scratch: scratch)
    let k = base.samples, m = base.m, s = base.horizon
    let theta = UnsafePointer(base.controls), lower = base.lower, upper = base.upper
    for r in range {
      var p: Scalar = 0
      for t in 0..<horizon {
        let w = interpolation + t * s
        for j in 0..<m {
          var sum: Scalar = 0
          for i in 0..<s { sum += w[i] * theta[(i * k + r) * m + j] }
          let v = _clamp(sum, lower[j], upper[j])
          controls[(t * k + r) * m + j] = v
          p += linearCost[t * m + j] * (v - nominal[t * m + j])
        }
      }
      base.controlCosts[r] = p
    }
  }
}
