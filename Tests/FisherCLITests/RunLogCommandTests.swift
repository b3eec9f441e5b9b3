import Foundation
import Testing

/// `--log` of `fisher minimize` and `fisher ask-tell`, and `fisher plot`.
@Suite struct RunLogCommandTests {
  static func temporaryDirectory() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fisher-log-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
  }

  /// The log's lines as dictionaries.
  static func readLog(_ path: String) throws -> [[String: Any]] {
    try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { try jsonObject(String($0)) }
  }

  static func sphere(_ x: [Double]) -> Double { x.reduce(0) { $0 + $1 * $1 } }

  static let minimize = [
    "minimize", "--strategy", "cma-es", "--problem", "rosenbrock", "--dimension", "4", "--max-generations", "40",
    "--seed", "3", "--json", "--threads", "1", "--quiet",
  ]

  /// One line per generation: generations 1…G, evaluations g·λ (λ = 8 at
  /// n = 4), best f so far non-increasing and ending at the result's best f,
  /// n standard deviations and n mean coordinates.
  @Test func minimizeWritesOneLinePerGeneration() throws {
    let dir = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let log = dir.appendingPathComponent("run.jsonl").path
    let out = try FisherProcess.run(Self.minimize + ["--log", log])
    #expect(out.status == 0, "\(out.stderr)")
    let result = try jsonObject(try #require(out.lines.last))
    let lines = try Self.readLog(log)
    #expect(lines.count == 40 && result["generations"] as? Int == 40)
    #expect(lines.map { $0["generation"] as? Int } == (1...40).map { $0 })
    #expect(lines.map { $0["evaluations"] as? Int } == (1...40).map { $0 * 8 })
    let best = lines.compactMap { $0["best_so_far"] as? Double }
    #expect(best.count == 40 && zip(best, best.dropFirst()).allSatisfy { $0 >= $1 })
    #expect(best.last == result["best_f"] as? Double)
    for line in lines {
      #expect((line["stds"] as? [Double])?.count == 4 && (line["mean"] as? [Double])?.count == 4)
      #expect(((line["sigma"] as? Double) ?? 0) > 0 && ((line["condition"] as? Double) ?? 0) >= 1)
      let b = try #require(line["best"] as? Double), m = try #require(line["median"] as? Double)
      let w = try #require(line["worst"] as? Double)
      #expect(b <= m && m <= w)
    }
  }

  /// Logging changes nothing in the run.
  @Test func loggingDoesNotChangeTheResult() throws {
    let dir = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let plain = try jsonObject(try #require(try FisherProcess.run(Self.minimize).lines.last))
    let logged = try jsonObject(
      try #require(try FisherProcess.run(Self.minimize + ["--log", dir.appendingPathComponent("r.jsonl").path]).lines.last))
    for key in ["best_f", "best_x", "evaluations", "generations", "stop_reason", "recommended_x"] {
      #expect("\(plain[key] ?? "nil")" == "\(logged[key] ?? "nil")", "\(key)")
    }
  }

  /// A log that cannot be written stops both commands with status 2 before any work.
  @Test func unwritableLogExitsTwo() throws {
    let path = "/nonexistent-fisher-dir/run.jsonl"
    let m = try FisherProcess.run(Self.minimize + ["--log", path])
    #expect(m.status == 2 && m.stdout.isEmpty)
    #expect(m.stderr.hasPrefix("fisher: ") && m.stderr.contains("cannot write the log \(path)"), "\(m.stderr)")
    let a = try FisherProcess.run(["ask-tell", "--dimension", "2", "--log", path], input: "")
    #expect(a.status == 2 && a.stdout.isEmpty, "\(a.stdout)")
    #expect(a.stderr.contains("cannot write the log \(path)"), "\(a.stderr)")
  }

  /// A resumed minimize run continues the log without repeating a generation.
  @Test func minimizeResumeContinuesTheLog() throws {
    let dir = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let log = dir.appendingPathComponent("run.jsonl").path, checkpoint = dir.appendingPathComponent("run.ckpt").path
    let base = ["minimize", "--strategy", "cma-es", "--problem", "sphere", "--dimension", "3", "--seed", "4", "--json", "--quiet"]
    let first = try FisherProcess.run(base + ["--max-generations", "10", "--checkpoint", checkpoint, "--log", log])
    #expect(first.status == 0, "\(first.stderr)")
    // A line the crashed run wrote after its last checkpoint, and half a line.
    var text = try String(contentsOfFile: log, encoding: .utf8)
    let lastLine = try #require(text.split(separator: "\n").last)
    text += lastLine.replacingOccurrences(of: "\"generation\":10,", with: "\"generation\":11,") + "\n{\"generation\":12,\"evalu"
    try text.write(toFile: log, atomically: true, encoding: .utf8)
    let second = try FisherProcess.run(base + ["--max-generations", "25", "--resume", checkpoint, "--log", log])
    #expect(second.status == 0, "\(second.stderr)")
    let lines = try Self.readLog(log)
    #expect(lines.map { $0["generation"] as? Int } == (1...25).map { $0 })
    let whole = try jsonObject(try #require(try FisherProcess.run(base + ["--max-generations", "25"]).lines.last))
    #expect(lines.last?["best_so_far"] as? Double == whole["best_f"] as? Double)
  }

  /// ask-tell logs each accepted tell's generation; resumed from its
  /// checkpoint, it drops what the log holds beyond the checkpoint and goes on.
  @Test func askTellLogsAndResumesWithoutDuplicates() throws {
    let dir = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let log = dir.appendingPathComponent("run.jsonl").path, checkpoint = dir.appendingPathComponent("run.ckpt").path
    let args = ["ask-tell", "--strategy", "cma-es", "--dimension", "3", "--mean", "1,1,1", "--sigma", "0.5", "--seed", "9",
                "--max-generations", "12", "--checkpoint", checkpoint, "--log", log]
    func answer(_ line: String) throws -> String? {
      guard line.hasPrefix("{\"ask\"") else { return nil }
      let points = try #require(try jsonObject(line)["ask"] as? [[Double]])
      return "{\"tell\": [" + points.map { String(Self.sphere($0)) }.joined(separator: ",") + "]}"
    }
    var told = 0
    let first = try FisherProcess.converse(args) { line in
      guard line.hasPrefix("{\"ask\""), told < 5 else { return nil }
      told += 1
      return try answer(line)
    }
    #expect(first.status == 0, "\(first.stderr)")
    var lines = try Self.readLog(log)
    #expect(lines.map { $0["generation"] as? Int } == [1, 2, 3, 4, 5])
    #expect(lines.map { $0["evaluations"] as? Int } == [7, 14, 21, 28, 35])  // λ = 7 at n = 3
    // As if the process had died after logging generation 6 but before its checkpoint.
    var text = try String(contentsOfFile: log, encoding: .utf8)
    text += "{\"generation\":6,\"evaluations\":42,\"best\":0,\"median\":0,\"worst\":0,\"best_so_far\":0,"
      + "\"sigma\":1,\"condition\":1,\"stds\":[1,1,1],\"mean\":[0,0,0]}\n"
    try text.write(toFile: log, atomically: true, encoding: .utf8)
    let resumed = try FisherProcess.converse(["ask-tell", "--resume", checkpoint, "--checkpoint", checkpoint, "--log", log]) {
      try answer($0)
    }
    #expect(resumed.status == 0, "\(resumed.stderr)")
    let lastLine = try #require(resumed.lines.last)
    let done = try #require(try jsonObject(lastLine)["done"] as? [String: Any])
    lines = try Self.readLog(log)
    #expect(lines.map { $0["generation"] as? Int } == (1...12).map { $0 })
    #expect(lines.map { $0["evaluations"] as? Int } == (1...12).map { $0 * 7 })
    #expect(lines.last?["best_so_far"] as? Double == done["best_f"] as? Double)
    #expect(lines[5]["best_so_far"] as? Double != 0)
  }

  /// `fisher plot` draws a log as HTML or SVG, one point per generation.
  @Test func plotDrawsALog() throws {
    let dir = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let log = dir.appendingPathComponent("run.jsonl").path
    #expect(try FisherProcess.run(Self.minimize + ["--log", log]).status == 0)
    let svgPath = dir.appendingPathComponent("run.svg").path, htmlPath = dir.appendingPathComponent("run.HTML").path
    let svgRun = try FisherProcess.run(["plot", log, "--output", svgPath, "--title", "rosenbrock <4>"])
    #expect(svgRun.status == 0, "\(svgRun.stderr)")
    let svg = try String(contentsOfFile: svgPath, encoding: .utf8)
    #expect(svg.hasPrefix("<svg") && svg.contains("rosenbrock &lt;4&gt;"))
    // The σ curve has a point for each of the 40 generations.
    let sigma = svg.components(separatedBy: "<polyline ").first { $0.contains("data-series=\"σ\"") }
    let points = try #require(sigma?.components(separatedBy: "points=\"").dropFirst().first?.prefix { $0 != "\"" })
    #expect(points.split(separator: " ").count == 40)
    #expect(try FisherProcess.run(["plot", log, "--output", htmlPath]).status == 0)
    let html = try String(contentsOfFile: htmlPath, encoding: .utf8)
    #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("run.jsonl") && !html.contains("<script"))
  }

  /// Bad input to `fisher plot` exits 2 with a message naming what is wrong.
  @Test func plotRejectsBadInput() throws {
    let dir = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let log = dir.appendingPathComponent("bad.jsonl").path
    let good = "{\"generation\":1,\"evaluations\":5,\"best\":1,\"median\":2,\"worst\":3,\"best_so_far\":1,"
      + "\"sigma\":1,\"condition\":1,\"stds\":[1],\"mean\":[0]}"
    try (good + "\n{\"generation\": 2, oops\n").write(toFile: log, atomically: true, encoding: .utf8)
    let malformed = try FisherProcess.run(["plot", log, "--output", dir.appendingPathComponent("o.svg").path])
    #expect(malformed.status == 2 && malformed.stderr.contains("line 2"), "\(malformed.stderr)")
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("o.svg").path))
    let missing = try FisherProcess.run(["plot", dir.appendingPathComponent("none.jsonl").path, "--output", "x.svg"])
    #expect(missing.status == 2 && missing.stderr.contains("none.jsonl"), "\(missing.stderr)")
    let png = try FisherProcess.run(["plot", log, "--output", dir.appendingPathComponent("o.png").path])
    #expect(png.status == 2 && png.stderr.contains(".svg"), "\(png.stderr)")
    let help = try FisherProcess.run(["plot", "--help"])
    #expect(help.status == 0 && help.stdout.contains("best_so_far") && help.stdout.contains("--output"))
  }
}
