import Foundation
import Testing
@testable import Fisher

/// Where the driver evaluates (calling thread or child tasks) must never change
/// what a run computes; and the helpers that keep a generation cheap must agree
/// with their plain definitions.
@Suite struct EvaluationPlacementTests {
  /// Fails in three ways for points whose first coordinate is below −2, and
  /// optionally spins for a while so that the measured path goes parallel.
  static func objective(spinMicroseconds: Int) -> Objective {
    struct Boom: Error {}
    return { x in
      if spinMicroseconds > 0 {
        let end = ContinuousClock.now + .microseconds(spinMicroseconds)
        while ContinuousClock.now < end {}
      }
      if x[0] < -2.6 { throw Boom() }
      if x[0] < -2.3 { return .nan }
      if x[0] < -2 { return .infinity }
      return ClassicProblem.rastrigin.value(x)
    }
  }

  /// A whole CMA-ES run with bounds, failures and IPOP restarts; every report, and the result.
  static func run(
    threads: Int, placement: EvaluationPlacement, spinMicroseconds: Int = 0
  ) async throws -> (OptimizationResult, [GenerationReport]) {
    let spec = StrategySpecification(kind: .cmaES)
    let start = try spec.make(mean: [-1, 2, 0.5, 1.5], sigma: 1.5, seed: 17)
    var run = try Optimizer(
      strategy: start, termination: .init(maxEvaluations: 8000),
      bounds: try BoxBounds(lower: -3, upper: 3, dimension: 4), restarts: .ipop, seed: 3)
    run.evaluationPlacement = placement
    let reports = AppendLog<GenerationReport>()
    let result = try await resume(
      run, objective(spinMicroseconds: spinMicroseconds), threads: threads, restartFactory: spec.restartFactory(),
      observer: { reports.append($0) })
    return (result, reports.values)
  }

  @Test func placementAndThreadCountNeverChangeARun() async throws {
    let (reference, referenceReports) = try await Self.run(threads: 1, placement: .serial)
    #expect(reference.stopReason == .budget)
    #expect(reference.failedEvaluations > 0)
    #expect(reference.restarts > 0)
    #expect(referenceReports.count == reference.generations)
    for threads in [1, 2, 3, 7] {
      for placement in [EvaluationPlacement.measured, .serial, .parallel] {
        let (r, reports) = try await Self.run(threads: threads, placement: placement)
        #expect(r == reference, "threads \(threads), \(placement)")
        #expect(reports == referenceReports, "threads \(threads), \(placement)")
        #expect(r.bestX.map(\.bitPattern) == reference.bestX.map(\.bitPattern))
      }
    }
  }

  @Test func aSlowObjectiveGivesTheSameRun() async throws {
    // 5 µs per evaluation makes the measured path choose the child tasks at times.
    let (reference, referenceReports) = try await Self.run(threads: 1, placement: .serial)
    for threads in [2, 3] {
      let (r, reports) = try await Self.run(threads: threads, placement: .measured, spinMicroseconds: 5)
      #expect(r == reference)
      #expect(reports == referenceReports)
    }
  }

  @Test func evaluatorOutcomesAreSlotIndexedOnEveryPath() async throws {
    let points = (0..<23).map { i in [Double(i) / 4 - 3, Double(i % 5)] }
    let f = Self.objective(spinMicroseconds: 0)
    let expected = points.map { PopulationEvaluator.evaluateOne($0, 0) { x, _ in try f(x) } }
    #expect(expected.contains { if case .failed = $0 { return true } else { return false } })
    for threads in [1, 2, 3, 7, 40] {
      for placement in [EvaluationPlacement.measured, .serial, .parallel] {
        var e = try PopulationEvaluator(threads: threads)
        e.placement = placement
        #expect(await e.evaluate(points, f) == expected)
        #expect(await e.evaluateAndMeasure(points, f) == expected)
        #expect(await e.evaluateAndMeasure(points, f) == expected)
        #expect(await e.evaluateAndMeasure([], f) == [])
        // Each point is told its own evaluation index, wherever it runs.
        let indexed = await e.evaluateAndMeasure(points, firstIndex: 100) { x, k in x[0] * 1000 + Double(k) }
        #expect(indexed == points.enumerated().map { .value($1[0] * 1000 + Double(100 + $0)) })
      }
    }
  }

