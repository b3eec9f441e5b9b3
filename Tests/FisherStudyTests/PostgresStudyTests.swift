import Fisher
import Foundation
import Testing
@testable import FisherStudy

/// The URL of a PostgreSQL database the tests may write to (`.ci/run` starts one).
let testPostgresURL: StorageURL? = ProcessInfo.processInfo.environment["FISHER_TEST_POSTGRES_URL"].flatMap {
  try? StorageURL($0)
}

/// The study store on PostgreSQL: the same guarantees as on SQLite, with
/// concurrent transactions instead of one writer at a time.
@Suite(.enabled(if: testPostgresURL != nil, "FISHER_TEST_POSTGRES_URL is not set"))
struct PostgresStudyTests {
  let initial = ShrinkingES(
    mean: [1.5, -0.5, 2.0], sigma: 0.6, populationSize: 6, seed: 20_261_125, recombination: .linear)
  var storage: StorageURL { testPostgresURL! }

  func uniqueName(_ prefix: String) -> String { "\(prefix)-\(UUID().uuidString.prefix(8))" }

  @Test func concurrentConnectionsReachTheSingleProcessState() async throws {
    let name = uniqueName("many")
    let study = try await Study.create(
      name: name, strategy: initial, settings: StudySettings(budget: 90), storage: storage)
    let worker = StudyWorker<ShrinkingES>(study: name, storage: storage, worker: "pool", concurrency: 6,
                                     pollInterval: .milliseconds(5))
    let summary = try await worker.run { x in
      try? await Task.sleep(for: .milliseconds(Int.random(in: 0...3)))
      return .value(sphere(x))
    }
    #expect(summary.accepted == 90 && summary.rejected == 0)
    let reference = try singleProcessRun(initial, budget: 90, sphere)
    #expect(try stateText(await study.strategy()) == stateText(reference))
    try await expectExactlyOnce(study, generations: 15)
    await study.close()
  }

  @Test func aLateResultIsRejectedAndFailuresRankWorst() async throws {
    let name = uniqueName("late")
    let study = try await Study.create(
      name: name, strategy: initial, settings: StudySettings(budget: 12, leaseDuration: 0.2, maxAttempts: 2),
      storage: storage)
    let slow = try #require(try await study.ask(worker: "slow"))
    try await Task.sleep(for: .milliseconds(400))
    let fast = try #require(try await study.ask(worker: "fast"))
    #expect(fast.index == slow.index && fast.attempt == 2)
    #expect(try await !study.tell(slow, value: 5).isAccepted)
    try await Task.sleep(for: .milliseconds(400))
    // The second expiry fails candidate 0 (max attempts 2); the rest are evaluated.
    while let lease = try await study.ask(worker: "w", pollInterval: .milliseconds(20)) {
      try await study.tell(lease, value: sphere(lease.point))
    }
    #expect(try await !study.tell(fast, value: 5).isAccepted)
    let failed = try await study.evaluations().filter { $0.status == "failed" }
    #expect(failed.map { [$0.generation, $0.index] } == [[0, slow.index]])
    let reference = try singleProcessRun(initial, budget: 12, failed: [[0, slow.index]], sphere)
    #expect(try stateText(await study.strategy()) == stateText(reference))
    await study.close()
  }

  @Test func reCreateAndUnknownStudy() async throws {
    let name = uniqueName("re")
    let a = try await Study.create(name: name, strategy: initial, settings: StudySettings(budget: 12), storage: storage)
    let b = try await Study.create(name: name, strategy: initial, settings: StudySettings(budget: 12), storage: storage)
    #expect(a.record.id == b.record.id)
    await #expect(throws: FisherError.self) {
      _ = try await Study.create(name: name, strategy: initial, settings: StudySettings(budget: 13), storage: storage)
    }
    await #expect(throws: FisherError.self) { _ = try await Study<ShrinkingES>.open(name: name + "-no", storage: storage) }
    await a.close()
    await b.close()
  }

  @Test func droppedConnectionsAreRetriedWithoutLosingAResult() async throws {
    let name = uniqueName("drop")
    let study = try await Study.create(
      name: name, strategy: initial, settings: StudySettings(budget: 24), storage: storage)
    let admin = try #require(try await storage.openStore(create: false) as? RelationalStudyStore)
    guard case .postgres(var location) = storage else { return }
    location.applicationName = name
    let victimStorage = StorageURL.postgres(location)
    let count = _Counter()
    let worker = StudyWorker<ShrinkingES>(
      study: name, storage: victimStorage, worker: "victim",
      retry: RetryPolicy(attempts: 6, initialDelay: .milliseconds(50), maxDelay: .milliseconds(200)),
      pollInterval: .milliseconds(5))
    let summary = try await worker.run { x in
      // While the 5th and 13th evaluations run, the server ends the worker's sessions.
      if [5, 13].contains(count.increment()) {
        _ = try? await admin.database.execute(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?", [.text(name)])
      }
      return .value(sphere(x))
    }
    #expect(summary.retries > 0)
    #expect(summary.accepted == 24 && summary.rejected == 0)
    await admin.close()
    let reopened = try await Study<ShrinkingES>.open(name: name, storage: storage)
    let reference = try singleProcessRun(initial, budget: 24, sphere)
    #expect(try stateText(await reopened.strategy()) == stateText(reference))
    try await expectExactlyOnce(reopened, generations: 4)
    await reopened.close()
    await study.close()
  }

  @Test(.timeLimit(.minutes(5)))
  func survivesAKilledAndAFrozenWorker() async throws {
    let dir = try TemporaryFolder()
    defer { dir.cleanUp() }
    try await runFaultScenario(storage: storage, name: uniqueName("fault"), folder: dir.path)
  }
}
