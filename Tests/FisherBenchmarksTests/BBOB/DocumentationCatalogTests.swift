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
}
