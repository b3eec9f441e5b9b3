import Foundation
import Testing
@testable import Fisher

@Suite struct XNESTests {
  /// Two xNES steps in n = 2, λ = 4 from μ = (1, −0.5), σ = 0.3, B = I, with fixed
  /// directions and fitness (the second generation has a failed evaluation).
  /// Reference values from a direct numpy transcription of Wierstra et al.
  /// (JMLR 2014) Algorithm 5, with utilities `max(0, ln(λ/2+1) − ln k)/Σ − 1/λ`,
  /// η = 3(3 + ln 2)/(5·2·√2) and exp(η/2·G_B) by scaling-and-squaring with a
  /// 30-term Taylor series (independent of the eigendecomposition used here).
  @Test func twoStepsMatchHandComputation() throws {
    var s = try XNES(mean: [1, -0.5], sigma: 0.3, populationSize: 4, seed: 1)
    #expect(abs(s.sigmaLearningRate - 3 * (3 + log(2.0)) / (10 * 2.0.squareRoot())) < 1e-16)
    let steps: [([[Double]], [Double])] = [
      ([[0.5, -1.0], [1.5, 0.2], [-0.3, 0.8], [-1.2, -0.7]], [2.0, 0.5, 3.0, 1.0]),
      ([[0.1, 0.9], [-0.8, -0.4], [1.1, -1.3], [0.6, 0.05]], [4.0, .infinity, 1.0, 2.0]),
    ]
    let expected: [(mean: [Double], sigma: Double, shape: [Double])] = [
      ([1.19414239535044, -0.46028586821652007], 0.3402600764399119,
       [1.3269954467294698, 0.13749912840432074, 0.13749912840432074, 0.7678293191006471]),
      ([1.4820549556943579, -0.6223971882290752], 0.41349807451899484,
       [1.3102974133185628, -0.26859577763738557, -0.1008679726287029, 0.7838622751651599]),
    ]
    for (g, (z, f)) in steps.enumerated() {
      let directions = try Matrix(z)
      var x = try directions.multiply(s.shape.transposed)
      for k in 0..<4 { for j in 0..<2 { x[k, j] = s.mean[j] + s.stepSize * x[k, j] } }
      try s.tell(Population(generation: g, candidates: x, directions: directions), fitness: f)
      #expect(isClose(s.mean, expected[g].mean, tolerance: 1e-14))
      #expect(abs(s.stepSize - expected[g].sigma) < 1e-14)
      #expect(isClose(s.shape.elements, expected[g].shape, tolerance: 1e-13))
      // det B stays 1 because tr G_B = 0.
      let b = s.shape
      #expect(abs(b[0, 0] * b[1, 1] - b[0, 1] * b[1, 0] - 1) < 1e-14)
    }
    // The next candidates are μ + σ B z for the drawn z.
    let p = s.ask()
    for k in 0..<p.count {
      let bz = try s.shape.multiply(try p.directions.row(k))
      #expect(isClose(p[k], (0..<2).map { s.mean[$0] + s.stepSize * bz[$0] }, tolerance: 1e-15))
    }
  }

  @Test func defaults() throws {
    let s = try XNES(mean: [Double](repeating: 0, count: 10), sigma: 1, seed: 1)
    #expect(s.populationSize == 4 + Int(3 * log(10.0)))  // 10
    let eta = 3 * (3 + log(10.0)) / (5 * 10 * 10.0.squareRoot())
    #expect(s.sigmaLearningRate == eta && s.shapeLearningRate == eta && s.meanLearningRate == 1)
    #expect(try s.shape == .identity(10) && s.conditionNumber == 1)
  }

  /// xNES reaches f < 10⁻¹⁴ on functions it is known to solve (JMLR 2014, Fig. 6):
  /// sphere and the 10⁶-conditioned ellipsoid at n = 6 from x₀ = 1, σ₀ = 0.5, and
  /// Rosenbrock at n = 5 from x₀ = 0. Three seeds each; all stop by `tolx`.
  @Test(arguments: [ClassicProblem.sphere, .ellipsoid, .rosenbrock])
  func converges(problem: ClassicProblem) throws {
    let n = problem == .rosenbrock ? 5 : 6
    for seed in UInt64(1)...3 {
      let x0 = [Double](repeating: problem == .rosenbrock ? 0 : 1, count: n)
      var s = try XNES(mean: x0, sigma: 0.5, seed: seed)
      try StrategyChecks.run(&s, problem.value, maxGenerations: 4000)
      #expect(s.stopReason == .strategy("tolx"))
      #expect(problem.value(s.mean) < 1e-14, "seed \(seed): f = \(problem.value(s.mean))")
      if problem == .ellipsoid {
        // The learned covariance follows the inverse Hessian: condition ≈ 10⁶.
        #expect(s.conditionNumber > 1e5 && s.conditionNumber < 1e7)
      }
    }
  }

  @Test func sharedChecks() throws {
    let make = { (seed: UInt64) in try XNES(mean: [1, 2, 3], sigma: 0.5, seed: seed) }
    try StrategyChecks.askIsDeterministic(make)
    try StrategyChecks.codableResumesBitIdentically(try make(3), ClassicProblem.rosenbrock.value)
    try StrategyChecks.tellRejectsBadInput(try make(4))
    try StrategyChecks.failuresAreRankedWorst(try make(5))
    try StrategyChecks.malformedCheckpointThrows(try make(6))
    StrategyChecks.initializerValidates { try XNES(mean: $0, sigma: $1, populationSize: $2, seed: 1) }
    #expect(throws: FisherError.self) { try XNES(mean: [1], sigma: 1, seed: 1, options: .init(sigmaLearningRate: -1)) }
    #expect(throws: FisherError.self) { try XNES(mean: [1], sigma: 1, seed: 1, options: .init(meanLearningRate: .nan)) }
  }

  @Test func tellRejectsTamperedDirections() throws {
    var s = try XNES(mean: [1, 2], sigma: 0.5, seed: 1)
    let p = s.ask()
    let f = (0..<p.count).map { ClassicProblem.sphere.value(p[$0]) }
    var bad = p
    bad.directions = try Matrix(rows: p.count, columns: 3)
    #expect(throws: FisherError.self) { try s.tell(bad, fitness: f) }
    bad = p
    bad.directions[0, 0] = .nan
    #expect(throws: FisherError.self) { try s.tell(bad, fitness: f) }
    #expect(s.generation == 0)
  }

  /// The step size is saved under the checkpoint key `sigma` (as before it was
  /// named `stepSize`), for xNES and OpenAI-ES, and read back from it.
  @Test func stepSizeKeepsItsCheckpointKey() throws {
    func keys(_ data: Data) throws -> Set<String> {
      Set(try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any]).keys)
    }
    let x = try XNES(mean: [1, 2], sigma: 0.25, seed: 1)
    let xd = try JSONEncoder().encode(x)
    #expect(try keys(xd).contains("sigma") && !keys(xd).contains("stepSize"))
    #expect(try JSONDecoder().decode(XNES.self, from: xd).stepSize == 0.25)
    let o = try OpenAIES(mean: [1, 2], sigma: 0.5, seed: 1)
    let od = try JSONEncoder().encode(o)
    #expect(try keys(od).contains("sigma") && !keys(od).contains("stepSize"))
    #expect(try JSONDecoder().decode(OpenAIES.self, from: od).stepSize == 0.5)
  }
}
