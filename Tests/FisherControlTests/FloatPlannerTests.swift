import Foundation
import Testing
import Fisher
import FisherControl

/// Planners whose system and cost compute in `Float` (``ControlScalar``).
@Suite struct FloatPlannerTests {
  typealias FloatPendulum = BatchedSystem<PlainPendulum<Float>>
  typealias FloatPendulumCost = BatchedCost<PlainPendulumCost<Float>>

  /// The first command of a Float planner samples the Double planner's draws rounded to
  /// Float: from a zero plan, v = clamp(L z) in both, so each sampled control agrees to a
  /// few Float ulps (|v| ≤ 2: 2⁻²¹ absolute), and the rollout costs, which sum 15 steps
  /// of Float arithmetic, agree to 10⁻⁴ relative.
  @Test func floatSamplesAreTheDoubleDrawsRounded() throws {
    let c = try pendulumConfiguration(samples: 200, seed: 7)
    var f = try MPPI(system: PlainPendulum<Float>(), cost: PlainPendulumCost<Float>(), configuration: c)
    var d = try MPPI(system: PlainPendulum<Double>(), cost: PlainPendulumCost<Double>(), configuration: c)
    let x = [Double.pi - 0.3, 0.5]
    let uf = try f.command(state: x), ud = try d.command(state: x)
    let vf = f.lastSampledControls(), vd = d.lastSampledControls()
    #expect(vf.count == vd.count && vf.count == 200 * 15)
    var worst = 0.0
    for (a, b) in zip(vf, vd) { worst = max(worst, abs(a - b)) }
    #expect(worst <= 0x1p-21, "largest difference \(worst)")
    // Float's own rounding: the values it samples are Floats.
    #expect(vf.allSatisfy { Double(Float($0)) == $0 })
    let cf = f.lastCosts(), cd = d.lastCosts()
    for (a, b) in zip(cf, cd) { #expect(abs(a - b) <= 1e-4 * abs(b), "cost \(a) against \(b)") }
    #expect(abs(uf[0] - ud[0]) < 1e-3, "commands \(uf) and \(ud)")
  }

  /// The Float planner's own determinism: the same seed gives the same bits on 1, 2 and 3
  /// threads, for MPPI, SMPPI, KMPPI and CEM.
  @Test(arguments: ["mppi", "smppi", "kmppi", "cem"])
  func floatCommandsDoNotDependOnTheThreadCount(planner: String) throws {
    func run(_ threads: Int) throws -> [[Double]] {
      let c = try pendulumConfiguration(samples: 203, seed: 11, threads: threads)
      let system = FloatPendulum(PlainPendulum<Float>()), cost = FloatPendulumCost(PlainPendulumCost<Float>())
      let start = PlainPendulum<Double>.hangingDown.elements
      switch planner {
      case "mppi":
        var p = try MPPI(system: system, cost: cost, configuration: c)
        return try p.runClosedLoop(from: start, steps: 12).controls
      case "smppi":
        var p = try SmoothMPPI(system: system, cost: cost, configuration: c)
        return try p.runClosedLoop(from: start, steps: 12).controls
      case "kmppi":
        var p = try KernelMPPI(system: system, cost: cost, configuration: c)
        return try p.runClosedLoop(from: start, steps: 12).controls
      default:
        var e = CEMConfiguration(samples: 203, horizon: 15, elites: 20, standardDeviations: [1])
        e.seed = 11
        e.threads = threads
        var p = try CEMPlanner(system: system, cost: cost, configuration: e)
        return try p.runClosedLoop(from: start, steps: 12).controls
      }
    }
    let one = try run(1)
    #expect(one.count == 12)
    #expect(try run(2) == one)
    #expect(try run(3) == one)
  }

  /// Planned in Float, simulated and scored in Double: over seeds 1–4 (K = 300, T = 15,
  /// 150 steps) the pendulum ends upright and the total cost is within 3 % of the Double
  /// planner's with the same seed (runs differ by about 3 % between seeds).
  @Test(arguments: [UInt64(1), 2, 3, 4])
  func floatPendulumSwingsUpLikeDouble(seed: UInt64) throws {
    let c = try pendulumConfiguration(samples: 300, seed: seed)
    let plant = BatchedSystem(PlainPendulum<Double>()), plantCost = BatchedCost(PlainPendulumCost<Double>())
    var f = try MPPI(system: PlainPendulum<Float>(), cost: PlainPendulumCost<Float>(), configuration: c)
    var d = try MPPI(system: plant, cost: plantCost, configuration: c)
    let start = PlainPendulum<Double>.hangingDown.elements
    let a = try f.runClosedLoop(on: plant, scoredBy: plantCost, from: start, steps: 150)
    let b = try d.runClosedLoop(from: start, steps: 150)
    for run in [a, b] {
      #expect(run.states.suffix(50).allSatisfy { abs(wrapAngle($0[0])) < 0.1 })
    }
    #expect(abs(a.totalCost - b.totalCost) < 0.03 * b.totalCost, "float \(a.totalCost), double \(b.totalCost)")
  }

  /// A Float system steps in Float: `next` rounds the state to Float, and the result is
  /// the Double step's within Float precision.
  @Test func floatSystemStepsInFloat() throws {
    let f = FloatPendulum(PlainPendulum<Float>()), d = BatchedSystem(PlainPendulum<Double>())
    let x = [0.3, -1.2], u = [1.5]
    let y = try f.next(x, u), z = try d.next(x, u)
    #expect(y.allSatisfy { Double(Float($0)) == $0 })
    for i in 0..<2 { #expect(abs(y[i] - z[i]) < 1e-6) }
    let cf = FloatPendulumCost(PlainPendulumCost<Float>()).runningCost(state: [7, 0.5], control: [1])
    let cd = PendulumCost().runningCost(state: [7, 0.5], control: [1])
    #expect(abs(cf - cd) < 1e-6 * cd)
  }

  /// Bad input is handled as in Double: a wrong or non-finite state throws and leaves the
  /// planner unchanged; a state beyond Float's range is rejected the same way (it would
  /// round to ±∞), and a plant of another size is refused.
  @Test func badInputThrowsForFloatPlanners() throws {
    let c = try pendulumConfiguration(samples: 64, seed: 2)
    var f = try MPPI(system: PlainPendulum<Float>(), cost: PlainPendulumCost<Float>(), configuration: c)
    #expect(throws: FisherError.self) { try f.command(state: [0]) }
    #expect(throws: FisherError.self) { try f.command(state: [.nan, 0]) }
    #expect(throws: FisherError.self) { try f.command(state: [1e300, 0]) }
    #expect(f.steps == 0)
    _ = try f.command(state: [3, 0])
    #expect(f.steps == 1)
    #expect(throws: FisherError.self) {
      try f.runClosedLoop(on: Unicycle(), scoredBy: PendulumCost(), from: [3, 0], steps: 1)
    }
  }

  /// Rollouts whose Float state overflows to ∞ or NaN are infeasible, get weight 0, and
  /// the others still steer: a model that blows up past |θ̇| > 5 (to ∞) leaves a finite plan.
  @Test func overflowingFloatRolloutsAreInfeasible() throws {
    struct Exploding: PlainSystem {
      var dt: Double { 0.05 }
      func step(_ x: inout SIMD2<Float>, _ u: Float) {
        x.y += u * 0.5
        x.x += x.y * 0.05
        if abs(x.y) > 5 { x.y = .greatestFiniteMagnitude * 4 }
      }
    }
    struct Distance: PlainCost {
      func cost(_ x: SIMD2<Float>, _ u: Float, time: Int) -> Float { (x.x - 1) * (x.x - 1) }
    }
    var c = MPPIConfiguration(samples: 256, horizon: 10, noise: try NoiseCovariance(standardDeviations: [3]))
    c.seed = 4
    var p = try MPPI(system: Exploding(), cost: Distance(), configuration: c)
    let u = try p.command(state: [0, 0])
    let report = try #require(p.lastReport)
    #expect(report.feasibleRollouts > 0 && report.feasibleRollouts < 256)
    #expect(u[0].isFinite && p.controls.allSatisfy(\.isFinite))
    let w = p.lastWeights(), costs = p.lastCosts()
    for (wk, ck) in zip(w, costs) where !ck.isFinite { #expect(wk == 0) }
  }

  /// The Float model of docs/control.md, as written there: it swings up, and its plan
  /// follows the built-in PlainPendulum<Float>'s (same model, same seed) closely.
  @Test func documentedFloatModelSwingsUp() throws {
    struct Pendulum32: PlainSystem {
      var dt: Double { 0.05 }
      var controlLowerBounds: [Double] { [-2] }
      var controlUpperBounds: [Double] { [2] }
      func step(_ x: inout SIMD2<Float>, _ u: Float) {
        let torque = min(max(u, -2), 2)
        let speed = min(max(x.y + 0.75 * sinf(x.x) + 0.15 * torque, -8), 8)
        x.x += speed * 0.05
        x.y = speed
      }
    }
    struct Upright32: PlainCost {
      func cost(_ x: SIMD2<Float>, _ u: Float, time: Int) -> Float {
        let theta = x.x - 2 * .pi * (x.x / (2 * .pi)).rounded()
        return theta * theta + 0.1 * x.y * x.y + 0.001 * u * u
      }
    }
    let config = try pendulumConfiguration(samples: 300, seed: 3)
    var mppi = try MPPI(system: Pendulum32(), cost: Upright32(), configuration: config)
    let u = try mppi.command(state: [.pi, 0])
    #expect(u.count == 1 && abs(u[0]) <= 2)
    mppi.reset()
    let plant = BatchedSystem(PlainPendulum<Double>()), plantCost = BatchedCost(PlainPendulumCost<Double>())
    let run = try mppi.runClosedLoop(on: plant, scoredBy: plantCost, from: [.pi, 0], steps: 150)
    #expect(run.states.suffix(50).allSatisfy { abs(wrapAngle($0[0])) < 0.1 })
  }

  /// Float planners batch like Double ones: N environments in one call give the commands of
  /// N separate Float planners with the corresponding seeds, bit for bit.
  @Test func batchedFloatPlannersMatchSeparateOnes() throws {
    let seeds: [UInt64] = [3, 4, 5]
    let c = try pendulumConfiguration(samples: 97, seed: 0, threads: 2)
    let system = FloatPendulum(PlainPendulum<Float>()), cost = FloatPendulumCost(PlainPendulumCost<Float>())
    var batch = try BatchedPlanner(system: system, cost: cost, configuration: c, seeds: seeds)
    var separate = try seeds.map { seed in
      var ci = c
      ci.seed = seed
      ci.threads = 1
      return try MPPI(system: system, cost: cost, configuration: ci)
    }
    var xs: [[Double]] = [[3, 0], [2, 0.5], [-1, 1]]
    for _ in 0..<4 {
      let us = try batch.commands(states: xs)
      for i in seeds.indices {
        #expect(us[i] == (try separate[i].command(state: xs[i])))
        xs[i] = try system.next(xs[i], us[i])
      }
    }
  }
}
