#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The settings of a ``CEMPlanner``; defaults follow iCEM (Pinneri et al., 2020).
public struct CEMConfiguration: Sendable, Hashable {
  /// N, samples of the first iteration.
  public var samples: Int
  /// T, control steps per sequence.
  public var horizon: Int
  /// Iterations of the cross-entropy method per control step.
  public var iterations: Int = 3
  /// E, elites per iteration.
  public var elites: Int
  /// Initial standard deviation of each control dimension (reset every step).
  public var standardDeviations: [Double]
  /// β of the 1/f^β noise along the horizon (iCEM: colored noise, β ≈ 2–3).
  public var noiseExponent: Double = 2
  /// Samples shrink as N_i = max(N γ^{−i}, 2E).
  public var populationDecay: Double = 1.25
  /// Fraction of elites carried into the next iteration and, shifted, into the next step.
  public var keepEliteFraction: Double = 0.3
  /// α in μ ← α μ + (1 − α) mean(elites) (and likewise σ).
  public var momentum: Double = 0.1
  /// Whether the mean itself is evaluated in the last iteration.
  public var evaluateMean: Bool = true
  /// Whether the first control of the best sequence seen (iCEM) rather than of the mean is applied.
  public var executeBest: Bool = true
  public var tailFill: TailFill = .zero
  public var initialControls: [Double]? = nil
  public var controlLowerBounds: [Double]? = nil
  public var controlUpperBounds: [Double]? = nil
  public var threads: Int = MPPIConfiguration.defaultThreads
  /// When idle worker threads poll and when they park (see ``MPPIConfiguration/spin``).
  public var spin: SpinPolicy = .adaptive
  public var seed: UInt64 = 0

  public init(samples: Int = 1000, horizon: Int = 15, elites: Int = 50, standardDeviations: [Double]) {
    self.samples = samples
    self.horizon = horizon
    self.elites = elites
    self.standardDeviations = standardDeviations
  }
}

