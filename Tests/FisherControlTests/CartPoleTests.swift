import Foundation
import Testing
import Fisher
import FisherControl

@Suite struct CartPoleTests {
  @Test func aBatchGivesEachRolloutItsOwnStepBitForBit() throws {
    // Groups of four go through vector code, the rest one at a time.
    let system = CartPole()
    var rng = Xoshiro256StarStar(seed: 12)
    for count in [1, 4, 6, 9] {
      var states = (0..<(4 * count)).map { _ in rng.nextUniform() * 20 - 10 }
      let forces = (0..<count).map { _ in rng.nextUniform() * 30 - 15 }
      if count == 9 { states[4 * 5 + 2] = -2e5 }  // a pole angle past the vector range: the batch goes one at a time
      let alone = try (0..<count).map { k in try system.next(Array(states[(4 * k)..<(4 * k + 4)]), [forces[k]]) }
      states.withUnsafeMutableBufferPointer { xs in
        forces.withUnsafeBufferPointer { fs in system.step(states: xs, controls: fs, count: count) }
      }
      for k in 0..<count {
        #expect((0..<4).allSatisfy { states[4 * k + $0].bitPattern == alone[k][$0].bitPattern })
      }
    }
  }

  @Test func energyAndMomentumAreConservedWithoutForce() throws {
    // Without force the energy E and the horizontal momentum (M + m)ẋ + m l θ̇ cos θ are
    // invariants of the continuous system; semi-implicit Euler keeps both within O(dt).
    // dt = 10⁻⁴ over 2 s: errors below 10⁻³ against the scale m g l = 0.49.
    var c = CartPole()
    c.dt = 1e-4
    var x = [0.0, 0.3, 2.0, -0.5]
    let e0 = c.energy(x)
    func momentum(_ s: [Double]) -> Double { 1.1 * s[1] + 0.05 * s[3] * cos(s[2]) }
    let p0 = momentum(x)
    var worstE = 0.0, worstP = 0.0
    for _ in 0..<20_000 {
      x = try c.next(x, [0])
      worstE = max(worstE, abs(c.energy(x) - e0))
      worstP = max(worstP, abs(momentum(x) - p0))
    }
    #expect(worstE < 1e-3)
    #expect(worstP < 1e-3)
  }

  @Test func masslessPoleLeavesAPointMassCart() throws {
    // m = 0: ẍ = F/M exactly, and n semi-implicit Euler steps give v = n dt F/M,
    // x = dt² (F/M) n(n+1)/2.
    var c = CartPole()
    c.poleMass = 0
    var x = [0.0, 0.0, 1.0, 0.0]
    for _ in 0..<50 { x = try c.next(x, [4]) }
    #expect(abs(x[1] - 50 * 0.02 * 4) < 1e-12)
    #expect(abs(x[0] - 0.02 * 0.02 * 4 * 50 * 51 / 2) < 1e-12)
  }

  @Test func forceIsClippedAndUprightIsAnEquilibrium() throws {
    let c = CartPole()
    #expect(try c.next([0, 0, 0.2, 0], [50]) == (try c.next([0, 0, 0.2, 0], [10])))
    var x = [0.0, 0.0, 0.0, 0.0]
    for _ in 0..<100 { x = try c.next(x, [0]) }
    #expect(x == [0, 0, 0, 0])
  }

  @Test func mppiSwingsThePoleUp() throws {
    var cfg = MPPIConfiguration(samples: 256, horizon: 60, temperature: .fixed(0.3),
                                noise: try NoiseCovariance(standardDeviations: [5]))
    cfg.seed = 3
    var mppi = try MPPI(system: CartPole(), cost: CartPoleCost(), configuration: cfg)
    let run = try mppi.runClosedLoop(from: CartPole.hangingDown, steps: 160)
    // 3.2 s: the swing-up takes under 2 s; the last second stays within 0.1 rad of upright, on the track.
    #expect(run.states.suffix(50).allSatisfy { abs(wrapAngle($0[2])) < 0.1 })
    #expect(run.states.allSatisfy { abs($0[0]) < 2.4 })
  }
}

@Suite struct UnicycleTests {
  /// The shared unicycle task: the start is clear of every obstacle and 4 m
  /// from the goal, and its MPPI settings make a valid planner that moves
  /// towards the goal in a few steps, the same for any thread count.
  @Test func scenarioStartsClearAndPlansTowardsTheGoal() throws {
    let cost = UnicycleScenario.cost
    #expect(cost.clearance(x: UnicycleScenario.start[0], y: UnicycleScenario.start[1]) > 0)
    #expect(UnicycleScenario.distanceToGoal(UnicycleScenario.start) == 4)
    func run(_ threads: Int) throws -> ClosedLoopResult {
      var c = try UnicycleScenario.configuration(threads: threads, seed: 3)
      c.samples = 256
      var p = try MPPI(system: Unicycle(), cost: cost, configuration: c)
      return try p.runClosedLoop(from: UnicycleScenario.start, steps: 20)
    }
    let one = try run(1), two = try run(2)
    #expect(one.states == two.states)
    let end = try #require(one.states.last)
    #expect(UnicycleScenario.distanceToGoal(end) < 4)
  }

  @Test func constantSpeedDrivesAStraightLine() throws {
    let u = Unicycle()
    var x = Unicycle.state(x: 1, y: -2, heading: Double.pi / 6)
    for _ in 0..<20 { x = try u.next(x, [0.5, 0]) }
    #expect(abs(x[0] - (1 + 0.5 * cos(Double.pi / 6))) < 1e-12)
    #expect(abs(x[1] - (-2 + 0.5 * sin(Double.pi / 6))) < 1e-12)
    #expect(abs(Unicycle.heading(x) - Double.pi / 6) < 1e-12)
  }

