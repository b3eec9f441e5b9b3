import Foundation

/// The nonlinear perturbation of the search space around a bbob-constrained
/// problem: COCO applies the transformations it removed from the objective
/// (T_osz and T_asy with β = 0.2) to the objective and the constraints together,
/// coordinate by coordinate, after shifting by x_opt. Both are increasing and
/// fix 0, so the constrained optimum stays at x_opt.
enum BBOBConstrainedPerturbation: Sendable {
  /// None (sphere, linear slope, different powers).
  case none
  /// z_i = T_osz(y_i) (separable and rotated ellipsoid, discus).
  case oscillate
  /// z_i = T_asy^0.2(y_i) (bent cigar).
  case asymmetric
  /// z_i = T_asy^0.2(T_osz(y_i)) (separable and rotated Rastrigin).
  case oscillateThenAsymmetric

  static let beta = 0.2

  /// T(y) in place, with COCO's guard after each transformation: nil when all
  /// coordinates are finite, otherwise what COCO's evaluation returns for the
  /// point (+∞ if a coordinate became infinite, NaN if one became NaN).
  func apply(_ y: UnsafeMutablePointer<Double>, _ n: Int) -> Double? {
    switch self {
    case .none:
      return nil
    case .oscillate:
      for i in 0..<n { y[i] = _BBOB.oscillate(y[i]) }
      return Self.nonFinite(y, n)
    case .asymmetric:
      applyAsymmetric(y, n)
      return Self.nonFinite(y, n)
    case .oscillateThenAsymmetric:
      for i in 0..<n { y[i] = _BBOB.oscillate(y[i]) }
      if let special = Self.nonFinite(y, n) { return special }
      applyAsymmetric(y, n)
      return Self.nonFinite(y, n)
    }
  }

  private func applyAsymmetric(_ y: UnsafeMutablePointer<Double>, _ n: Int) {
    for i in 0..<n { y[i] = _BBOB.asymmetric(y[i], scaledBeta: Self.scaledBeta(i, n)) }
  }

  /// β·i/(n − 1), written as `tasy_uv` computes it.
  static func scaledBeta(_ i: Int, _ n: Int) -> Double {
    (beta * Double(i)) / (Double(n) - 1.0)
  }

  /// T⁻¹(z) of coordinate i of n, by Brent's method (NaN if the bracketing fails).
  func inverse(_ z: Double, coordinate i: Int, dimension n: Int) -> Double {
    let asymmetric = { (x: Double) in _BBOB.asymmetric(x, scaledBeta: Self.scaledBeta(i, n)) }
    switch self {
    case .none:
      return z
    case .oscillate:
      return BBOBBrentInverse.inverse(of: _BBOB.oscillate, at: z)
    case .asymmetric:
      return BBOBBrentInverse.inverse(of: asymmetric, at: z)
    case .oscillateThenAsymmetric:
      let y = BBOBBrentInverse.inverse(of: asymmetric, at: z)
      return BBOBBrentInverse.inverse(of: _BBOB.oscillate, at: y)
    }
  }

  /// The initial solution behind the feasible point `p` of the unperturbed problem,
  /// as COCO's `transform_inv_initial_*` finds it: T⁻¹(p·2⁻ʲ) for the smallest
  /// j ≥ 0 for which x_opt + T⁻¹(p·2⁻ʲ) lies strictly inside (−5, 5)ⁿ, or `p`
  /// itself when an inverse fails. The result is relative to x_opt.
  func initialPoint(_ p: [Double], optimum xopt: [Double]) -> [Double] {
    if case .none = self { return p }
    let n = p.count
    var solution = [Double](repeating: 0, count: n)
    var halvings = 0
    while true {
      var inBounds = true
      var last = 0.0
      for i in 0..<n {
        last = inverse(p[i] * Foundation.pow(0.5, Double(halvings)), coordinate: i, dimension: n)
        let x = last + xopt[i]
        inBounds = -5.0 < x && x < 5.0
        if !inBounds {
          halvings += 1
          break
        }
        solution[i] = last
      }
      if !inBounds && !last.isNaN { continue }
      if !inBounds { return p }
      return solution
    }
  }

  /// +∞ if a coordinate is infinite, else NaN if one is NaN, else nil: what
  /// COCO's `coco_evaluate_function` returns for such a point.
  static func nonFinite(_ x: UnsafePointer<Double>, _ n: Int) -> Double? {
    for i in 0..<n where x[i].isInfinite { return .infinity }
    for i in 0..<n where x[i].isNaN { return .nan }
    return nil
  }
}
