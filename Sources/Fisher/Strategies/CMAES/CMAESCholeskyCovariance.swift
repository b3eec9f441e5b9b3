/// The covariance of ``CMAES`` as a lower-triangular Cholesky factor, C = A Aᵀ
/// (Krause, Arbonès & Igel, "CMA-ES with Optimal Covariance Update and Storage
/// Complexity", NeurIPS 2016).
///
/// Sampling is yₖ = A zₖ; the σ path uses A⁻¹(m′ − m)/σ = Σᵢ wᵢ zᵢ:λ in place of
/// C^(−1/2)(m′ − m)/σ; and the covariance update of ``CMAESState``,
///
///     C ← δ C + c₁ p_c p_cᵀ + Σᵢ aᵢ yᵢ yᵢᵀ,      δ = 1 − c₁ₐ − c_μ Σⱼwⱼ,
///
/// becomes A ← √δ A followed by rank-one updates of A with p_c and each yᵢ with
/// aᵢ > 0, then rank-one downdates with each yᵢ with aᵢ < 0 (the active
/// weights). A downdate that would make C lose positive definiteness (possible
/// only through rounding: pycma's limit on the negative weights keeps the exact
/// update positive definite) is skipped and counted. No step costs more than
/// O(n²) per vector, so a generation costs O(λ n²) with no O(n³) term.
///
/// The extreme eigenvalues for the termination criteria are tracked by
/// ``ExtremeEigenvalueEstimate``, one power and one inverse-iteration step per
/// generation on the factor the generation was sampled with (fused with the
/// triangular solve of the σ path), so they lag C by one update, as pycma's
/// eigenvalues lag C between lazy decompositions.
struct CMAESCholeskyCovariance: Sendable, Hashable {
  /// Aᵀ, n × n row-major: row k is column k of A (entries k…n−1, zeros left of
  /// the diagonal).
  var transposedFactor: Matrix
  var spectrum: ExtremeEigenvalueEstimate
  /// Downdates skipped because C would have lost positive definiteness.
  var skippedDowndates = 0

  /// C = I, with the eigenvalue iterations started from a standard normal
  /// vector of the strategy's streams.
  init(dimension n: Int, streams: RandomStreams) {
    transposedFactor = ._identity(n)
    var start = [Double](repeating: 0, count: n)
    var rng = streams.generator(domain: Self.spectrumStartDomain, generation: 0)
    start.withUnsafeMutableBufferPointer { rng.fillNormal($0) }
    spectrum = ExtremeEigenvalueEstimate(start: start, largest: 1, smallest: 1)
  }

  init(transposedFactor: Matrix, spectrum: ExtremeEigenvalueEstimate, skippedDowndates: Int) {
    self.transposedFactor = transposedFactor
    self.spectrum = spectrum
    self.skippedDowndates = skippedDowndates
  }

  /// The random-stream domain of the start vector of the eigenvalue iterations.
  static let spectrumStartDomain: UInt64 = 0xC401_E5C1

  var dimension: Int { transposedFactor.rows }

  /// A, lower triangular.
  var factor: Matrix { transposedFactor.transposed }

  /// C = A Aᵀ.
  ///
  /// - Complexity: O(n³).
  var covariance: Matrix {
    let n = dimension
    var c = Matrix(_rows: n, columns: n)
    let a = factor
    for i in 0..<n {
      for j in 0...i {
        var s = 0.0
        for k in 0...j { s += a[i, k] * a[j, k] }
        c[i, j] = s
        c[j, i] = s
      }
    }
    return c
  }

  /// diag(C), the squared row norms of A.
  var variances: [Double] {
    let n = dimension
    var d = [Double](repeating: 0, count: n)
    transposedFactor.elements.withUnsafeBufferPointer { rt in
      d.withUnsafeMutableBufferPointer { _TransposedFactorKernels.squaredRowNorms(rt.baseAddress!, n, into: $0.baseAddress!) }
    }
    return d
  }

