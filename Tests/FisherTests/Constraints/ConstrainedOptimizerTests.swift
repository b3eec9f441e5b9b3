import Foundation
import Testing
@testable import Fisher

/// The sphere under the linear constraint x₀ ≥ 1 (g = 1 − x₀ ≤ 0): the optimum
/// is x* = (1, 0, …, 0) with f* = 1, on the constraint's boundary, where the
/// unconstrained optimum is infeasible.
private let boundarySphere = try! ConstrainedObjective(
  constraintCount: 1, value: { x in x.reduce(0) { $0 + $1 * $1 } }, constraints: { x in [1 - x[0]] })

/// The same problem with a second, inactive constraint and one that is never
/// satisfied (g₃ = 1): nothing is feasible.
private let infeasibleSphere = try! ConstrainedObjective(
  constraintCount: 2, value: { x in x.reduce(0) { $0 + $1 * $1 } }, constraints: { x in [1 - x[0], 1] })

@Suite struct ConstrainedOptimizerTests {
  static func distanceToOptimum(_ x: [Double]) -> Double {
    var d = (x[0] - 1) * (x[0] - 1)
    for v in x.dropFirst() { d += v * v }
    return d.squareRoot()
  }

  @Test(arguments: [ConstraintMethod.augmentedLagrangian, .feasibilityRanking])
  func cmaESFindsTheOptimumOnTheBoundary(method: ConstraintMethod) async throws {
    let s = try CMAES(mean: [3, 3, 3, 3, 3], sigma: 1, seed: 21)
    let r = try await minimize(
      boundarySphere, strategy: s,
      options: .init(termination: .init(maxEvaluations: 8_000), constraintMethod: method))
    #expect(r.feasible == true)
    let x = try #require(r.bestFeasibleX)
    let f = try #require(r.bestFeasibleF)
    #expect(x[0] >= 1, "the reported point is feasible")
    // The augmented Lagrangian converges linearly to the boundary optimum;
    // Deb's ranking stalls near it (its penalty is not smooth), hence the
    // looser tolerance.
    let tolerance = method == .augmentedLagrangian ? 1e-6 : 1e-2
    #expect(f - 1 < 2 * tolerance, "f = \(f)")
    #expect(Self.distanceToOptimum(x) < tolerance, "x = \(x)")
    #expect(r.bestF == f && r.bestX == x, "with a feasible point, the best by Deb's rules is the best feasible")
    #expect(r.bestMaxViolation == 0)
  }

  @Test func otherStrategiesWorkWithTheRanking() async throws {
    func check<S: Strategy>(_ s: S) async throws {
      let r = try await minimize(
        boundarySphere, strategy: s,
        options: .init(termination: .init(maxEvaluations: 6_000), constraintMethod: .feasibilityRanking))
      let f = try #require(r.bestFeasibleF)
      #expect(f < 1.05, "\(S.self): f = \(f)")
      #expect(try #require(r.bestFeasibleX)[0] >= 1)
    }
    try await check(try SNES(mean: [3, 3, 3], sigma: 1, seed: 2))
    try await check(try XNES(mean: [3, 3, 3], sigma: 1, seed: 2))
    try await check(try CrossEntropyMethod(mean: [3, 3, 3], sigma: 1, seed: 2))
  }

  @Test func noFeasiblePointIsReportedHonestly() async throws {
    let s = try CMAES(mean: [3, 3], sigma: 1, seed: 4)
    let r = try await minimize(
      infeasibleSphere, strategy: s, options: .init(termination: .init(maxEvaluations: 600)))
    #expect(r.feasible == false)
    #expect(r.bestFeasibleX == nil && r.bestFeasibleF == nil)
    // The least violation possible is 1 (g₂ = 1 everywhere), reached when x₀ ≥ 1.
    #expect(r.bestMaxViolation == 1)
    #expect(try #require(r.bestConstraints)[1] == 1)
  }

  @Test func resultsDoNotDependOnTheThreadCount() async throws {
    var results: [OptimizationResult] = []
    for threads in [1, 2, 3] {
      let s = try CMAES(mean: [2, 2, 2, 2], sigma: 1, seed: 8)
      results.append(try await minimize(
        boundarySphere, strategy: s,
        options: .init(termination: .init(maxGenerations: 60), threads: threads)))
    }
    #expect(results.allSatisfy { $0 == results[0] })
  }

