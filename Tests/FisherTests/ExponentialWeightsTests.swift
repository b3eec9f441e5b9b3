import Foundation
import Testing
@testable import Fisher

@Suite struct ExponentialWeightsTests {
  /// Fitness 1, 2, 0.5, +∞ at temperature 0.5: gaps 0.5, 1.5, 0, +∞, so
  /// w ∝ (e⁻¹, e⁻³, 1, 0); ESS = (Σw)²/Σw².
  @Test func weightsAndEffectiveSampleSizeByHand() {
    let gaps = ExponentialWeights.gaps([1, 2, 0.5, .infinity])
    #expect(gaps == [0.5, 1.5, 0, .infinity])
    let w = ExponentialWeights.weights(gaps: gaps, temperature: 0.5)
    let e1 = exp(-1.0), e3 = exp(-3.0)
    let total = e1 + e3 + 1
    #expect(isClose(w, [e1 / total, e3 / total, 1 / total, 0], tolerance: 1e-15))
    let ess = total * total / (e1 * e1 + e3 * e3 + 1)
    #expect(abs(ExponentialWeights.effectiveSampleSize(w) - ess) < 1e-14)
    // Uniform weights over k samples have ESS k; one-hot weights have ESS 1.
    #expect(ExponentialWeights.effectiveSampleSize([0.25, 0.25, 0.25, 0.25]) == 4)
    #expect(ExponentialWeights.effectiveSampleSize([0, 1, 0]) == 1)
  }

  /// λ → 0 puts all weight on the best sample; λ → ∞ gives uniform weights over the successes.
  @Test func temperatureLimits() {
    let gaps = ExponentialWeights.gaps([3, 1, 2, 7, .infinity])
    #expect(ExponentialWeights.weights(gaps: gaps, temperature: 1e-6) == [0, 1, 0, 0, 0])
    let w = ExponentialWeights.weights(gaps: gaps, temperature: 1e12)
    #expect(isClose(w, [0.25, 0.25, 0.25, 0.25, 0], tolerance: 1e-10))
    // −∞ is the best possible value: its samples share all the weight.
    let g = ExponentialWeights.gaps([1, -.infinity, 2, -.infinity])
    #expect(ExponentialWeights.weights(gaps: g, temperature: 1) == [0, 0.5, 0, 0.5])
  }

  /// The bisection on log λ hits the target ESS: ESS(λ) is continuous and
  /// increasing, and 100 halvings of a bracket of width < 60 in log λ leave an
  /// error far below the 10⁻⁹ relative tolerance. Targets outside [1, #finite]
  /// saturate at the limits.
  @Test func adaptedTemperatureHitsTargetESS() {
    var rng = Xoshiro256StarStar(seed: 5)
    for trial in 0..<20 {
      let n = 5 + trial * 3
      var f = (0..<n).map { _ in exp(4 * rng.nextNormal()) }
      if trial % 4 == 0 { f[0] = .infinity }
      let finite = Double(f.filter { $0 < .infinity }.count)
      let gaps = ExponentialWeights.gaps(f)
      for fraction in [0.1, 0.25, 0.5, 0.9] {
        let target = max(1.5, fraction * finite)
        let t = ExponentialWeights.temperature(gaps: gaps, targetESS: target)
        let ess = ExponentialWeights.effectiveSampleSize(ExponentialWeights.weights(gaps: gaps, temperature: t))
        #expect(abs(ess - target) < 1e-9 * target, "trial \(trial): ESS \(ess) for target \(target)")
      }
      let low = ExponentialWeights.temperature(gaps: gaps, targetESS: 0.5)
      #expect(abs(ExponentialWeights.effectiveSampleSize(ExponentialWeights.weights(gaps: gaps, temperature: low)) - 1) < 1e-9)
      let high = ExponentialWeights.temperature(gaps: gaps, targetESS: 1e9)
      #expect(abs(ExponentialWeights.effectiveSampleSize(ExponentialWeights.weights(gaps: gaps, temperature: high)) - finite) < 1e-4)
    }
  }