  @Test(arguments: [0.05, 0.5])
  func constantTurnRateDrivesACircle(dt: Double) throws {
    // From the origin heading +x with v, ω: x = (v/ω) sin ωt, y = (v/ω)(1 − cos ωt).
    // dt = 0.05 uses the Taylor series (Δ = 0.0475), dt = 0.5 uses sin/cos (Δ = 0.95).
    var u = Unicycle()
    u.dt = dt
    let v = 0.4, w = 0.95
    var x = Unicycle.state(x: 0, y: 0, heading: 0)
    for n in 1...80 {
      x = try u.next(x, [v, w])
      let t = Double(n) * dt
      #expect(abs(x[0] - v / w * sin(w * t)) < 1e-11)
      #expect(abs(x[1] - v / w * (1 - cos(w * t))) < 1e-11)
      #expect(abs(x[2] * x[2] + x[3] * x[3] - 1) < 1e-14)
    }
  }

  @Test func controlsAreClippedToNav2Limits() throws {
    let u = Unicycle()
    let s = Unicycle.state(x: 0, y: 0, heading: 0.3)
    #expect(try u.next(s, [3, 10]) == (try u.next(s, [0.5, 1.9])))
    #expect(try u.next(s, [-3, -10]) == (try u.next(s, [-0.35, -1.9])))
  }

  @Test func costPenalizesCollisionsAndRewardsProgress() {
    let cost = UnicycleCost(goalX: 2, goalY: 0, obstacles: [CircleObstacle(x: 1, y: 0, radius: 0.3)])
    // Inside the obstacle: collision cost; far away: goal distance plus effort only.
    let inside = cost.runningCost(state: [1.1, 0, 1, 0], control: [0.2, 0])
    let free = cost.runningCost(state: [1, 1.5, 1, 0], control: [0.2, 0])
    #expect(inside > cost.collisionCost)
    #expect(abs(free - cost.goalWeight * (1 + 2.25).squareRoot()) < 1e-12)
    #expect(abs(cost.clearance(x: 1, y: 1.5) - (1.5 - 0.3 - cost.robotRadius)) < 1e-12)
  }

  @Test func mppiReachesTheGoalWithoutCollision() throws {
    // The straight line to the goal passes 0.3 m from the obstacle's centre: it would collide.
    let cost = UnicycleCost(goalX: 2.5, goalY: 0, obstacles: [CircleObstacle(x: 1.2, y: 0.3, radius: 0.3)])
    var cfg = MPPIConfiguration(samples: 256, horizon: 40, temperature: .fixed(0.3),
                                noise: try NoiseCovariance(standardDeviations: [0.2, 0.4]))
    cfg.tailFill = .repeatLast
    cfg.smoothing = try SavitzkyGolay(halfWidth: 4, degree: 2)
    cfg.controlCostWeight = 0.015
    cfg.seed = 2
    var mppi = try MPPI(system: Unicycle(), cost: cost, configuration: cfg)
    let run = try mppi.runClosedLoop(from: Unicycle.state(x: 0, y: 0, heading: 0), steps: 200) { _, x, _ in
      ((x[0] - 2.5) * (x[0] - 2.5) + x[1] * x[1]).squareRoot() > 0.25
    }
    let last = run.states.last!
    #expect(((last[0] - 2.5) * (last[0] - 2.5) + last[1] * last[1]).squareRoot() <= 0.25)
    #expect(run.states.allSatisfy { cost.clearance(x: $0[0], y: $0[1]) >= 0 })
    #expect(run.states.contains { $0[1] < -0.05 })  // it went around, below the obstacle
  }
}

@Suite struct CEMPlannerTests {
  func pendulumCEM(threads: Int = 2) throws -> CEMConfiguration {
    var c = CEMConfiguration(samples: 200, horizon: 15, elites: 20, standardDeviations: [2])
    c.seed = 4
    c.threads = threads
    return c
  }

  @Test func cemSwingsThePendulumUp() throws {
    var cem = try CEMPlanner(system: Pendulum(), cost: PendulumCost(), configuration: try pendulumCEM())
    let run = try cem.runClosedLoop(from: Pendulum.hangingDown, steps: 150)
    #expect(run.states.suffix(50).allSatisfy { abs(wrapAngle($0[0])) < 0.1 && abs($0[1]) < 0.5 })
    #expect(run.controls.allSatisfy { abs($0[0]) <= 2 })
  }

  @Test func cemIsIdenticalForAnyThreadCount() throws {
    func run(_ threads: Int) throws -> [[Double]] {
      var cem = try CEMPlanner(system: Pendulum(), cost: PendulumCost(), configuration: try pendulumCEM(threads: threads))
      return try cem.runClosedLoop(from: Pendulum.hangingDown, steps: 5).controls
    }
    let one = try run(1)
    #expect(one == (try run(2)))
    #expect(one == (try run(4)))
  }

  @Test func invalidSettingsThrow() throws {
    var c = try pendulumCEM()
    c.elites = 500
    #expect(throws: FisherError.self) { try CEMPlanner(system: Pendulum(), cost: PendulumCost(), configuration: c) }
    c = try pendulumCEM()
    c.standardDeviations = [1, 1]
    #expect(throws: FisherError.self) { try CEMPlanner(system: Pendulum(), cost: PendulumCost(), configuration: c) }
  }
}
