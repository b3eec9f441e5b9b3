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
/// uplo = L, and dorgtr). Only the lower triangle of B is kept current, and the
/// rank-2 update of step k is fused with the product B vₖ₊₁ of step k + 1: once
/// column k + 1 is updated (which gives vₖ₊₁), one pass over the rows i of the
/// lower triangle finishes the update of row i and adds its share of B vₖ₊₁,
/// so each entry is loaded and stored once per step and every kernel runs over
/// contiguous row segments of the row-major storage.
///
/// - Complexity: 4n³/3 flops for T (the update and the product, on one
///   triangle) and 4n³/3 for Q.
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
    var qt = Matrix(_rows: n, columns: n)
    // Reflector vₖ and the pending update vectors of the previous step, all
    // indexed like the rows of A (entries outside the trailing block are 0).
    var vBuffer = [Double](repeating: 0, count: n)
    var pBuffer = [Double](repeating: 0, count: n)
    var vPrevBuffer = [Double](repeating: 0, count: n)
    var wPrevBuffer = [Double](repeating: 0, count: n)

    work.withUnsafeMutableBufferPointer { wb in
      tau.withUnsafeMutableBufferPointer { tb in
        vBuffer.withUnsafeMutableBufferPointer { vb in
        pBuffer.withUnsafeMutableBufferPointer { pb in
        vPrevBuffer.withUnsafeMutableBufferPointer { vpb in
        wPrevBuffer.withUnsafeMutableBufferPointer { wpb in
          let w = wb.baseAddress!, taus = tb.baseAddress!
          var v = vb.baseAddress!, pv = pb.baseAddress!
          var vPrev = vpb.baseAddress!, wPrev = wpb.baseAddress!
          if n > 2 {
            for k in 0..<(n - 2) {
              // Bring column k (rows k …) up to date with the previous step's
              // update B ← B − v′w′ᵀ − w′v′ᵀ; the rest of the block follows in
              // the fused pass below.
              for i in k..<n {
                w[i * n + k] -= vPrev[i] * wPrev[k] + wPrev[i] * vPrev[k]
              }
              let m = n - k - 1
              let x = v + (k + 1)
              for i in 0..<m { x[i] = w[(k + 1 + i) * n + k] }
              let alpha = x[0]
              d[k] = w[k * n + k]
              // Scaled norm of x[1...] to avoid overflow and underflow.
              var scale = 0.0
              for i in 1..<m { scale = Swift.max(scale, Swift.abs(x[i])) }
              var t = 0.0
              if scale == 0 {
                e[k] = alpha
                for i in 0..<m { x[i] = 0 }
              } else {
                var ss = 0.0
                let inv = 1 / scale
                for i in 1..<m { let q = x[i] * inv; ss += q * q }
                let xnorm = scale * ss.squareRoot()
                var beta = (alpha * alpha + xnorm * xnorm).squareRoot()
                if !beta.isFinite || beta == 0 {
                  let s = Swift.max(Swift.abs(alpha), xnorm)
                  let a1 = alpha / s, a2 = xnorm / s
                  beta = s * (a1 * a1 + a2 * a2).squareRoot()
                }
                if alpha > 0 { beta = -beta }
                t = (beta - alpha) / beta
                let scaleV = 1 / (alpha - beta)
                x[0] = 1
                for i in 1..<m { x[i] *= scaleV }
                e[k] = beta
              }
              taus[k] = t
              // Keep vₖ in the (no longer used) upper part of row k for forming Q.
              for i in 0..<m { w[k * n + k + 1 + i] = x[i] }

              // One pass over the lower triangle of the trailing block: finish
              // the previous update of row i, then add row i's share of the
              // symmetric product B v (row i holds B[i, j] for j ≤ i).
              for i in 0..<m { pv[k + 1 + i] = 0 }
              for i in (k + 1)..<n {
                let count = i - k - 1
                let s = _fusedRank2UpdateAndSymmetricProduct(
                  row: w + i * n + (k + 1), count: count,
                  vPrev: vPrev + (k + 1), wPrev: wPrev + (k + 1),
                  vPrevI: vPrev[i], wPrevI: wPrev[i],
                  v: v + (k + 1), vI: v[i], p: pv + (k + 1))
                let dii = w[i * n + i] - 2 * vPrev[i] * wPrev[i]
                w[i * n + i] = dii
                pv[i] += s + dii * v[i]
              }
              // w = p − ½ τ (pᵀv) v with p = τ B v; it becomes the pending update.
              for i in 0..<m { pv[k + 1 + i] *= t }
              let half = -0.5 * t * _dot(UnsafePointer(pv + (k + 1)), UnsafePointer(x), m)
              for i in 0..<m { pv[k + 1 + i] += half * x[i] }
              vPrev[k] = 0
              wPrev[k] = 0
              swap(&vPrev, &v)
              swap(&wPrev, &pv)
            }
          }
          // The last 2 × 2 block still owes the final update.
          if n >= 2 {
            for i in (n - 2)..<n {
              for j in (n - 2)...i {
                w[i * n + j] -= vPrev[i] * wPrev[j] + wPrev[i] * vPrev[j]
              }
            }
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
        }
      }
    }
    self.diagonal = d
    self.offDiagonal = e
    self.transposedQ = qt
  }
}

/// For j < `count`: row[j] ← row[j] − (v′ᵢ w′ⱼ + w′ᵢ v′ⱼ), then p[j] += row[j] vᵢ;
/// returns Σⱼ row[j] v[j] (with the updated row).
///
/// This is one row of the fused symmetric rank-2 update B ← B − v′w′ᵀ − w′v′ᵀ and
/// the lower-triangle symmetric product p = B v: each entry of B is loaded and
/// stored once per reduction step.
@inlinable @inline(__always)
func _fusedRank2UpdateAndSymmetricProduct(
  row: UnsafeMutablePointer<Double>, count: Int,
  vPrev: UnsafeMutablePointer<Double>, wPrev: UnsafeMutablePointer<Double>,
  vPrevI: Double, wPrevI: Double,
  v: UnsafeMutablePointer<Double>, vI: Double, p: UnsafeMutablePointer<Double>
) -> Double {
  typealias V = SIMD2<Double>
  let rr = UnsafeMutableRawPointer(row), pr = UnsafeMutableRawPointer(p)
  let vpr = UnsafeRawPointer(vPrev), wpr = UnsafeRawPointer(wPrev), vr = UnsafeRawPointer(v)
  let a = V(repeating: vPrevI), b = V(repeating: wPrevI), c = V(repeating: vI)
  var s0 = V(), s1 = V()
  var k = 0
  while k + 4 <= count {
    let o = k &* 8, o2 = o &+ 16
    var r0 = rr.loadUnaligned(fromByteOffset: o, as: V.self)
    var r1 = rr.loadUnaligned(fromByteOffset: o2, as: V.self)
    r0 -= a * wpr.loadUnaligned(fromByteOffset: o, as: V.self) + b * vpr.loadUnaligned(fromByteOffset: o, as: V.self)
    r1 -= a * wpr.loadUnaligned(fromByteOffset: o2, as: V.self) + b * vpr.loadUnaligned(fromByteOffset: o2, as: V.self)
    rr.storeBytes(of: r0, toByteOffset: o, as: V.self)
    rr.storeBytes(of: r1, toByteOffset: o2, as: V.self)
    s0 += r0 * vr.loadUnaligned(fromByteOffset: o, as: V.self)
    s1 += r1 * vr.loadUnaligned(fromByteOffset: o2, as: V.self)
    pr.storeBytes(of: pr.loadUnaligned(fromByteOffset: o, as: V.self) + r0 * c, toByteOffset: o, as: V.self)
    pr.storeBytes(of: pr.loadUnaligned(fromByteOffset: o2, as: V.self) + r1 * c, toByteOffset: o2, as: V.self)
    k += 4
  }
  var s = (s0 + s1).sum()
  while k < count {
    let r = row[k] - (vPrevI * wPrev[k] + wPrevI * vPrev[k])
    row[k] = r
    s += r * v[k]
    p[k] += r * vI
    k += 1
  }
  return s
}
