import Foundation
import Testing
import Fisher
import FisherControl

/// A point mass in the plane: state (x, y, vx, vy), control the acceleration, |a| ≤ 2 per axis.
struct PointMass: PlainSystem {
  var dt: Double { 0.1 }
  var controlLowerBounds: [Double] { [-2, -2] }
  var controlUpperBounds: [Double] { [2, 2] }
  func step(_ s: inout SIMD4<Double>, _ a: SIMD2<Double>) {
    s.z += a.x * dt
    s.w += a.y * dt
    s.x += s.z * dt
    s.y += s.w * dt
  }
}

/// ‖p − goal‖² + 0.1‖v‖², with the goal fixed or circling the origin (radius 2, one turn in
/// 2π/ω seconds) as a function of the absolute step; points inside `forbidden` are infeasible.
struct GoalCost: PlainCost {
  var goal = SIMD2<Double>(0, 0)
  var angularSpeed: Double? = nil
  var forbidden: CircleObstacle? = nil
  var infeasibleEverywhere = false

  func goal(at time: Int) -> SIMD2<Double> {
    guard let w = angularSpeed else { return goal }
    let a = w * 0.1 * Double(time)
    return SIMD2(2 * cos(a), 2 * sin(a))
  }

  func cost(_ s: SIMD4<Double>, _ a: SIMD2<Double>, time: Int) -> Double {
    let d = SIMD2(s.x, s.y) - goal(at: time)
    return (d * d).sum() + 0.1 * (s.z * s.z + s.w * s.w)
  }

  func isFeasible(_ s: SIMD4<Double>, time: Int) -> Bool {
    if infeasibleEverywhere { return false }
    guard let o = forbidden else { return true }
    return (s.x - o.x) * (s.x - o.x) + (s.y - o.y) * (s.y - o.y) >= o.radius * o.radius
  }
}

/// A scalar system whose step returns NaN for controls below −1 (a model that divides by zero, say),
/// and a cost that is NaN for states above 3.
struct Fragile: PlainSystem {
  var dt: Double { 0.1 }
  func step(_ x: inout Double, _ u: Double) { x += u < -1 ? .nan : u * dt }
}

struct FragileCost: PlainCost {
  func cost(_ x: Double, _ u: Double, time: Int) -> Double { x > 3 ? .nan : (x - 1) * (x - 1) }
}

func pointMassConfiguration(seed: UInt64 = 3, threads: Int = 2, samples: Int = 256) throws -> MPPIConfiguration {
  var c = MPPIConfiguration(samples: samples, horizon: 20, noise: try NoiseCovariance(standardDeviations: [1, 1]))
  c.seed = seed
  c.threads = threads
  return c
}

@Suite struct PlainModelTests {
  /// The plain pendulum (C library sine) and the hand-vectorized one (its own sine, within two
  /// ulps) plan the same swing-up: over seeds 1–4, K = 300, T = 15, 150 steps, both end upright and
  /// their total costs agree within 3 % per seed (runs of either differ by about 3 % between seeds).
  @Test(arguments: [UInt64(1), 2, 3, 4])
  func plainPendulumSwingsUpLikeTheHandTunedOne(seed: UInt64) throws {
    let c = try pendulumConfiguration(samples: 300, seed: seed)
    var hand = try MPPI(system: Pendulum(), cost: PendulumCost(), configuration: c)
    var plain = try MPPI(system: PlainPendulum<Double>(), cost: PlainPendulumCost<Double>(), configuration: c)
    let a = try hand.runClosedLoop(from: Pendulum.hangingDown, steps: 150)
    let b = try plain.runClosedLoop(from: PlainPendulum<Double>.hangingDown.elements, steps: 150)
    for run in [a, b] {
      #expect(run.states.suffix(50).allSatisfy { abs(wrapAngle($0[0])) < 0.1 })
    }
    #expect(abs(a.totalCost - b.totalCost) < 0.03 * a.totalCost, "hand \(a.totalCost), plain \(b.totalCost)")
  }

  /// One plain step is the hand-written pendulum's step up to the sine (a few ulps).
  @Test func plainPendulumStepsLikePendulum() throws {
    var x = SIMD2<Double>(0.3, -1.2)
    PlainPendulum<Double>().step(&x, 1.5)
    let y = try Pendulum().next([0.3, -1.2], [1.5])
    #expect(abs(x[0] - y[0]) < 1e-14 && abs(x[1] - y[1]) < 1e-14)
    let c = PlainPendulumCost<Double>().cost(SIMD2(7, 0.5), 1, time: 0)
    let d = PendulumCost().runningCost(state: [7, 0.5], control: [1])
    #expect(abs(c - d) < 1e-14)
  }

  @Test func plainModelResultsAreIdenticalForAnyThreadCount() throws {
    func run(_ threads: Int) throws -> ([[Double]], [PlannerReport]) {
      var c = try CarScenario.configuration(threads: threads, seed: 5)
      c.samples = 200
      var mppi = try MPPI(system: KinematicBicycle(), cost: CarScenario.cost, configuration: c)
      let r = try mppi.runClosedLoop(from: CarScenario.start.elements, steps: 12)
      return (r.states, r.reports)
    }
    let one = try run(1), two = try run(2)
    #expect(one.0 == two.0)
    #expect(one.1 == two.1)
  }

