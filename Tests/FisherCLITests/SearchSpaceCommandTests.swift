import Foundation
import Testing

/// `--space` and bbob-mixint through the real executable.
@Suite struct SearchSpaceCommandTests {
  static let space = """
    {"variables": [
      {"name": "lr", "type": "real", "low": 1e-5, "high": 0.1, "log": true},
      {"name": "layers", "type": "integer", "low": 1, "high": 8},
      {"name": "activation", "type": "categorical", "choices": ["relu", "tanh", "gelu"]}]}
    """

  /// A temporary folder holding `files`, removed by the caller.
  static func folder(_ files: [String: String]) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("space-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
    return dir
  }

  /// Known optimum: lr = 10⁻³, 5 layers, gelu, loss 0.
  static func loss(_ c: [String: Any]) -> Double {
    let lr = c["lr"] as? Double ?? .nan, layers = c["layers"] as? Int ?? -100
    let a = log10(lr) + 3, l = Double(layers - 5)
    return a * a + l * l + (c["activation"] as? String == "gelu" ? 0 : 1)
  }

  static func tell(_ line: String) throws -> String? {
    let object = try jsonObject(line)
    guard let asked = object["ask"] as? [[String: Any]] else { return nil }
    return "{\"tell\": [" + asked.map { String(Self.loss($0)) }.joined(separator: ",") + "]}"
  }

  /// Candidates are objects keyed by name with integers as JSON integers and
  /// categories as their strings; the default strategy (CatCMA) finds the optimum.
  @Test func askTellSpeaksNamedVariables() throws {
    let dir = try Self.folder(["space.json": Self.space])
    defer { try? FileManager.default.removeItem(at: dir) }
    var firstAsk: [[String: Any]] = []
    let out = try FisherProcess.converse(
      ["ask-tell", "--space", dir.appendingPathComponent("space.json").path, "--seed", "1", "--budget", "1500",
       "--target-value", "1e-8"]
    ) { line in
      if firstAsk.isEmpty, let a = try jsonObject(line)["ask"] as? [[String: Any]] { firstAsk = a }
      return try Self.tell(line)
    }
    #expect(out.status == 0, "\(out.stderr)")
    #expect(!firstAsk.isEmpty)
    for c in firstAsk {
      #expect(Set(c.keys) == ["lr", "layers", "activation"])
      #expect(((c["lr"] as? Double).map { (1e-5...0.1).contains($0) }) == true)
      #expect(((c["layers"] as? Int).map { (1...8).contains($0) }) == true)
      #expect(["relu", "tanh", "gelu"].contains(c["activation"] as? String ?? ""))
    }
    // Integers are printed as integers, not as 4.0.
    let raw = try #require(out.lines.first)
    #expect(raw.range(of: #""layers":\d+[,}]"#, options: .regularExpression) != nil, "\(raw.prefix(200))")
    let last = try #require(out.lines.last)
    let done = try #require(try jsonObject(last)["done"] as? [String: Any])
    #expect(done["reason"] as? String == "target-value")
    let best = try #require(done["best_x"] as? [String: Any])
    #expect(best["layers"] as? Int == 5 && best["activation"] as? String == "gelu")
  }

