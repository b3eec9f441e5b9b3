import Foundation
import Testing
@testable import FisherControl

@Suite struct SpinPolicyTests {
  @Test func adaptiveWindowPollsOnlyWhenEveryRecentGapIsShort() {
    let command = Duration.microseconds(400)  // budget 400/8 = 50 µs
    #expect(SpinPolicy.adaptiveWindow(commandDuration: command, recentGaps: [Duration]()) == .zero)
    #expect(SpinPolicy.adaptiveWindow(commandDuration: command, recentGaps: [.microseconds(3)]) == .microseconds(50))
    #expect(SpinPolicy.adaptiveWindow(commandDuration: command, recentGaps: [.microseconds(25)]) == .microseconds(50))
    #expect(SpinPolicy.adaptiveWindow(commandDuration: command, recentGaps: [.microseconds(26)]) == .zero)
    // One pause among short gaps parks the workers.
    let mixed: [Duration] = [.microseconds(2), .milliseconds(19), .microseconds(2), .microseconds(2)]
    #expect(SpinPolicy.adaptiveWindow(commandDuration: command, recentGaps: mixed) == .zero)
    // At 50 Hz the gap is most of 20 ms: never worth polling through.
    #expect(SpinPolicy.adaptiveWindow(commandDuration: .milliseconds(2), recentGaps: [.milliseconds(18)]) == .zero)
  }

  @Test func adaptiveBudgetIsBoundedBelowAndAbove() {
    // A tiny command still gets the 20 µs floor; a long one at most 1 ms.
    #expect(SpinPolicy.adaptiveWindow(commandDuration: .microseconds(16), recentGaps: [.microseconds(10)]) == .microseconds(20))
    #expect(SpinPolicy.adaptiveWindow(commandDuration: .microseconds(16), recentGaps: [.microseconds(11)]) == .zero)
    #expect(SpinPolicy.adaptiveWindow(commandDuration: .seconds(1), recentGaps: [.microseconds(400)]) == .milliseconds(1))
    #expect(SpinPolicy.adaptiveWindow(commandDuration: .seconds(1), recentGaps: [.microseconds(600)]) == .zero)
  }

  /// Commands of 400 µs at the given gaps (in microseconds); the windows after each.
  func windows(_ policy: SpinPolicy, gaps: [Int]) -> [Duration] {
    var schedule = SpinSchedule(policy: policy)
    var now: UInt64 = 1_000_000
    var out: [Duration] = []
    for gap in [0] + gaps {
      now += UInt64(gap) * 1000
      schedule.commandBegan(at: now)
      now += 400_000
      out.append(schedule.commandEnded(at: now))
    }
    return out
  }

  @Test func scheduleFollowsTheCaller() {
    // Back to back: no gap seen before the first command, then a 50 µs window after each.
    #expect(windows(.adaptive, gaps: [5, 5, 5]) == [.zero, .microseconds(50), .microseconds(50), .microseconds(50)])
    // At 50 Hz: park after every command.
    #expect(windows(.adaptive, gaps: [19_600, 19_600, 19_600]).allSatisfy { $0 == .zero })
    // A pause parks the workers until it has left the last four gaps.
    let w = windows(.adaptive, gaps: [5, 5, 10_000, 5, 5, 5, 5, 5])
    #expect(w.map { $0 > .zero } == [false, true, true, false, false, false, false, true, true])
  }

  @Test func explicitPoliciesIgnoreTheCaller() {
    #expect(windows(.never, gaps: [5, 5]).allSatisfy { $0 == .zero })
    #expect(windows(.duration(.microseconds(300)), gaps: [5, 20_000]).allSatisfy { $0 == .microseconds(300) })
    #expect(windows(.duration(.microseconds(-3)), gaps: [5]).allSatisfy { $0 == .zero })
    #expect(SpinSchedule(policy: .never).withinCommandWindow == .zero)
    #expect(SpinSchedule(policy: .adaptive).withinCommandWindow == SpinPolicy.withinCommandLimit)
    #expect(SpinSchedule(policy: .duration(.milliseconds(2))).withinCommandWindow == .milliseconds(2))
  }

  static let policies: [SpinPolicy] = [.adaptive, .never, .duration(.microseconds(200)), .duration(.zero)]

