import Foundation

/// The performance measures COCO reports, computed from run records.
public enum BBOBStatistics {
  /// The expected running time to reach target `k` (Hansen et al., COCO):
  /// ERT = Σ_runs (evaluations to the target, or all evaluations if not reached) / #successes,
  /// infinity without a success.
  public static func expectedRunningTime(_ runs: [BBOBRunRecord], target k: Int) -> (ert: Double, successes: Int) {
    var total = 0.0
    var successes = 0
    for r in runs {
      if k < r.hits.count, let h = r.hits[k] {
        total += Double(h)
        successes += 1
      } else {
        total += Double(r.evaluations)
      }
    }
    return (successes > 0 ? total / Double(successes) : .infinity, successes)
  }

  /// The empirical cumulative distribution of runtimes over all (run, target) pairs:
  /// sorted evaluations/n at which pairs were solved, and the number of pairs.
  ///
  /// The ECDF at budget b is (number of solved times ≤ b) / pairs, as in COCO's
  /// runtime distributions over the 51 targets 10² … 10⁻⁸.
  public static func runtimeDistribution(_ runs: [BBOBRunRecord]) -> (times: [Double], pairs: Int) {
    var times: [Double] = []
    var pairs = 0
    for r in runs {
      pairs += BBOBTargets.precisions.count
      for h in r.hits { if let h { times.append(Double(h) / Double(r.dimension)) } }
    }
    return (times.sorted(), pairs)
  }

  /// The median over runs of the best f − f_opt after each of the evaluation counts `grid`.
  public static func medianConvergence(_ runs: [BBOBRunRecord], grid: [Int]) -> [Double] {
    grid.map { g in
      var values: [Double] = runs.map { r in
        var best = Double.infinity
        for point in r.trace where Int(point[0]) <= g { best = point[1] }
        if g >= r.evaluations { best = r.bestPrecision }
        return best
      }
      values.sort()
      guard !values.isEmpty else { return .nan }
      let m = values.count / 2
      return values.count % 2 == 1 ? values[m] : (values[m - 1] + values[m]) / 2
    }
  }

  /// The bbob function groups of COCO's plots.
  public static let groups: [(name: String, functions: ClosedRange<Int>)] = [
    ("separable (f1–f5)", 1...5), ("low or moderate conditioning (f6–f9)", 6...9),
    ("high conditioning, unimodal (f10–f14)", 10...14), ("multimodal, adequate structure (f15–f19)", 15...19),
    ("multimodal, weak structure (f20–f24)", 20...24), ("all functions", 1...24),
  ]
}
