import Foundation
import Testing

@Suite("fisher bbob on bbob-constrained")
struct BBOBConstrainedCommandTests {
  /// f44 (separable Rastrigin with 2 active constraints and 1 inactive), instance 2,
  /// n = 3: cocoex 2.8.2's initial_solution, problem(x) and problem.constraint(x).
  static let initial = [-1.8044276878904553, -3.579627687890455, 2.2864000000000004]
  static let expected: [[Double]] = [
    [1709.9967861301102, -117190.28308383306, -323.39597491784207, -5663.495256167701],
    [984.6966029292508, -60987.43317794157, -1919.3052471459273, -4067.5859839396167],
  ]

  static func agrees(_ value: Double, _ reference: Double) -> Bool {
    Swift.abs(value - reference) <= 1e-9 * Swift.max(1, Swift.abs(reference))
  }

  /// `eval` prints f and the three constraint values per point, comma-separated on one line.
  @Test func evalPrintsObjectiveAndConstraints() throws {
    let input = Self.initial.map { "\($0)" }.joined(separator: ",") + "\n1 -2 0.5\n"
    let out = try FisherProcess.run(
      ["bbob", "eval", "--suite", "bbob-constrained", "--function", "44", "--instance", "2", "--dimension", "3"],
      input: input)
    #expect(out.status == 0, "\(out.stderr)")
    #expect(out.lines.count == 2)
    for (line, expected) in zip(out.lines, Self.expected) {
      let values = line.split(separator: ",").compactMap { Double($0) }
      #expect(values.count == 4, "\(line)")
      #expect(zip(values, expected).allSatisfy(Self.agrees), "\(line) vs \(expected)")
    }
  }

  /// `info` names the problem, its constraints and its feasible initial solution, in text and JSON.
  @Test func infoNamesTheConstraints() throws {
    let arguments = ["bbob", "info", "--suite", "bbob-constrained", "--function", "44", "--instance", "2", "--dimension", "3"]
    let text = try FisherProcess.run(arguments)
    #expect(text.status == 0, "\(text.stderr)")
    #expect(text.lines.contains("name: bbob-constrained_f044_i02_d03"))
    #expect(text.lines.contains("suite: bbob-constrained"))
    #expect(text.lines.contains("function: f44 Separable Rastrigin, m=3"))
    #expect(text.lines.contains("constraints: 3 (2 active at the optimum)"))
    #expect(text.lines.contains { $0.hasPrefix("initial: ") })

    let json = try FisherProcess.run(arguments + ["--json"])
    #expect(json.status == 0, "\(json.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
    #expect(object?["name"] as? String == "bbob-constrained_f044_i02_d03")
    #expect(object?["suite"] as? String == "bbob-constrained")
    #expect(object?["constraints"] as? Int == 3)
    #expect(object?["activeConstraints"] as? Int == 2)
    let initial = object?["initialSolution"] as? [Double] ?? []
    #expect(initial.count == 3 && zip(initial, Self.initial).allSatisfy(Self.agrees))
    #expect((object?["xopt"] as? [Any])?.count == 3)
    #expect(object?["fopt"] is Double)

    // The other suites print no constraints.
    let noiseless = try FisherProcess.run(["bbob", "info", "--function", "8", "--dimension", "4", "--json"])
    #expect(noiseless.status == 0 && !noiseless.stdout.contains("constraints"))
  }

  /// Bad input ends with status 2 and a message on standard error.
  @Test func badInputExitsWithStatus2() throws {
    let cases: [([String], String)] = [
      (["--function", "55", "--dimension", "2"], "55"),
      (["--function", "101", "--dimension", "2"], "101"),
      (["--function", "1", "--dimension", "4"], "dimension"),
      (["--function", "1", "--instance", "0", "--dimension", "2"], "instance"),
      (["--function", "1", "--dimension", "2", "--noise-free"], "--noise-free"),
    ]
    for (arguments, reason) in cases {
      let out = try FisherProcess.run(["bbob", "eval", "--suite", "bbob-constrained"] + arguments, input: "0,0\n")
      #expect(out.status == 2, "\(arguments): \(out.stderr)")
      #expect(out.stderr.contains(reason), "\(arguments): \(out.stderr)")
      #expect(out.stdout.isEmpty)
    }
    let wrongCount = try FisherProcess.run(
      ["bbob", "eval", "--suite", "bbob-constrained", "--function", "1", "--dimension", "2"], input: "1,2\n1,2,3\n")
    #expect(wrongCount.status == 2 && wrongCount.stderr.contains("line 2") && wrongCount.lines.count == 1)
    let info = try FisherProcess.run(["bbob", "info", "--suite", "bbob-constrained", "--function", "0", "--dimension", "2"])
    #expect(info.status == 2 && !info.stderr.isEmpty)
  }

