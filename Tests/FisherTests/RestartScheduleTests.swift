import Foundation
import Testing
@testable import Fisher

/// The restart rules of IPOP, BIPOP (as pycma 4.5's `fmin(..., bipop=True)`)
/// and NBIPOP, driven directly with recorded evaluation counts.
@Suite struct RestartScheduleTests {
  static func schedule(_ policy: RestartPolicy, seed: UInt64 = 3, maxRestarts: Int = .max) -> RestartSchedule {
    RestartSchedule(
      policy: policy, defaultPopulationSize: 8, initialSigma: 2, initialMean: [0, 0, 0], seed: seed,
      maxRestarts: maxRestarts)
  }

  static func next(_ s: inout RestartSchedule) throws -> RestartRequest {
    let r = s.next(bounds: nil)
    return try #require(r)
  }

  /// pycma's order: the first run counts as small, so the first restart is
  /// large; then small runs follow until the small regime has spent as many
  /// evaluations as the large one.
  @Test func bipopCountsTheFirstRunAsSmall() throws {
    var s = Self.schedule(.bipop)
    s.record(evaluations: 1_000)
    let first = try Self.next(&s)
    #expect(!first.isSmall && first.populationSize == 16 && first.sigma == 2 && first.maxGenerations == nil)
    s.record(evaluations: 3_000)
    // 1000 < 3000: small runs until the small regime has spent 3000.
    var smallSpent = 1_000
    var smallRuns = 0
    while true {
      let r = try Self.next(&s)
      if !r.isSmall {
        #expect(smallSpent >= 3_000)
        #expect(r.populationSize == 32)
        break
      }
      smallRuns += 1
      #expect(r.populationSize >= 8 && r.populationSize <= 16)
      #expect(r.sigma >= 0.02 && r.sigma <= 2)
      // At most ½ Σ(large evaluations) / λₛ generations, rounded up.
      #expect(r.maxGenerations == Int((1_500.0 / Double(r.populationSize)).rounded(.up)))
      s.record(evaluations: 700)
      smallSpent += 700
    }
    #expect(smallRuns == 3)
  }

  /// Small populations range up to the last large one (pycma), not half of it:
  /// after three large restarts (λ = 64), P(λₛ > 32) = P(U > √(2/3)) ≈ 0.18.
  @Test func bipopSmallPopulationsReachTheLastLargeOne() throws {
    var above = 0
    var draws = 0
    for seed in UInt64(0)..<200 {
      var s = Self.schedule(.bipop, seed: seed)
      // A long first run (small) lets three large restarts follow in a row.
      s.record(evaluations: 10_000)
      for _ in 0..<3 {
        let r = try Self.next(&s)
        #expect(!r.isSmall)
        s.record(evaluations: 1)
      }
      s.record(evaluations: 20_000)
      let small = try Self.next(&s)
      #expect(small.isSmall && small.populationSize >= 8 && small.populationSize <= 64)
      draws += 1
      if small.populationSize > 32 { above += 1 }
    }
    // Binomial(200, 0.18): mean 36, sd 5.4; the bounds are 4 sd away.
    #expect(above >= 14 && above <= 58)
    #expect(draws == 200)
  }

  /// NBIPOP: the large regime is NIPOP (λ doubles, σ₀ divided by 1.6); the
  /// small regime keeps λ_def; the regime that found the best solution may
  /// spend twice the other's evaluations.
  @Test func nbipopGivesTheBetterRegimeTwiceTheBudget() throws {
    var s = Self.schedule(.nbipop)
    s.record(evaluations: 500, best: 10)
    let l1 = try Self.next(&s)
    #expect(!l1.isSmall && l1.populationSize == 16 && abs(l1.sigma - 2 / 1.6) < 1e-15)
    // The large run finds the best solution: it may spend twice the small budget.
    s.record(evaluations: 1_000, best: 1)
    // small 500·2 = 1000 is not < 1000: large again.
    let l2 = try Self.next(&s)
    #expect(!l2.isSmall && l2.populationSize == 32 && abs(l2.sigma - 2 / (1.6 * 1.6)) < 1e-15)
    s.record(evaluations: 1_500, best: 5)
    // Large (best) has 2500 > 2·500: small now.
    let small = try Self.next(&s)
    #expect(small.isSmall && small.populationSize == 8 && small.sigma <= 2 && small.sigma >= 0.02)
    #expect(small.maxGenerations == Int((0.5 * 2_500 / 8).rounded(.up)))
    // A small run that finds the best solution turns the ratio around:
    // small may now spend 2·2500 before the large regime runs again.
    s.record(evaluations: 1_000, best: 0.5)
    var spent = 1_500
    while let r = s.next(bounds: nil), r.isSmall {
      s.record(evaluations: 1_000, best: 0.9)
      spent += 1_000
    }
    #expect(spent >= 5_000 && spent < 6_000)
  }

