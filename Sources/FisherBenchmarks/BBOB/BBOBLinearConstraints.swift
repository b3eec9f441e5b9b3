import Foundation

/// The linear constraints of a bbob-constrained problem, g_k(z) = a_kᵀz − s_k‖a_k‖ ≤ 0
/// in the coordinates z of the unperturbed, unshifted problem, built as COCO's
/// `c_linear_cons_bbob_problem_allocate` builds them.
///
/// Of the m_a active constraints (1, 2, 6, 6 + ⌊n/2⌋, 6 + n or 6 + 3n), which pass
/// through the origin (s_k = 0), the one numbered k with (k − 1 + instance) mod m_a = 0
/// has the gradient −p of the objective at the origin (p the feasible direction,
/// so the origin satisfies the KKT conditions) and the others have random normal
/// gradients; every gradient is scaled by 10²·10^U(0,1) for the whole problem and
/// 10^U(0,2) per constraint (COCO's `coco_random` with seeds f + 10⁴·i and
/// f + 10⁴·i + 5·10⁴·k), and is flipped if p would violate it. ⌊m_a/2⌋ inactive
/// constraints, parallel copies of active ones shifted by s_k ∈ [0.01, 2.01), are
/// interleaved at random. With more than one active constraint, the first gradient
/// is then mixed with a random positive combination of the other active ones and
/// rescaled to its norm, so that it no longer reveals the objective's gradient.
///
/// COCO sums a_{k,i}(z_i − s_k a_{k,i}/‖a_k‖) over i, leaving out terms in
/// [0, 10⁻¹¹] so that rounding cannot make the optimum infeasible; so does
/// `value(_:into:)`.
struct BBOBLinearConstraints: Sendable {
  /// The gradients a_k, row after row (count × n).
  let gradients: _BBOBStorage
  /// s_k/‖a_k‖ per constraint, with ‖a_k‖ the norm when the gradient was drawn.
  let shiftFactors: _BBOBStorage
  let count: Int
  let dimension: Int

  /// The number of active constraints of function `function` (1…54) in dimension n.
  static func activeCount(function: Int, dimension n: Int) -> Int {
    switch (function - 1) % 6 + 1 {
    case 1: return 1
    case 2: return 2
    case 3: return 6
    case 4: return 6 + n / 2
    case 5: return 6 + n
    default: return 6 + 3 * n
    }
  }

  /// The constraints of function `function`, instance `instance`, for the feasible direction p.
  init(function: Int, instance: Int, feasibleDirection p: [Double]) {
    let n = p.count
    let active = Self.activeCount(function: function, dimension: n)
    var inactiveLeft = active / 2
    let total = active + inactiveLeft
    var objectiveGradient = p.map { -$0 }
    var combination = [Double](repeating: 0, count: n)

    let seed = UInt32(truncatingIfNeeded: function + 10000 * instance)
    var random = COCORandom(seed: seed)
    var weights = COCORandom(seed: seed)
    let factor1 = 100.0 * Foundation.pow(10.0, random.uniform())

    var gradients: [[Double]] = []
    var shiftFactors: [Double] = []
    var norms: [Double] = []
    var first: Int? = nil

    // `c_linear_single_cons_bbob_problem_allocate`, then the bookkeeping of its caller.
    func add(number k: Int, usesObjective: Bool, shift: Double) {
      var generator = COCORandom(seed: UInt32(truncatingIfNeeded: function + 10000 * instance + 50000 * k))
      let factor2 = Foundation.pow(100.0, generator.uniform())
      var a: [Double]
      if usesObjective {
        let scale = (factor1 * factor2) / Self.norm(objectiveGradient)
        for i in 0..<n { objectiveGradient[i] *= scale }
        a = objectiveGradient
      } else {
        a = (0..<n).map { _ in factor1 * generator.normal() * factor2 / Double(n).squareRoot() }
      }
      let norm = Self.norm(a)
      let factor = shift / norm
      // Flip the constraint if the feasible direction violates it.
      if Self.sum(a, factor, p) > 0 {
        for i in 0..<n { a[i] *= -1.0 }
      }
      gradients.append(a)
      shiftFactors.append(factor)
      norms.append(norm)
      if shift == 0 {
        if usesObjective {
          first = gradients.count - 1
        } else {
          let weight = weights.uniform()
          if weight != 0 {
            for i in 0..<n { combination[i] += weight * a[i] }
          }
        }
      }
    }

    add(number: 1, usesObjective: instance % active == 0, shift: 0.0)
    var i = 1
    while gradients.count < total {
      if i < active && random.uniform() + 1e-23 > Double(inactiveLeft) / Double(total) {
        i += 1
        add(number: i, usesObjective: (i - 1 + instance) % active == 0, shift: 0.0)
      } else {
        inactiveLeft -= 1
        add(number: i, usesObjective: false, shift: 0.01 + 2.0 * random.uniform())
      }
    }

    if active > 1, let first {
      let norm = norms[first]
      var a = gradients[first]
      var fac = 0.0
      for i in 0..<n { fac += combination[i] * a[i] }
      fac = fac <= 0 ? Double(n) : Swift.min(Double(n), norm * norm / fac)
      fac *= (1 + weights.uniform()) / (2 + 1.0 / Double(n))
      for i in 0..<n { a[i] -= fac * combination[i] }
      let scale = norm / Self.norm(a)
      for i in 0..<n { a[i] *= scale }
      gradients[first] = a
    }

    count = total
    dimension = n
    self.gradients = _BBOBStorage(gradients.flatMap { $0 })
    self.shiftFactors = _BBOBStorage(shiftFactors)
  }

  /// ‖x‖ as `coco_vector_norm` sums it.
  static func norm(_ x: [Double]) -> Double {
    var sum = 0.0
    for v in x { sum += v * v }
    return sum.squareRoot()
  }

  /// Σ a_i(z_i − factor·a_i) without the terms in [0, 10⁻¹¹] (`c_sum_variables_evaluate`).
  static func sum(_ a: [Double], _ factor: Double, _ z: [Double]) -> Double {
    var y = 0.0
    for i in 0..<a.count {
      let t = a[i] * (z[i] - factor * a[i])
      if t > 1e-11 || t < 0 { y += t }
    }
    return y
  }

  /// g(z) for all constraints, written to `out`.
  func value(_ z: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
    let n = dimension
    let a = gradients.pointer
    let factors = shiftFactors.pointer
    for k in 0..<count {
      let row = a + k * n
      let factor = factors[k]
      var y = 0.0
      for i in 0..<n {
        let t = row[i] * (z[i] - factor * row[i])
        if t > 1e-11 || t < 0 { y += t }
      }
      out[k] = y
    }
  }
}
