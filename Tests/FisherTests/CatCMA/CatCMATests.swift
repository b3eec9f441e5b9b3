import Foundation
import Testing
@testable import Fisher

@Suite struct CatCMATests {
  static let options = CatCMAOptions(categories: [CategoricalBlock(index: 1, count: 3), CategoricalBlock(index: 5, count: 4)])

  /// x₀² + x₄² plus one for each categorical variable not at its first category.
  static func sphereCOM(_ x: [Double]) -> Double {
    x[0] * x[0] + x[4] * x[4] + (x[1] == 1 ? 0 : 1) + (x[5] == 1 ? 0 : 1)
  }

  static func step(_ s: inout CatCMA) throws {
    let p = s.ask()
    try s.tell(p, fitness: (0..<p.count).map { sphereCOM(p[$0]) })
  }

  /// Candidates are one-hot in every block, and q stays a distribution with
  /// every category at or above the margin q_min after each tell.
  @Test func categoriesStayOneHotAndAboveTheMargin() throws {
    var s = try CatCMA(mean: [Double](repeating: 1, count: 9), sigma: 1, seed: 2, options: Self.options)
    #expect(s.dimension == 9 && s.mean[1...3] == [1 / 3, 1 / 3, 1 / 3])
    for _ in 0..<80 {
      let p = s.ask()
      for k in 0..<p.count {
        #expect(p[k][1...3].reduce(0, +) == 1 && p[k][5...8].reduce(0, +) == 1)
        #expect(p[k][1...3].allSatisfy { $0 == 0 || $0 == 1 })
      }
      try s.tell(p, fitness: (0..<p.count).map { Self.sphereCOM(p[$0]) })
      for (q, qmin) in zip(s.probabilities, s.margin) {
        #expect(abs(q.reduce(0, +) - 1) < 1e-12)
        #expect(q.allSatisfy { $0 >= qmin * (1 - 1e-9) })
      }
      if s.stopReason != nil { break }
    }
    // The run has learned the categories: the first one has all the probability the margin leaves.
    for (q, qmin) in zip(s.probabilities, s.margin) { #expect(abs(q[0] - (1 - Double(q.count - 1) * qmin)) < 1e-9) }
  }

  @Test func defaultMarginIsThePapers() throws {
    let s = try CatCMA(mean: [Double](repeating: 0, count: 9), sigma: 1, seed: 1, options: Self.options)
    #expect(s.margin == [(1 - pow(0.73, 0.5)) / 2, (1 - pow(0.73, 0.5)) / 3])
    // λ = 4 + ⌊3 ln(N_co + N_ca)⌋ with N_co = 2 continuous and N_ca = 2 categorical variables.
    #expect(s.populationSize == 4 + Int(3 * log(4.0)))
  }

  @Test func checkpointResumesBitIdentically() throws {
    var a = try CatCMA(mean: [Double](repeating: 1, count: 9), sigma: 1, seed: 5, options: Self.options)
    for _ in 0..<12 { try Self.step(&a) }
    var b = try JSONDecoder().decode(CatCMA.self, from: JSONEncoder().encode(a))
    #expect(b == a)
    for _ in 0..<12 {
      try Self.step(&a)
      try Self.step(&b)
    }
    #expect(a == b)
    guard case .catCMA(let back) = try JSONDecoder().decode(AnyStrategy.self, from: JSONEncoder().encode(AnyStrategy.catCMA(a)))
    else {
      Issue.record("AnyStrategy did not decode as CatCMA")
      return
    }
    #expect(back == a)
  }

  @Test func rejectsBadInput() throws {
    func make(_ o: CatCMAOptions, n: Int = 9) throws { _ = try CatCMA(mean: [Double](repeating: 0, count: n), sigma: 1, seed: 1, options: o) }
    #expect(throws: FisherError.self) { try make(CatCMAOptions()) }
    #expect(throws: FisherError.self) { try make(CatCMAOptions(categories: [CategoricalBlock(index: 7, count: 3)])) }
    #expect(throws: FisherError.self) { try make(CatCMAOptions(categories: [CategoricalBlock(index: 0, count: 1)])) }
    #expect(throws: FisherError.self) {
      try make(CatCMAOptions(categories: [CategoricalBlock(index: 0, count: 3), CategoricalBlock(index: 2, count: 2)]))
    }
    // Categories alone (no Gaussian part) are a valid space.
    #expect(throws: Never.self) { try make(CatCMAOptions(categories: [CategoricalBlock(index: 0, count: 9)])) }
    #expect(throws: FisherError.self) { try make(CatCMAOptions(categories: Self.options.categories, margin: [0.5, 0.1])) }
    // A tell whose categorical block is not one-hot is refused, and the state is unchanged.
    var s = try CatCMA(mean: [Double](repeating: 0, count: 9), sigma: 1, seed: 1, options: Self.options)
    var p = s.ask()
    p.candidates[0, 1] = 0.5
    let before = s
    #expect(throws: FisherError.self) { try s.tell(p, fitness: [Double](repeating: 1, count: p.count)) }
    #expect(s == before)
  }

