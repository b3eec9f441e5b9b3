import Foundation
import Testing

@Suite("fisher bbob and bench bbob")
struct BBOBCommandTests {
  /// `eval` reads commas, spaces and semicolons and prints 17 significant digits;
  /// the values are COCO's (rows of Resources/bbob-vectors.csv: f1 i1 d2 at 0 is 80.88209408).
  @Test func evalPrintsCOCOValues() throws {
    let out = try FisherProcess.run(
      ["bbob", "eval", "--function", "1", "--instance", "1", "--dimension", "2"],
      input: "0,0\n4.607195265630949 4.630610559000937\n0;0\n")
    #expect(out.status == 0)
    #expect(out.lines.count == 3)
    #expect(out.lines[0] == String(format: "%.17g", 80.88209408))
    #expect(Double(out.lines[1]).map { Swift.abs($0 - 131.93487910778478) <= 1e-9 * 131.93487910778478 } == true)
    #expect(out.lines[2] == out.lines[0])
  }

  @Test func evalRejectsBadLinesWithTheirNumber() throws {
    let wrongCount = try FisherProcess.run(
      ["bbob", "eval", "--function", "3", "--dimension", "2"], input: "1,2\n1,2,3\n")
    #expect(wrongCount.status == 2)
    #expect(wrongCount.stderr.contains("line 2"))
    #expect(wrongCount.lines.count == 1)
    let notANumber = try FisherProcess.run(["bbob", "eval", "--function", "3", "--dimension", "2"], input: "1,x\n")
    #expect(notANumber.status == 2 && notANumber.stderr.contains("line 1"))
    let badFunction = try FisherProcess.run(["bbob", "eval", "--function", "25", "--dimension", "2"])
    #expect(badFunction.status == 2)
  }

  /// bbob-noisy values in cocoex's order: the first two evaluations of f101 and f103
  /// (instance 1, d = 2) after cocoex constructed its suite, at the origin and at
  /// (3.653956, 0.691488), as cocoex 2.8.2 printed them.
  @Test func evalReplaysCocoexNoise() throws {
    let input = "0,0\n3.653956,0.691488\n"
    let cases: [(Int, [Double])] = [(101, [80.88585114048874, 94.26386173866028]), (103, [90.8820940901, 104.46403067738001])]
    for (function, expected) in cases {
      let out = try FisherProcess.run(
        ["bbob", "eval", "--function", "\(function)", "--instance", "1", "--dimension", "2"], input: input)
      #expect(out.status == 0, "\(out.stderr)")
      #expect(out.lines.count == 2)
      for (line, value) in zip(out.lines, expected) {
        #expect(Double(line).map { Swift.abs($0 - value) <= 1e-9 * Swift.abs(value) } == true, "f\(function): \(line)")
      }
    }
    let explicit = try FisherProcess.run(
      ["bbob", "eval", "--suite", "bbob-noisy", "--function", "101", "--dimension", "2"], input: input)
    let inferred = try FisherProcess.run(["bbob", "eval", "--function", "101", "--dimension", "2"], input: input)
    #expect(explicit.status == 0 && explicit.lines == inferred.lines)
    for arguments in [["--suite", "bbob", "--function", "101"], ["--suite", "bbob-noisy", "--function", "1"],
                      ["--suite", "noisy", "--function", "101"]] {
      let bad = try FisherProcess.run(["bbob", "eval"] + arguments + ["--dimension", "2"], input: input)
      #expect(bad.status == 2 && !bad.stderr.isEmpty, "\(arguments)")
    }
    // --noise-free: the value without noise, the same however often a point is evaluated.
    let twice = "0,0\n0,0\n3.653956,0.691488\n"
    let clean = try FisherProcess.run(
      ["bbob", "eval", "--function", "101", "--dimension", "2", "--noise-free"], input: twice)
    #expect(clean.status == 0 && clean.lines.count == 3 && clean.lines[0] == clean.lines[1])
    let noisy = try FisherProcess.run(["bbob", "eval", "--function", "101", "--dimension", "2"], input: twice)
    #expect(noisy.lines[0] != noisy.lines[1])
    let noNoise = try FisherProcess.run(
      ["bbob", "eval", "--function", "1", "--dimension", "2", "--noise-free"], input: input)
    #expect(noNoise.status == 2 && noNoise.stderr.contains("--noise-free"))
    let info = try FisherProcess.run(["bbob", "info", "--function", "130", "--instance", "2", "--dimension", "5", "--json"])
    let object = try JSONSerialization.jsonObject(with: Data(info.stdout.utf8)) as? [String: Any]
    #expect(object?["name"] as? String == "bbob_noisy_f130_i02_d05")
    #expect(object?["suite"] as? String == "bbob-noisy")
    // f130: Gallagher under severe Cauchy noise, α = 1, p = 0.2.
    let noise = object?["noise"] as? [String: Any]
    #expect(noise?["model"] as? String == "cauchy" && noise?["alpha"] as? Double == 1 && noise?["p"] as? Double == 0.2)
    let uniform = try FisherProcess.run(["bbob", "info", "--function", "102", "--dimension", "4"])
    // f102: moderate uniform noise, α = 0.01·(0.49 + 1/n), β = 0.01.
    #expect(uniform.status == 0 && uniform.stdout.contains("noise: uniform (alpha = \(0.01 * (0.49 + 1 / 4.0)), beta = 0.01)"))
    let noiseless = try FisherProcess.run(["bbob", "info", "--function", "8", "--dimension", "4", "--json"])
    #expect(noiseless.status == 0 && !noiseless.stdout.contains("noise"))
  }

