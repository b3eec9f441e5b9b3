import Testing
@testable import Fisher

/// Properties particular to the Gaussian families and the discrete families.
@Suite struct GaussianFamilyTests {
  /// Sample mean and covariance of N = 20 000 draws match (m, Σ). The standard error
  /// of the mean of coordinate i is √(Σᵢᵢ/N); of the covariance entry (i, j) it is
  /// √((ΣᵢᵢΣⱼⱼ + Σᵢⱼ²)/N) (Gaussian fourth moments; the estimate uses the known m).
  /// Tolerance 5 standard errors.
  @Test(arguments: 0..<4) func samplingMomentsMatch(_ family: Int) throws {
    let all: [any GaussianSearchDistribution] = [
      try TestFamilies.gaussianMean(), try TestFamilies.isotropic(), try TestFamilies.diagonal(), try TestFamilies.full(),
    ]
    try checkMoments(all[family])
  }

  func checkMoments(_ d: some GaussianSearchDistribution) throws {
    let n = d.dimension, count = 20_000
    var rng = RandomStreams(seed: 21).generator(generation: 0, index: 0)
    let xs = try d.sample(count: count, using: &rng)
    let m = d.mean, c = try d.covariance
    for i in 0..<n {
      var s = 0.0
      for r in 0..<count { s += xs[r, i] }
      #expect(abs(s / Double(count) - m[i]) <= 5 * (c[i, i] / Double(count)).squareRoot())
      for j in 0...i {
        var sc = 0.0
        for r in 0..<count { sc += (xs[r, i] - m[i]) * (xs[r, j] - m[j]) }
        let se = ((c[i, i] * c[j, j] + c[i, j] * c[i, j]) / Double(count)).squareRoot()
        #expect(abs(sc / Double(count) - c[i, j]) <= 5 * se, "\(type(of: d)) cov[\(i),\(j)]")
      }
    }
  }

