import Foundation
import Testing
@testable import Fisher

/// Injected solutions in CMA-ES, as pycma's `inject` defines them.
@Suite struct CMAESInjectionTests {
  static func sphere(_ x: [Double]) -> Double { x.reduce(0) { $0 + $1 * $1 } }

  /// A CMA-ES a few generations in, so that C is no longer a multiple of I.
  static func advanced(_ representation: CMAESOptions.CovarianceRepresentation) throws -> CMAES {
    try advanced(CMAES(mean: [1, -2, 0.5, 3], sigma: 0.8, seed: 11, options: CMAESOptions(covariance: representation)))
  }

  /// `strategy` after six generations on a separable ellipsoid.
  static func advanced<S: Strategy>(_ strategy: S) throws -> S {
    var s = strategy
    for _ in 0..<6 {
      let p = s.ask()
      try s.tell(p, fitness: (0..<p.count).map { i in
        let x = p[i]
        return x[0] * x[0] + 30 * x[1] * x[1] + x[2] * x[2] + 5 * x[3] * x[3]
      })
    }
    return s
  }

  @Test(arguments: [CMAESOptions.CovarianceRepresentation.eigendecomposition, .cholesky])
  func injectedSolutionsComeFirstAndKeepOrShortenTheirStep(representation: CMAESOptions.CovarianceRepresentation) throws {
    var s = try Self.advanced(representation)
    let plain = s.ask()
    let mean = s.mean
    let near = zip(mean, [0.01, -0.02, 0.015, 0.0]).map { $0 + $1 }
    let far = mean.map { $0 + 50 }
    try s.inject([near, far])
    let p = s.ask()
    #expect(p.injected == 2)
    // A short step is kept exactly; the other candidates are the usual draws.
    for j in 0..<4 { #expect(abs(p[0][j] - near[j]) < 1e-12) }
    for k in 2..<p.count { #expect(p[k] == plain[k]) }
    // A long step keeps its direction and gets the length of the draw it replaces:
    // ‖u‖ = ‖z₁‖ with x = m + σ B (D ∘ u) (or m + σ A u).
    let drawn = (0..<4).map { plain.directions[1, $0] }
    let u = (0..<4).map { p.directions[1, $0] }
    let norm = { (v: [Double]) in v.reduce(0) { $0 + $1 * $1 }.squareRoot() }
    #expect(abs(norm(u) - norm(drawn)) < 1e-12 * norm(drawn))
    let step = (0..<4).map { p[1][$0] - mean[$0] }
    let ratio = step[0] / 50
    #expect(ratio > 0 && ratio < 1)
    for j in 0..<4 { #expect(abs(step[j] - 50 * ratio) < 1e-9) }
    // Every direction reproduces its candidate.
    let c = s.covarianceMatrix
    for k in 0..<2 {
      let y = (0..<4).map { (p[k][$0] - mean[$0]) / s.stepSize }
      let z = (0..<4).map { p.directions[k, $0] }
      // yᵀ C⁻¹ y = ‖z‖²
      let solved = try LUDecomposition(c).solve(y)
      let q = zip(y, solved).reduce(0) { $0 + $1.0 * $1.1 }
      #expect(abs(q - norm(z) * norm(z)) < 1e-8 * (1 + q))
    }
    // Told, the injections are used up.
    try s.tell(p, fitness: (0..<p.count).map { Self.sphere(p[$0]) })
    #expect(s.injectedSteps.isEmpty)
    #expect(s.ask().injected == 0)
  }

  /// An injected candidate ranked last gets no negative weight: C differs from
  /// the update that counts it by exactly its active rank-one term.
  @Test(arguments: [CMAESOptions.CovarianceRepresentation.eigendecomposition, .cholesky])
  func injectedCandidatesTakeNoPartInTheActiveUpdate(representation: CMAESOptions.CovarianceRepresentation) throws {
    var s = try Self.advanced(representation)
    try s.inject([s.mean.map { $0 + 0.05 }])
    let p = s.ask()
    var fitness = (0..<p.count).map { Self.sphere(p[$0]) }
    fitness[0] = 1e9  // worst
    var withInjection = s
    try withInjection.tell(p, fitness: fitness)
    var counted = s
    var q = p
    q.injected = 0
    try counted.tell(q, fitness: fitness)
    let y = (0..<4).map { (p[0][$0] - s.mean[$0]) / s.stepSize }
    let d = (0..<16).map { withInjection.covarianceMatrix.elements[$0] - counted.covarianceMatrix.elements[$0] }
    // d = α y yᵀ with α > 0 (the removed term had a negative weight).
    let alpha = d[0] / (y[0] * y[0])
    #expect(alpha > 0)
    for i in 0..<4 {
      for j in 0..<4 { #expect(abs(d[i * 4 + j] - alpha * y[i] * y[j]) < 1e-10 * (1 + abs(alpha))) }
    }
    #expect(withInjection.mean == counted.mean)
  }

  @Test func injectionsSurviveACheckpointAndBadInputIsRefused() throws {
    var s = try Self.advanced(.eigendecomposition)
    try s.inject([[0, 0, 0, 0], [1, 1, 1, 1], [2, 2, 2, 2]])
    let data = try JSONEncoder().encode(s)
    let back = try JSONDecoder().decode(CMAES.self, from: data)
    #expect(back == s && back.ask() == s.ask())
    #expect(throws: FisherError.self) { try s.inject([[0, 0, 0]]) }
    #expect(throws: FisherError.self) { try s.inject([[0, .nan, 0, 0]]) }
    #expect(s.injectedSteps.count == 3)
  }

  /// sep-CMA-ES injects as CMA-ES does, in its diagonal metric ‖(x − m)/(σ√c)‖;
  /// its injections survive a checkpoint and take no negative weight.
  @Test func sepCMAESInjectsInItsDiagonalMetric() throws {
    var s = try Self.advanced(SeparableCMAES(mean: [1, -2, 0.5, 3], sigma: 0.8, seed: 11))
    let plain = s.ask()
    let mean = s.mean
    let near = zip(mean, [0.01, -0.002, 0.015, 0.0]).map { $0 + $1 }
    let far = mean.map { $0 + 50 }
    try s.inject([near, far])
    let p = s.ask()
    #expect(p.injected == 2)
    for j in 0..<4 { #expect(abs(p[0][j] - near[j]) < 1e-12) }
    for k in 2..<p.count { #expect(p[k] == plain[k]) }
    let norm = { (v: [Double]) in v.reduce(0) { $0 + $1 * $1 }.squareRoot() }
    let drawn = (0..<4).map { plain.directions[1, $0] }
    let u = (0..<4).map { p.directions[1, $0] }
    #expect(abs(norm(u) - norm(drawn)) < 1e-12 * norm(drawn))
    // Each direction reproduces its candidate: x = m + σ √c ∘ z.
    for k in 0..<2 {
      for j in 0..<4 {
        let x = mean[j] + s.stepSize * s.variances[j].squareRoot() * p.directions[k, j]
        #expect(abs(x - p[k][j]) < 1e-9 * (1 + abs(x)))
      }
    }
    let back = try JSONDecoder().decode(SeparableCMAES.self, from: try JSONEncoder().encode(s))
    #expect(back == s && back.ask() == p)
    // Ranked worst, the near injection takes no negative weight: the variances
    // differ from the update that counts it.
    var fitness = (0..<p.count).map { Self.sphere(p[$0]) }
    fitness[0] = 1e9
    var withInjection = s
    try withInjection.tell(p, fitness: fitness)
    var counted = s
    var q = p
    q.injected = 0
    try counted.tell(q, fitness: fitness)
    #expect(zip(withInjection.variances, counted.variances).allSatisfy { $0 >= $1 } && withInjection.variances != counted.variances)
    #expect(withInjection.injectedSteps.isEmpty)
    #expect(throws: FisherError.self) { try s.inject([[0, 0, 0]]) }
  }
}
