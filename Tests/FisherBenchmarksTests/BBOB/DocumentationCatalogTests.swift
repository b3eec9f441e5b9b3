import Foundation
import Testing
import FisherBenchmarks

/// The example of the FisherBenchmarks documentation catalog's landing page
/// (Sources/FisherBenchmarks/FisherBenchmarks.docc/FisherBenchmarks.md), with the same code.
@Suite struct BenchmarksDocumentationCatalogTests {
  @Test func landingPageExample() async throws {
    let f = try BBOBFunction(function: 8, instance: 1, dimension: 10)    // Rosenbrock, bbob_f008_i01_d10
    let result = try await minimize(
      f.problem, strategy: try CMAES(mean: [Double](repeating: 0, count: 10), sigma: 2, seed: 1),
      options: MinimizeOptions(termination: Termination(maxEvaluations: 100_000, targetPrecision: 1e-8)))

    #expect(f.name == "bbob_f008_i01_d10" && f.functionName.lowercased().contains("rosenbrock"))
    #expect(result.stopReason == .targetPrecision)
    #expect(result.bestF - f.optimalValue <= 1e-8)
  }

  /// The example of NoisyExperiments.md, with a temporary folder and a smaller design.
  @Test func noisyExperimentsExample() async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fisher-noisy-doc-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let design = try BBOBExperiment(
      strategies: ["cma-es"], functions: [101, 113, 122], dimensions: [2], instances: [1, 2, 3],
      budgetMultiplier: 100, seed: 1, noise: .uncertainty(try UncertaintyHandling()))
    let cmaES = BBOBStrategyEntry(name: "cma-es") { mean, sigma, seed, populationSize in
      try CMAES(mean: mean, sigma: sigma, populationSize: populationSize, seed: seed)
    }
    let store = BBOBExperimentStore(directory: folder)
    let records = try await runBBOBExperiment(design, strategies: [cmaES], store: store, threads: 4)
    for (path, text) in try COCODataWriter.files(strategy: "cma-es", records: records) {
      try store.write(text, to: "coco/cma-es/" + path)
    }

    #expect(design.suite == .bbobNoisy && design.recommendation == .distributionMean)
    let info = try String(contentsOf: folder.appendingPathComponent("coco/cma-es/bbobexp_f122.info"), encoding: .utf8)
    #expect(info.hasPrefix("suite = 'bbob-noisy', funcId = 122"))
  }

  /// The example of ConstrainedExperiments.md, with a temporary folder and a smaller design.
  @Test func constrainedExperimentsExample() async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fisher-cons-doc-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let design = try BBOBExperiment(
      strategies: ["cma-es"], functions: [1, 19, 44], dimensions: [2], instances: [1, 2],
      budgetMultiplier: 100, seed: 1, suite: .bbobConstrained,
      constraintMethods: ["cma-es": .augmentedLagrangian])
    let cmaES = BBOBStrategyEntry(name: "cma-es") { mean, sigma, seed, populationSize in
      try CMAES(mean: mean, sigma: sigma, populationSize: populationSize, seed: seed)
    }
    let store = BBOBExperimentStore(directory: folder)
    let records = try await runBBOBExperiment(design, strategies: [cmaES], store: store, threads: 4)
    for (path, text) in try COCODataWriter.files(strategy: "cma-es", records: records, suite: design.suite) {
      try store.write(text, to: "coco/cma-es/" + path)
    }

    #expect(records.allSatisfy { $0.evaluations % 2 == 0 })
    let info = try String(contentsOf: folder.appendingPathComponent("coco/cma-es/bbobexp_f44.info"), encoding: .utf8)
    #expect(info.hasPrefix("suite = 'bbob-constrained', funcId = 44"))
  }
}
