import Foundation
import Testing
@testable import Fisher

@Suite struct SeparableCMAESTests {
  /// One tell of the fixed population of ``CMAESUpdateTests`` against a direct
  /// numpy transcription of the diagonal update with pycma's separable rates
  /// (section 3 of `Benchmarks/peers/cmaes_reference_values.py`). Same formulas
  /// in double precision on O(1) values: 1e-12 absolute.
  @Test func firstTellMatchesReference() throws {
    var es = try SeparableCMAES(mean: CMAESUpdateTests.m0, sigma: CMAESUpdateTests.sigma0, populationSize: 7, seed: 3)
    let x1 = CMAESUpdateTests.z1.map { z in (0..<3).map { CMAESUpdateTests.m0[$0] + CMAESUpdateTests.sigma0 * z[$0] } }
    let p = Population(generation: 0, candidates: try Matrix(x1), directions: try Matrix(CMAESUpdateTests.z1))
    try es.tell(p, fitness: CMAESUpdateTests.f1)
    CMAESUpdateTests.expectClose(es.mean, [1.117186268136455, -1.8889564171011521, 0.42276089572471204], "mean")
    CMAESUpdateTests.expectClose(es.sigmaPath, [0.5079740966206796, 0.48134704351949803, -0.33481281418009645], "ps")
    CMAESUpdateTests.expectClose(es.covariancePath, [0.5334611511376958, 0.5054981142559789, -0.35161168739975956], "pc")
    CMAESUpdateTests.expectClose(es.variances, [0.9330958403638906, 0.8416910016709258, 0.7177017782130609], "c")
    #expect(abs(es.stepSize - 0.2527745963368769) < 1e-14)
  }

  /// The separable ellipsoid (condition 10⁶) in 30-D is what the diagonal model
  /// is for: it must reach 1e-8 (about 1.2e4 evaluations are typical; the
  /// budget is 3× that), and its variances must learn the scaling: the ratio
  /// c₁/c₃₀ approaches 10⁶ (here checked to be above 10⁴).
  @Test func solvesTheSeparableEllipsoid() throws {
    var es = try SeparableCMAES(mean: [Double](repeating: 1, count: 30), sigma: 0.5, seed: 1)
    let best = try CMAESBehaviorTests.run(&es, ClassicProblem.ellipsoid.value, target: 1e-8, maxGenerations: 3000)
    #expect(best <= 1e-8)
    #expect(es.variances[0] / es.variances[29] > 1e4)
  }

  @Test func codableRoundTripResumesBitIdentically() throws {
    var es = try SeparableCMAES(mean: [Double](repeating: 2, count: 8), sigma: 0.5, seed: 7)
    let f = ClassicProblem.ellipsoid.value
    for _ in 0..<20 { try es.tell(es.ask(), fitness: es.ask().candidates.rowArrays.map(f)) }
    var resumed = try JSONDecoder().decode(SeparableCMAES.self, from: JSONEncoder().encode(es))
    for _ in 0..<20 {
      let p = es.ask()
      #expect(resumed.ask() == p)
      let values = p.candidates.rowArrays.map(f)
      try es.tell(p, fitness: values)
      try resumed.tell(p, fitness: values)
    }
    #expect(resumed == es)
  }

  @Test func badInputThrowsAndKeepsState() throws {
    #expect(throws: FisherError.self) { try SeparableCMAES(mean: [1, .infinity], sigma: 1, seed: 1) }
    #expect(throws: FisherError.self) { try SeparableCMAES(mean: [1, 2], sigma: .nan, seed: 1) }
    var es = try SeparableCMAES(mean: [1, 2, 3], sigma: 1, seed: 1)
    let before = es
    let p = es.ask()
    var f = p.candidates.rowArrays.map(ClassicProblem.sphere.value)
    f[0] = .nan
    #expect(throws: FisherError.self) { try es.tell(p, fitness: f) }
    #expect(throws: FisherError.self) { try es.tell(p, fitness: [1]) }
    #expect(es == before)
    #expect(es.ask() == p)
  }

  @Test func tolfunFiresOnAFlatFunction() throws {
    var es = try SeparableCMAES(mean: [0, 0, 0], sigma: 1, seed: 2)
    try CMAESBehaviorTests.run(&es, { _ in 1 })
    #expect(es.stopReason == .strategy("tolfun"))
  }
}
