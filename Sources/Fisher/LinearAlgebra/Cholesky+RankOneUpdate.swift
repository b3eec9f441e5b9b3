#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

extension Cholesky {
  /// The Cholesky factor of A + β v vᵀ, computed from this factor of A in O(n²).
  ///
  /// For β > 0 (an update) the result always exists. For β < 0 (a downdate)
  /// A + β v vᵀ is positive definite iff −β vᵀ A⁻¹ v < 1; when that fails
  /// numerically the result is `nil` and nothing is lost.
  ///
  ///     let chol = try Cholesky(c)
  ///     let up = try chol.rankOneUpdated(v, scale: 0.3)!    // == try Cholesky(c + 0.3 v vᵀ)
  ///
  /// The factor is rotated column by column (the classical method; see Gill,
  /// Golub, Murray & Saunders, Math. Comp. 28, 1974): with x = √|β| v
  /// and s = ±1 the sign of β, for k = 0…n−1,
  ///
  ///     r = √(L_kk² + s x_k²),   c = r/L_kk,   t = x_k/L_kk,   L_kk ← r,
  ///     L_ik ← (L_ik + s t x_i)/c,   x_i ← c x_i − t L_ik      (i > k, new L_ik),
  ///
  /// evaluated as x_i ← (x_i − t L_ik)/c with the old L_ik (equal, as c² = 1 + s t²).
  ///
  /// - Throws: ``FisherError/dimensionMismatch(_:)`` unless `v.count`
  ///   equals ``dimension``; ``FisherError/nonFinite(_:)`` for a NaN or
  ///   infinite entry of `v` or β.
  /// - Complexity: 2n² multiply–adds (plus two O(n²) transpositions).
  public func rankOneUpdated(_ v: [Double], scale beta: Double) throws -> Cholesky? {
    let n = dimension
    guard v.count == n else {
      throw FisherError.dimensionMismatch("Cholesky.rankOneUpdated: vector of length \(v.count) for dimension \(n)")
    }
    guard beta.isFinite, v.allSatisfy(\.isFinite) else {
      throw FisherError.nonFinite("Cholesky.rankOneUpdated: non-finite vector or scale")
    }
    if n == 0 || beta == 0 { return self }
    var r = lower.transposed
    let root = abs(beta).squareRoot()
    var x = v.map { $0 * root }
    let failed = r.elements.withUnsafeMutableBufferPointer { rb in
      x.withUnsafeMutableBufferPointer { xb in
        _choleskyRankOneUpdates(rb.baseAddress!, n, xb.baseAddress!, count: 1, firstDowndate: beta > 0 ? 1 : 0)
      }
    }
    if failed >= 0 { return nil }
    return try Cholesky(lower: r.transposed)
  }
}

