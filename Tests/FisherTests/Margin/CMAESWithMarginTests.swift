import Foundation
import Testing
@testable import Fisher

/// CMA-ES with margin in Fisher's driver: the property the method exists for
/// (discrete coordinates never freeze on a value), the problems of its paper,
/// checkpoints and bad settings.
@Suite struct CMAESWithMarginTests {
  /// EllipsoidOneMax (Hamano et al. 2022): an ellipsoid with condition 10⁶ on
  /// the real coordinates plus 10 · (number of binary coordinates ≤ 0... that
  /// are 0); the optimum 0 is at x_real = 0 with every bit 1.
  static func ellipsoidOneMax(real: Int, binary: Int) -> Objective {
    { x in
      var e = 0.0
      for i in 0..<real {
        let c = pow(1000, Double(i) / Double(Swift.max(real - 1, 1))) * x[i]
        e += c * c
      }
      var zeros = 0
      for i in real..<(real + binary) where x[i] <= 0 { zeros += 1 }
      return e + 10 * Double(zeros)
    }
  }

  static func options(binary: Int, real: Int, margin: Double? = nil) throws -> CMAESOptions {
    var o = CMAESOptions()
    o.integerMargin = IntegerMargin(
      coordinates: try (real..<(real + binary)).map { try DiscreteCoordinate(index: $0, low: 0, high: 1) }, margin: margin)
    return o
  }

  /// Evaluations to f < 10⁻¹⁰, or nil when the budget ran out.
  static func solve(_ f: @escaping Objective, strategy: CMAES, budget: Int) async throws -> Int? {
    let r = try await minimize(
      f, strategy: strategy,
      options: MinimizeOptions(termination: Termination(maxEvaluations: budget, targetValue: 1e-10), threads: 1))
    return r.bestF < 1e-10 ? r.evaluations : nil
  }

  /// On EllipsoidOneMax with 5 + 5 coordinates, CMA-ES with margin solves
  /// every one of 10 seeds; plain CMA-ES evaluated at the rounded point (the
  /// same grid, no margin) freezes bits at 0 once their variance is small,
  /// and fails on most seeds — the paper's Figure 3 in miniature.
  @Test func marginSolvesWhatRoundingFreezes() async throws {
    let f = Self.ellipsoidOneMax(real: 5, binary: 5)
    let start = [Double](repeating: 1, count: 5) + [Double](repeating: 0.5, count: 5)
    var withMargin = 0, plain = 0
    for seed in 1...10 as ClosedRange<UInt64> {
      let es = try CMAES(mean: start, sigma: 1, seed: seed, options: try Self.options(binary: 5, real: 5))
      if try await Self.solve(f, strategy: es, budget: 20_000) != nil { withMargin += 1 }
      // Without the margin: a margin so small that it never acts (α → 0 is plain rounding).
      let rounding = try CMAES(mean: start, sigma: 1, seed: seed, options: try Self.options(binary: 5, real: 5, margin: 1e-300))
      if try await Self.solve(f, strategy: rounding, budget: 20_000) != nil { plain += 1 }
    }
    #expect(withMargin == 10)
    #expect(plain <= 5, "plain rounding solved \(plain) of 10")
  }

  /// After every tell, each discrete coordinate keeps probability ≥ α/2 of
  /// crossing each threshold next to the mean's value (≥ α across the inner
  /// threshold at either end of the grid): the margin's invariant.
  @Test(arguments: [false, true]) func probabilityOfLeavingStaysAboveMargin(_ separable: Bool) async throws {
    let n = 8
    let grids = try (0..<n).map { try DiscreteCoordinate(index: $0, low: -3, high: 3) }
    var o = CMAESOptions()
    o.integerMargin = IntegerMargin(coordinates: grids)
    var es: AnyStrategy = separable
      ? .separableCMAES(try SeparableCMAES(mean: [Double](repeating: 2, count: n), sigma: 1, seed: 3, options: o))
      : .cmaES(try CMAES(mean: [Double](repeating: 2, count: n), sigma: 1, seed: 3, options: o))
    let alpha = 1 / Double(n * es.populationSize)
    var worst = Double.infinity, checks = 0
    for _ in 0..<150 {
      let p = es.ask()
      var f: [Double] = []
      for k in 0..<p.count {
        var x = p.candidates._row(k)
        es.discretize(p.candidates._row(k), into: &x)
        f.append(x.reduce(0) { $0 + $1 * $1 })
      }
      try es.tell(p, fitness: f)
      let (m, sigma, variances, scales) = Self.marginalParameters(es)
      for (k, g) in grids.enumerated() {
        let s = sigma * scales[k] * variances[g.index].squareRoot()
        let (lower, upper) = g.limits(around: m[g.index])
        let below = StandardNormalDistribution.cdf((lower - m[g.index]) / s)
        let above = 1 - StandardNormalDistribution.cdf((upper - m[g.index]) / s)
        let bound = Swift.max(below, above) > 0.5 ? Swift.min(below, above) / alpha : Swift.min(below, above) / (alpha / 2)
        worst = Swift.min(worst, bound)
        checks += 1
      }
      if es.stopReason != nil { break }
    }
    #expect(checks >= 20 * n)
    #expect(worst >= 1 - 1e-6, "a tail fell to \(worst) of its margin")
  }

