#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import Fisher

/// The score-function estimates against closed forms.
///
/// For f(x) = ½ xᵀAx and N(m, σ²I): J(m, ℓ) = ½ mᵀAm + ½ e^{2ℓ} tr A, so
/// ∇m J = A m, ∂ℓ J = σ² tr A, ∇²m J = A, ∂²ℓ J = 2σ² tr A, ∂m∂ℓ J = 0.
/// Tolerances are 5 standard errors of the per-sample terms (a correct estimator
/// fails one such check with probability ≈ 6·10⁻⁷).
@Suite struct ScoreFunctionEstimatorTests {
  static let a = [1.0, 2, 4]
  static func f(_ x: [Double]) -> Double { 0.5 * (0..<3).reduce(0) { $0 + a[$1] * x[$1] * x[$1] } }

  func draw(_ d: some SearchDistribution, count: Int, seed: UInt64) throws -> Matrix {
    var rng = RandomStreams(seed: seed).generator(generation: 0, index: 0)
    return try d.sample(count: count, using: &rng)
  }

  @Test func gradientIsUnbiasedAndBaselinesReduceVariance() throws {
    let d = try IsotropicGaussian(mean: [1, -1, 0.5], sigma: 0.5)
    let xs = try draw(d, count: 20_000, seed: 31)
    let est = try ScoreFunctionEstimator(distribution: d, samples: xs)
    // An offset leaves ∇J unchanged and inflates the variance without a baseline.
    let fx = try (0..<xs.rows).map { Self.f(try xs.row($0)) + 100 }
    let truth = (0..<3).map { Self.a[$0] * d.mean[$0] } + [0.25 * Self.a.reduce(0, +)]
    var standardErrors = [ScoreFunctionEstimator<IsotropicGaussian>.Baseline: [Double]]()
    for b in ScoreFunctionEstimator<IsotropicGaussian>.Baseline.allCases {
      let g = try est.gradient(fx, baseline: b)
      let terms = try est.gradientTerms(fx, baseline: b)
      var acc = MonteCarloMean(length: 4)
      for i in 0..<terms.rows { acc.add(try terms.row(i)) }
      for k in 0..<4 {
        #expect(abs(acc.mean[k] - g[k]) < 1e-9 * Swift.max(1, abs(g[k])))
        #expect(abs(g[k] - truth[k]) <= 5 * acc.standardError[k], "\(b) ∇J[\(k)] = \(g[k]) vs \(truth[k]) ± \(acc.standardError[k])")
      }
      standardErrors[b] = acc.standardError
    }
    for k in 0..<4 {
      #expect(standardErrors[.mean]![k] < standardErrors[.none]![k] / 5)
      #expect(standardErrors[.optimal]![k] <= standardErrors[.mean]![k] * 1.05)
    }
  }

