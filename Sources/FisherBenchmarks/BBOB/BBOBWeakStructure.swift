import Foundation

// The multimodal bbob functions with weak global structure, f20–f24.

/// f20, Schwefel x·sin(√|x|): 0.01(418.98… − 1/n Σ z_i sin √|z_i| + f_pen(z/100)·10⁴) + f_opt.
///
/// x̂ = 2·1±⊙x (signs from the instance), ẑ_i = x̂_i + 0.25(x̂_{i−1} − 2|x_opt,i−1|),
/// z = 100(Λ¹⁰(ẑ − 2|x_opt|) + 2|x_opt|), as COCO's chain of transforms computes it.
struct BBOBSchwefel: Sendable {
  /// ±1 per coordinate, then 2|x_opt|, then the diagonal of Λ¹⁰.
  let data: _BBOBStorage
  let optimum: [Double]
  let fopt: Double

  init(dimension n: Int, seed: Int, fopt: Double) {
    let u = BBOBLegacyRandom.uniform(count: n, seed: seed)
    let signs = u.map { $0 - 0.5 < 0 ? -1.0 : 1.0 }
    let xopt = signs.map { $0 < 0 ? -(0.5 * 4.2096874637) : 0.5 * 4.2096874637 }
    let twice = xopt.map { 2 * Swift.abs($0) }
    let lambda = (0..<n).map { i in Foundation.pow(10.0.squareRoot(), 1.0 * Double(i) / (Double(n) - 1)) }
    data = _BBOBStorage(signs + twice + lambda)
    // COCO reports ±0.5·4.2096874633 as the best parameter of f20.
    optimum = signs.map { $0 < 0 ? -0.5 * 4.2096874633 : 0.5 * 4.2096874633 }
    self.fopt = fopt
  }

  @inline(__always)
  func callAsFunction(_ x: UnsafePointer<Double>, _ n: Int, _ work: UnsafeMutablePointer<Double>) -> Double {
    let sign = data.pointer, twice = data.pointer + n, lambda = data.pointer + 2 * n
    let xhat = work, z = work + n
    for i in 0..<n { xhat[i] = 2.0 * (sign[i] < 0 ? -x[i] : x[i]) }
    z[0] = xhat[0]
    for i in 1..<n { z[i] = xhat[i] + 0.25 * (xhat[i - 1] - twice[i - 1]) }
    for i in 0..<n { z[i] = 100.0 * ((z[i] - twice[i]) * lambda[i] - (-twice[i])) }
    let penalty = _BBOB.absPenalty(z, n, bound: 500.0)
    var s = 0.0
    for i in 0..<n { s += z[i] * Foundation.sin(Swift.abs(z[i]).squareRoot()) }
    return 0.01 * (penalty + 418.9828872724339 - s / Double(n)) + fopt
  }
}

/// f21 and f22, Gallagher's Gaussian 101-me and 21-hi peaks:
/// T_osz(10 − max_i w_i exp(−1/(2n)(z − y_i)ᵀ C_i (z − y_i)))² + f_pen(x) + f_opt, z = R x.
struct BBOBGallagher: Sendable {
  let peaks: Int
  let rotation: _BBOBStorage
  /// Local optima y_i, peak-major: `centers[i·n + j]`.
  let centers: _BBOBStorage
  /// Diagonal scalings C_i, peak-major.
  let scales: _BBOBStorage
  let heights: _BBOBStorage
  let optimum: [Double]
  let fopt: Double
  /// The factor of the boundary penalty: 1 in bbob, 0 in bbob-noisy.
  let penaltyScale: Double

