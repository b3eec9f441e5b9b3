import Foundation
import Testing
@testable import Fisher

/// ``Strategy/coordinateStandardDeviations`` of every strategy against an
/// independent computation from the strategy's public state, after enough
/// generations that the shape is far from its isotropic start.
@Suite struct CoordinateStandardDeviationTests {
  /// An ellipsoid with condition 10⁴ on a rotated-free axis scaling: it makes
  /// every adaptive strategy's coordinates differ.
  static func ellipsoid(_ x: [Double]) -> Double {
    var f = 0.0
    for (i, v) in x.enumerated() {
      let scale = pow(100, Double(i) / Double(Swift.max(1, x.count - 1)))
      f += scale * scale * v * v
    }
    return f
  }

  /// Relative closeness of two vectors, elementwise.
  static func close(_ a: [Double], _ b: [Double], tolerance: Double = 1e-12) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance * Swift.max(abs($0), abs($1)) }
  }

  /// Whether the values are not all equal (the test would not notice a mix-up of coordinates otherwise).
  static func spread(_ a: [Double]) -> Bool { (a.max() ?? 0) > 1.5 * (a.min() ?? 0) }

  static func advanced<S: Strategy>(_ s: S, generations: Int = 40, _ f: ([Double]) -> Double = ellipsoid) throws -> S {
    var s = s
    try StrategyChecks.run(&s, f, maxGenerations: generations)
    return s
  }

  /// √diag(σ² B D² Bᵀ), from the eigendecomposition CMA-ES samples with.
  static func fromEigendecomposition(_ s: CMAES) -> [Double] {
    let b = s.eigenvectors, d = s.axisLengths, n = s.dimension
    return (0..<n).map { i in
      var c = 0.0
      for k in 0..<n { c += b[i, k] * b[i, k] * d[k] * d[k] }
      return s.stepSize * c.squareRoot()
    }
  }

  /// CMA-ES (active weights by default): the eigendecomposition is refreshed
  /// every generation at n = 4, so σ√diag(B D² Bᵀ) equals σ√diag C.
  @Test func cmaesMatchesItsEigendecomposition() throws {
    let s = try Self.advanced(try CMAES(mean: [1, 1, 1, 1], sigma: 0.5, seed: 3))
    #expect(s.options.activeCovariance)
    let stds = s.coordinateStandardDeviations
    #expect(Self.close(stds, Self.fromEigendecomposition(s), tolerance: 1e-10))
    #expect(Self.close(stds, (0..<4).map { s.stepSize * s.covarianceMatrix[$0, $0].squareRoot() }))
    #expect(Self.spread(stds))
  }

  /// Learning-rate adaptation replaces σ and C after the plain update; the
  /// standard deviations follow.
  @Test func cmaesWithLearningRateAdaptation() throws {
    let o = CMAESOptions(learningRateAdaptation: LearningRateAdaptation())
    let s = try Self.advanced(try CMAES(mean: [1, 1, 1], sigma: 0.5, seed: 4, options: o))
    #expect(Self.close(s.coordinateStandardDeviations, Self.fromEigendecomposition(s), tolerance: 1e-10))
  }

  /// The Cholesky representation: σ times the norms of the rows of A (C = A Aᵀ).
  @Test func cmaesCholeskyFactor() throws {
    let s = try Self.advanced(try CMAES(mean: [1, 1, 1, 1, 1], sigma: 0.5, seed: 5, options: CMAESOptions(covariance: .cholesky)))
    let a = try #require(s.choleskyFactor)
    let expected = (0..<5).map { i in s.stepSize * (0...i).reduce(0) { $0 + a[i, $1] * a[i, $1] }.squareRoot() }
    #expect(Self.close(s.coordinateStandardDeviations, expected))
    #expect(Self.close(s.coordinateStandardDeviations, (0..<5).map { s.stepSize * s.covarianceMatrix[$0, $0].squareRoot() }, tolerance: 1e-10))
    #expect(Self.spread(expected))
  }

  @Test func separableCMAES() throws {
    let s = try Self.advanced(try SeparableCMAES(mean: [1, 1, 1, 1], sigma: 0.5, seed: 6))
    let expected = s.variances.map { s.stepSize * $0.squareRoot() }
    #expect(Self.close(s.coordinateStandardDeviations, expected))
    #expect(Self.spread(expected))
  }

  /// CMA-ES with margin: a discrete coordinate is evaluated at mᵢ + Aᵢ(xᵢ − mᵢ),
  /// so its standard deviation is σAᵢ√Cᵢᵢ; the continuous ones are σ√Cᵢᵢ.
  @Test(arguments: [false, true])
  func cmaesWithMargin(separable: Bool) throws {
    let o = try CMAESOptions(integerMargin: IntegerMargin(coordinates: [
      DiscreteCoordinate(index: 2, low: 0, high: 1), DiscreteCoordinate(index: 3, low: -2, high: 2),
    ]))
    let f: ([Double]) -> Double = { x in x[0] * x[0] + 10 * x[1] * x[1] + (x[2] - 1) * (x[2] - 1) + x[3] * x[3] }
    let variances: [Double], stds: [Double], scales: [Double], sigma: Double
    if separable {
      let s = try Self.advanced(try SeparableCMAES(mean: [1, 1, 0.5, 1], sigma: 1, seed: 7, options: o), generations: 150, f)
      (variances, stds, scales, sigma) = (s.variances, s.coordinateStandardDeviations, s.marginScales, s.stepSize)
    } else {
      let s = try Self.advanced(try CMAES(mean: [1, 1, 0.5, 1], sigma: 1, seed: 7, options: o), generations: 150, f)
      let c = s.covarianceMatrix
      (variances, stds, scales, sigma) = ((0..<4).map { c[$0, $0] }, s.coordinateStandardDeviations, s.marginScales, s.stepSize)
    }
    // The margin has acted (a scale moved off 1), so the test tells σAᵢ√Cᵢᵢ from σ√Cᵢᵢ.
    #expect(scales.contains { abs($0 - 1) > 1e-6 })
    let expected = [
      sigma * variances[0].squareRoot(), sigma * variances[1].squareRoot(),
      sigma * scales[0] * variances[2].squareRoot(), sigma * scales[1] * variances[3].squareRoot(),
    ]
    #expect(Self.close(stds, expected))
  }

  /// xNES: the square roots of the diagonal of its covariance σ²BBᵀ.
  @Test func xnes() throws {
    let s = try Self.advanced(try XNES(mean: [1, 1, 1], sigma: 0.5, seed: 8), generations: 150)
    let c = s.covariance
    let expected = (0..<3).map { c[$0, $0].squareRoot() }
    #expect(Self.close(s.coordinateStandardDeviations, expected, tolerance: 1e-12))
    #expect(Self.spread(expected))
  }

  /// SNES samples N(μ, diag σ²): its σᵢ, whose geometric mean is the step size.
  @Test func snes() throws {
    let s = try Self.advanced(try SNES(mean: [1, 1, 1], sigma: 0.5, seed: 9), generations: 150)
    #expect(s.coordinateStandardDeviations == s.sigmas)
    let geometricMean = exp(s.coordinateStandardDeviations.map { log($0) }.reduce(0, +) / 3)
    #expect(abs(geometricMean - s.stepSize) <= 1e-12 * s.stepSize)
    #expect(Self.spread(s.sigmas))
  }

  /// CEM and exponential weights keep √Cᵢᵢ directly; with a full covariance
  /// they must agree with the diagonal of C.
  @Test func cemAndExponentialWeights() throws {
    let cem = try Self.advanced(try CrossEntropyMethod(mean: [1, 1, 1], sigma: 2, seed: 10, options: CEMOptions(covariance: .full)))
    let c = try #require(cem.covariance)
    #expect(Self.close(cem.coordinateStandardDeviations, (0..<3).map { c[$0, $0].squareRoot() }))
    #expect(Self.spread(cem.coordinateStandardDeviations))
    let diagonal = try Self.advanced(try CrossEntropyMethod(mean: [1, 1, 1], sigma: 2, seed: 10))
    #expect(diagonal.coordinateStandardDeviations == diagonal.standardDeviations)
    let ew = try Self.advanced(
      try ExponentialWeights(mean: [1, 1, 1], sigma: 2, seed: 11, options: ExponentialWeightsOptions(covariance: .full)))
    let e = try #require(ew.covariance)
    #expect(Self.close(ew.coordinateStandardDeviations, (0..<3).map { e[$0, $0].squareRoot() }))
  }

  /// OpenAI-ES draws θ ± σε with ε ~ N(0, I): σ in every coordinate, and a
  /// mirrored pair is symmetric about θ.
  @Test func openAIES() throws {
    let s = try Self.advanced(try OpenAIES(mean: [1, 1, 1], sigma: 0.3, seed: 12), generations: 5)
    #expect(s.coordinateStandardDeviations == [0.3, 0.3, 0.3])
    let p = s.ask()
    for j in 0..<3 { #expect(abs((p[0][j] + p[1][j]) / 2 - s.mean[j]) < 1e-12) }
  }

  /// The natural gradient's families: √Σᵢᵢ of each Gaussian, √(p(1 − p)) of
  /// a Bernoulli, √(1 − Σₖ pₖ²) of a categorical variable.
  @Test(arguments: [NaturalGradient.Family.meanOnly, .isotropic, .diagonal, .full])
  func naturalGradientGaussians(family: NaturalGradient.Family) throws {
    let s = try Self.advanced(try NaturalGradient(mean: [1, 1, 1], sigma: 0.5, seed: 13, family: family), generations: 60)
    let g = try #require(s.distribution.gaussian)
    let c = try g.covariance
    #expect(Self.close(s.coordinateStandardDeviations, (0..<3).map { c[$0, $0].squareRoot() }, tolerance: 1e-12))
    if family == .diagonal || family == .full { #expect(Self.spread(s.coordinateStandardDeviations)) }
  }

  @Test func naturalGradientDiscreteFamilies() throws {
    let bits = try Self.advanced(
      try NaturalGradient(bernoulli: try BernoulliProduct(probabilities: [0.5, 0.2, 0.9]), seed: 14),
      generations: 10) { x in x.reduce(0, +) }
    guard case .bernoulli(let b) = bits.distribution else { Issue.record("not a Bernoulli"); return }
    #expect(bits.coordinateStandardDeviations == b.probabilities.map { ($0 * (1 - $0)).squareRoot() })
    let categories = try NaturalGradient(categorical: try CategoricalProduct(probabilities: [[0.5, 0.25, 0.25], [0.1, 0.9]]), seed: 15)
    let expected = [(1 - 0.25 - 0.0625 - 0.0625).squareRoot(), (1 - 0.01 - 0.81).squareRoot()]
    #expect(Self.close(categories.coordinateStandardDeviations, expected, tolerance: 1e-9))
  }

  /// CatCMA: σ√Cₖₖ on the continuous coordinates, √(q(1 − q)) on each one-hot entry.
  @Test func catCMA() throws {
    let options = CatCMAOptions(categories: [CategoricalBlock(index: 1, count: 3)])
    let f: ([Double]) -> Double = { x in x[0] * x[0] + 100 * x[4] * x[4] + (x[2] == 1 ? 0 : 1) }
    let s = try Self.advanced(try CatCMA(mean: [1, 0, 0, 0, 1], sigma: 0.5, seed: 16, options: options), generations: 30, f)
    let stds = s.coordinateStandardDeviations
    #expect(s.continuous == [0, 4])
    #expect(abs(stds[0] - s.sigma * s.covariance[0, 0].squareRoot()) <= 1e-12 * stds[0])
    #expect(abs(stds[4] - s.sigma * s.covariance[1, 1].squareRoot()) <= 1e-12 * stds[4])
    for j in 0..<3 {
      let q = s.probabilities[0][j]
      #expect(abs(stds[1 + j] - (q * (1 - q)).squareRoot()) < 1e-15)
    }
  }

  /// AnyStrategy forwards to the strategy it wraps.
  @Test func anyStrategyForwards() throws {
    let cmaes = try Self.advanced(try CMAES(mean: [1, 1, 1], sigma: 0.5, seed: 17), generations: 10)
    let xnes = try Self.advanced(try XNES(mean: [1, 1, 1], sigma: 0.5, seed: 17), generations: 10)
    #expect(AnyStrategy.cmaES(cmaes).coordinateStandardDeviations == cmaes.coordinateStandardDeviations)
    #expect(AnyStrategy.xNES(xnes).coordinateStandardDeviations == xnes.coordinateStandardDeviations)
    let spec = StrategySpecification(kind: .sNES)
    let any = try Self.advanced(try spec.make(mean: [1, 1, 1], sigma: 0.5, seed: 18), generations: 20)
    guard case .sNES(let snes) = any else { Issue.record("not SNES"); return }
    #expect(any.coordinateStandardDeviations == snes.sigmas)
  }
}