  /// For θ = m with Σ fixed, F⁻¹∇̂J = (1/N) Σ f(xᵢ)(xᵢ − m) holds sample by sample:
  /// the Σ⁻¹ of the score and the Σ of F⁻¹ cancel, as the seed derives. Exact up to
  /// rounding in the two solves (relative 1e-12).
  @Test func meanOnlyNaturalGradientIsFitnessWeightedDeviation() throws {
    let d = try TestFamilies.gaussianMean()
    let f: ([Double]) -> Double = { x in x.enumerated().reduce(0) { $0 + Double($1.offset + 1) * $1.element * $1.element } }
    var rng = RandomStreams(seed: 22).generator(generation: 0, index: 0)
    let xs = try d.sample(count: 50, using: &rng)
    let fitness = try (0..<xs.rows).map { f(try xs.row($0)) }
    let scores = try d.scores(xs)
    var gradient = [Double](repeating: 0, count: d.parameterCount)
    for r in 0..<xs.rows { for k in 0..<d.parameterCount { gradient[k] += fitness[r] * scores[r, k] / Double(xs.rows) } }
    let natural = try d.naturalGradient(gradient)
    var direct = [Double](repeating: 0, count: d.dimension)
    for r in 0..<xs.rows { for i in 0..<d.dimension { direct[i] += fitness[r] * (xs[r, i] - d.mean[i]) / Double(xs.rows) } }
    let scale = direct.map(abs).max()!
    for i in 0..<d.dimension { #expect(abs(natural[i] - direct[i]) <= 1e-12 * scale) }
    // And F = Σ⁻¹: F Σ = I.
    let product = try d.fisherInformation().multiply(d.covariance)
    for i in 0..<3 { for j in 0..<3 { #expect(abs(product[i, j] - (i == j ? 1 : 0)) < 1e-12) } }
  }

  /// Mean-only descent m ← m − α (1/N) Σ (f(xᵢ) − f̄)(xᵢ − m) on f(x) = ½ xᵀAx, Σ = σ²I.
  /// In expectation the step is −α σ² A m (Stein's lemma), a contraction for
  /// α σ² λmax(A) < 2; the mean-fitness baseline keeps the noise at the level of
  /// σ³/√N per step. From f(m₀) = 13 we require f(m) < 10⁻³ after 300 steps;
  /// the expected-step iteration alone would reach ≈ 10⁻¹⁰, so the margin is the noise floor.
  @Test func meanOnlyDescentConvergesOnQuadratic() throws {
    let a = [1.0, 2, 4]
    let f: ([Double]) -> Double = { x in 0.5 * (0..<3).reduce(0) { $0 + a[$1] * x[$1] * x[$1] } }
    var d = try GaussianMean(mean: [3, -2, 1.5], sigma: 0.05)
    let alpha = 0.25 / (0.05 * 0.05 * 4)
    let start = f(d.mean)
    for g in 0..<300 {
      var rng = RandomStreams(seed: 23).generator(generation: g, index: 0)
      let xs = try d.sample(count: 20, using: &rng)
      let fx = try (0..<xs.rows).map { f(try xs.row($0)) }
      let fbar = fx.reduce(0, +) / Double(fx.count)
      var step = [Double](repeating: 0, count: 3)
      for r in 0..<xs.rows { for i in 0..<3 { step[i] += (fx[r] - fbar) * (xs[r, i] - d.mean[i]) / Double(xs.rows) } }
      d = try d.with(parameters: (0..<3).map { d.mean[$0] - alpha * step[$0] })
    }
    #expect(start == 13)
    #expect(f(d.mean) < 1e-3, "f(m) = \(f(d.mean))")
  }

  /// The full Gaussian agrees with the simpler families where they coincide: at
  /// Σ = diag(σᵢ²) its log density equals the diagonal family's, and its F restricted
  /// to (m, log Lᵢᵢ) equals the diagonal family's F = diag(1/σᵢ², 2).
  @Test func fullGaussianReducesToDiagonal() throws {
    let sig = [0.3, 2, 1.1]
    let diag = try DiagonalGaussian(mean: [1, -2, 0.5], sigmas: sig)
    let full = try FullGaussian(mean: [1, -2, 0.5], covariance: diag.covariance)
    let x = [0.2, 0.1, -0.4]
    #expect(abs(try full.logDensity(x) - diag.logDensity(x)) < 1e-12)
    let ff = try full.fisherInformation(), fd = try diag.fisherInformation()
    for i in 0..<3 {
      #expect(abs(ff[i, i] - fd[i, i]) < 1e-12)
      let k = full.parameterIndex(row: i, column: i)
      #expect(abs(ff[k, k] - fd[3 + i, 3 + i]) < 1e-12)
    }
  }

  /// Empirical frequencies of each category match the probabilities within 5 standard
  /// errors √(p(1 − p)/N), N = 20 000.
  @Test func discreteFrequenciesMatchProbabilities() throws {
    let count = 20_000
    let b = try TestFamilies.bernoulli()
    var rng = RandomStreams(seed: 24).generator(generation: 0, index: 0)
    let xb = try b.sample(count: count, using: &rng)
    for i in 0..<b.dimension {
      let p = b.probabilities[i]
      let freq = (0..<count).reduce(0.0) { $0 + xb[$1, i] } / Double(count)
      #expect(abs(freq - p) <= 5 * (p * (1 - p) / Double(count)).squareRoot())
    }
    let c = try TestFamilies.categorical()
    let xc = try c.sample(count: count, using: &rng)
    for v in 0..<c.dimension {
      let p = c.probabilities(ofVariable: v)
      for k in 0..<p.count {
        let freq = Double((0..<count).filter { xc[$0, v] == Double(k) }.count) / Double(count)
        #expect(abs(freq - p[k]) <= 5 * (p[k] * (1 - p[k]) / Double(count)).squareRoot(), "variable \(v) category \(k)")
      }
    }
    #expect(c.probabilities(ofVariable: 2) .enumerated().allSatisfy { abs($0.element - [0.1, 0.2, 0.3, 0.4][$0.offset]) < 1e-12 })
  }

  /// Invalid constructions throw instead of trapping.
  @Test func invalidInputThrows() throws {
    #expect(throws: FisherError.self) { try IsotropicGaussian(mean: [0, 0], sigma: -1) }
    #expect(throws: FisherError.self) { try IsotropicGaussian(mean: [], sigma: 1) }
    #expect(throws: FisherError.self) { try DiagonalGaussian(mean: [0, 0], sigmas: [1]) }
    #expect(throws: FisherError.self) { try DiagonalGaussian(mean: [0, .nan], sigmas: [1, 1]) }
    #expect(throws: FisherError.self) { try FullGaussian(mean: [0, 0], covariance: Matrix([[1, 2], [2, 1]])) }
    #expect(throws: FisherError.self) { try FullGaussian(mean: [0, 0], covariance: Matrix([[1, 0.5], [0, 1]])) }
    #expect(throws: FisherError.self) { try FullGaussian(mean: [0, 0], lower: Matrix([[1, 1], [0, 1]])) }
    #expect(throws: FisherError.self) { try GaussianMean(mean: [0, 0], covariance: Matrix.identity(3)) }
    #expect(throws: FisherError.self) { try BernoulliProduct(probabilities: [0.5, 1]) }
    #expect(throws: FisherError.self) { try CategoricalProduct(probabilities: [[0.5, 0.6]]) }
    #expect(throws: FisherError.self) { try CategoricalProduct(categoryCounts: [3, 1], logits: [0, 0]) }
    let b = try TestFamilies.bernoulli()
    #expect(throws: FisherError.self) { try b.logDensity([0, 1, 0.5, 1]) }
    let c = try TestFamilies.categorical()
    #expect(throws: FisherError.self) { try c.score([0, 2, 1]) }
    #expect(throws: FisherError.self) { try c.kullbackLeibler(to: CategoricalProduct(uniform: [3, 2, 3])) }
    #expect(throws: FisherError.self) { try TestFamilies.full().kullbackLeibler(to: FullGaussian(mean: [0, 0], sigma: 1)) }
  }
}
