import Testing
@testable import Fisher

@Suite struct UncertaintyHandlingTests {
  /// Re-evaluation choice, noise measure, step-size factor and evaluation
  /// count over four generations equal pycma's `NoiseHandler` on the same
  /// fitness lists (UncertaintyHandlingReference.swift).
  @Test func equalsPycmaNoiseHandler() throws {
    for (c, reference) in uncertaintyHandlingReference.enumerated() {
      var handling = try UncertaintyHandling(maxEvaluations: reference.maxEvaluations)
      for (g, step) in reference.steps.enumerated() {
        let indices = handling.reevaluationIndices(fitness: step.fitness, uniform: step.uniform)
        #expect(indices == step.indices, "case \(c) generation \(g)")
        handling.measure(fitness: step.fitness, refitness: step.refitness, indices: step.indices)
        #expect(abs(handling.noiseMeasure - step.noiseMeasure) <= 1e-12 * max(1, abs(step.noiseMeasure)),
                "case \(c) generation \(g): s = \(handling.noiseMeasure), pycma \(step.noiseMeasure)")
        let factor = handling.treat(dimension: reference.dimension)
        #expect(abs(factor - step.sigmaFactor) <= 1e-15, "case \(c) generation \(g)")
        #expect(abs(handling.evaluations - step.evaluations) <= 1e-12, "case \(c) generation \(g)")
      }
    }
  }

  /// Identical first and second values never count as noise: the measure
  /// falls below zero and σ is left alone.
  @Test func noiselessValuesGiveANegativeMeasure() throws {
    var handling = try UncertaintyHandling()
    let fitness = (0..<12).map { Double(($0 * 7) % 12) }
    for _ in 0..<5 {
      handling.measure(fitness: fitness, refitness: fitness, indices: [0, 1, 5])
      #expect(handling.treat(dimension: 4) == 1)
    }
    #expect(handling.noiseMeasure < 0)
  }

  /// Re-evaluated values that land at the opposite end of the ranking are noise.
  @Test func reversedRanksGiveAPositiveMeasure() throws {
    var handling = try UncertaintyHandling(maxEvaluations: 4)
    let fitness = (0..<12).map(Double.init)
    var refitness = fitness
    refitness[0] = 20
    refitness[1] = 19
    refitness[11] = -1
    handling.measure(fitness: fitness, refitness: refitness, indices: [0, 1, 11])
    #expect(handling.noiseMeasure > 0)
    #expect(handling.treat(dimension: 10) == 1.1)
    #expect(handling.evaluations == 1.1)
  }

  @Test func invalidParametersThrow() {
    #expect(throws: FisherError.self) { try UncertaintyHandling(maxEvaluations: 0) }
    #expect(throws: FisherError.self) { try UncertaintyHandling(maxEvaluations: 1_000_000) }
    #expect(throws: FisherError.self) { try UncertaintyHandling(minEvaluations: 3, maxEvaluations: 2) }
    #expect(throws: FisherError.self) { try UncertaintyHandling(reevaluations: 0) }
    #expect(throws: FisherError.self) { try UncertaintyHandling(reevaluations: .nan) }
    #expect(throws: FisherError.self) { try UncertaintyHandling(theta: 0) }
    #expect(throws: FisherError.self) { try UncertaintyHandling(cumulation: 1.5) }
    #expect(throws: FisherError.self) { try UncertaintyHandling(sigmaFactor: 0.5) }
    #expect(throws: FisherError.self) { try Resampling(count: 0) }
    #expect(throws: FisherError.self) { try Resampling(count: -3) }
    #expect(throws: FisherError.self) { try Resampling(count: Resampling.maximumCount + 1) }
  }

  @Test func aggregatesLeaveFailuresOut() {
    #expect(Resampling.Aggregate.mean.apply([1, 2, .infinity, 6]) == 3)
    #expect(Resampling.Aggregate.median.apply([5, 1, .infinity, 3]) == 3)
    #expect(Resampling.Aggregate.median.apply([4, 1, 3, 2]) == 2.5)
    #expect(Resampling.Aggregate.mean.apply([.infinity, .infinity]) == .infinity)
    #expect(Resampling.Aggregate.median.apply([Double]()) == .infinity)
  }
}
