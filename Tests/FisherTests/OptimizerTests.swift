import Foundation
import Testing
@testable import Fisher

@Suite struct OptimizerTests {
  static let sphere: Objective = { x in x.reduce(0) { $0 + $1 * $1 } }

  @Test func sameResultForEveryThreadCount() async throws {
    var results: [OptimizationResult] = []
    for threads in [1, 2, 3, 7] {
      let s = ShrinkingES(mean: [1, 2, 3, 4], sigma: 0.5, populationSize: 13, seed: 5)
      results.append(try await minimize(
        Self.sphere, strategy: s, options: .init(termination: .init(maxGenerations: 30), threads: threads)))
    }
    #expect(results.allSatisfy { $0 == results[0] })
    #expect(results[0].generations == 30)
    #expect(results[0].evaluations == 30 * 13)
    #expect(results[0].stopReason == .maxGenerations)
  }

  @Test func budgetStopsAtTheFirstGenerationThatReachesIt() async throws {
    let s = ShrinkingES(mean: [1, 1], sigma: 0.5, populationSize: 10, seed: 1)
    let r = try await minimize(Self.sphere, strategy: s, options: .init(termination: .init(maxEvaluations: 35)))
    #expect(r.stopReason == .budget)
    #expect(r.evaluations == 40)
  }

  @Test func targetValueRecordsTheFirstHittingEvaluation() async throws {
    let s = ShrinkingES(mean: [1, 1], sigma: 0.5, populationSize: 10, seed: 2)
    let target = 1e-3
    // Record every evaluation to find the first one below the target independently.
    let log = AppendLog<Double>()
    let f: Objective = { x in
      let v = x.reduce(0) { $0 + $1 * $1 }
      log.append(v)
      return v
    }
    let r = try await minimize(f, strategy: s, options: .init(termination: .init(targetValue: target), threads: 1))
    #expect(r.stopReason == .targetValue)
    #expect(r.bestF <= target)
    let first = try #require(log.values.firstIndex { $0 <= target })
    #expect(r.targetHitAt == first + 1)
    #expect(r.bestF == log.values.min())
  }

