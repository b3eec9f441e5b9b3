#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// Independent categorical variables, variable v taking values 0, 1, …, Kᵥ − 1.
///
/// θ holds, for each variable in turn, the Kᵥ − 1 logits of categories 1…Kᵥ−1
/// relative to category 0 (the reference, whose logit is fixed at 0). Fixing
/// the reference removes the gauge freedom of softmax logits (adding a constant
/// to all Kᵥ logits changes nothing), so F is nonsingular. For one variable with
/// probabilities p₀ … p_{K−1} and free logits η₁ … η_{K−1}, pₖ = e^{ηₖ}/(1 + Σⱼ e^{ηⱼ}):
///
///     log p(x) = η_x − log(1 + Σⱼ e^{ηⱼ})        (η₀ = 0)
///     ∂ηₖ log p = 1[x = k] − pₖ,      ∇²η log p = −(diag(p) − p pᵀ) = −F,
///     F⁻¹ g = (gₖ/pₖ + (Σⱼ gⱼ)/p₀)ₖ     (Sherman–Morrison on diag(p) − p pᵀ),
///     KL(p ‖ q) = Σₖ pₖ log(pₖ/qₖ),  over all K categories.
///
/// Samples hold the category index of each variable as a `Double` (0.0, 1.0, …).
public struct CategoricalProduct: SearchDistribution {
  /// Kᵥ, the number of categories of each variable (each ≥ 2).
  public let categoryCounts: [Int]
  /// θ: the free logits of all variables, concatenated.
  public let logits: [Double]
  /// Where variable v's logits start in θ.
  @usableFromInline let _offsets: [Int]

  /// Variables with the given category counts and free logits (Σ (Kᵥ − 1) of them).
  ///
  /// - Throws: ``FisherError`` for a count below 2, a wrong number of logits or a non-finite logit.
  public init(categoryCounts: [Int], logits: [Double]) throws {
    guard !categoryCounts.isEmpty else {
      throw FisherError.invalidParameter(name: "category counts", reason: "need at least one variable")
    }
    if let v = categoryCounts.firstIndex(where: { $0 < 2 }) {
      throw FisherError.invalidParameter(name: "category counts", reason: "variable \(v) has \(categoryCounts[v]) categories, need at least 2")
    }
    var offsets = [Int]()
    var total = 0
    for k in categoryCounts { offsets.append(total); total += k - 1 }
    try _checkVector(logits, count: total, "logits")
    self.categoryCounts = categoryCounts
    self.logits = logits
    self._offsets = offsets
  }

  /// The uniform distribution over each variable's categories.
  public init(uniform categoryCounts: [Int]) throws {
    try self.init(categoryCounts: categoryCounts, logits: [Double](repeating: 0, count: categoryCounts.reduce(0) { $0 + Swift.max($1 - 1, 0) }))
  }

  /// Variables with the given probability rows (each positive, summing to 1 within 1e-9).
  public init(probabilities: [[Double]]) throws {
    var logits = [Double]()
    for (v, p) in probabilities.enumerated() {
      guard p.count >= 2, p.allSatisfy({ $0 > 0 && $0.isFinite }), abs(p.reduce(0, +) - 1) <= 1e-9 else {
        throw FisherError.invalidParameter(name: "probabilities", reason: "row \(v) is not a distribution over ≥ 2 categories with positive entries")
      }
      for k in 1..<p.count { logits.append(log(p[k]) - log(p[0])) }
    }
    try self.init(categoryCounts: probabilities.map(\.count), logits: logits)
  }

  public var dimension: Int { categoryCounts.count }
  public var parameterCount: Int { logits.count }
  public var parameters: [Double] { logits }

  /// The probabilities p₀ … p_{K−1} of variable v.
  public func probabilities(ofVariable v: Int) -> [Double] {
    let k = categoryCounts[v], o = _offsets[v]
    var top = 0.0
    for j in 0..<(k - 1) { top = Swift.max(top, logits[o + j]) }
    var p = [Double](repeating: 0, count: k)
    p[0] = exp(-top)
    var total = p[0]
    for j in 1..<k { p[j] = exp(logits[o + j - 1] - top); total += p[j] }
    for j in 0..<k { p[j] /= total }
    return p
  }

