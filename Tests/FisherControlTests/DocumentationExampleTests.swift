import Testing
import FisherControl

/// The Swift example of docs/control.md, with fewer steps.
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
}
