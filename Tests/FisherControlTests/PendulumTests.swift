import Foundation
import Testing
import Fisher
import FisherControl

@Suite struct PendulumTests {
  @Test func oneStepMatchesGymByHand() throws {
    // θ = 0.3, θ̇ = −1.2, u = 1.5: θ̇' = −1.2 + (15 sin 0.3 + 3·1.5)·0.05, θ' = 0.3 + θ̇'·0.05.
    let x = try Pendulum().next([0.3, -1.2], [1.5])
    let w = -1.2 + (15 * sin(0.3) + 4.5) * 0.05
    #expect(abs(x[1] - w) < 1e-15)
    #expect(abs(x[0] - (0.3 + w * 0.05)) < 1e-15)
  }

  @Test func torqueAndSpeedAreClipped() throws {
    let p = Pendulum()
    #expect(try p.next([1, 0.5], [100]) == (try p.next([1, 0.5], [2])))
    #expect(try p.next([1, 0.5], [-100]) == (try p.next([1, 0.5], [-2])))
    let fast = try p.next([Double.pi / 2, 7.9], [2])  // 7.9 + (15 + 6)·0.05 > 8
    #expect(fast[1] == 8)
    #expect(abs(fast[0] - (Double.pi / 2 + 0.4)) < 1e-15)
  }

  @Test func energyIsConservedWithoutTorqueForSmallSteps() throws {
    // Semi-implicit Euler is symplectic: the energy error stays O(dt) without drift.
    // dt = 10⁻⁴ over 3 s (a full swing from 2 rad) keeps |ΔE| below 10⁻³ of the scale g·l/2 = 5.
    var p = Pendulum()
    p.dt = 1e-4
    p.maxSpeed = .infinity
    var x = [2.0, 0.0]
    let e0 = p.energy(x)
    var worst = 0.0
    for _ in 0..<30_000 {
      x = try p.next(x, [0])
      worst = max(worst, abs(p.energy(x) - e0))
    }
    #expect(worst < 5e-3)
  }

  @Test func smallOscillationsHaveTheLinearizedPeriod() throws {
    // Around θ = π, φ̈ = −(3g/2l) φ: period 2π/√15 ≈ 1.6223 s for g = 10, l = 1.
    var p = Pendulum()
    p.dt = 1e-4
    var x = [Double.pi + 0.01, 0.0]
    var crossings: [Double] = []
    var previous = x[0] - Double.pi
    for i in 1...40_000 {
      x = try p.next(x, [0])
      let phi = x[0] - Double.pi
      if previous < 0 && phi >= 0 { crossings.append(Double(i) * p.dt) }
      previous = phi
    }
    #expect(crossings.count >= 2)
    let period = crossings[1] - crossings[0]
    #expect(abs(period - 2 * Double.pi / 15.0.squareRoot()) < 1e-3)
  }

  @Test func aBatchGivesEachRolloutItsOwnStepAndCostBitForBit() throws {
    // Batches of 4 go through vector code, the rest one at a time: any rollout's
    // result must not depend on which path it took.
    let p = Pendulum(), c = PendulumCost()
    var rng = Xoshiro256StarStar(seed: 11)
    for count in [1, 3, 4, 7, 9] {
      var states = (0..<(2 * count)).map { i in i % 2 == 0 ? rng.nextUniform() * 40 - 20 : rng.nextUniform() * 20 - 10 }
      let controls = (0..<count).map { _ in rng.nextUniform() * 6 - 3 }
      if count == 9 { states[4] = 3e5 }  // past the vector sine's range: that group goes lane by lane
      let alone = try (0..<count).map { k in try p.next([states[2 * k], states[2 * k + 1]], [controls[k]]) }
      var costs = [Double](repeating: 1, count: count)
      states.withUnsafeMutableBufferPointer { xs in
        controls.withUnsafeBufferPointer { us in
          p.step(states: xs, controls: us, count: count)
          costs.withUnsafeMutableBufferPointer { cs in
            c.accumulateRunningCost(states: UnsafeBufferPointer(xs), controls: us, count: count, time: 0, into: cs)
          }
        }
      }
      for k in 0..<count {
        #expect(states[2 * k].bitPattern == alone[k][0].bitPattern && states[2 * k + 1].bitPattern == alone[k][1].bitPattern)
        let single = c.runningCost(state: alone[k], control: [controls[k]])
        #expect(costs[k].bitPattern == (1 + single).bitPattern)
      }
    }
  }

  @Test func costIsGymsWithWrappedAngle() {
    let c = PendulumCost()
    // θ = 3π/2 + 2π wraps to −π/2.
    let v = c.runningCost(state: [3.5 * Double.pi, 2], control: [1.5])
    #expect(abs(v - (Double.pi * Double.pi / 4 + 0.1 * 4 + 0.001 * 2.25)) < 1e-12)
    #expect(wrapAngle(Double.pi) == -Double.pi)
    #expect(abs(wrapAngle(-7)) <= Double.pi)
  }
}
