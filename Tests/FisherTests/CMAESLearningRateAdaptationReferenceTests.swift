import Foundation
import Testing
@testable import Fisher

/// LRA-CMA-ES against the `cmaes` package (0.13.1, `CMA(..., lr_adapt=True)`).
///
/// `Benchmarks/peers/cmaes_lra_reference.py` writes
/// `Resources/cmaes-lra-reference.json`: five short runs (n = 3 and 8; noisy
/// sphere and ellipsoid, noiseless sphere, and a linear function with λ = 20
/// on which η_m reaches its cap of 1), with every generation's candidates,
/// fitness values, the state just before `cmaes`' learning-rate adaptation and
/// the state after the tell.
///
/// - The adaptation step alone is given `cmaes`' inputs (the old Σ, the plain
///   update's m′, σ′, C′) and must reproduce its output, with the moving
///   averages carried from generation to generation. It agrees to rounding:
///   at most 5e-14 relative to the largest entry is observed, against a
///   tolerance of 1e-9.
/// - The whole tell is replayed on a ``CMAES`` whose parameters are replaced by
///   `cmaes`' constants (the script checks that h_σ and the clipping of the σ
///   update, where Fisher follows pycma, make no difference in these runs).
///   One difference remains: the negative weights are rescaled by
///   n/(‖zᵢ‖ + 10⁻⁹)² (pycma) against n/(‖zᵢ‖² + 10⁻⁸) (`cmaes`), a relative
///   change of about 10⁻⁹ in each, which the runs carry to at most 8e-9
///   (with `cmaes`' form the two agree to 1e-13). The tolerance is 5e-8.
@Suite struct CMAESLearningRateAdaptationReferenceTests {
  struct Reference: Decodable {
    var source: String
    var cases: [Case]
  }

  struct Case: Decodable, CustomStringConvertible {
    var name: String
    var dimension: Int
    var populationSize: Int
    var mean0: [Double]
    var sigma0: Double
    var parameters: Parameters
    var lra: LearningRateAdaptation
    var generations: [Generation]
    var description: String { name }
  }

  /// `cmaes`' strategy parameters.
  struct Parameters: Decodable {
    var weights: [Double]
    var mu: Int
    var mueff: Double
    var cs, damps, cc, c1, cmu, chiN: Double
  }

  struct State: Decodable {
    var mean: [Double]
    var sigma: Double
    var C: [Double]
    var etaMean: Double?
    var etaSigma: Double?
  }

  struct Generation: Decodable {
    var x: [[Double]]
    var f: [Double]
    var oldSigmaMatrix: [Double]
    var before: State
    var after: State
  }

  static let reference: Reference? = {
    guard let url = Bundle.module.url(forResource: "cmaes-lra-reference", withExtension: "json", subdirectory: "Resources"),
      let data = try? Data(contentsOf: url)
    else { return nil }
    return try? JSONDecoder().decode(Reference.self, from: data)
  }()

  static var cases: [Case] { reference?.cases ?? [] }

  static let tolerance = 1e-9
  /// The whole tells: ~10⁻⁹ from the negative weights' guard, accumulated.
  static let tellTolerance = 5e-8

  static func relativeError(_ a: [Double], _ b: [Double]) -> Double {
    LinearAlgebraTestSupport.relativeError(a, b)
  }

  /// The largest relative error over mean, σ, C and both learning rates.
  static func error(mean: [Double], sigma: Double, covariance: [Double], etaMean: Double, etaSigma: Double, _ r: State) -> Double {
    [
      relativeError(mean, r.mean), relativeError([sigma], [r.sigma]), relativeError(covariance, r.C),
      relativeError([etaMean], [r.etaMean ?? .nan]), relativeError([etaSigma], [r.etaSigma ?? .nan]),
    ].max()!
  }

  @Test func referenceDataLoads() throws {
    let r = try #require(Self.reference, "Resources/cmaes-lra-reference.json is missing or unreadable")
    #expect(r.cases.count == 5)
    #expect(r.source.hasPrefix("cmaes 0.13.1"))
    #expect(r.cases.allSatisfy { $0.lra == LearningRateAdaptation() }, "cmaes' settings are the defaults")
  }