  init(dimension n: Int, seed: Int, peaks: Int, fopt: Double, penaltyScale: Double = 1) {
    self.penaltyScale = penaltyScale
    self.peaks = peaks
    let maxCondition = 1000.0
    let firstCondition = peaks == 101 ? 1000.0.squareRoot() : 1000.0
    let (b, c) = peaks == 101 ? (10.0, 5.0) : (9.8, 4.9)
    let fitValues = (1.1, 9.1)
    let r = BBOBLegacyRandom.rotation(seed: seed, dimension: n)
    rotation = _BBOBStorage(r)

    let u = BBOBLegacyRandom.uniform(count: peaks - 1, seed: seed)
    let order = _BBOB.sortedIndices(u)
    var conditions = [Double](repeating: 0, count: peaks)
    var heights = [Double](repeating: 0, count: peaks)
    conditions[0] = firstCondition
    heights[0] = 10
    for i in 1..<peaks {
      conditions[i] = Foundation.pow(maxCondition, Double(order[i - 1]) / Double(peaks - 2))
      heights[i] = Double(i - 1) / Double(peaks - 2) * (fitValues.1 - fitValues.0) + fitValues.0
    }
    self.heights = _BBOBStorage(heights)

    var scales = [Double](repeating: 0, count: peaks * n)
    for i in 0..<peaks {
      let v = BBOBLegacyRandom.uniform(count: n, seed: seed + 1000 * i)
      let perm = _BBOB.sortedIndices(v)
      for j in 0..<n {
        scales[i * n + j] = Foundation.pow(conditions[i], Double(perm[j]) / Double(n - 1) - 0.5)
      }
    }
    self.scales = _BBOBStorage(scales)

    let w = BBOBLegacyRandom.uniform(count: n * peaks, seed: seed)
    var centers = [Double](repeating: 0, count: peaks * n)
    var optimum = [Double](repeating: 0, count: n)
    for i in 0..<n {
      optimum[i] = 0.8 * (b * w[i] - c)
      for j in 0..<peaks {
        var s = 0.0
        for k in 0..<n { s += r[i * n + k] * (b * w[j * n + k] - c) }
        if j == 0 { s *= 0.8 }
        centers[j * n + i] = s
      }
    }
    self.centers = _BBOBStorage(centers)
    self.optimum = optimum
    self.fopt = fopt
  }

  @inline(__always)
  func callAsFunction(_ x: UnsafePointer<Double>, _ n: Int, _ work: UnsafeMutablePointer<Double>) -> Double {
    let y = centers.pointer, cs = scales.pointer, h = heights.pointer
    let penalty = _BBOB.absPenalty(x, n, bound: 5.0) * penaltyScale
    let z = work
    _BBOB.affine(rotation.pointer, x, z, n)
    let fac = -0.5 / Double(n)
    var f = 0.0
    for i in 0..<peaks {
      let yi = y + i * n, ci = cs + i * n
      var s = 0.0
      for j in 0..<n {
        let t = z[j] - yi[j]
        s += ci[j] * t * t
      }
      let g = h[i] * Foundation.exp(fac * s)
      f = f > g ? f : g
    }
    f = 10.0 - f
    var value: Double
    if f > 0 {
      value = Foundation.log(f) / 0.1
      value = Foundation.pow(Foundation.exp(value + 0.49 * (Foundation.sin(value) + Foundation.sin(0.79 * value))), 0.1)
    } else if f < 0 {
      value = Foundation.log(-f) / 0.1
      value = -Foundation.pow(
        Foundation.exp(value + 0.49 * (Foundation.sin(0.55 * value) + Foundation.sin(0.31 * value))), 0.1)
    } else {
      value = f
    }
    value *= value
    value += penalty
    return value + fopt
  }
}

/// f23, Katsuura: 10/n² Π_i (1 + i Σ_{j=1}^{32} |2ʲz_i − [2ʲz_i]|/2ʲ)^{10/n^1.2} − 10/n² + f_opt + f_pen(x),
/// z = R Λ^100 Q (x − x_opt).
struct BBOBKatsuura: Sendable {
  let xopt: _BBOBStorage
  let matrix: _BBOBStorage
  let exponent: Double
  let fopt: Double

  init(dimension n: Int, seed: Int, fopt: Double) {
    xopt = _BBOBStorage(BBOBLegacyRandom.optimum(seed: seed, dimension: n))
    matrix = _BBOBStorage(
      _BBOB.fusedRotation(
        BBOBLegacyRandom.rotation(seed: seed + 1_000_000, dimension: n),
        BBOBLegacyRandom.rotation(seed: seed, dimension: n), base: 100.0.squareRoot(), dimension: n))
    exponent = 10.0 / Foundation.pow(Double(n), 1.2)
    self.fopt = fopt
  }

  @inline(__always)
  func callAsFunction(_ x: UnsafePointer<Double>, _ n: Int, _ work: UnsafeMutablePointer<Double>) -> Double {
    let xo = xopt.pointer
    let u = work, z = work + n
    for i in 0..<n { u[i] = x[i] - xo[i] }
    _BBOB.affine(matrix.pointer, u, z, n)
    var product = 1.0
    for i in 0..<n {
      var t = 0.0
      var p = 1.0
      for _ in 1..<33 {
        p *= 2.0
        let s = p * z[i]
        t += Swift.abs(s - _BBOB.round(s)) / p
      }
      t = 1.0 + (Double(i) + 1) * t
      product *= t
    }
    let raw = 10.0 / Double(n) / Double(n) * (-1.0 + Foundation.pow(product, exponent))
    return (raw + fopt) + 1.0 * _BBOB.boxPenalty(x, n)
  }
}