  @Test func infoJSON() throws {
    let out = try FisherProcess.run(["bbob", "info", "--function", "8", "--instance", "1", "--dimension", "10", "--json"])
    #expect(out.status == 0)
    let object = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any]
    #expect(object?["name"] as? String == "bbob_f008_i01_d10")
    #expect((object?["xopt"] as? [Any])?.count == 10)
  }

  /// A tiny experiment writes runs.csv, the COCO folder and the report.
  @Test func benchWritesOutputs() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fisher-bench-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = try FisherProcess.run([
      "bench", "bbob", "--strategies", "cma-es", "--functions", "1,2", "--dimensions", "2", "--instances", "1-2",
      "--budget-multiplier", "50", "--seed", "1", "--sigma", "1.5", "--output", dir.path, "--quiet",
    ])
    #expect(out.status == 0, "\(out.stderr)")
    let design = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("experiment.json")))
    #expect((design as? [String: Any])?["initialSigma"] as? Double == 1.5)
    let csv = try String(contentsOf: dir.appendingPathComponent("runs.csv"), encoding: .utf8)
    #expect(csv.split(separator: "\n").count == 5)
    for path in ["report.html", "coco/cma-es/bbobexp_f1.info", "coco/cma-es/data_f2/bbobexp_f2_DIM2.tdat"] {
      #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(path).path), "\(path)")
    }
    let bad = try FisherProcess.run([
      "bench", "bbob", "--strategies", "no-such", "--output", dir.path,
    ])
    #expect(bad.status == 2)
    let badRestarts = try FisherProcess.run([
      "bench", "bbob", "--strategies", "cma-es", "--restarts", "sometimes", "--output", dir.path,
    ])
    #expect(badRestarts.status == 2)
    #expect(badRestarts.stderr.contains("restarts"))
    let badSigma = try FisherProcess.run([
      "bench", "bbob", "--strategies", "cma-es", "--sigma", "0", "--output", dir.path,
    ])
    #expect(badSigma.status == 2)
    #expect(badSigma.stderr.contains("sigma"))
  }

  /// A bbob-noisy experiment (inferred from f101 and f113) under uncertainty
  /// handling writes COCO data marked as the noisy suite, and its records do
  /// not depend on the thread count.
  @Test func benchNoisyRun() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("fisher-bench-noisy-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    var runs: [[String]] = []
    for threads in ["1", "3"] {
      let dir = root.appendingPathComponent(threads)
      let out = try FisherProcess.run([
        "bench", "bbob", "--strategies", "cma-es", "--functions", "101,113", "--dimensions", "2", "--instances", "1-2",
        "--budget-multiplier", "60", "--seed", "4", "--noise", "uh", "--threads", threads, "--output", dir.path, "--quiet",
      ])
      #expect(out.status == 0, "\(out.stderr)")
      let design = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("experiment.json")))
      #expect((design as? [String: Any])?["suite"] as? String == "bbob-noisy")
      #expect((design as? [String: Any])?["recommendation"] as? String == "distribution-mean")
      let info = try String(contentsOf: dir.appendingPathComponent("coco/cma-es/bbobexp_f113.info"), encoding: .utf8)
      #expect(info.hasPrefix("suite = 'bbob-noisy', funcId = 113, DIM = 2, Precision = 1.000e-08, algId = 'cma-es'"))
      let report = try String(contentsOf: dir.appendingPathComponent("report.html"), encoding: .utf8)
      #expect(report.contains("bbob-noisy experiment") && report.contains("Recommended points"))
      runs.append(try String(contentsOf: dir.appendingPathComponent("runs.csv"), encoding: .utf8).split(separator: "\n").map(String.init))
      let tdat = try String(contentsOf: dir.appendingPathComponent("coco/cma-es/data_f101/bbobexp_f101_DIM2.tdat"), encoding: .utf8)
      runs.append([tdat])
    }
    #expect(runs.count == 4 && runs[0] == runs[2] && runs[1] == runs[3])
    #expect(runs[0].count == 5)
  }

  /// A suite and functions that do not go together, a noise handling a strategy
  /// cannot take and malformed values end with status 2 and the reason.
  @Test func benchRejectsBadSuiteAndNoise() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fisher-bench-bad-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    let cases: [([String], String)] = [
      (["--suite", "bbob", "--functions", "101"], "bbob-noisy"),
      (["--suite", "bbob-noisy", "--functions", "1-3"], "bbob-noisy"),
      (["--functions", "1,101"], "mix"),
      (["--functions", "131"], "131"),
      (["--suite", "noisy"], "suite"),
      (["--strategies", "cem", "--noise", "uh"], "uh"),
      (["--noise", "resample:0"], "resample"),
    ]
    for (arguments, reason) in cases {
      var all = ["bench", "bbob", "--strategies", "cma-es", "--dimensions", "2", "--instances", "1", "--output", dir.path]
      if arguments.contains("--strategies") { all.removeSubrange(2...3) }
      let out = try FisherProcess.run(all + arguments)
      #expect(out.status == 2, "\(arguments): \(out.stderr)")
      #expect(out.stderr.contains(reason), "\(arguments): \(out.stderr)")
    }
    #expect(!FileManager.default.fileExists(atPath: dir.path))
  }

  /// CMA-ES solves the 3-D sphere from (3, 3, 3) in every repetition (it needs ~400 of the 3,000 evaluations).
  @Test func benchClassicPrintsTable() throws {
    let out = try FisherProcess.run([
      "bench", "classic", "--strategies", "cma-es", "--problems", "sphere", "--dimensions", "3",
      "--repetitions", "2", "--budget-multiplier", "1000",
    ])
    #expect(out.status == 0, "\(out.stderr)")
    #expect(out.lines.count == 3)
    #expect(out.lines[2].hasPrefix("| cma-es | sphere | 3 | 2/2 |"))
    let bad = try FisherProcess.run(["bench", "classic", "--strategies", "cma-es", "--problems", "nope"])
    #expect(bad.status == 2)
  }
}
