#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// Eigenvalues and eigenvectors of a symmetric tridiagonal matrix by the
/// implicit QL method with Wilkinson-type shifts (EISPACK's tql2).
///
/// For each unreduced block `l … m` (found where |eᵢ| ≤ ε · max |dⱼ| + |eⱼ|), a
/// shift from the leading 2 × 2 block is subtracted and one implicit QL sweep
/// of Givens rotations Gₘ₋₁ … Gₗ chases the bulge upward. Every rotation is
/// also applied to the accumulated eigenvector matrix Z ← Z G. Fisher keeps Zᵀ
/// in row-major storage, so each rotation combines two contiguous rows
///
///     zᵢ₊₁ ← s zᵢ + c zᵢ₊₁,    zᵢ ← c zᵢ − s zᵢ₊₁,
///
/// a loop the compiler vectorizes; that is where almost all the time goes.
///
/// - Parameters:
///   - d: the diagonal, overwritten by the eigenvalues (unsorted).
///   - e: the subdiagonal, `e[i]` couples i and i + 1, `e[n − 1] = 0`; destroyed.
///   - zt: n × n row-major Zᵀ on entry (Qᵀ of the tridiagonalization, or I);
///     on exit row i is the eigenvector of `d[i]`.
/// - Returns: false if a block did not converge in 30 n sweeps.
/// - Complexity: about 3n³ flops for the rotations (≈ 1.7 sweeps per eigenvalue).
@usableFromInline
func _tridiagonalQL(
  _ d: UnsafeMutablePointer<Double>, _ e: UnsafeMutablePointer<Double>, _ n: Int,
  _ zt: UnsafeMutablePointer<Double>
) -> Bool {
  if n <= 1 { return true }
  let eps = Double.ulpOfOne
  var f = 0.0
  var tst1 = 0.0
  let maxIterations = 30 * n
  var iterations = 0
  e[n - 1] = 0
  for l in 0..<n {
    tst1 = Swift.max(tst1, Swift.abs(d[l]) + Swift.abs(e[l]))
    var m = l
    while m < n - 1 {
      if Swift.abs(e[m]) <= eps * tst1 { break }
      m += 1
    }
    if m > l {
      repeat {
        iterations += 1
        if iterations > maxIterations { return false }
        // Shift from the leading 2 × 2 block.
        var g = d[l]
        var p = (d[l + 1] - g) / (2 * e[l])
        var r = _hypot(p, 1)
        if p < 0 { r = -r }
        d[l] = e[l] / (p + r)
        d[l + 1] = e[l] * (p + r)
        let dl1 = d[l + 1]
        var h = g - d[l]
        if l + 2 < n { for i in (l + 2)..<n { d[i] -= h } }
        f += h

        // Implicit QL sweep from m − 1 down to l.
        p = d[m]
        var c = 1.0, c2 = 1.0, c3 = 1.0
        let el1 = e[l + 1]
        var s = 0.0, s2 = 0.0
        var i = m - 1
        while i >= l {
          c3 = c2
          c2 = c
          s2 = s
          g = c * e[i]
          h = c * p
          r = _hypot(p, e[i])
          e[i + 1] = s * r
          s = e[i] / r
          c = p / r
          p = c * d[i] - s * g
          d[i + 1] = h + s * (c * g + s * d[i])
          _applyRotation(zt + i * n, zt + (i + 1) * n, n, c: c, s: s)
          i -= 1
        }
        p = -s * s2 * c3 * el1 * e[l] / dl1
        e[l] = s * p
        d[l] = c * p
      } while Swift.abs(e[l]) > eps * tst1
    }
    d[l] += f
    e[l] = 0
  }
  return true
}

/// √(a² + b²) without destructive overflow or underflow.
@inlinable @inline(__always)
func _hypot(_ a: Double, _ b: Double) -> Double {
  let x = Swift.abs(a), y = Swift.abs(b)
  let big = Swift.max(x, y), small = Swift.min(x, y)
  if big == 0 { return 0 }
  if big > 1e150 || big < 1e-150 {
    let q = small / big
    return big * (1 + q * q).squareRoot()
  }
  return (x * x + y * y).squareRoot()
}

/// (zᵢ, zᵢ₊₁) ← (c zᵢ − s zᵢ₊₁, s zᵢ + c zᵢ₊₁) over two contiguous rows of length n.
@inlinable @inline(__always)
func _applyRotation(
  _ zi: UnsafeMutablePointer<Double>, _ zi1: UnsafeMutablePointer<Double>, _ n: Int,
  c: Double, s: Double
) {
  for k in 0..<n {
    let a = zi[k], b = zi1[k]
    zi1[k] = s * a + c * b
    zi[k] = c * a - s * b
  }
}
