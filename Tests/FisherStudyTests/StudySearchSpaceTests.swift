import Foundation
import Testing
@testable import Fisher
@testable import FisherStudy

/// `study create --space`: workers get named values, `best` and `export` print them.
@Suite struct StudySearchSpaceTests {
  static let space = """
    {"variables": [
      {"name": "lr", "type": "real", "low": 1e-5, "high": 0.1, "log": true},
      {"name": "layers", "type": "integer", "low": 1, "high": 8},
      {"name": "activation", "type": "categorical", "choices": ["relu", "tanh", "gelu"]}]}
    """

  /// The objective reads the JSON object a worker writes (one line) and
  /// prints (log₁₀ lr + 3)² + (layers − 5)² + [activation ≠ gelu]; a line that
  /// is not such an object prints nothing, a failed evaluation.
  static let script = """
    #!/bin/sh
    read line
    lr=$(echo "$line" | sed -n 's/.*"lr":\\([-0-9.eE+]*\\).*/\\1/p')
    layers=$(echo "$line" | sed -n 's/.*"layers":\\([0-9]*\\)[,}].*/\\1/p')
    act=$(echo "$line" | sed -n 's/.*"activation":"\\([a-z]*\\)".*/\\1/p')
    [ -n "$lr" ] && [ -n "$layers" ] && [ -n "$act" ] || exit 1
    awk -v l="$lr" -v n="$layers" -v a="$act" 'BEGIN { d = log(l) / log(10) + 3; c = (a == "gelu") ? 0 : 1; printf "%.17g\\n", d * d + (n - 5) * (n - 5) + c }'

    """

  @Test func workersGetNamedValuesAndBestReportsThem() async throws {
    let dir = try TemporaryFolder()
    defer { dir.cleanUp() }
    let storage = "sqlite://" + dir.file("space.db")
    try Self.space.write(toFile: dir.file("space.json"), atomically: true, encoding: .utf8)
    try Self.script.write(toFile: dir.file("loss.sh"), atomically: true, encoding: .utf8)
    let create = try runFisher(
      ["study", "create", "--name", "tune", "--storage", storage, "--space", dir.file("space.json"), "--seed", "1",
       "--budget", "400"])
    #expect(create.status == 0, "\(create.stderr)")
    #expect(create.stdout.contains("catcma"))
    let work = try runFisher(
      ["study", "worker", "--name", "tune", "--storage", storage, "--concurrency", "2", "--", "sh", dir.file("loss.sh")])
    #expect(work.status == 0, "\(work.stderr)")
    let study = try await Study<AnyStrategy>.open(name: "tune", storage: StorageURL(storage))
    let rows = try await study.evaluations()
    #expect(rows.count >= 400 && rows.allSatisfy { $0.status == "done" }, "a point reached the script in another form")
    #expect(study.settings.space == (try JSONDecoder().decode(SearchSpace.self, from: Data(Self.space.utf8))))
    await study.close()

    let best = try runFisher(["study", "best", "--name", "tune", "--storage", storage, "--format", "json"])
    #expect(best.status == 0, "\(best.stderr)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(best.stdout.utf8)) as? [String: Any])
    let x = try #require(object["x"] as? [String: Any])
    #expect(x["layers"] as? Int == 5 && x["activation"] as? String == "gelu", "\(x)")
    let lr = try #require(x["lr"] as? Double)
    #expect(abs(log10(lr) + 3) < 0.05, "lr = \(lr)")

    let csv = try runFisher(["study", "export", "--name", "tune", "--storage", storage])
    let header = try #require(csv.stdout.split(separator: "\n").first)
    #expect(header.hasSuffix(",lr,layers,activation"))
    #expect(csv.stdout.contains(",gelu\n") && csv.stdout.contains(",relu\n"))

    // Re-creating the study with another space names the difference.
    try Self.space.replacingOccurrences(of: "\"gelu\"", with: "\"elu\"").write(
      toFile: dir.file("other.json"), atomically: true, encoding: .utf8)
    let again = try runFisher(
      ["study", "create", "--name", "tune", "--storage", storage, "--space", dir.file("other.json"), "--seed", "1",
       "--budget", "400"])
    #expect(again.status == 2 && again.stderr.contains("space"), "\(again.stderr)")
  }

  @Test func malformedSpaceAndConflictsExitTwo() throws {
    let dir = try TemporaryFolder()
    defer { dir.cleanUp() }
    let storage = "sqlite://" + dir.file("bad.db")
    try #"{"variables": [{"name": "depth", "type": "integer", "low": 4, "high": 2}]}"#.write(
      toFile: dir.file("bad.json"), atomically: true, encoding: .utf8)
    let bad = try runFisher(["study", "create", "--name", "b", "--storage", storage, "--space", dir.file("bad.json"), "--budget", "10"])
    #expect(bad.status == 2 && bad.stderr.contains("'depth'"), "\(bad.stderr)")
    try Self.space.write(toFile: dir.file("space.json"), atomically: true, encoding: .utf8)
    for extra in [["--mean", "0,0"], ["--bounds", "0,1"], ["--surrogate", "lq"], ["--dimension", "2"]] {
      let out = try runFisher(
        ["study", "create", "--name", "b", "--storage", storage, "--space", dir.file("space.json"), "--budget", "10"] + extra)
      #expect(out.status == 2, "\(extra): \(out.stderr)")
    }
  }
}
