import Fisher
import Foundation
import Testing
@testable import FisherStudy

/// The study store on SQLite, driven in-process through the Swift API.
@Suite struct SQLiteStudyTests {
  let initial = ShrinkingES(
    mean: [1.5, -0.5, 2.0], sigma: 0.6, populationSize: 6, seed: 20_261_125, recombination: .linear)

  func settings(budget: Int = 60, lease: Double = 30, maxAttempts: Int = 3) -> StudySettings {
    StudySettings(budget: budget, leaseDuration: lease, maxAttempts: maxAttempts, options: ["sigma": "0.6"])
  }

  @Test func oneWorkerReachesTheSingleProcessState() async throws {
    let dir = try TemporaryFolder()
    defer { dir.cleanUp() }
    let storage = StorageURL.sqlite(path: dir.file("s.db"))
    let study = try await Study.create(name: "one", strategy: initial, settings: settings(), storage: storage)
    var told = 0
    while let lease = try await study.ask(worker: "w") {
      let outcome = try await study.tell(lease, value: sphere(lease.point))
      #expect(outcome.isAccepted)
      told += 1
    }
    let reference = try singleProcessRun(initial, budget: 60, sphere)
    #expect(try stateText(await study.strategy()) == stateText(reference))
    // 60 evaluations = 10 generations of 6; the last state is generation 10.
    #expect(told == 60)
    let status = try await study.status()
    #expect(status.finished && status.stopReason == "budget")
    #expect(status.done == 60 && status.running == 0 && status.pending == 0 && status.failed == 0)
    // The best is the smallest accepted value (checked against the export).
    let all = try await study.evaluations()
    #expect(status.best?.value == all.compactMap(\.value).min())
    await study.close()
  }

  @Test func concurrentConnectionsReachTheSingleProcessState() async throws {
    let dir = try TemporaryFolder()
    defer { dir.cleanUp() }
    let storage = StorageURL.sqlite(path: dir.file("s.db"))
    let study = try await Study.create(name: "many", strategy: initial, settings: settings(budget: 90), storage: storage)
    let worker = StudyWorker<ShrinkingES>(study: "many", storage: storage, worker: "pool", concurrency: 4,
                                     pollInterval: .milliseconds(5))
    let summary = try await worker.run { x in
      try? await Task.sleep(for: .milliseconds(Int.random(in: 0...4)))
      return .value(sphere(x))
    }
    #expect(summary.accepted == 90 && summary.rejected == 0)
    let reference = try singleProcessRun(initial, budget: 90, sphere)
    #expect(try stateText(await study.strategy()) == stateText(reference))
    try await expectExactlyOnce(study, generations: 15)
    await study.close()
  }

  @Test func aLateResultIsRejectedAndTheRetryCounts() async throws {
    let dir = try TemporaryFolder()
    defer { dir.cleanUp() }
    let storage = StorageURL.sqlite(path: dir.file("s.db"))
    let study = try await Study.create(
      name: "late", strategy: initial, settings: settings(budget: 6, lease: 0.2), storage: storage)
    let slow = try #require(try await study.ask(worker: "slow"))
    try await Task.sleep(for: .milliseconds(400))
    // The overdue lease returns to pending; the next claim takes it as attempt 2.
    let fast = try #require(try await study.ask(worker: "fast"))
    #expect(fast.generation == slow.generation && fast.index == slow.index && fast.attempt == 2)
    #expect(try await study.heartbeat(slow) == false)
    let late = try await study.tell(slow, value: 123)
    guard case .rejected = late else {
      Issue.record("a result of an expired, re-claimed lease was accepted")
      return
    }
    #expect(try await study.tell(fast, value: sphere(fast.point)).isAccepted)
    // A second report of the same attempt is rejected too.
    #expect(try await !study.tell(fast, value: 0).isAccepted)
    let reports = try await study.reports()
    #expect(reports.filter { $0.index == slow.index && $0.accepted }.map(\.worker) == ["fast"])
    await study.close()
  }

  @Test func heartbeatsKeepALeasePastItsDuration() async throws {
    let dir = try TemporaryFolder()
    defer { dir.cleanUp() }
    let storage = StorageURL.sqlite(path: dir.file("s.db"))
    let study = try await Study.create(
      name: "hb", strategy: initial, settings: settings(budget: 6, lease: 3.0), storage: storage)
    let held = try #require(try await study.ask(worker: "a"))
    let claimed = ContinuousClock.now
    for _ in 0..<6 {
      try await Task.sleep(for: .milliseconds(750))
      #expect(try await study.heartbeat(held))
    }
    // One and a half leases after the claim it is still held: others get other candidates.
    #expect(ContinuousClock.now - claimed >= .seconds(4.5))
    for _ in 1..<6 {
      // A heartbeat before each claim keeps the lease alive however slow a loaded machine makes the loop.
      #expect(try await study.heartbeat(held))
      let other = try #require(try await study.ask(worker: "b"))
      #expect(other.index != held.index)
      #expect(try await study.tell(other, value: 1).isAccepted)
    }
    #expect(try await study.tell(held, value: 1).isAccepted)
    await study.close()
  }

