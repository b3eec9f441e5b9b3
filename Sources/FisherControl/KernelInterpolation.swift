/// Kernel interpolation from values at support times to query times:
/// f(q) = k(q, τ) K(τ, τ)⁻¹ θ for values θ at the support times τ, as
/// pytorch_mppi's `KMPPI.do_kernel_interpolation`.
///
/// The interpolant passes through every support value and is a smooth
/// combination of kernels between them. ``matrix`` is W = k(q, τ) K(τ, τ)⁻¹
/// (queries × supports, row-major), computed once with a Cholesky
/// factorization of the symmetric positive definite K(τ, τ).
public struct KernelInterpolation: Sendable, Hashable {
  /// The kernel k.
  public let kernel: RBFKernel
  /// τ, the support times.
  public let supportTimes: [Double]
  /// The query times q.
  public let queryTimes: [Double]
  /// W, queries × supports, row-major.
  public let matrix: [Double]

  /// - Throws: `FisherError` for empty or non-finite times, or when K(τ, τ) is
  ///   numerically singular (support points too close for the kernel's σ).
  public init(kernel: RBFKernel, supportTimes: [Double], queryTimes: [Double]) throws {
    let s = supportTimes.count, q = queryTimes.count
    guard s >= 1, q >= 1 else {
      throw FisherError.invalidParameter(name: "kernel interpolation", reason: "needs at least one support and one query time")
    }
    try checkVector(supportTimes, count: s, name: "support times")
    try checkVector(queryTimes, count: q, name: "query times")
    var gram = [Double](repeating: 0, count: s * s)
    for i in 0..<s {
      for j in 0..<s { gram[i * s + j] = kernel(supportTimes[i], supportTimes[j]) }
    }
    guard let chol = try? Cholesky(Matrix(rows: s, columns: s, elements: gram)) else {
      throw FisherError.invalidParameter(
        name: "kernel interpolation",
        reason: "the kernel matrix of \(s) support points is singular for σ = \(kernel.sigma); use fewer support points or a smaller σ")
    }
    // Row r of W solves K(τ, τ) w = k(τ, q_r) (K is symmetric).
    var w = [Double](repeating: 0, count: q * s)
    for r in 0..<q {
      let row = try chol.solve(supportTimes.map { kernel(queryTimes[r], $0) })
      guard row.allSatisfy(\.isFinite) else {
        throw FisherError.invalidParameter(
          name: "kernel interpolation", reason: "the kernel matrix is too ill-conditioned for σ = \(kernel.sigma)")
      }
      for i in 0..<s { w[r * s + i] = row[i] }
    }
    self.kernel = kernel
    self.supportTimes = supportTimes
    self.queryTimes = queryTimes
    self.matrix = w
  }

  /// The interpolated values W θ at the query times (queries × m) of the
  /// support values θ (supports × m, row-major).
  ///
  /// - Throws: `FisherError.dimensionMismatch` unless θ has supports × m entries.
  public func interpolate(_ values: [Double], dimension m: Int) throws -> [Double] {
    let s = supportTimes.count, q = queryTimes.count
    guard m >= 1, values.count == s * m else {
      throw FisherError.dimensionMismatch("support values have \(values.count) entries, expected \(s) × \(m)")
    }
    var out = [Double](repeating: 0, count: q * m)
    for r in 0..<q {
      for j in 0..<m {
        var sum = 0.0
        for i in 0..<s { sum += matrix[r * s + i] * values[i * m + j] }
        out[r * m + j] = sum
      }
    }
    return out
  }
}
