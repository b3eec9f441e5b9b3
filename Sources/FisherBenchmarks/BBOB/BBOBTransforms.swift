import Foundation

/// The building blocks COCO composes the bbob functions from.
///
/// Each mirrors one of COCO's `transform_vars_*.c` / `transform_obj_*.c` in the
/// exact order of floating-point operations, so compositions agree with COCO
/// to the last bit wherever the math library does.
@usableFromInline
enum _BBOB {
  /// T_osz, the oscillation of one coordinate (`transform_vars_oscillate`).
  ///
  /// x̂ = ln|x| / 0.1; T_osz(x) = sign(x)·exp(x̂ + 0.49(sin c₁x̂ + sin c₂x̂))^0.1
  /// with (c₁, c₂) = (1, 0.79) for x > 0 and (0.55, 0.31) for x < 0; T_osz(0) = 0.
  @inlinable @inline(__always)
  static func oscillate(_ x: Double) -> Double {
    if x > 0 {
      let t = Foundation.log(x) / 0.1
      let base = Foundation.exp(t + 0.49 * (Foundation.sin(t) + Foundation.sin(0.79 * t)))
      return Foundation.pow(base, 0.1)
    } else if x < 0 {
      let t = Foundation.log(-x) / 0.1
      let base = Foundation.exp(t + 0.49 * (Foundation.sin(0.55 * t) + Foundation.sin(0.31 * t)))
      return -Foundation.pow(base, 0.1)
    }
    return 0
  }

  /// T_osz applied to an objective value (`transform_obj_oscillate`).
  @inlinable @inline(__always)
  static func oscillateObjective(_ y: Double) -> Double {
    if y == 0 { return y }
    let t = Foundation.log(Swift.abs(y)) / 0.1
    if y > 0 {
      return Foundation.pow(Foundation.exp(t + 0.49 * (Foundation.sin(t) + Foundation.sin(0.79 * t))), 0.1)
    }
    return -Foundation.pow(Foundation.exp(t + 0.49 * (Foundation.sin(0.55 * t) + Foundation.sin(0.31 * t))), 0.1)
  }

  /// T_asy^β of coordinate i of n (`transform_vars_asymmetric`).
  ///
  /// x ↦ x^(1 + β·i/(n−1)·√x) for x > 0, x otherwise. `scaledBeta` is β·i/(n−1),
  /// computed once per coordinate as COCO does: `(β·i)/(n − 1)`.
  @inlinable @inline(__always)
  static func asymmetric(_ x: Double, scaledBeta: Double) -> Double {
    x > 0 ? Foundation.pow(x, 1.0 + scaledBeta * x.squareRoot()) : x
  }

  /// The factors (β·i)/(n − 1) of T_asy^β for i = 0..<n.
  static func asymmetryFactors(beta: Double, dimension n: Int) -> [Double] {
    (0..<n).map { i in (beta * Double(i)) / (Double(n) - 1.0) }
  }

  /// f_pen(x) = Σ max(0, |x_i| − 5)², written as `transform_obj_penalize` does
  /// for the box [−5, 5]ⁿ.
  @inlinable @inline(__always)
  static func boxPenalty(_ x: UnsafePointer<Double>, _ n: Int) -> Double {
    var penalty = 0.0
    for i in 0..<n {
      let c1 = x[i] - 5.0
      let c2 = -5.0 - x[i]
      if c1 > 0 {
        penalty += c1 * c1
      } else if c2 > 0 {
        penalty += c2 * c2
      }
    }
    return penalty
  }

  /// Σ max(0, |x_i| − bound)², the in-function penalty of f7, f20, f21/22 and f24.
  @inlinable @inline(__always)
  static func absPenalty(_ x: UnsafePointer<Double>, _ n: Int, bound: Double) -> Double {
    var penalty = 0.0
    for i in 0..<n {
      let t = Swift.abs(x[i]) - bound
      if t > 0 { penalty += t * t }
    }
    return penalty
  }

  /// `coco_double_round`: ⌊x + 0.5⌋.
  @inlinable @inline(__always)
  static func round(_ x: Double) -> Double { (x + 0.5).rounded(.down) }

  /// y = M·x + b for a row-major n×n matrix, each row summed left to right from b_i.
  ///
  /// Four rows are accumulated at once for instruction-level parallelism; the
  /// order of additions within a row is COCO's, so results are bit-identical.
  ///
  /// - Complexity: O(n²).
  @inlinable
  static func affine(
    _ m: UnsafePointer<Double>, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>,
    _ n: Int, offset b: Double = 0
  ) {
    var i = 0
    while i + 4 <= n {
      let r0 = m + i * n, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n
      var s0 = b, s1 = b, s2 = b, s3 = b
      for j in 0..<n {
        let xj = x[j]
        s0 += xj * r0[j]
        s1 += xj * r1[j]
        s2 += xj * r2[j]
        s3 += xj * r3[j]
      }
      y[i] = s0; y[i + 1] = s1; y[i + 2] = s2; y[i + 3] = s3
      i += 4
    }
    while i < n {
      let r = m + i * n
      var s = b
      for j in 0..<n { s += x[j] * r[j] }
      y[i] = s
      i += 1
    }
  }

  /// M = R₁·diag(λ_k)·R₂ summed over k left to right, as COCO builds its fused
  /// R·Λ·Q matrices, with λ_k = base^(k/(n−1)).
  static func fusedRotation(_ r1: [Double], _ r2: [Double], base: Double, dimension n: Int) -> [Double] {
    var m = [Double](repeating: 0, count: n * n)
    let lambda = (0..<n).map { k in Foundation.pow(base, 1.0 * Double(k) / (Double(n) - 1.0)) }
    for i in 0..<n {
      for j in 0..<n {
        var s = 0.0
        for k in 0..<n { s += r1[i * n + k] * lambda[k] * r2[k * n + j] }
        m[i * n + j] = s
      }
    }
    return m
  }

  /// The exponents i/(n − 1) as COCO writes them, `(double)i / ((double)n − 1.0)`.
  @inlinable @inline(__always)
  static func ratio(_ i: Int, _ n: Int) -> Double { Double(i) / (Double(n) - 1.0) }
}
