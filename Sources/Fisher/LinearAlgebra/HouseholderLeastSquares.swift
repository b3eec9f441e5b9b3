/// Linear least squares min ‖A x − b‖ by Householder QR, for a tall matrix
/// of full column rank.
///
/// A = Q R with Q orthogonal and R upper triangular; then x solves
/// R x = (Qᵀ b)[0..<n]. Backward stable: the solution is as accurate as the
/// condition number of A allows (no squaring, as the normal equations would).
/// O(2 m n²) flops for an m × n matrix, far less than an SVD.
public enum HouseholderLeastSquares {
  /// The least-squares solution, or nil when A is numerically rank-deficient
  /// (a diagonal entry of R at or below `relativeRankTolerance` times the
  /// largest) or has fewer rows than columns; use a pseudo-inverse then.
  ///
  /// - Parameters:
  ///   - columns: A stored column by column (`columns[j * rows + i]` = Aᵢⱼ).
  ///   - rows: m, with m ≥ n = `columns.count / rows`.
  ///   - rhs: b, m entries.
  public static func solve(
    columns: [Double], rows m: Int, rhs: [Double], relativeRankTolerance: Double = 1e-12
  ) -> [Double]? {
    guard m > 0, columns.count % m == 0, rhs.count == m else { return nil }
    let n = columns.count / m
    guard n > 0, m >= n else { return nil }
    var a = columns
    var b = rhs
    var diagonal = [Double](repeating: 0, count: n)
    let ok: Bool = a.withUnsafeMutableBufferPointer { ab in
      b.withUnsafeMutableBufferPointer { bb in
        let a = ab.baseAddress!, b = bb.baseAddress!
        for i in 0..<n {
          let v = a + i * m + i  // the Householder vector overwrites column i from row i down
          let length = m - i
          let norm2 = _dot(v, v, length)
          let norm = norm2.squareRoot()
          guard norm > 0, norm.isFinite else { return false }
          let alpha = v[0] > 0 ? -norm : norm
          // v = x − α e₁; ‖v‖² = 2 (‖x‖² − α x₀).
          let vnorm2 = 2 * (norm2 - alpha * v[0])
          v[0] -= alpha
          let factor = 2 / vnorm2
          for j in (i + 1)..<n {
            let c = a + j * m + i
            let s = factor * _dot(v, c, length)
            for r in 0..<length { c[r] -= s * v[r] }
          }
          let s = factor * _dot(v, b + i, length)
          for r in 0..<length { b[i + r] -= s * v[r] }
          diagonal[i] = alpha
        }
        return true
      }
    }
    guard ok else { return nil }
    let largest = diagonal.reduce(0) { Swift.max($0, abs($1)) }
    guard diagonal.allSatisfy({ abs($0) > relativeRankTolerance * largest }) else { return nil }
    // Back substitution with R: diagonal[i] on the diagonal, a[j * m + i] (j > i) above it.
    var x = [Double](repeating: 0, count: n)
    for i in stride(from: n - 1, through: 0, by: -1) {
      var s = b[i]
      for j in (i + 1)..<n { s -= a[j * m + i] * x[j] }
      x[i] = s / diagonal[i]
    }
    return x.allSatisfy(\.isFinite) ? x : nil
  }
}
