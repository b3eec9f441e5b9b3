#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// N(m, Σ) with a full covariance Σ = L Lᵀ, parameterized by its Cholesky factor.
///
/// θ = (m₁, …, mₙ, then the lower triangle of L row by row with its diagonal on
/// the log scale): the entry (i, j), j ≤ i, sits at n + i(i+1)/2 + j and holds
/// λᵢⱼ = Lᵢⱼ for j < i and λᵢᵢ = log Lᵢᵢ. Every θ ∈ ℝ^{n + n(n+1)/2} is a valid
/// member (the diagonal stays positive), which lets a strategy step in θ freely.
///
/// With r = x − m, W = L⁻¹, z = W r and u = Wᵀ z = Σ⁻¹ r:
///
///     log p(x) = −½|z|² − Σᵢ log Lᵢᵢ − (n/2) log 2π
///     ∇m log p = u,     ∂Lᵢⱼ log p = uᵢ zⱼ − δᵢⱼ/Lᵢᵢ,     ∂λᵢᵢ log p = Lᵢᵢ uᵢ zᵢ − 1.
///
/// Fisher information. In the raw entries of L the directional derivative
/// along dL is zᵀBz − tr B with B = L⁻¹dL, so F(dL, dL) = ‖B‖²_F + Σᵢ Bᵢᵢ²;
/// the mean block is Σ⁻¹ and the mean–factor block vanishes (odd moments of z):
///
///     F_{m m} = Σ⁻¹,     F_{(ij),(kl)} = (Σ⁻¹)ᵢₖ δⱼₗ + δᵢⱼ δₖₗ δᵢₖ / Lᵢᵢ²,
///
/// and the log-diagonal chart multiplies the rows and columns of the diagonal
/// entries by Lᵢᵢ (F′ = D F D with D = ∂L/∂λ). Column j of the factor block is
/// Pⱼ + eeᵀ/Lⱼⱼ² with Pⱼ = (Σ⁻¹)[j…, j…] = Lⱼ⁻ᵀ Lⱼ⁻¹, Lⱼ = L[j…, j…], so by
/// Sherman–Morrison its inverse applied to g is
///
///     Lⱼ Lⱼᵀ g − ½ cⱼ (cⱼ · g),   cⱼ = L[j…, j]   (columns decouple),
///
/// which gives ``naturalGradient(_:)`` in O(n³/3) without forming F.
public struct FullGaussian: GaussianSearchDistribution {
  /// m.
  public let mean: [Double]
  /// L, lower triangular with a positive diagonal.
  public let lower: Matrix
  @usableFromInline let _factor: Cholesky
  /// W = L⁻¹.
  @usableFromInline let _inverseLower: Matrix
  /// Σ⁻¹ = Wᵀ W.
  @usableFromInline let _precision: Matrix

  /// N(mean, covariance).
  ///
  /// - Throws: ``FisherError`` for mismatched sizes, non-finite values or a
  ///   covariance that is not symmetric positive definite.
  public init(mean: [Double], covariance: Matrix) throws {
    try _checkVector(mean, count: mean.count, "mean")
    guard !mean.isEmpty else { throw FisherError.invalidParameter(name: "mean", reason: "dimension must be at least 1") }
    try self.init(_mean: mean, _factor: _spdFactor(covariance, dimension: mean.count))
  }

  /// N(mean, L Lᵀ) for a lower-triangular `lower` with a positive diagonal.
  public init(mean: [Double], lower: Matrix) throws {
    try _checkVector(mean, count: mean.count, "mean")
    let n = mean.count
    guard n > 0 else { throw FisherError.invalidParameter(name: "mean", reason: "dimension must be at least 1") }
    guard lower.rows == n, lower.columns == n else {
      throw FisherError.dimensionMismatch("Cholesky factor is \(lower.rows)×\(lower.columns), expected \(n)×\(n)")
    }
    if lower.elements.contains(where: { !$0.isFinite }) { throw FisherError.nonFinite("Cholesky factor has a non-finite entry") }
    for i in 0..<n {
      guard lower[i, i] > 0 else {
        throw FisherError.invalidParameter(name: "Cholesky factor", reason: "diagonal entry \(i) is \(lower[i, i]), must be positive")
      }
      for j in (i + 1)..<Swift.max(n, i + 1) where lower[i, j] != 0 {
        throw FisherError.invalidParameter(name: "Cholesky factor", reason: "entry (\(i), \(j)) above the diagonal is not zero")
      }
    }
    try self.init(_mean: mean, _factor: Cholesky(lower: lower))
  }

  /// N(mean, σ² I).
  public init(mean: [Double], sigma: Double) throws {
    guard sigma > 0, sigma.isFinite else {
      throw FisherError.invalidParameter(name: "sigma", reason: "must be positive and finite, got \(sigma)")
    }
    var l = try Matrix(rows: mean.count, columns: mean.count)
    for i in 0..<mean.count { l[i, i] = sigma }
    try self.init(mean: mean, lower: l)
  }

