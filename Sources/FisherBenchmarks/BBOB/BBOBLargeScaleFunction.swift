import Foundation

/// One function of COCO's bbob-largescale suite (`coco_get_largescale_problem`),
/// the continuous function bbob-mixint discretizes in dimensions 50 and above.
///
/// COCO builds these functions as a stack of transformations around a raw
/// function; `steps` lists the variable transformations in the order they act on
/// x, `raw` is the function they feed, and `objective` the transformations of its
/// value, in order. The full rotations of bbob are replaced by
/// `BBOBPermutedBlockRotation`s, most values are multiplied by min(1, 40/n), and
/// the separable f1–f5, f8 and f20 are bbob's (with that normalization where COCO
/// applies it). f_opt and the instance seeds are bbob's.
struct BBOBLargeScaleFunction: Sendable {
  let dimension: Int
  let steps: [Step]
  let raw: Raw
  let objective: [ObjectiveStep]
  /// COCO's best parameter.
  let optimum: [Double]

  /// A transformation of the point, `transform_vars_*`.
  enum Step: Sendable {
    /// z − v.
    case shift([Double])
    /// z_i ← z_{P(i)}.
    case permutation([Int])
    /// z ← B z.
    case rotation(BBOBPermutedBlockRotation)
    /// z_i ← α^(½·i/(n−1)) z_i.
    case conditioning(Double)
    /// T_asy^β.
    case asymmetric(Double)
    /// T_osz.
    case oscillate
    /// c·z.
    case scale(Double)
    /// Büche–Rastrigin's scaling: 10^(½·i/(n−1)), times 10 for positive even-indexed coordinates.
    case brs
    /// 2 s_i z_i; the result is also what Lunacek's raw function reads as x̂.
    case signedDouble([Double])
    /// The step ellipsoid's rounding: |z| > 1/2 rounds to an integer, else to a
    /// tenth; n·|z₁| before rounding is kept for the raw function.
    case roundStep
  }

  /// A transformation of the value, `transform_obj_*`.
  enum ObjectiveStep: Sendable {
    /// y·min(1, 40/n).
    case normalizeByDimension
    /// T_osz(y).
    case oscillate
    /// y^e.
    case power(Double)
    /// y + c·Σ max(0, |x_i| − 5)² for the point x given to the function.
    case penalize(Double)
    /// y + f_opt.
    case shift(Double)
  }

  /// f(x) for `dimension` coordinates, NaN-free input assumed.
  func evaluate(_ x: UnsafePointer<Double>) -> Double {
    let n = dimension
    return withUnsafeTemporaryAllocation(of: Double.self, capacity: 3 * n) { buffer in
      let z = buffer.baseAddress!, t = z + n, xhat = z + 2 * n
      for i in 0..<n { z[i] = x[i] }
      var stepZ = 0.0
      for step in steps {
        switch step {
        case .shift(let v): for i in 0..<n { z[i] = z[i] - v[i] }
        case .permutation(let p):
          for i in 0..<n { t[i] = z[p[i]] }
          for i in 0..<n { z[i] = t[i] }
        case .rotation(let b):
          b.apply(z, t)
          for i in 0..<n { z[i] = t[i] }
        case .conditioning(let alpha):
          for i in 0..<n { z[i] = Foundation.pow(alpha, 0.5 * Double(i) / (Double(n) - 1.0)) * z[i] }
        case .asymmetric(let beta):
          for i in 0..<n { z[i] = _BBOB.asymmetric(z[i], scaledBeta: (beta * Double(i)) / (Double(n) - 1.0)) }
        case .oscillate: for i in 0..<n { z[i] = _BBOB.oscillate(z[i]) }
        case .scale(let c): for i in 0..<n { z[i] = c * z[i] }
        case .brs:
          for i in 0..<n {
            var factor = Foundation.pow(10.0.squareRoot(), _BBOB.ratio(i, n))
            if z[i] > 0 && i % 2 == 0 { factor *= 10.0 }
            z[i] = factor * z[i]
          }
        case .signedDouble(let signs):
          for i in 0..<n {
            z[i] = 2.0 * signs[i] * z[i]
            xhat[i] = z[i]
          }
        case .roundStep:
          stepZ = Swift.abs(z[0]) * Double(n)
          for i in 0..<n {
            z[i] = Swift.abs(z[i]) > 0.5 ? _BBOB.round(z[i]) : _BBOB.round(10.0 * z[i]) / 10.0
          }
        }
      }
      var y = raw.value(z, n, xhat: xhat, stepZ: stepZ, work: t)
      for step in objective {
        switch step {
        case .normalizeByDimension: y *= Swift.min(1.0, 40.0 / Double(n))
        case .oscillate: y = _BBOB.oscillateObjective(y)
        case .power(let e): y = Foundation.pow(y, e)
        case .penalize(let c): y += c * _BBOB.boxPenalty(x, n)
        case .shift(let fopt): y += fopt
        }
      }
      return y
    }
  }
}
