/// Householder reduction of a symmetric matrix to tridiagonal form, A = Q T Qᵀ.
///
/// Step k (k = 0 … n − 3) builds the reflector Hₖ = I − τₖ vₖ vₖᵀ, with
/// vₖ zero above index k + 1 and vₖ[k + 1] = 1, that maps the part of column k
/// below the subdiagonal to zero, and applies it from both sides to the trailing
/// block B (rows and columns k + 1 …) as the symmetric rank-2 update
///
///     p = τ B v,    w = p − ½ τ (pᵀv) v,    B ← B − v wᵀ − w vᵀ.
///
/// Then T = Hₙ₋₃ ⋯ H₀ A H₀ ⋯ Hₙ₋₃ and Q = H₀ H₁ ⋯ Hₙ₋₃ (LAPACK's dsytd2 with
/// uplo = L, and dorgtr). The whole trailing block is stored and updated, so
/// that every kernel runs over contiguous rows of the row-major storage.
///
/// - Complexity: 8n³/3 flops for T (with both triangles updated) and 4n³/3 for Q.
@usableFromInline
struct _HouseholderTridiagonalization {
  /// The diagonal of T.
  var diagonal: [Double]
  /// The subdiagonal of T: `offDiagonal[i]` = T[i + 1, i]; its last entry is 0.
  var offDiagonal: [Double]
  /// Qᵀ, row-major: row i of `transposedQ` is column i of Q.
  var transposedQ: Matrix

  /// Reduces the symmetric n × n `a` (both triangles must hold the matrix).
  init(symmetric a: Matrix) {
    let n = a.rows
    var work = a.elements
    var d = [Double](repeating: 0, count: n)
    var e = [Double](repeating: 0, count: n)
    var tau = [Double](repeating: 0, count: Swift.max(n, 1))
    var qt = Matrix(rows: n, columns: n)
    var p = [Double](repeating: 0, count: n)

    work.withUnsafeMutableBufferPointer { wb in
      p.withUnsafeMutableBufferPointer { pb in
        tau.withUnsafeMutableBufferPointer { tb in
          let w = wb.baseAddress!, pv = pb.baseAddress!, taus = tb.baseAddress!
          if n > 2 {
            for k in 0..<(n - 2) {
              // x = A[k+1..<n, k], read from row k by symmetry.
              let rowK = w + k * n
              let x = rowK + (k + 1)
              let m = n - k - 1
              let alpha = x[0]
              // Scaled norm of x[1...] to avoid overflow and underflow.
              var scale = 0.0
              for i in 1..<m { scale = Swift.max(scale, Swift.abs(x[i])) }
              d[k] = rowK[k]
              if scale == 0 {
                taus[k] = 0
                e[k] = alpha
                // Keep v = e₁ in storage so that accumulation sees a zero reflector.
                continue
              }
              var ss = 0.0
              let inv = 1 / scale
              for i in 1..<m { let t = x[i] * inv; ss += t * t }
              let xnorm = scale * ss.squareRoot()
              var beta = (alpha * alpha + xnorm * xnorm).squareRoot()
              if !beta.isFinite || beta == 0 {
                let s = Swift.max(Swift.abs(alpha), xnorm)
                let a1 = alpha / s, a2 = xnorm / s
                beta = s * (a1 * a1 + a2 * a2).squareRoot()
              }
              if alpha > 0 { beta = -beta }
              let t = (beta - alpha) / beta
              let scaleV = 1 / (alpha - beta)
              x[0] = 1
              for i in 1..<m { x[i] *= scaleV }
              taus[k] = t
              e[k] = beta

              // Trailing block B = A[k+1..<n, k+1..<n], rows at w + (k+1+i)·n + (k+1).
              let b0 = w + (k + 1) * n + (k + 1)
              // p = τ B v
              for i in 0..<m {
                pv[i] = t * _dot(UnsafePointer(b0 + i * n), UnsafePointer(x), m)
              }
              // w = p − ½ τ (pᵀv) v, stored in p.
              let half = -0.5 * t * _dot(UnsafePointer(pv), UnsafePointer(x), m)
              for i in 0..<m { pv[i] += half * x[i] }
              // B ← B − v wᵀ − w vᵀ
              for i in 0..<m {
                let bi = b0 + i * n
                let vi = x[i], wi = pv[i]
                for j in 0..<m { bi[j] -= vi * pv[j] + wi * x[j] }
              }
            }
          }
          if n >= 2 {
            d[n - 2] = w[(n - 2) * n + (n - 2)]
            e[n - 2] = w[(n - 1) * n + (n - 2)]
          }
          if n >= 1 {
            d[n - 1] = w[(n - 1) * n + (n - 1)]
            e[n - 1] = 0
          }

          // Qᵀ = Hₙ₋₃ ⋯ H₀, accumulated backwards: M ← I, then M ← M Hₖ for
          // k = n − 3 … 0. M Hₖ changes rows and columns k + 1 … only:
          // for each row r, M[r, :] −= τₖ (M[r, :]·v) vᵀ.
          qt.elements.withUnsafeMutableBufferPointer { qb in
            let q = qb.baseAddress!
            for i in 0..<n { q[i * n + i] = 1 }
            if n > 2 {
              var k = n - 3
              while k >= 0 {
                let t = taus[k]
                if t != 0 {
                  let v = UnsafePointer(w + k * n + (k + 1))
                  let m = n - k - 1
                  for r in (k + 1)..<n {
                    let qr = q + r * n + (k + 1)
                    let s = t * _dot(UnsafePointer(qr), v, m)
                    if s != 0 {
                      for j in 0..<m { qr[j] -= s * v[j] }
                    }
                  }
                }
                k -= 1
              }
            }
          }
        }
      }
    }
    self.diagonal = d
    self.offDiagonal = e
    self.transposedQ = qt
  }
}
