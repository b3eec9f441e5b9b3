import Foundation

// The multimodal bbob functions with adequate global structure, f15–f19.

/// f15, Rastrigin: Rastrigin(R Λ¹⁰ Q T_asy^0.2(T_osz(R(x − x_opt)))) + f_opt.
struct BBOBRastrigin: Sendable {
  let xopt: _BBOBStorage
  let r: _BBOBStorage
  let fused: _BBOBStorage
  let asymmetry: _BBOBStorage
  let fopt: Double

  init(dimension n: Int, seed: Int, fopt: Double) {
    xopt = _BBOBStorage(BBOBLegacyRandom.optimum(seed: seed, dimension: n))
    let r1 = BBOBLegacyRandom.rotation(seed: seed + 1_000_000, dimension: n)
    let r2 = BBOBLegacyRandom.rotation(seed: seed, dimension: n)
    r = _BBOBStorage(r1)
    fused = _BBOBStorage(_BBOB.fusedRotation(r1, r2, base: 10.0.squareRoot(), dimension: n))
    asymmetry = _BBOBStorage(_BBOB.asymmetryFactors(beta: 0.2, dimension: n))
    self.fopt = fopt
  }

  @inline(__always)
  func callAsFunction(_ x: UnsafePointer<Double>, _ n: Int, _ work: UnsafeMutablePointer<Double>) -> Double {
    let xo = xopt.pointer, a = asymmetry.pointer
    let u = work, v = work + n
    for i in 0..<n { u[i] = x[i] - xo[i] }
    _BBOB.affine(r.pointer, u, v, n)
    for i in 0..<n { v[i] = _BBOB.asymmetric(_BBOB.oscillate(v[i]), scaledBeta: a[i]) }
    _BBOB.affine(fused.pointer, v, u, n)
    return _BBOB.rastrigin(u, n) + fopt
  }
}

/// f16, Weierstrass: 10(1/n Σ_i Σ_k 2^−k cos(2π3^k(z_i + 1/2)) − f₀)³ + f_opt + 10/n f_pen(x),
/// z = R Λ^{1/100} Q T_osz(R(x − x_opt)), k = 0…11.
struct BBOBWeierstrass: Sendable {
  static let terms = 12
  let xopt: _BBOBStorage
  let r: _BBOBStorage
  let fused: _BBOBStorage
  /// a_k = 0.5^k followed by b_k = 3^k.
  let ab: _BBOBStorage
  let f0: Double
  let penaltyFactor: Double
  let fopt: Double

  init(dimension n: Int, seed: Int, fopt: Double) {
    xopt = _BBOBStorage(BBOBLegacyRandom.optimum(seed: seed, dimension: n))
    let r1 = BBOBLegacyRandom.rotation(seed: seed + 1_000_000, dimension: n)
    let r2 = BBOBLegacyRandom.rotation(seed: seed, dimension: n)
    r = _BBOBStorage(r1)
    fused = _BBOBStorage(_BBOB.fusedRotation(r1, r2, base: 1.0 / 100.0.squareRoot(), dimension: n))
    var a = [Double](), b = [Double]()
    var f0 = 0.0
    for k in 0..<Self.terms {
      a.append(Foundation.pow(0.5, Double(k)))
      b.append(Foundation.pow(3.0, Double(k)))
      f0 += a[k] * Foundation.cos(2.0 * Double.pi * b[k] * 0.5)
    }
    ab = _BBOBStorage(a + b)
    self.f0 = f0
    penaltyFactor = 10.0 / Double(n)
    self.fopt = fopt
  }

  @inline(__always)
  func callAsFunction(_ x: UnsafePointer<Double>, _ n: Int, _ work: UnsafeMutablePointer<Double>) -> Double {
    let xo = xopt.pointer, a = ab.pointer, b = ab.pointer + Self.terms
    let u = work, v = work + n
    for i in 0..<n { u[i] = x[i] - xo[i] }
    _BBOB.affine(r.pointer, u, v, n)
    for i in 0..<n { v[i] = _BBOB.oscillate(v[i]) }
    _BBOB.affine(fused.pointer, v, u, n)
    var s = 0.0
    for i in 0..<n {
      let t = 2.0 * Double.pi * (u[i] + 0.5)
      for k in 0..<Self.terms { s += Foundation.cos(t * b[k]) * a[k] }
    }
    let raw = 10.0 * Foundation.pow(s / Double(n) - f0, 3.0)
    return (raw + fopt) + penaltyFactor * _BBOB.boxPenalty(x, n)
  }
}

