import Foundation
import Testing
@testable import FisherControl

@Suite struct PathIntegralWeightsTests {
  @Test func weightsMatchHandComputation() {
    // S = (3, 1, 2, ∞), λ = 0.5: min S = 1, so w ∝ (e^{−4}, 1, e^{−2}, 0).
    let w = PathIntegralWeights.weights(costs: [3, 1, 2, .infinity], temperature: 0.5)
    let z = exp(-4.0) + 1 + exp(-2.0)
    let expected = [exp(-4.0) / z, 1 / z, exp(-2.0) / z, 0]
    for i in 0..<4 { #expect(abs(w[i] - expected[i]) < 1e-15) }
    let ess = PathIntegralWeights.effectiveSampleSize(w)
    #expect(abs(ess - 1 / expected.reduce(0) { $0 + $1 * $1 }) < 1e-12)
  }

  @Test func largeCostsDoNotUnderflow() {
    // Costs around 10⁶ with λ = 1 would underflow exp(−S/λ) without the shift by min S.
    let w = PathIntegralWeights.weights(costs: [1e6, 1e6 + 1], temperature: 1)
    #expect(abs(w[0] - 1 / (1 + exp(-1.0))) < 1e-15)
  }

  @Test func allInfiniteCostsGiveZeroWeights() {
    let w = PathIntegralWeights.weights(costs: [.infinity, .nan], temperature: 1)
    #expect(w == [0, 0])
  }
}

@Suite struct MPPIUpdateTests {
  /// One MPPI step on x' = x + u, c = (x − 1)², recomputed from the same random streams.
  @Test func oneUpdateMatchesHandComputation() throws {
    let sigma = 0.5, lambda = 0.7, k = 5, t = 2
    var c = MPPIConfiguration(samples: k, horizon: t, temperature: .fixed(lambda),
                              noise: try NoiseCovariance(standardDeviations: [sigma]))
    c.includeNominal = false
    c.initialControls = [0.3, -0.2]
    c.seed = 11
    c.threads = 1
    var mppi = try MPPI(system: Integrator(), cost: QuadraticCost(target: 1, terminalWeight: 2), configuration: c)
    let u0 = try mppi.command(state: [0.25])

    // By hand: ε_k = σ z_k, S_k = Σ_t (x_{t+1} − 1)² + 2(x_T − 1)² + λ Σ_t U_t ε_t / σ².
    let U = [0.3, -0.2]
    var eps: [[Double]] = [], costs: [Double] = []
    for s in 0..<k {
      var rng = RandomStreams(seed: 11).generator(generation: 0, index: s)
      let e = (0..<t).map { _ in sigma * rng.nextNormal() }
      var x = 0.25, cost = 0.0
      for i in 0..<t {
        x += U[i] + e[i]
        cost += (x - 1) * (x - 1) + lambda * U[i] * e[i] / (sigma * sigma)
      }
      cost += 2 * (x - 1) * (x - 1)
      eps.append(e)
      costs.append(cost)
    }
    let best = costs.min()!
    let raw = costs.map { exp(-($0 - best) / lambda) }
    let w = raw.map { $0 / raw.reduce(0, +) }
    let newU = (0..<t).map { i in U[i] + (0..<k).reduce(0) { $0 + w[$1] * eps[$1][i] } }

    #expect(abs(u0[0] - newU[0]) < 1e-12)
    // Warm start: shifted by one, zero tail.
    #expect(abs(mppi.controls[0] - newU[1]) < 1e-12)
    #expect(mppi.controls[1] == 0)
    for s in 0..<k { #expect(abs(mppi.lastCosts()[s] - costs[s]) < 1e-12) }
    let ess = 1 / w.reduce(0) { $0 + $1 * $1 }
    #expect(abs(mppi.lastReport!.effectiveSampleSize - ess) < 1e-9)
  }

  /// As λ → 0 the weights become one-hot on the cheapest rollout, so U jumps to that rollout's controls.
  @Test func vanishingTemperatureSelectsTheBestSample() throws {
    let k = 64, t = 4
    var c = MPPIConfiguration(samples: k, horizon: t, temperature: .fixed(1e-9),
                              noise: try NoiseCovariance(standardDeviations: [0.8]))
    c.seed = 5
    c.threads = 2
    let system = Integrator(dt: 0.5), cost = QuadraticCost(target: 2)
    var mppi = try MPPI(system: system, cost: cost, configuration: c)
    let u0 = try mppi.command(state: [0])
    let v = mppi.lastSampledControls()
    // Roll every sampled sequence out independently (U = 0, so the control cost vanishes).
    var bestCost = Double.infinity, best = -1
    for s in 0..<k {
      var x = [0.0], total = 0.0
      for i in 0..<t {
        x = try system.next(x, [v[s * t + i]])
        total += cost.runningCost(state: x, control: [v[s * t + i]])
      }
      if total < bestCost { bestCost = total; best = s }
    }
    #expect(abs(u0[0] - v[best * t]) < 1e-12)
    for i in 0..<(t - 1) { #expect(abs(mppi.controls[i] - v[best * t + i + 1]) < 1e-12) }
    #expect(mppi.lastReport!.effectiveSampleSize < 1.000001)
  }

  /// White (β = 0) and colored (β = 1: each rollout's q normals mapped through ``ColoredNoise``) noise.
  @Test(arguments: [0.0, 1.0])
  func sampledControlsAreTheDocumentedOnes(noiseExponent: Double) throws {
    // K = 11: the nominal rollout 0, rollouts 1–7 centred on U, 8–10 zero-mean
    // (⌊0.3 · 11⌋ = 3), so one group of four straddles the zero-mean boundary.
    let sigma = 1.5, k = 11, t = 6
    var c = MPPIConfiguration(samples: k, horizon: t, noise: try NoiseCovariance(standardDeviations: [sigma]))
    c.noiseExponent = noiseExponent
    c.zeroMeanFraction = 0.3
    c.initialControls = [0.4, -1.9, 1.2, 0.0, -0.5, 1.99]
    c.seed = 21
    c.threads = 1
    var mppi = try MPPI(system: Pendulum(), cost: PendulumCost(), configuration: c)
    _ = try mppi.command(state: Pendulum.hangingDown)
    let v = mppi.lastSampledControls()
    let u = c.initialControls!
    func clamp(_ x: Double) -> Double { Swift.min(Swift.max(x, -2), 2) }
    for i in 0..<t { #expect(v[i] == clamp(u[i])) }
    for s in 1..<k {
      var rng = RandomStreams(seed: 21).generator(generation: 0, index: s)
      let z = noiseExponent > 0
        ? try ColoredNoise(exponent: noiseExponent, length: t).sample(using: &rng)
        : (0..<t).map { _ in rng.nextNormal() }
      for i in 0..<t {
        let expected = clamp((s < 8 ? u[i] : 0) + sigma * z[i])
        #expect(v[s * t + i].bitPattern == expected.bitPattern, "rollout \(s), step \(i)")
      }
    }
  }

  @Test func sampledControlsAreTheDocumentedOnesInTwoDimensions() throws {
    // m = 2, Σ = [[1, 0.8], [0.8, 1]], ε = L z with L the Cholesky factor, z in the order (t, j);
    // the same rollout layout as above (nominal 0, centred 1–7, zero-mean 8–10), clamped to a box.
    struct Free: DynamicalSystem {
      var stateDimension: Int { 1 }
      var controlDimension: Int { 2 }
      var dt: Double { 1 }
      func step(states: UnsafeMutableBufferPointer<Double>, controls: UnsafeBufferPointer<Double>, count: Int) {}
    }
    struct Zero: ControlCost {
      func accumulateRunningCost(
        states: UnsafeBufferPointer<Double>, controls: UnsafeBufferPointer<Double>, count: Int, time: Int,
        into costs: UnsafeMutableBufferPointer<Double>
      ) {}
    }
    let k = 11, t = 5
    let noise = try NoiseCovariance(covariance: try Matrix([[1, 0.8], [0.8, 1]]))
    var c = MPPIConfiguration(samples: k, horizon: t, noise: noise)
    c.zeroMeanFraction = 0.3
    c.initialControls = [0.5, -0.2, 1.4, 0.9, -1.0, 0.3, 0.0, -0.8, 0.2, 0.6]
    c.controlLowerBounds = [-1.5, -1]
    c.controlUpperBounds = [1.5, 1]
    c.seed = 5
    c.threads = 1
    var mppi = try MPPI(system: Free(), cost: Zero(), configuration: c)
    _ = try mppi.command(state: [0])
    let v = mppi.lastSampledControls()
    let u = c.initialControls!, l = noise.lower
    let lo = [-1.5, -1.0], hi = [1.5, 1.0]
    func clamp(_ x: Double, _ r: Int) -> Double { Swift.min(Swift.max(x, lo[r]), hi[r]) }
    for i in 0..<(2 * t) { #expect(v[i] == clamp(u[i], i % 2)) }
    for s in 1..<k {
      var rng = RandomStreams(seed: 5).generator(generation: 0, index: s)
      for i in 0..<t {
        let z = [rng.nextNormal(), rng.nextNormal()]
        for r in 0..<2 {
          var e = 0.0
          for j in 0...r { e += l[r * 2 + j] * z[j] }
          let expected = clamp((s < 8 ? u[2 * i + r] : 0) + e, r)
          #expect(v[(s * t + i) * 2 + r].bitPattern == expected.bitPattern, "rollout \(s), step \(i), dimension \(r)")
        }
      }
    }
  }

  @Test func boundsAreNeverExceeded() throws {
    var c = try pendulumConfiguration(samples: 200)
    c.noise = try NoiseCovariance(standardDeviations: [20])
    c.zeroMeanFraction = 0.25
    c.noiseExponent = 1
    c.initialControls = [Double](repeating: 5, count: 15)  // deliberately outside ±2
    var mppi = try MPPI(system: Pendulum(), cost: PendulumCost(), configuration: c)
    var x = Pendulum.hangingDown
    for _ in 0..<10 {
      let u = try mppi.command(state: x)
      #expect(abs(u[0]) <= 2)
      let v = mppi.lastSampledControls()
      #expect(v.allSatisfy { abs($0) <= 2 })
      #expect(v.contains { $0 == 2 } && v.contains { $0 == -2 })  // σ = 20 does hit both bounds
      #expect(mppi.controls.allSatisfy { abs($0) <= 2 } || mppi.steps == 0)
      x = try Pendulum().next(x, u)
    }
  }

  @Test func fullCovarianceNoiseHasTheRequestedCorrelation() throws {
    // Σ = [[1, 0.8], [0.8, 1]]: the sample correlation of ε over K·T = 40 000 pairs has
    // standard error (1 − ρ²)/√n ≈ 0.0018, so 0.8 ± 0.01 is a > 5σ band.
    let sigma = try Matrix([[1, 0.8], [0.8, 1]])
    var c = MPPIConfiguration(samples: 2000, horizon: 20, noise: try NoiseCovariance(covariance: sigma))
    c.includeNominal = false
    struct Free: DynamicalSystem {
      var stateDimension: Int { 1 }
      var controlDimension: Int { 2 }
      var dt: Double { 1 }
      func step(states: UnsafeMutableBufferPointer<Double>, controls: UnsafeBufferPointer<Double>, count: Int) {}
    }
    var mppi = try MPPI(system: Free(), cost: QuadraticCost(), configuration: c)
    _ = try mppi.command(state: [0])
    let v = mppi.lastSampledControls()
    var sxy = 0.0, sxx = 0.0, syy = 0.0
    for i in stride(from: 0, to: v.count, by: 2) {
      sxy += v[i] * v[i + 1]; sxx += v[i] * v[i]; syy += v[i + 1] * v[i + 1]
    }
    #expect(abs(sxy / (sxx * syy).squareRoot() - 0.8) < 0.01)
    #expect(abs(sxx / Double(v.count / 2) - 1) < 0.03)  // var estimate: SE √(2/n) ≈ 0.007
  }

  @Test(arguments: [0.0, 0.5])
  func resultsAreIdenticalForAnyThreadCount(noiseExponent: Double) throws {
    func run(_ threads: Int) throws -> ([Double], [Double], [PlannerReport]) {
      var c = try pendulumConfiguration(samples: 150, seed: 9, threads: threads)
      c.noiseExponent = noiseExponent
      c.zeroMeanFraction = 0.1
      c.temperature = .effectiveSampleSize(fraction: 0.1, initial: 1)
      c.smoothing = try SavitzkyGolay(halfWidth: 2, degree: 2)
      var mppi = try MPPI(system: Pendulum(), cost: PendulumCost(), configuration: c)
      var x = Pendulum.hangingDown, us: [Double] = [], reports: [PlannerReport] = []
      for _ in 0..<6 {
        let u = try mppi.command(state: x)
        us += u
        reports.append(mppi.lastReport!)
        x = try Pendulum().next(x, u)
      }
      return (us, mppi.controls, reports)
    }
    let one = try run(1), two = try run(2), four = try run(4), three = try run(3)
    #expect(one.0 == two.0 && one.0 == four.0 && one.0 == three.0)
    #expect(one.1 == two.1 && one.1 == four.1 && one.1 == three.1)
    #expect(one.2 == two.2 && one.2 == four.2)
  }

  @Test func adaptiveTemperatureHitsTheTargetEffectiveSampleSize() throws {
    var c = try pendulumConfiguration(samples: 400)
    c.temperature = .effectiveSampleSize(fraction: 0.2, initial: 1)
    var mppi = try MPPI(system: Pendulum(), cost: PendulumCost(), configuration: c)
    var x = Pendulum.hangingDown
    for _ in 0..<10 {
      let u = try mppi.command(state: x)
      let r = mppi.lastReport!
      // The solver stops within 0.5 % of the target 0.2 · 400 = 80.
      #expect(abs(r.effectiveSampleSize - 80) <= 0.4)
      // And the reported ESS is that of the weights actually used.
      #expect(abs(PathIntegralWeights.effectiveSampleSize(mppi.lastWeights()) - r.effectiveSampleSize) < 1e-9)
      x = try Pendulum().next(x, u)
    }
  }

  @Test func pendulumSwingsUpAndStaysUpright() throws {
    var mppi = try MPPI(system: Pendulum(), cost: PendulumCost(), configuration: try pendulumConfiguration())
    let run = try mppi.runClosedLoop(from: Pendulum.hangingDown, steps: 150)
    // Hanging down costs π² ≈ 9.87 per step; a swing-up takes well under 100 steps
    // (about 5 s), after which the pendulum must stay within 0.1 rad of upright.
    let tail = run.states.suffix(50)
    #expect(tail.allSatisfy { abs(wrapAngle($0[0])) < 0.1 && abs($0[1]) < 0.5 })
    #expect(run.totalCost < 9.87 * 150 / 2)
  }

  @Test func invalidInputThrows() throws {
    let noise = try NoiseCovariance(standardDeviations: [1])
    #expect(throws: FisherError.self) { try MPPI(system: Pendulum(), cost: PendulumCost(), configuration: .init(samples: 0, noise: noise)) }
    #expect(throws: FisherError.self) { try MPPI(system: Pendulum(), cost: PendulumCost(), configuration: .init(horizon: 0, noise: noise)) }
    #expect(throws: FisherError.self) { try MPPI(system: Pendulum(), cost: PendulumCost(), configuration: .init(temperature: .fixed(0), noise: noise)) }
    #expect(throws: FisherError.self) {
      try MPPI(system: Pendulum(), cost: PendulumCost(), configuration: .init(noise: try NoiseCovariance(standardDeviations: [1, 1])))
    }
    #expect(throws: FisherError.self) { try NoiseCovariance(standardDeviations: [-1]) }
    #expect(throws: FisherError.self) { try NoiseCovariance(covariance: try Matrix([[1, 2], [2, 1]])) }
    var mppi = try MPPI(system: Pendulum(), cost: PendulumCost(), configuration: .init(samples: 4, noise: noise))
    #expect(throws: FisherError.self) { try mppi.command(state: [0]) }
    #expect(throws: FisherError.self) { try mppi.command(state: [.nan, 0]) }
  }
}
