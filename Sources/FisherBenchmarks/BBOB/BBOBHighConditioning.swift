import Foundation

// The unimodal bbob functions with high conditioning, f10–f14.

/// The rotated unimodal functions f10, f11, f13 and f14: z = A(x − x_opt)
/// (A = R, or R Λ¹⁰ Q for f13), optionally T_osz, then a raw function.
struct BBOBRotatedUnimodal: Sendable {
  enum Kind: Sendable { case ellipsoid, discus, sharpRidge, differentPowers }
  let kind: Kind
  let xopt: _BBOBStorage
  let matrix: _BBOBStorage
  /// Ellipsoid weights (f10) or different-powers exponents (f14).
  let coefficients: _BBOBStorage
  let fopt: Double

  /// `conditioning` is the ellipsoid's (f10: 10⁶; the noisy suite's f116–f118: 10⁴).
  init(kind: Kind, dimension n: Int, seed: Int, fopt: Double, conditioning: Double = 1e6) {
    self.kind = kind
    xopt = _BBOBStorage(BBOBLegacyRandom.optimum(seed: seed, dimension: n))
    let r = BBOBLegacyRandom.rotation(seed: seed + 1_000_000, dimension: n)
    switch kind {
    case .sharpRidge:
      matrix = _BBOBStorage(
        _BBOB.fusedRotation(
          r, BBOBLegacyRandom.rotation(seed: seed, dimension: n), base: 10.0.squareRoot(), dimension: n))
    default:
      matrix = _BBOBStorage(r)
    }
    switch kind {
    case .ellipsoid: coefficients = _BBOBStorage(_BBOB.ellipsoidWeights(dimension: n, conditioning: conditioning))
    case .differentPowers:
      coefficients = _BBOBStorage(_BBOB.differentPowersExponents(dimension: n))
    default: coefficients = _BBOBStorage([])
    }
    self.fopt = fopt
  }

  @inline(__always)
  func callAsFunction(_ x: UnsafePointer<Double>, _ n: Int, _ work: UnsafeMutablePointer<Double>) -> Double {
    let xo = xopt.pointer, c = coefficients.pointer
    let shifted = work, z = work + n
    for i in 0..<n { shifted[i] = x[i] - xo[i] }
    _BBOB.affine(matrix.pointer, shifted, z, n)
    switch kind {
    case .ellipsoid:
      for i in 0..<n { z[i] = _BBOB.oscillate(z[i]) }
      return _BBOB.ellipsoid(z, n, c) + fopt
    case .discus:
      for i in 0..<n { z[i] = _BBOB.oscillate(z[i]) }
      var r = 1.0e6 * z[0] * z[0]
      for i in 1..<n { r += z[i] * z[i] }
      return r + fopt
    case .sharpRidge:
      var r = 0.0
      for i in 1..<n { r += z[i] * z[i] }
      return (100.0 * r.squareRoot() + z[0] * z[0]) + fopt
    case .differentPowers:
      var s = 0.0
      for i in 0..<n { s += Foundation.pow(Swift.abs(z[i]), c[i]) }
      return s.squareRoot() + fopt
    }
  }
}

/// f12, bent cigar: z₁² + 10⁶ Σ_{i≥2} z_i² + f_opt, z = R T_asy^0.5(R(x − x_opt)).
///
/// Unlike the other functions, x_opt is drawn from seed + 10⁶ (COCO's choice).
struct BBOBBentCigar: Sendable {
  let xopt: _BBOBStorage
  let r: _BBOBStorage
  let asymmetry: _BBOBStorage
  let fopt: Double

  init(dimension n: Int, seed: Int, fopt: Double) {
    xopt = _BBOBStorage(BBOBLegacyRandom.optimum(seed: seed + 1_000_000, dimension: n))
    r = _BBOBStorage(BBOBLegacyRandom.rotation(seed: seed + 1_000_000, dimension: n))
    asymmetry = _BBOBStorage(_BBOB.asymmetryFactors(beta: 0.5, dimension: n))
    self.fopt = fopt
  }

  var optimum: [Double] { xopt.array }

  @inline(__always)
  func callAsFunction(_ x: UnsafePointer<Double>, _ n: Int, _ work: UnsafeMutablePointer<Double>) -> Double {
    let xo = xopt.pointer, a = asymmetry.pointer
    let u = work, v = work + n
    for i in 0..<n { u[i] = x[i] - xo[i] }
    _BBOB.affine(r.pointer, u, v, n)
    for i in 0..<n { v[i] = _BBOB.asymmetric(v[i], scaledBeta: a[i]) }
    _BBOB.affine(r.pointer, v, u, n)
    var s = u[0] * u[0]
    for i in 1..<n { s += 1.0e6 * u[i] * u[i] }
    return s + fopt
  }
}
