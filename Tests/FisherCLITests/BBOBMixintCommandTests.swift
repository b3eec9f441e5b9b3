import Foundation
import Testing

@Suite("fisher bbob on bbob-mixint")
struct BBOBMixintCommandTests {
  /// f8 (Rosenbrock), instance 2, n = 10: cocoex 2.8.2's problem(x) at two points
  /// whose integer coordinates are not all integers or inside their bounds.
  static let points = ["0,1,2.5,3,6.4,-2,20,7,1.5,-2.25", "0.49 0.5 0 3 3 0 8 15 0 0"]
  static let expected = [3010.473701118632, 1445.0116222719141]
  static let arguments = ["--suite", "bbob-mixint", "--function", "8", "--instance", "2", "--dimension", "10"]

  static func agrees(_ value: Double, _ reference: Double) -> Bool {
    Swift.abs(value - reference) <= 1e-9 * Swift.max(1, Swift.abs(reference))
  }

  /// `eval` rounds and clamps the integer coordinates as cocoex does.
  @Test func evalMatchesCocoex() throws {
    let input = Self.points.joined(separator: "\n") + "\n"
    let out = try FisherProcess.run(["bbob", "eval"] + Self.arguments, input: input)
    #expect(out.status == 0, "\(out.stderr)")
    let values = out.lines.compactMap { Double($0) }
    #expect(values.count == 2 && zip(values, Self.expected).allSatisfy(Self.agrees), "\(out.lines)")
  }

  /// `info` names the problem and prints its integer structure, in text and JSON.
  @Test func infoPrintsTheIntegerStructure() throws {
    let text = try FisherProcess.run(["bbob", "info"] + Self.arguments)
    #expect(text.status == 0, "\(text.stderr)")
    #expect(text.lines.contains("name: bbob-mixint_f008_i02_d10"))
    #expect(text.lines.contains("suite: bbob-mixint"))
    #expect(text.lines.contains("coco name: mixint(bbob_f008_i02_d10)"))
    #expect(text.lines.contains("integer variables: 8 of 10"))
    #expect(text.lines.contains("arities: 2,2,4,4,8,8,16,16,0,0"))
    #expect(text.lines.contains("lower: 0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,-5.0,-5.0"))
    #expect(text.lines.contains("upper: 1.0,1.0,3.0,3.0,7.0,7.0,15.0,15.0,5.0,5.0"))

    let json = try FisherProcess.run(["bbob", "info", "--json"] + Self.arguments)
    #expect(json.status == 0, "\(json.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
    #expect(object?["name"] as? String == "bbob-mixint_f008_i02_d10")
    #expect(object?["suite"] as? String == "bbob-mixint")
    #expect(object?["cocoName"] as? String == "mixint(bbob_f008_i02_d10)")
    #expect(object?["integerVariables"] as? Int == 8)
    #expect(object?["arities"] as? [Int] == [2, 2, 4, 4, 8, 8, 16, 16, 0, 0])
    #expect(object?["lower"] as? [Double] == [0, 0, 0, 0, 0, 0, 0, 0, -5, -5])
    #expect(object?["upper"] as? [Double] == [1, 1, 3, 3, 7, 7, 15, 15, 5, 5])
    #expect((object?["xopt"] as? [Any])?.count == 10)

    // The other suites print no integer structure.
    let noiseless = try FisherProcess.run(["bbob", "info", "--function", "8", "--dimension", "10", "--json"])
    #expect(noiseless.status == 0 && !noiseless.stdout.contains("arities"))
  }

  /// Bad input ends with status 2 and a message on standard error.
  @Test func badInputExitsWithStatus2() throws {
    let cases: [([String], String)] = [
      (["--function", "25", "--dimension", "5"], "25"),
      (["--function", "101", "--dimension", "5"], "101"),
      (["--function", "1", "--dimension", "4"], "dimension"),
      (["--function", "1", "--dimension", "50"], "dimension"),
      (["--function", "1", "--instance", "0", "--dimension", "5"], "instance"),
      (["--function", "1", "--dimension", "5", "--noise-free"], "--noise-free"),
    ]
    for (arguments, reason) in cases {
      let out = try FisherProcess.run(["bbob", "eval", "--suite", "bbob-mixint"] + arguments, input: "0,0,0,0,0\n")
      #expect(out.status == 2, "\(arguments): \(out.stderr)")
      #expect(out.stderr.contains(reason), "\(arguments): \(out.stderr)")
      #expect(out.stdout.isEmpty)
    }
    let wrongCount = try FisherProcess.run(
      ["bbob", "eval", "--suite", "bbob-mixint", "--function", "1", "--dimension", "5"], input: "1,2,3,4,5\n1,2,3\n")
    #expect(wrongCount.status == 2 && wrongCount.stderr.contains("line 2") && wrongCount.lines.count == 1)
    let info = try FisherProcess.run(["bbob", "info", "--suite", "bbob-mixint", "--function", "1", "--dimension", "7"])
    #expect(info.status == 2 && info.stderr.contains("dimension"))
  }
}
