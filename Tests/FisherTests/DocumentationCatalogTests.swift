import Testing
import Fisher

/// The Swift examples of the Fisher documentation catalog (Sources/Fisher/Fisher.docc),
/// with the same code, checked for what the text around them claims.
@Suite struct DocumentationCatalogTests {
  /// Fisher.md, the landing page.
  @Test func landingPageExample() async throws {
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

  /// NoisyObjectives.md: uncertainty handling on a sphere with ±50 % noise.
  @Test func noisyObjectivesExample() async throws {
    let noisySphere = IndexedObjective { x, evaluation in
      var g = SplitMix64(seed: UInt64(evaluation))
      let u = Double(g.next() >> 11) * 0x1p-53          // U[0, 1)
      return x.reduce(0) { $0 + $1 * $1 } * (0.5 + u)
    }
    let result = try await minimize(
      noisySphere,
      strategy: try CMAES(mean: [Double](repeating: 2, count: 6), sigma: 1, seed: 7,
                          options: CMAESOptions(tolFacUpX: .greatestFiniteMagnitude)),
      options: MinimizeOptions(
        termination: Termination(maxEvaluations: 20_000),
        noise: .uncertainty(try UncertaintyHandling(maxEvaluations: 10))))
    #expect(result.recommendation == .distributionMean)
    #expect(result.recommendedX.allSatisfy { abs($0) < 1e-3 }, "\(result.recommendedX)")
  }

  /// NaturalGradientView.md: the three examples of "The score-function gradient",
  /// "Update geometry" and "The Fisher information as a metric", which share their values.
  @Test func scoreFunctionGeometryAndFisherExamples() throws {
    let p = try DiagonalGaussian(mean: [1, -1], sigmas: [0.5, 0.5])
    var rng = RandomStreams(seed: 1).generator(generation: 0, index: 0)
    let xs = try p.sample(count: 20_000, using: &rng)                       // xᵢ ∼ p_θ, one per row
    let f = try (0..<xs.rows).map { i in try xs.row(i).reduce(0) { $0 + $1 * $1 } }  // f(x) = ‖x‖²
    let estimator = try ScoreFunctionEstimator(distribution: p, samples: xs)
    let g = try estimator.gradient(f, baseline: .mean)                      // ≈ ∇θ J

    // J(θ) = ‖m‖² + σ₁² + σ₂² with θ = (m, log σ): ∇θ J = (2m, 2σ²) = (2, −2, 0.5, 0.5).
    let exactGradient = [2.0, -2.0, 0.5, 0.5]
    for k in 0..<4 { #expect(abs(g[k] - exactGradient[k]) < 0.1, "g = \(g)") }

    let plain = try Geometry.euclidean.direction(g, estimator: estimator, fitness: f)      // I⁻¹ g
    let natural = try Geometry.natural.direction(g, estimator: estimator, fitness: f)      // F⁻¹ g
    let newton = try Geometry.newton.direction(g, estimator: estimator, fitness: f, damping: 1e-4)  // H⁻¹ g

    #expect(plain.direction == g && plain.geometry == .euclidean)
    // F · (F⁻¹ g) = g.
    let back = try p.fisherInformation().multiply(natural.direction)
    for k in 0..<4 { #expect(abs(back[k] - g[k]) <= 1e-12 * max(1, abs(g[k]))) }
    // H = diag(2, 2, 4σ₁², 4σ₂²) = diag(2, 2, 1, 1): H⁻¹ ∇J = (1, −1, 0.5, 0.5), and a
    // full Newton step takes the mean to the minimizer 0.
    #expect(newton.geometry == .newton)
    let exactNewton = [1.0, -1.0, 0.5, 0.5]
    // The second-order score estimate of H is far noisier than that of ∇J: at N = 20 000 it is
    // within 0.6 of the limit per coordinate, and a descent direction.
    for k in 0..<4 { #expect(abs(newton.direction[k] - exactNewton[k]) < 0.6, "H⁻¹g = \(newton.direction)") }
    #expect(try dot(newton.direction, g) > 0)

    let fisher = try p.fisherInformation()                      // F(θ), closed form
    let empirical = try estimator.empiricalFisher()             // (1/N) Σ sᵢsᵢᵀ
    let delta = [0.01, -0.02, 0.01, 0.005]
    let kl = try p.kullbackLeibler(to: p.moved(by: delta))      // KL(p_θ ‖ p_{θ+δθ})
    let quadratic = try 0.5 * dot(delta, fisher.multiply(delta))  // ½ δθᵀ F δθ

    // F = diag(1/σ₁², 1/σ₂², 2, 2) = diag(4, 4, 2, 2), and the empirical Fisher is close to it.
    let expected = try Matrix.diagonal([4, 4, 2, 2])
    #expect(zip(fisher.elements, expected.elements).allSatisfy { abs($0 - $1) < 1e-12 })
    for i in 0..<4 {
      for j in 0..<4 { #expect(abs(empirical[i, j] - fisher[i, j]) < 0.1 * fisher[i, i].squareRoot() * fisher[j, j].squareRoot()) }
    }
    #expect(abs(kl / quadratic - 1) < 0.05, "KL = \(kl), ½δᵀFδ = \(quadratic)")

    // The identities the article derives, on the same samples: E[s] = 0 and −E[∇² log p] = F.
    let scores = try p.scores(xs)
    var hessianMean = try Matrix(rows: 4, columns: 4)
    for i in 0..<xs.rows { hessianMean = try hessianMean + (1 / Double(xs.rows)) * p.logDensityHessian(xs.row(i)) }
    for k in 0..<4 {
      let meanScore = try scores.column(k).reduce(0, +) / Double(xs.rows)
      #expect(abs(meanScore) < 0.05 * fisher[k, k].squareRoot(), "E[s_\(k)] = \(meanScore)")
      #expect(abs(-hessianMean[k, k] - fisher[k, k]) < 0.05 * fisher[k, k])
    }
  }

  /// NaturalGradientView.md, "The Gaussian mean update" (the code of docs/natural-gradient.md).
  @Test func gaussianMeanUpdateExample() throws {
    let p = try GaussianMean(mean: [3, -2], sigma: 0.1)
    var rng = RandomStreams(seed: 1).generator(generation: 0, index: 0)
    let xs = try p.sample(count: 100, using: &rng)
    let f = try (0..<xs.rows).map { i in try xs.row(i).reduce(0) { $0 + $1 * $1 } }
    let est = try ScoreFunctionEstimator(distribution: p, samples: xs)
    let g = try est.gradient(f, baseline: .mean)          // Σ⁻¹ E[(f − f̄)(x − m)]
    let step = try p.naturalGradient(g)                   // E[(f − f̄)(x − m)]
    let next = try p.moved(by: step.map { -0.5 * $0 })

    // The natural gradient is the sample mean of (fᵢ − f̄)(xᵢ − m), with no Σ in it.
    let fBar = f.reduce(0, +) / Double(f.count)
    for k in 0..<2 {
      let direct = (0..<xs.rows).reduce(0.0) { $0 + (f[$1] - fBar) * (xs[$1, k] - p.mean[k]) } / Double(xs.rows)
      #expect(abs(step[k] - direct) <= 1e-12 * max(1, abs(direct)))
    }
    // ≈ σ² ∇f(m) = 0.01 · (6, −4): half a step moves the mean by about (−0.03, 0.02).
    #expect(abs(next.mean[0] - (3 - 0.03)) < 0.01 && abs(next.mean[1] - (-2 + 0.02)) < 0.01, "\(next.mean)")
  }

  /// NaturalGradientView.md, "The whole loop".
  @Test func wholeLoopExample() async throws {
    let ng = try NaturalGradient(mean: [2, 2, 2, 2], sigma: 1, seed: 1, family: .diagonal, geometry: .natural)
    let r = try await minimize(
      try ClassicProblem.ellipsoid.problem(dimension: 4), strategy: ng,
      options: MinimizeOptions(termination: Termination(maxEvaluations: 20_000, targetValue: 1e-8)))

    #expect(r.stopReason == .targetValue)
    #expect(r.bestF <= 1e-8)
  }
}
