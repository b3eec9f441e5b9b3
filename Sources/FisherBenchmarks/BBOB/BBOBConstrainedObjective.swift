import Foundation

/// The objective function of a bbob-constrained problem before the suite's
/// perturbation of the search space and its scaling: one of nine bbob functions
/// with its own instance data, as COCO's `f_*_cons_bbob_problem_allocate` (or, for
/// the sphere and the linear slope, the plain bbob allocator) builds it.
///
/// The functions keep their shift x̂ and rotation R but lose the nonlinear
/// transformations of their bbob versions (T_osz, T_asy), which the suite applies
/// to the whole constrained problem instead. With z the point after that
/// perturbation and f_opt COCO's `bbob2009_compute_fopt` of the function number:
///
/// | type | objective F(z) − f_opt |
/// |---|---|
/// | 1 sphere | ‖z − x̂‖² |
/// | 2 separable ellipsoid | Σ 10^(6i/(n−1)) (z − x̂)_i² |
/// | 3 linear slope | Σ 5|s_i| − s_i z_i, s_i = ±10^(i/(n−1)) with the sign of x̂_i |
/// | 4 rotated ellipsoid | the ellipsoid of R(z − x̂) |
/// | 5 discus | 10⁶ w₀² + Σ_{i>0} w_i², w = R(z − x̂) |
/// | 6 bent cigar | w₀² + 10⁶ Σ_{i>0} w_i², w = R(z − x̂) |
/// | 7 different powers | √(Σ |w_i|^(2+4i/(n−1))), w = R(z − x̂), ‖x̂‖ = 10⁻² |
/// | 8 separable Rastrigin | 10(n − Σ cos 2πv_i) + ‖v‖², v = z − x̂, x̂ ∈ ℤⁿ |
/// | 9 rotated Rastrigin | the Rastrigin function of v = Rz − x̂ |
struct BBOBConstrainedObjective: Sendable {
  /// The nine objective functions, numbered as the suite's groups of six problems.
  enum Kind: Int, CaseIterable, Sendable {
    case sphere = 1, separableEllipsoid, linearSlope, rotatedEllipsoid, discus, bentCigar, differentPowers,
      separableRastrigin, rotatedRastrigin

    /// The group name in COCO's postprocessing (cocopp), e.g. "Separable Ellipsoid".
    var name: String {
      switch self {
      case .sphere: return "Sphere"
      case .separableEllipsoid: return "Separable Ellipsoid"
      case .linearSlope: return "Linear Slope"
      case .rotatedEllipsoid: return "Rotated Ellipsoid"
      case .discus: return "Discus"
      case .bentCigar: return "Bent Cigar"
      case .differentPowers: return "Different Powers"
      case .separableRastrigin: return "Separable Rastrigin"
      case .rotatedRastrigin: return "Rotated Rastrigin"
      }
    }

    /// The factor the suite multiplies the objective by (`transform_obj_scale`).
    var scale: Double {
      switch self {
      case .sphere, .linearSlope, .separableRastrigin, .rotatedRastrigin: return 10
      case .separableEllipsoid, .rotatedEllipsoid, .discus, .bentCigar: return 1e-4
      case .differentPowers: return 1e2
      }
    }

    /// The perturbation of the search space the suite puts around the constrained problem.
    var perturbation: BBOBConstrainedPerturbation {
      switch self {
      case .sphere, .linearSlope, .differentPowers: return .none
      case .separableEllipsoid, .rotatedEllipsoid, .discus: return .oscillate
      case .bentCigar: return .asymmetric
      case .separableRastrigin, .rotatedRastrigin: return .oscillateThenAsymmetric
      }
    }
  }

  let kind: Kind
  let dimension: Int
  let optimalValue: Double
  /// x̂, the objective's own shift; for the linear slope, its optimum (±5 with the sign of COCO's x_opt).
  let shift: _BBOBStorage
  /// R, row-major n×n, for the rotated kinds.
  let rotation: _BBOBStorage?
  /// Per-coordinate constants: the ellipsoid's weights, the linear slope's s_i,
  /// the different powers' exponents.
  let coefficients: _BBOBStorage?

