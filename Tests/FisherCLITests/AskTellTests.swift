import Foundation
import Testing

/// End-to-end tests of `fisher ask-tell`, driving the real executable over pipes.
@Suite struct AskTellTests {
  static func sphere(_ x: [Double]) -> Double { x.reduce(0) { $0 + $1 * $1 } }

  /// Answers every ask with sphere values, as an outside program would,
  /// by running the conversation in rounds (the process reads all of stdin).
  /// Returns the transcript of asks and the final line.
  static func converse(
    _ arguments: [String], rounds: Int, answer: ([[Double]]) -> String
  ) throws -> (asks: [[[Double]]], output: FisherProcess.Output) {
    // The candidates of generation g do not depend on the answers to later ones,
    // so the transcript is built incrementally: run with the answers so far, read the next ask.
    var answers: [String] = []
    var asks: [[[Double]]] = []
    var last: FisherProcess.Output!
    for _ in 0...rounds {
      last = try FisherProcess.run(arguments, input: answers.joined(separator: "\n") + (answers.isEmpty ? "" : "\n"))
      let askLines = last.lines.filter { $0.hasPrefix("{\"ask\"") }
      guard let lastAsk = askLines.last, askLines.count == answers.count + 1 else { break }
      let points = try jsonObject(lastAsk)["ask"] as! [[Double]]
      asks.append(points)
      answers.append(answer(points))
    }
    return (asks, last)
  }

