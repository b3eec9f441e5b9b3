import Foundation
import Testing

/// `fisher ask-tell --constraints` and `fisher minimize` on constrained
/// problems, through the real executable.
@Suite struct ConstraintCommandTests {
  /// The sphere under x₀ ≥ 1 and x₁ ≥ 0.5: optimum (1, 0.5, 0, …), f* = 1.25.
  static func f(_ x: [Double]) -> Double { x.reduce(0) { $0 + $1 * $1 } }
  static func g(_ x: [Double]) -> [Double] { [1 - x[0], 0.5 - x[1]] }

  static func tellLine(_ points: [[Double]]) -> String {
    let values = points.map { String(f($0)) }.joined(separator: ",")
    let rows = points.map { "[" + g($0).map { String($0) }.joined(separator: ",") + "]" }.joined(separator: ",")
    return "{\"tell\": [\(values)], \"constraints\": [\(rows)]}"
  }

  static func lastJSON(_ out: FisherProcess.Output) throws -> [String: Any] {
    try jsonObject(try #require(out.lines.last))
  }

  /// Runs the pipe to its end, answering each ask.
  static func converse(_ arguments: [String], answer: ([[Double]]) -> String) throws -> FisherProcess.Output {
    try FisherProcess.converse(arguments) { line in
      guard line.hasPrefix("{\"ask\"") else { return nil }
      return answer(try #require(try jsonObject(line)["ask"] as? [[Double]]))
    }
  }

  @Test(arguments: [["--strategy", "cma-es"], ["--strategy", "cma-es", "--constraint-method", "ranking"],
                    ["--strategy", "snes"]])
  func askTellFindsTheConstrainedOptimum(strategy: [String]) throws {
    let args = ["ask-tell", "--dimension", "3", "--mean", "3,3,3", "--sigma", "1", "--seed", "4",
                "--budget", "2000", "--constraints", "2"] + strategy
    let out = try Self.converse(args, answer: Self.tellLine)
    #expect(out.status == 0, "\(out.stderr)")
    let done = try #require(try Self.lastJSON(out)["done"] as? [String: Any])
    #expect(done["feasible"] as? Bool == true)
    let x = try #require(done["best_feasible_x"] as? [Double])
    let fx = try #require(done["best_feasible_f"] as? Double)
    #expect(Self.g(x).allSatisfy { $0 <= 0 })
    #expect(abs(Self.f(x) - fx) <= 1e-15 * fx, "best_feasible_f is f at best_feasible_x")
    #expect(fx - 1.25 < 1e-2, "\(strategy): f = \(fx)")
    #expect(done["best_max_violation"] as? Double == 0)
  }

  @Test func badConstraintRowsGetAMessageAndTheSameAsk() throws {
    let args = ["ask-tell", "--strategy", "cma-es", "--dimension", "2", "--seed", "3", "--constraints", "2"]
    let clean = try FisherProcess.run(args, input: "")
    let firstAsk = try #require(clean.lines.first)
    let six = "[1, 2, 3, 4, 5, 6]"
    let bad = [
      "{\"tell\": \(six)}",
      "{\"tell\": \(six), \"constraints\": [[0, 0]]}",
      "{\"tell\": \(six), \"constraints\": [[0, 0], [0, 0], [0, 0], [0, 0], [0, 0], [0]]}",
      "{\"tell\": \(six), \"constraints\": [[0, 0], [0, 0], [0, 0], [0, 0], [0, 0], [0, \"x\"]]}",
      "{\"tell\": \(six), \"constraints\": [[0, 0], [0, 0], [0, 0], [0, 0], [0, 0], [0, NaN]]}",
      "{\"tell\": \(six), \"constraints\": 3}",
    ]
    let out = try FisherProcess.run(args, input: bad.joined(separator: "\n") + "\n")
    #expect(out.status == 0)
    #expect(out.lines.count == bad.count + 1)
    #expect(out.lines.allSatisfy { $0 == firstAsk })
    let messages = out.stderr.split(separator: "\n")
    #expect(messages.count == bad.count)
    #expect(messages.allSatisfy { $0.contains("asking again") })
    #expect(messages[0].contains("constraints"))

    // Constraint values told to a run without constraints are refused too.
    let plain = try FisherProcess.run(
      ["ask-tell", "--strategy", "cma-es", "--dimension", "2", "--seed", "3"],
      input: "{\"tell\": \(six), \"constraints\": [[0], [0], [0], [0], [0], [0]]}\n")
    #expect(plain.lines.count == 2 && plain.lines[0] == plain.lines[1])
    #expect(plain.stderr.contains("--constraints"))
  }

  @Test func nullConstraintValuesMarkFailedEvaluations() throws {
    let args = ["ask-tell", "--strategy", "cma-es", "--dimension", "2", "--seed", "3", "--constraints", "1",
                "--max-generations", "1"]
    let line = "{\"tell\": [1, 2, 3, 4, 5, 6], \"constraints\": [null, [null], [-1], [1], [-1], [-1]]}"
    let out = try FisherProcess.run(args, input: line + "\n")
    #expect(out.status == 0)
    let done = try #require(try Self.lastJSON(out)["done"] as? [String: Any])
    #expect(done["failed_evaluations"] as? Int == 2)
    #expect(done["best_feasible_f"] as? Double == 3)
    #expect(done["best_f"] as? Double == 3)
    #expect(done["feasible"] as? Bool == true)
  }

  @Test func noFeasiblePointIsReportedAsSuch() throws {
    let args = ["ask-tell", "--strategy", "cma-es", "--dimension", "2", "--seed", "3", "--constraints", "1",
                "--max-generations", "1"]
    let line = "{\"tell\": [1, 2, 3, 4, 5, 6], \"constraints\": [[3], [2], [0.5], [4], [1], [9]]}"
    let out = try FisherProcess.run(args, input: line + "\n")
    let done = try #require(try Self.lastJSON(out)["done"] as? [String: Any])
    #expect(done["feasible"] as? Bool == false)
    #expect(done["best_feasible_f"] is NSNull)
    #expect(done["best_max_violation"] as? Double == 0.5)
    #expect(done["best_f"] as? Double == 3)
  }

  @Test func checkpointAndResumeWithConstraintsContinueExactly() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fisher-cons-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let state = dir.appendingPathComponent("state.json").path
    let args = ["ask-tell", "--strategy", "cma-es", "--dimension", "3", "--mean", "2,2,2", "--seed", "6",
                "--constraints", "2", "--max-generations", "8"]
    let whole = try Self.converse(args, answer: Self.tellLine)
    // Four generations with a checkpoint, then the rest from it.
    var input = ""
    var out = try FisherProcess.run(args + ["--checkpoint", state], input: "")
    for _ in 0..<4 {
      let points = try #require(try Self.lastJSON(out)["ask"] as? [[Double]])
      input += Self.tellLine(points) + "\n"
      out = try FisherProcess.run(args + ["--checkpoint", state], input: input)
    }
    let resumed = try Self.converse(["ask-tell", "--resume", state], answer: Self.tellLine)
    #expect(resumed.status == 0, "\(resumed.stderr)")
    #expect(resumed.lines.last == whole.lines.last)
    let wrongCount = try FisherProcess.run(["ask-tell", "--resume", state, "--constraints", "3"], input: "")
    #expect(wrongCount.status == 2 && wrongCount.stderr.contains("--constraints"))
  }

  @Test func invalidConstraintOptionsExitTwo() throws {
    for bad in [["--constraints", "0"], ["--constraints", "-2"], ["--constraints", "x"],
                ["--constraint-method", "ranking"], ["--constraints", "1", "--constraint-method", "penalty"],
                ["--constraints", "1", "--noise", "uh"]] {
      let out = try FisherProcess.run(["ask-tell", "--dimension", "2"] + bad, input: "")
      #expect(out.status == 2, "\(bad)")
      #expect(out.stderr.contains("constraint"), "\(bad): \(out.stderr)")
    }
  }

  @Test func minimizeRunsABBOBConstrainedProblemFromItsInitialSolution() throws {
    let args = ["minimize", "--strategy", "cma-es", "--problem", "bbob-constrained:1:1", "--dimension", "5",
                "--budget", "20000", "--seed", "1", "--target-precision", "1e-8", "--json"]
    let out = try FisherProcess.run(args + ["--threads", "1"])
    #expect(out.status == 0, "\(out.stderr)")
    let json = try Self.lastJSON(out)
    #expect(json["constraints"] as? Int == 1)
    #expect(json["constraint_method"] as? String == "al")
    #expect(json["feasible"] as? Bool == true)
    let fopt = try #require(json["optimal_f"] as? Double)
    let f = try #require(json["best_feasible_f"] as? Double)
    #expect(f - fopt <= 1e-8)
    #expect(json["stop_reason"] as? String == "target-precision")
    // The reported point is feasible by the suite's own constraint values.
    let x = try #require(json["best_feasible_x"] as? [Double])
    let eval = try FisherProcess.run(
      ["bbob", "eval", "--suite", "bbob-constrained", "--function", "1", "--instance", "1", "--dimension", "5"],
      input: x.map { String($0) }.joined(separator: " ") + "\n")
    let fields = try #require(eval.lines.first).split(separator: ",").compactMap { Double($0) }
    #expect(fields.first == f)
    #expect(fields.dropFirst().allSatisfy { $0 <= 0 })
    // Threads do not change the run.
    let other = try FisherProcess.run(args + ["--threads", "2"])
    #expect(try Self.lastJSON(other)["best_feasible_x"] as? [Double] == x)

    let ranking = try FisherProcess.run(
      ["minimize", "--strategy", "snes", "--problem", "bbob-constrained:2:1", "--dimension", "3", "--budget", "500", "--json"])
    #expect(try Self.lastJSON(ranking)["constraint_method"] as? String == "ranking")
    let misuse = try FisherProcess.run(
      ["minimize", "--problem", "sphere", "--dimension", "2", "--constraint-method", "al"])
    #expect(misuse.status == 2)
  }
}
