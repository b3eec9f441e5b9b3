import Foundation
import Testing
@testable import FisherControl

@Suite struct BatchedPlannerTests {
  static let states: [[Double]] = [Pendulum.hangingDown, [3.0, 0.4], [0.3, -1], [-2, 2], [1, 0]]

  /// N environments stepped in one call give bit-identical commands and plans to N
  /// separate planners with the corresponding seeds, stepped one after the other.
  @Test func batchIsBitIdenticalToSeparatePlanners() throws {
    let seeds: [UInt64] = [5, 6, 7, 8, 9]
    var c = try pendulumConfiguration(samples: 129, seed: 0, threads: 2)
    c.zeroMeanFraction = 0.1
    var batch = try BatchedPlanner(system: Pendulum(), cost: PendulumCost(), configuration: c, seeds: seeds)
    var separate = try seeds.map { seed in
      var ci = c
      ci.seed = seed
      ci.threads = 3
      return try MPPI(system: Pendulum(), cost: PendulumCost(), configuration: ci)
    }
    var xs = Self.states
    for _ in 0..<6 {
      let us = try batch.commands(states: xs)
      for i in seeds.indices {
        #expect(us[i] == (try separate[i].command(state: xs[i])))
        #expect(batch.planners[i].controls == separate[i].controls)
        #expect(batch.planners[i].lastReport == separate[i].lastReport)
        xs[i] = try Pendulum().next(xs[i], us[i])
      }
    }
  }

  /// Any planner type batches: KMPPI planners built by hand, with environment 1 changed through `withPlanner`.
  @Test func batchOfKernelPlannersMatchesSeparateOnes() throws {
    func planner(_ seed: UInt64) throws -> KernelMPPI<Pendulum, PendulumCost> {
      try KernelMPPI(system: Pendulum(), cost: PendulumCost(), configuration: try pendulumConfiguration(samples: 64, seed: seed, threads: 1))
    }
    var batch = try BatchedPlanner(planners: [try planner(1), try planner(2), try planner(3)], threads: 3)
    var separate = [try planner(1), try planner(2), try planner(3)]
    let xs = Array(Self.states.prefix(3))
    _ = try batch.commands(states: xs)
    try batch.withPlanner(at: 1) { $0.reset() }
    for i in 0..<3 { _ = try separate[i].command(state: xs[i]) }
    separate[1].reset()
    let us = try batch.commands(states: xs)
    for i in 0..<3 { #expect(us[i] == (try separate[i].command(state: xs[i]))) }
  }

  @Test func wrongStatesThrowAndLeaveThePlannersUnchanged() throws {
    var batch = try BatchedPlanner(
      system: Pendulum(), cost: PendulumCost(), configuration: try pendulumConfiguration(samples: 16), seeds: [1, 2])
    #expect(throws: FisherError.self) { try batch.commands(states: [Pendulum.hangingDown]) }
    #expect(throws: FisherError.self) { try batch.commands(states: [Pendulum.hangingDown, [0, 0, 0]]) }
    #expect(throws: FisherError.self) { try batch.commands(states: [[.nan, 0], Pendulum.hangingDown]) }
    #expect(batch.planners.allSatisfy { $0.steps == 0 })
    #expect(throws: FisherError.self) {
      try BatchedPlanner(system: Pendulum(), cost: PendulumCost(), configuration: try pendulumConfiguration(), seeds: [])
    }
    #expect(throws: FisherError.self) { try BatchedPlanner<MPPI<Pendulum, PendulumCost>>(planners: [], threads: 1) }
    #expect(throws: FisherError.self) { try batch.withPlanner(at: 2) { _ in () } }
  }

  /// The pendulum's cost with a hard limit on |θ̇|: a limit below zero makes every rollout infeasible.
  struct SpeedLimitedCost: PlainCost {
    var limit: Double
    func cost(_ x: SIMD2<Double>, _ u: Double, time: Int) -> Double { PlainPendulumCost<Double>().cost(x, u, time: time) }
    func isFeasible(_ x: SIMD2<Double>, time: Int) -> Bool { abs(x[1]) <= limit }
  }

  /// One environment without a feasible rollout: `outcomes` reports its error
  /// and the others' commands, which equal separate planners'; `commands` throws.
  @Test func oneInfeasibleEnvironmentLeavesTheOthersUsable() throws {
    let c = try pendulumConfiguration(samples: 64, seed: 0, threads: 1)
    func planner(_ limit: Double, seed: UInt64) throws -> MPPI<BatchedSystem<PlainPendulum<Double>>, BatchedCost<SpeedLimitedCost>> {
      var ci = c
      ci.seed = seed
      return try MPPI(system: PlainPendulum<Double>(), cost: SpeedLimitedCost(limit: limit), configuration: ci)
    }
    let limits = [100.0, -1, 100]
    var batch = try BatchedPlanner(planners: try limits.enumerated().map { try planner($1, seed: UInt64($0)) }, threads: 2)
    var separate = try limits.enumerated().map { try planner($1, seed: UInt64($0)) }
    let xs = Array(Self.states.prefix(3))
    let outcomes = try batch.outcomes(states: xs)
    for i in [0, 2] {
      #expect(try outcomes[i].get() == separate[i].command(state: xs[i]))
    }
    #expect(throws: FisherError.self) { try outcomes[1].get() }
    #expect(throws: FisherError.self) { try separate[1].command(state: xs[1]) }
    #expect(batch.planners[1].lastReport?.feasibleRollouts == 0 && batch.planners[1].steps == 1)
    #expect(throws: FisherError.self) { try batch.commands(states: xs) }
  }
}