  /// Under BIPOP and NBIPOP only large restarts count toward `maxRestarts`;
  /// under IPOP and independent restarts every restart does.
  @Test func maxRestartsCountsLargeRestarts() {
    for policy in [RestartPolicy.bipop, .nbipop] {
      var s = Self.schedule(policy, maxRestarts: 2)
      var large = 0
      var small = 0
      s.record(evaluations: 100, best: 1)
      while let r = s.next(bounds: nil) {
        if r.isSmall { small += 1; s.record(evaluations: 50) } else { large += 1; s.record(evaluations: 400) }
      }
      #expect(large == 2 && small >= 2, "\(policy)")
    }
    for policy in [RestartPolicy.ipop, .independent] {
      var s = Self.schedule(policy, maxRestarts: 3)
      var count = 0
      while s.next(bounds: nil) != nil { count += 1 }
      #expect(count == 3)
    }
    var none = Self.schedule(.none)
    #expect(none.next(bounds: nil) == nil)
  }

  /// The driver's check of a small start's generation limit.
  @Test func runLimitCountsGenerationsOfTheRunningStart() throws {
    var s = Self.schedule(.bipop)
    s.record(evaluations: 10)
    _ = try Self.next(&s)
    s.record(evaluations: 160)
    let r = try Self.next(&s)
    let cap = try #require(r.maxGenerations)
    for _ in 0..<(cap - 1) { s.record(evaluations: r.populationSize) }
    #expect(!s.runIsOverItsLimit)
    s.record(evaluations: r.populationSize)
    #expect(s.runIsOverItsLimit)
  }

  /// A schedule round-trips through JSON; one saved without the fields NBIPOP
  /// added decodes with none of them; a corrupt one is refused.
  /// Large populations multiply the unrounded default 4 + 3 ln n, as pycma
  /// does. The sequences are the population sizes of pycma 4.5's
  /// `fmin2(..., bipop=True)` on Rastrigin (read from `es.sp.popsize` at each
  /// start's first generation); IPOP's are the same.
  @Test(arguments: [
    (5, [17, 35, 70, 141, 282]), (10, [21, 43, 87, 174]), (20, [25, 51, 103, 207]),
  ])
  func largePopulationsMultiplyTheUnroundedDefault(dimension n: Int, pycmaLarge: [Int]) throws {
    let lambdaDefault = CMAESParameters.defaultPopulationSize(dimension: n)
    for policy in [RestartPolicy.bipop, .ipop] {
      var s = RestartSchedule(
        policy: policy, defaultPopulationSize: lambdaDefault, initialSigma: 2,
        initialMean: [Double](repeating: 0, count: n), seed: 5)
      var large: [Int] = []
      while large.count < pycmaLarge.count {
        s.record(evaluations: 1_000)
        let r = try Self.next(&s)
        if r.isSmall {
          // ⌊λ₀ 2^{k U²}⌋ lies between λ_def and the last large population.
          #expect(r.populationSize >= lambdaDefault && r.populationSize <= (large.last ?? lambdaDefault))
        } else {
          large.append(r.populationSize)
        }
      }
      #expect(large == pycmaLarge)
    }
    // A population other than the default is multiplied as it is.
    var other = RestartSchedule(
      policy: .ipop, defaultPopulationSize: lambdaDefault + 1, initialSigma: 2,
      initialMean: [Double](repeating: 0, count: n), seed: 5)
    #expect(try Self.next(&other).populationSize == 2 * (lambdaDefault + 1))
  }