/// Cross-entropy-method MPC with iCEM's improvements (Pinneri et al., 2020).
///
/// Each control step runs a few CEM iterations on the distribution
/// N(μ, diag σ²) over control sequences: sample clip(μ + σ ⊙ y) with y colored
/// (1/f^β) noise along the horizon, evaluate, keep the E cheapest (elites), and
/// move μ, σ towards the elites' mean and standard deviation with momentum α.
/// A fraction of the elites is carried to the next iteration and, shifted by one
/// step, to the next control step; the population shrinks by γ per iteration;
/// the last iteration also evaluates μ. The applied control is the first one of
/// the best sequence seen in the step; μ is then shifted (warm start) and σ reset.
///
/// Sample k of iteration i at control step s draws from
/// `generator(generation: s · iterations + i, index: k)`; rollouts run in
/// parallel like ``MPPI``'s and elites are selected by (cost, index), so results
/// do not depend on the thread count.
public struct CEMPlanner<System: DynamicalSystem, Cost: ControlCost>: ControlPlanner
where Cost.Scalar == System.Scalar {
  public let system: System
  /// The cost; it may be replaced between commands (a new goal, new obstacles)
  /// without reallocating anything.
  public var cost: Cost
  public let configuration: CEMConfiguration
  /// μ, the mean sequence (T × m), after the last shift.
  public private(set) var controls: [Double]
  public private(set) var steps = 0
  public private(set) var lastReport: PlannerReport?
  public let lowerBounds: [Double]
  public let upperBounds: [Double]

  let coloredNoise: ColoredNoise
  /// Elites kept from the previous step, shifted (count × T × m, rollout-major).
  var keptElites: [Double] = []
  var workspace: CEMScratch<System.Scalar>

  /// - Throws: `FisherError` for invalid settings or sizes that do not match the system.
  public init(system: System, cost: Cost, configuration: CEMConfiguration) throws {
    let c = configuration
    let m = system.controlDimension
    let bounds = try validatePlanner(
      system: system, samples: c.samples, horizon: c.horizon, threads: c.threads,
      noiseDimension: c.standardDeviations.count, noiseExponent: c.noiseExponent, tailFill: c.tailFill,
      initialControls: c.initialControls, lower: c.controlLowerBounds, upper: c.controlUpperBounds)
    for s in c.standardDeviations where !(s.isFinite && s > 0) {
      throw FisherError.invalidParameter(name: "sigma", reason: "must be finite and > 0, got \(s)")
    }
    guard c.iterations >= 1 else { throw FisherError.invalidParameter(name: "iterations", reason: "must be ≥ 1, got \(c.iterations)") }
    guard c.elites >= 1, c.elites <= c.samples else {
      throw FisherError.invalidParameter(name: "elites", reason: "must be in 1…\(c.samples), got \(c.elites)")
    }
    guard c.populationDecay.isFinite, c.populationDecay >= 1 else {
      throw FisherError.invalidParameter(name: "population decay", reason: "must be ≥ 1, got \(c.populationDecay)")
    }
    guard c.keepEliteFraction >= 0, c.keepEliteFraction <= 1, c.momentum >= 0, c.momentum < 1 else {
      throw FisherError.invalidParameter(name: "keep-elite fraction / momentum", reason: "need fraction in [0, 1] and momentum in [0, 1)")
    }
    self.system = system
    self.cost = cost
    self.configuration = c
    lowerBounds = bounds.lower
    upperBounds = bounds.upper
    controls = c.initialControls ?? [Double](repeating: 0, count: c.horizon * m)
    coloredNoise = try ColoredNoise(exponent: c.noiseExponent, length: c.horizon)
    workspace = CEMScratch(configuration: c, system: system, coloredInputs: coloredNoise.inputCount)
  }

  public mutating func command(state: [Double]) throws -> [Double] {
    try checkState(state, of: system)
    if !isKnownUniquelyReferenced(&workspace) {
      workspace = CEMScratch(configuration: configuration, system: system, coloredInputs: coloredNoise.inputCount)
    }
    let c = configuration, t = c.horizon, m = system.controlDimension, e = c.elites
    let sc = workspace, cap = sc.capacity, tm = t * m
    sc.pool.beginCommand()
    defer { sc.pool.endCommand() }
    let keep = Int((c.keepEliteFraction * Double(e)).rounded(.down))
    var sigma = [Double](repeating: 0, count: tm)
    for i in 0..<t { for j in 0..<m { sigma[i * m + j] = c.standardDeviations[j] } }
    var mean = controls
    var best = [Double](repeating: 0, count: tm)
    var bestCost = Double.infinity
    var eliteCount = 0
    var stats = (min: Double.infinity, mean: Double.infinity, max: Double.infinity, finite: 0)
    var evaluated = 0, feasible = 0
    let v = sc.controls.pointer
    @inline(__always) func clampInto<T: ControlScalar>(_ k: Int, _ seq: UnsafePointer<T>) {
      for i in 0..<t {
        for j in 0..<m {
          let x = Swift.min(Swift.max(seq[i * m + j]._double, lowerBounds[j]), upperBounds[j])
          v[(i * cap + k) * m + j] = System.Scalar(x)
        }
      }
    }

    for iteration in 0..<c.iterations {
      var population = Int((Double(c.samples) * realPower(c.populationDecay, -Double(iteration))).rounded(.down))
      population = Swift.min(c.samples, Swift.max(population, 2 * e))
      // Extra rows: elites carried over and (last iteration) the mean.
      var extra = 0
      if iteration == 0 {
        let kept = Swift.min(keep, keptElites.count / tm)
        keptElites.withUnsafeBufferPointer { k in
          for r in 0..<kept { clampInto(population + r, k.baseAddress! + r * tm) }
        }
        extra = kept
      } else {
        let kept = Swift.min(keep, eliteCount)
        for r in 0..<kept { clampInto(population + r, UnsafePointer(sc.elites.pointer + r * tm)) }
        extra = kept
      }
      if iteration == c.iterations - 1 && c.evaluateMean {
        mean.withUnsafeBufferPointer { clampInto(population + extra, $0.baseAddress!) }
        extra += 1
      }
      let total = population + extra

      // Sample and roll out in parallel.
      for i in 0..<tm {
        sc.mean.pointer[i] = System.Scalar(mean[i])
        sc.sigma.pointer[i] = System.Scalar(sigma[i])
      }
      let setup = _Shared(
        CEMSampleSetup(
          streams: RandomStreams(seed: c.seed), generation: steps * c.iterations + iteration, capacity: cap,
          horizon: t, m: m, mean: sc.mean.pointer, sigma: sc.sigma.pointer, lower: sc.lower.pointer,
          upper: sc.upper.pointer, colored: sc.coloredMatrix.pointer, q: coloredNoise.inputCount, controls: v))
      let sys = system, cst = cost, stepIndex = steps
      let states = _Shared(sc.states.pointer), costs = _Shared(sc.costs.pointer)
      let chunkScratch = _Shared(sc.chunkScratch.pointer), stride = sc.chunkStride
      let sampledCount = population, vs = _Shared(UnsafePointer(v))
      let x0s = _Shared(sc.initialState.load(state))
      forEachChunk(count: total, chunks: sc.chunks, pool: sc.pool) { chunk, range in
        let sampled = range.lowerBound..<Swift.max(range.lowerBound, Swift.min(range.upperBound, sampledCount))
        if !sampled.isEmpty { setup.value.sample(sampled, scratch: chunkScratch.value + chunk * stride) }
        _rollout(
          system: sys, cost: cst, initialState: x0s.value, controls: vs.value, samples: cap,
          horizon: t, step: stepIndex, range: range, states: states.value, costs: costs.value)
      }
      evaluated += total

      // Elites: the e cheapest by (cost, index); NaN counts as +∞.
      let costPtr = sc.costs.pointer
      var order = Array(0..<total)
      order.sort { a, b in
        let ca = costPtr[a].isNaN ? System.Scalar.infinity : costPtr[a]
        let cb = costPtr[b].isNaN ? System.Scalar.infinity : costPtr[b]
        return ca < cb || (ca == cb && a < b)
      }
      eliteCount = Swift.min(e, total)
      for r in 0..<eliteCount {
        let k = order[r]
        for i in 0..<t { for j in 0..<m { sc.elites.pointer[r * tm + i * m + j] = v[(i * cap + k) * m + j] } }
      }
      if costPtr[order[0]]._double < bestCost {
        bestCost = costPtr[order[0]]._double
        for i in 0..<tm { best[i] = sc.elites.pointer[i]._double }
      }
      stats = costStatistics(UnsafeBufferPointer(start: costPtr, count: total))
      feasible += stats.finite
      // μ, σ ← α·old + (1 − α)·elite statistics.
      let a = c.momentum
      for i in 0..<tm {
        var s = 0.0
        for r in 0..<eliteCount { s += sc.elites.pointer[r * tm + i]._double }
        let mu = s / Double(eliteCount)
        var ss = 0.0
        for r in 0..<eliteCount {
          let d = sc.elites.pointer[r * tm + i]._double - mu
          ss += d * d
        }
        let sd = (ss / Double(eliteCount)).squareRoot()
        mean[i] = a * mean[i] + (1 - a) * mu
        sigma[i] = a * sigma[i] + (1 - a) * sd
      }
    }

    let chosen = c.executeBest && bestCost.isFinite ? best : mean
    let out = firstControl(of: chosen, lower: lowerBounds, upper: upperBounds)
    // Keep shifted elites for the next step.
    let kept = Swift.min(keep, eliteCount)
    keptElites = sc.elites.prefix(kept * tm)
    for r in 0..<kept {
      var row = Array(keptElites[(r * tm)..<((r + 1) * tm)])
      c.tailFill.shift(&row, count: t, dimension: m)
      for i in 0..<tm { keptElites[r * tm + i] = row[i] }
    }
    controls = mean
    c.tailFill.shift(&controls, count: t, dimension: m)
    lastReport = PlannerReport(
      step: steps, temperature: 0, effectiveSampleSize: Double(eliteCount), minCost: Swift.min(stats.min, bestCost),
      meanCost: stats.mean, maxCost: stats.max, rollouts: evaluated, feasibleRollouts: feasible)
    steps += 1
    if feasible == 0 {
      throw FisherError.allRolloutsInfeasible(rollouts: evaluated, step: steps - 1)
    }
    return out
  }
}