  /// One update with a fixed temperature: m = Σ wᵢ xᵢ and σⱼ² = Σ wᵢ (xᵢⱼ − mⱼ)², with β = 1.
  @Test func momentUpdateByHand() throws {
    var s = try ExponentialWeights(
      mean: [0, 0], sigma: 1, populationSize: 4, seed: 1,
      options: .init(temperature: .fixed(0.5), covarianceSmoothing: 1))
    let x = try Matrix([[1, 2], [3, 0], [0, 1], [5, 5]])
    try s.tell(Population(generation: 0, candidates: x, directions: x), fitness: [1, 2, 0.5, .infinity])
    let e1 = exp(-1.0), e3 = exp(-3.0)
    let total = e1 + e3 + 1
    let w = [e1 / total, e3 / total, 1 / total]
    let m = [w[0] * 1 + w[1] * 3, w[0] * 2 + w[2] * 1]
    let v0 = w[0] * (1 - m[0]) * (1 - m[0]) + w[1] * (3 - m[0]) * (3 - m[0]) + w[2] * m[0] * m[0]
    let v1 = w[0] * (2 - m[1]) * (2 - m[1]) + w[1] * m[1] * m[1] + w[2] * (1 - m[1]) * (1 - m[1])
    #expect(isClose(s.mean, m, tolerance: 1e-14))
    #expect(isClose(s.standardDeviations, [v0.squareRoot(), v1.squareRoot()], tolerance: 1e-14))
    #expect(s.temperature == 0.5)
    let ess = total * total / (e1 * e1 + e3 * e3 + 1)
    #expect(abs(try #require(s.effectiveSampleSize) - ess) < 1e-13)
  }

  /// With the fixed covariance model only the mean moves (MPPI's update).
  @Test func fixedCovarianceMovesOnlyTheMean() throws {
    var s = try ExponentialWeights(mean: [1, 1, 1], sigma: 0.3, seed: 2, options: .init(covariance: .fixed))
    try StrategyChecks.run(&s, ClassicProblem.sphere.value, maxGenerations: 30)
    #expect(s.standardDeviations == [0.3, 0.3, 0.3])
    #expect(ClassicProblem.sphere.value(s.mean) < 0.3)
  }

  /// The adaptive rule reports the ESS it achieved: λ_pop/2 = 20 at n = 5 by default.
  /// With the defaults the strategy reaches f < 10⁻¹⁴ on the sphere at n = 5 from
  /// x₀ = 1, σ₀ = 3, for three seeds.
  @Test func convergesOnSphereAtTargetESS() throws {
    for seed in UInt64(1)...3 {
      var s = try ExponentialWeights(mean: [Double](repeating: 1, count: 5), sigma: 3, seed: seed)
      #expect(s.populationSize == 40)
      try StrategyChecks.run(&s, ClassicProblem.sphere.value, maxGenerations: 1)
      #expect(abs(try #require(s.effectiveSampleSize) - 20) < 1e-8)
      try StrategyChecks.run(&s, ClassicProblem.sphere.value, maxGenerations: 2000)
      #expect(s.stopReason == .strategy("tolx"))
      #expect(ClassicProblem.sphere.value(s.mean) < 1e-14, "seed \(seed)")
    }
  }

  @Test func sharedChecks() throws {
    for model in CovarianceModel.allCases {
      for rule in [TemperatureRule.fixed(2), .effectiveSampleSize(fraction: 0.3)] {
        let make = { (seed: UInt64) in
          try ExponentialWeights(mean: [1, 2, 3], sigma: 0.5, seed: seed, options: .init(temperature: rule, covariance: model))
        }
        try StrategyChecks.askIsDeterministic(make)
        try StrategyChecks.codableResumesBitIdentically(try make(3), ClassicProblem.rosenbrock.value)
        try StrategyChecks.tellRejectsBadInput(try make(4))
        try StrategyChecks.failuresAreRankedWorst(try make(5))
        try StrategyChecks.malformedCheckpointThrows(try make(6))
      }
    }
    StrategyChecks.initializerValidates { try ExponentialWeights(mean: $0, sigma: $1, populationSize: $2, seed: 1) }
    for bad in [TemperatureRule.fixed(0), .fixed(.infinity), .effectiveSampleSize(fraction: 0), .effectiveSampleSize(fraction: 1.5)] {
      #expect(throws: FisherError.self) { try ExponentialWeights(mean: [1], sigma: 1, seed: 1, options: .init(temperature: bad)) }
    }
  }
}
