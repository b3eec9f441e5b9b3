import Testing
import FisherControl

/// The Swift examples of docs/control.md (with fewer steps) and of the FisherControl catalog.
@Suite struct DocumentationExampleTests {
  @Test func controlExampleRuns() throws {
    var config = MPPIConfiguration(samples: 200, horizon: 15, temperature: .fixed(1),
                                   noise: try NoiseCovariance(standardDeviations: [Double(10).squareRoot()]))
    config.seed = 42
    config.smoothing = try SavitzkyGolay(halfWidth: 2, degree: 2)
    var mppi = try MPPI(system: Pendulum(), cost: PendulumCost(), configuration: config)

    var x = Pendulum.hangingDown
    for _ in 0..<20 {
      let u = try mppi.command(state: x)
      x = try Pendulum().next(x, u)
      let r = try #require(mppi.lastReport)
      #expect(r.effectiveSampleSize >= 1 && r.effectiveSampleSize <= 200)
      #expect(r.minCost <= r.meanCost && r.meanCost <= r.maxCost)
    }
    let run = try mppi.runClosedLoop(from: Pendulum.hangingDown, steps: 5)
    #expect(run.states.count == 6 && run.controls.count == 5 && run.stepCosts.count == 5)
  }

  /// The example of the FisherControl documentation catalog's landing page
  /// (Sources/FisherControl/FisherControl.docc/FisherControl.md), with the same code.
  @Test func catalogLandingPageExample() throws {
    var config = MPPIConfiguration(samples: 300, horizon: 15, temperature: .fixed(1),
                                   noise: try NoiseCovariance(standardDeviations: [Double(10).squareRoot()]))
    config.seed = 42
    var mppi = try MPPI(system: Pendulum(), cost: PendulumCost(), configuration: config)
    let run = try mppi.runClosedLoop(from: Pendulum.hangingDown, steps: 150)

    // Hanging down costs π² per step; the swing-up is over within 100 steps, after
    // which the pendulum stays within 0.1 rad of upright.
    #expect(abs(PendulumCost().runningCost(state: Pendulum.hangingDown, control: [0]) - Double.pi * Double.pi) < 1e-12)
    #expect(run.states.count == 151)
    #expect(run.states.suffix(51).allSatisfy { abs(wrapAngle($0[0])) < 0.1 && abs($0[1]) < 0.5 })
  }
}