  /// Categories alone: no Gaussian part (σ and the empty C never change, as
  /// in cmaes' CatCMAwM without continuous variables), and the categorical
  /// natural gradient alone concentrates q on the optimum, up to the margin.
  @Test func categoriesAlone() throws {
    let blocks = (0..<6).map { CategoricalBlock(index: 4 * $0, count: 4) }
    let options = CatCMAOptions(categories: blocks)
    // One for each variable not at its category b mod 4.
    func f(_ x: [Double]) -> Double { blocks.indices.reduce(0) { $0 + (x[4 * $1 + $1 % 4] == 1 ? 0 : 1) } }
    var s = try CatCMA(mean: [Double](repeating: 0.25, count: 24), sigma: 1, seed: 3, options: options)
    #expect(s.continuous.isEmpty && s.populationSize == 4 + Int(3 * log(6.0)))
    var best = Double.infinity, firstSolved: Int?
    for g in 0..<300 {
      let p = s.ask()
      let values = (0..<p.count).map { f(p[$0]) }
      best = min(best, values.min() ?? .infinity)
      if best == 0, firstSolved == nil { firstSolved = g }
      try s.tell(p, fitness: values)
      if g == 5 {
        // A checkpoint here resumes bit-identically.
        var copy = try JSONDecoder().decode(CatCMA.self, from: JSONEncoder().encode(s))
        #expect(copy == s)
        let next = s.ask()
        #expect(copy.ask() == next)
        try copy.tell(next, fitness: (0..<next.count).map { f(next[$0]) })
        var original = s
        try original.tell(next, fitness: (0..<next.count).map { f(next[$0]) })
        #expect(copy == original)
      }
    }
    #expect(best == 0 && (firstSolved ?? 300) < 150, "solved at generation \(String(describing: firstSolved))")
    #expect(s.stepSize == 1 && s.conditionNumber == 1)
    let upper = 1 - 3 * s.margin[0]
    for (b, q) in s.probabilities.enumerated() {
      #expect(q[b % 4] > 0.9 && q[b % 4] <= upper + 1e-12, "block \(b): \(q)")
      #expect(abs(q.reduce(0, +) - 1) < 1e-12 && q.allSatisfy { $0 >= s.margin[0] - 1e-12 })
    }
  }

  /// With an integer margin on a coordinate of the Gaussian part, that
  /// coordinate is evaluated on its grid and keeps probability ≥ α/2 of
  /// crossing each threshold next to its value (α at an end value); the
  /// scales A travel in checkpoints.
  @Test func integerMarginKeepsIntegersMoving() throws {
    var o = Self.options
    let grid = try DiscreteCoordinate(index: 4, low: -3, high: 3)
    o.integerMargin = IntegerMargin(coordinates: [grid])
    var s = try CatCMA(mean: [Double](repeating: 2, count: 9), sigma: 1, seed: 4, options: o)
    let alpha = 1 / Double(9 * s.populationSize)
    var worst = Double.infinity
    for _ in 0..<60 {
      let p = s.ask()
      var f: [Double] = []
      for k in 0..<p.count {
        var x = p[k]
        s.discretize(p[k], into: &x)
        #expect(x[4] == x[4].rounded() && (-3...3).contains(x[4]))
        f.append(Self.sphereCOM(x))
      }
      try s.tell(p, fitness: f)
      let m = s.mean[4], sd = s.sigma * s.marginScales[0] * s.covariance[1, 1].squareRoot()
      let (lower, upper) = grid.limits(around: m)
      let below = StandardNormalDistribution.cdf((lower - m) / sd), above = 1 - StandardNormalDistribution.cdf((upper - m) / sd)
      worst = Swift.min(worst, Swift.max(below, above) > 0.5 ? Swift.min(below, above) / alpha : Swift.min(below, above) / (alpha / 2))
      if s.stopReason != nil { break }
    }
    #expect(worst >= 1 - 1e-6, "a tail fell to \(worst) of its margin")
    let back = try JSONDecoder().decode(CatCMA.self, from: JSONEncoder().encode(s))
    #expect(back == s && back.marginScales.count == 1)
  }
}