@inline(__always) func realPower(_ x: Double, _ y: Double) -> Double { pow(x, y) }

/// Sampling of CEM sequences clip(μ + σ ⊙ y), y colored noise per control dimension.
struct CEMSampleSetup<Scalar: ControlScalar> {
  let streams: RandomStreams
  let generation: Int
  let capacity: Int
  let horizon: Int
  let m: Int
  let mean: UnsafeMutablePointer<Scalar>
  let sigma: UnsafeMutablePointer<Scalar>
  let lower: UnsafeMutablePointer<Scalar>
  let upper: UnsafeMutablePointer<Scalar>
  let colored: UnsafeMutablePointer<Double>
  let q: Int
  let controls: UnsafeMutablePointer<Scalar>

  /// `scratch` holds q·m + T·m doubles.
  @_specialize(where Scalar == Double) @_specialize(where Scalar == Float)
  func sample(_ range: Range<Int>, scratch: UnsafeMutablePointer<Double>) {
    let m = self.m, t = horizon, q = self.q
    let y = scratch + q * m
    for k in range {
      var rng = streams.generator(generation: generation, index: k)
      ColoredNoise.draw(&rng, matrix: colored, horizon: t, inputCount: q, dimension: m, inputs: scratch, into: y)
      for j in 0..<m {
        for i in 0..<t {
          let u = mean[i * m + j] + sigma[i * m + j] * Scalar(y[i * m + j])
          controls[(i * capacity + k) * m + j] = Swift.min(Swift.max(u, lower[j]), upper[j])
        }
      }
    }
  }
}

