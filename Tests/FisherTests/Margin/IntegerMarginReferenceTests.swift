import Foundation
import Testing
@testable import Fisher

/// CMA-ES with margin against the `cmaes` package (0.13.1, `CMAwM`).
///
/// `Benchmarks/peers/cmaes_margin_reference.py` writes
/// `Resources/cmaes-margin-reference.json`: four runs on the paper's problems
/// (integer ellipsoid n = 10 on [−10, 10]; an integer sphere with steps 1 and
/// 0.5; EllipsoidOneMax with 5 real and 5 binary coordinates; a mixed problem
/// with α = 0.05 and λ = 16), with every candidate as sampled and as
/// evaluated, the mean and A it was asked with, and the state before and after
/// the margin correction.
///
/// - Encoding: Fisher's ``IntegerMargin/discretize(_:into:mean:scales:)``
///   must give cmaes' evaluated point exactly (grid values are exact).
/// - Correction: given cmaes' plain update (m, σ, diag C) and A, Fisher's
///   ``IntegerMargin/correct(mean:scales:sigma:variances:alpha:)`` must give
///   cmaes' corrected m and A. cmaes (without scipy) inverts χ²₁ by 100
///   bisections on erf, Fisher uses Φ⁻¹ (AS 241); both are exact to rounding,
///   so the tolerance is 1e-9 relative.
@Suite struct IntegerMarginReferenceTests {
  struct Reference: Decodable {
    var source: String
    var cases: [Case]
  }

  struct Case: Decodable, CustomStringConvertible {
    var name: String
    var dimension: Int
    var populationSize: Int
    var margin: Double
    var grids: [DiscreteCoordinate]
    var generations: [Generation]
    var description: String { name }
  }

  struct State: Decodable {
    var mean: [Double]
    var sigma: Double?
    var variances: [Double]?
    var scales: [Double]
  }

  struct Generation: Decodable {
    var mean: [Double]
    var scales: [Double]
    var x: [[Double]]
    var encoded: [[Double]]
    var before: State
    var after: State
  }

  static let cases: [Case] = {
    guard let url = Bundle.module.url(forResource: "cmaes-margin-reference", withExtension: "json", subdirectory: "Resources"),
      let data = try? Data(contentsOf: url), let r = try? JSONDecoder().decode(Reference.self, from: data)
    else { return [] }
    return r.cases
  }()

  static func relativeError(_ a: [Double], _ b: [Double]) -> Double {
    guard a.count == b.count else { return .infinity }
    var worst = 0.0
    for (u, v) in zip(a, b) { worst = Swift.max(worst, abs(u - v) / Swift.max(abs(v), 1e-300)) }
    return worst
  }

  @Test func referenceDataLoads() {
    #expect(Self.cases.count == 4)
    #expect(Self.cases.allSatisfy { $0.generations.count >= 25 })
  }

  @Test(arguments: cases) func encodingEqualsCMAwM(_ c: Case) throws {
    let margin = IntegerMargin(coordinates: c.grids, margin: c.margin)
    try margin.validate(dimension: c.dimension)
    var points = 0
    for g in c.generations {
      for (x, expected) in zip(g.x, g.encoded) {
        var point = x
        margin.discretize(x, into: &point, mean: g.mean, scales: g.scales)
        #expect(point == expected)
        points += 1
      }
    }
    #expect(points == c.generations.count * c.populationSize)
  }

  @Test(arguments: cases) func correctionEqualsCMAwM(_ c: Case) throws {
    let margin = IntegerMargin(coordinates: c.grids, margin: c.margin)
    #expect(margin.resolvedMargin(dimension: c.dimension, populationSize: c.populationSize) == c.margin
      || c.name.contains("margin 0.05"))
    var worstMean = 0.0, worstScale = 0.0, changed = 0
    for g in c.generations {
      var mean = g.before.mean
      var scales = g.before.scales
      margin.correct(
        mean: &mean, scales: &scales, sigma: try #require(g.before.sigma),
        variances: try #require(g.before.variances), alpha: c.margin)
      worstMean = Swift.max(worstMean, Self.relativeError(mean, g.after.mean))
      worstScale = Swift.max(worstScale, Self.relativeError(scales, g.after.scales))
      if g.after.mean != g.before.mean { changed += 1 }
    }
    #expect(worstMean < 1e-9, "mean off by \(worstMean)")
    #expect(worstScale < 1e-9, "A off by \(worstScale)")
    // The correction did act in these runs (else the comparison would be empty).
    #expect(changed > c.generations.count / 2)
  }

  @Test func defaultMarginIsOneOverNLambda() {
    let m = IntegerMargin(coordinates: [DiscreteCoordinate(index: 0, low: 0, count: 2)])
    #expect(m.resolvedMargin(dimension: 10, populationSize: 10) == 0.01)
    #expect(Self.cases.first.map { $0.margin == 1 / Double($0.dimension * $0.populationSize) } == true)
  }
}
