import Foundation
import Testing
@testable import FisherControl

@Suite struct KernelMPPITests {
  /// Three closed-loop steps agree with pytorch_mppi's KMPPI formulas, reimplemented plainly
  /// (kernel matrices by Gaussian elimination), with bounds that clip support points and controls.
  @Test func commandsMatchTheReferenceUpdateRule() throws {
    let ref = PathIntegralReference(samples: 9, horizon: 6, sigma: 0.7, lambda: 0.4, lower: -0.6, upper: 0.8, seed: 4)
    var kernel = try KernelMPPI(
      system: Integrator(), cost: QuadraticCost(target: 1, terminalWeight: 2), configuration: try ref.configuration(),
      supportPoints: 3, kernel: RBFKernel(sigma: 1.5))
    let got = try ref.closedLoop(steps: 3, from: -0.5) { try kernel.command(state: [$0])[0] }
    let expected = ref.kernelCommands(steps: 3, from: -0.5, supportPoints: 3, kernelSigma: 1.5)
    for (a, b) in zip(got, expected) { #expect(abs(a - b) < 1e-10, "\(got) vs \(expected)") }
  }

  /// Every sampled control sequence is the (clamped) kernel interpolation of its sampled
  /// support points, the command is the interpolation of the updated support points, and
  /// the warm start moves them one step along the interpolant; W computed independently.
  @Test func controlsAreTheInterpolationOfTheSupportPoints() throws {
    let k = 64, t = 15, s = 7
    var planner = try KernelMPPI(
      system: Pendulum(), cost: PendulumCost(), configuration: try pendulumConfiguration(samples: k, seed: 3),
      supportPoints: s)
    let tau = PathIntegralReference.supportTimes(s, horizon: t)
    let w = PathIntegralReference.interpolationMatrix(sigma: 1, support: tau, queries: (0..<t).map(Double.init))
    let shift = PathIntegralReference.interpolationMatrix(sigma: 1, support: tau, queries: tau.map { $0 + 1 })
    func apply(_ m: [[Double]], _ v: [Double]) -> [Double] { m.map { row in zip(row, v).reduce(0) { $0 + $1.0 * $1.1 } } }
    func clamp(_ v: Double) -> Double { Swift.min(Swift.max(v, -2), 2) }
    var x = Pendulum.hangingDown
    for _ in 0..<4 {
      let before = planner.supportPoints
      let u = try planner.command(state: x)
      let v = planner.lastSampledControls(), theta = planner.lastSampledSupportPoints(), weights = planner.lastWeights()
      for r in 0..<k {
        let interpolated = apply(w, Array(theta[(r * s)..<((r + 1) * s)])).map(clamp)
        for i in 0..<t { #expect(abs(v[r * t + i] - interpolated[i]) < 1e-12) }
      }
      let updated = (0..<s).map { i in before[i] + (0..<k).reduce(0.0) { $0 + weights[$1] * (theta[$1 * s + i] - before[i]) } }
      #expect(abs(u[0] - clamp(apply(w, updated)[0])) < 1e-12)
      let shifted = apply(shift, updated)
      for i in 0..<s { #expect(abs(planner.supportPoints[i] - shifted[i]) < 1e-12) }
      x = try Pendulum().next(x, u)
    }
  }

  /// The interpolant passes through the support values: W at the support times is the identity.
  @Test func interpolationReproducesTheSupportValues() throws {
    let tau = PathIntegralReference.supportTimes(5, horizon: 20)
    let w = try KernelInterpolation(kernel: RBFKernel(sigma: 2), supportTimes: tau, queryTimes: tau)
    for i in 0..<5 {
      for j in 0..<5 { #expect(abs(w.matrix[i * 5 + j] - (i == j ? 1 : 0)) < 1e-12) }
    }
  }

  /// KMPPI swings the pendulum up, far below the cost of leaving it hanging.
  @Test func swingsUpThePendulum() throws {
    let hanging = try doNothingPendulumCost(steps: 150)
    for seed: UInt64 in [1, 2] {
      var p = try KernelMPPI(system: Pendulum(), cost: PendulumCost(), configuration: try pendulumConfiguration(samples: 300, seed: seed))
      let run = try p.runClosedLoop(from: Pendulum.hangingDown, steps: 150)
      #expect(run.totalCost < 0.5 * hanging, "seed \(seed): \(run.totalCost) vs hanging \(hanging)")
      #expect(abs(wrapAngle(run.states.last![0])) < 0.1)
    }
  }

  @Test func commandsDoNotDependOnTheThreadCount() throws {
    func run(_ threads: Int) throws -> ClosedLoopResult {
      var c = try pendulumConfiguration(samples: 259, seed: 8, threads: threads)
      c.zeroMeanFraction = 0.1
      c.noiseExponent = 1
      var p = try KernelMPPI(system: Pendulum(), cost: PendulumCost(), configuration: c, supportPoints: 5)
      return try p.runClosedLoop(from: Pendulum.hangingDown, steps: 12)
    }
    let one = try run(1), three = try run(3)
    #expect(one.controls == three.controls)
    #expect(one.reports == three.reports)
  }

  @Test func badParametersThrow() throws {
    let c = try pendulumConfiguration()
    for s in [0, -1, 16] {
      #expect(throws: FisherError.self) {
        try KernelMPPI(system: Pendulum(), cost: PendulumCost(), configuration: c, supportPoints: s)
      }
    }
    for sigma in [0, -1, Double.nan, .infinity] { #expect(throws: FisherError.self) { try RBFKernel(sigma: sigma) } }
    // Support points far closer than σ: the kernel matrix is numerically singular.
    #expect(throws: FisherError.self) {
      try KernelMPPI(system: Pendulum(), cost: PendulumCost(), configuration: c, supportPoints: 15,
                     kernel: RBFKernel(sigma: 1e4))
    }
    var initial = c
    initial.initialControls = [Double](repeating: 0.5, count: 15)
    #expect(throws: FisherError.self) { try KernelMPPI(system: Pendulum(), cost: PendulumCost(), configuration: initial) }
    var sg = c
    sg.smoothing = try SavitzkyGolay(halfWidth: 2, degree: 2)
    #expect(throws: FisherError.self) { try KernelMPPI(system: Pendulum(), cost: PendulumCost(), configuration: sg) }
    #expect(throws: FisherError.self) {
      try KernelInterpolation(kernel: .standard, supportTimes: [0, 1], queryTimes: []).interpolate([1, 2], dimension: 1)
    }
    let w = try KernelInterpolation(kernel: .standard, supportTimes: [0, 2], queryTimes: [1])
    #expect(throws: FisherError.self) { try w.interpolate([1, 2, 3], dimension: 1) }
  }
}
