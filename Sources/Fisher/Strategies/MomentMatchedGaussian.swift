/// A Gaussian N(m, C) refitted by weighted moments, shared by ``CrossEntropyMethod``
/// and ``ExponentialWeights``.
///
/// Given normalized weights wᵢ (Σ wᵢ = 1) over candidates xᵢ, the projection of
/// the weighted sample onto the Gaussian family (the M-projection, moment matching) is
///
///     m* = Σ wᵢ xᵢ,     C* = Σ wᵢ (xᵢ − m*)(xᵢ − m*)ᵀ,
///
/// after which the state moves part of the way, m ← α m* + (1 − α) m, and
/// (diagonal) σ ← β σ* + (1 − β) σ per coordinate or (full) C ← β C* + (1 − β) C.
/// Optional extra variance Z is then added (Szita & Lőrincz 2006) and each
/// standard deviation is floored.
struct MomentMatchedGaussian: Sendable, Codable, Hashable {
  var mean: [Double]
  /// √Cᵢᵢ, the per-coordinate standard deviations.
  var stds: [Double]
  /// C and its lower Cholesky factor L (C = L Lᵀ), for the full model only.
  var covariance: Matrix?
  var factor: Matrix?

  init(mean: [Double], sigma: Double, model: CovarianceModel) {
    self.mean = mean
    self.stds = [Double](repeating: sigma, count: mean.count)
    if model == .full {
      covariance = sigma * sigma * Matrix._identity(mean.count)
      factor = sigma * Matrix._identity(mean.count)
    }
  }

  var dimension: Int { mean.count }

  /// xᵢ = m + L zᵢ (full) or m + σ ⊙ zᵢ, one row per row of `z`.
  ///
  /// - Complexity: O(λ n²) for the full model, O(λ n) otherwise.
  func candidates(_ z: Matrix) -> Matrix {
    let n = dimension
    var x = Matrix(_rows: z.rows, columns: n)
    x.elements.withUnsafeMutableBufferPointer { xv in
      z.elements.withUnsafeBufferPointer { zv in
        if let l = factor {
          l.elements.withUnsafeBufferPointer { lv in
            for k in 0..<z.rows {
              for i in 0..<n {
                var s = 0.0
                for j in 0...i { s += lv[i * n + j] * zv[k * n + j] }
                xv[k * n + i] = mean[i] + s
              }
            }
          }
        } else {
          for k in 0..<z.rows {
            for j in 0..<n { xv[k * n + j] = mean[j] + stds[j] * zv[k * n + j] }
          }
        }
      }
    }
    return x
  }

  /// Refits the Gaussian to `candidates` weighted by `weights` (Σ wᵢ = 1, wᵢ ≥ 0).
  ///
  /// - Parameters:
  ///   - meanSmoothing: α ∈ (0, 1].
  ///   - covarianceSmoothing: β ∈ (0, 1].
  ///   - extraVariance: Z ≥ 0 added to every variance.
  ///   - minimumStd: floor on every √Cᵢᵢ.
  /// A full covariance that cannot be factored even with a little jitter (e.g.
  /// fewer effective samples than dimensions, without smoothing or floor) is
  /// kept from the previous generation; the mean still moves.
  /// - Complexity: O(λ n²) for the full model, O(λ n) otherwise.
  mutating func fit(
    weights: [Double], candidates x: Matrix, model: CovarianceModel,
    meanSmoothing alpha: Double, covarianceSmoothing beta: Double,
    extraVariance: Double, minimumStd: Double
  ) {
    let n = dimension
    var m = [Double](repeating: 0, count: n)
    x.elements.withUnsafeBufferPointer { xv in
      for k in 0..<x.rows where weights[k] != 0 {
        for j in 0..<n { m[j] += weights[k] * xv[k * n + j] }
      }
    }
    switch model {
    case .fixed:
      break
    case .diagonal:
      var v = [Double](repeating: 0, count: n)
      x.elements.withUnsafeBufferPointer { xv in
        for k in 0..<x.rows where weights[k] != 0 {
          for j in 0..<n {
            let d = xv[k * n + j] - m[j]
            v[j] += weights[k] * d * d
          }
        }
      }
      for j in 0..<n {
        let s = beta * v[j].squareRoot() + (1 - beta) * stds[j]
        stds[j] = Swift.max((s * s + extraVariance).squareRoot(), minimumStd)
      }
    case .full:
      var c = Matrix(_rows: n, columns: n)
      var y = x
      for k in 0..<x.rows {
        for j in 0..<n { y[k, j] -= m[j] }
      }
      c._rankMuUpdate(weights: weights, vectors: y)
      var updated = Matrix._sum(beta * c, covariance ?? Matrix(_rows: n, columns: n), 1 - beta)
      for j in 0..<n {
        updated[j, j] = Swift.max(updated[j, j] + extraVariance, minimumStd * minimumStd)
      }
      if let l = Self.jitteredCholeskyFactor(updated) {
        covariance = updated
        factor = l
        stds = updated.diagonalEntries.map { $0.squareRoot() }
      }
    }
    for j in 0..<n { mean[j] = alpha * m[j] + (1 - alpha) * mean[j] }
  }

  /// The Cholesky factor of `c`, after adding jitter 10ᵏ⁻¹³ · tr(C)/n · I (k = 0…6)
  /// if rounding left C numerically semidefinite; nil if even that fails (the
  /// covariance is then left as it was).
  static func jitteredCholeskyFactor(_ c: Matrix) -> Matrix? {
    if let chol = try? Cholesky(c) { return chol.lower }
    let scale = c.trace / Double(c.rows)
    guard scale > 0, scale.isFinite else { return nil }
    var jitter = 1e-13 * scale
    for _ in 0..<7 {
      var j = c
      for i in 0..<c.rows { j[i, i] += jitter }
      if let chol = try? Cholesky(j) { return chol.lower }
      jitter *= 10
    }
    return nil
  }

  /// Checks a decoded state: lengths, finiteness, positive scales.
  func validate(dimension n: Int, model: CovarianceModel) throws {
    try StrategyArguments.require(mean.count == n && stds.count == n, "vector lengths")
    try StrategyArguments.require(mean.allSatisfy(\.isFinite), "mean not finite")
    try StrategyArguments.require(stds.allSatisfy { $0.isFinite && $0 >= 0 }, "standard deviations")
    if model == .full {
      guard let c = covariance, let l = factor else {
        throw FisherError.malformedInput("strategy state: full covariance missing")
      }
      try StrategyArguments.require(
        c.rows == n && c.columns == n && l.rows == n && l.columns == n
          && c.elements.count == n * n && l.elements.count == n * n, "covariance shape")
      try StrategyArguments.require(
        c.elements.allSatisfy(\.isFinite) && l.elements.allSatisfy(\.isFinite), "covariance not finite")
    }
  }
}

