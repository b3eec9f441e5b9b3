import Foundation
import Testing
@testable import Fisher

/// CatCMA against the `cmaes` package (0.13.1, `CatCMA` and `CatCMAwM`).
///
/// `Benchmarks/peers/cmaes_catcma_reference.py` writes
/// `Resources/cmaes-catcma-reference.json`: three runs on the paper's
/// problems (SphereCOM, EllipsoidCLeadingOnes; 2–6 categories per variable,
/// the default and a larger λ) and one of `CatCMAwM` on categorical
/// variables alone (no Gaussian part), with every generation's candidates,
/// values and the state after the tell. The candidates and values are told to Fisher's
/// ``CatCMA`` (the vector: x, then the one-hot blocks) and the states must
/// agree: mean, σ, C and q to 1e-9 relative over the whole run (the
/// eigendecomposition differs from LAPACK's only in rounding).
@Suite struct CatCMAReferenceTests {
  struct Reference: Decodable {
    var cases: [Case]
  }

  struct Case: Decodable, CustomStringConvertible {
    var name: String
    var continuous: Int
    var categories: [Int]
    var populationSize: Int
    var mean0: [Double]
    var sigma0: Double
    var margin: [Double]
    var generations: [Generation]
    var description: String { name }
  }

  struct Generation: Decodable {
    var x: [[Double]]
    var c: [[[Int]]]
    var f: [Double]
    var mean: [Double]
    var sigma: Double
    var C: [Double]
    var q: [[Double]]
    var Delta: Double
  }

  static let cases: [Case] = {
    guard let url = Bundle.module.url(forResource: "cmaes-catcma-reference", withExtension: "json", subdirectory: "Resources"),
      let data = try? Data(contentsOf: url), let r = try? JSONDecoder().decode(Reference.self, from: data)
    else { return [] }
    return r.cases
  }()

  static func relativeError(_ a: [Double], _ b: [Double]) -> Double {
    LinearAlgebraTestSupport.relativeError(a, b)
  }

  static func blocks(_ c: Case) -> [CategoricalBlock] {
    var next = c.continuous
    return c.categories.map { k in
      defer { next += k }
      return CategoricalBlock(index: next, count: k)
    }
  }

  @Test func referenceDataLoads() {
    #expect(Self.cases.count == 4)
    #expect(Self.cases.last?.continuous == 0 && Self.cases.last?.generations.count == 60)
  }

  @Test(arguments: cases) func replayEqualsCatCMA(_ c: Case) throws {
    let blocks = Self.blocks(c)
    let n = c.continuous + c.categories.reduce(0, +)
    var es = try CatCMA(
      mean: c.mean0 + [Double](repeating: 0, count: n - c.continuous), sigma: c.sigma0,
      populationSize: c.populationSize, seed: 1, options: CatCMAOptions(categories: blocks))
    #expect(Self.relativeError(es.margin, c.margin) < 1e-15)
    var worst = 0.0
    for (g, gen) in c.generations.enumerated() {
      var rows: [[Double]] = []
      for (x, cat) in zip(gen.x, gen.c) { rows.append(x + cat.flatMap { $0.map(Double.init) }) }
      let population = Population(
        generation: g, candidates: try Matrix(rows), directions: Matrix(_rows: 0, columns: 0))
      try es.tell(population, fitness: gen.f)
      let m = es.mean
      worst = Swift.max(
        worst, Self.relativeError(Array(m[0..<c.continuous]), gen.mean),
        Self.relativeError([es.sigma], [gen.sigma]), Self.relativeError(es.covariance.elements, gen.C),
        Self.relativeError(es.probabilities.flatMap { $0 }, gen.q.flatMap { $0 }),
        Self.relativeError([es.bigDelta], [gen.Delta]))
    }
    // CatCMAwM's categorical step is ε = δ/(‖F^(1/2)∇‖ + 10⁻⁸) where CatCMA's
    // (and Fisher's) is δ/‖F^(1/2)∇‖: a relative difference of about 10⁻⁸ per
    // step. With that 10⁻⁸ set to 10⁻³⁰⁰ in cmaes the replay agrees to 10⁻⁹.
    let tolerance = c.continuous == 0 ? 1e-7 : 1e-9
    #expect(worst < tolerance, "\(c.name): largest relative difference \(worst)")
  }
}
