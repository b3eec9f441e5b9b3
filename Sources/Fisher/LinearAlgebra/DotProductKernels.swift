/// Inner-product kernels shared by the factorizations.
///
/// Each keeps several independent partial sums so that the multiply–adds
/// pipeline and vectorize; the summation order is fixed, so results are
/// deterministic for a given build.

/// Σₖ x[k] y[k] over `count` contiguous entries, with four partial sums.
@inlinable @inline(__always)
func _dot(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, _ count: Int) -> Double {
  var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
  var k = 0
  while k + 4 <= count {
    s0 += x[k] * y[k]
    s1 += x[k + 1] * y[k + 1]
    s2 += x[k + 2] * y[k + 2]
    s3 += x[k + 3] * y[k + 3]
    k += 4
  }
  while k < count { s0 += x[k] * y[k]; k += 1 }
  return (s0 + s1) + (s2 + s3)
}

@inlinable @inline(__always)
func _dot(_ x: UnsafeMutablePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ count: Int) -> Double {
  _dot(UnsafePointer(x), UnsafePointer(y), count)
}

@inlinable @inline(__always)
func _dot(_ x: UnsafeMutablePointer<Double>, _ y: UnsafePointer<Double>, _ count: Int) -> Double {
  _dot(UnsafePointer(x), y, count)
}

/// The eight inner products aᵣ · bₜ (r < 2, t < 4) over `count` entries, where
/// bₜ starts at `b + t · bStride`.
///
/// Each loaded pair of a- and b-entries feeds two or four multiply–adds, half
/// the memory traffic of eight separate dot products; this is the inner kernel
/// of the blocked Cholesky update.
@inlinable @inline(__always)
func _dotBlock2x4(
  _ a0: UnsafeMutablePointer<Double>, _ a1: UnsafeMutablePointer<Double>,
  _ b: UnsafeMutablePointer<Double>, _ bStride: Int, _ count: Int
) -> (SIMD4<Double>, SIMD4<Double>) {
  typealias V = SIMD2<Double>
  let x0 = UnsafeRawPointer(a0), x1 = UnsafeRawPointer(a1)
  let y0 = UnsafeRawPointer(b), y1 = UnsafeRawPointer(b + bStride)
  let y2 = UnsafeRawPointer(b + 2 * bStride), y3 = UnsafeRawPointer(b + 3 * bStride)
  var s00 = V(), s01 = V(), s02 = V(), s03 = V()
  var s10 = V(), s11 = V(), s12 = V(), s13 = V()
  var k = 0
  while k + 2 <= count {
    let o = k &* 8
    let u0 = x0.loadUnaligned(fromByteOffset: o, as: V.self)
    let u1 = x1.loadUnaligned(fromByteOffset: o, as: V.self)
    let v0 = y0.loadUnaligned(fromByteOffset: o, as: V.self)
    let v1 = y1.loadUnaligned(fromByteOffset: o, as: V.self)
    let v2 = y2.loadUnaligned(fromByteOffset: o, as: V.self)
    let v3 = y3.loadUnaligned(fromByteOffset: o, as: V.self)
    s00 += u0 * v0; s01 += u0 * v1; s02 += u0 * v2; s03 += u0 * v3
    s10 += u1 * v0; s11 += u1 * v1; s12 += u1 * v2; s13 += u1 * v3
    k += 2
  }
  var r0 = SIMD4(s00.sum(), s01.sum(), s02.sum(), s03.sum())
  var r1 = SIMD4(s10.sum(), s11.sum(), s12.sum(), s13.sum())
  if k < count {
    let p0 = a0[k], p1 = a1[k]
    for t in 0..<4 {
      let q = b[t * bStride + k]
      r0[t] += p0 * q
      r1[t] += p1 * q
    }
  }
  return (r0, r1)
}
