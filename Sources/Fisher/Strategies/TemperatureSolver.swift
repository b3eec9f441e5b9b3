/// Finds the temperature λ at which exponential weights reach a target effective sample size.
///
/// For costs Sᵢ and a temperature λ > 0 the weights
///
///     wᵢ(λ) = exp(−(Sᵢ − min S)/λ) / Σⱼ exp(−(Sⱼ − min S)/λ)
///
/// have the effective sample size ESS(λ) = 1/Σ wᵢ², which rises continuously
/// from the number of costs tied at the minimum (λ → 0) to the number of finite
/// costs (λ → ∞). ``ExponentialWeights`` and MPPI both choose λ so that ESS(λ)
/// hits a target; this is their one solver.
public enum TemperatureSolver {
  /// The temperature in `bounds` whose effective sample size is within
  /// `relativeTolerance · target` of `target`, or the nearer bound when the
  /// target lies outside [ESS(lower), ESS(upper)].
  ///
  /// The search, in order:
  /// 1. evaluates ESS at `start` (clamped into `bounds`) and returns it if it is
  ///    within the tolerance, or if ESS(start) = 0 (no finite cost);
  /// 2. doubles λ (ESS below the target) or halves it (above) until the target
  ///    is bracketed; a bound reached before that is returned;
  /// 3. bisects the bracket [lo, hi] in log λ, at the geometric midpoint
  ///    √(lo · hi), until ESS is within the tolerance, the bracket can no longer
  ///    be split in double precision, or after `maxBisections` steps, when it
  ///    returns the geometric midpoint of the last bracket.
  ///
  /// `effectiveSampleSize` must be nondecreasing in λ. It is called once per
  /// trial temperature, and its last call is at the returned temperature, so a
  /// closure that also writes the weights leaves those of the result in place.
  /// The result is a deterministic function of the arguments and the closure's
  /// values.
  ///
  /// - Parameters:
  ///   - target: the effective sample size wanted (> 0).
  ///   - start: the first trial temperature, e.g. the previous solution.
  ///   - bounds: the range searched (0 < lower ≤ upper).
  ///   - relativeTolerance: accept λ when |ESS(λ) − target| ≤ this · target.
  ///   - maxBisections: the largest number of bisection steps.
  ///   - effectiveSampleSize: ESS(λ).
  /// - Returns: the temperature and its effective sample size.
  /// - Complexity: at most log₂(upper/lower) + 1 + `maxBisections` calls of `effectiveSampleSize`.
  public static func solve(
    target: Double, start: Double, bounds: ClosedRange<Double>, relativeTolerance: Double, maxBisections: Int,
    effectiveSampleSize: (Double) -> Double
  ) -> (temperature: Double, effectiveSampleSize: Double) {
    let lower = bounds.lowerBound, upper = bounds.upperBound
    var lambda = Swift.min(Swift.max(start, lower), upper)
    var ess = effectiveSampleSize(lambda)
    if ess == 0 { return (lambda, ess) }
    let tolerance = relativeTolerance * target
    if abs(ess - target) <= tolerance { return (lambda, ess) }
    var lo = lambda, hi = lambda
    if ess < target {
      repeat {
        if hi >= upper { return (hi, ess) }
        lo = hi
        hi = Swift.min(hi * 2, upper)
        ess = effectiveSampleSize(hi)
      } while ess < target
    } else {
      repeat {
        if lo <= lower { return (lo, ess) }
        hi = lo
        lo = Swift.max(lo / 2, lower)
        ess = effectiveSampleSize(lo)
      } while ess > target
    }
    // ESS(lo) ≤ target ≤ ESS(hi).
    for _ in 0..<maxBisections {
      let mid = (lo * hi).squareRoot()
      if mid <= lo || mid >= hi { break }
      ess = effectiveSampleSize(mid)
      if abs(ess - target) <= tolerance { return (mid, ess) }
      if ess < target { lo = mid } else { hi = mid }
    }
    lambda = (lo * hi).squareRoot()
    return (lambda, effectiveSampleSize(lambda))
  }
}
