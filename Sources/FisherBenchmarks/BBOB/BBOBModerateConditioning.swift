import Foundation

// The bbob functions with low or moderate conditioning, f6–f9.

/// f6, attractive sector: T_osz(Σ s_i² z_i²)^0.9 + f_opt, z = R Λ¹⁰ Q (x − x_opt).
///
/// s_i = 100 where z_i·x_opt,i > 0, else 1.
struct BBOBAttractiveSector: Sendable {
  let xopt: _BBOBStorage
  let matrix: _BBOBStorage
  let fopt: Double

  init(dimension n: Int, seed: Int, fopt: Double) {
    xopt = _BBOBStorage(BBOBLegacyRandom.optimum(seed: seed, dimension: n))
    matrix = _BBOBStorage(
      _BBOB.fusedRotation(
        BBOBLegacyRandom.rotation(seed: seed + 1_000_000, dimension: n),
        BBOBLegacyRandom.rotation(seed: seed, dimension: n), base: 10.0.squareRoot(), dimension: n))
    self.fopt = fopt
  }

  @inline(__always)
  func callAsFunction(_ x: UnsafePointer<Double>, _ n: Int, _ work: UnsafeMutablePointer<Double>) -> Double {
    let xo = xopt.pointer
    let shifted = work, z = work + n
    for i in 0..<n { shifted[i] = x[i] - xo[i] }
    _BBOB.affine(matrix.pointer, shifted, z, n)
    var r = 0.0
    for i in 0..<n {
      if xo[i] * z[i] > 0 {
        r += 100.0 * 100.0 * z[i] * z[i]
      } else {
        r += z[i] * z[i]
      }
    }
    return Foundation.pow(_BBOB.oscillateObjective(r), 0.9) + fopt
  }
}

/// f7, step ellipsoid: 0.1·max(|ẑ₁|/10⁴, Σ 10^(2(i−1)/(n−1)) z_i²) + f_pen(x) + f_opt.
///
/// ẑ = Λ¹⁰ Q (x − x_opt), z̃ rounds ẑ to integers where |ẑ_i| > 0.5 and to
/// tenths elsewhere, z = R z̃. COCO implements it in one piece; so does this.
struct BBOBStepEllipsoid: Sendable {
  let xopt: _BBOBStorage
  /// Q with row i scaled by √(10^(i/(n−1))), so that c₁·Q_ij is formed as in COCO.
  let scaledQ: _BBOBStorage
  let r: _BBOBStorage
  let weights: _BBOBStorage
  let fopt: Double
  /// The factor of the in-function boundary penalty: 1 in bbob, 0 in bbob-noisy.
  let penaltyScale: Double

  init(dimension n: Int, seed: Int, fopt: Double, penaltyScale: Double = 1) {
    self.penaltyScale = penaltyScale
    xopt = _BBOBStorage(BBOBLegacyRandom.optimum(seed: seed, dimension: n))
    let q = BBOBLegacyRandom.rotation(seed: seed, dimension: n)
    var sq = q
    for i in 0..<n {
      let c1 = Foundation.pow(100.0 / 10.0, Double(i) / Double(n - 1)).squareRoot()
      for j in 0..<n { sq[i * n + j] = c1 * q[i * n + j] }
    }
    scaledQ = _BBOBStorage(sq)
    r = _BBOBStorage(BBOBLegacyRandom.rotation(seed: seed + 1_000_000, dimension: n))
    weights = _BBOBStorage((0..<n).map { i in Foundation.pow(100.0, _BBOB.ratio(i, n)) })
    self.fopt = fopt
  }

  @inline(__always)
  func callAsFunction(_ x: UnsafePointer<Double>, _ n: Int, _ work: UnsafeMutablePointer<Double>) -> Double {
    let xo = xopt.pointer, w = weights.pointer
    // Scaled as COCO does it: with a scale of 0, an infinite penalty still gives NaN.
    let penalty = _BBOB.absPenalty(x, n, bound: 5.0) * penaltyScale
    let shifted = work, zhat = work + n
    for i in 0..<n { shifted[i] = x[i] - xo[i] }
    _BBOB.affine(scaledQ.pointer, shifted, zhat, n)
    let x1 = zhat[0]
    for i in 0..<n {
      if Swift.abs(zhat[i]) > 0.5 {
        zhat[i] = _BBOB.round(zhat[i])
      } else {
        zhat[i] = _BBOB.round(10.0 * zhat[i]) / 10.0
      }
    }
    let z = shifted
    _BBOB.affine(r.pointer, zhat, z, n)
    var s = 0.0
    for i in 0..<n { s += w[i] * z[i] * z[i] }
    let core = Swift.abs(x1) * 1.0e-4 > s ? Swift.abs(x1) * 1.0e-4 : s
    return 0.1 * core + penalty + fopt
  }
}

/// f8, Rosenbrock: Rosenbrock(max(1, √n/8)(x − x_opt) + 1) + f_opt, x_opt = 0.75·xopt(seed).
struct BBOBRosenbrock: Sendable {
  let xopt: _BBOBStorage
  let factor: Double
  let fopt: Double

  init(dimension n: Int, seed: Int, fopt: Double) {
    xopt = _BBOBStorage(BBOBLegacyRandom.optimum(seed: seed, dimension: n).map { $0 * 0.75 })
    factor = Swift.max(1.0, Double(n).squareRoot() / 8.0)
    self.fopt = fopt
  }

  var optimum: [Double] { xopt.array }

  @inline(__always)
  func callAsFunction(_ x: UnsafePointer<Double>, _ n: Int, _ work: UnsafeMutablePointer<Double>) -> Double {
    let xo = xopt.pointer
    for i in 0..<n { work[i] = factor * (x[i] - xo[i]) - (-1.0) }
    return _BBOB.rosenbrock(work, n) + fopt
  }
}

/// f9, rotated Rosenbrock: Rosenbrock(max(1, √n/8)·R x + 1/2) + f_opt.
///
/// Its optimum is x_opt = Rᵀ·1/(2·max(1, √n/8)).
struct BBOBRotatedRosenbrock: Sendable {
  let matrix: _BBOBStorage
  let optimum: [Double]
  let fopt: Double

  init(dimension n: Int, seed: Int, fopt: Double) {
    let r = BBOBLegacyRandom.rotation(seed: seed, dimension: n)
    let factor = Swift.max(1.0, Double(n).squareRoot() / 8.0)
    matrix = _BBOBStorage(r.map { factor * $0 })
    optimum = (0..<n).map { column in
      var s = 0.0
      for row in 0..<n { s += r[row * n + column] }
      return s / (2.0 * factor)
    }
    self.fopt = fopt
  }

  @inline(__always)
  func callAsFunction(_ x: UnsafePointer<Double>, _ n: Int, _ work: UnsafeMutablePointer<Double>) -> Double {
    _BBOB.affine(matrix.pointer, x, work, n, offset: 0.5)
    return _BBOB.rosenbrock(work, n) + fopt
  }
}

extension _BBOB {
  /// Σ 100(z_i² − z_{i+1})² + (z_i − 1)², COCO's `f_rosenbrock_raw`.
  @inline(__always)
  static func rosenbrock(_ z: UnsafePointer<Double>, _ n: Int) -> Double {
    var s1 = 0.0, s2 = 0.0
    for i in 0..<(n - 1) {
      var t = z[i] * z[i] - z[i + 1]
      s1 += t * t
      t = z[i] - 1.0
      s2 += t * t
    }
    return 100.0 * s1 + s2
  }
}
