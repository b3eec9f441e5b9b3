import Fisher
import FisherStudy
import Testing

/// The Swift example of docs/study.md ("From Swift"), with the same code on a temporary
/// SQLite database, checked for what the text around it claims.
@Suite struct StudyDocumentationTests {
  @Test func fromSwiftExample() async throws {
    let dir = try TemporaryFolder()
    defer { dir.cleanUp() }

    func simulate(_ x: [Double]) -> Double { x.reduce(0) { $0 + $1 * $1 } }   // your objective

    let storage = try StorageURL("sqlite://\(dir.file("study.db"))")
    let cma = try StrategySpecification(kind: .cmaES).make(mean: [3, 3, 3, 3], sigma: 1.5, seed: 1)
    let study = try await Study.create(
      name: "demo", strategy: cma, strategyName: cma.strategyName,
      settings: StudySettings(budget: 400, leaseDuration: 60), storage: storage)
    while let lease = try await study.ask(worker: "me") {      // nil once the study is finished
      let f = simulate(lease.point)                             // heartbeat(lease) if it runs long
      try await study.tell(lease, value: f)                     // nil or ±∞ or NaN: a failed evaluation
    }
    let final = try await study.strategy()

    // The loop ends when the study is finished, after the generation that reaches the budget.
    let status = try await study.status()
    #expect(status.finished && status.stopReason == StopReason.budget.description)
    #expect(status.strategy == "cma-es")
    #expect(status.done == 400 && status.failed == 0 && status.pending == 0 && status.running == 0)
    // The final state is that of a single-process ask/tell loop with the same seed.
    var reference = try StrategySpecification(kind: .cmaES).make(mean: [3, 3, 3, 3], sigma: 1.5, seed: 1)
    var evaluations = 0
    repeat {
      let p = reference.ask()
      try reference.tell(p, fitness: (0..<p.count).map { simulate(p[$0]) })
      evaluations += p.count
    } while evaluations < 400 && reference.stopReason == nil
    #expect(try stateText(final) == stateText(reference))
    #expect(final.generation == 400 / cma.populationSize)

    await study.close()
  }

  /// The noisy example of docs/study.md ("Noisy objectives") and of the DocC catalog.
  @Test func noisyObjectivesExample() async throws {
    let dir = try TemporaryFolder()
    defer { dir.cleanUp() }
    let storage = try StorageURL("sqlite://\(dir.file("study.db"))")
    let cma = try StrategySpecification(kind: .cmaES).make(mean: [3, 3, 3, 3], sigma: 1.5, seed: 1)

    func measure(_ x: [Double]) -> Double {                     // a noisy objective
      x.reduce(0) { $0 + $1 * $1 } + Double.random(in: -0.5...0.5)
    }

    let noisy = try await Study.create(
      name: "noisy", strategy: cma, strategyName: cma.strategyName,
      settings: StudySettings(budget: 400, noise: .uncertainty(try UncertaintyHandling())), seed: 1,
      storage: storage)
    var repeats = 0
    while let lease = try await noisy.ask(worker: "me") {       // lease.repeatOf: the row it evaluates again
      if lease.repeatOf != nil { repeats += 1 }
      try await noisy.tell(lease, value: measure(lease.point))
    }
    let answer = try await noisy.recommendation()               // the final distribution mean

    let status = try await noisy.status()
    #expect(status.finished && status.stopReason == StopReason.budget.description && status.noise == "uh")
    // Every generation re-evaluated a few candidates, each a row tied to the row it repeats.
    let rows = try await noisy.evaluations()
    #expect(repeats > 0 && repeats == rows.filter { $0.round == 1 && $0.repeatOf != nil }.count)
    let optimizer = try #require(try await noisy.optimizer())
    #expect(answer?.recommendation == .distributionMean && answer?.point == optimizer.strategy.mean)
    #expect(rows.count == optimizer.evaluations && rows.count >= 400)
    await noisy.close()
  }

  /// The comments of the example: a heartbeat keeps a current lease, and nil, ±∞ and NaN
  /// are failed evaluations.
  @Test func heartbeatAndFailedValuesAsTheExampleSays() async throws {
    let dir = try TemporaryFolder()
    defer { dir.cleanUp() }
    let storage = try StorageURL("sqlite://\(dir.file("study.db"))")
    let cma = try StrategySpecification(kind: .cmaES).make(mean: [3, 3, 3, 3], sigma: 1.5, seed: 1)
    let study = try await Study.create(
      name: "demo", strategy: cma, strategyName: cma.strategyName,
      settings: StudySettings(budget: 400, leaseDuration: 60), storage: storage)

    let values: [Double?] = [nil, .infinity, -.infinity, .nan]
    for value in values {
      let lease = try #require(try await study.ask(worker: "me"))
      #expect(try await study.heartbeat(lease))
      #expect(try await study.tell(lease, value: value).isAccepted)
    }
    let status = try await study.status()
    #expect(status.failed == values.count && status.done == 0)
    let failed = try await study.evaluations().filter { $0.status == "failed" }
    #expect(failed.count == values.count && failed.allSatisfy { $0.value == nil && $0.reason != nil })
    await study.close()
  }
}