  static func marginalParameters(_ s: AnyStrategy) -> ([Double], Double, [Double], [Double]) {
    switch s {
    case .cmaES(let e): return (e.mean, e.stepSize, e.currentVariances, e.marginScales)
    case .separableCMAES(let e): return (e.mean, e.stepSize, e.storedVariances, e.marginScales)
    default: return ([], 0, [], [])
    }
  }

  /// Saving the strategy mid-run and continuing from the copy gives the same
  /// run bit for bit (A and the corrected mean are in the checkpoint).
  @Test func checkpointResumesBitIdentically() async throws {
    // Three real coordinates and four integers in −3…3, the optimum at 0.
    let f: Objective = { x in x.enumerated().reduce(0) { $0 + Double($1.offset + 1) * $1.element * $1.element } }
    var o = CMAESOptions()
    o.integerMargin = IntegerMargin(coordinates: try (3..<7).map { try DiscreteCoordinate(index: $0, low: -3, high: 3) })
    var a = try CMAES(mean: [Double](repeating: 2, count: 7), sigma: 1, seed: 9, options: o)
    func step(_ s: inout CMAES) throws {
      let p = s.ask()
      let f = try (0..<p.count).map { k -> Double in
        var x = p.candidates._row(k)
        s.discretize(p.candidates._row(k), into: &x)
        return try f(x)
      }
      try s.tell(p, fitness: f)
    }
    for _ in 0..<15 { try step(&a) }
    var b = try JSONDecoder().decode(CMAES.self, from: JSONEncoder().encode(a))
    #expect(b == a)
    #expect(b.marginScales.count == 4 && b.marginScales != [1, 1, 1, 1])
    for _ in 0..<15 {
      try step(&a)
      try step(&b)
    }
    #expect(a == b)
  }

  @Test func rejectsInvalidSettings() throws {
    func make(_ grids: [DiscreteCoordinate], margin: Double? = nil) throws {
      var o = CMAESOptions()
      o.integerMargin = IntegerMargin(coordinates: grids, margin: margin)
      _ = try CMAES(mean: [0, 0, 0], sigma: 1, seed: 1, options: o)
    }
    #expect(throws: FisherError.self) { try make([DiscreteCoordinate(index: 3, low: 0, count: 2)]) }
    #expect(throws: FisherError.self) { try make([DiscreteCoordinate(index: 0, low: 0, count: 1)]) }
    #expect(throws: FisherError.self) { try make([DiscreteCoordinate(index: 0, low: 0, step: -1, count: 3)]) }
    #expect(throws: FisherError.self) {
      try make([DiscreteCoordinate(index: 0, low: 0, count: 2), DiscreteCoordinate(index: 0, low: 0, count: 3)])
    }
    #expect(throws: FisherError.self) { try make([DiscreteCoordinate(index: 0, low: 0, count: 2)], margin: 0.5) }
    #expect(throws: FisherError.self) { try make([DiscreteCoordinate(index: 0, low: 0, count: 2)], margin: 0) }
    #expect(throws: FisherError.self) { try DiscreteCoordinate(index: 0, low: 0, high: 0.2, step: 1) }
    try make([DiscreteCoordinate(index: 2, low: -1, count: 3)])
    // A surrogate's model is fitted over real coordinates.
    var o = CMAESOptions()
    o.integerMargin = IntegerMargin(coordinates: [DiscreteCoordinate(index: 0, low: 0, count: 2)])
    let es = try CMAES(mean: [0, 0, 0], sigma: 1, seed: 1, options: o)
    #expect(throws: FisherError.self) { try Optimizer(strategy: es, surrogate: .linearQuadratic) }
  }

  @Test func gridRoundsToTheNearestValueWithTiesDown() throws {
    let g = try DiscreteCoordinate(index: 0, low: -1, high: 1, step: 0.5)
    #expect(g.count == 5)
    #expect(g.nearestValue(-0.25) == -0.5)  // a tie: the lower value, as cmaes
    #expect(g.nearestValue(-0.2499) == 0)
    #expect(g.nearestValue(0.76) == 1 && g.nearestValue(9) == 1 && g.nearestValue(-9) == -1)
    #expect(g.nearestValue(.infinity) == 1 && g.nearestValue(-.infinity) == -1)
    #expect(g.limits(around: 0.1) == (-0.25, 0.25))
    #expect(g.limits(around: 5) == (0.75, 0.75))
    #expect(g.limits(around: -5) == (-0.75, -0.75))
  }
}