  /// The objective of function `function` (1…54), instance `instance`, built from
  /// COCO's seed `function + 20000·instance`.
  init(kind: Kind, function: Int, instance: Int, dimension n: Int) {
    self.kind = kind
    dimension = n
    optimalValue = BBOBLegacyRandom.optimalValue(function: function, instance: instance)
    let seed = function + 20000 * instance
    let rotated: Set<Kind> = [.rotatedEllipsoid, .discus, .bentCigar, .differentPowers, .rotatedRastrigin]
    rotation = rotated.contains(kind) ? _BBOBStorage(BBOBLegacyRandom.rotation(seed: seed + 1_000_000, dimension: n)) : nil
    var shift: [Double]
    var coefficients: [Double]? = nil
    switch kind {
    case .sphere, .separableEllipsoid, .rotatedEllipsoid, .discus:
      shift = BBOBLegacyRandom.optimum(seed: seed, dimension: n)
    case .linearSlope:
      shift = BBOBLegacyRandom.optimum(seed: seed, dimension: n).map { $0 < 0 ? -5.0 : 5.0 }
      coefficients = BBOBLinearSlope.slopes(corner: shift)
    case .bentCigar:
      shift = BBOBLegacyRandom.optimum(seed: seed + 1_000_000, dimension: n)
    case .differentPowers:
      shift = BBOBLegacyRandom.optimum(seed: seed, dimension: n)
      var norm = 0.0
      for v in shift { norm += v * v }
      norm = norm.squareRoot()
      for i in 0..<n { shift[i] *= 1e-2 / norm }
      coefficients = _BBOB.differentPowersExponents(dimension: n)
    case .separableRastrigin, .rotatedRastrigin:
      shift = Self.rastriginShift(seed: seed, dimension: n)
    }
    if kind == .separableEllipsoid || kind == .rotatedEllipsoid {
      coefficients = _BBOB.ellipsoidWeights(dimension: n)
    }
    self.shift = _BBOBStorage(shift)
    self.coefficients = coefficients.map(_BBOBStorage.init)
  }

  /// `f_rastrigin_cons_compute_xopt`: ⌊10u − 5⌉ truncated toward 0 for uniform u,
  /// or (−4, −3, …, 4, −4, …) if that is the origin.
  static func rastriginShift(seed: Int, dimension n: Int) -> [Double] {
    var x = BBOBLegacyRandom.uniform(count: n, seed: seed)
    for i in 0..<n { x[i] = (10 * x[i] - 5).rounded(.towardZero) }
    if x.allSatisfy({ $0 == 0 }) {
      for i in 0..<n { x[i] = Double(i % 9 - 4) }
    }
    return x
  }

