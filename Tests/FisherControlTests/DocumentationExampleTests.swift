import Foundation
import Testing
import FisherControl

// The plain-model tutorial of docs/control.md, with the same code.
struct Car: RolloutVector {                       // the state: named fields, in a fixed order
  var x = 0.0, y = 0.0, heading = 0.0, speed = 0.0
  init() {}
  static var count: Int { 4 }
  init(elements e: (Int) -> Double) { x = e(0); y = e(1); heading = e(2); speed = e(3) }
  func element(_ i: Int) -> Double {
    switch i { case 0: x; case 1: y; case 2: heading; default: speed }
  }
}

struct Bicycle: PlainSystem {                     // control: SIMD2(acceleration, steering angle)
  var wheelbase = 2.5, dt = 0.1
  var controlLowerBounds: [Double] { [-4, -0.5] }
  var controlUpperBounds: [Double] { [2, 0.5] }
  func step(_ car: inout Car, _ u: SIMD2<Double>) {
    car.speed = min(max(car.speed + u[0] * dt, 0), 6)
    car.x += car.speed * cos(car.heading) * dt
    car.y += car.speed * sin(car.heading) * dt
    car.heading += car.speed * tan(u[1]) / wheelbase * dt
  }
}

struct ReachGoal: PlainCost {
  var goal = SIMD2<Double>(20, 5)
  var obstacles: [CircleObstacle] = []
  func cost(_ car: Car, _ u: SIMD2<Double>, time: Int) -> Double {
    let d = SIMD2(car.x, car.y) - goal
    return (d * d).sum().squareRoot() + 0.1 * (u * u).sum()
  }
  func isFeasible(_ car: Car, time: Int) -> Bool {      // a hard constraint: never touch an obstacle
    obstacles.allSatisfy { o in
      (car.x - o.x) * (car.x - o.x) + (car.y - o.y) * (car.y - o.y) > (o.radius + 1) * (o.radius + 1)
    }
  }
}

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

  /// The tutorial's car reaches its goal past the obstacle (with 256 rollouts instead of
  /// 1024), then a moved goal, never touching the obstacle.
  @Test func plainCarTutorialRuns() throws {
    var config = MPPIConfiguration(samples: 256, horizon: 30,
                                   noise: try NoiseCovariance(standardDeviations: [1, 0.2]))
    config.smoothing = try SavitzkyGolay(halfWidth: 3, degree: 2)
    config.seed = 1
    let obstacle = CircleObstacle(x: 10, y: 2, radius: 1)
    var mppi = try MPPI(system: Bicycle(), cost: ReachGoal(obstacles: [obstacle]), configuration: config)

    var car = Car()
    func distance(to g: SIMD2<Double>) -> Double { ((SIMD2(car.x, car.y) - g) * (SIMD2(car.x, car.y) - g)).sum().squareRoot() }
    for _ in 0..<150 {
      let u = try mppi.command(car)
      Bicycle().step(&car, u)
      #expect(distance(to: SIMD2(obstacle.x, obstacle.y)) > obstacle.radius + 1)
    }
    #expect(distance(to: SIMD2(20, 5)) < 1)
    mppi.cost.goal = SIMD2(30, 0)
    for _ in 0..<150 { Bicycle().step(&car, try mppi.command(car)) }
    #expect(distance(to: SIMD2(30, 0)) < 1)
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

  /// The SMPPI, KMPPI and batched-environments example of docs/control.md, with fewer
  /// samples and steps: the same code otherwise.
  @Test func smoothKernelAndBatchedExampleRuns() throws {
    var config = MPPIConfiguration(samples: 300, horizon: 15, noise: try NoiseCovariance(standardDeviations: [1]))
    config.seed = 7
    var smooth = try SmoothMPPI(system: Pendulum(), cost: PendulumCost(), configuration: config,
                                timeStep: 1, smoothnessWeight: 1)
    let run = try smooth.runClosedLoop(from: Pendulum.hangingDown, steps: 150)
    #expect(run.totalCost < 0.5 * (try doNothingPendulumCost(steps: 150)))

    config.noise = try NoiseCovariance(standardDeviations: [Double(10).squareRoot()])
    var kernel = try KernelMPPI(system: Pendulum(), cost: PendulumCost(), configuration: config,
                                supportPoints: 7, kernel: try RBFKernel(sigma: 1))
    let u = try kernel.command(state: Pendulum.hangingDown)
    #expect(u.count == 1 && abs(u[0]) <= 2)

    config.threads = 2
    config.samples = 100
    var batch = try BatchedPlanner(system: Pendulum(), cost: PendulumCost(), configuration: config,
                                   seeds: [1, 2, 3, 4])
    var states = [[Double]](repeating: Pendulum.hangingDown, count: 4)
    for _ in 0..<20 {
      let controls = try batch.commands(states: states)        // one control per environment
      states = try zip(states, controls).map { try Pendulum().next($0, $1) }
    }
    #expect(batch.planners.allSatisfy { $0.steps == 20 })
    #expect(Set(states.map { $0[0] }).count == 4)  // four seeds, four different runs
  }
}
