import Fisher
import Foundation
import Testing
import FisherBenchmarks

@Suite("bbob-mixint experiments")
struct BBOBMixintExperimentTests {
  /// CMA-ES with margin on the integer variables of the run's dimension, as
  /// `fisher bench bbob --suite bbob-mixint` builds it; records every start's mean.
  static func cmaWithMargin(_ starts: StartMeans? = nil) -> BBOBStrategyEntry {
    BBOBStrategyEntry(name: "cma-es") { mean, sigma, seed, populationSize in
      starts?.append(mean)
      let spec = try BBOBMixintFunction.searchSpace(dimension: mean.count).prepare(StrategySpecification(kind: .cmaES))
      return try spec.make(mean: mean, sigma: sigma, seed: seed, populationSize: populationSize)
    }
  }

  static func design(functions: [Int] = [1], dimensions: [Int] = [5], instances: [Int] = [1], budget: Double = 1000)
    throws -> BBOBExperiment
  {
    try BBOBExperiment(
      strategies: ["cma-es"], functions: functions, dimensions: dimensions, instances: instances,
      budgetMultiplier: budget, seed: 3, restarts: .ipop, suite: .bbobMixint)
  }

  @Test func suiteHasTheTwentyFourFunctions() throws {
    #expect(BBOBSuite.bbobMixint.functions == 1...24)
    #expect(BBOBSuite.bbobMixint.functionName(8) == BBOBSuite.bbob.functionName(8))
    #expect(try BBOBSuite.bbobMixint.optimalValue(function: 3, instance: 2, dimension: 10)
      == BBOBMixintFunction(function: 3, instance: 2, dimension: 10).optimalValue)
    #expect(throws: FisherError.self) { try Self.design(functions: [25]) }
    #expect(throws: FisherError.self) { try Self.design(dimensions: [7]) }
    // A dimension the suite does not define is an error, not a division by n/5 = 0.
    #expect(throws: FisherError.self) { try BBOBMixintFunction.searchSpace(dimension: 3) }
    #expect(throws: FisherError.self) { try BBOBMixintFunction.variables(dimension: 4) }
    #expect(try BBOBMixintFunction.searchSpace(dimension: 10) == BBOBMixintFunction(function: 1, instance: 1, dimension: 10).searchSpace)
  }

  /// Starts lie in [0.1, 0.9]ⁿ of the search coordinates; the sphere and the
  /// separable ellipsoid are solved to 10⁻⁸ with CMA-ES with margin, and the
  /// run stops at the target.
  @Test func unimodalFunctionsAreSolvedFromNormalizedStartMeans() throws {
    let starts = StartMeans()
    let design = try Self.design(functions: [1, 2], dimensions: [5, 10], instances: [1, 2], budget: 2000)
    for run in design.runs {
      let record = try design.perform(run, strategy: Self.cmaWithMargin(starts))
      #expect(record.error == nil)
      #expect(record.bestPrecision <= 1e-8, "\(run): \(record.bestPrecision)")
      #expect(record.evaluations == record.hits.last ?? nil)
    }
    #expect(!starts.all.isEmpty && starts.all.allSatisfy { $0.allSatisfy { (0.1...0.9).contains($0) } })
  }

  /// The records do not depend on the thread count, and the COCO files name the suite.
  @Test func experimentIsDeterministicAndWritesCOCOFiles() async throws {
    let design = try Self.design(functions: [1, 15], instances: [1, 2], budget: 200)
    var results: [[BBOBRunRecord]] = []
    for threads in [1, 2] {
      let store = BBOBExperimentStore(
        directory: FileManager.default.temporaryDirectory.appendingPathComponent("fisher-mixint-\(UUID().uuidString)"))
      defer { try? FileManager.default.removeItem(at: store.directory) }
      let records = try await runBBOBExperiment(design, strategies: [Self.cmaWithMargin()], store: store, threads: threads)
      results.append(records.map { var r = $0; r.seconds = 0; return r })
    }
    #expect(results[0] == results[1] && results[0].count == 4)
    let files = try COCODataWriter.files(strategy: "cma-es", records: results[0], suite: .bbobMixint)
    let info = try #require(files.first { $0.0 == "bbobexp_f15.info" }?.1)
    #expect(info.hasPrefix("suite = 'bbob-mixint', funcId = 15, DIM = 5, Precision = 1.000e-08, algId = 'cma-es'"))
  }
}
