import Foundation

/// The inverse of an increasing function of one variable with T(0) = 0, by
/// Brent's method, as COCO's `brentq.c` computes it (a port of SciPy's `brentq`).
///
/// bbob-constrained uses it to map its feasible initial point back through the
/// nonlinear perturbations T_osz and T_asy of the search space; reproducing the
/// iteration step by step gives the same initial solution as COCO.
enum BBOBBrentInverse {
  /// `brentinv(f, y)`: x with f(x) = y.
  ///
  /// Brackets the root starting from [y, y], halving or doubling the end that
  /// moves away from 0 until f changes sides of y, then runs `brentq` with
  /// tolerances 10⁻¹⁴ (absolute) and 10⁻¹⁰ (relative) and at most 200 steps.
  static func inverse(of f: (Double) -> Double, at y: Double) -> Double {
    var fval = f(y)
    var xmax = y
    var xmin = y
    if y > 0 {
      if fval > y {
        while fval > y {
          xmin = xmin / 2
          fval = f(xmin)
        }
      } else {
        while fval < y {
          xmax = xmax * 2
          fval = f(xmax)
        }
      }
    } else {
      if fval > y {
        while fval > y {
          xmin = xmin * 2
          fval = f(xmin)
        }
      } else {
        while fval < y {
          xmax = xmax / 2
          fval = f(xmax)
        }
      }
    }
    return brentq(f, y, xmin, xmax, xtol: 1e-14, rtol: 1e-10, iterations: 200)
  }

  /// `brentq(f, y, xa, xb, xtol, rtol, iter)`: a root of f(x) − y in [xa, xb],
  /// NaN when f(xa) − y and f(xb) − y have the same sign.
  static func brentq(
    _ f: (Double) -> Double, _ y: Double, _ xa: Double, _ xb: Double, xtol: Double, rtol: Double, iterations: Int
  ) -> Double {
    var xpre = xa
    var xcur = xb
    var xblk = 0.0
    var fblk = 0.0
    var spre = 0.0
    var scur = 0.0
    var fpre = f(xpre) - y
    var fcur = f(xcur) - y
    if fpre * fcur > 0 { return .nan }
    if fpre == 0 { return xpre }
    if fcur == 0 { return xcur }

    for _ in 0..<iterations {
      if fpre != 0 && fcur != 0 && (fpre.sign != fcur.sign) {
        xblk = xpre
        fblk = fpre
        spre = xcur - xpre
        scur = spre
      }
      if Swift.abs(fblk) < Swift.abs(fcur) {
        xpre = xcur
        xcur = xblk
        xblk = xpre

        fpre = fcur
        fcur = fblk
        fblk = fpre
      }

      let delta = (xtol + rtol * Swift.abs(xcur)) / 2
      let sbis = (xblk - xcur) / 2
      if fcur == 0 || Swift.abs(sbis) < delta { return xcur }

      if Swift.abs(spre) > delta && Swift.abs(fcur) < Swift.abs(fpre) {
        let stry: Double
        if xpre == xblk {
          // Interpolate.
          stry = -fcur * (xcur - xpre) / (fcur - fpre)
        } else {
          // Extrapolate.
          let dpre = (fpre - fcur) / (xpre - xcur)
          let dblk = (fblk - fcur) / (xblk - xcur)
          stry = -fcur * (fblk * dblk - fpre * dpre) / (dblk * dpre * (fblk - fpre))
        }
        let bound = 3 * Swift.abs(sbis) - delta
        if 2 * Swift.abs(stry) < (Swift.abs(spre) < bound ? Swift.abs(spre) : bound) {
          // A good short step.
          spre = scur
          scur = stry
        } else {
          spre = sbis
          scur = sbis
        }
      } else {
        spre = sbis
        scur = sbis
      }

      xpre = xcur
      fpre = fcur
      if Swift.abs(scur) > delta {
        xcur += scur
      } else {
        xcur += sbis > 0 ? delta : -delta
      }
      fcur = f(xcur) - y
    }
    return xcur
  }
}
