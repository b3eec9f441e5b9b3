#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// Uncertainty handling (UH-CMA-ES; Hansen, Niederberger, Guzzella and
/// Koumoutsakos, IEEE TEC 13(1), 2009) as pycma's `NoiseHandler` does it with
/// `cma.fmin(..., noise_handler=True)`.
///
/// After the candidates of a generation have been evaluated, a few of them
/// (``reevaluations``, by default 2 + λ/20, the fraction realised by a random
/// rounding) are evaluated again: the first ⌈k/2⌉ candidates and the best
/// ⌊k/2⌋ of the others. Ranking the 2λ values together, each re-evaluated
/// candidate's rank change Δᵢ = r(fᵢ) − r(f′ᵢ) − sign(…) is compared with the
/// θ-percentile of the rank changes that chance alone would produce; the
/// excess sᵢ = |Δᵢ| − max(1, limitᵢ), averaged, drives the noise measure
///
///     s ← s + c_s (mean(sᵢ) − s),    c_s = 0.3, θ = 0.5.
///
/// When s > 0 the noise dominates the ranking: the step size is multiplied by
/// α_σ = 1 + 2/(n + 10) after the update (a larger step restores the signal)
/// and the evaluations per candidate grow by α_evals = 1 + 2/(n + 10), up to
/// ``maxEvaluations``; otherwise they shrink by α_evals^(−1/4), down to
/// ``minEvaluations``. The values of a candidate evaluated several times are
/// aggregated by their median. With pycma's default, `maxEvaluations` = 1,
/// only the step size reacts.
///
/// Differences from pycma: the re-evaluation is at the same point (pycma
/// perturbs it by 10⁻⁷ σ, which a noisy objective cannot tell apart); the
/// random rounding of the re-evaluation count uses the run's own random
/// streams, so runs are reproducible; ties in the joint ranking are broken by
/// position (first evaluations before re-evaluations).
public struct UncertaintyHandling: Sendable, Hashable, Codable {
  /// Candidates to re-evaluate per generation; nil for pycma's 2 + λ/20. A
  /// fractional part is realised by random rounding.
  public var reevaluations: Double?
  /// The least and the most evaluations aggregated into one fitness value.
  public var minEvaluations: Int
  public var maxEvaluations: Int
  /// θ, the percentile (as a fraction) of the chance rank changes a measured
  /// change must exceed.
  public var theta: Double
  /// c_s, the learning rate of the noise measure.
  public var cumulation: Double
  /// α_σ, the step-size factor when noise dominates; nil for 1 + 2/(n + 10).
  public var sigmaFactor: Double?

  /// The evaluations per candidate now (fractional; the integer part is used).
  public internal(set) var evaluations: Double
  /// s, the smoothed noise measure; positive when the noise dominates.
  public internal(set) var noiseMeasure: Double = 0

  /// The largest `maxEvaluations` accepted.
  public static let maximumEvaluations = 10_000

  /// - Throws: ``FisherError/invalidParameter(name:reason:)`` for counts out of
  ///   range, θ outside (0, 1], c_s outside (0, 1] or α_σ < 1.
  public init(
    reevaluations: Double? = nil, minEvaluations: Int = 1, maxEvaluations: Int = 1,
    theta: Double = 0.5, cumulation: Double = 0.3, sigmaFactor: Double? = nil
  ) throws {
    if let r = reevaluations, !(r.isFinite && r >= 1 && r <= 1e6) {
      throw FisherError.invalidParameter(name: "reevaluations", reason: "must be in 1…10⁶, got \(r)")
    }
    guard (1...Self.maximumEvaluations).contains(maxEvaluations) else {
      throw FisherError.invalidParameter(
        name: "max-evaluations", reason: "must be in 1…\(Self.maximumEvaluations), got \(maxEvaluations)")
    }
    guard (1...maxEvaluations).contains(minEvaluations) else {
      throw FisherError.invalidParameter(
        name: "min-evaluations", reason: "must be in 1…max-evaluations (\(maxEvaluations)), got \(minEvaluations)")
    }
    guard theta > 0, theta <= 1 else {
      throw FisherError.invalidParameter(name: "theta", reason: "must be in (0, 1], got \(theta)")
    }
    guard cumulation > 0, cumulation <= 1 else {
      throw FisherError.invalidParameter(name: "cumulation", reason: "must be in (0, 1], got \(cumulation)")
    }
    if let a = sigmaFactor, !(a.isFinite && a >= 1 && a <= 10) {
      throw FisherError.invalidParameter(name: "sigma-factor", reason: "must be in [1, 10], got \(a)")
    }
    self.reevaluations = reevaluations
    self.minEvaluations = minEvaluations
    self.maxEvaluations = maxEvaluations
    self.theta = theta
    self.cumulation = cumulation
    self.sigmaFactor = sigmaFactor
    evaluations = Double(minEvaluations)
  }