  /// xₖ = m + σ A zₖ for the rows zₖ of `z`.
  ///
  /// - Complexity: λ n²/2 multiply–adds.
  func sample(_ z: Matrix, mean: [Double], sigma: Double) -> Matrix {
    let n = dimension, lambda = z.rows
    var x = Matrix(_rows: lambda, columns: n)
    transposedFactor.elements.withUnsafeBufferPointer { rt in
      z.elements.withUnsafeBufferPointer { zb in
        x.elements.withUnsafeMutableBufferPointer { xb in
          let xp = xb.baseAddress!
          _TransposedFactorKernels.multiplyRows(rt.baseAddress!, n, zb.baseAddress!, count: lambda, into: xp)
          for k in 0..<lambda {
            let xk = xp + k * n
            for j in 0..<n { xk[j] = mean[j] + sigma * xk[j] }
          }
        }
      }
    }
    return x
  }

  /// A⁻¹ v, computed in one sweep over A with a step of each eigenvalue
  /// iteration.
  ///
  /// - Complexity: 3n² multiply–adds.
  mutating func whitenAndIterateSpectrum(_ v: [Double]) -> [Double] {
    var r = v
    let n = dimension
    transposedFactor.elements.withUnsafeBufferPointer { rt in
      r.withUnsafeMutableBufferPointer { spectrum.iterate(transposedFactor: rt.baseAddress!, dimension: n, solving: $0.baseAddress!) }
    }
    return r
  }

  /// True when m + scale · (column i of A) == m in every coordinate.
  func columnHasNoEffect(_ i: Int, mean m: [Double], scale: Double) -> Bool {
    let n = dimension
    return transposedFactor.elements.withUnsafeBufferPointer { rt in
      let column = rt.baseAddress! + i * n
      for j in i..<n where m[j] != m[j] + scale * column[j] { return false }
      return true
    }
  }

  /// C ← δ C + c₁ p pᵀ + Σₖ aₖ yₖ yₖᵀ over the rows yₖ of `y`: A ← √δ A, then
  /// rank-one updates (p, then each aₖ > 0 in row order), then downdates (each
  /// aₖ < 0 in row order, skipped when it fails).
  ///
  /// - Returns: diag(C) after the update, or nil when the factor became
  ///   non-finite or singular (then it is left as it was).
  /// - Complexity: (m + 1) n² multiply–adds for m nonzero aₖ, plus O(n³) only
  ///   when δ ≤ 0 (possible for a population much larger than the default).
  mutating func update(decay: Double, c1: Double, p: [Double], coefficients a: [Double], y: Matrix) -> [Double]? {
    let n = dimension
    let positive = a.indices.filter { a[$0] > 0 }
    let negative = a.indices.filter { a[$0] < 0 }
    let usePath = c1 > 0
    let updates = (usePath ? 1 : 0) + positive.count
    let count = updates + negative.count

    // The vectors scaled by √|βⱼ|, in the order they are applied.
    func scaledVectors() -> [Double] {
      var x = [Double](repeating: 0, count: count * n)
      var row = 0
      func put(_ source: UnsafePointer<Double>, _ beta: Double) {
        let s = abs(beta).squareRoot()
        for j in 0..<n { x[row * n + j] = s * source[j] }
        row += 1
      }
      p.withUnsafeBufferPointer { pb in if usePath { put(pb.baseAddress!, c1) } }
      y.elements.withUnsafeBufferPointer { yb in
        for k in positive { put(yb.baseAddress! + k * n, a[k]) }
        for k in negative { put(yb.baseAddress! + k * n, a[k]) }
      }
      return x
    }

    guard decay > 0 else {
      return updateExplicitly(decay: decay, vectors: scaledVectors(), updates: updates)
    }
    let root = decay.squareRoot()
    var variances = [Double](repeating: 0, count: n)
    var x = scaledVectors()
    // Rows of A are saved as the sweep reaches them, so a failure leaves A as it was.
    var backup = [Double](unsafeUninitializedCapacity: n * n) { _, count in count = n * n }
    if apply(&x, rows: 0..<count, firstDowndate: updates, scale: root, variances: &variances, backup: &backup) >= 0 {
      // Again: the updates together, then the downdates one at a time, each
      // undone when it fails.
      x = scaledVectors()
      if apply(&x, rows: 0..<updates, firstDowndate: updates, scale: root, variances: &variances, backup: &backup) >= 0 {
        return nil
      }
      for j in updates..<count {
        if apply(&x, rows: j..<(j + 1), firstDowndate: j, scale: 1, variances: &variances, backup: &backup) >= 0 {
          skippedDowndates += 1
        }
      }
      variances = self.variances
    }
    return usable(variances, backup: backup)
  }