/// f24, Lunacek bi-Rastrigin:
/// min(Σ(x̂_i − μ₀)², n + s Σ(x̂_i − μ₁)²) + 10(n − Σ cos 2πz_i) + 10⁴ f_pen(x) + f_opt,
/// x̂ = 2 sign(x_opt) ⊙ x, z = R Λ¹⁰⁰ Q (x̂ − μ₀), μ₀ = 2.5, s = 1 − 1/(2√(n+20) − 8.2).
struct BBOBLunacek: Sendable {
  let signs: _BBOBStorage
  /// Q with row i scaled by 10^(i/(n−1)).
  let scaledQ: _BBOBStorage
  let r: _BBOBStorage
  let optimum: [Double]
  let s: Double
  let mu1: Double
  let fopt: Double

  init(dimension n: Int, seed: Int, fopt: Double) {
    let mu0 = 2.5
    let g = BBOBLegacyRandom.gaussian(count: n, seed: seed)
    let xopt = g.map { $0 < 0 ? -0.5 * mu0 : 0.5 * mu0 }
    optimum = xopt
    signs = _BBOBStorage(xopt.map { $0 < 0 ? -1.0 : 1.0 })
    var q = BBOBLegacyRandom.rotation(seed: seed, dimension: n)
    for i in 0..<n {
      let c1 = Foundation.pow(100.0.squareRoot(), Double(i) / Double(n - 1))
      for j in 0..<n { q[i * n + j] = c1 * q[i * n + j] }
    }
    scaledQ = _BBOBStorage(q)
    r = _BBOBStorage(BBOBLegacyRandom.rotation(seed: seed + 1_000_000, dimension: n))
    s = 1.0 - 0.5 / (Double(n + 20).squareRoot() - 4.1)
    mu1 = -((mu0 * mu0 - 1.0) / s).squareRoot()
    self.fopt = fopt
  }

  @inline(__always)
  func callAsFunction(_ x: UnsafePointer<Double>, _ n: Int, _ work: UnsafeMutablePointer<Double>) -> Double {
    let mu0 = 2.5
    let sign = signs.pointer
    let penalty = _BBOB.absPenalty(x, n, bound: 5.0)
    let u = work, z = work + n
    var sum1 = 0.0, sum2 = 0.0
    for i in 0..<n {
      var xhat = 2.0 * x[i]
      if sign[i] < 0 { xhat *= -1.0 }
      u[i] = xhat - mu0
      sum1 += (xhat - mu0) * (xhat - mu0)
      sum2 += (xhat - mu1) * (xhat - mu1)
    }
    let t = z
    _BBOB.affine(scaledQ.pointer, u, t, n)
    _BBOB.affine(r.pointer, t, u, n)
    var sum3 = 0.0
    for i in 0..<n { sum3 += Foundation.cos(2.0 * Double.pi * u[i]) }
    let a = sum1, b = 1.0 * Double(n) + s * sum2
    let result = (a < b ? a : b) + 10.0 * (Double(n) - sum3) + 1e4 * penalty
    return result + fopt
  }
}

extension _BBOB {
  /// The indices of `values` in ascending order of value (ties by index).
  static func sortedIndices(_ values: [Double]) -> [Int] {
    values.indices.sorted { (values[$0], $0) < (values[$1], $1) }
  }
}

extension BBOBSchwefel {
  /// COCO's best value of the raw Schwefel function, its value at z_i = 420.96874633 (the
  /// approximate optimum COCO evaluates it at): a few 10⁻¹⁵, added to f_opt when COCO
  /// reports f20's best value. `generalized` is bbob-largescale's version, whose constant
  /// is written 4.189828872724339·100.
  static func rawBestValue(dimension n: Int, generalized: Bool) -> Double {
    let z = 420.96874633
    var sum = 0.0
    for _ in 0..<n { sum += z * Foundation.sin(Swift.abs(z).squareRoot()) }
    let constant = generalized ? 4.189828872724339 * 100.0 : 418.9828872724339
    return 0.01 * (0.0 + constant - sum / Double(n))
  }
}