  @Test func protocolRoundTripAndDone() throws {
    let args = ["ask-tell", "--strategy", "cma-es", "--dimension", "3", "--mean", "1,1,1", "--sigma", "0.5",
                "--seed", "7", "--budget", "30"]
    let first = try FisherProcess.run(args, input: "")
    #expect(first.status == 0)
    let ask = try jsonObject(try #require(first.lines.first))
    let points = try #require(ask["ask"] as? [[Double]])
    #expect(points.count == 7)  // λ = 4 + ⌊3 ln 3⌋
    #expect(points.allSatisfy { $0.count == 3 })
    #expect(ask["generation"] as? Int == 0)

    // Tell three generations' values, then stop.
    var input = ""
    var transcript = first
    for _ in 0..<3 {
      let asks = transcript.lines.filter { $0.hasPrefix("{\"ask\"") }
      let p = try jsonObject(asks.last!)["ask"] as! [[Double]]
      input += "{\"tell\": [" + p.map { String(Self.sphere($0)) }.joined(separator: ",") + "]}\n"
      transcript = try FisherProcess.run(args, input: input)
    }
    let stopped = try FisherProcess.run(args, input: input + "{\"stop\": true}\n")
    #expect(stopped.status == 0)
    let done = try #require(try jsonObject(stopped.lines.last!)["done"] as? [String: Any])
    #expect(done["evaluations"] as? Int == 21)
    #expect(done["generations"] as? Int == 3)
    #expect(done["reason"] as? String == "cancelled")
    let bestX = try #require(done["best_x"] as? [Double])
    let bestF = try #require(done["best_f"] as? Double)
    #expect(Self.sphere(bestX) == bestF)
  }

  /// With uncertainty handling, asks alternate between the candidates and
  /// their re-evaluations; every repeat names an earlier evaluation of the
  /// same point, and the evaluation numbers run on without gaps.
  @Test func reevaluationsNameTheEvaluationTheyRepeat() throws {
    let args = ["ask-tell", "--strategy", "cma-es", "--dimension", "4", "--mean", "1,1,1,1", "--sigma", "0.5",
                "--seed", "5", "--noise", "uh", "--max-generations", "3"]
    var input = ""
    var points: [[Double]] = []  // every evaluation so far, by number − 1
    var rounds: [Int] = []
    var out = try FisherProcess.run(args, input: input)
    while let line = out.lines.last, line.hasPrefix("{\"ask\"") {
      let ask = try jsonObject(line)
      let asked = try #require(ask["ask"] as? [[Double]])
      let repeats = try #require(ask["repeat_of"] as? [Any])
      #expect(ask["first_evaluation"] as? Int == points.count + 1)
      rounds.append(try #require(ask["round"] as? Int))
      for (j, r) in repeats.enumerated() {
        if let r = r as? Int {
          #expect(r >= 1 && r <= points.count, "a repeat names an earlier evaluation")
          #expect(points[r - 1] == asked[j])
        }
      }
      points += asked
      // A noisy answer: the sphere plus a term that differs between repeats.
      let values = asked.enumerated().map { j, x in Self.sphere(x) + Double((points.count + j) % 7) * 0.01 }
      input += "{\"tell\": [" + values.map { String($0) }.joined(separator: ",") + "]}\n"
      out = try FisherProcess.run(args, input: input)
    }
    #expect(out.status == 0)
    #expect(rounds == [0, 1, 0, 1, 0, 1])
    let done = try #require(try jsonObject(out.lines.last!)["done"] as? [String: Any])
    #expect(done["evaluations"] as? Int == points.count)
    #expect((done["recommended_x"] as? [Double])?.count == 4)
  }

  @Test func noiseOptionsThatDoNotApplyExitTwo() throws {
    for bad in [["--strategy", "cem", "--noise", "uh"], ["--strategy", "snes", "--noise", "lra"],
                ["--noise", "resample:0"], ["--noise", "resample:99999999"], ["--noise", "uh:0"],
                ["--noise", "resample:3:mode"], ["--noise", "loud"]] {
      let out = try FisherProcess.run(["ask-tell", "--dimension", "2"] + bad, input: "")
      #expect(out.status == 2, "\(bad)")
      #expect(out.stderr.contains("--noise"), "\(bad): \(out.stderr)")
    }
    let cholesky = try FisherProcess.run(
      ["ask-tell", "--dimension", "2", "--noise", "lra", "--covariance", "cholesky"], input: "")
    #expect(cholesky.status == 2 && cholesky.stderr.contains("cholesky"))
  }

  @Test func badLinesGetAMessageAndTheSameAskAgain() throws {
    let args = ["ask-tell", "--strategy", "cma-es", "--dimension", "2", "--sigma", "1", "--seed", "3"]
    let clean = try FisherProcess.run(args, input: "")
    let firstAsk = try #require(clean.lines.first)
    let bad = [
      "this is not json",
      "{\"tell\": [1, 2]}",
      "{\"tell\": [1, 2, 3, 4, \"x\", 6]}",
      "{\"tell\": [1, 2, 3, 4, true, 6]}",
      "{\"nothing\": 1}",
    ]
    let out = try FisherProcess.run(args, input: bad.joined(separator: "\n") + "\n")
    #expect(out.status == 0)
    #expect(out.lines.count == bad.count + 1)
    #expect(out.lines.allSatisfy { $0 == firstAsk })
    #expect(out.stderr.split(separator: "\n").count == bad.count)
  }

  @Test func nullMarksAFailureRankedWorst() throws {
    let args = ["ask-tell", "--strategy", "cma-es", "--dimension", "2", "--seed", "3", "--max-generations", "1"]
    let out = try FisherProcess.run(args, input: "{\"tell\": [null, 5, 4, 3, null, 1]}\n")
    #expect(out.status == 0)
    let done = try #require(try jsonObject(out.lines.last!)["done"] as? [String: Any])
    #expect(done["best_f"] as? Double == 1)
    #expect(done["failed_evaluations"] as? Int == 2)
    #expect(done["reason"] as? String == "max-generations")
  }

  @Test func checkpointAndResumeContinueExactly() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fisher-asktell-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let checkpoint = dir.appendingPathComponent("state.json").path
    let base = ["ask-tell", "--strategy", "cma-es", "--dimension", "4", "--mean", "2,2,2,2", "--seed", "11"]

    // Reference: one uninterrupted conversation of 6 generations.
    let reference = try Self.converse(base, rounds: 6) { p in
      "{\"tell\": [" + p.map { String(Self.sphere($0)) }.joined(separator: ",") + "]}"
    }
    #expect(reference.asks.count == 7)

    // Interrupted: answer 3 generations with a checkpoint, lose the process, resume for the rest.
    var input = ""
    for g in 0..<3 {
      input += "{\"tell\": [" + reference.asks[g].map { String(Self.sphere($0)) }.joined(separator: ",") + "]}\n"
    }
    let part1 = try FisherProcess.run(base + ["--checkpoint", checkpoint], input: input)
    #expect(part1.status == 0)
    let resumed = try FisherProcess.run(["ask-tell", "--resume", checkpoint, "--checkpoint", checkpoint], input: "")
    let resumedAsk = try jsonObject(try #require(resumed.lines.first))
    #expect(resumedAsk["generation"] as? Int == 3)
    #expect(resumedAsk["ask"] as? [[Double]] == reference.asks[3])
  }

  @Test func invalidArgumentsExitWithStatus2() throws {
    for args in [
      ["ask-tell", "--strategy", "cma-es", "--dimension", "0"],
      ["ask-tell", "--strategy", "cma-es", "--dimension", "2", "--sigma", "-1"],
      ["ask-tell", "--strategy", "cma-es", "--dimension", "2", "--mean", "1,2,3"],
      ["ask-tell", "--strategy", "no-such-strategy", "--dimension", "2"],
      ["ask-tell", "--resume", "/nonexistent/checkpoint.json"],
      ["ask-tell", "--strategy", "cma-es", "--dimension", "2", "--bounds", "3,1"],
    ] {
      let out = try FisherProcess.run(args)
      #expect(out.status == 2, "\(args)")
      #expect(!out.stderr.isEmpty)
      #expect(out.stdout.isEmpty)
    }
  }
}
