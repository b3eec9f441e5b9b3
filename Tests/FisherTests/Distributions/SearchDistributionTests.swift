#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Testing
@testable import Fisher

/// The identities of the seed document, checked on every family.
///
/// Statistical checks use a fixed seed and a tolerance of 5 standard errors of the
/// Monte Carlo estimate (√(sample variance / N)); a correct implementation fails one
/// such check with probability ≈ 6·10⁻⁷, and a wrong formula is off by a multiple of
/// the quantity itself, far beyond the tolerance at these N.
@Suite struct SearchDistributionIdentityTests {
  static let samples = 20_000

  /// E[∇θ log p(x)] = 0. The standard error of coordinate k is √(F_kk / N), exactly,
  /// because Var(score_k) = F_kk; we use that instead of the sample variance.
  @Test(arguments: 0..<6) func expectedScoreIsZero(_ family: Int) throws {
    let d = try TestFamilies.all()[family]
    try checkExpectedScore(d)
  }

  func checkExpectedScore(_ d: some SearchDistribution) throws {
    var rng = RandomStreams(seed: 11).generator(generation: 0, index: 0)
    var acc = MonteCarloMean(length: d.parameterCount)
    for _ in 0..<Self.samples { acc.add(try d.score(d.sample(using: &rng))) }
    let f = try d.fisherInformation()
    for k in 0..<d.parameterCount {
      let se = (f[k, k] / Double(Self.samples)).squareRoot()
      #expect(abs(acc.mean[k]) <= 5 * se, "\(type(of: d)) E[score][\(k)] = \(acc.mean[k]), SE \(se)")
    }
  }

  /// F = E[s sᵀ] = −E[∇² log p], entry by entry, within 5 sample standard errors
  /// (plus 1e-12 for entries whose estimator has zero variance).
  @Test(arguments: 0..<6) func fisherMatchesBothExpectations(_ family: Int) throws {
    let d = try TestFamilies.all()[family]
    try checkFisher(d)
  }