  private init(_mean: [Double], _factor: Cholesky) throws {
    let n = _mean.count
    let l = _factor.lower
    var w = try Matrix(rows: n, columns: n)
    for j in 0..<n {
      var e = [Double](repeating: 0, count: n)
      e[j] = 1
      let c = _factor._solveLower(e)
      for i in j..<n { w[i, j] = c[i] }
    }
    if w.elements.contains(where: { !$0.isFinite }) {
      throw FisherError.invalidParameter(name: "covariance", reason: "Cholesky factor is numerically singular")
    }
    self.mean = _mean
    self.lower = l
    self._factor = _factor
    self._inverseLower = w
    self._precision = _factor.inverse()
  }

  public var dimension: Int { mean.count }
  public var parameterCount: Int { mean.count + mean.count * (mean.count + 1) / 2 }
  /// L Lᵀ.
  public var covariance: Matrix { lower._multiply(lower.transposed) }

  /// The index of λᵢⱼ (j ≤ i) in θ.
  @inlinable
  public func parameterIndex(row i: Int, column j: Int) -> Int { mean.count + i * (i + 1) / 2 + j }

  /// (m, λ) with λ the row-packed lower triangle of L, log on the diagonal.
  public var parameters: [Double] {
    var theta = mean
    theta.reserveCapacity(parameterCount)
    for i in 0..<dimension {
      for j in 0..<i { theta.append(lower[i, j]) }
      theta.append(log(lower[i, i]))
    }
    return theta
  }

  public func with(parameters: [Double]) throws -> FullGaussian {
    try _checkVector(parameters, count: parameterCount, "parameters")
    let n = dimension
    var l = try Matrix(rows: n, columns: n)
    for i in 0..<n {
      for j in 0..<i { l[i, j] = parameters[parameterIndex(row: i, column: j)] }
      let d = exp(parameters[parameterIndex(row: i, column: i)])
      guard d > 0, d.isFinite else {
        throw FisherError.invalidParameter(name: "parameters", reason: "L[\(i), \(i)] = exp(\(parameters[parameterIndex(row: i, column: i)])) is not a positive finite number")
      }
      l[i, i] = d
    }
    return try FullGaussian(mean: Array(parameters[0..<n]), lower: l)
  }

  /// m + L z.
  public func transform(_ z: [Double]) -> [Double] {
    var x = _factor._multiplyLower(z)
    for i in 0..<x.count { x[i] += mean[i] }
    return x
  }

  public func logDensity(_ x: [Double]) throws -> Double {
    try _checkVector(x, count: dimension, "x")
    let z = _factor._solveLower((0..<dimension).map { x[$0] - mean[$0] })
    return -0.5 * _dot(z, z) - 0.5 * _factor.logDeterminant - _halfLogTwoPi(dimension)
  }

  /// (z, u) for a point x.
  @usableFromInline
  func _whitened(_ x: [Double]) -> (z: [Double], u: [Double]) {
    let z = _factor._solveLower((0..<dimension).map { x[$0] - mean[$0] })
    return (z, _factor._solveUpper(z))
  }

  /// (u, then uᵢzⱼ for j < i and Lᵢᵢuᵢzᵢ − 1 on the diagonal).
  public func score(_ x: [Double]) throws -> [Double] {
    try _checkVector(x, count: dimension, "x")
    let n = dimension
    let (z, u) = _whitened(x)
    var s = u
    s.reserveCapacity(parameterCount)
    for i in 0..<n {
      for j in 0..<i { s.append(u[i] * z[j]) }
      s.append(lower[i, i] * u[i] * z[i] - 1)
    }
    return s
  }