  /// `bench bbob --suite bbob-constrained` writes runs.csv (evaluations counting
  /// f and g), COCO data marked as the constrained suite (second column: g
  /// evaluations) and a report stating how evaluations are counted; the
  /// design records each strategy's constraint method.
  @Test func benchWritesConstrainedOutputs() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fisher-bench-cons-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = try FisherProcess.run([
      "bench", "bbob", "--suite", "bbob-constrained", "--strategies", "cma-es,xnes", "--functions", "1,44",
      "--dimensions", "2", "--instances", "1-2", "--budget-multiplier", "100", "--seed", "2", "--output", dir.path,
      "--quiet",
    ])
    #expect(out.status == 0, "\(out.stderr)")
    let design = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("experiment.json")))
    #expect((design as? [String: Any])?["suite"] as? String == "bbob-constrained")
    #expect((design as? [String: Any])?["constraintMethods"] as? [String: String] == ["cma-es": "al", "xnes": "ranking"])
    let csv = try String(contentsOf: dir.appendingPathComponent("runs.csv"), encoding: .utf8)
    let rows = csv.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    #expect(rows.count == 8)
    for row in rows {
      let evaluations = Int(row[5]) ?? -1
      #expect(evaluations > 0 && evaluations % 2 == 0 && evaluations <= 200, "\(row)")
    }
    let info = try String(contentsOf: dir.appendingPathComponent("coco/cma-es/bbobexp_f44.info"), encoding: .utf8)
    #expect(info.hasPrefix("suite = 'bbob-constrained', funcId = 44, DIM = 2, Precision = 1.000e-08, algId = 'cma-es'"))
    let tdat = try String(contentsOf: dir.appendingPathComponent("coco/xnes/data_f44/bbobexp_f44_DIM2.tdat"), encoding: .utf8)
    let firstLine = tdat.split(separator: "\n").dropFirst().first?.split(separator: " ") ?? []
    #expect(firstLine.count == 7 && firstLine[0] == "1" && firstLine[1] == "1" && firstLine[4].count == 3, "\(firstLine)")
    let report = try String(contentsOf: dir.appendingPathComponent("report.html"), encoding: .utf8)
    #expect(report.contains("bbob-constrained experiment") && report.contains("constraint evaluations"))
  }

  /// Options that do not fit the constrained suite end with status 2 and the reason.
  @Test func benchRejectsBadConstrainedOptions() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fisher-bench-cons-bad-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    let cases: [([String], String)] = [
      (["--suite", "bbob-constrained", "--dimensions", "4"], "bbob-constrained dimension"),
      (["--suite", "bbob-constrained", "--functions", "55"], "55"),
      (["--suite", "bbob-constrained", "--noise", "uh"], "noise"),
      (["--suite", "bbob-constrained", "--constraint-method", "lagrange"], "'al' and 'ranking'"),
      (["--constraint-method", "al"], "bbob-constrained"),
      (["--functions", "30"], "--suite bbob-constrained"),
    ]
    for (arguments, reason) in cases {
      let out = try FisherProcess.run(
        ["bench", "bbob", "--strategies", "cma-es", "--instances", "1", "--output", dir.path] + arguments)
      #expect(out.status == 2, "\(arguments): \(out.stderr)")
      #expect(out.stderr.contains(reason), "\(arguments): \(out.stderr)")
    }
    #expect(!FileManager.default.fileExists(atPath: dir.path))
  }
}