  /// A schedule saved without λ₀ multiplies λ_def, as it did; a λ₀ that does
  /// not round down to λ_def is refused.
  @Test func olderSchedulesMultiplyTheRoundedDefault() throws {
    let s = RestartSchedule(
      policy: .ipop, defaultPopulationSize: 8, initialSigma: 2, initialMean: [0, 0, 0, 0, 0], seed: 1)
    #expect(abs(s.populationBase - (4 + 3 * log(5.0))) < 1e-15)
    var object = try #require(
      try JSONSerialization.jsonObject(with: try JSONEncoder().encode(s)) as? [String: Any])
    object["populationBase"] = nil
    var old = try JSONDecoder().decode(RestartSchedule.self, from: try JSONSerialization.data(withJSONObject: object))
    #expect(try Self.next(&old).populationSize == 16)
    for bad in [7.5, 9.0, 1e300] {
      object["populationBase"] = bad
      #expect(throws: (any Error).self) {
        try JSONDecoder().decode(RestartSchedule.self, from: try JSONSerialization.data(withJSONObject: object))
      }
    }
  }

  @Test func codableAndOlderSchedules() throws {
    var s = Self.schedule(.nbipop)
    s.record(evaluations: 100, best: 3)
    _ = s.next(bounds: nil)
    s.record(evaluations: 40, best: 1)
    let data = try JSONEncoder().encode(s)
    #expect(try JSONDecoder().decode(RestartSchedule.self, from: data) == s)

    var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    for key in ["runGenerations", "runMaxGenerations", "bestValue", "bestFoundBySmall"] { object[key] = nil }
    let old = try JSONDecoder().decode(
      RestartSchedule.self, from: try JSONSerialization.data(withJSONObject: object))
    #expect(old.runGenerations == 0 && old.runMaxGenerations == nil && old.restarts == 1)

    object["largeEvaluations"] = -5
    #expect(throws: FisherError.self) {
      try JSONDecoder().decode(RestartSchedule.self, from: try JSONSerialization.data(withJSONObject: object))
    }
  }
}

/// Restarted CMA-ES keeps the first run's λ-dependent limits, as pycma's
/// `fmin` does (it restarts with the first run's processed options).
@Suite struct RestartedCMAESLimitsTests {
  @Test func restartsKeepTheFirstRunsMaxiterAndTolstagnation() throws {
    let n = 10
    let N = Double(n)
    // pycma's defaults at its unrounded default λ = 4 + 3 ln 10 ≈ 10.91.
    let lambda0 = 4 + 3 * log(N)
    let maxiter = 100 + Int((150 * 13 * 13 / lambda0.squareRoot()).rounded(.down))
    let tolstagnation = Int(100 + 100 * pow(N, 1.5) / lambda0)
    for kind in [StrategySpecification.Kind.cmaES, .separableCMAES] {
      let spec = StrategySpecification(kind: kind)
      let mean = [Double](repeating: 0, count: n)
      for lambda in [nil, 40, 160] as [Int?] {
        let made = try spec.make(mean: mean, sigma: 1, seed: 1, populationSize: lambda)
        let p: CMAESParameters
        switch made {
        case .cmaES(let s): p = s.parameters
        case .separableCMAES(let s): p = s.parameters
        default: Issue.record("not a CMA-ES"); return
        }
        #expect(p.maxIterations == maxiter && p.tolStagnation == tolstagnation, "\(kind) λ = \(String(describing: lambda))")
        #expect(p.populationSize == (lambda ?? 10))
      }
      // A first run with an explicit λ sets the limits for every restart.
      var explicit = spec
      explicit.populationSize = 20
      if case .cmaES(let s) = try explicit.make(mean: mean, sigma: 1, seed: 1, populationSize: 80) {
        #expect(s.parameters.tolStagnation == Int(100 + 100 * pow(N, 1.5) / 20))
      }
      // Limits the user set are kept as they are.
      var fixed = spec
      fixed.cmaES.tolStagnation = 77
      if case .cmaES(let s) = try fixed.make(mean: mean, sigma: 1, seed: 1, populationSize: 80) {
        #expect(s.parameters.tolStagnation == 77)
      }
    }
  }
}