  @Test func aCheckpointResumesBitIdentically() async throws {
    let s = try CMAES(mean: [2, 2, 2, 2], sigma: 1, seed: 9)
    let handling = try ConstraintHandling(.augmentedLagrangian, dimension: 4, constraintCount: 1)
    let termination = Termination(maxGenerations: 50)
    var whole = try Optimizer(strategy: s, termination: termination, constraints: handling)
    while whole.stopReason == nil { try await whole.step(boundarySphere) }

    var first = try Optimizer(strategy: s, termination: termination, constraints: handling)
    for _ in 0..<20 { try await first.step(boundarySphere) }
    let data = try JSONEncoder().encode(first)
    var second = try JSONDecoder().decode(Optimizer<CMAES>.self, from: data)
    #expect(second.constraintHandling == first.constraintHandling)
    while second.stopReason == nil { try await second.step(boundarySphere, threads: 2) }
    #expect(second.result == whole.result)
    #expect(second.strategy.mean == whole.strategy.mean)
    #expect(second.constraintHandling == whole.constraintHandling)
  }

  @Test func tellsWithMissingOrMisshapenConstraintsChangeNothing() throws {
    let s = try CMAES(mean: [1, 1], sigma: 0.5, seed: 3)
    let handling = try ConstraintHandling(.feasibilityRanking, dimension: 2, constraintCount: 2)
    var run = try Optimizer(strategy: s, constraints: handling)
    let request = run.request()
    let outcomes = request.points.map { EvaluationOutcome.value($0[0] + $0[1]) }
    let good = request.points.map { [$0[0], -1.0] }
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    let before = try encoder.encode(run)
    #expect(throws: FisherError.self) { try run.tell(request, outcomes: outcomes) }
    #expect(throws: FisherError.self) { try run.tell(request, outcomes: outcomes, constraints: Array(good.dropLast())) }
    var short = good
    short[2] = [0]
    #expect(throws: FisherError.self) { try run.tell(request, outcomes: outcomes, constraints: short) }
    #expect(try encoder.encode(run) == before)

    // A run without constraints refuses constraint values.
    var plain = try Optimizer(strategy: s)
    #expect(throws: FisherError.self) { try plain.tell(plain.request(), outcomes: outcomes, constraints: good) }

    // NaN or infinite constraint values make those evaluations failures.
    var bad = good
    bad[0] = [.nan, 0]
    bad[1] = [0, .infinity]
    try run.tell(request, outcomes: outcomes, constraints: bad)
    #expect(run.failedEvaluations == 2)
    #expect(run.evaluations == request.count)
    #expect(run.lastFailure?.contains("constraint") == true)
  }

  @Test func constraintsRefuseNoiseHandlingAndTheMeanRecommendation() throws {
    let s = try CMAES(mean: [1, 1], sigma: 0.5, seed: 3)
    let handling = try ConstraintHandling(.augmentedLagrangian, dimension: 2, constraintCount: 1)
    #expect(throws: FisherError.self) {
      try Optimizer(strategy: s, noise: .resampling(Resampling(count: 2)), constraints: handling)
    }
    #expect(throws: FisherError.self) {
      try Optimizer(strategy: s, recommendation: .distributionMean, constraints: handling)
    }
  }

  @Test func aStepWithTheWrongConstraintCountThrows() async throws {
    let s = try CMAES(mean: [1, 1], sigma: 0.5, seed: 3)
    var run = try Optimizer(
      strategy: s, constraints: try ConstraintHandling(.augmentedLagrangian, dimension: 2, constraintCount: 3))
    await #expect(throws: FisherError.self) { try await run.step(boundarySphere) }
    #expect(run.evaluations == 0)
  }

  /// A target counts only when a feasible point reaches it.
  @Test func targetsAreHitByFeasiblePointsOnly() async throws {
    let s = try CMAES(mean: [3, 3, 3], sigma: 1, seed: 5)
    let r = try await minimize(
      boundarySphere, strategy: s,
      options: .init(termination: .init(maxEvaluations: 5_000, targetPrecision: 1e-8), optimalValue: 1))
    let hit = try #require(r.targetHitAt)
    #expect(r.stopReason == .targetPrecision)
    #expect(r.evaluations == hit || r.evaluations < hit + 20)
    #expect(try #require(r.bestFeasibleF) - 1 <= 1e-8)
  }
}
