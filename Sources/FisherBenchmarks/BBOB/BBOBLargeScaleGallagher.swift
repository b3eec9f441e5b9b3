import Foundation

/// The peaks of bbob-largescale's Gallagher functions f21 (101 peaks) and f22 (21 peaks),
/// COCO's `f_gallagher_permblockdiag_bbob_problem_allocate`.
///
/// Peak i has the center B·y_i (y_i = b·u − c from the instance's uniform
/// numbers, y₀ shrunk by 0.8), a conditioning α_i and a permutation P_i of its
/// axes; its value at z is w_i exp(−‖s_i‖²/(2n)) with s_{P_i(j)} ← (z − B y_i)_j,
/// then s_j ← α_i^(−1/8)·√α_i^(½·j/(n−1))·s_j. The raw function is 10 − max_i of
/// the peak values.
struct BBOBLargeScaleGallagher: Sendable {
  let peaks: Int
  /// The rotated centers, peak-major.
  let centers: [Double]
  /// The axis permutations P_i, peak-major.
  let permutations: [Int]
  /// √α_i^(½·j/(n−1))·α_i^(−1/8) for every peak and axis, peak-major.
  let scales: [Double]
  let weights: [Double]
  /// y₀, the optimum.
  let optimum: [Double]

  init(dimension n: Int, seed: Int, peaks: Int, rotation: BBOBPermutedBlockRotation) {
    self.peaks = peaks
    let firstCondition = peaks == 101 ? 1000.0 : 1000.0 * 1000.0
    let (b, c) = peaks == 101 ? (10.0, 5.0) : (9.8, 4.9)
    let conditionValues = (0..<(peaks - 1)).map { i in Foundation.pow(1000.0, 2 * Double(i) / Double(peaks - 2)) }
    let conditionOrder = _BBOB.sortedIndices(BBOBLegacyRandom.uniform(count: peaks - 1, seed: seed))
    let u = BBOBLegacyRandom.uniform(count: n * peaks, seed: seed)
    var centers = [Double](repeating: 0, count: n * peaks)
    var permutations = [Int](repeating: 0, count: n * peaks)
    var scales = [Double](repeating: 0, count: n * peaks)
    var weights = [Double](repeating: 0, count: peaks)
    var optimum = [Double](repeating: 0, count: n)
    var y = [Double](repeating: 0, count: n), rotated = y
    for peak in 0..<peaks {
      for i in 0..<n {
        y[i] = b * u[i + peak * n] - c
        if peak == 0 { y[i] *= 0.8 }
      }
      if peak == 0 { optimum = y }
      y.withUnsafeBufferPointer { yp in
        rotated.withUnsafeMutableBufferPointer { rotation.apply(yp.baseAddress!, $0.baseAddress!) }
      }
      let alpha = peak == 0 ? firstCondition : conditionValues[conditionOrder[peak - 1]]
      let order = _BBOB.sortedIndices(BBOBLegacyRandom.uniform(count: n, seed: seed + 1000 * peak))
      let shrink = 1.0 / alpha.squareRoot().squareRoot().squareRoot()
      for i in 0..<n {
        centers[peak * n + i] = rotated[i]
        permutations[peak * n + i] = order[i]
        scales[peak * n + i] = Foundation.pow(alpha.squareRoot(), 0.5 * Double(i) / (Double(n) - 1.0)) * shrink
      }
      weights[peak] = peak == 0 ? 10 : 1.1 + 8.0 * ((Double(peak) + 1) - 2.0) / (Double(peaks) - 2.0)
    }
    self.centers = centers
    self.permutations = permutations
    self.scales = scales
    self.weights = weights
    self.optimum = optimum
  }

  /// 10 − max_i w_i exp(−‖s_i‖²/(2n)); `work` holds n doubles of scratch space.
  func value(_ z: UnsafePointer<Double>, _ n: Int, work: UnsafeMutablePointer<Double>) -> Double {
    var best = 0.0
    for peak in 0..<peaks {
      let base = peak * n
      for j in 0..<n { work[permutations[base + j]] = z[j] - centers[base + j] }
      var s = 0.0
      for j in 0..<n {
        let t = scales[base + j] * work[j]
        s += t * t
      }
      let g = weights[peak] * Foundation.exp(-1.0 / (2.0 * Double(n)) * s)
      if peak == 0 || best < g { best = g }
    }
    return 10.0 - best
  }
}