/// Applies rank-one updates and then downdates to a Cholesky factor kept as its
/// transpose: C = L Lᵀ with `r` = Lᵀ, n × n row-major (row k holds column k of
/// L in entries k…n−1; entries left of the diagonal are not read).
///
/// First L ← `scale` · L (C ← scale² C). The rows xⱼ of `x` (`count` × n,
/// row-major, overwritten) are the vectors, already multiplied by √|βⱼ|: rows
/// before `firstDowndate` are added (C + xⱼxⱼᵀ), the rest subtracted
/// (C − xⱼxⱼᵀ), in row order. The work is done column by column of L, all
/// vectors at a time, so each column (a contiguous row of `r`) stays in cache
/// while the vectors stream past; every element receives the same operations
/// in the same order as when the vectors are applied one after the other, so
/// the result is bit-identical to that. With `rowSquares`, diag(L Lᵀ) of the
/// result (the squared row norms of L) is written there in the same sweep.
/// With `backup` (n × n, row-major), each row of `r` is saved there just before
/// it is changed, and a failure restores `r` to its state on entry.
///
/// With c = r/L_kk and t = x_k/L_kk, the rotation of column k is applied as
///
///     L_ik ← (L_ik ± t x_i)/c,    x_i ← (x_i − t L_ik)/c      (old L_ik, x_i),
///
/// the recurrence of ``Cholesky/rankOneUpdated(_:scale:)`` with the new L_ik
/// substituted and c² = 1 ± t², so that the two halves do not depend on each other.
///
/// - Returns: −1 on success, else the index of the first vector whose update
///   produced a non-positive or non-finite pivot (for a downdate: the matrix
///   would lose positive definiteness). `x` is then partly updated, and so is
///   `r` unless `backup` was given.
/// - Complexity: count · n²/2 elements, each with four multiplies and two adds.
@inlinable
func _choleskyRankOneUpdates(
  _ r: UnsafeMutablePointer<Double>, _ n: Int, _ x: UnsafeMutablePointer<Double>, count: Int, firstDowndate: Int,
  scale: Double = 1, rowSquares: UnsafeMutablePointer<Double>? = nil, backup: UnsafeMutablePointer<Double>? = nil
) -> Int {
  if let d = rowSquares { for i in 0..<n { d[i] = 0 } }
  // Per vector: 1/c, ±t/c, t/c for the current column.
  var coefficients = [Double](repeating: 0, count: 3 * Swift.max(count, 1))
  var active = [Int](repeating: 0, count: Swift.max(count, 1))
  return coefficients.withUnsafeMutableBufferPointer { cb in
    active.withUnsafeMutableBufferPointer { ab in
      let q = cb.baseAddress!, act = ab.baseAddress!
      for k in 0..<n {
        let rk = r + k * n
        if let b = backup { (b + k * n + k).update(from: rk + k, count: n - k) }
        if scale != 1 { for i in k..<n { rk[i] *= scale } }
        var diagonal = rk[k]
        var m = 0
        for j in 0..<count {
          let xk = x[j * n + k]
          if xk == 0 { continue }
          let up = j < firstDowndate
          let d2 = up ? diagonal * diagonal + xk * xk : (diagonal - xk) * (diagonal + xk)
          guard d2 > 0, d2.isFinite else {
            if let b = backup {
              for row in 0...k { (r + row * n + row).update(from: b + row * n + row, count: n - row) }
            }
            return j
          }
          let rr = d2.squareRoot()
          let c = rr / diagonal, t = xk / diagonal
          let ic = 1 / c
          q[3 * m] = ic
          q[3 * m + 1] = up ? t * ic : -t * ic
          q[3 * m + 2] = t * ic
          act[m] = j
          m += 1
          diagonal = rr
        }
        rk[k] = diagonal
        if k + 1 < n, m > 0 {
          var g = 0
          // Four vectors per sweep keep Lᵢₖ in a register between them.
          while g + 4 <= m {
            let x0 = x + act[g] * n, x1 = x + act[g + 1] * n, x2 = x + act[g + 2] * n, x3 = x + act[g + 3] * n
            let p = q + 3 * g
            let i0 = p[0], s0 = p[1], t0 = p[2]
            let i1 = p[3], s1 = p[4], t1 = p[5]
            let i2 = p[6], s2 = p[7], t2 = p[8]
            let i3 = p[9], s3 = p[10], t3 = p[11]
            for i in (k + 1)..<n {
              var l = rk[i]
              var v = x0[i]
              x0[i] = i0 * v - t0 * l
              l = i0 * l + s0 * v
              v = x1[i]
              x1[i] = i1 * v - t1 * l
              l = i1 * l + s1 * v
              v = x2[i]
              x2[i] = i2 * v - t2 * l
              l = i2 * l + s2 * v
              v = x3[i]
              x3[i] = i3 * v - t3 * l
              l = i3 * l + s3 * v
              rk[i] = l
            }
            g += 4
          }
          while g < m {
            let xj = x + act[g] * n
            let p = q + 3 * g
            let ic = p[0], s = p[1], t = p[2]
            for i in (k + 1)..<n {
              let l = rk[i], v = xj[i]
              xj[i] = ic * v - t * l
              rk[i] = ic * l + s * v
            }
            g += 1
          }
        }
        if let d = rowSquares { for i in k..<n { d[i] += rk[i] * rk[i] } }
      }
      return -1
    }
  }
}