  @Test func measuringRecordsACost() async throws {
    var e = try PopulationEvaluator(threads: 2)
    #expect(e.cost.secondsPerEvaluation == nil)
    _ = await e.evaluateAndMeasure([[1, 2], [3, 4]], Self.objective(spinMicroseconds: 0))
    let t = try #require(e.cost.secondsPerEvaluation)
    #expect(t >= 0 && t.isFinite)
  }

  @Test func parallelOnlyWhenTheSavingExceedsTheOverhead() {
    // 10 evaluations of 10 µs on 2 tasks save 50 µs.
    var cost = EvaluationCost(secondsPerEvaluation: 10e-6, parallelOverhead: 40e-6)
    #expect(cost.parallelIsFaster(evaluations: 10, tasks: 2))
    #expect(!cost.parallelIsFaster(evaluations: 10, tasks: 1))
    #expect(!cost.parallelIsFaster(evaluations: 7, tasks: 2))
    // 4 tasks save 75 µs.
    cost = EvaluationCost(secondsPerEvaluation: 10e-6, parallelOverhead: 60e-6)
    #expect(!cost.parallelIsFaster(evaluations: 10, tasks: 2))
    #expect(cost.parallelIsFaster(evaluations: 10, tasks: 4))
    #expect(!EvaluationCost().parallelIsFaster(evaluations: 1000, tasks: 8))
  }

  @Test func costEstimatesFollowTheMeasurements() {
    var cost = EvaluationCost()
    cost.recordSerial(seconds: 1e-3, evaluations: 10)
    #expect(cost.secondsPerEvaluation == 1e-4)
    cost.recordSerial(seconds: 2e-3, evaluations: 10)
    #expect(abs(cost.secondsPerEvaluation! - (1e-4 + EvaluationCost.smoothing * 1e-4)) < 1e-15)
    cost.recordSerial(seconds: .nan, evaluations: 10)
    cost.recordSerial(seconds: 1, evaluations: 0)
    #expect(abs(cost.secondsPerEvaluation! - 1.25e-4) < 1e-15)

    // 8 evaluations keeping 2 tasks busy for 4 ms in total, in 2.5 ms of wall
    // time: 0.5 ms per evaluation, 0.5 ms of overhead.
    var p = EvaluationCost(parallelOverhead: 0)
    p.recordParallel(seconds: 2.5e-3, busySeconds: 4e-3, evaluations: 8, tasks: 2)
    #expect(p.secondsPerEvaluation == 5e-4)
    #expect(abs(p.parallelOverhead - EvaluationCost.smoothing * 5e-4) < 1e-15)
    // Wall time below the ideal share counts as no overhead.
    var q = EvaluationCost(parallelOverhead: 1e-3)
    q.recordParallel(seconds: 1e-3, busySeconds: 4e-3, evaluations: 8, tasks: 2)
    #expect(abs(q.parallelOverhead - (1e-3 - EvaluationCost.smoothing * 1e-3)) < 1e-15)
  }

  @Test func selectionMatchesSorting() {
    var rng = SystemRandomNumberGenerator()
    for count in [1, 2, 3, 4, 5, 8, 13, 50, 257] {
      for trial in 0..<20 {
        // Few distinct values on odd trials, to exercise runs of equal elements.
        let values: [Double] = (0..<count).map { _ in
          trial % 2 == 0 ? Double.random(in: -1e3...1e3, using: &rng) : Double(Int.random(in: 0...3, using: &rng))
        }
        let sorted = values.sorted()
        for rank in 0..<count {
          var scratch = values
          let selected = scratch.withUnsafeMutableBufferPointer { select($0, rank: rank) }
          #expect(selected == sorted[rank], "count \(count), rank \(rank), \(values)")
          #expect(scratch.sorted() == sorted)
        }
      }
    }
    let special: [Double] = [.infinity, 3, -.infinity, 3, 0, -0.0, 1e-300, -5]
    let reference = special.sorted()
    for rank in special.indices {
      var s = special
      #expect(s.withUnsafeMutableBufferPointer { select($0, rank: rank) } == reference[rank])
    }
  }