  /// Applies the vectors `rows` of `x` (updates before row `firstDowndate`)
  /// after scaling A by `scale`, and writes diag(C); on failure A is restored.
  private mutating func apply(
    _ x: inout [Double], rows: Range<Int>, firstDowndate: Int, scale: Double, variances: inout [Double],
    backup: inout [Double]
  ) -> Int {
    let n = dimension
    return transposedFactor.elements.withUnsafeMutableBufferPointer { rt in
      x.withUnsafeMutableBufferPointer { xb in
        variances.withUnsafeMutableBufferPointer { d in
          backup.withUnsafeMutableBufferPointer { b in
            _choleskyRankOneUpdates(
              rt.baseAddress!, n, xb.baseAddress! + rows.lowerBound * n, count: rows.count,
              firstDowndate: firstDowndate - rows.lowerBound, scale: scale, rowSquares: d.baseAddress!,
              backup: b.baseAddress!)
          }
        }
      }
    }
  }

  /// The variances if the new factor is usable (every diag(C) entry positive
  /// and finite, which a non-finite entry of A would spoil); else restores A
  /// as it was before the last sweep (saved in `backup`) and returns nil.
  private mutating func usable(_ variances: [Double], backup: [Double]) -> [Double]? {
    if variances.allSatisfy({ $0 > 0 && $0.isFinite }) { return variances }
    let n = dimension
    for k in 0..<n {
      for i in k..<n { transposedFactor[k, i] = backup[k * n + i] }
    }
    return nil
  }

  /// The update for δ ≤ 0, where A cannot be scaled: C is formed, updated and
  /// factored anew. Should rounding leave it indefinite, λ̂_min is added to its
  /// diagonal (as pycma does with the smallest eigenvalue) and it is factored again.
  private mutating func updateExplicitly(decay: Double, vectors x: [Double], updates: Int) -> [Double]? {
    let n = dimension
    var c = covariance
    for e in c.elements.indices { c.elements[e] *= decay }
    for j in 0..<(x.count / Swift.max(n, 1)) {
      let sign = j < updates ? 1.0 : -1.0
      for r in 0..<n {
        for s in 0..<n { c[r, s] += sign * x[j * n + r] * x[j * n + s] }
      }
    }
    let shift = spectrum.smallest
    for _ in 0..<8 {
      if let chol = try? Cholesky(c) {
        let v = chol.lower.transposed
        let d = CMAESCholeskyCovariance(transposedFactor: v, spectrum: spectrum, skippedDowndates: 0).variances
        guard d.allSatisfy({ $0 > 0 && $0.isFinite }) else { return nil }
        transposedFactor = v
        return d
      }
      for i in 0..<n { c[i, i] += shift }
    }
    return nil
  }
}

extension CMAESCholeskyCovariance {
  /// Checks a decoded factor and eigenvalue state for dimension `n`.
  func validate(dimension n: Int) throws {
    let rt = transposedFactor
    try StrategyArguments.require(
      rt.rows == n && rt.columns == n && rt.elements.count == n * n,
      "Cholesky factor must be \(n)×\(n)")
    for k in 0..<n {
      try StrategyArguments.require(rt[k, k] > 0 && rt[k, k].isFinite, "Cholesky factor needs a positive diagonal")
      for i in 0..<n {
        try StrategyArguments.require(rt[k, i].isFinite, "Cholesky factor must be finite")
        if i < k { try StrategyArguments.require(rt[k, i] == 0, "Cholesky factor must be lower triangular") }
      }
    }
    let s = spectrum
    try StrategyArguments.require(
      s.largestVector.count == n && s.smallestVector.count == n
        && (s.largestVector + s.smallestVector).allSatisfy(\.isFinite),
      "eigenvalue iteration vectors must have \(n) finite entries")
    try StrategyArguments.require(
      s.largest > 0 && s.largest.isFinite && s.smallest > 0 && s.smallest.isFinite, "eigenvalue estimates")
    try StrategyArguments.require(skippedDowndates >= 0, "skipped downdates")
  }
}
