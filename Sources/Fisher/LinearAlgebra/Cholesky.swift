#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// The Cholesky factorization A = L Lᵀ of a symmetric positive-definite matrix.
///
/// `L` is lower triangular with a positive diagonal. Only the lower triangle of
/// `A` (entries `A[i, j]` with `j ≤ i`) is read. Once factored, linear systems,
/// the log-determinant and the inverse cost O(n²) (solves) or O(n³) (inverse):
///
///     let chol = try Cholesky(covariance)
///     let x = chol.solve(b)                  // A⁻¹ b
///     let y = chol.lower._multiply(z)         // a sample of N(0, A) when z ~ N(0, I)
///
/// The factor is computed by the row-oriented (Cholesky–Crout) recurrence
///
///     Lᵢⱼ = (Aᵢⱼ − Σₖ<ⱼ Lᵢₖ Lⱼₖ) / Lⱼⱼ,    Lᵢᵢ = √(Aᵢᵢ − Σₖ<ᵢ Lᵢₖ²),
///
/// in panels of rows so that each row of `L` that is read is reused while it
/// sits in cache; every inner product runs over two contiguous rows.
///
/// - Complexity: n³/3 multiply–adds to factor.
public struct Cholesky: Sendable {
  /// The lower-triangular factor L (its strict upper triangle is zero).
  public let lower: Matrix

  /// The order n of the factored matrix.
  @inlinable
  public var dimension: Int { lower.rows }

  /// Factors the symmetric positive-definite matrix `a`.
  ///
  /// - Throws: ``FisherError/notSquare(rows:columns:)`` for a non-square
  ///   matrix, ``FisherError/nonFinite(_:)`` for NaN or infinite entries
  ///   in the lower triangle, and ``FisherError/notPositiveDefinite(pivot:)``
  ///   when a pivot Aᵢᵢ − Σₖ Lᵢₖ² is not positive (the matrix is not numerically
  ///   positive definite); `pivot` is that row.
  public init(_ a: Matrix) throws {
    guard a.rows == a.columns else {
      throw FisherError.notSquare(rows: a.rows, columns: a.columns)
    }
    let n = a.rows
    var l = Matrix(_rows: n, columns: n)
    if n == 0 {
      self.lower = l
      return
    }
    let failedPivot: Int? = a.elements.withUnsafeBufferPointer { src in
      l.elements.withUnsafeMutableBufferPointer { dst in
        _choleskyFactor(src.baseAddress!, dst.baseAddress!, n)
      }
    }
    if let p = failedPivot {
      if p < 0 { throw FisherError.nonFinite("Cholesky factorization of a matrix with a non-finite entry") }
      throw FisherError.notPositiveDefinite(pivot: p)
    }
    self.lower = l
  }

  /// Wraps an existing lower-triangular factor with a positive diagonal.
  ///
  /// - Throws: ``FisherError/notSquare(rows:columns:)`` or
  ///   ``FisherError/notPositiveDefinite(pivot:)`` when a diagonal entry
  ///   is not positive. The strict upper triangle is set to zero.
  public init(lower: Matrix) throws {
    guard lower.rows == lower.columns else {
      throw FisherError.notSquare(rows: lower.rows, columns: lower.columns)
    }
    var l = lower
    let n = l.rows
    for i in 0..<n {
      guard l[i, i] > 0, l[i, i].isFinite else { throw FisherError.notPositiveDefinite(pivot: i) }
      for j in (i + 1)..<Swift.max(n, i + 1) { l[i, j] = 0 }
    }
    self.lower = l
  }

  /// A⁻¹ b, by a forward and a backward triangular solve.
  ///
  /// - Throws: ``FisherError/dimensionMismatch(_:)`` unless `b.count` equals ``dimension``.
  ///
  /// - Complexity: 2n² multiply–adds.
  @inlinable
  public func solve(_ b: [Double]) throws -> [Double] {
    try solveUpper(solveLower(b))
  }

  /// L⁻¹ b, by forward substitution.
  ///
  /// - Throws: ``FisherError/dimensionMismatch(_:)`` unless `b.count` equals ``dimension``.
  ///
  /// - Complexity: n² multiply–adds.
  @inlinable
  public func solveLower(_ b: [Double]) throws -> [Double] {
    guard b.count == dimension else {
      throw FisherError.dimensionMismatch("Cholesky.solveLower: vector of length \(b.count) for dimension \(dimension)")
    }
    return _solveLower(b)
  }

