/// Sample percentiles by linear interpolation between order statistics, as
/// numpy's `np.percentile(data, q)` computes them with its default
/// `method='linear'` (Hyndman and Fan's definition 7), including numpy's
/// floating-point steps, so that results agree to the last bit.
enum LinearPercentile {
  /// The `fraction` quantile (0 ≤ fraction ≤ 1) of `sorted`, which must be
  /// sorted ascending and non-empty.
  ///
  /// The virtual index is h = (n − 1)·fraction; with j = ⌊h⌋ and γ = h − j the
  /// value interpolates the order statistics x₍ⱼ₎ and x₍ⱼ₊₁₎. Like numpy's
  /// `_lerp`, it is x₍ⱼ₎ + (x₍ⱼ₊₁₎ − x₍ⱼ₎)·γ for γ < ½ and
  /// x₍ⱼ₊₁₎ − (x₍ⱼ₊₁₎ − x₍ⱼ₎)·(1 − γ) otherwise. At h ≥ n − 1 it is the largest value.
  static func quantile(sorted: [Double], fraction: Double) -> Double {
    let n = sorted.count
    let virtualIndex = Double(n - 1) * fraction
    if virtualIndex >= Double(n - 1) { return sorted[n - 1] }
    if virtualIndex < 0 { return sorted[0] }
    let previous = virtualIndex.rounded(.down)
    let gamma = virtualIndex - previous
    let j = Int(previous)
    let a = sorted[j], b = sorted[j + 1]
    let difference = b - a
    return gamma >= 0.5 ? b - difference * (1 - gamma) : a + difference * gamma
  }

  /// The interquartile range q₇₅ − q₂₅ of `data` (non-empty), as pycma's
  /// `Mh.iqr(data)` computes it with `np.percentile(data, [25, 75])`.
  static func interquartileRange(_ data: [Double]) -> Double {
    let sorted = data.sorted()
    return quantile(sorted: sorted, fraction: 0.75) - quantile(sorted: sorted, fraction: 0.25)
  }
}