  @Test func releaseReturnsACandidateWithoutSpendingAnAttempt() async throws {
    let dir = try TemporaryFolder()
    defer { dir.cleanUp() }
    let storage = StorageURL.sqlite(path: dir.file("s.db"))
    let study = try await Study.create(
      name: "rel", strategy: initial, settings: settings(budget: 6, lease: 30, maxAttempts: 1), storage: storage)
    let first = try #require(try await study.ask(worker: "a"))
    #expect(try await study.release(first))
    #expect(try await study.tell(first, value: 1).isAccepted == false)
    let again = try #require(try await study.ask(worker: "b"))
    #expect(again.index == first.index && again.attempt == 2)
    let row = try await study.evaluations().first { $0.index == first.index }
    #expect(row?.status == "running" && row?.expiredLeases == 0)
    await study.close()
  }

  @Test func afterTheRetryLimitACandidateFailsAndRanksWorst() async throws {
    let dir = try TemporaryFolder()
    defer { dir.cleanUp() }
    let storage = StorageURL.sqlite(path: dir.file("s.db"))
    let study = try await Study.create(
      name: "limit", strategy: initial, settings: settings(budget: 12, lease: 0.15, maxAttempts: 2), storage: storage)
    // Candidate 0/0 is claimed twice and abandoned twice.
    for attempt in 1...2 {
      let lease = try #require(try await study.ask(worker: "dies-\(attempt)"))
      #expect(lease.index == 0 && lease.attempt == attempt)
      try await Task.sleep(for: .milliseconds(300))
    }
    while let lease = try await study.ask(worker: "w", pollInterval: .milliseconds(20)) {
      try await study.tell(lease, value: sphere(lease.point))
    }
    let failed = try await study.evaluations().filter { $0.status == "failed" }
    #expect(failed.map { [$0.generation, $0.index] } == [[0, 0]])
    #expect(failed.first?.reason?.contains("lease expired 2 times") == true)
    let reference = try singleProcessRun(initial, budget: 12, failed: [[0, 0]], sphere)
    #expect(try stateText(await study.strategy()) == stateText(reference))
    await study.close()
  }

  @Test func evaluationFailuresAreRecordedWithTheirReason() async throws {
    let dir = try TemporaryFolder()
    defer { dir.cleanUp() }
    let storage = StorageURL.sqlite(path: dir.file("s.db"))
    let study = try await Study.create(name: "fail", strategy: initial, settings: settings(budget: 6), storage: storage)
    var failedIndices: Set<[Int]> = []
    while let lease = try await study.ask(worker: "w") {
      if lease.index % 3 == 1 {
        failedIndices.insert([lease.generation, lease.index])
        try await study.tell(lease, value: nil, reason: "exit status 3")
      } else if lease.index == 2 {
        failedIndices.insert([lease.generation, lease.index])
        try await study.tell(lease, value: .nan)
      } else {
        try await study.tell(lease, value: sphere(lease.point))
      }
    }
    let rows = try await study.evaluations()
    #expect(rows.filter { $0.reason == "exit status 3" }.map(\.index) == [1, 4])
    #expect(rows.first { $0.index == 2 }?.reason?.contains("NaN") == true)
    let reference = try singleProcessRun(initial, budget: 6, failed: failedIndices, sphere)
    #expect(try stateText(await study.strategy()) == stateText(reference))
    await study.close()
  }

  @Test func boundsRepairThePointsWorkersSee() async throws {
    let dir = try TemporaryFolder()
    defer { dir.cleanUp() }
    let storage = StorageURL.sqlite(path: dir.file("s.db"))
    let bounds = try BoxBounds(lower: 0, upper: 1, dimension: 3)
    var s = settings(budget: 18)
    s.bounds = bounds
    let study = try await Study.create(name: "box", strategy: initial, settings: s, storage: storage)
    while let lease = try await study.ask(worker: "w") {
      #expect(bounds.contains(lease.point))
      try await study.tell(lease, value: sphere(lease.point))
    }
    let reference = try singleProcessRun(initial, budget: 18, bounds: bounds, sphere)
    #expect(try stateText(await study.strategy()) == stateText(reference))
    await study.close()
  }
}

/// Every candidate of generations 0..<generations has exactly one accepted
/// report, and the generation rows are exactly 0...generations.
func expectExactlyOnce<S: Strategy>(_ study: Study<S>, generations: Int) async throws {
  let reports = try await study.reports()
  var accepted: [[Int]: Int] = [:]
  for r in reports where r.accepted { accepted[[r.generation, r.index], default: 0] += 1 }
  let lambda = study.record.populationSize
  for g in 0..<generations {
    for i in 0..<lambda {
      #expect(accepted[[g, i]] == 1, "candidate \(g)/\(i) has \(accepted[[g, i]] ?? 0) accepted results")
    }
  }
  #expect(accepted.count == generations * lambda)
  let evaluations = try await study.evaluations()
  #expect(evaluations.count == generations * lambda)
  #expect(evaluations.allSatisfy { $0.status == "done" || $0.status == "failed" })
  let (last, _) = try await study.store.state(study: study.record, generation: nil)
  #expect(last == generations)
  for g in 0...generations {
    _ = try await study.store.state(study: study.record, generation: g)
  }
}
