import Foundation
import Testing

/// End-to-end tests of `fisher minimize` through the real executable.
@Suite struct MinimizeCommandTests {
  static let keys: Set<String> = [
    "strategy", "problem", "dimension", "evaluations", "generations", "best_f", "best_x", "target_hit_at",
    "stop_reason", "seconds",
  ]

  @Test(arguments: ["natural-gradient", "cma-es", "sep-cma-es", "xnes", "snes", "cem", "exp-weights", "openai-es"])
  func everyStrategyRunsAndReportsJSON(strategy: String) throws {
    let out = try FisherProcess.run([
      "minimize", "--strategy", strategy, "--problem", "sphere", "--dimension", "4", "--budget", "400",
      "--seed", "1", "--json", "--threads", "2",
    ])
    #expect(out.status == 0, "\(out.stderr)")
    let json = try jsonObject(try #require(out.lines.last))
    #expect(Self.keys.isSubset(of: Set(json.keys)))
    #expect(json["strategy"] as? String == strategy)
    #expect(json["dimension"] as? Int == 4)
    let bestX = try #require(json["best_x"] as? [Double])
    let bestF = try #require(json["best_f"] as? Double)
    // The reported best value is the sphere at the reported point, and better than the start (3,3,3,3).
    #expect(bestX.count == 4)
    #expect(abs(bestX.reduce(0) { $0 + $1 * $1 } - bestF) <= 1e-12 * max(1, bestF))
    #expect(bestF < 36)
  }

  @Test func sameSeedSameResultAcrossThreadCounts() throws {
    let args = ["minimize", "--strategy", "cma-es", "--problem", "rosenbrock", "--dimension", "5",
                "--budget", "3000", "--seed", "42", "--json"]
    let a = try jsonObject(try FisherProcess.run(args + ["--threads", "1"]).lines.last!)
    let b = try jsonObject(try FisherProcess.run(args + ["--threads", "3"]).lines.last!)
    #expect(a["best_x"] as? [Double] == b["best_x"] as? [Double])
    #expect(a["best_f"] as? Double == b["best_f"] as? Double)
    #expect(a["evaluations"] as? Int == b["evaluations"] as? Int)
  }

  /// A bbob-noisy run draws COCO's noise by evaluation number: the same for
  /// any --threads, resumable from a checkpoint, and measured on noise-free
  /// values (the recommended point's true f is its noise-free value).
  @Test(arguments: ["none", "uh", "lra", "resample:2:median"])
  func bbobNoisyRunsAreReproducible(noise: String) throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fisher-noisy-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("run.json").path
    let args = ["minimize", "--strategy", "cma-es", "--problem", "bbob-noisy:104:2", "--dimension", "4",
                "--seed", "8", "--noise", noise, "--json", "--quiet"]
    let a = try jsonObject(try FisherProcess.run(args + ["--budget", "4000", "--threads", "1"]).lines.last!)
    let b = try jsonObject(try FisherProcess.run(args + ["--budget", "4000", "--threads", "2"]).lines.last!)
    for key in ["best_x", "recommended_x"] { #expect(a[key] as? [Double] == b[key] as? [Double], "\(key)") }
    #expect(a["evaluations"] as? Int == b["evaluations"] as? Int)
    #expect(a["noise"] as? String == noise)
    #expect(a["recommendation"] as? String == (["uh", "lra"].contains(noise) ? "distribution-mean" : "best-evaluated"))
    let trueF = try #require(a["recommended_true_f"] as? Double)
    let fopt = try #require(a["optimal_f"] as? Double)
    #expect(trueF >= fopt)
    let part = try FisherProcess.run(args + ["--budget", "1500", "--checkpoint", path])
    #expect(part.status == 0)
    let resumed = try jsonObject(try FisherProcess.run(args + ["--budget", "4000", "--resume", path]).lines.last!)
    #expect(resumed["recommended_x"] as? [Double] == a["recommended_x"] as? [Double])
    #expect(resumed["best_true_f"] as? Double == a["best_true_f"] as? Double)
  }

  @Test func targetValueIsReportedWithItsEvaluation() throws {
    let out = try FisherProcess.run([
      "minimize", "--strategy", "cma-es", "--problem", "sphere", "--dimension", "3", "--target-value", "1e-6",
      "--budget", "5000", "--json",
    ])
    let json = try jsonObject(out.lines.last!)
    #expect(json["stop_reason"] as? String == "target-value")
    let hit = try #require(json["target_hit_at"] as? Int)
    #expect(hit <= (json["evaluations"] as? Int ?? 0))
    #expect((json["best_f"] as? Double ?? 1) <= 1e-6)
  }

  @Test func boundsKeepTheBestPointInside() throws {
    let out = try FisherProcess.run([
      "minimize", "--strategy", "cma-es", "--problem", "sphere", "--dimension", "3", "--mean", "3,3,3",
      "--bounds", "1,4", "--budget", "2000", "--json",
    ])
    let json = try jsonObject(out.lines.last!)
    let x = try #require(json["best_x"] as? [Double])
    #expect(x.allSatisfy { $0 >= 1 && $0 <= 4 })
    // The constrained optimum is (1, 1, 1) with f = 3.
    #expect(abs((json["best_f"] as? Double ?? 0) - 3) < 1e-6)
  }

  @Test(arguments: ["mean-only", "isotropic", "diagonal", "full"], ["euclidean", "natural", "empirical-fisher", "newton"])
  func naturalGradientFamiliesAndGeometries(family: String, geometry: String) throws {
    let out = try FisherProcess.run([
      "minimize", "--strategy", "natural-gradient", "--family", family, "--geometry", geometry,
      "--problem", "sphere", "--dimension", "3", "--max-generations", "30", "--seed", "2", "--json",
    ])
    #expect(out.status == 0, "\(out.stderr)")
    let json = try jsonObject(try #require(out.lines.last))
    // Every combination improves on the start (3, 3, 3), where f = 27.
    #expect((json["best_f"] as? Double ?? .infinity) < 27)
  }

  @Test func bbobProblemsWithTargetPrecision() throws {
    let out = try FisherProcess.run([
      "minimize", "--strategy", "cma-es", "--problem", "bbob:1:1", "--dimension", "5", "--target-precision", "1e-8",
      "--budget", "20000", "--json",
    ])
    #expect(out.status == 0, "\(out.stderr)")
    let json = try jsonObject(try #require(out.lines.last))
    #expect(json["problem"] as? String == "bbob_f001_i01_d05")
    #expect(json["stop_reason"] as? String == "target-precision")
    let fopt = try #require(json["optimal_f"] as? Double)
    #expect((json["best_f"] as? Double ?? .infinity) - fopt <= 1e-8)
  }

  @Test func invalidArgumentsExitWithStatus2() throws {
    for args in [
      ["minimize", "--dimension", "0"],
      ["minimize", "--dimension", "-3"],
      ["minimize", "--sigma", "-1"],
      ["minimize", "--problem", "no-such-problem"],
      ["minimize", "--strategy", "no-such-strategy"],
      ["minimize", "--dimension", "3", "--mean", "1,2"],
      ["minimize", "--dimension", "3", "--mean", "1,x,2"],
      ["minimize", "--strategy", "natural-gradient", "--family", "banana"],
      ["minimize", "--strategy", "natural-gradient", "--geometry", "riemann"],
      ["minimize", "--budget", "0"],
      ["minimize", "--threads", "0"],
      ["minimize", "--restarts", "sometimes"],
      ["minimize", "--problem", "rosenbrock", "--dimension", "1"],
      ["minimize", "--problem", "bbob:25:1"],
      ["minimize", "--problem", "bbob:1:x"],
      ["minimize", "--resume", "/nonexistent"],
      ["minimize", "--strategy", "cma-es", "--covariance", "banana"],
      ["no-such-command"],
    ] {
      let out = try FisherProcess.run(args)
      #expect(out.status == 2, "\(args): \(out.stderr)")
      #expect(!out.stderr.isEmpty, "\(args)")
    }
  }

  @Test func checkpointResumeGivesTheUninterruptedResult() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fisher-min-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("run.json").path
    let common = ["minimize", "--strategy", "cma-es", "--problem", "ellipsoid", "--dimension", "4", "--seed", "5", "--json"]
    let full = try jsonObject(try FisherProcess.run(common + ["--max-generations", "60"]).lines.last!)
    // Stop after 25 generations with a checkpoint, then resume with the limit raised to 60.
    let part = try FisherProcess.run(common + ["--max-generations", "25", "--checkpoint", path])
    #expect(try jsonObject(part.lines.last!)["generations"] as? Int == 25)
    let resumed = try jsonObject(try FisherProcess.run(common + ["--resume", path, "--max-generations", "60"]).lines.last!)
    #expect(resumed["best_x"] as? [Double] == full["best_x"] as? [Double])
    #expect(resumed["evaluations"] as? Int == full["evaluations"] as? Int)
  }

  /// `--covariance cholesky` runs CMA-ES on a Cholesky factor of C: it solves the
  /// problem, differs from the eigendecomposition run from the same seed after
  /// the first generation, and resumes from a checkpoint exactly.
  @Test func choleskyCovarianceSolvesAndResumes() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fisher-chol-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("run.json").path
    let common = ["minimize", "--strategy", "cma-es", "--problem", "ellipsoid", "--dimension", "4", "--seed", "5", "--json"]
    let cholesky = common + ["--covariance", "cholesky"]
    let full = try jsonObject(try FisherProcess.run(cholesky + ["--max-generations", "300"]).lines.last!)
    #expect((full["best_f"] as? Double ?? 1) < 1e-8)
    let eigen = try jsonObject(try FisherProcess.run(common + ["--covariance", "eigen", "--max-generations", "300"]).lines.last!)
    #expect(eigen["best_x"] as? [Double] != full["best_x"] as? [Double])
    let part = try FisherProcess.run(cholesky + ["--max-generations", "25", "--checkpoint", path])
    #expect(try jsonObject(part.lines.last!)["generations"] as? Int == 25)
    let resumed = try jsonObject(try FisherProcess.run(cholesky + ["--resume", path, "--max-generations", "300"]).lines.last!)
    #expect(resumed["best_x"] as? [Double] == full["best_x"] as? [Double])
    #expect(resumed["evaluations"] as? Int == full["evaluations"] as? Int)
  }
}
