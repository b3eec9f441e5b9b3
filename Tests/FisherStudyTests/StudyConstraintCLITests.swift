import Fisher
import Foundation
import Testing
@testable import FisherStudy

#if canImport(Glibc)
import Glibc
#endif

/// An objective script for a study with one constraint: the sphere Σ xᵢ²
/// (summed left to right, as `sphere`) and g = 1 − x₀, printed as
/// `f g` or, with `json`, as `{"f": f, "g": [g]}`.
func writeConstrainedSphereScript(in folder: String, json: Bool) throws -> String {
  let path = folder + (json ? "/constrained-json.sh" : "/constrained.sh")
  let format = json ? #"{\"f\": %.17g, \"g\": [%.17g]}\n"# : #"%.17g %.17g\n"#
  let script = """
    #!/bin/sh
    tr -d '[] \\n' | awk -F, '{ s = 0; for (i = 1; i <= NF; i++) s += $i * $i; printf "\(format)", s, 1 - $1 }'

    """
  try script.write(toFile: path, atomically: true, encoding: .utf8)
  return path
}

/// The JSON of `fisher study best` in a study with constraints.
struct BestJSON: Decodable {
  var f: Double
  var x: [Double]
  var g: [Double]
  var feasible: Bool
  var best_feasible_f: Double?
  var best_feasible_x: [Double]?
  var best_max_violation: Double
}

/// `fisher study … --constraints` through the built executable.
@Suite struct StudyConstraintCLITests {
  func create(
    _ storage: String, name: String, extra: [String] = ["--constraints", "1"], budget: Int = 600, mean: String = "2,1"
  ) throws -> (status: Int32, stdout: String, stderr: String) {
    try runFisher([
      "study", "create", "--name", name, "--strategy", "cma-es", "--dimension", "2", "--mean", mean, "--sigma", "0.5",
      "--seed", "5", "--budget", "\(budget)", "--storage", storage,
    ] + extra)
  }

  /// One worker printing `f g` and two workers at once printing JSON reach
  /// the same state, at the feasible optimum x = [1, 0], f = 1.
  @Test func workerProcessesFindTheFeasibleOptimumInEitherOutputForm() async throws {
    let dir = try TemporaryFolder()
    defer { dir.cleanUp() }
    let storage = "sqlite://" + dir.file("cli.db")
    let created = try create(storage, name: "one")
    #expect(created.status == 0 && created.stdout.contains("1 constraint (al)"), "\(created.stderr)")
    #expect(try create(storage, name: "two").status == 0)
    let plain = try writeConstrainedSphereScript(in: dir.path, json: false)
    let json = try writeConstrainedSphereScript(in: dir.path, json: true)

    let single = try runFisher(["study", "worker", "--name", "one", "--storage", storage, "--", "sh", plain])
    #expect(single.status == 0, "\(single.stderr)")
    let workers = try (1...2).map { k in
      try startFisher([
        "study", "worker", "--name", "two", "--storage", storage, "--worker-id", "w\(k)", "--concurrency", "2", "--",
        "sh", json,
      ])
    }
    for w in workers {
      _ = w.output.fileHandleForReading.readDataToEndOfFile()
      let err = w.errors.fileHandleForReading.readDataToEndOfFile()
      w.process.waitUntilExit()
      #expect(w.process.terminationStatus == 0, "\(String(decoding: err, as: UTF8.self))")
    }

    let one = try await Study<AnyStrategy>.open(name: "one", storage: StorageURL(storage))
    let two = try await Study<AnyStrategy>.open(name: "two", storage: StorageURL(storage))
    let a = try #require(try await one.optimizer())
    let b = try #require(try await two.optimizer())
    #expect(try stateText(a) == stateText(b), "the number of workers changed the run")
    #expect(a.constraintHandling?.method == .augmentedLagrangian && a.failedEvaluations == 0)
    let status = try await one.status()
    await one.close()
    await two.close()
    #expect(status.finished && status.feasible == true)
    let f = try #require(status.bestFeasibleF)
    let x = try #require(status.bestFeasibleX)
    #expect(f >= 1 && f - 1 < 1e-3 && abs(x[0] - 1) < 1e-3 && abs(x[1]) < 0.03, "f = \(f) at \(x)")

    let best = try runFisher(["study", "best", "--name", "two", "--storage", storage, "--format", "json"])
    #expect(best.status == 0)
    let decoded = try JSONDecoder().decode(BestJSON.self, from: Data(best.stdout.utf8))
    #expect(decoded.feasible && decoded.best_feasible_f == f && decoded.best_feasible_x == x)
    #expect(decoded.f == f && decoded.x == x && decoded.best_max_violation == 0 && decoded.g == [1 - x[0]])
    let text = try runFisher(["study", "best", "--name", "two", "--storage", storage])
    #expect(text.stdout.hasPrefix("\(f)\t") && text.stdout.hasSuffix("\nfeasible\n"))
    let statusJSON = try runFisher(["study", "status", "--name", "two", "--storage", storage, "--format", "json"])
    #expect(statusJSON.stdout.contains(#""constraints":1"#) && statusJSON.stdout.contains(#""constraint_method":"al""#))
    let statusDecoded = try JSONDecoder().decode(StudyStatus.self, from: Data(statusJSON.stdout.utf8))
    #expect(statusDecoded.bestFeasibleF == f && statusDecoded.bestFeasibleX == x && statusDecoded.feasible == true)
    let statusText = try runFisher(["study", "status", "--name", "two", "--storage", storage])
    #expect(statusText.stdout.contains("constraints: 1 (al); best feasible: f = \(f)"))
    let export = try runFisher(["study", "export", "--name", "two", "--storage", storage])
    let lines = export.stdout.split(separator: "\n")
    #expect(lines.first?.hasSuffix(",x1,x2,max_violation,g1") == true)
    #expect(lines.count == 1 + status.done)
  }

