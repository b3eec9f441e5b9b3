import Foundation
import Testing
@testable import Fisher

@Suite struct OpenAIESTests {
  @Test func mirroredPairsAreExactNegatives() throws {
    let s = try OpenAIES(mean: [0.3, -1, 2], sigma: 0.1, populationSize: 8, seed: 9)
    let p = s.ask()
    for pair in 0..<4 {
      let a = try p.directions.row(2 * pair), b = try p.directions.row(2 * pair + 1)
      #expect(a == b.map { -$0 })
      #expect(p[2 * pair] == (0..<3).map { s.mean[$0] + 0.1 * a[$0] })
      #expect(p[2 * pair + 1] == (0..<3).map { s.mean[$0] - 0.1 * a[$0] })
    }
    // Default λ = 4 + ⌊3 ln n⌋ rounded up to even: n = 3 → 7 → 8.
    #expect(try OpenAIES(mean: [0, 0, 0], sigma: 1, seed: 1).populationSize == 8)
  }

  /// Two generations in n = 2, λ = 4, θ = (1, −0.5), σ = 0.1, weight decay 0.1, with
  /// directions ±ε₁, ±ε₂ fixed by hand. Generation 1: fitness (2, 0.5, 3, 1) has
  /// centered ranks (1/6, −1/2, 1/2, −1/6), so g = (1/(4·0.1))·(2/3)(ε₁ + ε₂) + 0.1θ
  /// = (10/3, −4/3) + (0.1, −0.05). θ after Adam (η = 0.01, β = 0.99, 0.999, ε = 10⁻⁸)
  /// and after SGD with momentum (η = 0.05, μ = 0.9) from a numpy transcription of
  /// the reference code's optimizers.
  @Test func adamAndSGDStepsMatchHandComputation() throws {
    let eps: [[[Double]]] = [[[0.5, -1.0], [1.5, 0.2]], [[-0.3, 0.8], [0.7, 0.25]]]
    let fits: [[Double]] = [[2, 0.5, 3, 1], [1, 4, 2.5, 0.25]]
    func run(_ step: GradientStepRule) throws -> [[Double]] {
      var s = try OpenAIES(
        mean: [1, -0.5], sigma: 0.1, populationSize: 4, seed: 1,
        options: .init(step: step, weightDecay: 0.1))
      var out: [[Double]] = []
      for g in 0..<2 {
        let e = eps[g]
        let d = try Matrix([e[0], e[0].map { -$0 }, e[1], e[1].map { -$0 }])
        let p = Population(generation: g, candidates: d, directions: d)
        if g == 0 {
          let grad = try s.gradient(p, fitness: fits[g])
          #expect(isClose(grad, [10.0 / 3 + 0.1, -4.0 / 3 - 0.05], tolerance: 1e-14))
        }
        try s.tell(p, fitness: fits[g])
        out.append(s.mean)
      }
      return out
    }
    let adam = try run(.defaultAdam)
    #expect(isClose(adam[0], [0.9900000009210517, -0.49000000228598334], tolerance: 1e-14))
    #expect(isClose(adam[1], [0.9804918472033495, -0.48016237596308275], tolerance: 1e-14))
    let sgd = try run(.sgd(learningRate: 0.05, momentum: 0.9))
    #expect(isClose(sgd[0], [0.9828333333333333, -0.4930833333333333], tolerance: 1e-14))
    #expect(isClose(sgd[1], [0.9585585833333333, -0.4820284583333333], tolerance: 1e-14))
  }

  @Test func sigmaDecaysToItsFloor() throws {
    var s = try OpenAIES(mean: [1, 1], sigma: 1, seed: 1, options: .init(sigmaDecay: 0.5, minimumSigma: 0.1))
    try StrategyChecks.run(&s, ClassicProblem.sphere.value, maxGenerations: 3)
    #expect(s.stepSize == 0.125)
    try StrategyChecks.run(&s, ClassicProblem.sphere.value, maxGenerations: 10)
    #expect(s.stepSize == 0.1)
    #expect(throws: FisherError.self) { try OpenAIES(mean: [1], sigma: 1, seed: 1, options: .init(sigmaDecay: 0.9)) }
  }

  /// With fixed σ the mean can settle only to within about σ of the optimum:
  /// from x₀ = 1 at n = 5 with σ = 0.05 and the default Adam step, 1500
  /// generations bring f(θ) below 10⁻² (f(x₀) = 5) for three seeds.
  @Test func approachesSphereOptimum() throws {
    for seed in UInt64(1)...3 {
      var s = try OpenAIES(mean: [Double](repeating: 1, count: 5), sigma: 0.05, seed: seed)
      try StrategyChecks.run(&s, ClassicProblem.sphere.value, maxGenerations: 1500)
      #expect(ClassicProblem.sphere.value(s.mean) < 1e-2, "seed \(seed)")
    }
  }

  @Test func sharedChecks() throws {
    for step in [GradientStepRule.defaultAdam, .sgd(learningRate: 0.01, momentum: 0.5)] {
      let make = { (seed: UInt64) in try OpenAIES(mean: [1, 2, 3], sigma: 0.1, seed: seed, options: .init(step: step)) }
      try StrategyChecks.askIsDeterministic(make)
      try StrategyChecks.codableResumesBitIdentically(try make(3), ClassicProblem.rosenbrock.value)
      try StrategyChecks.tellRejectsBadInput(try make(4))
      try StrategyChecks.malformedCheckpointThrows(try make(6))
      var s = try make(5)
      let p = s.ask()
      try s.tell(p, fitness: [Double](repeating: .infinity, count: p.count))
      #expect(s.mean == [1, 2, 3])  // all tied: centered ranks are all 0
    }
    StrategyChecks.initializerValidates { try OpenAIES(mean: $0, sigma: $1, populationSize: $2, seed: 1) }
    #expect(throws: FisherError.self) { try OpenAIES(mean: [1], sigma: 1, populationSize: 5, seed: 1) }
    #expect(throws: FisherError.self) {
      try OpenAIES(mean: [1], sigma: 1, seed: 1, options: .init(step: .adam(learningRate: 0.1, beta1: 1, beta2: 0.9, epsilon: 1e-8)))
    }
    #expect(throws: FisherError.self) { try OpenAIES(mean: [1], sigma: 1, seed: 1, options: .init(weightDecay: -1)) }
  }
}
