import Foundation
import Testing
import FisherBenchmarks

@Suite("bbob-constrained experiments")
struct BBOBConstrainedExperimentTests {
  /// Builds CMA-ES and writes down the mean of every start.
  static func cmaES(_ starts: StartMeans? = nil) -> BBOBStrategyEntry {
    BBOBStrategyEntry(name: "cma-es") { mean, sigma, seed, populationSize in
      starts?.append(mean)
      return try CMAES(mean: mean, sigma: sigma, populationSize: populationSize, seed: seed)
    }
  }

  static func temporaryStore() -> BBOBExperimentStore {
    BBOBExperimentStore(
      directory: FileManager.default.temporaryDirectory.appendingPathComponent("fisher-bbob-cons-\(UUID().uuidString)"))
  }

  static func design(
    functions: [Int] = [1], dimensions: [Int] = [2], instances: [Int] = [1], budget: Double = 200,
    method: ConstraintMethod = .augmentedLagrangian, restarts: RestartPolicy = .independent
  ) throws -> BBOBExperiment {
    try BBOBExperiment(
      strategies: ["cma-es"], functions: functions, dimensions: dimensions, instances: instances,
      budgetMultiplier: budget, seed: 3, restarts: restarts, suite: .bbobConstrained,
      constraintMethods: ["cma-es": method])
  }

