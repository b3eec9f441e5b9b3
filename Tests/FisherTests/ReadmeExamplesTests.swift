import Testing
import Fisher

/// The Swift examples of README.md, kept compiling and checked for what they claim.
@Suite struct ReadmeExamplesTests {
  @Test func minimizeRosenbrockWithCMAES() async throws {
    let rosenbrock: Objective = { x in
      var f = 0.0
      for i in 0..<(x.count - 1) {
        let a = x[i + 1] - x[i] * x[i], b = 1 - x[i]
        f += 100 * a * a + b * b
      }
      return f
    }
    let result = try await minimize(
      rosenbrock,
      strategy: try CMAES(mean: [Double](repeating: 0, count: 8), sigma: 0.5, seed: 42),
      options: MinimizeOptions(termination: Termination(maxEvaluations: 50_000, targetValue: 1e-10)))
    #expect(result.stopReason == .targetValue)
    #expect(result.bestX.allSatisfy { abs($0 - 1) < 1e-4 })
  }

  @Test func ownAskTellLoop() throws {
    func sphere(_ x: [Double]) -> Double { x.reduce(0) { $0 + $1 * $1 } }
    var strategy = try XNES(mean: [1, 1, 1], sigma: 0.5, seed: 7)
    while strategy.stopReason == nil && strategy.generation < 500 {
      let population = strategy.ask()
      let fitness = (0..<population.count).map { i in sphere(population[i]) }
      try strategy.tell(population, fitness: fitness)
    }
    #expect(sphere(strategy.mean) < 1e-12)
  }

  @Test func naturalGradientAndTheSeedObjects() async throws {
    let ng = try NaturalGradient(mean: [2, 2, 2, 2], sigma: 1, seed: 1, family: .diagonal, geometry: .natural)
    let r = try await minimize(
      try ClassicProblem.ellipsoid.problem(dimension: 4), strategy: ng,
      options: MinimizeOptions(termination: Termination(maxEvaluations: 20_000, targetValue: 1e-8)))
    #expect(r.stopReason == .targetValue)

    let p = try DiagonalGaussian(mean: [0, 0], sigmas: [1, 2])
    var rng = Xoshiro256StarStar(seed: 3)
    let x = p.sample(using: &rng)
    let score = try p.score(x)
    let fisher = try p.fisherInformation()
    let step = try p.naturalGradient(score)
    // F · (F⁻¹ g) = g.
    let back = try fisher.multiply(step)
    for i in score.indices { #expect(abs(back[i] - score[i]) <= 1e-12 * max(1, abs(score[i]))) }
  }
}