  /// The goal circles the origin (radius 2 m at 0.5 rad/s, 0.1 s steps) as a function of the
  /// absolute step the cost sees; after 150 steps (7.5 s, more than a full turn), the point mass
  /// is within 0.3 m of where the goal is (it has to lead the goal, so only a cost that sees the
  /// step can do this; with the horizon-relative time alone it would lag the goal by ~1 m).
  @Test func aMovingGoalIsTracked() throws {
    var mppi = try MPPI(
      system: PointMass(), cost: GoalCost(angularSpeed: 0.5), configuration: try pointMassConfiguration())
    var x = SIMD4<Double>(2, 0, 0, 0)
    var errors: [Double] = []
    for n in 0..<150 {
      let u = try mppi.command(x)
      PointMass().step(&x, u)
      let d = SIMD2(x.x, x.y) - mppi.cost.model.goal(at: n + 1)
      errors.append((d * d).sum().squareRoot())
    }
    #expect(errors.suffix(50).allSatisfy { $0 < 0.3 }, "\(errors.suffix(50).max() ?? 0)")
  }

  /// The goal is replaced between commands (every 40 steps, by a field of the cost); the
  /// point mass, 1.4–3.2 m away when a goal is set, is within 0.2 m of it 40 steps (4 s) later
  /// (the noise σ = 1 m/s² keeps it jittering by a few centimetres).
  @Test func aReplacedGoalIsReached() throws {
    var mppi = try MPPI(system: PointMass(), cost: GoalCost(), configuration: try pointMassConfiguration())
    var x = SIMD4<Double>(0, 0, 0, 0)
    for goal in [SIMD2<Double>(1, 1), SIMD2(-1, 2), SIMD2(0, -1)] {
      mppi.cost.goal = goal
      for _ in 0..<40 { PointMass().step(&x, try mppi.command(x)) }
      let d = SIMD2(x.x, x.y) - goal
      #expect((d * d).sum().squareRoot() < 0.2, "goal \(goal), at \(x)")
    }
  }

  /// Assigning the cost it already has, every step, leaves a run bit-identical; and a copy
  /// of a planner whose cost changes does not change the original's run.
  @Test func replacingTheCostWithAnIdenticalOneChangesNothing() throws {
    var c = try CarScenario.configuration(threads: 2, seed: 9)
    c.samples = 128
    let fresh = try MPPI(system: KinematicBicycle(), cost: CarScenario.cost, configuration: c)
    var untouched = fresh, reassigned = fresh
    var changedCopy = fresh
    var x = CarScenario.start, y = CarScenario.start, z = CarScenario.start
    for _ in 0..<10 {
      let u = try untouched.command(x)
      reassigned.cost = BatchedCost(CarScenario.cost)
      reassigned.cost.goal = nil
      let v = try reassigned.command(y)
      changedCopy.cost.goal = SIMD2(0, 30)
      changedCopy.cost.obstacles = []
      let w = try changedCopy.command(z)
      #expect(u == v)
      #expect(untouched.lastReport == reassigned.lastReport)
      KinematicBicycle().step(&x, u)
      KinematicBicycle().step(&y, v)
      KinematicBicycle().step(&z, w)
    }
    #expect(untouched.controls == reassigned.controls)
    #expect(x != z)  // the changed copy did plan differently

    // The same for a batched cost.
    var a = try MPPI(system: Pendulum(), cost: PendulumCost(), configuration: try pendulumConfiguration(samples: 100))
    var b = a
    var p = Pendulum.hangingDown, q = Pendulum.hangingDown
    for _ in 0..<5 {
      b.cost = PendulumCost()
      p = try Pendulum().next(p, try a.command(state: p))
      q = try Pendulum().next(q, try b.command(state: q))
    }
    #expect(p == q && a.controls == b.controls)
  }

  /// A disc of radius 0.5 m straight between start and goal is infeasible (a hard constraint,
  /// no soft cost): no visited state lies in it, the reports count the rollouts that enter it,
  /// and the goal is still reached around it.
  @Test func anInfeasibleRegionIsNeverEntered() throws {
    let disc = CircleObstacle(x: 1.5, y: 0, radius: 0.5)
    var mppi = try MPPI(
      system: PointMass(), cost: GoalCost(goal: SIMD2(3, 0), forbidden: disc),
      configuration: try pointMassConfiguration())
    let run = try mppi.runClosedLoop(from: [0, 0, 0, 0], steps: 80)
    for s in run.states {
      #expect((s[0] - disc.x) * (s[0] - disc.x) + s[1] * s[1] >= disc.radius * disc.radius)
    }
    let fractions = run.reports.map(\.feasibleFraction)
    #expect(fractions.allSatisfy { $0 > 0 && $0 <= 1 })
    #expect(fractions.contains { $0 < 0.9 })  // heading for the disc, many rollouts hit it
    #expect(run.reports.allSatisfy { $0.feasibleRollouts <= $0.rollouts })
    let last = try #require(run.states.last)
    #expect(abs(last[0] - 3) < 0.1 && abs(last[1]) < 0.1)
  }