  /// The suite has functions 1…54 and COCO's six dimensions; noise handling,
  /// the mean as recommendation and constraint methods elsewhere are refused;
  /// the design round-trips through JSON with its constraint methods.
  @Test func designIsChecked() throws {
    #expect(BBOBSuite.bbobConstrained.functions == 1...54 && BBOBSuite.bbobConstrained.isConstrained)
    #expect(BBOBSuite(function: 30) == nil && BBOBSuite(function: 3) == .bbob)
    #expect(BBOBSuite.bbobConstrained.functionName(44) == "Separable Rastrigin, m=3")
    #expect(BBOBSuite.bbobConstrained.groups.last?.functions == 1...54)
    #expect(try Self.design(functions: [1, 54], dimensions: [2, 40]).suite == .bbobConstrained)
    for bad in [{ try Self.design(functions: [55]) }, { try Self.design(dimensions: [4]) }] {
      #expect(throws: FisherError.self) { _ = try bad() }
    }
    #expect(throws: FisherError.self) {
      _ = try BBOBExperiment(
        strategies: ["cma-es"], functions: [1], dimensions: [2], instances: [1], budgetMultiplier: 10, seed: 1,
        suite: .bbobConstrained, noise: .uncertainty(try UncertaintyHandling()))
    }
    #expect(throws: FisherError.self) {
      _ = try BBOBExperiment(
        strategies: ["cma-es"], functions: [1], dimensions: [2], instances: [1], budgetMultiplier: 10, seed: 1,
        suite: .bbobConstrained, recommendation: .distributionMean)
    }
    #expect(throws: FisherError.self) {
      _ = try BBOBExperiment(
        strategies: ["cma-es"], functions: [1], dimensions: [2], instances: [1], budgetMultiplier: 10, seed: 1,
        constraintMethods: ["cma-es": .augmentedLagrangian])
    }
    #expect(throws: FisherError.self) {
      _ = try BBOBExperiment(
        strategies: ["cma-es"], functions: [1], dimensions: [2], instances: [1], budgetMultiplier: 10, seed: 1,
        suite: .bbobConstrained, constraintMethods: ["xnes": .augmentedLagrangian])
    }
    // A suite function 25…54 given to bbob points at bbob-constrained.
    do {
      _ = try BBOBExperiment(
        strategies: ["cma-es"], functions: [30], dimensions: [2], instances: [1], budgetMultiplier: 10, seed: 1)
      Issue.record("f30 was accepted as a bbob function")
    } catch let e as FisherError {
      #expect(e.description.contains("--suite bbob-constrained"), "\(e)")
    }
    let design = try Self.design(method: .feasibilityRanking)
    let decoded = try JSONDecoder().decode(BBOBExperiment.self, from: JSONEncoder().encode(design))
    #expect(decoded == design && decoded.constraintMethod(of: "cma-es") == .feasibilityRanking)
  }

  /// A run starts at COCO's feasible initial solution and restarts within ±1
  /// of it; every point costs two evaluations (g, then f), so the record's
  /// evaluations are even and within the budget, the COCO lines count f and g
  /// evaluations (f evaluations in the `.info` entry, f + g in the last
  /// `.tdat` line, as cocopp reads them), and the best precision is over
  /// feasible points.
  @Test func runsCountConstraintEvaluations() throws {
    let starts = StartMeans()
    let design = try Self.design(functions: [22], dimensions: [3], budget: 300)
    let run = try #require(design.runs.first)
    let record = try design.perform(run, strategy: Self.cmaES(starts))
    let f = try BBOBConstrainedFunction(function: 22, instance: 1, dimension: 3)
    #expect(starts.all.first == f.initialSolution)
    for mean in starts.all.dropFirst() {
      #expect(zip(mean, f.initialSolution).allSatisfy { Swift.abs($0 - $1) <= 1 }, "\(mean)")
    }
    #expect(record.error == nil)
    #expect(record.evaluations % 2 == 0 && record.evaluations <= 900 && record.evaluations > 0)
    #expect(record.infoEntry.hasPrefix("1:\(record.evaluations / 2)|"))
    let last = try #require(record.tdatLines.last?.split(separator: " "))
    #expect(Int(last[0]).map { $0 * 2 } == record.evaluations && Int(last[1]).map { $0 * 2 } == record.evaluations)
    // The first .dat line: one f and one g evaluation, then the digits of the 9+int(3n/4) = 11 constraints.
    let first = try #require(record.datLines.first?.split(separator: " "))
    #expect(first[0] == "1" && first[1] == "1" && first[4].count == f.constraintCount)
    #expect(first[4].allSatisfy { $0.isNumber })
    #expect(record.bestPrecision >= 0 && record.recommendedPrecision == nil)
    for (k, hit) in record.hits.enumerated() {
      if let hit { #expect(hit % 2 == 0 && record.bestPrecision <= BBOBTargets.precisions[k]) }
    }
  }

  /// The augmented Lagrangian and Deb's ranking both solve the sphere with one
  /// constraint in n = 2 to 10⁻⁸ on a feasible point, the run stopping there.
  @Test func sphereIsSolvedOnAFeasiblePoint() throws {
    for method in [ConstraintMethod.augmentedLagrangian, .feasibilityRanking] {
      let design = try Self.design(instances: [1, 2], budget: 2000, method: method)
      for run in design.runs {
        let record = try design.perform(run, strategy: Self.cmaES())
        #expect(record.bestPrecision <= 1e-8, "\(method) \(run): \(record.bestPrecision)")
        #expect(record.hits.last??.isMultiple(of: 2) == true)
        #expect(record.evaluations == record.hits.last ?? nil, "the run stops at the target")
      }
    }
  }

  /// Records do not depend on the thread count, and the COCO files of the run
  /// are marked as bbob-constrained, with the problems' f_opt in the headers.
  @Test func experimentIsDeterministicAndWritesCOCOFiles() async throws {
    let design = try Self.design(functions: [1, 20], instances: [1, 2], budget: 100, restarts: .ipop)
    var results: [[BBOBRunRecord]] = []
    for threads in [1, 2] {
      let store = Self.temporaryStore()
      defer { try? FileManager.default.removeItem(at: store.directory) }
      let records = try await runBBOBExperiment(design, strategies: [Self.cmaES()], store: store, threads: threads)
      results.append(records.map { var r = $0; r.seconds = 0; return r })
    }
    #expect(results[0] == results[1] && results[0].count == 4)
    let files = try COCODataWriter.files(strategy: "cma-es", records: results[0], suite: .bbobConstrained)
    let info = try #require(files.first { $0.0 == "bbobexp_f20.info" }?.1)
    #expect(info.hasPrefix("suite = 'bbob-constrained', funcId = 20, DIM = 2, Precision = 1.000e-08, algId = 'cma-es'"))
    let fopt = try BBOBConstrainedFunction(function: 20, instance: 2, dimension: 2).optimalValue
    let tdat = try #require(files.first { $0.0 == "data_f20/bbobexp_f20_DIM2.tdat" }?.1)
    #expect(tdat.contains(String(format: "Fopt (%13.12e)", fopt)))
    let csv = BBOBRunsTable.csv(results[0])
    #expect(csv.split(separator: "\n").count == 5)
    let html = BBOBReport.html(experiment: design, records: results[0])
    #expect(html.contains("bbob-constrained experiment") && html.contains("cma-es: al"))
  }
}
