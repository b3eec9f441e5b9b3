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
}
