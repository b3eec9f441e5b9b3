import Fisher
import Foundation
import Testing
@testable import FisherStudy

#if canImport(Glibc)
import Glibc
#endif

/// Five `fisher study worker` processes on one study; one is killed with
/// SIGKILL while it evaluates, another frozen with SIGSTOP for three leases
/// and resumed. Every candidate must end with exactly one accepted result, no
/// generation row may repeat, and the final CMA-ES state must equal a
/// single-process run with the same seed.
func runFaultScenario(storage: StorageURL, name: String, folder: String) async throws {
  let lease = 2.0
  let script = try writeSphereScript(in: folder, sleep: 0.5)
  let mean = [0.8, -0.4, 1.2, 0.3]
  var spec = StrategySpecification(kind: .cmaES)
  spec.populationSize = 8
  let budget = 64
  let created = try runFisher([
    "study", "create", "--name", name, "--strategy", "cma-es", "--population-size", "8", "--dimension", "4",
    "--mean", mean.map { "\($0)" }.joined(separator: ","), "--sigma", "0.4", "--seed", "31", "--budget", "\(budget)",
    "--lease", "\(lease)", "--max-attempts", "4", "--storage", storage.fisherArgument,
  ])
  try #require(created.status == 0, "create failed: \(created.stderr)")

  // The worker to be killed evaluates for far longer than the test takes to
  // kill it, and the one to be frozen for longer than it takes to stop it,
  // so that both are caught mid-evaluation however loaded the machine is.
  let environment = ProcessInfo.processInfo.environment
  let sleeps: [Int: String] = [1: "30", 2: "4"]
  var workers: [FisherChild] = []
  for k in 1...5 {
    workers.append(try startFisher([
      "study", "worker", "--name", name, "--storage", storage.fisherArgument, "--worker-id", "w\(k)", "--", "sh", script,
    ], environment: sleeps[k].map { environment.merging(["SPHERE_SLEEP": $0]) { $1 } }))
  }
  defer { for w in workers where w.process.isRunning { kill(w.pid, SIGKILL) } }
  let observer = try await Study<AnyStrategy>.open(name: name, storage: storage)

  /// A candidate `worker` is evaluating; with `new`, one it claims after the
  /// call (seen within a poll of the claim, so early in its evaluation).
  func freshClaim(of worker: String, new: Bool = false) async throws -> StudyEvaluation {
    func running() async throws -> [StudyEvaluation] {
      try await observer.evaluations().filter { $0.status == "running" && $0.worker == worker && $0.duration == nil }
    }
    let before = new ? Set(try await running().map { [$0.generation, $0.index] }) : []
    let deadline = Date().addingTimeInterval(60)
    while Date() < deadline {
      if let e = try await running().first(where: { !before.contains([$0.generation, $0.index]) }) {
        return e
      }
      try await Task.sleep(for: .milliseconds(20))
    }
    throw CocoaError(.coderValueNotFound, userInfo: [NSLocalizedDescriptionKey: "\(worker) never claimed a candidate"])
  }

  let killed = try await freshClaim(of: "w1")
  kill(workers[0].pid, SIGKILL)
  let frozen = try await freshClaim(of: "w2", new: true)
  kill(workers[1].pid, SIGSTOP)
  try await Task.sleep(for: .seconds(3 * lease))
  kill(workers[1].pid, SIGCONT)

  // Everyone but the killed worker finishes on its own.
  let deadline = Date().addingTimeInterval(240)
  while workers.dropFirst().contains(where: { $0.process.isRunning }) && Date() < deadline {
    try await Task.sleep(for: .milliseconds(100))
  }
  for w in workers.dropFirst() {
    try #require(!w.process.isRunning, "a worker did not finish")
    let err = String(decoding: w.errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(w.process.terminationStatus == 0, "worker exited \(w.process.terminationStatus): \(err)")
  }

  let status = try await observer.status()
  #expect(status.finished && status.stopReason == "budget")
  let generations = budget / 8
  try await expectExactlyOnce(observer, generations: generations)

  // The killed and the frozen worker's candidates were claimed again after their leases expired.
  let rows = try await observer.evaluations()
  let reports = try await observer.reports()
  for (held, by) in [(killed, "w1"), (frozen, "w2")] {
    let row = try #require(rows.first { $0.generation == held.generation && $0.index == held.index })
    #expect(row.expiredLeases >= 1 && row.attempts >= 2, "\(by)'s candidate was not claimed again")
    #expect(row.worker != by)
    let theirs = reports.filter { $0.generation == held.generation && $0.index == held.index && $0.worker == by }
    #expect(theirs.allSatisfy { !$0.accepted }, "a result from \(by)'s expired lease was accepted")
  }
  #expect(!reports.contains { $0.worker == "w1" && $0.generation == killed.generation && $0.index == killed.index })

  // The same study in one loop.
  var reference = try spec.make(mean: mean, sigma: 0.4, seed: 31)
  var evaluations = 0
  repeat {
    let p = reference.ask()
    try reference.tell(p, fitness: (0..<p.count).map { sphere(p[$0]) })
    evaluations += p.count
  } while evaluations < budget && reference.stopReason == nil
  #expect(try stateText(await observer.strategy()) == stateText(reference))
  await observer.close()
}

extension StorageURL {
  /// The URL as given on a command line (with its password).
  var fisherArgument: String {
    switch self {
    case .sqlite(let path): return "sqlite://" + path
    case .postgres(let p):
      let secret = p.password.map { ":" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0) } ?? ""
      return "postgres://\(p.user)\(secret)@\(p.host):\(p.port)/\(p.database)"
    }
  }
}

@Suite struct StudyFaultTests {
  @Test(.timeLimit(.minutes(5)))
  func sqliteSurvivesAKilledAndAFrozenWorker() async throws {
    let dir = try TemporaryFolder()
    defer { dir.cleanUp() }
    try await runFaultScenario(storage: .sqlite(path: dir.file("fault.db")), name: "fault", folder: dir.path)
  }
}
