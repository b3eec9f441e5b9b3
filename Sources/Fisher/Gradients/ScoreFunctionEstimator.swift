/// The score-function (likelihood-ratio, REINFORCE) estimate of ∇θ J for
/// J(θ) = E_{p_θ}[f(x)], and the second-order quantities built from the same scores.
///
/// From ∇θ p = p ∇θ log p,
///
///     ∇J = E[f(x) ∇θ log p(x)] ≈ (1/N) Σᵢ (f(xᵢ) − b) sᵢ,    sᵢ = ∇θ log p(xᵢ),
///
/// where any constant baseline b leaves the expectation unchanged because
/// E[s] = 0, and a good one shrinks the variance. Differentiating once more,
///
///     ∇²J = E[f(x) (s sᵀ + ∇²θ log p(x))] ≈ (1/N) Σᵢ (f(xᵢ) − b)(sᵢsᵢᵀ + ∇²log p(xᵢ)),
///
/// again unbiased for any constant b since E[s sᵀ + ∇² log p] = 0 (the Fisher
/// identity). The empirical Fisher is (1/N) Σᵢ sᵢsᵢᵀ.
///
/// Build one per generation from the samples; the scores are computed once.
///
///     let est = try ScoreFunctionEstimator(distribution: p, samples: xs)
///     let g = try est.gradient(fitness, baseline: .mean)
///     let step = try p.naturalGradient(g)      // F⁻¹ ∇J
public struct ScoreFunctionEstimator<Distribution: SearchDistribution>: Sendable {
  /// p_θ, the distribution the samples were drawn from.
  public let distribution: Distribution
  /// x₁ … x_N, one per row.
  public let samples: Matrix
  /// s₁ … s_N, one per row (N × parameterCount).
  public let scores: Matrix

  /// Scores `samples` (one per row) under `distribution`.
  ///
  /// - Throws: ``FisherError`` when a sample has the wrong length or is outside
  ///   the family's support, or there are no samples.
  public init(distribution: Distribution, samples: Matrix) throws {
    guard samples.rows > 0 else { throw FisherError.invalidParameter(name: "samples", reason: "need at least one sample") }
    self.distribution = distribution
    self.samples = samples
    self.scores = try distribution.scores(samples)
  }

  /// N.
  public var sampleCount: Int { samples.rows }

  /// The baseline b subtracted from f.
  public enum Baseline: String, Sendable, Codable, Hashable, CaseIterable {
    /// b = 0.
    case none
    /// b = f̄, the mean fitness of the samples.
    case mean
    /// b_k = Σᵢ fᵢ sᵢₖ² / Σᵢ sᵢₖ² per coordinate k, the variance-minimizing
    /// constant for each coordinate (estimated from the same samples, so the
    /// estimate has an O(1/N) bias, as with `mean`).
    case optimal
  }

  /// (1/N) Σᵢ (fᵢ − b) sᵢ.
  ///
  /// - Throws: ``FisherError`` when `fitness` has the wrong count or a non-finite value.
  /// - Complexity: O(N · parameterCount).
  public func gradient(_ fitness: [Double], baseline: Baseline = .none) throws -> [Double] {
    try _checkVector(fitness, count: sampleCount, "fitness")
    let n = sampleCount, p = scores.columns
    let b = baselines(fitness, baseline)
    var g = [Double](repeating: 0, count: p)
    scores.elements.withUnsafeBufferPointer { s in
      for i in 0..<n {
        let row = s.baseAddress! + i * p
        let fi = fitness[i]
        for k in 0..<p { g[k] += (fi - b[k]) * row[k] }
      }
    }
    let inv = 1 / Double(n)
    return g.map { $0 * inv }
  }

  /// The per-sample terms (fᵢ − b) sᵢ, one per row, whose mean is ``gradient(_:baseline:)``
  /// (for error bars: the standard error of coordinate k is their standard deviation / √N).
  public func gradientTerms(_ fitness: [Double], baseline: Baseline = .none) throws -> Matrix {
    try _checkVector(fitness, count: sampleCount, "fitness")
    let b = baselines(fitness, baseline)
    var t = scores
    let p = scores.columns
    for i in 0..<sampleCount { for k in 0..<p { t.elements[i * p + k] *= fitness[i] - b[k] } }
    return t
  }

  /// (1/N) Σᵢ sᵢ sᵢᵀ, the empirical Fisher information.
  ///
  /// - Complexity: O(N · parameterCount²).
  public func empiricalFisher() throws -> Matrix {
    let p = scores.columns
    var m = try Matrix(rows: p, columns: p)
    m._rankMuUpdate(weights: [Double](repeating: 1 / Double(sampleCount), count: sampleCount), vectors: scores, scale: 0)
    return m
  }

  /// (1/N) Σᵢ (fᵢ − b)(sᵢsᵢᵀ + ∇²θ log p(xᵢ)), the second-order score estimate of ∇²J.
  /// (`optimal` uses the mean baseline here.)
  ///
  /// - Complexity: O(N · parameterCount²) plus N log-density Hessians.
  public func hessian(_ fitness: [Double], baseline: Baseline = .mean) throws -> Matrix {
    try _checkVector(fitness, count: sampleCount, "fitness")
    let n = sampleCount, p = scores.columns
    let b = baseline == .none ? 0 : fitness.reduce(0, +) / Double(n)
    var h = try Matrix(rows: p, columns: p)
    for i in 0..<n {
      let w = (fitness[i] - b) / Double(n)
      if w == 0 { continue }
      let hi = try distribution.logDensityHessian(samples._row(i))
      let si = scores._row(i)
      for a in 0..<p {
        let wsa = w * si[a]
        for c in 0..<p { h.elements[a * p + c] += wsa * si[c] + w * hi.elements[a * p + c] }
      }
    }
    h._symmetrize()
    return h
  }

  private func baselines(_ fitness: [Double], _ baseline: Baseline) -> [Double] {
    let p = scores.columns, n = sampleCount
    switch baseline {
    case .none:
      return [Double](repeating: 0, count: p)
    case .mean:
      return [Double](repeating: fitness.reduce(0, +) / Double(n), count: p)
    case .optimal:
      var num = [Double](repeating: 0, count: p), den = num
      for i in 0..<n {
        for k in 0..<p {
          let s2 = scores.elements[i * p + k] * scores.elements[i * p + k]
          num[k] += fitness[i] * s2
          den[k] += s2
        }
      }
      return (0..<p).map { den[$0] > 0 ? num[$0] / den[$0] : 0 }
    }
  }
}
