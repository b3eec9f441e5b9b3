import Testing
@testable import Fisher

/// The CMA-ES update on fixed populations, against pycma.
///
/// `Benchmarks/peers/cmaes_reference_values.py` (pycma 4.5.0) tells pycma the same
/// candidates and fitness values, starting from C = I, and prints the state after
/// each tell; the numbers below are its output. Both sides evaluate the same
/// formulas in double precision (pycma through numpy, with a LAPACK
/// eigendecomposition before the second tell), so the states agree to rounding:
/// the entries are O(1) and 1e-12 absolute leaves a wide margin above ~1e-15.
@Suite struct CMAESUpdateTests {
  static let m0 = [1.0, -2.0, 0.5]
  static let sigma0 = 0.3
  static let z1: [[Double]] = [
    [0.3, -1.2, 0.8], [1.1, 0.4, -0.5], [-0.7, 0.9, 1.3], [0.2, 0.1, -0.2],
    [-1.5, -0.3, 0.6], [0.9, -0.8, -1.1], [-0.4, 1.6, 0.05],
  ]
  /// One failed evaluation (+∞), which pycma also sorts last.
  static let f1: [Double] = [3.0, 1.0, .infinity, 0.5, 2.0, 4.0, 1.5]
  static let x2: [[Double]] = [
    [1.2, -1.9, 0.4], [0.8, -2.3, 0.9], [1.0, -1.7, 0.2], [1.5, -2.1, 0.6],
    [0.6, -1.8, 0.3], [1.1, -2.4, 0.7], [0.9, -2.0, 0.1],
  ]
  static let f2: [Double] = [0.3, 0.9, 0.1, 1.4, 0.7, 0.2, 2.2]

  static func expectClose(_ a: [Double], _ b: [Double], _ what: String, tolerance: Double = 1e-12) {
    #expect(a.count == b.count, "\(what) length")
    for (i, (u, v)) in zip(a, b).enumerated() {
      #expect(abs(u - v) <= tolerance, "\(what)[\(i)]: \(u) vs pycma \(v)")
    }
  }

  /// Directions consistent with candidates under the strategy's sampling
  /// transform: z = D⁻¹ Bᵀ (x − m)/σ.
  static func directions(for x: [[Double]], of es: CMAES) throws -> Matrix {
    let n = es.dimension
    var z = try Matrix(rows: x.count, columns: n)
    for (k, xk) in x.enumerated() {
      let y = (0..<n).map { (xk[$0] - es.mean[$0]) / es.stepSize }
      let t = try es.eigenvectors.transposeMultiply(y)
      for j in 0..<n { z[k, j] = t[j] / es.axisLengths[j] }
    }
    return z
  }

  @Test func twoTellsMatchPycma() throws {
    var es = try CMAES(mean: Self.m0, sigma: Self.sigma0, populationSize: 7, seed: 3)
    let x1 = Self.z1.map { z in (0..<3).map { Self.m0[$0] + Self.sigma0 * z[$0] } }
    let p1 = Population(generation: 0, candidates: try Matrix(x1), directions: try Matrix(Self.z1))
    try es.tell(p1, fitness: Self.f1)

    Self.expectClose(es.mean, [1.117186268136455, -1.8889564171011521, 0.42276089572471204], "mean 1")
    Self.expectClose(es.sigmaPath, [0.5079740966206797, 0.4813470435194981, -0.3348128141800964], "ps 1")
    Self.expectClose(es.covariancePath, [0.5263826609145432, 0.498790665265641, -0.3469461557367745], "pc 1")
    Self.expectClose(
      es.covarianceMatrix.elements,
      [0.9564617157670466, 0.13470640100727332, 0.0870547989086073, 0.13470640100727332, 0.8828463480529741,
       -0.12184390152342957, 0.0870547989086073, -0.12184390152342957, 0.7847052239023806], "C 1")
    #expect(abs(es.stepSize - 0.2527745963368769) < 1e-14)

    let p2 = Population(generation: 1, candidates: try Matrix(Self.x2), directions: try Self.directions(for: Self.x2, of: es))
    try es.tell(p2, fitness: Self.f2)
    Self.expectClose(es.mean, [1.053588723372559, -1.9292822553254885, 0.3707177446745118], "mean 2")
    Self.expectClose(es.sigmaPath, [-0.050021012590923286, 0.019703106034311718, -0.4712637984684146], "ps 2")
    Self.expectClose(es.covariancePath, [-0.10680229836090474, 0.005086759217695608, -0.43051677706495844], "pc 2")
    Self.expectClose(
      es.covarianceMatrix.elements,
      [0.7913562110426503, 0.12412403246902817, 0.004407631728173905, 0.12412403246902817, 0.9093511981829474,
       -0.1780170641701657, 0.004407631728173905, -0.1780170641701657, 0.6705295370801541], "C 2")
    #expect(abs(es.stepSize - 0.1999852447031586) < 1e-14)
  }

  /// A failed evaluation never enters the mean: with the otherwise best
  /// candidate marked +∞, the new mean is the weighted mean of the μ best
  /// finite candidates, computed here directly from the weights.
  @Test func infiniteFitnessIsRankedWorst() throws {
    var es = try CMAES(mean: [0, 0, 0, 0], sigma: 1, seed: 11)
    let p = es.ask()
    let f0 = (0..<p.count).map { ClassicProblem.sphere.value(p[$0]) }
    let best = f0.indices.min { f0[$0] < f0[$1] }!
    var f = f0
    f[best] = .infinity
    let order = f.indices.sorted { f[$0] < f[$1] }
    #expect(order.last == best)
    let w = es.parameters.weights.weights
    var expected = [Double](repeating: 0, count: 4)
    for r in 0..<es.parameters.mu {
      for j in 0..<4 { expected[j] += w[r] * p[order[r]][j] }
    }
    try es.tell(p, fitness: f)
    Self.expectClose(es.mean, expected, "mean", tolerance: 1e-15)
    #expect(es.bestValue == f.filter(\.isFinite).min())
  }
}
