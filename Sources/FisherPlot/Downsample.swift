/// Thinning long series before they are drawn, so that a plot of 100 000
/// evaluations stays a small document.
///
/// Both functions keep the points' order (sorted by x first, stably, when they
/// are not) and return a subsequence of the input: no point is moved or
/// invented.
public enum Downsample {
  /// At most `maximumCount` points of `points`: the first and the last, and
  /// from each of ⌊(maximumCount − 2)/2⌋ equal runs of the points in between
  /// the one with the smallest and the one with the largest y, so that
  /// spikes survive (the envelope of the series is kept).
  ///
  /// Non-finite y values are treated like any other value for the choice of
  /// envelope points (NaN is never picked as an extreme). Returns `points`
  /// sorted by x when it holds no more than `maximumCount` points. A
  /// `maximumCount` below 2 counts as 2 (the first and the last point).
  ///
  /// - Complexity: O(count log count) when the points are not sorted by x, else O(count).
  public static func points(_ points: [PlotPoint], maximumCount: Int) -> [PlotPoint] {
    let sorted = sortedByX(points)
    return indices(sorted, maximumCount: maximumCount).map { sorted[$0] }
  }

  /// At most `maximumCount` points of ``points(_:maximumCount:)`` plus every
  /// improvement: each point whose y is below the y of every point before it
  /// (the steps of a best-so-far curve). The result has at most
  /// `maximumCount` + (number of improvements) points.
  ///
  /// - Complexity: O(count log count) when the points are not sorted by x, else O(count).
  public static func keepingImprovements(_ points: [PlotPoint], maximumCount: Int) -> [PlotPoint] {
    let sorted = sortedByX(points)
    var keep = Set(indices(sorted, maximumCount: maximumCount))
    keep.formUnion(improvementIndices(sorted))
    return keep.sorted().map { sorted[$0] }
  }

  /// The indices of the improvements of `points`, in their order: each point
  /// with a finite y below every earlier finite y.
  public static func improvementIndices(_ points: [PlotPoint]) -> [Int] {
    var best = Double.infinity
    var result: [Int] = []
    for (i, p) in points.enumerated() where p.y.isFinite && p.y < best {
      best = p.y
      result.append(i)
    }
    return result
  }

  static func sortedByX(_ points: [PlotPoint]) -> [PlotPoint] {
    var isSorted = true
    for i in points.indices.dropFirst() where !(points[i - 1].x <= points[i].x) {
      isSorted = false
      break
    }
    if isSorted { return points }
    // A stable sort by x; NaN x last.
    return points.enumerated().sorted { a, b in
      let ax = a.element.x, bx = b.element.x
      if ax.isNaN != bx.isNaN { return bx.isNaN }
      if ax != bx, !ax.isNaN { return ax < bx }
      return a.offset < b.offset
    }.map(\.element)
  }

  /// The indices kept by ``points(_:maximumCount:)``, ascending.
  static func indices(_ points: [PlotPoint], maximumCount: Int) -> [Int] {
    let n = points.count
    let limit = Swift.max(2, maximumCount)
    guard n > limit else { return Array(0..<n) }
    let inner = n - 2
    let buckets = (limit - 2) / 2
    var result = [0]
    if buckets > 0 {
      for b in 0..<buckets {
        let lo = 1 + b * inner / buckets, hi = 1 + (b + 1) * inner / buckets
        guard lo < hi else { continue }
        var minIndex = lo, maxIndex = lo
        for i in lo..<hi {
          let y = points[i].y
          if y < points[minIndex].y || points[minIndex].y.isNaN { minIndex = i }
          if y > points[maxIndex].y || points[maxIndex].y.isNaN { maxIndex = i }
        }
        result.append(Swift.min(minIndex, maxIndex))
        if maxIndex != minIndex { result.append(Swift.max(minIndex, maxIndex)) }
      }
    }
    result.append(n - 1)
    return result
  }
}
