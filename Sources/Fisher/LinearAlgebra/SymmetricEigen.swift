/// The eigendecomposition A = Q diag(λ) Qᵀ of a real symmetric matrix.
///
/// The eigenvalues are real and returned in ascending order; the eigenvectors
/// are the columns of the orthogonal matrix Q:
///
///     let eig = try SymmetricEigen(covariance)
///     let λmin = eig.values.first!, λmax = eig.values.last!
///     let q0 = eig.vectors.column(0)     // A q0 = λmin q0
///
/// The matrix is first reduced to tridiagonal form T = QₕᵀAQₕ by Householder
/// reflections (`_HouseholderTridiagonalization`), then T = S Λ Sᵀ by the
/// implicit QL method with shifts (`_tridiagonalQL`), so Q = Qₕ S.
/// Both stages are backward stable: the computed Q, Λ satisfy
/// ‖A − QΛQᵀ‖ ≈ ε n ‖A‖ and ‖QᵀQ − I‖ ≈ ε n.
///
/// Only the symmetric part (A + Aᵀ)/2 of the input is decomposed.
///
/// - Complexity: about 9n³ flops, most of it accumulating the rotations into Q.
public struct SymmetricEigen: Sendable {
  /// The eigenvalues λ₀ ≤ λ₁ ≤ … ≤ λₙ₋₁.
  public let values: [Double]
  /// The orthonormal eigenvectors, column j belonging to `values[j]`.
  public let vectors: Matrix

  /// Decomposes the symmetric matrix `a`.
  ///
  /// - Throws: ``FisherError/notSquare(rows:columns:)``,
  ///   ``FisherError/nonFinite(_:)`` for NaN or infinite entries, or
  ///   ``FisherError/noConvergence(_:)`` if the QL iteration fails
  ///   (not observed for finite input).
  public init(_ a: Matrix) throws {
    guard a.rows == a.columns else {
      throw FisherError.notSquare(rows: a.rows, columns: a.columns)
    }
    for v in a.elements where !v.isFinite {
      throw FisherError.nonFinite("eigendecomposition of a matrix with a non-finite entry")
    }
    let n = a.rows
    if n == 0 {
      self.values = []
      self.vectors = a
      return
    }
    // Entries far from 1 are scaled by an exact power of two first (as LAPACK's
    // dsyev does), so that sums of squares in the reduction cannot overflow or underflow.
    var sym = a
    let largest = a.maxAbs
    var scale = 1.0
    if largest > 0x1.0p200 || (largest > 0 && largest < 0x1.0p-200) {
      scale = Double(sign: .plus, exponent: Swift.max(-1000, Swift.min(1000, -largest.exponent)), significand: 1)
      for i in sym.elements.indices { sym.elements[i] *= scale }
    }
    sym._symmetrize()
    var tri = _HouseholderTridiagonalization(symmetric: sym)
    let converged = tri.diagonal.withUnsafeMutableBufferPointer { d in
      tri.offDiagonal.withUnsafeMutableBufferPointer { e in
        tri.transposedQ.elements.withUnsafeMutableBufferPointer { z in
          _tridiagonalQL(d.baseAddress!, e.baseAddress!, n, z.baseAddress!)
        }
      }
    }
    guard converged else {
      throw FisherError.noConvergence("implicit QL iteration for a \(n)×\(n) symmetric matrix")
    }
    // Eigenvalues of a matrix with entries near the largest Double can overflow.
    guard tri.diagonal.allSatisfy({ ($0 / scale).isFinite }) else {
      throw FisherError.nonFinite("an eigenvalue exceeds the largest Double")
    }
    // Sort ascending (stable on ties) and lay the eigenvectors out as columns.
    let d = tri.diagonal
    let order = d.indices.sorted { d[$0] < d[$1] || (d[$0] == d[$1] && $0 < $1) }
    var q = Matrix(_rows: n, columns: n)
    tri.transposedQ.elements.withUnsafeBufferPointer { zb in
      q.elements.withUnsafeMutableBufferPointer { qb in
        for (j, src) in order.enumerated() {
          let row = zb.baseAddress! + src * n
          for i in 0..<n { qb[i * n + j] = row[i] }
        }
      }
    }
    self.values = order.map { d[$0] / scale }
    self.vectors = q
  }

  /// Q f(Λ) Qᵀ, the matrix function of the decomposed matrix.
  ///
  /// - Complexity: n³ multiply–adds (the symmetric half of the product).
  public func reconstruct(applying f: (Double) -> Double) -> Matrix {
    Self.reconstruct(vectors: vectors, scales: values.map(f))
  }

  /// Q diag(s) Qᵀ for row-major Q, computing the upper triangle by contiguous
  /// inner products of (Q diag(s))ᵢ with Qⱼ, then mirroring.
  static func reconstruct(vectors q: Matrix, scales s: [Double]) -> Matrix {
    let n = q.rows
    if n == 0 { return q }
    var scaled = q
    var c = Matrix(_rows: n, columns: n)
    scaled.elements.withUnsafeMutableBufferPointer { wb in
      q.elements.withUnsafeBufferPointer { qb in
        c.elements.withUnsafeMutableBufferPointer { cb in
          let w = wb.baseAddress!, qp = qb.baseAddress!, cp = cb.baseAddress!
          for i in 0..<n {
            for k in 0..<n { w[i * n + k] *= s[k] }
          }
          for i in 0..<n {
            let wi = UnsafePointer(w + i * n)
            for j in i..<n {
              cp[i * n + j] = _dot(wi, qp + j * n, n)
            }
          }
          for i in 0..<n {
            for j in 0..<i { cp[i * n + j] = cp[j * n + i] }
          }
        }
      }
    }
    return c
  }
}
