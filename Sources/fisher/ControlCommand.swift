import ArgumentParser
import Foundation
import FisherControl

/// `fisher control`: sampling-based model-predictive control.
struct ControlCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "control", abstract: "Run MPPI or CEM-MPC on a dynamical system.",
    discussion: """
      Simulates N control steps of a planner on pendulum (gym Pendulum-v1 swing-up), \
      cartpole (cart-pole swing-up), unicycle (differential drive to a goal among \
      obstacles) or car (a kinematic bicycle following a path among obstacles, which are \
      hard constraints). Each step samples --samples rollouts of --horizon controls. \
      --json prints total_cost (running cost of every visited state and applied control), \
      ms_per_step (mean wall time of one command), cpu_ms_per_step (mean CPU time of all \
      the process's threads per step: the command and what its threads do until the next \
      one), cpu_ms_between_steps (the part of it after the command), feasible_fraction \
      (mean fraction of rollouts that violated no hard constraint) and system-specific \
      fields. --rate paces the loop at a control rate (the commands otherwise run back to \
      back); --spin sets when idle worker threads park.
      """)

  enum SystemName: String, ExpressibleByArgument, CaseIterable {
    case pendulum, cartpole, unicycle, car
  }

  enum PlannerName: String, ExpressibleByArgument, CaseIterable {
    case mppi, cem, smppi, kmppi
  }

  enum Precision: String, ExpressibleByArgument, CaseIterable {
    case double, float
  }

  @Argument(help: "The system: pendulum, cartpole, unicycle or car.")
  var system: SystemName

  @Option(help: "K, rollouts per step (default: pendulum 1000, cartpole 1000, unicycle 2048, car 1024).")
  var samples: Int?

  @Option(help: "T, control steps per rollout (default: pendulum 15, cartpole 60, unicycle 56, car 30).")
  var horizon: Int?

  @Option(help: "N, control steps to simulate (default: pendulum 200, cartpole 250, unicycle 300, car 200).")
  var steps: Int?

  @Option(help: "Seed of all random draws.")
  var seed: UInt64 = 0

  @Option(help: "MPPI temperature λ (default: pendulum 1, cartpole 0.3, unicycle 0.3, car 1).")
  var lambda: Double?

  @Option(help: "Noise standard deviation per control dimension: one value, or one per dimension separated by commas.")
  var sigma: String?

  @Option(help: "Threads for the rollouts (default: all processors; results do not depend on it).")
  var threads: Int?

  @Option(help: "Control rate in Hz: command n starts n/rate seconds after the first, the loop sleeping in between (default: back to back).")
  var rate: Double?

  @Option(help: "When idle worker threads park: adaptive (poll only while commands come back to back), never (park after every parallel region), or a polling time in milliseconds after every region.")
  var spin: String = "adaptive"

  @Option(help: "Planner: mppi, cem, smppi (smooth MPPI: samples the action derivative) or kmppi (kernel MPPI: samples support points).")
  var planner: PlannerName = .mppi

  @Option(name: .customLong("ess-target"), help: "Adapt λ each step so that the effective sample size is this fraction of K.")
  var essTarget: Double?

  @Option(name: .customLong("noise-exponent"), help: "β of 1/f^β colored noise along the horizon (0 = white).")
  var noiseExponent: Double?

  @Option(name: .customLong("zero-mean"), help: "Fraction of MPPI rollouts sampled around zero instead of the plan.")
  var zeroMean: Double = 0

  @Flag(name: .customLong("random-init"), help: "Start from a random control sequence U ~ N(0, Σ) (pytorch_mppi's default) instead of zeros.")
  var randomInit = false

  @Flag(name: .customLong("no-nominal"), help: "Do not include the noise-free nominal rollout (pytorch_mppi has none).")
  var noNominal = false

  @Option(help: "γ, weight of the MPPI control cost γ Σ uᵀΣ⁻¹ε (default: λ as in pytorch_mppi; unicycle 0.015 as Nav2; car 0.05).")
  var gamma: Double?

  @Option(help: "Savitzky–Golay smoothing half-width h (window 2h+1, quadratic); 0 = none (default: unicycle 4, as Nav2, car 3, others 0).")
  var smooth: Int?

  @Option(name: .customLong("delta-t"), help: "SMPPI: Δt integrating the sampled derivative into the actions (default 1).")
  var deltaT: Double?

  @Option(name: .customLong("smoothness-weight"), help: "SMPPI: weight w of the cost w Σ‖v_{t+1} − v_t‖² of action changes (default 1).")
  var smoothnessWeight: Double?

  @Option(name: .customLong("support-points"), help: "KMPPI: number of support points S, 1 … T (default ⌊T/2⌋).")
  var supportPoints: Int?

  @Option(name: .customLong("kernel-sigma"), help: "KMPPI: σ of the RBF interpolation kernel, in control steps (default 1).")
  var kernelSigma: Double?

  @Option(help: "CEM iterations per step.")
  var iterations: Int = 3

  @Option(help: "CEM elites per iteration.")
  var elites: Int?

  @Flag(help: "Pendulum only: step the pendulum written plainly, one rollout at a time with the C library's sine (PlainPendulum), instead of the hand-vectorized one.")
  var plain = false

  @Option(help: "The scalar the rollouts are computed in: double, or float (single precision: sampling, rollouts, costs and weights in Float). Float is available for the pendulum written plainly, which it implies; the simulated pendulum and its cost stay in double.")
  var precision: Precision = .double

  @Flag(help: "Print one JSON object with the results.")
  var json = false

  @Option(help: "Write an SVG of the trajectory and the controls over time to this file.")
  var svg: String?

  func validate() throws {
    if let k = samples, k < 1 { throw ValidationError("--samples must be ≥ 1, got \(k)") }
    if let t = horizon, t < 1 { throw ValidationError("--horizon must be ≥ 1, got \(t)") }
    if let n = steps, n < 0 { throw ValidationError("--steps must be ≥ 0, got \(n)") }
    if let l = lambda, !(l.isFinite && l > 0) { throw ValidationError("--lambda must be finite and > 0, got \(l)") }
    if let n = threads, !(1...MPPIConfiguration.maximumThreads).contains(n) {
      throw ValidationError("--threads must be in 1…\(MPPIConfiguration.maximumThreads), got \(n)")
    }
    if let f = essTarget, !(f > 0 && f <= 1) { throw ValidationError("--ess-target must be in (0, 1], got \(f)") }
    if let b = noiseExponent, !(b.isFinite && b >= 0) { throw ValidationError("--noise-exponent must be ≥ 0, got \(b)") }
    if !(zeroMean >= 0 && zeroMean <= 1) { throw ValidationError("--zero-mean must be in [0, 1], got \(zeroMean)") }
    if let g = gamma, !(g.isFinite && g >= 0) { throw ValidationError("--gamma must be finite and ≥ 0, got \(g)") }
    if let h = smooth, h < 0 { throw ValidationError("--smooth must be ≥ 0, got \(h)") }
    if iterations < 1 { throw ValidationError("--iterations must be ≥ 1, got \(iterations)") }
    if let e = elites, e < 1 { throw ValidationError("--elites must be ≥ 1, got \(e)") }
    if let r = rate, !(r >= Self.rateRange.lowerBound && r <= Self.rateRange.upperBound) {
      throw ValidationError("--rate must be in \(Self.rateRange.lowerBound)…\(Self.rateRange.upperBound) Hz, got \(r)")
    }
    _ = try parsedSpin()
    if plain && system != .pendulum { throw ValidationError("--plain is for the pendulum only (the car is always plain)") }
    if precision == .float && system != .pendulum {
      throw ValidationError("--precision float is available for the pendulum only (its plain model), not the \(system.rawValue)")
    }
    if let d = deltaT, !(d.isFinite && d > 0) { throw ValidationError("--delta-t must be finite and > 0, got \(d)") }
    if let w = smoothnessWeight, !(w.isFinite && w >= 0) {
      throw ValidationError("--smoothness-weight must be finite and ≥ 0, got \(w)")
    }
    if let s = supportPoints, s < 1 { throw ValidationError("--support-points must be ≥ 1, got \(s)") }
    if let s = kernelSigma, !(s.isFinite && s > 0) { throw ValidationError("--kernel-sigma must be finite and > 0, got \(s)") }
    if planner != .smppi && (deltaT != nil || smoothnessWeight != nil) {
      throw ValidationError("--delta-t and --smoothness-weight are options of --planner smppi")
    }
    if planner != .kmppi && (supportPoints != nil || kernelSigma != nil) {
      throw ValidationError("--support-points and --kernel-sigma are options of --planner kmppi")
    }
    if planner == .kmppi && randomInit { throw ValidationError("--random-init is not available with --planner kmppi") }
    if (planner == .smppi || planner == .kmppi) && (smooth ?? 0) > 0 {
      throw ValidationError("--smooth (Savitzky–Golay) is for mppi; smppi and kmppi are smooth by construction")
    }
    _ = try parsedSigma(dimension: nil)
  }

  /// The control rates --rate accepts, in Hz.
  static let rateRange = 0.001...1_000_000.0

  /// The period of --rate (nil: back to back).
  var period: Duration? {
    rate.map { .nanoseconds(Int64((1e9 / $0).rounded())) }
  }

  /// The --spin policy, checked.
  func parsedSpin() throws -> SpinPolicy {
    switch spin.trimmingCharacters(in: .whitespaces) {
    case "adaptive": return .adaptive
    case "never": return .never
    case let text:
      guard let ms = Double(text), ms >= 0, ms <= 1000 else {
        throw ValidationError("--spin must be adaptive, never or a time in milliseconds in 0…1000, got '\(spin)'")
      }
      return .duration(.nanoseconds(Int64((ms * 1e6).rounded())))
    }
  }

  /// The --sigma values, checked, expanded to `dimension` entries when given.
  func parsedSigma(dimension: Int?) throws -> [Double]? {
    guard let text = sigma else { return nil }
    let parts = text.split(separator: ",", omittingEmptySubsequences: false)
    var values: [Double] = []
    for p in parts {
      guard let v = Double(p.trimmingCharacters(in: .whitespaces)), v.isFinite, v > 0 else {
        throw ValidationError("--sigma needs positive numbers separated by commas, got '\(text)'")
      }
      values.append(v)
    }
    guard let m = dimension else { return values }
    if values.count == 1 { return [Double](repeating: values[0], count: m) }
    guard values.count == m else {
      throw ValidationError("--sigma has \(values.count) values, the \(system.rawValue) control has \(m) dimensions")
    }
    return values
  }

  func run() async throws {
    let scenario = ControlScenario(system)
    let k = samples ?? scenario.samples
    let t = horizon ?? scenario.horizon
    let n = steps ?? scenario.steps
    let sig = try parsedSigma(dimension: scenario.controlDimension) ?? scenario.sigma
    let noise = try NoiseCovariance(standardDeviations: sig)
    let lam = lambda ?? scenario.lambda
    let nThreads = threads ?? MPPIConfiguration.defaultThreads

    var mppi = MPPIConfiguration(samples: k, horizon: t, noise: noise)
    mppi.temperature = essTarget.map { .effectiveSampleSize(fraction: $0, initial: lam) } ?? .fixed(lam)
    mppi.noiseExponent = noiseExponent ?? 0
    mppi.zeroMeanFraction = zeroMean
    mppi.includeNominal = !noNominal
    if randomInit, t <= MPPIConfiguration.maximumHorizon {
      var rng = RandomStreams(seed: seed).generator(domain: 0x494E_4954, generation: 0)
      mppi.initialControls = (0..<(t * sig.count)).map { i in sig[i % sig.count] * rng.nextNormal() }
    }
    mppi.controlCostWeight = gamma ?? scenario.gamma
    let h = planner == .smppi || planner == .kmppi ? 0 : smooth ?? scenario.smoothing
    mppi.smoothing = h > 0 ? try SavitzkyGolay(halfWidth: h, degree: 2) : nil
    mppi.tailFill = scenario.tailFill
    mppi.threads = nThreads
    mppi.spin = try parsedSpin()
    mppi.seed = seed

    // Default elites: a tenth of the samples, at least 2, at most all of them.
    var cem = CEMConfiguration(
      samples: k, horizon: t, elites: elites ?? Swift.min(k, Swift.max(2, k / 10)), standardDeviations: sig)
    cem.iterations = iterations
    cem.noiseExponent = noiseExponent ?? 2
    cem.tailFill = scenario.tailFill
    cem.threads = nThreads
    cem.spin = mppi.spin
    cem.seed = seed
    if cem.elites > k { throw ValidationError("--elites must be ≤ --samples") }

    var outcome: ControlOutcome
    switch system {
    case .pendulum where precision == .float:
      // Planned in Float, simulated and scored in Double, like --plain.
      outcome = try runPlanner(
        BatchedSystem(PlainPendulum<Float>()), BatchedCost(PlainPendulumCost<Float>()),
        plant: BatchedSystem(PlainPendulum<Double>()), plantCost: BatchedCost(PlainPendulumCost<Double>()),
        initial: Pendulum.hangingDown, mppi: mppi, cem: cem, steps: n)
      outcome.setAngle(index: 0)
      outcome.extra.append(("model", "\"plain\""))
    case .pendulum where plain:
      outcome = try runPlanner(
        BatchedSystem(PlainPendulum<Double>()), BatchedCost(PlainPendulumCost<Double>()), initial: Pendulum.hangingDown,
        mppi: mppi, cem: cem, steps: n)
      outcome.setAngle(index: 0)
      outcome.extra.append(("model", "\"plain\""))
    case .pendulum:
      outcome = try runPlanner(Pendulum(), PendulumCost(), initial: Pendulum.hangingDown, mppi: mppi, cem: cem, steps: n)
      outcome.setAngle(index: 0)
    case .cartpole:
      outcome = try runPlanner(CartPole(), CartPoleCost(), initial: CartPole.hangingDown, mppi: mppi, cem: cem, steps: n)
      outcome.setAngle(index: 2)
      outcome.extra.append(("final_position", jsonNumber(outcome.result.states.last?[0] ?? 0)))
      let track = CartPoleCost().trackHalfWidth
      outcome.extra.append(("track_violations", "\(outcome.result.states.filter { abs($0[0]) > track }.count)"))
    case .unicycle:
      let cost = UnicycleScenario.cost
      outcome = try runPlanner(Unicycle(), cost, initial: UnicycleScenario.start, mppi: mppi, cem: cem, steps: n)
      let distances = outcome.result.states.map(UnicycleScenario.distanceToGoal)
      let reachedAt = distances.firstIndex { $0 < UnicycleScenario.goalTolerance }
      let collisions = outcome.result.states.filter { cost.clearance(x: $0[0], y: $0[1]) < 0 }.count
      outcome.extra.append(("reached_goal", reachedAt == nil ? "false" : "true"))
      outcome.extra.append(("steps_to_goal", reachedAt.map { "\($0)" } ?? "null"))
      outcome.extra.append(("final_distance", jsonNumber(distances.last ?? .infinity)))
      outcome.extra.append(("collisions", "\(collisions)"))
      let clearance = outcome.result.states.map { cost.clearance(x: $0[0], y: $0[1]) }.min() ?? .infinity
      outcome.extra.append(("min_clearance", jsonNumber(clearance)))
    case .car:
      let cost = CarScenario.cost
      outcome = try runPlanner(
        BatchedSystem(KinematicBicycle()), BatchedCost(cost), initial: CarScenario.start.elements, mppi: mppi, cem: cem,
        steps: n)
      let cars = outcome.result.states.map { s in CarState(elements: { s[$0] }) }
      let distances = cars.map(CarScenario.distanceToGoal)
      let reachedAt = distances.firstIndex { $0 < CarScenario.goalTolerance }
      let clearances = cars.map { cost.clearance(SIMD2($0.x, $0.y)) }
      let pathErrors = cars.map { cost.squaredDistanceToPath(SIMD2($0.x, $0.y)).squareRoot() }
      outcome.extra.append(("reached_goal", reachedAt == nil ? "false" : "true"))
      outcome.extra.append(("steps_to_goal", reachedAt.map { "\($0)" } ?? "null"))
      outcome.extra.append(("final_distance", jsonNumber(distances.last ?? .infinity)))
      outcome.extra.append(("collisions", "\(clearances.filter { $0 < 0 }.count)"))
      outcome.extra.append(("min_clearance", jsonNumber(clearances.min() ?? .infinity)))
      outcome.extra.append(("max_path_error", jsonNumber(pathErrors.max() ?? 0)))
      outcome.extra.append(("max_speed", jsonNumber(cars.map(\.speed).max() ?? 0)))
    }
    if let path = svg {
      try ControlFigure(system: system, outcome: outcome).svg()
        .write(toFile: path, atomically: true, encoding: .utf8)
    }
    if json {
      print(outcome.json(system: system, planner: planner, samples: k, horizon: t, steps: n, seed: seed,
                         lambda: lam, sigma: sig, threads: nThreads, spin: try parsedSpin(), precision: precision))
    } else {
      print(outcome.summary(system: system))
    }
  }

  func runPlanner<S: DynamicalSystem, C: ControlCost>(
    _ sys: S, _ cost: C, initial: [Double], mppi: MPPIConfiguration, cem: CEMConfiguration, steps: Int
  ) throws -> ControlOutcome where C.Scalar == S.Scalar {
    try runPlanner(sys, cost, plant: sys, plantCost: cost, initial: initial, mppi: mppi, cem: cem, steps: steps)
  }

  /// Plans with `sys` and `cost`, simulates on `plant` scored by `plantCost`.
  func runPlanner<S: DynamicalSystem, C: ControlCost, P: DynamicalSystem, Q: ControlCost>(
    _ sys: S, _ cost: C, plant: P, plantCost: Q, initial: [Double], mppi: MPPIConfiguration, cem: CEMConfiguration,
    steps: Int
  ) throws -> ControlOutcome where C.Scalar == S.Scalar {
    let result: ClosedLoopResult
    switch planner {
    case .mppi:
      var p = try MPPI(system: sys, cost: cost, configuration: mppi)
      result = try p.runClosedLoop(on: plant, scoredBy: plantCost, from: initial, steps: steps, period: period)
    case .cem:
      var p = try CEMPlanner(system: sys, cost: cost, configuration: cem)
      result = try p.runClosedLoop(on: plant, scoredBy: plantCost, from: initial, steps: steps, period: period)
    case .smppi:
      var p = try SmoothMPPI(
        system: sys, cost: cost, configuration: mppi, timeStep: deltaT ?? 1, smoothnessWeight: smoothnessWeight ?? 1)
      result = try p.runClosedLoop(on: plant, scoredBy: plantCost, from: initial, steps: steps, period: period)
    case .kmppi:
      var p = try KernelMPPI(
        system: sys, cost: cost, configuration: mppi, supportPoints: supportPoints,
        kernel: try kernelSigma.map { try RBFKernel(sigma: $0) } ?? .standard)
      result = try p.runClosedLoop(on: plant, scoredBy: plantCost, from: initial, steps: steps, period: period)
    }
    return ControlOutcome(result: result)
  }
}