  /// Rollouts whose model produces NaN (a state or a cost) are infeasible: counted, weight 0,
  /// and the plan stays finite.
  @Test func nonFiniteStatesAndCostsAreInfeasibleAndNeverPoisonTheWeights() throws {
    var c = MPPIConfiguration(samples: 200, horizon: 10, noise: try NoiseCovariance(standardDeviations: [2]))
    c.seed = 4
    c.threads = 2
    var mppi = try MPPI(system: Fragile(), cost: FragileCost(), configuration: c)
    var x = 0.0
    for _ in 0..<10 {
      let u = try mppi.command(x)
      let r = try #require(mppi.lastReport)
      #expect(r.feasibleRollouts > 0 && r.feasibleRollouts < r.rollouts)
      let w = mppi.lastWeights()
      #expect(w.allSatisfy { $0.isFinite })
      #expect(abs(w.reduce(0, +) - 1) < 1e-12)
      let costs = mppi.lastCosts()
      #expect(costs.filter { $0.isFinite }.count == r.feasibleRollouts)
      for k in costs.indices where !costs[k].isFinite { #expect(w[k] == 0) }
      #expect(u.isFinite && mppi.controls.allSatisfy { $0.isFinite })
      #expect(r.minCost.isFinite && r.meanCost.isFinite && r.maxCost.isFinite)
      Fragile().step(&x, u)
    }
    #expect(x.isFinite)
  }

  /// When no rollout is feasible the command throws `noFeasibleRollout`; the report says so,
  /// the planner has advanced one step, and it plans again once the cost allows it.
  @Test func noFeasibleRolloutThrowsAndThePlannerRecovers() throws {
    var mppi = try MPPI(
      system: PointMass(), cost: GoalCost(goal: SIMD2(1, 0), infeasibleEverywhere: true),
      configuration: try pointMassConfiguration(samples: 64))
    #expect(throws: FisherError.noFeasibleRollout("all 64 rollouts of step 0 were infeasible")) {
      _ = try mppi.command(SIMD4<Double>(0, 0, 0, 0))
    }
    let r = try #require(mppi.lastReport)
    #expect(r.feasibleRollouts == 0 && r.feasibleFraction == 0 && r.rollouts == 64)
    #expect(mppi.steps == 1)
    #expect(mppi.controls.allSatisfy { $0.isFinite })
    mppi.cost.infeasibleEverywhere = false
    let u = try mppi.command(SIMD4<Double>(0, 0, 0, 0))
    #expect(u.x > 0)
    #expect(mppi.lastReport?.feasibleRollouts == 64)

    // The same through CEM.
    var cem = try CEMPlanner(
      system: PointMass(), cost: GoalCost(infeasibleEverywhere: true),
      configuration: CEMConfiguration(samples: 40, horizon: 10, elites: 5, standardDeviations: [1, 1]))
    #expect(throws: FisherError.self) { _ = try cem.command(state: [0, 0, 0, 0]) }
    #expect(cem.lastReport?.feasibleRollouts == 0)
  }

  @Test func aStateOfTheWrongSizeThrows() throws {
    var mppi = try MPPI(system: KinematicBicycle(), cost: CarScenario.cost, configuration: try pointMassConfiguration())
    #expect(throws: FisherError.self) { _ = try mppi.command(state: [0, 0, 0]) }
    #expect(throws: FisherError.self) { _ = try mppi.command(state: [0, 0, 0, 0, 0]) }
    #expect(throws: FisherError.self) { _ = try mppi.command(state: [0, 0, .nan, 0]) }
    #expect(throws: FisherError.self) { _ = try CarState(checking: [1, 2]) }
    #expect(throws: FisherError.self) { _ = try SIMD2<Double>(checking: [1, 2, 3]) }
    #expect(mppi.steps == 0)
    #expect(try CarState(checking: [1, 2, 3, 4]) == CarState(x: 1, y: 2, heading: 3, speed: 4))
  }

  /// The car drives the S-shaped path to its end without touching an obstacle.
  @Test func carReachesTheEndOfThePathWithoutCollisions() throws {
    var c = try CarScenario.configuration(threads: 2, seed: 1)
    c.samples = 512
    var mppi = try MPPI(system: KinematicBicycle(), cost: CarScenario.cost, configuration: c)
    let run = try mppi.runClosedLoop(from: CarScenario.start.elements, steps: CarScenario.steps)
    let states = try run.states.map { try CarState(checking: $0) }
    #expect(states.allSatisfy { CarScenario.cost.clearance(SIMD2($0.x, $0.y)) >= 0 })
    let last = try #require(states.last)
    #expect(CarScenario.distanceToGoal(last) < CarScenario.goalTolerance)
    #expect(run.reports.allSatisfy { $0.feasibleRollouts > 0 })
  }
}