/// Buffers of a ``CEMPlanner``, allocated once.
final class CEMScratch<Scalar: ControlScalar>: @unchecked Sendable {
  let capacity: Int
  let chunks: Int
  let pool: _WorkerPool
  let chunkStride: Int
  let controls: _Buffer<Scalar>
  let states: _Buffer<Scalar>
  let initialState: _Buffer<Scalar>
  let costs: _Buffer<Scalar>
  let elites: _Buffer<Scalar>
  let mean: _Buffer<Scalar>
  let sigma: _Buffer<Scalar>
  let lower: _Buffer<Scalar>
  let upper: _Buffer<Scalar>
  let coloredMatrix: _Buffer<Double>
  let chunkScratch: _Buffer<Double>

  init<S: DynamicalSystem>(configuration c: CEMConfiguration, system: S, coloredInputs q: Int) {
    let t = c.horizon, m = system.controlDimension, n = system.stateDimension
    capacity = c.samples + c.elites + 1
    chunks = c.threads == 1 ? 1 : 2 * c.threads
    pool = _WorkerPool(threads: c.threads, spin: c.spin)
    chunkStride = q * m + t * m
    controls = _Buffer(count: t * capacity * m)
    states = _Buffer(count: capacity * n)
    initialState = _Buffer(count: n)
    costs = _Buffer(count: capacity)
    elites = _Buffer(count: c.elites * t * m)
    mean = _Buffer(count: t * m)
    sigma = _Buffer(count: t * m)
    lower = _Buffer(count: m)
    upper = _Buffer(count: m)
    let lo = c.controlLowerBounds ?? system.controlLowerBounds
    let hi = c.controlUpperBounds ?? system.controlUpperBounds
    for j in 0..<m {
      lower.pointer[j] = Scalar(lo[j])
      upper.pointer[j] = Scalar(hi[j])
    }
    let colored = try? ColoredNoise(exponent: c.noiseExponent, length: t)
    coloredMatrix = _Buffer(count: colored?.matrix.count ?? 0)
    if let colored { for i in colored.matrix.indices { coloredMatrix.pointer[i] = colored.matrix[i] } }
    chunkScratch = _Buffer(count: chunks * chunkStride)
  }
}
