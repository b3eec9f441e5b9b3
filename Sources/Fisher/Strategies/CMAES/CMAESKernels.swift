/// The O(λn²) loops of a CMA-ES generation, over raw row-major buffers.
///
/// Each kernel reads every matrix row it needs once per block and keeps four
/// independent accumulators so the compiler can vectorize and pipeline.
enum CMAESKernels {
  /// xₖ = m + σ B (D ∘ zₖ) for the λ rows zₖ of `z`, and the scaled directions.
  ///
  /// `b` is n × n row-major with the eigenvectors as columns, so
  /// (B (D ∘ z))ᵢ = Σⱼ Bᵢⱼ Dⱼ zⱼ is the dot product of row i of B with D ∘ z.
  /// Rows of B are taken four at a time and dotted with every scaled zₖ, so B
  /// streams through the cache once per generation.
  ///
  /// - Complexity: λ n² multiply–adds.
  static func sample(
    b: UnsafePointer<Double>, d: UnsafePointer<Double>, z: UnsafePointer<Double>,
    mean: UnsafePointer<Double>, sigma: Double, lambda: Int, n: Int,
    scratch dz: UnsafeMutablePointer<Double>, x: UnsafeMutablePointer<Double>
  ) {
    for k in 0..<lambda {
      let zk = z + k * n, dzk = dz + k * n
      for j in 0..<n { dzk[j] = d[j] * zk[j] }
    }
    var i = 0
    while i + 4 <= n {
      let b0 = b + i * n, b1 = b0 + n, b2 = b1 + n, b3 = b2 + n
      for k in 0..<lambda {
        let v = UnsafePointer(dz + k * n)
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        for j in 0..<n {
          let vj = v[j]
          s0 += b0[j] * vj
          s1 += b1[j] * vj
          s2 += b2[j] * vj
          s3 += b3[j] * vj
        }
        let xk = x + k * n
        xk[i] = mean[i] + sigma * s0
        xk[i + 1] = mean[i + 1] + sigma * s1
        xk[i + 2] = mean[i + 2] + sigma * s2
        xk[i + 3] = mean[i + 3] + sigma * s3
      }
      i += 4
    }
    while i < n {
      let bi = b + i * n
      for k in 0..<lambda {
        let v = dz + k * n
        var s = 0.0
        for j in 0..<n { s += bi[j] * v[j] }
        x[k * n + i] = mean[i] + sigma * s
      }
      i += 1
    }
  }

  /// r = B diag(1/D) Bᵀ v, i.e. C^(−1/2) v for C = B D² Bᵀ.
  ///
  /// - Complexity: 2n² multiply–adds.
  static func inverseSquareRoot(
    b: UnsafePointer<Double>, d: UnsafePointer<Double>, v: UnsafePointer<Double>, n: Int,
    scratch t: UnsafeMutablePointer<Double>, result r: UnsafeMutablePointer<Double>
  ) {
    for j in 0..<n { t[j] = 0 }
    for i in 0..<n {
      let vi = v[i]
      let bi = b + i * n
      for j in 0..<n { t[j] += bi[j] * vi }
    }
    for j in 0..<n { t[j] /= d[j] }
    for i in 0..<n {
      let bi = b + i * n
      var s0 = 0.0, s1 = 0.0
      var j = 0
      while j + 2 <= n {
        s0 += bi[j] * t[j]
        s1 += bi[j + 1] * t[j + 1]
        j += 2
      }
      if j < n { s0 += bi[j] * t[j] }
      r[i] = s0 + s1
    }
  }

  /// The upper triangle of C ← decay·C + c₁ p pᵀ + Σₖ aₖ yₖ yₖᵀ (rows yₖ of `y`).
  ///
  /// Row by row: the row segment Cᵢ,ᵢ…ₙ₋₁ stays in L1 while the λ vectors stream
  /// past, four at a time. The lower triangle is not touched.
  ///
  /// - Complexity: (λ + 1) n²/2 multiply–adds.
  static func updateUpperCovariance(
    c: UnsafeMutablePointer<Double>, n: Int, decay: Double,
    c1: Double, p: UnsafePointer<Double>,
    coefficients a: UnsafePointer<Double>, y: UnsafePointer<Double>, count lambda: Int,
    active: UnsafeMutablePointer<Int>
  ) {
    var m = 0
    for k in 0..<lambda where a[k] != 0 {
      active[m] = k
      m += 1
    }
    for i in 0..<n {
      let row = c + i * n
      let cp = c1 * p[i]
      for j in i..<n { row[j] = decay * row[j] + cp * p[j] }
      var q = 0
      while q + 4 <= m {
        let k0 = active[q], k1 = active[q + 1], k2 = active[q + 2], k3 = active[q + 3]
        let y0 = y + k0 * n, y1 = y + k1 * n, y2 = y + k2 * n, y3 = y + k3 * n
        let a0 = a[k0] * y0[i], a1 = a[k1] * y1[i], a2 = a[k2] * y2[i], a3 = a[k3] * y3[i]
        for j in i..<n { row[j] += (a0 * y0[j] + a1 * y1[j]) + (a2 * y2[j] + a3 * y3[j]) }
        q += 4
      }
      while q < m {
        let k = active[q]
        let yk = y + k * n
        let ak = a[k] * yk[i]
        for j in i..<n { row[j] += ak * yk[j] }
        q += 1
      }
    }
  }

  /// Copies the upper triangle of the n × n matrix `c` into its lower triangle.
  static func mirrorUpper(_ c: UnsafeMutablePointer<Double>, n: Int) {
    // Blocked so both the rows read and the columns written stay in cache.
    let bs = 32
    var ib = 0
    while ib < n {
      var jb = ib
      while jb < n {
        for i in ib..<Swift.min(ib + bs, n) {
          let start = Swift.max(jb, i + 1)
          let end = Swift.min(jb + bs, n)
          if start >= end { continue }
          for j in start..<end { c[j * n + i] = c[i * n + j] }
        }
        jb += bs
      }
      ib += bs
    }
  }
}