  @Test func targetPrecisionNeedsAnOptimalValue() async throws {
    let s = ShrinkingES(mean: [1, 1], sigma: 0.5, seed: 2)
    await #expect(throws: FisherError.self) {
      try await minimize(Self.sphere, strategy: s, options: .init(termination: .init(targetPrecision: 1e-8)))
    }
    let shifted: Objective = { x in 7 + x.reduce(0) { $0 + $1 * $1 } }
    let r = try await minimize(
      shifted, strategy: s, options: .init(termination: .init(targetPrecision: 1e-6), optimalValue: 7))
    #expect(r.stopReason == .targetPrecision)
    #expect(r.bestF - 7 <= 1e-6)
  }

  @Test func failedEvaluationsAreRankedWorstAndCounted() async throws {
    struct Boom: Error {}
    // Points with a negative first coordinate fail in three different ways.
    let f: Objective = { x in
      if x[0] < -0.5 { throw Boom() }
      if x[0] < -0.25 { return .nan }
      if x[0] < 0 { return .infinity }
      return x.reduce(0) { $0 + $1 * $1 }
    }
    let s = ShrinkingES(mean: [0.2, 0.2], sigma: 0.5, populationSize: 20, seed: 3)
    let r = try await minimize(f, strategy: s, options: .init(termination: .init(maxGenerations: 40)))
    #expect(r.failedEvaluations > 0)
    #expect(r.bestX[0] >= 0)
    #expect(r.bestF.isFinite)
    #expect(r.stopReason == .maxGenerations)
  }

  @Test func aGenerationOfFailuresStopsTheRunCleanly() async throws {
    let s = ShrinkingES(mean: [0, 0], sigma: 1, populationSize: 6, seed: 3)
    let r = try await minimize({ _ in .nan }, strategy: s, options: .init(termination: .init(maxGenerations: 10)))
    #expect(r.stopReason == .allEvaluationsFailed)
    #expect(r.failedEvaluations == 6)
    #expect(r.generations == 0)
    #expect(r.bestF == .infinity)
    #expect(r.lastFailure == "objective returned NaN")
  }

  @Test func checkpointResumesBitIdentically() async throws {
    let options = MinimizeOptions(termination: .init(maxGenerations: 25), threads: 2)
    let start = ShrinkingES(mean: [3, -1, 2], sigma: 1, populationSize: 9, seed: 11)
    let full = try await minimize(Self.sphere, strategy: start, options: options)

    var run = try Optimizer(strategy: start, termination: options.termination)
    for _ in 0..<10 { try await run.step(Self.sphere, threads: 2) }
    let data = try JSONEncoder().encode(run)
    let restored = try JSONDecoder().decode(Optimizer<ShrinkingES>.self, from: data)
    let resumed = try await resume(restored, Self.sphere, threads: 1)
    #expect(resumed == full)
  }

  @Test func ipopDoublesThePopulationAtEachRestart() async throws {
    let sizes = AppendLog<Int>()
    let s = ShrinkingES(mean: [1, 1], sigma: 1, populationSize: 4, seed: 9)
    let r = try await minimize(
      Self.sphere, strategy: s,
      options: .init(termination: .init(maxEvaluations: 4000), restarts: .ipop, seed: 4),
      restartFactory: { req in
        sizes.append(req.populationSize)
        return ShrinkingES(mean: req.mean, sigma: req.sigma, populationSize: req.populationSize, seed: req.seed)
      })
    #expect(r.stopReason == .budget)
    #expect(sizes.values.count == r.restarts)
    #expect(sizes.values == (1...sizes.values.count).map { 4 << $0 })
  }

  /// Independent restarts keep λ and σ₀ and start from a uniform point of the box;
  /// `none` never restarts.
  @Test func independentRestartsKeepThePopulationAndNoneNeverRestarts() async throws {
    let bounds = try BoxBounds(lower: -5, upper: 5, dimension: 2)
    let requests = AppendLog<RestartRequest>()
    let s = ShrinkingES(mean: [1, 1], sigma: 1, populationSize: 4, seed: 9)
    let r = try await minimize(
      Self.sphere, strategy: s,
      options: .init(termination: .init(maxEvaluations: 4000), bounds: bounds, restarts: .independent, seed: 4),
      restartFactory: { req in
        requests.append(req)
        return ShrinkingES(mean: req.mean, sigma: req.sigma, populationSize: req.populationSize, seed: req.seed)
      })
    #expect(r.stopReason == .budget)
    #expect(r.restarts >= 2 && requests.values.count == r.restarts)
    #expect(requests.values.allSatisfy { $0.populationSize == 4 && $0.sigma == 1 && bounds.contains($0.mean) })
    #expect(Set(requests.values.map(\.mean)).count == requests.values.count)
    let once = try await minimize(
      Self.sphere, strategy: s, options: .init(termination: .init(maxEvaluations: 4000), restarts: .none),
      restartFactory: { _ in Issue.record("none restarted"); return s })
    #expect(once.restarts == 0 && once.stopReason != .budget)
  }

  /// Through the driver, BIPOP's first restart is large (the first run counts
  /// as small), small populations stay within [λ_def, last large λ], and a small
  /// start runs at most the generations its request allows, ending with
  /// pycma's reason `maxiter` when the strategy would have gone on.
  @Test func bipopAlternatesRegimesAndCapsSmallRuns() async throws {
    let requests = AppendLog<RestartRequest>()
    let s = ShrinkingES(mean: [1, 1], sigma: 1, populationSize: 4, seed: 9)
    let bounds = try BoxBounds(lower: -5, upper: 5, dimension: 2)
    let starts = AppendLog<Int>()
    let r = try await minimize(
      Self.sphere, strategy: s,
      options: .init(termination: .init(maxEvaluations: 40_000), bounds: bounds, restarts: .bipop, seed: 4),
      restartFactory: { req in
        requests.append(req)
        #expect(bounds.contains(req.mean))
        return ShrinkingES(mean: req.mean, sigma: req.sigma, populationSize: req.populationSize, seed: req.seed)
      },
      observer: { report in starts.append(report.restart) })
    let asked = requests.values
    #expect(r.restarts >= 4 && asked.count == r.restarts)
    #expect(asked.first?.populationSize == 8 && asked.first?.isSmall == false && asked.first?.sigma == 1)
    var largest = 4
    var capped = 0
    for req in asked {
      if req.isSmall {
        let cap = try #require(req.maxGenerations)
        #expect(req.populationSize >= 4 && req.populationSize <= largest)
        #expect(req.sigma <= 1 && req.sigma >= 0.01)
        let ran = starts.values.filter { $0 == req.index }.count
        // ShrinkingES stops by itself once σ·0.9^k < 1e-6.
        let own = Int((log(1e-6 / req.sigma) / log(0.9)).rounded(.down)) + 1
        if req.index < r.restarts { #expect(ran == Swift.min(cap, own)) }
        if cap < own { capped += 1 }
      } else {
        #expect(req.populationSize == 2 * largest && req.maxGenerations == nil && req.sigma == 1)
        largest = req.populationSize
      }
    }
    #expect(asked.contains { $0.isSmall })
    #expect(capped >= 1)
  }

  /// NBIPOP's large regime divides σ₀ by 1.6 at each doubling of λ; its small
  /// regime keeps λ_def.
  @Test func nbipopShrinksTheLargeRegimeStepSize() async throws {
    let requests = AppendLog<RestartRequest>()
    let s = ShrinkingES(mean: [1, 1], sigma: 1, populationSize: 4, seed: 9)
    let r = try await minimize(
      Self.sphere, strategy: s,
      options: .init(termination: .init(maxEvaluations: 30_000), restarts: .nbipop, seed: 4),
      restartFactory: { req in
        requests.append(req)
        return ShrinkingES(mean: req.mean, sigma: req.sigma, populationSize: req.populationSize, seed: req.seed)
      })
    let asked = requests.values
    #expect(r.restarts >= 3 && asked.count == r.restarts)
    var k = 0
    for req in asked {
      if req.isSmall {
        #expect(req.populationSize == 4 && req.sigma <= 1 && req.sigma >= 0.01 && req.maxGenerations != nil)
      } else {
        k += 1
        #expect(req.populationSize == 4 << k)
        #expect(abs(req.sigma - pow(1.6, -Double(k))) <= 1e-15)
      }
    }
    #expect(k >= 2)
  }

  @Test func restartsWithoutAFactoryAreRejected() async throws {
    let s = ShrinkingES(mean: [1, 1], sigma: 1, seed: 9)
    await #expect(throws: FisherError.self) {
      try await minimize(Self.sphere, strategy: s, options: .init(restarts: .ipop))
    }
  }

  @Test func invalidOptionsThrow() async throws {
    let s = ShrinkingES(mean: [1, 1], sigma: 1, seed: 9)
    for options in [
      MinimizeOptions(termination: .init(maxEvaluations: 0)),
      MinimizeOptions(termination: .init(maxGenerations: -1)),
      MinimizeOptions(threads: 0),
      MinimizeOptions(bounds: try BoxBounds(lower: -1, upper: 1, dimension: 3)),
    ] {
      await #expect(throws: FisherError.self) { try await minimize(Self.sphere, strategy: s, options: options) }
    }
  }
}