  /// F(z) with f_opt, unscaled. As COCO's evaluation chain does, an infinite
  /// coordinate at any stage gives +∞ and a NaN one NaN.
  func value(at z: UnsafePointer<Double>) -> Double {
    let n = dimension
    if let special = BBOBConstrainedPerturbation.nonFinite(z, n) { return special }
    let s = shift.pointer
    switch kind {
    case .linearSlope:
      return BBOBLinearSlope.sum(z, corner: s, slopes: coefficients!.pointer, n) + optimalValue
    case .rotatedRastrigin:
      return withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * n) { buffer in
        let w = buffer.baseAddress!
        let v = w + n
        _BBOB.affine(rotation!.pointer, z, w, n)
        if let special = BBOBConstrainedPerturbation.nonFinite(w, n) { return special }
        for i in 0..<n { v[i] = w[i] - s[i] }
        if let special = BBOBConstrainedPerturbation.nonFinite(v, n) { return special }
        return Self.rastrigin(v, n) + optimalValue
      }
    default:
      return withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * n) { buffer in
        let v = buffer.baseAddress!
        for i in 0..<n { v[i] = z[i] - s[i] }
        if let special = BBOBConstrainedPerturbation.nonFinite(v, n) { return special }
        var w = UnsafePointer(v)
        if let r = rotation {
          _BBOB.affine(r.pointer, v, v + n, n)
          if let special = BBOBConstrainedPerturbation.nonFinite(v + n, n) { return special }
          w = UnsafePointer(v + n)
        }
        return raw(w) + optimalValue
      }
    }
  }

  /// The unshifted, unrotated function at w, for all kinds but the linear slope
  /// and the rotated Rastrigin function.
  private func raw(_ w: UnsafePointer<Double>) -> Double {
    let n = dimension
    switch kind {
    case .sphere:
      var result = 0.0
      for i in 0..<n { result += w[i] * w[i] }
      return result
    case .separableEllipsoid, .rotatedEllipsoid:
      let c = coefficients!.pointer
      var result = w[0] * w[0]
      for i in 1..<max(1, n) { result += c[i] * w[i] * w[i] }
      return result
    case .discus:
      var result = 1.0e6 * w[0] * w[0]
      for i in 1..<max(1, n) { result += w[i] * w[i] }
      return result
    case .bentCigar:
      var result = w[0] * w[0]
      for i in 1..<max(1, n) { result += 1.0e6 * w[i] * w[i] }
      return result
    case .differentPowers:
      let c = coefficients!.pointer
      var sum = 0.0
      for i in 0..<n { sum += Foundation.pow(Swift.abs(w[i]), c[i]) }
      return sum.squareRoot()
    case .separableRastrigin, .rotatedRastrigin:
      return Self.rastrigin(w, n)
    case .linearSlope:
      preconditionFailure("the linear slope is evaluated without a shift")
    }
  }

  /// `f_rastrigin_raw`: 10(n − Σ cos 2πv_i) + Σ v_i², or Σ v_i² when that is infinite.
  private static func rastrigin(_ v: UnsafePointer<Double>, _ n: Int) -> Double {
    var sum1 = 0.0
    var sum2 = 0.0
    for i in 0..<n {
      sum1 += Foundation.cos(2.0 * Double.pi * v[i])
      sum2 += v[i] * v[i]
    }
    if sum2.isInfinite { return sum2 }
    return 10.0 * (Double(n) - sum1) + sum2
  }

  /// ∇F(0) as COCO's `bbob_evaluate_gradient` computes it through the
  /// objective's chain of transformations (including its own simplifications,
  /// e.g. the different powers' gradient divides by Σ|w_i|^p rather than its root).
  func gradientAtOrigin() -> [Double] {
    let n = dimension
    let s = shift.array
    switch kind {
    case .linearSlope:
      return (0..<n).map { -coefficients!.pointer[$0] }
    case .sphere, .separableEllipsoid, .separableRastrigin:
      return rawGradient((0..<n).map { 0.0 - s[$0] })
    case .rotatedRastrigin:
      // The rotation comes first: R·0, then the shift.
      var w = [Double](repeating: 0, count: n)
      let zero = [Double](repeating: 0, count: n)
      zero.withUnsafeBufferPointer { x in
        w.withUnsafeMutableBufferPointer { _BBOB.affine(rotation!.pointer, x.baseAddress!, $0.baseAddress!, n) }
      }
      return transposeProduct(rawGradient((0..<n).map { w[$0] - s[$0] }))
    case .rotatedEllipsoid, .discus, .bentCigar, .differentPowers:
      let v = (0..<n).map { 0.0 - s[$0] }
      var w = [Double](repeating: 0, count: n)
      v.withUnsafeBufferPointer { x in
        w.withUnsafeMutableBufferPointer { _BBOB.affine(rotation!.pointer, x.baseAddress!, $0.baseAddress!, n) }
      }
      return transposeProduct(rawGradient(w))
    }
  }

  /// gᵀR: `transform_vars_affine_evaluate_gradient`'s Σ_i g_i R_ij, summed over i in order.
  private func transposeProduct(_ g: [Double]) -> [Double] {
    let n = dimension
    let m = rotation!.pointer
    var result = [Double](repeating: 0, count: n)
    for j in 0..<n {
      for i in 0..<n { result[j] += g[i] * m[i * n + j] }
    }
    return result
  }

  /// The gradient of the unshifted, unrotated function at w, as COCO's `f_*_evaluate_gradient`.
  private func rawGradient(_ w: [Double]) -> [Double] {
    let n = dimension
    switch kind {
    case .sphere:
      return w.map { 2.0 * $0 }
    case .separableEllipsoid, .rotatedEllipsoid:
      let c = coefficients!.pointer
      return (0..<n).map { 2.0 * c[$0] * w[$0] }
    case .discus:
      return (0..<n).map { $0 == 0 ? 1.0e6 * 2.0 * w[0] : 2.0 * w[$0] }
    case .bentCigar:
      return (0..<n).map { $0 == 0 ? 2.0 * w[0] : 2.0 * 1.0e6 * w[$0] }
    case .differentPowers:
      let c = coefficients!.pointer
      var sum = 0.0
      for i in 0..<n { sum += Foundation.pow(Swift.abs(w[i]), c[i]) }
      return (0..<n).map { i in
        let sign: Double = w[i] > 0 ? 1 : (w[i] < 0 ? -1 : 0)
        return 0.5 * c[i] / sum * (Foundation.pow(Swift.abs(w[i]), c[i] - 1.0) * sign)
      }
    case .separableRastrigin, .rotatedRastrigin:
      return w.map { 2.0 * (10.0 * Double.pi * Foundation.sin(2.0 * Double.pi * $0) + $0) }
    case .linearSlope:
      return (0..<n).map { -coefficients!.pointer[$0] }
    }
  }
}
