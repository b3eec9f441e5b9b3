import Foundation

// The separable bbob functions f1–f5.

/// f1, sphere: f(x) = ‖z‖² + f_opt with z = x − x_opt.
struct BBOBSphere: Sendable {
  let xopt: _BBOBStorage
  let fopt: Double

  init(instance: Int, dimension n: Int, seed: Int, fopt: Double) {
    xopt = _BBOBStorage(BBOBLegacyRandom.optimum(seed: seed, dimension: n))
    self.fopt = fopt
  }

  @inline(__always)
  func callAsFunction(_ x: UnsafePointer<Double>, _ n: Int, _ work: UnsafeMutablePointer<Double>) -> Double {
    let xo = xopt.pointer
    var r = 0.0
    for i in 0..<n {
      let z = x[i] - xo[i]
      r += z * z
    }
    return r + fopt
  }
}

/// f2, separable ellipsoid: Σ 10^(6(i−1)/(n−1)) z_i² + f_opt with z = T_osz(x − x_opt).
struct BBOBSeparableEllipsoid: Sendable {
  let xopt: _BBOBStorage
  let weights: _BBOBStorage
  let fopt: Double

  init(dimension n: Int, seed: Int, fopt: Double) {
    xopt = _BBOBStorage(BBOBLegacyRandom.optimum(seed: seed, dimension: n))
    weights = _BBOBStorage(_BBOB.ellipsoidWeights(dimension: n))
    self.fopt = fopt
  }

  @inline(__always)
  func callAsFunction(_ x: UnsafePointer<Double>, _ n: Int, _ work: UnsafeMutablePointer<Double>) -> Double {
    let xo = xopt.pointer
    for i in 0..<n { work[i] = _BBOB.oscillate(x[i] - xo[i]) }
    return _BBOB.ellipsoid(work, n, weights.pointer) + fopt
  }
}

/// f3, separable Rastrigin: Rastrigin(Λ¹⁰ T_asy^0.2(T_osz(x − x_opt))) + f_opt.
struct BBOBSeparableRastrigin: Sendable {
  let xopt: _BBOBStorage
  let asymmetry: _BBOBStorage
  let conditioning: _BBOBStorage
  let fopt: Double

  init(dimension n: Int, seed: Int, fopt: Double) {
    xopt = _BBOBStorage(BBOBLegacyRandom.optimum(seed: seed, dimension: n))
    asymmetry = _BBOBStorage(_BBOB.asymmetryFactors(beta: 0.2, dimension: n))
    conditioning = _BBOBStorage(
      (0..<n).map { i in Foundation.pow(10.0, 0.5 * Double(i) / (Double(n) - 1.0)) })
    self.fopt = fopt
  }

  @inline(__always)
  func callAsFunction(_ x: UnsafePointer<Double>, _ n: Int, _ work: UnsafeMutablePointer<Double>) -> Double {
    let xo = xopt.pointer, a = asymmetry.pointer, c = conditioning.pointer
    for i in 0..<n {
      let z = _BBOB.asymmetric(_BBOB.oscillate(x[i] - xo[i]), scaledBeta: a[i])
      work[i] = c[i] * z
    }
    return _BBOB.rastrigin(work, n) + fopt
  }
}

/// f4, Büche–Rastrigin: Rastrigin(s ⊙ T_osz(x − x_opt)) + f_opt + 100 f_pen(x).
///
/// s_i = 10^((i−1)/(2(n−1))), times 10 where z_i > 0 and i is odd (1-based);
/// x_opt has its odd (1-based) coordinates made positive, as COCO's legacy code does.
struct BBOBBuecheRastrigin: Sendable {
  let xopt: _BBOBStorage
  let scales: _BBOBStorage
  let fopt: Double

  init(dimension n: Int, seed: Int, fopt: Double) {
    var xo = BBOBLegacyRandom.optimum(seed: seed, dimension: n)
    for i in stride(from: 0, to: n, by: 2) { xo[i] = Swift.abs(xo[i]) }
    xopt = _BBOBStorage(xo)
    scales = _BBOBStorage((0..<n).map { i in Foundation.pow(10.0.squareRoot(), _BBOB.ratio(i, n)) })
    self.fopt = fopt
  }

  var optimum: [Double] { xopt.array }

