import Foundation
import Testing
@testable import Fisher

@Suite struct CrossEntropyMethodTests {
  /// Candidates (1,2), (3,0), (0,1), (5,5) with fitness 1, 2, 0.5, +∞ and μ = 2: the
  /// elites are (0,1) and (1,2), so m* = (0.5, 1.5) and the ML variances are
  /// ((0.5² + 0.5²)/2, same) = (0.25, 0.25), σ* = 0.5. From m = 0, σ = 1 with
  /// α = 0.5, β = 0.7: m = (0.25, 0.75), σ = 0.7·0.5 + 0.3·1 = 0.65; extra
  /// variance Z₀ = 0.01 (generation 0) gives σ = √(0.65² + 0.01).
  @Test func eliteUpdateByHand() throws {
    let x = try Matrix([[1, 2], [3, 0], [0, 1], [5, 5]])
    let f = [1.0, 2, 0.5, .infinity]
    func step(_ options: CEMOptions) throws -> CrossEntropyMethod {
      var s = try CrossEntropyMethod(mean: [0, 0], sigma: 1, populationSize: 4, seed: 1, options: options)
      try s.tell(Population(generation: 0, candidates: x, directions: x), fitness: f)
      return s
    }
    let plain = try step(.init(eliteCount: 2, covarianceSmoothing: 1))
    #expect(plain.mean == [0.5, 1.5] && plain.standardDeviations == [0.5, 0.5])
    let smoothed = try step(.init(eliteCount: 2, meanSmoothing: 0.5, covarianceSmoothing: 0.7, extraNoise: 0.01))
    #expect(smoothed.mean == [0.25, 0.75])
    let sd: Double = (0.65 * 0.65 + 0.01).squareRoot()
    #expect(isClose(smoothed.standardDeviations, [sd, sd]))
    let floored = try step(.init(eliteCount: 2, covarianceSmoothing: 1, minimumStd: 0.7))
    #expect(floored.standardDeviations == [0.7, 0.7])
    // Elite fraction: ⌊0.5 · 4⌋ = 2 elites, the same update.
    #expect(try step(.init(eliteFraction: 0.5, covarianceSmoothing: 1)).mean == [0.5, 1.5])
    // Failures are elites only when too few succeed: with μ = 4 the three finite points are used.
    let all = try step(.init(eliteCount: 4, covarianceSmoothing: 1))
    #expect(isClose(all.mean, [4.0 / 3, 1]))
  }

  /// Full covariance: elites (0,1), (1,2), (2,0) have mean (1,1) and deviations
  /// (−1,0), (0,1), (1,−1), so C* = (1/3)[[2, −1], [−1, 2]].
  @Test func fullCovarianceByHand() throws {
    var s = try CrossEntropyMethod(
      mean: [0, 0], sigma: 1, populationSize: 4, seed: 1,
      options: .init(eliteCount: 3, covariance: .full, covarianceSmoothing: 1))
    let x = try Matrix([[0, 1], [1, 2], [9, 9], [2, 0]])
    try s.tell(Population(generation: 0, candidates: x, directions: x), fitness: [1, 2, 3, 0])
    #expect(s.mean == [1, 1])
    let c = try #require(s.covariance)
    let third: Double = 1.0 / 3
    let expected: [Double] = [2 * third, -third, -third, 2 * third]
    #expect(isClose(c.elements, expected, tolerance: 1e-15))
    // Candidates are m + L z with L Lᵀ = C.
    let p = s.ask()
    let l = try Cholesky(c).lower
    for k in 0..<p.count {
      let lz = try l.multiply(try p.directions.row(k))
      #expect(isClose(p[k], [1 + lz[0], 1 + lz[1]], tolerance: 1e-14))
    }
  }

  /// With the defaults (λ = 5(4 + ⌊3 ln n⌋) = 40, μ = 20, β = 0.7) CEM reaches
  /// f < 10⁻¹⁴ on the sphere at n = 5 from x₀ = 1, σ₀ = 3, for three seeds.
  @Test func convergesOnSphere() throws {
    for seed in UInt64(1)...3 {
      var s = try CrossEntropyMethod(mean: [Double](repeating: 1, count: 5), sigma: 3, seed: seed)
      #expect(s.populationSize == 40 && s.eliteCount == 20)
      try StrategyChecks.run(&s, ClassicProblem.sphere.value, maxGenerations: 2000)
      #expect(s.stopReason == .strategy("tolx"))
      #expect(ClassicProblem.sphere.value(s.mean) < 1e-14, "seed \(seed)")
    }
  }

  @Test func sharedChecks() throws {
    for model in CovarianceModel.allCases {
      let make = { (seed: UInt64) in
        try CrossEntropyMethod(mean: [1, 2, 3], sigma: 0.5, seed: seed, options: .init(covariance: model))
      }
      try StrategyChecks.askIsDeterministic(make)
      try StrategyChecks.codableResumesBitIdentically(try make(3), ClassicProblem.rosenbrock.value)
      try StrategyChecks.tellRejectsBadInput(try make(4))
      try StrategyChecks.failuresAreRankedWorst(try make(5))
      try StrategyChecks.malformedCheckpointThrows(try make(6))
    }
    StrategyChecks.initializerValidates { try CrossEntropyMethod(mean: $0, sigma: $1, populationSize: $2, seed: 1) }
    for bad in [
      CEMOptions(eliteFraction: 1.5), CEMOptions(eliteCount: 0), CEMOptions(eliteCount: 99),
      CEMOptions(meanSmoothing: 0), CEMOptions(covarianceSmoothing: 1.2), CEMOptions(extraNoise: -1),
      CEMOptions(extraNoiseDecay: 2), CEMOptions(minimumStd: .nan),
    ] {
      #expect(throws: FisherError.self) { try CrossEntropyMethod(mean: [1, 2], sigma: 1, populationSize: 10, seed: 1, options: bad) }
    }
  }
}
