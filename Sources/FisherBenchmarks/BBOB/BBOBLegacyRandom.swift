import Foundation

/// COCO's legacy generators from BBOB 2009, which define every bbob instance.
///
/// The functions, optima and rotations of the bbob suite are not specified by
/// formulas alone: they are whatever COCO's `suite_bbob_legacy_code.c` draws
/// from its own Park–Miller generator with a Bays–Durham shuffle table. These
/// routines reproduce it operation by operation, so that every instance
/// (function, instance, dimension) is bit-compatible with COCO's.
///
/// Seeds follow COCO's `coco_get_bbob_problem`: `rseed = f + 10000·i`, except
/// f4 (`3 + 10000·i`) and f18 (`17 + 10000·i`).
public enum BBOBLegacyRandom {
  /// `bbob2009_unif`: `count` uniform numbers in (0, 1] from `seed`.
  ///
  /// The minimal standard generator `s ← 16807·s mod (2³¹ − 1)` (Schrage's
  /// method), warmed up 40 steps into a 32-entry shuffle table; each draw
  /// replaces the table entry indexed by the previous output. Zeros become 1e-99.
  ///
  /// - Complexity: O(`count`).
  public static func uniform(count: Int, seed: Int) -> [Double] {
    let count = max(0, count)
    return [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
      if let out = buffer.baseAddress { generate(count: count, seed: seed, into: out) }
      initialized = count
    }
  }

  /// The first `count` numbers of `bbob2009_unif(·, count, seed)` written to `out`,
  /// with the shuffle table on the stack.
  static func generate(count: Int, seed: Int, into out: UnsafeMutablePointer<Double>) {
    var seed = seed
    if seed < 0 { seed = -seed }
    if seed < 1 { seed = 1 }
    var state = seed
    @inline(__always) func step(_ s: inout Int) {
      let tmp = Int((Double(s) / 127773.0).rounded(.down))
      s = 16807 * (s - tmp * 127773) - 2836 * tmp
      if s < 0 { s += 2147483647 }
    }
    withUnsafeTemporaryAllocation(of: Int.self, capacity: 32) { table in
      for i in stride(from: 39, through: 0, by: -1) {
        step(&state)
        if i < 32 { table[i] = state }
      }
      var current = table[0]
      for i in 0..<count {
        step(&state)
        let index = Int((Double(current) / 67108865.0).rounded(.down))
        current = table[index]
        table[index] = state
        var r = Double(current) / 2.147483647e9
        if r == 0 { r = 1e-99 }
        out[i] = r
      }
    }
  }

  /// `bbob2009_gauss`: `count` standard normal numbers by Box–Muller.
  ///
  /// Draws 2·`count` uniforms u from `seed` and returns
  /// g_i = √(−2 ln u_i) · cos(2π u_{count+i}) (zeros become 1e-99).
  public static func gaussian(count: Int, seed: Int) -> [Double] {
    let u = uniform(count: 2 * count, seed: seed)
    var g = [Double](repeating: 0, count: max(0, count))
    for i in 0..<max(0, count) { g[i] = boxMuller(u[i], u[count + i]) }
    return g
  }

  /// √(−2 ln u)·cos(2π v), with an exact 0 replaced by 1e-99, as `bbob2009_gauss` forms it.
  @inline(__always)
  static func boxMuller(_ u: Double, _ v: Double) -> Double {
    let value = (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * Double.pi * v)
    return value == 0 ? 1e-99 : value
  }

  /// The first number of `bbob2009_gauss(·, 1, seed)`, without allocating.
  static func firstGaussian(seed: Int) -> Double {
    withUnsafeTemporaryAllocation(of: Double.self, capacity: 2) { u in
      generate(count: 2, seed: seed, into: u.baseAddress!)
      return boxMuller(u[0], u[1])
    }
  }

  /// The first number of `bbob2009_unif(·, 1, seed)`, without allocating.
  static func firstUniform(seed: Int) -> Double {
    var r = 0.0
    generate(count: 1, seed: seed, into: &r)
    return r
  }

  /// `bbob2009_compute_rotation`: a random orthogonal n×n matrix, row-major.
  ///
  /// n² Gaussian numbers fill the matrix column by column (`B[i][j] = g[j·n + i]`),
  /// then classical Gram–Schmidt orthonormalizes its columns in order.
  ///
  /// - Complexity: O(n³).
  public static func rotation(seed: Int, dimension n: Int) -> [Double] {
    let g = gaussian(count: n * n, seed: seed)
    var b = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
      for j in 0..<n { b[i * n + j] = g[j * n + i] }
    }
    for i in 0..<n {
      for j in 0..<i {
        var prod = 0.0
        for k in 0..<n { prod += b[k * n + i] * b[k * n + j] }
        for k in 0..<n { b[k * n + i] -= prod * b[k * n + j] }
      }
      var prod = 0.0
      for k in 0..<n { prod += b[k * n + i] * b[k * n + i] }
      let norm = prod.squareRoot()
      for k in 0..<n { b[k * n + i] /= norm }
    }
    return b
  }

  /// `bbob2009_compute_xopt`: the optimum of most bbob functions.
  ///
  /// x_i = 8·⌊10⁴ u_i⌋/10⁴ − 4, a grid point of [−4, 4]; an exact 0 becomes −10⁻⁵.
  public static func optimum(seed: Int, dimension n: Int) -> [Double] {
    var x = uniform(count: n, seed: seed)
    for i in 0..<n {
      x[i] = 8 * (1e4 * x[i]).rounded(.down) / 1e4 - 4
      if x[i] == 0 { x[i] = -1e-5 }
    }
    return x
  }

  /// `bbob2009_compute_fopt`: the optimal value of function `function`, instance `instance`.
  ///
  /// With s = 3 for f4, 17 for f18 and s = f otherwise, and g, g′ the Gaussian
  /// numbers of seeds s + 10⁴·i and s + 10⁴·i + 1:
  /// f_opt = clamp(round(10⁴·g/g′)/100, −1000, 1000).
  public static func optimalValue(function: Int, instance: Int) -> Double {
    let base: Int
    switch function {
    case 4: base = 3
    case 18: base = 17
    default: base = function
    }
    let seed = base + 10000 * instance
    let g = gaussian(count: 1, seed: seed)[0]
    let g2 = gaussian(count: 1, seed: seed + 1)[0]
    let rounded = (100.0 * 100.0 * g / g2 + 0.5).rounded(.down) / 100.0
    return min(1000.0, max(-1000.0, rounded))
  }
}