  /// ``solveLower(_:)`` for callers inside the library that guarantee the length.
  @inlinable
  func _solveLower(_ b: [Double]) -> [Double] {
    precondition(b.count == dimension, "Cholesky._solveLower: vector length \(b.count) ≠ dimension \(dimension)")
    var x = b
    if x.isEmpty { return x }
    lower.elements.withUnsafeBufferPointer { l in
      x.withUnsafeMutableBufferPointer { xv in
        _solveLowerInPlace(l.baseAddress!, dimension, xv.baseAddress!)
      }
    }
    return x
  }

  /// L⁻ᵀ b, by backward substitution with the transpose of L.
  ///
  /// - Throws: ``FisherError/dimensionMismatch(_:)`` unless `b.count` equals ``dimension``.
  ///
  /// - Complexity: n² multiply–adds.
  @inlinable
  public func solveUpper(_ b: [Double]) throws -> [Double] {
    guard b.count == dimension else {
      throw FisherError.dimensionMismatch("Cholesky.solveUpper: vector of length \(b.count) for dimension \(dimension)")
    }
    return _solveUpper(b)
  }

  /// ``solveUpper(_:)`` for callers inside the library that guarantee the length.
  @inlinable
  func _solveUpper(_ b: [Double]) -> [Double] {
    precondition(b.count == dimension, "Cholesky._solveUpper: vector length \(b.count) ≠ dimension \(dimension)")
    var x = b
    if x.isEmpty { return x }
    lower.elements.withUnsafeBufferPointer { l in
      x.withUnsafeMutableBufferPointer { xv in
        _solveLowerTransposedInPlace(l.baseAddress!, dimension, xv.baseAddress!)
      }
    }
    return x
  }

  /// L x, the product with the lower factor (skipping its zero upper triangle).
  ///
  /// When `x ~ N(0, I)`, `L x ~ N(0, A)`.
  ///
  /// - Complexity: n²/2 multiply–adds.
  @inlinable
  public func multiplyLower(_ x: [Double]) throws -> [Double] {
    guard x.count == dimension else {
      throw FisherError.dimensionMismatch("Cholesky.multiplyLower: vector of length \(x.count) for dimension \(dimension)")
    }
    return _multiplyLower(x)
  }

  /// ``multiplyLower(_:)`` for callers inside the library that guarantee the length.
  @inlinable
  func _multiplyLower(_ x: [Double]) -> [Double] {
    precondition(x.count == dimension, "Cholesky._multiplyLower: vector length \(x.count) ≠ dimension \(dimension)")
    let n = dimension
    var y = [Double](repeating: 0, count: n)
    if n == 0 { return y }
    lower.elements.withUnsafeBufferPointer { l in
      x.withUnsafeBufferPointer { xv in
        for i in 0..<n {
          y[i] = _dot(l.baseAddress! + i * n, xv.baseAddress!, i + 1)
        }
      }
    }
    return y
  }

  /// log det A = 2 Σᵢ log Lᵢᵢ.
  public var logDeterminant: Double {
    var s = 0.0
    for i in 0..<dimension { s += log(lower[i, i]) }
    return 2 * s
  }

  /// A⁻¹ = L⁻ᵀ L⁻¹, symmetric to the last bit.
  ///
  /// - Complexity: about n³ multiply–adds (L⁻¹ in n³/6, the product in n³/3 … n³/2).
  public func inverse() -> Matrix {
    let n = dimension
    if n == 0 { return lower }
    // W = L⁻¹ (lower triangular), by forward substitution on the columns of I,
    // computed row by row: W[i, j] = (δᵢⱼ − Σ_{j ≤ k < i} L[i, k] W[k, j]) / L[i, i].
    var w = Matrix(_rows: n, columns: n)
    lower.elements.withUnsafeBufferPointer { lb in
      w.elements.withUnsafeMutableBufferPointer { wb in
        let l = lb.baseAddress!, wp = wb.baseAddress!
        for i in 0..<n {
          let wi = wp + i * n
          // row i of W accumulates −Σₖ L[i,k] W[k, 0...k] (row axpys).
          for k in 0..<i {
            let lik = l[i * n + k]
            if lik == 0 { continue }
            let wk = wp + k * n
            for j in 0...k { wi[j] -= lik * wk[j] }
          }
          wi[i] += 1
          let inv = 1 / l[i * n + i]
          for j in 0...i { wi[j] *= inv }
        }
      }
    }
    // A⁻¹ = Wᵀ W:  (Wᵀ W)[i, j] = Σ_{k ≥ max(i,j)} W[k, i] W[k, j]; accumulate row
    // by row of W so every access is contiguous.
    var c = Matrix(_rows: n, columns: n)
    w.elements.withUnsafeBufferPointer { wb in
      c.elements.withUnsafeMutableBufferPointer { cb in
        let wp = wb.baseAddress!, cp = cb.baseAddress!
        for k in 0..<n {
          let wk = wp + k * n
          for i in 0...k {
            let wki = wk[i]
            if wki == 0 { continue }
            let ci = cp + i * n
            for j in i...k { ci[j] += wki * wk[j] }
          }
        }
        for i in 0..<n {
          for j in 0..<i { cp[i * n + j] = cp[j * n + i] }
        }
      }
    }
    return c
  }
}

