import Foundation
import Testing
@testable import FisherControl

@Suite struct SmoothMPPITests {
  /// Three closed-loop steps agree with pytorch_mppi's SMPPI formulas, reimplemented plainly:
  /// bounds that clip, a smoothness cost, nonzero initial actions and derivatives after step 1.
  @Test func commandsMatchTheReferenceUpdateRule() throws {
    let ref = PathIntegralReference(samples: 7, horizon: 4, sigma: 0.6, lambda: 0.5, lower: -0.8, upper: 0.9, seed: 21)
    var c = try ref.configuration()
    c.initialControls = [0.2, -0.1, 0.4, 0.0]
    var smooth = try SmoothMPPI(
      system: Integrator(), cost: QuadraticCost(target: 1, terminalWeight: 2), configuration: c, timeStep: 0.7,
      smoothnessWeight: 0.3)
    let got = try ref.closedLoop(steps: 3, from: -0.5) { try smooth.command(state: [$0])[0] }
    let expected = ref.smoothCommands(steps: 3, from: -0.5, actions: c.initialControls!, dt: 0.7, smoothness: 0.3)
    for (a, b) in zip(got, expected) { #expect(abs(a - b) < 1e-10, "\(got) vs \(expected)") }
    #expect(smooth.derivatives.contains { $0 != 0 })
  }

  /// SMPPI swings the pendulum up: far below the cost of leaving it hanging.
  @Test func swingsUpThePendulum() throws {
    let hanging = try doNothingPendulumCost(steps: 150)
    for seed: UInt64 in [1, 2] {
      var c = try pendulumConfiguration(samples: 300, seed: seed)
      c.noise = try NoiseCovariance(standardDeviations: [1])
      var smooth = try SmoothMPPI(system: Pendulum(), cost: PendulumCost(), configuration: c)
      let run = try smooth.runClosedLoop(from: Pendulum.hangingDown, steps: 150)
      #expect(run.totalCost < 0.5 * hanging, "seed \(seed): \(run.totalCost) vs hanging \(hanging)")
    }
  }

  @Test func commandsDoNotDependOnTheThreadCount() throws {
    func run(_ threads: Int) throws -> ClosedLoopResult {
      var c = try pendulumConfiguration(samples: 257, seed: 9, threads: threads)
      c.noise = try NoiseCovariance(standardDeviations: [1.5])
      c.temperature = .effectiveSampleSize(fraction: 0.1, initial: 1)
      var p = try SmoothMPPI(system: Pendulum(), cost: PendulumCost(), configuration: c, timeStep: 0.5, smoothnessWeight: 2)
      return try p.runClosedLoop(from: Pendulum.hangingDown, steps: 12)
    }
    let one = try run(1), three = try run(3)
    #expect(one.controls == three.controls)
    #expect(one.reports == three.reports)
  }

  @Test func badParametersThrow() throws {
    let c = try pendulumConfiguration()
    for dt in [0, -1, Double.nan, .infinity] {
      #expect(throws: FisherError.self) { try SmoothMPPI(system: Pendulum(), cost: PendulumCost(), configuration: c, timeStep: dt) }
    }
    for w in [-0.1, Double.nan, .infinity] {
      #expect(throws: FisherError.self) {
        try SmoothMPPI(system: Pendulum(), cost: PendulumCost(), configuration: c, smoothnessWeight: w)
      }
    }
    var sg = c
    sg.smoothing = try SavitzkyGolay(halfWidth: 2, degree: 2)
    #expect(throws: FisherError.self) { try SmoothMPPI(system: Pendulum(), cost: PendulumCost(), configuration: sg) }
    var p = try SmoothMPPI(system: Pendulum(), cost: PendulumCost(), configuration: c)
    #expect(throws: FisherError.self) { try p.command(state: [1, 2, 3]) }
    #expect(throws: FisherError.self) { try p.command(state: [.nan, 0]) }
    #expect(p.steps == 0)
  }
}