  enum CodingKeys: String, CodingKey {
    case reevaluations, minEvaluations, maxEvaluations, theta, cumulation, sigmaFactor, evaluations, noiseMeasure
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    try self.init(
      reevaluations: c.decodeIfPresent(Double.self, forKey: .reevaluations),
      minEvaluations: c.decodeIfPresent(Int.self, forKey: .minEvaluations) ?? 1,
      maxEvaluations: c.decodeIfPresent(Int.self, forKey: .maxEvaluations) ?? 1,
      theta: c.decodeIfPresent(Double.self, forKey: .theta) ?? 0.5,
      cumulation: c.decodeIfPresent(Double.self, forKey: .cumulation) ?? 0.3,
      sigmaFactor: c.decodeIfPresent(Double.self, forKey: .sigmaFactor))
    if let e = try c.decodeIfPresent(Double.self, forKey: .evaluations) {
      guard e >= Double(minEvaluations), e <= Double(maxEvaluations) else {
        throw FisherError.malformedInput("uncertainty handling: evaluations \(e) outside \(minEvaluations)…\(maxEvaluations)")
      }
      evaluations = e
    }
    if let s = try c.decodeIfPresent(Double.self, forKey: .noiseMeasure) {
      guard s.isFinite else { throw FisherError.malformedInput("uncertainty handling: noise measure \(s)") }
      noiseMeasure = s
    }
  }

  /// The evaluations aggregated into one fitness value this generation.
  public var evaluationsPerCandidate: Int { Swift.max(1, Int(evaluations)) }

  /// The candidates to re-evaluate, given their fitness: the first ⌈k/2⌉ and
  /// the best ⌊k/2⌋ of the others, where k is ``reevaluations`` (or 2 + λ/20)
  /// rounded by `uniform`, a U(0, 1) draw.
  public func reevaluationIndices(fitness: [Double], uniform: Double) -> [Int] {
    let lambda = fitness.count
    let target = reevaluations ?? (2 + Double(lambda) / 20)
    var k = Int(target)
    if target - Double(k) > uniform { k += 1 }
    k = Swift.min(k, lambda)
    guard k > 0 else { return [] }
    let first = k - k / 2
    let rest = (first..<lambda).sorted { (fitness[$0], $0) < (fitness[$1], $1) }
    return Array(0..<first) + rest.prefix(k - first)
  }

  /// Updates the noise measure from the first values `fitness` and the
  /// re-evaluated values `refitness` (equal to `fitness` except at `indices`).
  public mutating func measure(fitness: [Double], refitness: [Double], indices: [Int]) {
    let lambda = fitness.count
    guard lambda > 0, refitness.count == lambda, !indices.isEmpty else { return }
    let all = fitness + refitness
    let order = all.indices.sorted { (all[$0], $0) < (all[$1], $1) }
    var rank = [Int](repeating: 0, count: 2 * lambda)
    for (r, i) in order.enumerated() { rank[i] = r }
    var total = 0.0
    for i in indices {
      let r0 = rank[i], r1 = rank[lambda + i]
      let delta = Double(r0 - r1) - Double((r0 - r1).signum())
      let limit0 = Self.percentile(offsetsFrom: r0 + 1 - (r0 > r1 ? 1 : 0), count: 2 * lambda - 1, p: theta * 50)
      let limit1 = Self.percentile(offsetsFrom: r1 + 1 - (r1 > r0 ? 1 : 0), count: 2 * lambda - 1, p: theta * 50)
      total += abs(delta) - Swift.max(0.5 * (limit0 + limit1), 1)
    }
    noiseMeasure += cumulation * (total / Double(indices.count) - noiseMeasure)
  }

  /// Adapts the evaluations per candidate to the noise measure and returns
  /// the factor for the step size (α_σ when the noise dominates, else 1).
  public mutating func treat(dimension n: Int) -> Double {
    let alpha = 1 + 2 / (Double(n) + 10)
    if noiseMeasure > 0 {
      evaluations = Swift.min(evaluations * alpha, Double(maxEvaluations))
      return sigmaFactor ?? alpha
    }
    evaluations = Swift.max(evaluations * pow(alpha, -0.25), Double(minEvaluations))
    return 1
  }

  /// pycma's `Mh.prctile` of |r − c| for r = 1, …, `count`: the sorted values
  /// interpolated at position p·count/100 − ½, clamped to the ends.
  static func percentile(offsetsFrom c: Int, count: Int, p: Double) -> Double {
    let data = (1...count).map { Double(abs($0 - c)) }.sorted()
    let fi = p * Double(count) / 100 - 0.5
    if fi <= 0 { return data[0] }
    if fi >= Double(count - 1) { return data[count - 1] }
    let i = Int(fi)
    return (Double(i + 1) - fi) * data[i] + (fi - Double(i)) * data[i + 1]
  }
}
