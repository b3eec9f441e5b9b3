#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// Rank-based fitness shaping: replaces raw fitness values by values that
/// depend only on their order, which makes an update invariant under monotone
/// transformations of f and immune to outliers.
///
/// Conventions: lower fitness is better; `+infinity` (a failed evaluation)
/// sorts after every finite value; NaN must be rejected by the caller. Samples
/// with equal fitness share the mean of the values their positions would get,
/// so ties (e.g. several failures) are treated alike whatever their index and
/// the sums below hold exactly.
public enum FitnessShaping {
  /// The sample indices sorted best first: ascending fitness, ties by index.
  ///
  /// - Complexity: O(λ log λ).
  @inlinable
  public static func order(_ fitness: [Double]) -> [Int] {
    fitness.indices.sorted { a, b in
      fitness[a] < fitness[b] || (fitness[a] == fitness[b] && a < b)
    }
  }

  /// Gives each sample the mean of `valueAtRank` over the ranks of its tie group.
  ///
  /// `valueAtRank[k]` is the value of the k-th best sample (k = 0 is the best).
  @inlinable
  public static func assign(_ valueAtRank: [Double], to fitness: [Double]) -> [Double] {
    let idx = order(fitness)
    var out = [Double](repeating: 0, count: fitness.count)
    var start = 0
    while start < idx.count {
      var end = start + 1
      while end < idx.count && fitness[idx[end]] == fitness[idx[start]] { end += 1 }
      var s = 0.0
      for k in start..<end { s += valueAtRank[k] }
      let v = end - start == 1 ? s : s / Double(end - start)
      for k in start..<end { out[idx[k]] = v }
      start = end
    }
    return out
  }

  /// The NES utilities by rank, best first (Wierstra et al., JMLR 2014, eq. 13):
  ///
  ///     uₖ = max(0, ln(λ/2 + 1) − ln k) / Σⱼ max(0, ln(λ/2 + 1) − ln j) − 1/λ,   k = 1…λ.
  ///
  /// They sum to zero and do not increase with k; the better half carries
  /// positive weight, the rest −1/λ. Larger is better: an update ascends Σ uₖ ∇log p(xₖ).
  public static func nesUtilities(count lambda: Int) -> [Double] {
    guard lambda > 0 else { return [] }
    let top = log(Double(lambda) / 2 + 1)
    let raw = (1...lambda).map { Swift.max(0, top - log(Double($0))) }
    let total = raw.reduce(0, +)
    return raw.map { $0 / total - 1 / Double(lambda) }
  }

  /// The NES utility of each sample (larger is better), ties averaged.
  public static func nesUtilities(_ fitness: [Double]) -> [Double] {
    assign(nesUtilities(count: fitness.count), to: fitness)
  }

  /// Centered ranks (Salimans et al. 2017): rank/(λ − 1) − ½ ∈ [−½, ½], per sample.
  ///
  /// Oriented like the fitness: the best sample gets −½ and the worst +½, so the
  /// values stand in for f in the descent estimate ĝ = Σ uᵢ ∇log p(xᵢ). They sum to zero.
  public static func centeredRanks(_ fitness: [Double]) -> [Double] {
    let lambda = fitness.count
    guard lambda > 1 else { return [Double](repeating: 0, count: lambda) }
    let byRank = (0..<lambda).map { Double($0) / Double(lambda - 1) - 0.5 }
    return assign(byRank, to: fitness)
  }
}
