import Fisher
import Foundation
import Testing
@testable import FisherStudy

#if canImport(Glibc)
import Glibc
#endif

/// `fisher study …` through the built executable.
@Suite struct StudyCLITests {
  func create(_ storage: String, name: String = "cli", budget: Int = 16, extra: [String] = []) throws -> (
    status: Int32, stdout: String, stderr: String
  ) {
    try runFisher([
      "study", "create", "--name", name, "--strategy", "cma-es", "--dimension", "2", "--mean", "1,1", "--sigma", "0.5",
      "--seed", "3", "--budget", "\(budget)", "--storage", storage,
    ] + extra)
  }

  @Test func badInputExitsTwoWithOneLine() throws {
    let dir = try TemporaryFolder()
    defer { dir.cleanUp() }
    let storage = "sqlite://" + dir.file("cli.db")
    #expect(try create(storage).status == 0)
    #expect(try create(storage).status == 0, "an identical re-create opens the study")
    let mismatch = try create(storage, budget: 20)
    #expect(mismatch.status == 2 && mismatch.stderr.contains("budget: 16 ≠ 20"))
    let unknown = try runFisher(["study", "status", "--name", "nope", "--storage", storage])
    #expect(unknown.status == 2 && unknown.stderr.contains("unknown study 'nope'; expected one of: cli"))
    let badStrategy = try create(storage, name: "x", extra: ["--strategy", "simplex"])
    #expect(badStrategy.status == 2)
    let noCommand = try runFisher(["study", "worker", "--name", "cli", "--storage", storage])
    #expect(noCommand.status == 2)
    let password = try runFisher(["study", "status", "--name", "cli", "--storage", "postgres://fisher:hunter2@127.0.0.1:1/db"])
    // An unreachable server is a runtime failure (1), and the message never shows the password.
    #expect(password.status == 1 && !password.stderr.contains("hunter2") && password.stderr.contains("fisher:***@"))
    let relative = try runFisher(["study", "status", "--name", "cli", "--storage", "sqlite://no/such.db"])
    #expect(relative.status == 2)
  }

  @Test func failuresAreRecordedWithTheirReason() async throws {
    let dir = try TemporaryFolder()
    defer { dir.cleanUp() }
    let storage = "sqlite://" + dir.file("cli.db")
    #expect(try create(storage, budget: 16).status == 0)
    // Odd-looking output, non-zero exits and timeouts, depending on the first coordinate's sign.
    let script = dir.file("flaky.sh")
    try """
      #!/bin/sh
      read x
      case "$x" in
        "[-"*) echo "diverged" >&2; exit 3 ;;
        *) echo "not a number" ;;
      esac

      """.write(toFile: script, atomically: true, encoding: .utf8)
    let run = try runFisher(["study", "worker", "--name", "cli", "--storage", storage, "--", "sh", script])
    #expect(run.status == 0, "\(run.stderr)")
    let study = try await Study<AnyStrategy>.open(name: "cli", storage: StorageURL(storage))
    let rows = try await study.evaluations()
    #expect(rows.count == 6 && rows.allSatisfy { $0.status == "failed" })
    for r in rows {
      if r.point[0] < 0 {
        #expect(r.reason == "sh exited with status 3: diverged")
      } else {
        #expect(r.reason == "sh printed 'not a number', not a number")
      }
    }
    // All six of generation 0 failed: the study stops (budget 16 not spent) rather than spin on a broken objective.
    #expect(try await study.status().stopReason == "all-evaluations-failed")
    await study.close()
    let export = try runFisher(["study", "export", "--name", "cli", "--storage", storage])
    #expect(export.stdout.split(separator: "\n").count == 7)
  }

  @Test func ctrlCReleasesTheLeaseAndExits130() async throws {
    let dir = try TemporaryFolder()
    defer { dir.cleanUp() }
    let storage = "sqlite://" + dir.file("cli.db")
    #expect(try create(storage, extra: ["--lease", "60"]).status == 0)
    let worker = try startFisher([
      "study", "worker", "--name", "cli", "--storage", storage, "--worker-id", "int", "--", "sh", "-c", "sleep 600; echo 1",
    ])
    defer { if worker.process.isRunning { kill(worker.pid, SIGKILL) } }
    let study = try await Study<AnyStrategy>.open(name: "cli", storage: StorageURL(storage))
    // Generous deadlines: the suite runs many processes at once, and a loaded machine may take
    // seconds to start the worker. The test only waits as long as it has to; the evaluation
    // outlasts every deadline, so none completes before the interrupt.
    let clock = ContinuousClock()
    var held = false
    let leaseDeadline = clock.now + .seconds(60)
    while !held && clock.now < leaseDeadline {
      held = try await study.evaluations().contains { $0.status == "running" && $0.worker == "int" }
      if !held { try await Task.sleep(for: .milliseconds(20)) }
    }
    try #require(held)
    kill(worker.pid, SIGINT)
    let exitDeadline = clock.now + .seconds(25)
    while worker.process.isRunning && clock.now < exitDeadline { try await Task.sleep(for: .milliseconds(25)) }
    try #require(!worker.process.isRunning, "the worker ignored SIGINT")
    #expect(worker.process.terminationStatus == 130)
    // The candidate is pending again at once, with no attempt counted against it and no result.
    let rows = try await study.evaluations()
    #expect(rows.allSatisfy { $0.status == "pending" && $0.expiredLeases == 0 && $0.value == nil })
    #expect(try await study.reports().isEmpty)
    await study.close()
  }
}
