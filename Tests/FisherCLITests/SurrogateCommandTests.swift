import Foundation
import Testing

/// `--surrogate lq` through the real executable.
@Suite struct SurrogateCommandTests {
  /// A 4-D ellipsoid centered at (1, 1, 1, 1).
  static func f(_ x: [Double]) -> Double {
    x.enumerated().reduce(0) { s, e in s + pow(10, Double(e.offset)) * (e.element - 1) * (e.element - 1) }
  }

  /// ask-tell asks fewer points than λ per generation, numbers them, counts
  /// only told values and finds the optimum in far fewer evaluations than
  /// without the surrogate.
  @Test func askTellAsksFewerPointsAndSavesEvaluations() throws {
    func converse(_ extra: [String]) throws -> (asks: [[[Double]]], rounds: [Int], done: [String: Any]) {
      var asks: [[[Double]]] = []
      var rounds: [Int] = []
      let out = try FisherProcess.converse(
        ["ask-tell", "--strategy", "cma-es", "--dimension", "4", "--sigma", "1", "--seed", "2", "--budget", "3000",
         "--target-value", "1e-8"] + extra
      ) { line in
        let object = try jsonObject(line)
        guard let points = object["ask"] as? [[Double]] else { return nil }
        asks.append(points)
        if let r = object["round"] as? Int { rounds.append(r) }
        return "{\"tell\": [" + points.map { String(Self.f($0)) }.joined(separator: ",") + "]}"
      }
      #expect(out.status == 0, "\(out.stderr)")
      let last = try #require(out.lines.last)
      let done = try #require(try jsonObject(last)["done"] as? [String: Any])
      return (asks, rounds, done)
    }
    let plain = try converse([])
    let lq = try converse(["--surrogate", "lq"])
    #expect(plain.done["reason"] as? String == "target-value" && lq.done["reason"] as? String == "target-value")
    let lambda = 8
    #expect(plain.asks.allSatisfy { $0.count == lambda })
    #expect(lq.asks.allSatisfy { $0.count < lambda })
    #expect(lq.rounds.count == lq.asks.count && lq.rounds.contains { $0 > 0 })
    let told = lq.asks.reduce(0) { $0 + $1.count }
    #expect(lq.done["evaluations"] as? Int == told)
    let a = try #require(plain.done["evaluations"] as? Int), b = try #require(lq.done["evaluations"] as? Int)
    #expect(2 * b < a, "lq \(b) against \(a) evaluations")
  }

  /// A checkpoint written between rounds resumes where it left off: the
  /// resumed pipe asks what the uninterrupted one asked next.
  @Test func askTellResumesBetweenRounds() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lq-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("run.json").path
    let args = ["ask-tell", "--strategy", "cma-es", "--surrogate", "lq", "--dimension", "4", "--seed", "5",
                "--budget", "150"]
    let tell = { (points: [[Double]]) in "{\"tell\": [" + points.map { String(Self.f($0)) }.joined(separator: ",") + "]}" }
    var asks: [[String: Any]] = []
    let full = try FisherProcess.converse(args) { line in
      let object = try jsonObject(line)
      guard let points = object["ask"] as? [[Double]] else { return nil }
      asks.append(object)
      return tell(points)
    }
    #expect(full.status == 0)
    // The first ask after the first generation that told a later round.
    let k = try #require(asks.indices.first { $0 > 0 && (asks[$0]["round"] as? Int ?? 0) > 0 })
    let input = asks[0..<k].map { tell($0["ask"] as! [[Double]]) }.joined(separator: "\n") + "\n"
    let part = try FisherProcess.run(args + ["--checkpoint", path], input: input)
    #expect(part.status == 0)
    let resumed = try FisherProcess.run(["ask-tell", "--resume", path], input: "")
    let next = try jsonObject(try #require(resumed.lines.first))
    #expect(next["round"] as? Int == asks[k]["round"] as? Int && (next["round"] as? Int ?? 0) > 0)
    #expect(next["ask"] as? [[Double]] == asks[k]["ask"] as? [[Double]])
    #expect(next["first_evaluation"] as? Int == asks[k]["first_evaluation"] as? Int)
  }