/// f17 and f18, Schaffers F7 with condition 10 or 1000:
/// (1/(n−1) Σ √s_i + √s_i sin²(50 s_i^{1/5}))² + f_opt + 10 f_pen(x),
/// s_i = √(z_i² + z_{i+1}²), z = Λ^c Q T_asy^0.5(R(x − x_opt)).
struct BBOBSchaffers: Sendable {
  let xopt: _BBOBStorage
  let r: _BBOBStorage
  let scaledQ: _BBOBStorage
  let asymmetry: _BBOBStorage
  let fopt: Double
  /// The factor of the boundary penalty: 10 in bbob, 0 in bbob-noisy.
  let penaltyScale: Double

  init(dimension n: Int, seed: Int, conditioning: Double, fopt: Double, penaltyScale: Double = 10) {
    self.penaltyScale = penaltyScale
    xopt = _BBOBStorage(BBOBLegacyRandom.optimum(seed: seed, dimension: n))
    r = _BBOBStorage(BBOBLegacyRandom.rotation(seed: seed + 1_000_000, dimension: n))
    var q = BBOBLegacyRandom.rotation(seed: seed, dimension: n)
    for i in 0..<n {
      let scale = Foundation.pow(conditioning.squareRoot(), 1.0 * Double(i) / (Double(n) - 1.0))
      for j in 0..<n { q[i * n + j] = q[i * n + j] * scale }
    }
    scaledQ = _BBOBStorage(q)
    asymmetry = _BBOBStorage(_BBOB.asymmetryFactors(beta: 0.5, dimension: n))
    self.fopt = fopt
  }

  @inline(__always)
  func callAsFunction(_ x: UnsafePointer<Double>, _ n: Int, _ work: UnsafeMutablePointer<Double>) -> Double {
    let xo = xopt.pointer, a = asymmetry.pointer
    let u = work, v = work + n
    for i in 0..<n { u[i] = x[i] - xo[i] }
    _BBOB.affine(r.pointer, u, v, n)
    for i in 0..<n { v[i] = _BBOB.asymmetric(v[i], scaledBeta: a[i]) }
    _BBOB.affine(scaledQ.pointer, v, u, n)
    var s = 0.0
    for i in 0..<(n - 1) {
      let t = u[i] * u[i] + u[i + 1] * u[i + 1]
      s += Foundation.pow(t, 0.25) * (1.0 + Foundation.pow(Foundation.sin(50.0 * Foundation.pow(t, 0.1)), 2.0))
    }
    let raw = Foundation.pow(s / (Double(n) - 1.0), 2.0)
    return (raw + fopt) + penaltyScale * _BBOB.boxPenalty(x, n)
  }
}

/// f19, composite Griewank–Rosenbrock F8F2:
/// 10/(n−1) Σ (s_i/4000 − cos s_i) + 10 + f_opt, s_i = 100(z_i² − z_{i+1})² + (z_i − 1)²,
/// z = max(1, √n/8)·R x + 1/2.
struct BBOBGriewankRosenbrock: Sendable {
  let matrix: _BBOBStorage
  let optimum: [Double]
  let fopt: Double
  /// COCO's `facftrue`: 10 in bbob, 1 in bbob-noisy.
  let factor: Double

  init(dimension n: Int, seed: Int, fopt: Double, factor: Double = 10) {
    self.factor = factor
    let r = BBOBLegacyRandom.rotation(seed: seed, dimension: n)
    let scale = Swift.max(1.0, Double(n).squareRoot() / 8.0)
    matrix = _BBOBStorage(r.map { $0 * scale })
    optimum = (0..<n).map { column in
      var s = 0.0
      for row in 0..<n { s += r[row * n + column] }
      return s / (2.0 * scale)
    }
    self.fopt = fopt
  }

  @inline(__always)
  func callAsFunction(_ x: UnsafePointer<Double>, _ n: Int, _ work: UnsafeMutablePointer<Double>) -> Double {
    _BBOB.affine(matrix.pointer, x, work, n)
    for i in 0..<n { work[i] = work[i] - (-0.5) }
    var s = 0.0
    for i in 0..<(n - 1) {
      let c1 = work[i] * work[i] - work[i + 1]
      let c2 = 1.0 - work[i]
      let t = 100.0 * c1 * c1 + c2 * c2
      s += t / 4000.0 - Foundation.cos(t)
    }
    return (factor + factor * s / Double(n - 1)) + fopt
  }
}
