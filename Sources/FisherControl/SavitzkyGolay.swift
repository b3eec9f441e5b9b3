/// A Savitzky–Golay smoothing filter: the value at the centre of a least-squares polynomial fit.
///
/// Over a window of 2h + 1 samples, fitting a polynomial of degree p by least
/// squares and evaluating it at the centre is a fixed linear combination
/// Σ_{i=−h}^{h} c_i y_{t+i}; c is the first row of (AᵀA)⁻¹Aᵀ with A_{ij} = i^j.
/// Nav2's MPPI controller smooths its control sequence this way (9 points,
/// quadratic) before sending the first command.
///
/// ``smooth(_:count:dimension:history:historyCount:)`` pads the sequence on the left with the
/// most recently applied controls and on the right by repeating the last control.
public struct SavitzkyGolay: Sendable, Hashable {
  /// h: the window is 2h + 1 samples.
  public let halfWidth: Int
  /// p, the polynomial degree.
  public let degree: Int
  /// c_{−h} … c_h.
  public let coefficients: [Double]

  /// - Throws: `FisherError` unless h ≥ 1 and 0 ≤ p ≤ 2h.
  public init(halfWidth h: Int, degree p: Int) throws {
    guard h >= 1, h <= MPPIConfiguration.maximumHorizon else {
      throw FisherError.invalidParameter(
        name: "smoothing half-width", reason: "must be in 1…\(MPPIConfiguration.maximumHorizon), got \(h)")
    }
    guard p >= 0, p <= 2 * h else {
      throw FisherError.invalidParameter(name: "smoothing degree", reason: "must be in 0…\(2 * h), got \(p)")
    }
    halfWidth = h
    degree = p
    let n = p + 1
    // Normal equations G a = e₀ with G = AᵀA (Hankel in the power sums); c_i = Σ_j a_j i^j.
    var g = [Double](repeating: 0, count: n * n)
    for r in 0..<n {
      for c in 0..<n {
        var s = 0.0
        for i in -h...h { s += integerPower(Double(i), r + c) }
        g[r * n + c] = s
      }
    }
    var e0 = [Double](repeating: 0, count: n)
    e0[0] = 1
    // G is the Gram matrix of 2h + 1 ≥ p + 1 distinct points' powers: positive definite.
    let a = (try? Cholesky(Matrix(rows: n, columns: n, elements: g)).solve(e0)) ?? e0
    var coefficients = [Double](repeating: 0, count: 2 * h + 1)
    for i in -h...h {
      var s = 0.0
      for j in 0..<n { s += a[j] * integerPower(Double(i), j) }
      coefficients[i + h] = s
    }
    self.coefficients = coefficients
  }

  /// Smooths `count` controls of `dimension` entries (row-major) in place.
  ///
  /// - Parameters:
  ///   - sequence: `count · dimension` controls, smoothed in place.
  ///   - count: the number of controls in `sequence`.
  ///   - m: the number of entries of one control.
  ///   - history: up to h previously applied controls, oldest first
  ///     (row-major); missing history repeats the first control.
  ///   - historyCount: the number of controls in `history`.
  /// - Complexity: O(count · dimension · h).
  public func smooth(
    _ sequence: UnsafeMutableBufferPointer<Double>, count: Int, dimension m: Int,
    history: UnsafeBufferPointer<Double>, historyCount: Int
  ) {
    let h = halfWidth
    guard count > 0 else { return }
    // Padded copy: h before, count, h after.
    let total = count + 2 * h
    withUnsafeTemporaryAllocation(of: Double.self, capacity: total * m) { padded in
      for i in 0..<total {
        let src: UnsafePointer<Double>
        let t = i - h
        if t < 0 {
          let back = -t  // 1 = last applied
          if back <= historyCount {
            src = history.baseAddress! + (historyCount - back) * m
          } else {
            src = UnsafePointer(sequence.baseAddress!)
          }
        } else if t >= count {
          src = UnsafePointer(sequence.baseAddress! + (count - 1) * m)
        } else {
          src = UnsafePointer(sequence.baseAddress! + t * m)
        }
        for j in 0..<m { padded[i * m + j] = src[j] }
      }
      for t in 0..<count {
        for j in 0..<m {
          var s = 0.0
          for i in 0...(2 * h) { s += coefficients[i] * padded[(t + i) * m + j] }
          sequence[t * m + j] = s
        }
      }
    }
  }
}

@inline(__always)
func integerPower(_ x: Double, _ k: Int) -> Double {
  var r = 1.0
  for _ in 0..<k { r *= x }
  return r
}