  /// The adaptation step (`LearningRateAdaptationState.update`) on `cmaes`' inputs.
  @Test(arguments: cases)
  func adaptationStepMatchesCmaes(_ c: Case) throws {
    let n = c.dimension
    var adaptation = LearningRateAdaptationState(dimension: n)
    var oldMean = c.mean0, oldSigma = c.sigma0
    var worst = 0.0
    for (g, gen) in c.generations.enumerated() {
      // cmaes passes Σ = σ²C; C^(−1/2) from its eigendecomposition.
      let variance = oldSigma * oldSigma
      let oldC = try Matrix(rows: n, columns: n, elements: gen.oldSigmaMatrix.map { $0 / variance })
      let eig = try SymmetricEigen(oldC)
      let inverseRoot = eig.reconstruct { 1 / $0.squareRoot() }
      let old = LearningRateAdaptationState.Gaussian(mean: oldMean, sigma: oldSigma, covariance: oldC)
      let new = LearningRateAdaptationState.Gaussian(
        mean: gen.before.mean, sigma: gen.before.sigma,
        covariance: try Matrix(rows: n, columns: n, elements: gen.before.C))
      let result = adaptation.update(from: old, inverseSquareRoot: inverseRoot, to: new, settings: c.lra)
      let adapted = try #require(result)
      let e = Self.error(
        mean: adapted.gaussian.mean, sigma: adapted.gaussian.sigma, covariance: adapted.gaussian.covariance.elements,
        etaMean: adaptation.meanLearningRate, etaSigma: adaptation.covarianceLearningRate, gen.after)
      #expect(e <= Self.tolerance, "\(c.name) generation \(g + 1): relative error \(e)")
      worst = Swift.max(worst, e)
      // B, D are those of the adapted C.
      let reconstructed = SymmetricEigen.reconstruct(
        vectors: adapted.eigenvectors, scales: adapted.axisLengths.map { $0 * $0 })
      #expect(Self.relativeError(reconstructed.elements, adapted.gaussian.covariance.elements) < 1e-12)
      oldMean = gen.after.mean
      oldSigma = gen.after.sigma
    }
    print("LRA step vs cmaes, \(c.name): largest relative error \(worst)")
  }

  /// A CMA-ES with learning-rate adaptation whose strategy parameters are `cmaes`'.
  static func strategy(for c: Case) throws -> CMAES {
    let options = CMAESOptions(covariance: .eigendecomposition, learningRateAdaptation: c.lra)
    let es = try CMAES(mean: c.mean0, sigma: c.sigma0, populationSize: c.populationSize, seed: 1, options: options)
    var json = try #require(JSONSerialization.jsonObject(with: try JSONEncoder().encode(es)) as? [String: Any])
    var parameters = try #require(json["parameters"] as? [String: Any])
    let p = c.parameters
    parameters["weights"] = ["weights": p.weights, "mu": p.mu, "mueff": p.mueff] as [String: Any]
    for (key, value) in [("cs", p.cs), ("damps", p.damps), ("cc", p.cc), ("c1", p.c1), ("cmu", p.cmu), ("chiN", p.chiN)] {
      parameters[key] = value
    }
    json["parameters"] = parameters
    return try JSONDecoder().decode(CMAES.self, from: try JSONSerialization.data(withJSONObject: json))
  }

  /// Whole tells of ``CMAES`` with `cmaes`' constants, fed `cmaes`' candidates.
  @Test(arguments: cases)
  func fullTellsMatchCmaes(_ c: Case) throws {
    var es = try Self.strategy(for: c)
    #expect(es.parameters.c1 == c.parameters.c1 && es.parameters.weights.weights == c.parameters.weights)
    let n = c.dimension
    var worst = 0.0
    for (g, gen) in c.generations.enumerated() {
      // Directions consistent with the candidates: z = D⁻¹ Bᵀ (x − m)/σ.
      var z = try Matrix(rows: gen.x.count, columns: n)
      for (k, xk) in gen.x.enumerated() {
        let y = (0..<n).map { (xk[$0] - es.mean[$0]) / es.stepSize }
        let t = try es.eigenvectors.transposeMultiply(y)
        for j in 0..<n { z[k, j] = t[j] / es.axisLengths[j] }
      }
      try es.tell(Population(generation: g, candidates: try Matrix(gen.x), directions: z), fitness: gen.f)
      let state = try #require(es.learningRateAdaptationState)
      let e = Self.error(
        mean: es.mean, sigma: es.stepSize, covariance: es.covarianceMatrix.elements,
        etaMean: state.meanLearningRate, etaSigma: state.covarianceLearningRate, gen.after)
      #expect(e <= Self.tellTolerance, "\(c.name) generation \(g + 1): relative error \(e)")
      worst = Swift.max(worst, e)
    }
    print("LRA-CMA-ES tells vs cmaes, \(c.name): largest relative error \(worst)")
  }
}