/// Factors the n × n row-major `a` into `l` (lower, zero-initialized).
/// Returns nil on success, the failing pivot row, or −1 for a non-finite entry.
///
/// Blocked left-looking Crout. Rows are processed in panels of `nb`. For each
/// block of `kb` columns of the finished rows above the panel, the panel rows
/// (1) finalize their entries in that block, then (2) subtract the block's
/// contribution Σₖ Lᵢₖ Lⱼₖ from every later entry. Step (2) over the finished
/// rows j is a small matrix product, done by a 2 × 4 register-blocked kernel that
/// loads each operand once for two or four multiply–adds; the block of L it reads
/// stays in cache across the panel.
@usableFromInline
func _choleskyFactor(_ a: UnsafePointer<Double>, _ l: UnsafeMutablePointer<Double>, _ n: Int) -> Int? {
  let nb = 32, kb = 96
  var i0 = 0
  while i0 < n {
    let i1 = Swift.min(n, i0 + nb)
    for i in i0..<i1 {
      let ai = a + i * n, li = l + i * n
      for j in 0...i {
        let v = ai[j]
        if !v.isFinite { return -1 }
        li[j] = v
      }
    }
    var k0 = 0
    while k0 < i0 {
      let k1 = Swift.min(i0, k0 + kb)
      let w = k1 - k0
      // (1) Finalize entries j ∈ [k0, k1): contributions of k < k0 are already in.
      for i in i0..<i1 {
        let li = l + i * n
        for j in k0..<k1 {
          let lj = l + j * n
          li[j] = (li[j] - _dot(li + k0, lj + k0, j - k0)) / lj[j]
        }
      }
      // (2a) Finished rows j ∈ [k1, i0): a rectangular product, register-blocked.
      var i = i0
      while i + 2 <= i1 {
        let la = l + i * n, lb = la + n
        var j = k1
        while j + 4 <= i0 {
          let (r0, r1) = _dotBlock2x4(la + k0, lb + k0, l + j * n + k0, n, w)
          for t in 0..<4 { la[j + t] -= r0[t]; lb[j + t] -= r1[t] }
          j += 4
        }
        while j < i0 {
          let lj = l + j * n + k0
          la[j] -= _dot(la + k0, lj, w)
          lb[j] -= _dot(lb + k0, lj, w)
          j += 1
        }
        i += 2
      }
      if i < i1 {
        let li = l + i * n
        for j in k1..<i0 { li[j] -= _dot(li + k0, l + j * n + k0, w) }
      }
      // (2b) Panel rows j ∈ [i0, i]: their block entries are final after (1).
      for i in i0..<i1 {
        let li = l + i * n
        for j in i0...i { li[j] -= _dot(li + k0, l + j * n + k0, w) }
      }
      k0 = k1
    }
    // Inside the panel only the contributions of k ∈ [i0, j) remain.
    for i in i0..<i1 {
      let li = l + i * n
      for j in i0..<i {
        let lj = l + j * n
        li[j] = (li[j] - _dot(li + i0, lj + i0, j - i0)) / lj[j]
      }
      let d = li[i] - _dot(li + i0, li + i0, i - i0)
      if !(d > 0) || !d.isFinite { return i }
      li[i] = d.squareRoot()
    }
    i0 = i1
  }
  return nil
}

/// x ← L⁻¹ x for the n × n row-major lower-triangular `l`.
@inlinable
func _solveLowerInPlace(_ l: UnsafePointer<Double>, _ n: Int, _ x: UnsafeMutablePointer<Double>) {
  for i in 0..<n {
    let li = l + i * n
    x[i] = (x[i] - _dot(li, UnsafePointer(x), i)) / li[i]
  }
}

/// x ← L⁻ᵀ x for the n × n row-major lower-triangular `l` (column sweep over rows of L).
@inlinable
func _solveLowerTransposedInPlace(_ l: UnsafePointer<Double>, _ n: Int, _ x: UnsafeMutablePointer<Double>) {
  var i = n - 1
  while i >= 0 {
    let li = l + i * n
    let xi = x[i] / li[i]
    x[i] = xi
    if xi != 0 {
      for k in 0..<i { x[k] -= li[k] * xi }
    }
    i -= 1
  }
}