/// Per-system defaults of the CLI.
struct ControlScenario {
  var samples: Int
  var horizon: Int
  var steps: Int
  var lambda: Double
  var sigma: [Double]
  var controlDimension: Int
  var tailFill: TailFill
  var smoothing = 0
  var gamma: Double? = nil

  init(_ system: ControlCommand.SystemName) {
    switch system {
    case .pendulum:
      self.init(samples: 1000, horizon: 15, steps: 200, lambda: 1, sigma: [Double(10).squareRoot()], controlDimension: 1, tailFill: .zero)
    case .cartpole:
      self.init(samples: 1000, horizon: 60, steps: 250, lambda: 0.3, sigma: [5], controlDimension: 1, tailFill: .zero)
    case .unicycle:
      self.init(
        samples: UnicycleScenario.samples, horizon: UnicycleScenario.horizon, steps: UnicycleScenario.steps,
        lambda: UnicycleScenario.temperature, sigma: UnicycleScenario.standardDeviations,
        controlDimension: Unicycle().controlDimension, tailFill: UnicycleScenario.tailFill)
      smoothing = UnicycleScenario.smoothingHalfWidth
      gamma = UnicycleScenario.controlCostWeight
    case .car:
      self.init(
        samples: CarScenario.samples, horizon: CarScenario.horizon, steps: CarScenario.steps,
        lambda: CarScenario.temperature, sigma: CarScenario.standardDeviations,
        controlDimension: CarControl.count, tailFill: CarScenario.tailFill)
      smoothing = CarScenario.smoothingHalfWidth
      gamma = CarScenario.controlCostWeight
    }
  }