  @inline(__always)
  func callAsFunction(_ x: UnsafePointer<Double>, _ n: Int, _ work: UnsafeMutablePointer<Double>) -> Double {
    let xo = xopt.pointer, s = scales.pointer
    for i in 0..<n {
      let z = _BBOB.oscillate(x[i] - xo[i])
      var factor = s[i]
      if z > 0 && i % 2 == 0 { factor *= 10.0 }
      work[i] = factor * z
    }
    return (_BBOB.rastrigin(work, n) + fopt) + 100.0 * _BBOB.boxPenalty(x, n)
  }
}

/// f5, linear slope: Σ 5|s_i| − s_i z_i + f_opt, flat beyond the optimum corner.
///
/// s_i = sign(x_opt,i)·10^((i−1)/(n−1)) and x_opt = ±5; z_i = x_i where
/// x_i·x_opt,i < 25, else x_opt,i (COCO's boundary handling).
struct BBOBLinearSlope: Sendable {
  let corner: _BBOBStorage
  let slopes: _BBOBStorage
  let fopt: Double

  init(dimension n: Int, seed: Int, fopt: Double) {
    let xo = BBOBLegacyRandom.optimum(seed: seed, dimension: n)
    let c = xo.map { $0 < 0 ? -5.0 : 5.0 }
    corner = _BBOBStorage(c)
    slopes = _BBOBStorage(Self.slopes(corner: c))
    self.fopt = fopt
  }

  var optimum: [Double] { corner.array }

  /// The slopes sᵢ = ±√100^(i/(n−1)), with the sign of the corner bᵢ = ±5.
  static func slopes(corner c: [Double]) -> [Double] {
    let n = c.count
    return (0..<n).map { i in
      let p = Foundation.pow(100.0.squareRoot(), Double(i) / (Double(n) - 1))
      return c[i] > 0 ? p : -p
    }
  }

  /// Σ 5|sᵢ| − sᵢ xᵢ, with xᵢ held at the corner bᵢ once xᵢ bᵢ ≥ 25; without f_opt.
  @inline(__always)
  static func sum(
    _ x: UnsafePointer<Double>, corner b: UnsafePointer<Double>, slopes s: UnsafePointer<Double>, _ n: Int
  ) -> Double {
    var r = 0.0
    for i in 0..<n {
      let si = s[i]
      if x[i] * b[i] < 25.0 {
        r += 5.0 * Swift.abs(si) - si * x[i]
      } else {
        r += 5.0 * Swift.abs(si) - si * b[i]
      }
    }
    return r
  }

  @inline(__always)
  func callAsFunction(_ x: UnsafePointer<Double>, _ n: Int, _ work: UnsafeMutablePointer<Double>) -> Double {
    Self.sum(x, corner: corner.pointer, slopes: slopes.pointer, n) + fopt
  }
}

extension _BBOB {
  /// The weights c^(i/(n−1)) of the ellipsoid, i = 0..<n, for the conditioning c (10⁶ unless said otherwise).
  static func ellipsoidWeights(dimension n: Int, conditioning: Double = 1.0e6) -> [Double] {
    (0..<n).map { i in Foundation.pow(conditioning, 1.0 * Double(i) / (Double(n) - 1.0)) }
  }

  /// The exponents 2 + 4i/(n−1) of the different powers function, i = 0..<n.
  static func differentPowersExponents(dimension n: Int) -> [Double] {
    (0..<n).map { i in 2.0 + (4.0 * Double(i)) / (Double(n) - 1.0) }
  }

  /// z₁² + Σ_{i≥2} w_i z_i², COCO's `f_ellipsoid_raw`.
  @inline(__always)
  static func ellipsoid(_ z: UnsafePointer<Double>, _ n: Int, _ w: UnsafePointer<Double>) -> Double {
    var r = z[0] * z[0]
    for i in 1..<n { r += w[i] * z[i] * z[i] }
    return r
  }

  /// 10(n − Σ cos 2πz_i) + ‖z‖², COCO's `f_rastrigin_raw`.
  @inline(__always)
  static func rastrigin(_ z: UnsafePointer<Double>, _ n: Int) -> Double {
    var sum1 = 0.0, sum2 = 0.0
    for i in 0..<n {
      sum1 += Foundation.cos(2.0 * Double.pi * z[i])
      sum2 += z[i] * z[i]
    }
    return 10.0 * (Double(n) - sum1) + sum2
  }
}