  /// ∇²θ log p in the log-diagonal chart.
  ///
  /// In the raw entries of L (with B = W Eᵢⱼ for the unit direction Eᵢⱼ):
  ///
  ///     ∂²/∂m² = −Σ⁻¹,   ∂²/∂m_a∂Lᵢⱼ = −(Σ⁻¹_{ai} zⱼ + W_{ja} uᵢ),
  ///     ∂²/∂Lᵢⱼ∂Lₖₗ = W_{li}W_{jk} − zₗzⱼ Σ⁻¹_{ki} − W_{li} zⱼ uₖ − W_{jk} zₗ uᵢ,
  ///
  /// then the chain rule for λᵢᵢ = log Lᵢᵢ: rows and columns of diagonal entries
  /// scale by Lᵢᵢ and ∂²/∂λᵢᵢ² gains the first-order term Lᵢᵢ ∂/∂Lᵢᵢ log p.
  ///
  /// - Complexity: O(n⁴) (the matrix has (n + n(n+1)/2)² entries).
  public func logDensityHessian(_ x: [Double]) throws -> Matrix {
    try _checkVector(x, count: dimension, "x")
    let n = dimension, p = parameterCount
    let (z, u) = _whitened(x)
    let w = _inverseLower, q = _precision
    var h = try Matrix(rows: p, columns: p)
    // Entries (i, j) of the factor, in θ order, with their chart scale.
    var pairs = [(Int, Int)]()
    pairs.reserveCapacity(p - n)
    for i in 0..<n { for j in 0...i { pairs.append((i, j)) } }
    let scale = pairs.map { $0.0 == $0.1 ? lower[$0.0, $0.0] : 1 }
    for a in 0..<n { for b in 0..<n { h[a, b] = -q[a, b] } }
    for (ia, (i, j)) in pairs.enumerated() {
      let col = n + ia
      for a in 0..<n {
        let v = -(q[a, i] * z[j] + w[j, a] * u[i]) * scale[ia]
        h[a, col] = v
        h[col, a] = v
      }
      for (ib, (k, l)) in pairs.enumerated() where ib <= ia {
        var v = w[l, i] * w[j, k] - z[l] * z[j] * q[k, i] - w[l, i] * z[j] * u[k] - w[j, k] * z[l] * u[i]
        v *= scale[ia] * scale[ib]
        if ia == ib && i == j { v += lower[i, i] * u[i] * z[i] - 1 }
        h[col, n + ib] = v
        h[n + ib, col] = v
      }
    }
    return h
  }

  /// The exact F in the log-diagonal chart (see the type's documentation).
  ///
  /// - Complexity: O(n⁴) to fill.
  public func fisherInformation() throws -> Matrix {
    let n = dimension, p = parameterCount
    let q = _precision
    var f = try Matrix(rows: p, columns: p)
    for a in 0..<n { for b in 0..<n { f[a, b] = q[a, b] } }
    var pairs = [(Int, Int)]()
    for i in 0..<n { for j in 0...i { pairs.append((i, j)) } }
    for (ia, (i, j)) in pairs.enumerated() {
      let si = i == j ? lower[i, i] : 1
      for (ib, (k, l)) in pairs.enumerated() where j == l {
        let sk = k == l ? lower[k, k] : 1
        var v = q[i, k]
        if i == j && k == l && i == k { v += 1 / (lower[i, i] * lower[i, i]) }
        f[n + ia, n + ib] = si * sk * v
      }
    }
    return f
  }

  /// F⁻¹ g by the closed form: Σ g_m for the mean, and per column j of the factor
  /// Lⱼ Lⱼᵀ g − ½ cⱼ (cⱼ · g) in the raw chart, conjugated by the log-diagonal scaling.
  ///
  /// - Complexity: O(n³/3).
  public func naturalGradient(_ gradient: [Double]) throws -> [Double] {
    try _checkVector(gradient, count: parameterCount, "gradient")
    let n = dimension
    let l = lower
    var out = [Double](repeating: 0, count: parameterCount)
    // Mean block: Σ g = L (Lᵀ g).
    var t = [Double](repeating: 0, count: n)
    for a in 0..<n { for b in a..<n { t[a] += l[b, a] * gradient[b] } }
    for a in 0..<n { for b in 0...a { out[a] += l[a, b] * t[b] } }
    // Factor block, column by column.
    for j in 0..<n {
      let m = n - j
      var v = [Double](repeating: 0, count: m)
      for a in 0..<m {
        let i = j + a
        v[a] = gradient[parameterIndex(row: i, column: j)]
        if a == 0 { v[a] /= l[j, j] }  // raw-chart gradient: ∂/∂Lⱼⱼ = (∂/∂λⱼⱼ) / Lⱼⱼ
      }
      var tt = [Double](repeating: 0, count: m)  // Lⱼᵀ v
      for a in 0..<m { for b in a..<m { tt[a] += l[j + b, j + a] * v[b] } }
      var cv = 0.0
      for a in 0..<m { cv += l[j + a, j] * v[a] }
      for a in 0..<m {
        var y = 0.0
        for b in 0...a { y += l[j + a, j + b] * tt[b] }
        y -= 0.5 * l[j + a, j] * cv
        if a == 0 { y /= l[j, j] }  // back to the log chart
        out[parameterIndex(row: j + a, column: j)] = y
      }
    }
    return out
  }

  /// ½[‖L₁⁻¹L₀‖²_F + ‖L₁⁻¹(m₁ − m₀)‖² − n] + Σ log L₁ᵢᵢ − Σ log L₀ᵢᵢ.
  public func kullbackLeibler(to other: FullGaussian) throws -> Double {
    try _checkSameDimension(dimension, other.dimension)
    return _gaussianKullbackLeibler(mean, lower, other.mean, other._factor)
  }

  private enum CodingKeys: String, CodingKey { case mean, lower }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    try self.init(mean: c.decode([Double].self, forKey: .mean), lower: c.decode(Matrix.self, forKey: .lower))
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(mean, forKey: .mean)
    try c.encode(lower, forKey: .lower)
  }
}
