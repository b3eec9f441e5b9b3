/// Kendall's rank correlation τ.
public enum KendallTau {
  /// τ = 2 S / (k (k − 1)), where S sums sign(xᵢ − xⱼ) · sign(yᵢ − yⱼ) over
  /// pairs i > j and counts ½ for a pair tied in both x and y (pycma's
  /// `_kendall_tau`; equal to scipy's τ-b when nothing is tied). 0 for fewer
  /// than two values or NaN input.
  public static func coefficient(_ x: [Double], _ y: [Double]) -> Double {
    let k = Swift.min(x.count, y.count)
    guard k >= 2 else { return 0 }
    var s = 0.0
    for i in 1..<k {
      for j in 0..<i {
        let dx = x[i] - x[j]
        let dy = y[i] - y[j]
        let sx: Double = dx > 0 ? 1 : dx < 0 ? -1 : 0
        let sy: Double = dy > 0 ? 1 : dy < 0 ? -1 : 0
        s += sx * sy
        if dx == 0 && dy == 0 { s += 0.5 }
      }
    }
    let tau = s * 2 / Double(k * (k - 1))
    return tau.isFinite ? tau : 0
  }
}
