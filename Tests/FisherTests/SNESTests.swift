import Foundation
import Testing
@testable import Fisher

@Suite struct SNESTests {
  /// Two SNES steps in n = 2, λ = 4 from μ = (1, −0.5), σ = (0.3, 0.3), with the
  /// directions and fitness of the xNES hand case. Reference values from a numpy
  /// transcription of Wierstra et al. (JMLR 2014) Algorithm 6 with
  /// η_σ = (3 + ln 2)/(5√2). The first mean step equals xNES's (B = I, same σ).
  @Test func twoStepsMatchHandComputation() throws {
    var s = try SNES(mean: [1, -0.5], sigma: 0.3, populationSize: 4, seed: 1)
    #expect(abs(s.sigmaLearningRate - (3 + log(2.0)) / (5 * 2.0.squareRoot())) < 1e-16)
    let steps: [([[Double]], [Double])] = [
      ([[0.5, -1.0], [1.5, 0.2], [-0.3, 0.8], [-1.2, -0.7]], [2.0, 0.5, 3.0, 1.0]),
      ([[0.1, 0.9], [-0.8, -0.4], [1.1, -1.3], [0.6, 0.05]], [4.0, .infinity, 1.0, 2.0]),
    ]
    let expected: [(mean: [Double], sigmas: [Double])] = [
      ([1.19414239535044, -0.46028586821652007], [0.3919883345739593, 0.27157452005058386]),
      ([1.4744969033258732, -0.6635785856359623], [0.4380981988733118, 0.315118589756444]),
    ]
    for (g, (z, f)) in steps.enumerated() {
      let directions = try Matrix(z)
      let x = try Matrix(z.map { row in (0..<2).map { s.mean[$0] + s.sigmas[$0] * row[$0] } })
      try s.tell(Population(generation: g, candidates: x, directions: directions), fitness: f)
      #expect(isClose(s.mean, expected[g].mean, tolerance: 1e-14))
      #expect(isClose(s.sigmas, expected[g].sigmas, tolerance: 1e-14))
    }
    let p = s.ask()
    for k in 0..<p.count {
      #expect(p[k] == (0..<2).map { s.mean[$0] + s.sigmas[$0] * p.directions[k, $0] })
    }
  }

  /// SNES reaches f < 10⁻¹⁴ on the sphere and on the separable 10⁶-conditioned
  /// ellipsoid at n = 10 from x₀ = 1, σ₀ = 0.5 (three seeds each, stopping by `tolx`);
  /// on the ellipsoid the σᵢ learn the scales 10^{−3(i−1)/(n−1)}, so their
  /// squared ratio approaches the condition number 10⁶.
  @Test(arguments: [ClassicProblem.sphere, .ellipsoid])
  func converges(problem: ClassicProblem) throws {
    for seed in UInt64(1)...3 {
      var s = try SNES(mean: [Double](repeating: 1, count: 10), sigma: 0.5, seed: seed)
      try StrategyChecks.run(&s, problem.value, maxGenerations: 3000)
      #expect(s.stopReason == .strategy("tolx"))
      #expect(problem.value(s.mean) < 1e-14, "seed \(seed): f = \(problem.value(s.mean))")
      if problem == .ellipsoid { #expect(s.conditionNumber > 1e5 && s.conditionNumber < 1e7) }
    }
  }

  @Test func sharedChecks() throws {
    let make = { (seed: UInt64) in try SNES(mean: [1, 2, 3], sigma: 0.5, seed: seed) }
    try StrategyChecks.askIsDeterministic(make)
    try StrategyChecks.codableResumesBitIdentically(try make(3), ClassicProblem.rosenbrock.value)
    try StrategyChecks.tellRejectsBadInput(try make(4))
    try StrategyChecks.failuresAreRankedWorst(try make(5))
    try StrategyChecks.malformedCheckpointThrows(try make(6))
    StrategyChecks.initializerValidates { try SNES(mean: $0, sigma: $1, populationSize: $2, seed: 1) }
    #expect(throws: FisherError.self) { try SNES(mean: [1], sigma: 1, seed: 1, options: .init(sigmaLearningRate: 0)) }
  }
}
