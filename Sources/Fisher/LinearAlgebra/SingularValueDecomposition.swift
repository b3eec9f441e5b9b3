/// The thin singular value decomposition A = U Σ Vᵀ of an m × n matrix, by
/// one-sided Jacobi rotations (Hestenes), which computes small singular values
/// to high relative accuracy.
///
/// With k = min(m, n): `u` is m × k and `v` is n × k, both with
/// orthonormal columns, and `singularValues` holds the k values σ ≥ 0 in the
/// order of those columns (not sorted).
public struct SingularValueDecomposition: Sendable {
  /// Left singular vectors, one per column (m × k).
  public let u: Matrix
  /// The singular values, matching the columns of `u` and `v`.
  public let singularValues: [Double]
  /// Right singular vectors, one per column (n × k).
  public let v: Matrix

  /// Decomposes `a`.
  ///
  /// - Throws: ``FisherError/nonFinite(_:)`` when `a` has a NaN or infinite
  ///   entry.
  public init(_ a: Matrix) throws {
    guard a.elements.allSatisfy(\.isFinite) else {
      throw FisherError.nonFinite("a matrix to decompose has a NaN or infinite entry")
    }
    let transposed = a.rows < a.columns
    let m = transposed ? a.columns : a.rows
    let n = transposed ? a.rows : a.columns
    // Columns of the (possibly transposed) matrix, each contiguous.
    var columns = [[Double]](repeating: [Double](repeating: 0, count: m), count: n)
    for i in 0..<a.rows {
      for j in 0..<a.columns {
        if transposed { columns[i][j] = a[i, j] } else { columns[j][i] = a[i, j] }
      }
    }
    var rotations = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
    for j in 0..<n { rotations[j][j] = 1 }
    let tolerance = Double.ulpOfOne * Double(m)
    for _ in 0..<80 {
      var rotated = false
      for p in 0..<Swift.max(0, n - 1) {
        for q in (p + 1)..<n {
          var alpha = 0.0
          var beta = 0.0
          var gamma = 0.0
          for i in 0..<m {
            let x = columns[p][i]
            let y = columns[q][i]
            alpha += x * x
            beta += y * y
            gamma += x * y
          }
          if gamma == 0 || abs(gamma) <= tolerance * (alpha * beta).squareRoot() { continue }
          rotated = true
          let zeta = (beta - alpha) / (2 * gamma)
          let t = (zeta >= 0 ? 1.0 : -1.0) / (abs(zeta) + (1 + zeta * zeta).squareRoot())
          let c = 1 / (1 + t * t).squareRoot()
          let s = c * t
          for i in 0..<m {
            let x = columns[p][i]
            let y = columns[q][i]
            columns[p][i] = c * x - s * y
            columns[q][i] = s * x + c * y
          }
          for i in 0..<n {
            let x = rotations[p][i]
            let y = rotations[q][i]
            rotations[p][i] = c * x - s * y
            rotations[q][i] = s * x + c * y
          }
        }
      }
      if !rotated { break }
    }
    var sigma = [Double](repeating: 0, count: n)
    var left = Matrix(_rows: m, columns: n)
    var right = Matrix(_rows: n, columns: n)
    for j in 0..<n {
      let norm = columns[j].reduce(0) { $0 + $1 * $1 }.squareRoot()
      sigma[j] = norm
      for i in 0..<m { left[i, j] = norm > 0 ? columns[j][i] / norm : 0 }
      for i in 0..<n { right[i, j] = rotations[j][i] }
    }
    singularValues = sigma
    u = transposed ? right : left
    v = transposed ? left : right
  }

  /// The minimum-norm least-squares solution x of A x ≈ b, that is A⁺ b, with
  /// singular values at or below `relativeCutoff` · σ_max treated as zero
  /// (NumPy's `pinv` default, 10⁻¹⁵).
  ///
  /// - Throws: ``FisherError/dimensionMismatch(_:)`` unless `b` has one entry per row of A.
  public func pseudoInverseSolve(_ b: [Double], relativeCutoff: Double = 1e-15) throws -> [Double] {
    guard b.count == u.rows else {
      throw FisherError.dimensionMismatch("a right-hand side of \(b.count) entries for \(u.rows) rows")
    }
    let cutoff = relativeCutoff * (singularValues.max() ?? 0)
    var x = [Double](repeating: 0, count: v.rows)
    for (j, s) in singularValues.enumerated() where s > cutoff {
      var projection = 0.0
      for i in 0..<u.rows { projection += u[i, j] * b[i] }
      let scale = projection / s
      for i in 0..<v.rows { x[i] += scale * v[i, j] }
    }
    return x
  }
}