  /// All probability rows.
  public var probabilities: [[Double]] { (0..<dimension).map(probabilities(ofVariable:)) }

  public func with(parameters: [Double]) throws -> CategoricalProduct {
    try CategoricalProduct(categoryCounts: categoryCounts, logits: parameters)
  }

  /// Each variable by inversion of its cumulative distribution with one uniform.
  public func sample(using generator: inout some RandomNumberGenerator) -> [Double] {
    (0..<dimension).map { v in
      let p = probabilities(ofVariable: v)
      let u = generator.nextUniform()
      var c = 0.0
      for k in 0..<(p.count - 1) {
        c += p[k]
        if u < c { return Double(k) }
      }
      return Double(p.count - 1)
    }
  }

  public func logDensity(_ x: [Double]) throws -> Double {
    let cats = try categories(x)
    var s = 0.0
    for v in 0..<dimension { s += log(probabilities(ofVariable: v)[cats[v]]) }
    return s
  }

  /// 1[xᵥ = k] − pᵥₖ for k = 1 … Kᵥ − 1.
  public func score(_ x: [Double]) throws -> [Double] {
    let cats = try categories(x)
    var s = [Double](repeating: 0, count: parameterCount)
    for v in 0..<dimension {
      let p = probabilities(ofVariable: v), o = _offsets[v]
      for k in 1..<p.count { s[o + k - 1] = (cats[v] == k ? 1 : 0) - p[k] }
    }
    return s
  }

  /// −F, the same for every x.
  public func logDensityHessian(_ x: [Double]) throws -> Matrix {
    _ = try categories(x)
    return -1 * (try fisherInformation())
  }

  /// Block diagonal, diag(p) − p pᵀ over each variable's free categories.
  public func fisherInformation() throws -> Matrix {
    var f = try Matrix(rows: parameterCount, columns: parameterCount)
    for v in 0..<dimension {
      let p = probabilities(ofVariable: v), o = _offsets[v]
      for a in 1..<p.count {
        for b in 1..<p.count { f[o + a - 1, o + b - 1] = (a == b ? p[a] : 0) - p[a] * p[b] }
      }
    }
    return f
  }

  /// gₖ/pₖ + (Σⱼ gⱼ)/p₀ per variable.
  public func naturalGradient(_ gradient: [Double]) throws -> [Double] {
    try _checkVector(gradient, count: parameterCount, "gradient")
    var out = gradient
    for v in 0..<dimension {
      let p = probabilities(ofVariable: v), o = _offsets[v]
      var total = 0.0
      for k in 1..<p.count { total += gradient[o + k - 1] }
      for k in 1..<p.count { out[o + k - 1] = gradient[o + k - 1] / p[k] + total / p[0] }
    }
    return out
  }

  public func kullbackLeibler(to other: CategoricalProduct) throws -> Double {
    guard categoryCounts == other.categoryCounts else {
      throw FisherError.dimensionMismatch("KL divergence between category counts \(categoryCounts) and \(other.categoryCounts)")
    }
    var s = 0.0
    for v in 0..<dimension {
      let p = probabilities(ofVariable: v), q = other.probabilities(ofVariable: v)
      for k in 0..<p.count where p[k] > 0 { s += p[k] * (log(p[k]) - log(q[k])) }
    }
    return Swift.max(0, s)
  }

  private func categories(_ x: [Double]) throws -> [Int] {
    guard x.count == dimension else { throw FisherError.dimensionMismatch("x has length \(x.count), expected \(dimension)") }
    return try (0..<dimension).map { v in
      let c = x[v]
      guard c >= 0, c < Double(categoryCounts[v]), c == c.rounded() else {
        throw FisherError.invalidParameter(name: "x", reason: "x[\(v)] = \(c) is not a category of 0..<\(categoryCounts[v])")
      }
      return Int(c)
    }
  }

  private enum CodingKeys: String, CodingKey { case categoryCounts, logits }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    try self.init(categoryCounts: c.decode([Int].self, forKey: .categoryCounts), logits: c.decode([Double].self, forKey: .logits))
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(categoryCounts, forKey: .categoryCounts)
    try c.encode(logits, forKey: .logits)
  }
}