  @Test func fitnessSummaryMatchesItsDefinition() {
    var rng = SystemRandomNumberGenerator()
    let cases: [[Double]] = [
      [], [.infinity], [.infinity, .infinity], [2], [5, 1], [3, .infinity, 1, .infinity, 2],
      [4, 4, 4, 1], [-1, -.infinity, 7],
    ] + (0..<30).map { _ in
      (0..<Int.random(in: 1...40, using: &rng)).map { _ in
        Int.random(in: 0..<5, using: &rng) == 0 ? .infinity : Double.random(in: -10...10, using: &rng)
      }
    }
    for fitness in cases {
      let finite = fitness.filter(\.isFinite).sorted()
      let s = FitnessSummary(fitness)
      #expect(s.finiteCount == finite.count)
      #expect(s.best == (finite.first ?? .infinity))
      #expect(s.median == (finite.isEmpty ? .infinity : finite[finite.count / 2]))
    }
  }

  @Test func repairedRowsMatchRepair() throws {
    let bounds = try BoxBounds(lower: [-1, 0, -5, 2], upper: [1, 0.1, 5, 9])
    var rng = SystemRandomNumberGenerator()
    let rows = 7
    let elements = (0..<(rows * 4)).map { _ in Double.random(in: -20...20, using: &rng) }
    let m = try Matrix(rows: rows, columns: 4, elements: elements)
    for i in 0..<rows {
      #expect(try bounds.repairedRow(i, of: m) == bounds.repair(m.row(i)))
    }
  }

  @Test func anyStrategyMembersMatchTheWrappedStrategy() throws {
    for kind in StrategySpecification.Kind.allCases {
      var spec = StrategySpecification(kind: kind)
      // CatCMA needs a categorical variable: coordinates 1 and 2 as one with two categories.
      if kind == .catCMA { spec.catCMA.categories = [CategoricalBlock(index: 1, count: 2)] }
      var s = try spec.make(mean: [1, -2, 0.5], sigma: 0.7, seed: 4)
      for _ in 0..<3 {
        let base = s.base
        #expect(s.dimension == base.dimension)
        #expect(s.populationSize == base.populationSize)
        #expect(s.generation == base.generation)
        #expect(s.mean == base.mean)
        #expect(s.stepSize.bitPattern == base.stepSize.bitPattern)
        #expect(s.conditionNumber.bitPattern == base.conditionNumber.bitPattern)
        #expect(s.stopReason == base.stopReason)
        let p = s.ask()
        #expect(p == base.ask(), "\(kind)")
        try s.tell(p, fitness: (0..<p.count).map { ClassicProblem.ellipsoid.value(p[$0]) })
      }
      #expect(s.generation == 3)
    }
  }

  @Test func theCostIsNotPartOfACheckpoint() async throws {
    var run = try Optimizer(strategy: ShrinkingES(mean: [1, 2], sigma: 0.5, seed: 1), termination: .init(maxGenerations: 5))
    try await run.step(OptimizerTests.sphere, threads: 2)
    #expect(run.evaluationCost.secondsPerEvaluation != nil)
    let data = try JSONEncoder().encode(run)
    let keys = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any]).keys
    #expect(!keys.contains { $0.lowercased().contains("cost") || $0.lowercased().contains("placement") })
    let restored = try JSONDecoder().decode(Optimizer<ShrinkingES>.self, from: data)
    #expect(restored.evaluationCost.secondsPerEvaluation == nil)
    #expect(restored.result == run.result)
  }
}
