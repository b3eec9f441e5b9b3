/// The LU factorization P A = L U of a square matrix, with partial pivoting.
///
/// L is unit lower triangular, U upper triangular, and P a row permutation
/// chosen so that every multiplier satisfies |Lᵢⱼ| ≤ 1 (the largest remaining
/// entry of each column is moved to the pivot). Both factors share one
/// row-major array, L strictly below the diagonal and U on and above it.
///
///     let lu = try LUDecomposition(a)
///     let x = try lu.solve(b)            // A x = b
///
/// - Complexity: 2n³/3 flops to factor, 2n² per solve.
public struct LUDecomposition: Sendable {
  /// L (strictly below the diagonal, unit diagonal implied) and U (on and above).
  public let factors: Matrix
  /// Row i of P A is row `permutation[i]` of A.
  public let permutation: [Int]
  /// +1 or −1, the sign of the permutation (for the determinant).
  public let permutationSign: Double

  /// The order n.
  @inlinable
  public var dimension: Int { factors.rows }

  /// Factors the square matrix `a`.
  ///
  /// - Throws: ``FisherError/notSquare(rows:columns:)``,
  ///   ``FisherError/nonFinite(_:)`` for NaN or infinite entries, or
  ///   ``FisherError/singular(pivot:)`` when a column has no nonzero pivot.
  public init(_ a: Matrix) throws {
    guard a.rows == a.columns else {
      throw FisherError.notSquare(rows: a.rows, columns: a.columns)
    }
    for v in a.elements where !v.isFinite {
      throw FisherError.nonFinite("LU factorization of a matrix with a non-finite entry")
    }
    let n = a.rows
    var lu = a
    var perm = Array(0..<n)
    var sign = 1.0
    var singularColumn: Int? = nil
    if n > 0 {
    lu.elements.withUnsafeMutableBufferPointer { buffer in
      let m = buffer.baseAddress!
      // Right-looking elimination: every update is a contiguous row axpy.
      for k in 0..<n {
        var p = k
        var best = Swift.abs(m[k * n + k])
        for i in (k + 1)..<Swift.max(n, k + 1) {
          let v = Swift.abs(m[i * n + k])
          if v > best { best = v; p = i }
        }
        if best == 0 {
          singularColumn = k
          return
        }
        if p != k {
          for j in 0..<n { swap(&m[k * n + j], &m[p * n + j]) }
          perm.swapAt(k, p)
          sign = -sign
        }
        let pivotRow = m + k * n
        let inv = 1 / pivotRow[k]
        for i in (k + 1)..<Swift.max(n, k + 1) {
          let row = m + i * n
          let factor = row[k] * inv
          row[k] = factor
          if factor == 0 { continue }
          for j in (k + 1)..<n { row[j] -= factor * pivotRow[j] }
        }
      }
    }
    }
    if let k = singularColumn { throw FisherError.singular(pivot: k) }
    self.factors = lu
    self.permutation = perm
    self.permutationSign = sign
  }

  /// The solution x of A x = b.
  ///
  /// - Throws: ``FisherError/dimensionMismatch(_:)`` if `b.count ≠ n`.
  /// - Complexity: 2n² flops.
  public func solve(_ b: [Double]) throws -> [Double] {
    let n = dimension
    guard b.count == n else {
      throw FisherError.dimensionMismatch("right-hand side has \(b.count) entries, matrix is \(n)×\(n)")
    }
    var x = permutation.map { b[$0] }
    if n == 0 { return x }
    factors.elements.withUnsafeBufferPointer { fb in
      x.withUnsafeMutableBufferPointer { xb in
        _luSolveInPlace(fb.baseAddress!, n, xb.baseAddress!)
      }
    }
    return x
  }

  /// A⁻¹, by solving for the columns of the identity.
  ///
  /// - Complexity: about 2n³ flops.
  public func inverse() -> Matrix {
    let n = dimension
    if n == 0 { return factors }
    // Solve for the columns of P·I; row i of P has its one in column perm[i].
    // Work on the transpose so each right-hand side is a contiguous row.
    var inverseTransposed = Matrix(_rows: n, columns: n)
    factors.elements.withUnsafeBufferPointer { fb in
      inverseTransposed.elements.withUnsafeMutableBufferPointer { xb in
        for j in 0..<n {
          let x = xb.baseAddress! + j * n
          // (P eⱼ)ᵢ = 1 where permutation[i] == j.
          for i in 0..<n where permutation[i] == j { x[i] = 1 }
          _luSolveInPlace(fb.baseAddress!, n, x)
        }
      }
    }
    return inverseTransposed.transposed
  }

  /// det A = sign(P) Πᵢ Uᵢᵢ.
  public var determinant: Double {
    var d = permutationSign
    for i in 0..<dimension { d *= factors[i, i] }
    return d
  }
}

/// x ← U⁻¹ L⁻¹ x for the packed row-major LU factors.
@usableFromInline
func _luSolveInPlace(_ f: UnsafePointer<Double>, _ n: Int, _ x: UnsafeMutablePointer<Double>) {
  for i in 0..<n {
    x[i] -= _dot(f + i * n, UnsafePointer(x), i)
  }
  var i = n - 1
  while i >= 0 {
    let row = f + i * n
    x[i] = (x[i] - _dot(row + (i + 1), UnsafePointer(x + (i + 1)), n - i - 1)) / row[i]
    i -= 1
  }
}

extension Matrix {
  /// A⁻¹ for a general square matrix, by LU factorization with partial pivoting.
  ///
  /// - Throws: ``FisherError/notSquare(rows:columns:)``,
  ///   ``FisherError/nonFinite(_:)``, or ``FisherError/singular(pivot:)``.
  /// - Complexity: about 8n³/3 flops.
  public func inverse() throws -> Matrix {
    try LUDecomposition(self).inverse()
  }

  /// The solution x of A x = b, by LU factorization with partial pivoting.
  ///
  /// - Throws: ``FisherError/notSquare(rows:columns:)``,
  ///   ``FisherError/dimensionMismatch(_:)``, ``FisherError/nonFinite(_:)``,
  ///   or ``FisherError/singular(pivot:)``.
  /// - Complexity: 2n³/3 flops.
  public func solve(_ b: [Double]) throws -> [Double] {
    guard b.count == rows else {
      throw FisherError.dimensionMismatch("right-hand side has \(b.count) entries, matrix has \(rows) rows")
    }
    return try LUDecomposition(self).solve(b)
  }
}
