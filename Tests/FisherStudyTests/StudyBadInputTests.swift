import Fisher
import Foundation
import Testing
@testable import FisherStudy

/// Unknown studies, conflicting re-creates, corrupt rows and a database that
/// goes away: each gives a clear error, never a crash or a lost result.
@Suite struct StudyBadInputTests {
  let initial = ShrinkingES(
    mean: [0.5, 0.5], sigma: 0.3, populationSize: 4, seed: 99, recombination: .linear)

  @Test func unknownStudyIsNamedWithTheKnownOnes() async throws {
    let dir = try TemporaryFolder()
    defer { dir.cleanUp() }
    let storage = StorageURL.sqlite(path: dir.file("s.db"))
    let study = try await Study.create(name: "alpha", strategy: initial, settings: .init(budget: 8), storage: storage)
    await study.close()
    await #expect(throws: FisherError.unknownName(kind: "study", name: "beta", known: ["alpha"])) {
      _ = try await Study<ShrinkingES>.open(name: "beta", storage: storage)
    }
    // A worker does not create a database that is not there.
    await #expect(throws: StudyStoreError.self) {
      _ = try await Study<ShrinkingES>.open(name: "alpha", storage: .sqlite(path: dir.file("missing.db")))
    }
    #expect(!FileManager.default.fileExists(atPath: dir.file("missing.db")))
  }

  @Test func reCreateOpensTheSameStudyOrNamesTheDifference() async throws {
    let dir = try TemporaryFolder()
    defer { dir.cleanUp() }
    let storage = StorageURL.sqlite(path: dir.file("s.db"))
    let settings = StudySettings(budget: 8, options: ["sigma": "0.3"])
    let a = try await Study.create(name: "s", strategy: initial, settings: settings, storage: storage)
    let b = try await Study.create(name: "s", strategy: initial, settings: settings, storage: storage)
    #expect(a.record.id == b.record.id)
    await a.close()
    await b.close()
    var other = settings
    other.budget = 16
    do {
      _ = try await Study.create(name: "s", strategy: initial, settings: other, storage: storage)
      Issue.record("a re-create with another budget was accepted")
    } catch let error as FisherError {
      #expect("\(error)".contains("budget: 8 ≠ 16"))
    }
    var moved = initial
    moved.mean = [0.5, 0.6]
    do {
      _ = try await Study.create(name: "s", strategy: moved, settings: settings, storage: storage)
      Issue.record("a re-create with another mean was accepted")
    } catch let error as FisherError {
      #expect("\(error)".contains("initial strategy state"))
    }
  }

  @Test func aCorruptStateRowIsReportedNotTrusted() async throws {
    let dir = try TemporaryFolder()
    defer { dir.cleanUp() }
    let path = dir.file("s.db")
    let storage = StorageURL.sqlite(path: path)
    let study = try await Study.create(name: "c", strategy: initial, settings: .init(budget: 8), storage: storage)
    let leases = [try #require(try await study.ask(worker: "w")), try #require(try await study.ask(worker: "w")),
                  try #require(try await study.ask(worker: "w")), try #require(try await study.ask(worker: "w"))]
    let db = try await SQLiteDatabase(path: path, create: false)
    _ = try await db.execute("UPDATE fisher_generations SET state = '{\"mean\": [1, 2' WHERE generation = 0", [])
    // Opening checks the state.
    await #expect(throws: FisherError.self) { _ = try await Study<ShrinkingES>.open(name: "c", storage: storage) }
    // The generation's last result cannot be told into a corrupt state: the
    // error names the row, and the result is not half-recorded.
    for lease in leases.dropLast() { try await study.tell(lease, value: 1) }
    do {
      try await study.tell(leases[3], value: 1)
      Issue.record("tell applied a corrupt state")
    } catch let error as FisherError {
      #expect("\(error)".contains("corrupt"))
    }
    let last = try await study.evaluations().first { $0.index == 3 }
    #expect(last?.status == "running")
    // Not JSON of the right shape at all:
    _ = try await db.execute("UPDATE fisher_generations SET state = '[]' WHERE generation = 0", [])
    await #expect(throws: FisherError.self) { _ = try await Study<ShrinkingES>.open(name: "c", storage: storage) }
    await db.close()
    await study.close()
  }

  @Test func aDatabaseThatComesBackLosesNoResult() async throws {
    let dir = try TemporaryFolder()
    defer { dir.cleanUp() }
    let path = dir.file("s.db")
    let storage = StorageURL.sqlite(path: path)
    let study = try await Study.create(name: "gone", strategy: initial, settings: .init(budget: 8), storage: storage)
    let hidden = dir.file("elsewhere")
    try FileManager.default.createDirectory(atPath: hidden, withIntermediateDirectories: true)
    let moves = _Counter()
    let worker = StudyWorker<ShrinkingES>(
      study: "gone", storage: storage, worker: "w",
      retry: RetryPolicy(attempts: 8, initialDelay: .milliseconds(50), maxDelay: .milliseconds(400)),
      pollInterval: .milliseconds(5))
    let summary = try await worker.run { x in
      // During the third evaluation the database files vanish for ~0.5 s.
      if moves.increment() == 3 {
        _moveDatabase(from: dir.path, to: hidden)
        Task.detached {
          try? await Task.sleep(for: .milliseconds(500))
          _moveDatabase(from: hidden, to: dir.path)
        }
      }
      return .value(sphere(x))
    }
    #expect(summary.retries > 0)
    #expect(summary.accepted == 8 && summary.rejected == 0)
    let reference = try singleProcessRun(initial, budget: 8, sphere)
    #expect(try stateText(await study.strategy()) == stateText(reference))
    try await expectExactlyOnce(study, generations: 2)
    await study.close()
  }

  @Test func aDatabaseThatStaysGoneEndsTheWorkerWithAClearMessage() async throws {
    let dir = try TemporaryFolder()
    defer { dir.cleanUp() }
    let path = dir.file("s.db")
    let storage = StorageURL.sqlite(path: path)
    let study = try await Study.create(name: "gone", strategy: initial, settings: .init(budget: 8), storage: storage)
    await study.close()
    let hidden = dir.file("elsewhere")
    try FileManager.default.createDirectory(atPath: hidden, withIntermediateDirectories: true)
    let worker = StudyWorker<ShrinkingES>(
      study: "gone", storage: storage, worker: "w",
      retry: RetryPolicy(attempts: 4, initialDelay: .milliseconds(20), maxDelay: .milliseconds(80)))
    do {
      _ = try await worker.run { x in
        _moveDatabase(from: dir.path, to: hidden)
        return .value(sphere(x))
      }
      Issue.record("the worker finished without its database")
    } catch let error as StudyWorkerError {
      let message = "\(error)"
      #expect(message.contains("stayed unavailable through 4 tries"))
      #expect(message.contains("the result of candidate 0/0"))
      #expect(message.contains(path))
    }
    // The database is intact once it is back: the unrecorded candidate is still running under its lease.
    _moveDatabase(from: hidden, to: dir.path)
    let reopened = try await Study<ShrinkingES>.open(name: "gone", storage: storage)
    #expect(try await reopened.evaluations().first?.status == "running")
    await reopened.close()
  }
}

/// Moves the database and its WAL files (`s.db*`) from one folder to another.
func _moveDatabase(from: String, to: String) {
  let fm = FileManager.default
  for name in (try? fm.contentsOfDirectory(atPath: from)) ?? [] where name.hasPrefix("s.db") {
    try? fm.moveItem(atPath: from + "/" + name, toPath: to + "/" + name)
  }
}

final class _Counter: @unchecked Sendable {
  private let lock = NSLock()
  private var value = 0
  func increment() -> Int {
    lock.lock()
    defer { lock.unlock() }
    value += 1
    return value
  }
  var count: Int {
    lock.lock()
    defer { lock.unlock() }
    return value
  }
}