  /// A run checkpointed after some tells and resumed asks what the
  /// uninterrupted run asked next; a different space is refused.
  @Test func askTellResumesWithTheSpace() throws {
    let dir = try Self.folder(["space.json": Self.space])
    defer { try? FileManager.default.removeItem(at: dir) }
    let state = dir.appendingPathComponent("state.json").path
    let args = ["ask-tell", "--space", dir.appendingPathComponent("space.json").path, "--seed", "3", "--budget", "60"]
    var full: [String] = []
    _ = try FisherProcess.converse(args) { line in
      if line.contains("\"ask\"") { full.append(line) }
      return try Self.tell(line)
    }
    // Three tells, then end of input: the checkpoint holds the state after the third.
    var told = 0
    _ = try FisherProcess.converse(args + ["--checkpoint", state]) { line in
      guard told < 3 else { return nil }
      told += 1
      return try Self.tell(line)
    }
    let saved = try String(contentsOfFile: state, encoding: .utf8)
    #expect(saved.contains("\"space\""))
    var resumed: [String] = []
    let out = try FisherProcess.converse(["ask-tell", "--resume", state]) { line in
      if line.contains("\"ask\"") { resumed.append(line) }
      return try Self.tell(line)
    }
    #expect(out.status == 0, "\(out.stderr)")
    #expect(full.count > 4 && resumed == Array(full.dropFirst(3)))
    let other = dir.appendingPathComponent("other.json")
    try Self.space.replacingOccurrences(of: "\"high\": 8", with: "\"high\": 9").write(to: other, atomically: true, encoding: .utf8)
    let refused = try FisherProcess.run(["ask-tell", "--resume", state, "--space", other.path])
    #expect(refused.status == 2 && refused.stderr.contains("not the search space"))
  }

  @Test(arguments: [
    (#"{"variables": [{"name": "layers", "type": "integer", "low": 1, "high": 8, "step": 3}]}"#, "'layers'"),
    (#"{"variables": [{"name": "act", "type": "categorical", "choices": []}]}"#, "'act'"),
    (#"{"variables": [{"name": "a", "type": "real"}, {"name": "a", "type": "real"}]}"#, "'a'"),
    (#"{"variables": "#, "search space"),
  ])
  func malformedSpaceFilesExitTwoNamingTheVariable(_ text: String, _ expected: String) throws {
    let dir = try Self.folder(["space.json": text])
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = try FisherProcess.run(["ask-tell", "--space", dir.appendingPathComponent("space.json").path])
    #expect(out.status == 2)
    #expect(out.stderr.contains(expected), "\(out.stderr)")
  }

  @Test func conflictingOptionsExitTwo() throws {
    let dir = try Self.folder(["space.json": Self.space])
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("space.json").path
    for extra in [["--mean", "1,2"], ["--bounds", "0,1"], ["--margin", "0.7"], ["--margin", "0.1", "--strategy", "xnes"],
                  ["--surrogate", "lq"], ["--dimension", "3"]] {
      let out = try FisherProcess.run(["ask-tell", "--space", path] + extra)
      #expect(out.status == 2, "\(extra): \(out.stderr)")
      #expect(!out.stderr.isEmpty)
    }
    let noSpace = try FisherProcess.run(["ask-tell", "--dimension", "3", "--margin", "0.1"])
    #expect(noSpace.status == 2)
    let catcma = try FisherProcess.run(["ask-tell", "--dimension", "3", "--strategy", "catcma"])
    #expect(catcma.status == 2 && catcma.stderr.contains("categorical"))
  }

  /// `minimize --problem bbob-mixint:F:I` reaches the target on the sphere and
  /// reports points in the function's coordinates (integers on their grids).
  @Test func minimizeSolvesBBOBMixint() throws {
    let out = try FisherProcess.run(
      ["minimize", "--problem", "bbob-mixint:1:1", "--dimension", "5", "--budget", "20000", "--target-precision", "1e-8",
       "--seed", "1", "--json"])
    #expect(out.status == 0, "\(out.stderr)")
    let last = try #require(out.lines.last)
    let r = try jsonObject(last)
    #expect(r["stop_reason"] as? String == "target-precision")
    let x = try #require(r["best_x"] as? [Double])
    #expect(x.count == 5)
    // Coordinates 1-4 are integers of arities 2, 4, 8, 16; the fifth is continuous.
    for (v, arity) in zip(x.prefix(4), [2.0, 4, 8, 16]) { #expect(v == v.rounded() && (0...(arity - 1)).contains(v)) }
    let bounds = try FisherProcess.run(["minimize", "--problem", "bbob-mixint:1:1", "--dimension", "5", "--bounds", "-5,5"])
    #expect(bounds.status == 2)
  }
}