  @Test func badObjectiveOutputsAreFailedEvaluationsWithTheirReason() async throws {
    let dir = try TemporaryFolder()
    defer { dir.cleanUp() }
    let storage = "sqlite://" + dir.file("cli.db")
    #expect(try create(storage, name: "bad", extra: ["--constraints", "2"], budget: 12, mean: "0,0").status == 0)
    // Six candidates, by the sign of the coordinates: a wrong count, NaN or +inf g, or not numbers.
    let script = dir.file("bad.sh")
    try """
      #!/bin/sh
      read x
      case "$x" in
        "[-"*",-"*) echo "1 2" ;;
        "[-"*) echo "1 nan 0" ;;
        *",-"*) echo '{"f": 1, "g": [0, "inf"]}' ;;
        *) echo "1 0 inf" ;;
      esac

      """.write(toFile: script, atomically: true, encoding: .utf8)
    let run = try runFisher(["study", "worker", "--name", "bad", "--storage", storage, "--", "sh", script])
    #expect(run.status == 0, "\(run.stderr)")
    let study = try await Study<AnyStrategy>.open(name: "bad", storage: StorageURL(storage))
    let rows = try await study.evaluations()
    let status = try await study.status()
    await study.close()
    #expect(rows.count == 6 && rows.allSatisfy { $0.status == "failed" })
    for r in rows {
      let reason = r.reason ?? ""
      switch (r.point[0] < 0, r.point[1] < 0) {
      case (true, true): #expect(reason.contains("1 constraint value for a study with 2 constraints"), "\(reason)")
      case (true, false): #expect(reason.contains("constraint 1 is nan"), "\(reason)")
      case (false, true): #expect(reason.contains("not a JSON object"), "\(reason)")
      case (false, false): #expect(reason.contains("constraint 2 is inf"), "\(reason)")
      }
    }
    #expect(status.stopReason == "all-evaluations-failed" && status.feasible == false && status.best == nil)
    let best = try runFisher(["study", "best", "--name", "bad", "--storage", storage])
    #expect(best.status == 2 && best.stderr.contains("no accepted evaluation"))
  }

  /// Without constraints a line of several numbers is not a value, as before.
  @Test func withoutConstraintsExtraNumbersStillFail() async throws {
    let dir = try TemporaryFolder()
    defer { dir.cleanUp() }
    let storage = "sqlite://" + dir.file("cli.db")
    #expect(try create(storage, name: "plain", extra: [], budget: 6).status == 0)
    let run = try runFisher(["study", "worker", "--name", "plain", "--storage", storage, "--", "sh", "-c", "echo 1 0"])
    #expect(run.status == 0, "\(run.stderr)")
    let study = try await Study<AnyStrategy>.open(name: "plain", storage: StorageURL(storage))
    let rows = try await study.evaluations()
    await study.close()
    #expect(rows.allSatisfy { $0.status == "failed" && $0.reason == "sh printed '1 0', not a number" })
    let status = try runFisher(["study", "status", "--name", "plain", "--storage", storage, "--format", "json"])
    #expect(!status.stdout.contains("feasible") && !status.stdout.contains("constraint"))
  }

  @Test func invalidConstraintOptionsExitTwo() throws {
    let dir = try TemporaryFolder()
    defer { dir.cleanUp() }
    let storage = "sqlite://" + dir.file("cli.db")
    for (extra, message) in [
      (["--constraints", "0"], "--constraints must be at least 1, got 0"),
      (["--constraints=-2"], "--constraints must be at least 1, got -2"),
      (["--constraints", "two"], "--constraints"),
      (["--constraint-method", "ranking"], "needs --constraints M"),
      (["--constraints", "1", "--constraint-method", "penalty"], "Please provide one of 'al' and 'ranking'"),
      (["--constraints", "1", "--noise", "uh"], "does not combine with --noise"),
    ] {
      let run = try create(storage, name: "c", extra: extra)
      #expect(run.status == 2 && run.stderr.hasPrefix("fisher: ") && run.stderr.contains(message), "\(extra): \(run.stderr)")
    }
    #expect(try create(storage, name: "c").status == 0)
    #expect(try create(storage, name: "c").status == 0, "an identical re-create opens the study")
    let other = try create(storage, name: "c", extra: ["--constraints", "1", "--constraint-method", "ranking"])
    #expect(other.status == 2 && other.stderr.contains("constraints: 1 (al) ≠ 1 (ranking)"), "\(other.stderr)")
  }
}