  func checkFisher(_ d: some SearchDistribution) throws {
    let p = d.parameterCount, n = 10_000
    var rng = RandomStreams(seed: 12).generator(generation: 0, index: 0)
    var outer = MonteCarloMean(length: p * p)
    var hessian = MonteCarloMean(length: p * p)
    for _ in 0..<n {
      let x = d.sample(using: &rng)
      let s = try d.score(x)
      outer.add((0..<(p * p)).map { s[$0 / p] * s[$0 % p] })
      hessian.add(try d.logDensityHessian(x).elements.map { -$0 })
    }
    let f = try d.fisherInformation()
    let scale = f.maxAbs
    for k in 0..<(p * p) {
      let tolOuter = 5 * outer.standardError[k] + 1e-12 * scale
      let tolHessian = 5 * hessian.standardError[k] + 1e-12 * scale
      #expect(abs(outer.mean[k] - f.elements[k]) <= tolOuter,
              "\(type(of: d)) E[ssᵀ][\(k / p),\(k % p)] = \(outer.mean[k]) vs F = \(f.elements[k])")
      #expect(abs(hessian.mean[k] - f.elements[k]) <= tolHessian,
              "\(type(of: d)) −E[∇²]][\(k / p),\(k % p)] = \(hessian.mean[k]) vs F = \(f.elements[k])")
    }
    // The comparison has teeth: the largest entry's standard error is below 5 % of it
    // (for a Gaussian score s, Var(s²) = 2F², so SE = F·√(2/N) ≈ 1.4 % at N = 10⁴).
    let kMax = f.elements.indices.max { abs(f.elements[$0]) < abs(f.elements[$1]) }!
    #expect(outer.standardError[kMax] < 0.05 * abs(f.elements[kMax]))
  }

  /// KL(p_θ ‖ p_{θ+tδ}) / (½ t² δᵀFδ) → 1 as t → 0. The error of the quadratic model is
  /// the cubic term, so |ratio − 1| = O(t): we require it below 10⁻² at t = 10⁻³ and to
  /// shrink by at least 5× for each 10× smaller t (an O(t) error shrinks 10×). Where KL
  /// is exactly quadratic in θ (the mean-only Gaussian) the ratio is 1 to rounding.
  @Test(arguments: 0..<6) func kullbackLeiblerIsHalfFisherNorm(_ family: Int) throws {
    let d = try TestFamilies.all()[family]
    try checkKL(d)
  }

  func checkKL(_ d: some SearchDistribution) throws {
    let delta = testDirection(count: d.parameterCount, seed: 13)
    let f = try d.fisherInformation()
    let quad = try 0.5 * dot(delta, try f.multiply(delta))
    var errors = [Double]()
    for t in [1e-1, 1e-2, 1e-3] {
      let q = try d.moved(by: delta.map { $0 * t })
      let ratio = try d.kullbackLeibler(to: q) / (t * t * quad)
      errors.append(abs(ratio - 1))
    }
    #expect(errors[2] < 1e-2, "\(type(of: d)) KL ratio errors \(errors)")
    #expect(errors[0] < 1e-9 || (errors[1] < errors[0] / 5 && errors[2] < errors[1] / 5), "\(type(of: d)) KL ratio errors \(errors)")
  }

  /// The closed-form KL equals the Monte Carlo mean of log p(x) − log q(x), x ∼ p,
  /// within 5 standard errors, for q a finite step away.
  @Test(arguments: 0..<6) func kullbackLeiblerMatchesMonteCarlo(_ family: Int) throws {
    let d = try TestFamilies.all()[family]
    try checkKLMonteCarlo(d)
  }

  func checkKLMonteCarlo(_ d: some SearchDistribution) throws {
    let q = try d.moved(by: testDirection(count: d.parameterCount, seed: 14).map { 0.3 * $0 })
    var rng = RandomStreams(seed: 15).generator(generation: 0, index: 0)
    var acc = MonteCarloMean(length: 1)
    for _ in 0..<Self.samples {
      let x = d.sample(using: &rng)
      acc.add([try d.logDensity(x) - q.logDensity(x)])
    }
    let kl = try d.kullbackLeibler(to: q)
    #expect(kl > 0)
    #expect(abs(acc.mean[0] - kl) <= 5 * acc.standardError[0], "\(type(of: d)) KL \(kl) vs MC \(acc.mean[0]) ± \(acc.standardError[0])")
    #expect(try d.kullbackLeibler(to: d) == 0 || abs(try d.kullbackLeibler(to: d)) < 1e-12)
  }

  /// The score equals central differences of log p in θ, and the Hessian central
  /// differences of the score. The truncation error of a central difference with
  /// step h is O(h²·third derivative) ≈ 1e-8 at h = 1e-4 for these O(1) parameters,
  /// the rounding error O(ε/h) ≈ 1e-12; we allow 1e-6 relative to the largest entry.
  @Test(arguments: 0..<6) func derivativesMatchFiniteDifferences(_ family: Int) throws {
    let d = try TestFamilies.all()[family]
    try checkDerivatives(d)
  }

  func checkDerivatives(_ d: some SearchDistribution) throws {
    var rng = RandomStreams(seed: 16).generator(generation: 0, index: 0)
    let h = 1e-4
    let theta = d.parameters
    for _ in 0..<3 {
      let x = d.sample(using: &rng)
      let s = try d.score(x)
      let hess = try d.logDensityHessian(x)
      for k in 0..<d.parameterCount {
        var up = theta, down = theta
        up[k] += h
        down[k] -= h
        let pu = try d.with(parameters: up), pd = try d.with(parameters: down)
        let fd = (try pu.logDensity(x) - pd.logDensity(x)) / (2 * h)
        #expect(abs(fd - s[k]) <= 1e-6 * Swift.max(1, s.map(abs).max()!), "\(type(of: d)) score[\(k)] \(s[k]) vs \(fd)")
        let su = try pu.score(x), sd = try pd.score(x)
        for j in 0..<d.parameterCount {
          let fdh = (su[j] - sd[j]) / (2 * h)
          #expect(abs(fdh - hess[j, k]) <= 1e-6 * Swift.max(1, hess.maxAbs), "\(type(of: d)) H[\(j),\(k)] \(hess[j, k]) vs \(fdh)")
        }
      }
    }
  }

  /// naturalGradient(g) solves F y = g (relative residual at rounding level).
  @Test(arguments: 0..<6) func naturalGradientSolvesFisherSystem(_ family: Int) throws {
    let d = try TestFamilies.all()[family]
    try checkNaturalGradient(d)
  }

  func checkNaturalGradient(_ d: some SearchDistribution) throws {
    let g = testDirection(count: d.parameterCount, seed: 17)
    let y = try d.naturalGradient(g)
    let r = try d.fisherInformation().multiply(y)
    let scale = g.map(abs).max()!
    for k in 0..<g.count { #expect(abs(r[k] - g[k]) <= 1e-10 * scale, "\(type(of: d)) (F F⁻¹g)[\(k)] = \(r[k]) vs \(g[k])") }
    // An independent solve of the same system.
    let z = try Cholesky(d.fisherInformation()).solve(g)
    for k in 0..<g.count { #expect(abs(z[k] - y[k]) <= 1e-9 * Swift.max(1, y.map(abs).max()!)) }
  }

  /// θ round-trips through with(parameters:) and the value through JSON.
  @Test(arguments: 0..<6) func parametersAndCodableRoundTrip(_ family: Int) throws {
    let d = try TestFamilies.all()[family]
    try checkRoundTrip(d)
  }

  func checkRoundTrip<D: SearchDistribution>(_ d: D) throws {
    let theta = d.parameters
    #expect(theta.count == d.parameterCount)
    let back = try d.with(parameters: theta).parameters
    for k in 0..<theta.count { #expect(abs(back[k] - theta[k]) <= 1e-15 * Swift.max(1, abs(theta[k]))) }
    let decoded = try JSONDecoder().decode(D.self, from: JSONEncoder().encode(d))
    #expect(decoded.parameters == d.parameters)
    #expect(throws: FisherError.self) { try d.with(parameters: theta + [0]) }
    #expect(throws: FisherError.self) { try d.with(parameters: theta.map { _ in Double.nan }) }
    #expect(throws: FisherError.self) { try d.score([Double](repeating: 0, count: d.dimension + 1)) }
    #expect(throws: FisherError.self) { try d.naturalGradient([1]) }
  }
}
