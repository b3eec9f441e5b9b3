import Foundation
import Testing
@testable import Fisher

@Suite struct TemperatureSolverTests {
  /// Cost vectors: evenly spaced, spread over eight orders of magnitude, with
  /// ties at the minimum and a failure, and tiny costs.
  static let costs: [[Double]] = {
    var rng = Xoshiro256StarStar(seed: 11)
    let spread = (0..<40).map { _ in exp(4 * rng.nextNormal()) }
    return [
      (0..<10).map(Double.init),
      spread,
      [3, 1, 1, 2, 7, .infinity, 5, 1.5, 1, 40],
      (0..<25).map { 1e-9 * Double($0 * $0) },
    ]
  }()

  static func ess(_ costs: [Double], _ lambda: Double) -> Double {
    PathIntegralWeightsReference.effectiveSampleSize(costs: costs, temperature: lambda)
  }

  /// The returned temperature gives the requested ESS to the requested relative
  /// tolerance, for tolerances 0.5 % (MPPI's) and 10⁻¹⁰, from starts far below,
  /// at and far above the solution; and the reported ESS is ESS(λ).
  @Test func returnedTemperatureHitsTheTargetWithinTheTolerance() {
    for costs in Self.costs {
      let finite = Double(costs.filter(\.isFinite).count)
      let tied = Double(costs.filter { $0 == costs.min() }.count)
      for fraction in [0.1, 0.3, 0.5, 0.9] {
        let target = tied + fraction * (finite - tied)
        for tolerance in [0.005, 1e-10] {
          for start in [1e-12, 1.0, 1e12] {
            let r = TemperatureSolver.solve(
              target: target, start: start, bounds: 1e-15...1e15, relativeTolerance: tolerance, maxBisections: 200
            ) { Self.ess(costs, $0) }
            #expect(abs(r.effectiveSampleSize - target) <= tolerance * target, "target \(target), start \(start)")
            #expect(r.effectiveSampleSize == Self.ess(costs, r.temperature))
          }
        }
      }
    }
  }

  /// ESS(λ) is nondecreasing, so targets further apart than the tolerance give
  /// increasing temperatures; targets below ESS(lower) or above ESS(upper) give
  /// the bounds, and every result lies in the bounds.
  @Test func temperatureIsMonotoneInTheTargetAndBounded() {
    for costs in Self.costs {
      let finite = Double(costs.filter(\.isFinite).count)
      let tied = Double(costs.filter { $0 == costs.min() }.count)
      let bounds = 1e-12...1e12
      var last = 0.0
      for target in stride(from: tied + 0.2, through: finite - 0.2, by: 0.5) {
        let t = TemperatureSolver.solve(
          target: target, start: 1, bounds: bounds, relativeTolerance: 1e-9, maxBisections: 100
        ) { Self.ess(costs, $0) }.temperature
        #expect(bounds.contains(t))
        #expect(t > last, "target \(target)")
        last = t
      }
      for start in [1e-20, 1.0, 1e20] {
        let low = TemperatureSolver.solve(
          target: tied - 0.5, start: start, bounds: bounds, relativeTolerance: 1e-9, maxBisections: 100
        ) { Self.ess(costs, $0) }
        #expect(low.temperature == bounds.lowerBound)
        let high = TemperatureSolver.solve(
          target: finite + 1, start: start, bounds: bounds, relativeTolerance: 1e-9, maxBisections: 100
        ) { Self.ess(costs, $0) }
        #expect(high.temperature == bounds.upperBound)
      }
    }
  }

  /// The closure's last call is at the returned temperature, and no call leaves the bounds.
  @Test func lastEvaluationIsAtTheResult() {
    for costs in Self.costs {
      for target in [0.5, 2.5, 1e3] {
        var calls: [Double] = []
        let r = TemperatureSolver.solve(
          target: target, start: 3, bounds: 1e-6...1e6, relativeTolerance: 1e-3, maxBisections: 40
        ) { calls.append($0); return Self.ess(costs, $0) }
        #expect(calls.last == r.temperature)
        #expect(calls.allSatisfy { (1e-6...1e6).contains($0) })
        #expect(calls.count <= Int(log2(1e12)) + 2 + 40)
      }
    }
  }

  /// With no finite cost ESS is 0 and the start is returned after one call.
  @Test func noFiniteCostReturnsTheStart() {
    var calls = 0
    let r = TemperatureSolver.solve(
      target: 2, start: 0.7, bounds: 1e-3...1e3, relativeTolerance: 1e-3, maxBisections: 40
    ) { _ in calls += 1; return 0 }
    #expect(r.temperature == 0.7 && r.effectiveSampleSize == 0 && calls == 1)
  }
}

/// ESS of w ∝ exp(−(S − min S)/λ), written out independently of the library.
enum PathIntegralWeightsReference {
  static func effectiveSampleSize(costs: [Double], temperature lambda: Double) -> Double {
    guard let best = costs.filter(\.isFinite).min() else { return 0 }
    let w = costs.map { $0.isFinite ? exp(-($0 - best) / lambda) : 0 }
    let total = w.reduce(0, +)
    return total * total / w.reduce(0) { $0 + $1 * $1 }
  }
}
