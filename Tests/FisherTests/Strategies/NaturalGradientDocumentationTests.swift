import Testing
@testable import Fisher

/// The examples of docs/natural-gradient.md, run as written.
@Suite struct NaturalGradientDocumentationTests {
  /// The Gaussian-mean example: the natural gradient of the baseline estimate is
  /// E[(f − f̄)(x − m)], and half a step of it moves m toward the minimizer 0 of |x|².
  @Test func gaussianMeanExample() throws {
    let p = try GaussianMean(mean: [3, -2], sigma: 0.1)
    var rng = RandomStreams(seed: 1).generator(generation: 0, index: 0)
    let xs = try p.sample(count: 100, using: &rng)
    let f = try (0..<xs.rows).map { i in try xs.row(i).reduce(0) { $0 + $1 * $1 } }
    let est = try ScoreFunctionEstimator(distribution: p, samples: xs)
    let g = try est.gradient(f, baseline: .mean)
    let step = try p.naturalGradient(g)
    let next = try p.moved(by: step.map { -0.5 * $0 })
    // E[(f − f̄)(x − m)] = Σ ∇f(m) = 0.01·(6, −4): the step is ≈ 0.005·(6, −4).
    #expect(abs(next.mean[0] - (3 - 0.03)) < 0.01 && abs(next.mean[1] - (-2 + 0.02)) < 0.01, "\(next.mean)")
  }

  @Test func strategyExample() throws {
    var s = try NaturalGradient(mean: [Double](repeating: 3, count: 10), sigma: 1, seed: 7,
                                family: .full, geometry: .natural, shaping: .nesUtilities)
    while s.stopReason == nil && s.generation < 1_200 {
      let p = s.ask()
      try s.tell(p, fitness: (0..<p.count).map { ClassicProblem.ellipsoid.value(p[$0]) })
    }
    #expect(ClassicProblem.ellipsoid.value(s.mean) < 1e-8)
  }

  /// The registry's settings build the same strategy as the direct initializer.
  @Test func optionsBuildTheSameStrategy() throws {
    let o = NaturalGradientOptions(family: .diagonal, geometry: .empiricalFisher, shaping: .centeredRanks, mirrored: true)
    let s = try NaturalGradient(mean: [1, 2], sigma: 0.5, seed: 1, options: o)
    let t = try NaturalGradient(
      mean: [1, 2], sigma: 0.5, seed: 1, family: .diagonal, geometry: .empiricalFisher, shaping: .centeredRanks, mirrored: true)
    #expect(s.options == t.options && s.ask() == t.ask())
    #expect(s.options.learningRates == NaturalGradient.LearningRates.defaults(family: .diagonal, dimension: 2))
  }
}