  init(samples: Int, horizon: Int, steps: Int, lambda: Double, sigma: [Double], controlDimension: Int, tailFill: TailFill) {
    self.samples = samples
    self.horizon = horizon
    self.steps = steps
    self.lambda = lambda
    self.sigma = sigma
    self.controlDimension = controlDimension
    self.tailFill = tailFill
  }
}

/// A finished closed-loop run and its system-specific fields.
struct ControlOutcome {
  var result: ClosedLoopResult
  var extra: [(String, String)] = []

  var finalAngle: Double? = nil
  var uprightSteps: Int? = nil

  init(result: ClosedLoopResult) {
    self.result = result
  }

  /// Records the final wrapped angle and the steps whose next state is within 0.1 rad of upright.
  mutating func setAngle(index i: Int) {
    finalAngle = wrapAngle(result.states.last?[i] ?? 0)
    uprightSteps = result.states.dropFirst().filter { abs(wrapAngle($0[i])) < 0.1 }.count
  }

  func json(
    system: ControlCommand.SystemName, planner: ControlCommand.PlannerName, samples: Int, horizon: Int,
    steps: Int, seed: UInt64, lambda: Double, sigma: [Double], threads: Int, spin: SpinPolicy,
    precision: ControlCommand.Precision
  ) -> String {
    let spinValue: String
    switch spin {
    case .adaptive: spinValue = "\"adaptive\""
    case .never: spinValue = "\"never\""
    case .duration(let d): spinValue = jsonNumber(d / .milliseconds(1))
    }
    var fields: [(String, String)] = [
      ("system", "\"\(system.rawValue)\""), ("planner", "\"\(planner.rawValue)\""),
      ("samples", "\(samples)"), ("horizon", "\(horizon)"), ("steps", "\(result.controls.count)"),
      ("seed", "\(seed)"), ("lambda", jsonNumber(lambda)), ("sigma", "[" + sigma.map(jsonNumber).joined(separator: ", ") + "]"),
      ("threads", "\(threads)"), ("spin", spinValue), ("precision", "\"\(precision.rawValue)\""),
      ("rate_hz", result.period.map { jsonNumber(1 / ($0 / .seconds(1))) } ?? "null"),
      ("total_cost", jsonNumber(result.totalCost)), ("ms_per_step", jsonNumber(result.millisecondsPerCommand)),
      ("cpu_ms_per_step", jsonNumber(result.cpuMillisecondsPerStep)),
      ("cpu_ms_between_steps", jsonNumber(result.cpuMillisecondsBetweenCommands)),
    ]
    if let a = finalAngle { fields.append(("final_angle", jsonNumber(a))) }
    if let u = uprightSteps { fields.append(("upright_steps", "\(u)")) }
    fields.append(contentsOf: extra)
    let ess = result.reports.map(\.effectiveSampleSize)
    if !ess.isEmpty { fields.append(("mean_ess", jsonNumber(ess.reduce(0, +) / Double(ess.count)))) }
    let feasible = result.reports.map(\.feasibleFraction)
    if !feasible.isEmpty {
      fields.append(("feasible_fraction", jsonNumber(feasible.reduce(0, +) / Double(feasible.count))))
      fields.append(("min_feasible_fraction", jsonNumber(feasible.min() ?? 1)))
    }
    let lams = result.reports.map(\.temperature)
    if !lams.isEmpty { fields.append(("mean_lambda", jsonNumber(lams.reduce(0, +) / Double(lams.count)))) }
    fields.append(("final_state", "[" + (result.states.last ?? []).map(jsonNumber).joined(separator: ", ") + "]"))
    return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
  }

  func summary(system: ControlCommand.SystemName) -> String {
    var lines = [
      "\(system.rawValue): \(result.controls.count) steps, total cost \(String(format: "%.4f", result.totalCost)), "
        + "\(String(format: "%.3f", result.millisecondsPerCommand)) ms per command, "
        + "\(String(format: "%.3f", result.cpuMillisecondsPerStep)) CPU ms per step"
    ]
    if let a = finalAngle, let u = uprightSteps {
      lines.append("final angle \(String(format: "%.4f", a)) rad, upright (|θ| < 0.1) in \(u) steps")
    }
    for (k, v) in extra { lines.append("\(k): \(v)") }
    return lines.joined(separator: "\n")
  }
}

/// A JSON number (non-finite values as null).
func jsonNumber(_ x: Double) -> String { x.isFinite ? "\(x)" : "null" }