  /// The same seed gives bit-identical commands, plans and reports for every
  /// policy and thread count, with commands back to back and after pauses
  /// (workers polling and parked).
  @Test func mppiResultsDoNotDependOnThePolicyOrTheThreads() throws {
    func run(_ threads: Int, _ spin: SpinPolicy) throws -> ([Double], [Double], [PlannerReport]) {
      var c = try pendulumConfiguration(samples: 150, seed: 4, threads: threads)
      c.spin = spin
      c.zeroMeanFraction = 0.1
      var mppi = try MPPI(system: Pendulum(), cost: PendulumCost(), configuration: c)
      var x = Pendulum.hangingDown, us: [Double] = [], reports: [PlannerReport] = []
      for n in 0..<8 {
        if n % 3 == 2 { Thread.sleep(forTimeInterval: 0.003) }
        let u = try mppi.command(state: x)
        us += u
        reports.append(try #require(mppi.lastReport))
        x = try Pendulum().next(x, u)
      }
      return (us, mppi.controls, reports)
    }
    let reference = try run(1, .adaptive)
    for threads in [1, 2, 3] {
      for spin in Self.policies {
        let r = try run(threads, spin)
        #expect(r.0 == reference.0 && r.1 == reference.1 && r.2 == reference.2, "threads \(threads), \(spin)")
      }
    }
  }

  @Test func cemResultsDoNotDependOnThePolicyOrTheThreads() throws {
    func run(_ threads: Int, _ spin: SpinPolicy) throws -> [[Double]] {
      var c = CEMConfiguration(samples: 80, horizon: 10, elites: 8, standardDeviations: [1])
      c.threads = threads
      c.spin = spin
      c.seed = 6
      var cem = try CEMPlanner(system: Pendulum(), cost: PendulumCost(), configuration: c)
      return try cem.runClosedLoop(from: Pendulum.hangingDown, steps: 5).states
    }
    let reference = try run(1, .adaptive)
    for threads in [2, 3] {
      for spin in Self.policies { #expect(try run(threads, spin) == reference, "threads \(threads), \(spin)") }
    }
  }
}

@Suite struct PacedClosedLoopTests {
  @Test func pacingChangesTimingsNotResults() throws {
    let c = try pendulumConfiguration(samples: 100, seed: 2, threads: 2)
    var paced = try MPPI(system: Pendulum(), cost: PendulumCost(), configuration: c)
    var free = try MPPI(system: Pendulum(), cost: PendulumCost(), configuration: c)
    let clock = ContinuousClock()
    let start = clock.now
    let a = try paced.runClosedLoop(from: Pendulum.hangingDown, steps: 5, period: .milliseconds(10))
    let wall = clock.now - start
    let b = try free.runClosedLoop(from: Pendulum.hangingDown, steps: 5)
    #expect(a.states == b.states && a.controls == b.controls && a.reports == b.reports)
    // Five periods, the last one waited out too.
    #expect(wall >= .milliseconds(50))
    #expect(a.period == .milliseconds(10) && b.period == nil)
    for r in [a, b] {
      #expect(r.commandCPUSeconds.count == 5 && r.stepCPUSeconds.count == 5)
      // A step's CPU time includes its command's.
      #expect(zip(r.stepCPUSeconds, r.commandCPUSeconds).allSatisfy { $0 >= $1 })
      #expect(r.cpuMillisecondsPerStep >= r.cpuMillisecondsBetweenCommands)
    }
  }

  @Test func stoppingEarlyReportsTheStepsTaken() throws {
    var mppi = try MPPI(system: Pendulum(), cost: PendulumCost(), configuration: try pendulumConfiguration(samples: 50))
    let r = try mppi.runClosedLoop(from: Pendulum.hangingDown, steps: 10, period: .milliseconds(1)) { n, _, _ in n < 2 }
    #expect(r.controls.count == 3 && r.commandCPUSeconds.count == 3 && r.stepCPUSeconds.count == 3)
  }

  @Test(arguments: [Duration.zero, .milliseconds(-5)])
  func aPeriodThatIsNotPositiveThrows(period: Duration) throws {
    var mppi = try MPPI(system: Pendulum(), cost: PendulumCost(), configuration: try pendulumConfiguration(samples: 10))
    #expect(throws: FisherError.self) { try mppi.runClosedLoop(from: Pendulum.hangingDown, steps: 3, period: period) }
    #expect(mppi.steps == 0)
  }
}
