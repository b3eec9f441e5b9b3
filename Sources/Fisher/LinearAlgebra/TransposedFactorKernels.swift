/// Products and solves with a lower-triangular factor L kept as its transpose.
///
/// `rt` is Lᵀ, n × n row-major: row k holds column k of L in entries k…n−1
/// (entries left of the diagonal are not read). In this layout the rank-one
/// updates of ``_choleskyRankOneUpdates(_:_:_:count:firstDowndate:)`` and every
/// kernel here run over contiguous rows: products with L are row axpys,
/// products with Lᵀ are row dot products.
@usableFromInline
enum _TransposedFactorKernels {
  /// yₛ = L zₛ for the `count` rows zₛ of `z`, written to the rows of `y`.
  ///
  /// Rows of Lᵀ are taken four at a time, and each block is applied to every
  /// vector before the next block, so Lᵀ streams through the cache once.
  ///
  /// - Complexity: count · n²/2 multiply–adds.
  @inlinable
  static func multiplyRows(
    _ rt: UnsafePointer<Double>, _ n: Int, _ z: UnsafePointer<Double>, count: Int, into y: UnsafeMutablePointer<Double>
  ) {
    for e in 0..<(count * n) { y[e] = 0 }
    var k = 0
    while k + 4 <= n {
      let r0 = rt + k * n, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n
      for s in 0..<count {
        let zs = z + s * n, ys = y + s * n
        let z0 = zs[k], z1 = zs[k + 1], z2 = zs[k + 2], z3 = zs[k + 3]
        // The triangle at the top of the block.
        ys[k] += z0 * r0[k]
        ys[k + 1] += z0 * r0[k + 1] + z1 * r1[k + 1]
        ys[k + 2] += (z0 * r0[k + 2] + z1 * r1[k + 2]) + z2 * r2[k + 2]
        ys[k + 3] += (z0 * r0[k + 3] + z1 * r1[k + 3]) + (z2 * r2[k + 3] + z3 * r3[k + 3])
        for i in (k + 4)..<Swift.max(n, k + 4) {
          ys[i] += (z0 * r0[i] + z1 * r1[i]) + (z2 * r2[i] + z3 * r3[i])
        }
      }
      k += 4
    }
    while k < n {
      let rk = rt + k * n
      for s in 0..<count {
        let zk = z[s * n + k], ys = y + s * n
        for i in k..<n { ys[i] += zk * rk[i] }
      }
      k += 1
    }
  }

  /// One sweep over Lᵀ for three products: b ← L⁻¹ b and c ← L⁻¹ c (forward
  /// substitution) and w = L (Lᵀ u) (a power-iteration step on L Lᵀ).
  ///
  /// - Complexity: 2n² multiply–adds, reading Lᵀ once.
  @inlinable
  static func solveTwoAndMultiplyGram(
    _ rt: UnsafePointer<Double>, _ n: Int, _ b: UnsafeMutablePointer<Double>, _ c: UnsafeMutablePointer<Double>,
    power u: UnsafePointer<Double>, into w: UnsafeMutablePointer<Double>
  ) {
    for i in 0..<n { w[i] = 0 }
    for k in 0..<n {
      let rk = rt + k * n
      let bk = b[k] / rk[k], ck = c[k] / rk[k]
      b[k] = bk
      c[k] = ck
      let t = _dot(rk + k, u + k, n - k)
      w[k] += t * rk[k]
      for i in (k + 1)..<Swift.max(n, k + 1) {
        let r = rk[i]
        b[i] -= bk * r
        c[i] -= ck * r
        w[i] += t * r
      }
    }
  }

  /// b ← L⁻ᵀ b, by backward substitution (row-oriented).
  ///
  /// - Complexity: n²/2 multiply–adds.
  @inlinable
  static func solveTransposed(_ rt: UnsafePointer<Double>, _ n: Int, _ b: UnsafeMutablePointer<Double>) {
    var k = n - 1
    while k >= 0 {
      let rk = rt + k * n
      b[k] = (b[k] - _dot(rk + k + 1, UnsafePointer(b + k + 1), n - k - 1)) / rk[k]
      k -= 1
    }
  }

  /// The squared row norms of L, i.e. diag(L Lᵀ), written to `d`.
  ///
  /// - Complexity: n²/2 multiply–adds.
  @inlinable
  static func squaredRowNorms(_ rt: UnsafePointer<Double>, _ n: Int, into d: UnsafeMutablePointer<Double>) {
    for i in 0..<n { d[i] = 0 }
    for k in 0..<n {
      let rk = rt + k * n
      for i in k..<n { d[i] += rk[i] * rk[i] }
    }
  }
}