  /// The second-order score identity recovers ∇²J. Each entry's estimate is a mean
  /// of N per-sample terms; we take the standard error from those terms.
  @Test func hessianEstimateMatchesClosedForm() throws {
    let d = try IsotropicGaussian(mean: [1, -1, 0.5], sigma: 0.5)
    let xs = try draw(d, count: 20_000, seed: 32)
    let est = try ScoreFunctionEstimator(distribution: d, samples: xs)
    let fx = try (0..<xs.rows).map { Self.f(try xs.row($0)) }
    let h = try est.hessian(fx, baseline: .mean)
    var truth = try Matrix(rows: 4, columns: 4)
    for i in 0..<3 { truth[i, i] = Self.a[i] }
    truth[3, 3] = 2 * 0.25 * Self.a.reduce(0, +)
    let fbar = fx.reduce(0, +) / Double(fx.count)
    var acc = MonteCarloMean(length: 16)
    for r in 0..<xs.rows {
      let s = try d.score(xs.row(r)), hr = try d.logDensityHessian(xs.row(r))
      acc.add((0..<16).map { (fx[r] - fbar) * (s[$0 / 4] * s[$0 % 4] + hr.elements[$0]) })
    }
    for k in 0..<16 {
      #expect(abs(h.elements[k] - truth.elements[k]) <= 5 * acc.standardError[k] + 1e-12,
              "∇²J[\(k / 4),\(k % 4)] = \(h.elements[k]) vs \(truth.elements[k]) ± \(acc.standardError[k])")
    }
  }

  /// With mirrored pairs m ± Lz the mean-block scores cancel in pairs, so adding a
  /// constant to f changes the estimate only by rounding: mirroring acts as the
  /// baseline f(m) for the linear part.
  @Test func mirroredPairsCancelConstantOffsets() throws {
    var s = try NaturalGradient(mean: [1, 2, 3], sigma: 0.3, populationSize: 8, seed: 33, family: .meanOnly, mirrored: true)
    let p = s.ask()
    for k in 0..<4 { for j in 0..<3 { #expect(abs(p[2 * k][j] + p[2 * k + 1][j] - 2 * s.mean[j]) < 1e-12) } }
    guard case .meanOnly(let d) = s.distribution else { Issue.record("family"); return }
    let est = try ScoreFunctionEstimator(distribution: d, samples: p.candidates)
    let fx = (0..<p.count).map { Self.f(p[$0]) }
    let g0 = try est.gradient(fx), g1 = try est.gradient(fx.map { $0 + 1e3 })
    for k in 0..<3 { #expect(abs(g0[k] - g1[k]) < 1e-9 * Swift.max(1, abs(g0[k])) * 1e3) }
    try s.tell(p, fitness: fx)
    #expect(s.generation == 1)
  }

  @Test func rejectsBadFitness() throws {
    let d = try IsotropicGaussian(mean: [0, 0, 0], sigma: 1)
    let est = try ScoreFunctionEstimator(distribution: d, samples: draw(d, count: 5, seed: 34))
    #expect(throws: FisherError.self) { try est.gradient([1, 2, 3]) }
    #expect(throws: FisherError.self) { try est.gradient([1, 2, 3, 4, .nan]) }
    #expect(throws: FisherError.self) { try ScoreFunctionEstimator(distribution: d, samples: Matrix(rows: 2, columns: 2)) }
  }
}

@Suite struct FitnessShapingMethodTests {
  @Test func orientationSumsAndInvariance() {
    let f = [3.0, -1, 7, 2, 5, 0.5]
    let order = FitnessShaping.order(f)
    for m in FitnessShaping.Method.allCases {
      let s = FitnessShaping.shaped(f, method: m)
      // Lower fitness keeps a lower (or equal) shaped value.
      for k in 1..<order.count { #expect(s[order[k - 1]] <= s[order[k]], "\(m)") }
      if m != .raw { #expect(abs(s.reduce(0, +)) < 1e-12, "\(m) sums to \(s.reduce(0, +))") }
    }
    // Rank methods are invariant under monotone maps of f.
    for m in [FitnessShaping.Method.nesUtilities, .centeredRanks] {
      #expect(FitnessShaping.shaped(f, method: m) == FitnessShaping.shaped(f.map { exp($0) * 10 - 3 }, method: m))
    }
    // NES: (1/N) Σ f̃ s = −Σ u s, i.e. f̃ = −N u.
    let u = FitnessShaping.nesUtilities(f)
    let s = FitnessShaping.shaped(f, method: .nesUtilities)
    for i in f.indices { #expect(abs(s[i] + 6 * u[i]) < 1e-15) }
  }

  @Test func failedEvaluationsRankWorstAndStayFinite() {
    let f = [2.0, .infinity, -1, 4, .infinity]
    for m in FitnessShaping.Method.allCases {
      let s = FitnessShaping.shaped(f, method: m)
      #expect(s.allSatisfy { $0.isFinite }, "\(m)")
      #expect(s[1] == s[4] && s[1] > s[3] && s[3] > s[0] && s[0] > s[2], "\(m) \(s)")
    }
    #expect(FitnessShaping.shaped([.infinity, .infinity], method: .baseline) == [0, 0])
    #expect(FitnessShaping.finiteSubstitute([1, 3, .infinity]) == [1, 3, 6])
  }

  @Test func namesRoundTrip() throws {
    for m in FitnessShaping.Method.allCases { #expect(try FitnessShaping.Method(name: m.rawValue) == m) }
    for g in Geometry.allCases { #expect(try Geometry(name: g.rawValue) == g) }
    #expect(throws: FisherError.self) { try Geometry(name: "riemann") }
  }
}
