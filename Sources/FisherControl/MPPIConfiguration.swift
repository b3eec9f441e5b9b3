/// The settings of an ``MPPI`` planner.
///
/// The defaults follow pytorch_mppi where it has the setting (λ = 1, zero tail
/// fill, no smoothing) and add a noise-free nominal rollout, which can only help.
public struct MPPIConfiguration: Sendable, Hashable {
  /// K, rollouts per step.
  public var samples: Int
  /// T, control steps per rollout.
  public var horizon: Int
  /// λ, fixed or adapted to a target effective sample size.
  public var temperature: Temperature
  /// Σ, the covariance of the control noise ε ~ N(0, Σ).
  public var noise: NoiseCovariance
  /// β of 1/f^β noise along the horizon (0 = white; see ``ColoredNoise``).
  public var noiseExponent: Double = 0
  /// γ, the weight of the control cost γ Σ_t U_tᵀ Σ⁻¹ ε_t; nil means γ = λ, the
  /// information-theoretic value that pytorch_mppi uses. Nav2 uses γ = 0.015 with
  /// λ = 0.3: with small σ the full term is a large random cost that slows the plan down.
  public var controlCostWeight: Double? = nil
  /// Whether rollout 0 is the nominal sequence itself, without noise.
  public var includeNominal: Bool = true
  /// The fraction of rollouts sampled around zero instead of the nominal
  /// sequence (v = ε rather than v = U + ε), which lets MPPI escape a bad plan.
  public var zeroMeanFraction: Double = 0
  /// Savitzky–Golay smoothing of the sequence after each update (nil = none).
  public var smoothing: SavitzkyGolay? = nil
  /// How the last control is filled after the warm-start shift.
  public var tailFill: TailFill = .zero
  /// The initial nominal sequence (T × m row-major); nil = zeros.
  public var initialControls: [Double]? = nil
  /// Control bounds overriding the system's (nil = the system's).
  public var controlLowerBounds: [Double]? = nil
  public var controlUpperBounds: [Double]? = nil
  /// Threads for the rollouts (results do not depend on it).
  public var threads: Int = MPPIConfiguration.defaultThreads
  /// When idle worker threads poll for work and when they park (results do not
  /// depend on it): ``SpinPolicy/adaptive`` keeps them polling when commands come
  /// back to back and parks them between commands at a control rate.
  public var spin: SpinPolicy = .adaptive
  /// The seed of every random draw.
  public var seed: UInt64 = 0

  public init(
    samples: Int = 1000, horizon: Int = 15, temperature: Temperature = .fixed(1), noise: NoiseCovariance
  ) {
    self.samples = samples
    self.horizon = horizon
    self.temperature = temperature
    self.noise = noise
  }

  /// The most rollouts per step a planner accepts (2²⁴).
  public static let maximumSamples = 1 << 24
  /// The longest horizon a planner accepts (2¹⁶ steps).
  public static let maximumHorizon = 1 << 16
  /// The most threads a planner runs on.
  public static let maximumThreads = 256

  /// The number of online processors, ``Fisher/activeProcessorCount()``.
  public static var defaultThreads: Int { activeProcessorCount() }
}

/// What fills the freed last slot when a planner shifts its sequence by one step.
public enum TailFill: Sendable, Hashable {
  /// Zeros (pytorch_mppi's `u_init` default).
  case zero
  /// A copy of the previous last control (Nav2).
  case repeatLast
  /// A given control.
  case value([Double])
}

extension TailFill {
  /// Shifts `u` (count × m) left by one control and fills the tail.
  func shift(_ u: inout [Double], count: Int, dimension m: Int) {
    guard count > 0 else { return }
    if count > 1 {
      for i in 0..<((count - 1) * m) { u[i] = u[i + m] }
    }
    let tail = (count - 1) * m
    switch self {
    case .zero: for j in 0..<m { u[tail + j] = 0 }
    case .repeatLast: break
    case .value(let v): for j in 0..<m { u[tail + j] = v[j] }
    }
  }
}

/// Checks sizes and values shared by the planners; returns the effective bounds.
func validatePlanner<S: DynamicalSystem>(
  system: S, samples: Int, horizon: Int, threads: Int, noiseDimension: Int, noiseExponent: Double,
  tailFill: TailFill, initialControls: [Double]?, lower: [Double]?, upper: [Double]?
) throws -> (lower: [Double], upper: [Double]) {
  let m = system.controlDimension
  guard system.stateDimension >= 1, m >= 1 else {
    throw FisherError.invalidParameter(name: "system", reason: "state and control dimensions must be ≥ 1")
  }
  guard samples >= 1 else { throw FisherError.invalidParameter(name: "samples", reason: "must be ≥ 1, got \(samples)") }
  guard horizon >= 1 else { throw FisherError.invalidParameter(name: "horizon", reason: "must be ≥ 1, got \(horizon)") }
  guard threads >= 1, threads <= MPPIConfiguration.maximumThreads else {
    throw FisherError.invalidParameter(
      name: "threads", reason: "must be in 1…\(MPPIConfiguration.maximumThreads), got \(threads)")
  }
  guard samples <= MPPIConfiguration.maximumSamples, horizon <= MPPIConfiguration.maximumHorizon,
    samples * horizon * m <= 1 << 28
  else {
    throw FisherError.invalidParameter(name: "samples × horizon", reason: "too large (\(samples) × \(horizon))")
  }
  guard noiseDimension == m else {
    throw FisherError.dimensionMismatch("noise covariance is \(noiseDimension)-dimensional, the control \(m)-dimensional")
  }
  guard noiseExponent.isFinite, noiseExponent >= 0 else {
    throw FisherError.invalidParameter(name: "noise exponent", reason: "must be finite and ≥ 0, got \(noiseExponent)")
  }
  if case .value(let v) = tailFill { try checkVector(v, count: m, name: "tail fill") }
  if let u = initialControls { try checkVector(u, count: horizon * m, name: "initial controls") }
  let lo = lower ?? system.controlLowerBounds
  let hi = upper ?? system.controlUpperBounds
  guard lo.count == m, hi.count == m else {
    throw FisherError.dimensionMismatch("control bounds have \(lo.count) and \(hi.count) entries, expected \(m)")
  }
  for j in 0..<m {
    guard !lo[j].isNaN, !hi[j].isNaN, lo[j] <= hi[j], lo[j] < .infinity, hi[j] > -.infinity else {
      throw FisherError.invalidParameter(name: "control bounds", reason: "need lower ≤ upper, got [\(lo[j]), \(hi[j])]")
    }
  }
  return (lo, hi)
}

extension MPPIConfiguration {
  /// A fixed-λ configuration with a control cost γ and Savitzky–Golay smoothing
  /// (window 2h + 1, degree 2): the shape of the worked scenarios' settings
  /// (``UnicycleScenario``, ``CarScenario``).
  static func scenario(
    samples: Int, horizon: Int, temperature: Double, standardDeviations: [Double], controlCostWeight: Double,
    smoothingHalfWidth: Int, tailFill: TailFill, threads: Int, seed: UInt64
  ) throws -> MPPIConfiguration {
    var c = MPPIConfiguration(
      samples: samples, horizon: horizon, temperature: .fixed(temperature),
      noise: try NoiseCovariance(standardDeviations: standardDeviations))
    c.controlCostWeight = controlCostWeight
    c.smoothing = try SavitzkyGolay(halfWidth: smoothingHalfWidth, degree: 2)
    c.tailFill = tailFill
    c.threads = threads
    c.seed = seed
    return c
  }
}
