/// Running estimates of the largest and the smallest eigenvalue of C = L Lᵀ,
/// by power iteration and inverse iteration on a Cholesky factor.
///
/// Each ``iterate(transposedFactor:dimension:)`` performs one step of each,
/// with unit vectors u and v carried from step to step:
///
///     w = C u = L (Lᵀ u),        λ̂_max = ‖w‖,       u ← w/‖w‖
///     t = C⁻¹ v = L⁻ᵀ (L⁻¹ v),   λ̂_min = 1/‖t‖,     v ← t/‖t‖
///
/// For a unit vector, ‖C u‖ ≤ λ_max and ‖C⁻¹ v‖ ≤ 1/λ_min, so always
/// λ_min ≤ λ̂_min and λ̂_max ≤ λ_max: λ̂_max/λ̂_min never overstates the
/// condition number. Both converge linearly (rates λ₂/λ₁ and λₙ/λₙ₋₁, for
/// eigenvalues λ₁ ≥ … ≥ λₙ)
/// when C is fixed; when C changes slowly, as the covariance of CMA-ES does,
/// one step per change tracks the extremes.
///
/// - Complexity: 2n² multiply–adds per step; O(n) memory.
struct ExtremeEigenvalueEstimate: Sendable, Hashable, Codable {
  /// The current unit vectors of the power and the inverse iteration.
  var largestVector: [Double]
  var smallestVector: [Double]
  /// λ̂_max and λ̂_min after the latest step.
  var largest: Double
  var smallest: Double

  /// Starts both iterations from `start` (normalized; not zero) with the
  /// estimates `largest` and `smallest` (e.g. 1 and 1 for C = I).
  init(start: [Double], largest: Double, smallest: Double) {
    var s2 = 0.0
    for v in start { s2 += v * v }
    let scale = s2 > 0 ? 1 / s2.squareRoot() : 0
    largestVector = start.map { $0 * scale }
    smallestVector = largestVector
    self.largest = largest
    self.smallest = smallest
  }

  /// One power step and one inverse-iteration step on C = L Lᵀ, L given by its
  /// transpose `rt` (see ``_TransposedFactorKernels``); with `solving`, also
  /// b ← L⁻¹ b in the same sweep over L. A step that would give a zero or
  /// non-finite vector leaves that estimate unchanged.
  ///
  /// - Complexity: two sweeps over L: 2.5n² multiply–adds, 3n² with `solving`.
  mutating func iterate(transposedFactor rt: UnsafePointer<Double>, dimension n: Int, solving b: UnsafeMutablePointer<Double>? = nil) {
    var t = smallestVector
    var w = [Double](repeating: 0, count: n)
    var unused = [Double](repeating: 0, count: b == nil ? n : 0)
    t.withUnsafeMutableBufferPointer { tb in
      w.withUnsafeMutableBufferPointer { wb in
        unused.withUnsafeMutableBufferPointer { ub in
          largestVector.withUnsafeMutableBufferPointer { u in
            let tp = tb.baseAddress!, wp = wb.baseAddress!
            _TransposedFactorKernels.solveTwoAndMultiplyGram(
              rt, n, b ?? ub.baseAddress!, tp, power: u.baseAddress!, into: wp)
            let norm = _dot(wp, wp, n).squareRoot()
            if norm > 0, norm.isFinite {
              largest = norm
              for i in 0..<n { u[i] = wp[i] / norm }
            }
            _TransposedFactorKernels.solveTransposed(rt, n, tp)
          }
        }
      }
    }
    var s2 = 0.0
    for v in t { s2 += v * v }
    let norm = s2.squareRoot()
    if norm > 0, norm.isFinite {
      smallest = 1 / norm
      smallestVector = t.map { $0 / norm }
    }
  }
}