  @Test(arguments: [
    ["minimize", "--strategy", "xnes", "--surrogate", "lq", "--problem", "sphere", "--dimension", "3"],
    ["minimize", "--strategy", "cma-es", "--surrogate", "lq", "--noise", "uh", "--problem", "sphere"],
    ["minimize", "--strategy", "cma-es", "--surrogate", "lq", "--noise", "lra", "--problem", "sphere"],
    ["minimize", "--strategy", "cma-es", "--surrogate", "lq", "--problem", "bbob-constrained:1:1", "--dimension", "3"],
    ["minimize", "--surrogate", "quadratic", "--problem", "sphere"],
    ["minimize", "--strategy", "snes", "--surrogate", "lq-diagonal", "--problem", "sphere", "--dimension", "3"],
    ["ask-tell", "--strategy", "snes", "--surrogate", "lq", "--dimension", "3"],
    ["ask-tell", "--strategy", "cma-es", "--surrogate", "lq", "--dimension", "3", "--constraints", "1"],
    ["bench", "bbob", "--strategies", "cma-es,cem", "--surrogate", "lq", "--functions", "1", "--dimensions", "2",
     "--instances", "1", "--output", "/tmp/never"],
  ])
  func refusedWhereItCannotWork(arguments: [String]) throws {
    let out = try FisherProcess.run(arguments)
    #expect(out.status == 2, "\(arguments): \(out.stderr)")
    #expect(out.stderr.contains("surrogate"), "\(out.stderr)")
  }

  /// `fisher minimize --json` of CMA-ES (seed 3) on `problem` to 10⁻⁸, as an object.
  static func minimize(_ problem: String, dimension: Int, budget: Int, _ extra: [String] = []) throws -> [String: Any] {
    let out = try FisherProcess.run(
      ["minimize", "--strategy", "cma-es", "--problem", problem, "--dimension", String(dimension),
       "--budget", String(budget), "--target-precision", "1e-8", "--seed", "3", "--json", "--quiet"] + extra)
    #expect(out.status == 0, "\(out.stderr)")
    return try jsonObject(try #require(out.lines.last))
  }

  /// minimize reports the surrogate and counts true evaluations; on bbob f10
  /// (ellipsoid, 5-D) it needs several times fewer than plain CMA-ES.
  @Test func minimizeSavesEvaluationsOnAnEllipsoid() throws {
    let plain = try Self.minimize("bbob:10:1", dimension: 5, budget: 20_000)
    let lq = try Self.minimize("bbob:10:1", dimension: 5, budget: 20_000, ["--surrogate", "lq"])
    #expect(lq["surrogate"] as? String == "lq" && plain["surrogate"] as? String == "none")
    #expect(lq["stop_reason"] as? String == "target-precision")
    let a = try #require(plain["evaluations"] as? Int), b = try #require(lq["evaluations"] as? Int)
    #expect(3 * b < a, "lq \(b) against \(a)")
    #expect(lq["target_hit_at"] as? Int == b)
  }

  /// `--surrogate lq-diagonal` caps the model at the diagonal quadratic: on
  /// bbob f2 (separable ellipsoid, 10-D), which that form models exactly, it
  /// needs several times fewer evaluations than plain CMA-ES. Resuming its
  /// checkpoint with `--surrogate lq` (another model) exits with status 2.
  @Test func minimizeWithTheDiagonalModel() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lqd-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let checkpoint = dir.appendingPathComponent("run.json").path
    let plain = try Self.minimize("bbob:2:1", dimension: 10, budget: 40_000)
    let diagonal = try Self.minimize(
      "bbob:2:1", dimension: 10, budget: 40_000, ["--surrogate", "lq-diagonal", "--checkpoint", checkpoint])
    #expect(diagonal["surrogate"] as? String == "lq-diagonal")
    #expect(diagonal["stop_reason"] as? String == "target-precision")
    let a = try #require(plain["evaluations"] as? Int), b = try #require(diagonal["evaluations"] as? Int)
    #expect(3 * b < a, "lq-diagonal \(b) against \(a)")

    let other = try FisherProcess.run(
      ["minimize", "--strategy", "cma-es", "--problem", "bbob:2:1", "--dimension", "10", "--resume", checkpoint,
       "--surrogate", "lq", "--budget", "50000", "--quiet"])
    #expect(other.status == 2 && other.stderr.contains("lq-diagonal"), "\(other.stderr)")
  }
}
