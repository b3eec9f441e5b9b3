#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// Inequality constraints gᵢ(x) ≤ 0, i = 1…m, handled by an augmented
/// Lagrangian with adaptive coefficients (Atamna, Auger and Hansen,
/// "Augmented Lagrangian Constraint Handling for CMA-ES — Case of a Single
/// Linear Constraint", PPSN 2016; "Linearly Convergent Evolution Strategies via
/// Augmented Lagrangian Constraint Handling", FOGA 2017), exactly as pycma's
/// `cma.ConstrainedFitnessAL` does it with its defaults (`which='best'`,
/// `find_feasible_first=False`) on top of `cma.constraints_handler.AugmentedLagrangian`
/// with `algorithm = 0` (Atamna et al. 2017 parameters with pycma's rules for μ).
///
/// The strategy minimizes the penalized value f(x) + Σᵢ Pᵢ(gᵢ(x)) with
///
///     Pᵢ(g) = λᵢ g + μᵢ g²/2    for g > −λᵢ/μᵢ,
///     Pᵢ(g) = −λᵢ²/(2μᵢ)        for g ≤ −λᵢ/μᵢ (far inside the feasible side),
///
/// where the Lagrange multipliers λᵢ ≥ 0 and the penalty factors μᵢ > 0 change
/// from generation to generation. An equality constraint h(x) = 0 is passed as
/// the two inequalities h(x) ≤ 0 and −h(x) ≤ 0 (h² ≤ 0 or |h| ≤ 0 do not work:
/// the multiplier needs a non-zero derivative at the boundary).
///
/// Per generation (``tell(values:constraints:)``):
///
/// 1. Every candidate gets its penalized value under the current coefficients;
///    for each constraint, the candidates with μᵢgᵢ > −λᵢ (inside the
///    penalized domain) are counted.
/// 2. While not every constraint is initialized, and no candidate failed, the
///    coefficients are (re)set from the population (pycma's `set_coefficients`)
///    for each constraint that is not initialized (or has μᵢ = 0) and was
///    violated by more than 10 % of the candidates (sign average
///    2·P(gᵢ > 0) − 1 > −0.8), with n the search-space dimension:
///
///        λᵢ = iqr(f) / (n·iqr(gᵢ) + 10⁻¹¹(iqr(f) + 1)),
///        μᵢ = 0.4·iqr(f)/n / (iqr(gᵢ) + 10⁻⁶·iqr(gᵢ²) + 10⁻¹¹(iqr(f) + 1)),
///
///    with iqr the interquartile range by numpy's linear percentiles; λᵢ is
///    rescaled by μ_new/μ_old when a positive μ decreases and at most 60 % of
///    the candidates violate (sign average ≤ 0.2); then
///    μᵢ ← min(20μᵢ, max(μᵢ, λᵢ / (10⁻²² + maxₖ|gᵢₖ|))).
///    A constraint counts as initialized once its sign average lies in
///    (−0.8, 0.8) or more than n + 2 coefficient updates have happened.
/// 3. With (f, g) of the candidate of smallest penalized value, the
///    coefficients are updated (step 2's new ones included): g joins a history
///    of the last n + 20 such rows; for each constraint with μᵢ > 0,
///    λᵢ ← λᵢ + μᵢgᵢ/5 if gᵢ lies in the penalized domain or any candidate of the
///    generation did (counted in step 1, plus this g and the previous
///    generation's g under the current coefficients); a negative λᵢ is set to 0
///    and μᵢ kept; μᵢ is kept when μᵢgᵢ < −λᵢ; otherwise μᵢ grows by
///    χ^(¼(1 + s)) if gᵢ > 0, or if gᵢ is penalized and more than 95 % of the
///    last n + 5 history rows satisfy constraint i, and shrinks by χ^(−¼(1 − s))
///    if gᵢ < 0 and fewer than 90 % of them satisfy it, χ = 2^(1/(5n)). The
///    exponent s, signed like the change, ramps in magnitude from 0 to 4 as
///    the same direction repeats more than m + 2 times in a row (pycma's
///    `CountLastSameChanges`).
///
/// All arithmetic follows pycma's (and numpy's) operation order, so that a
/// run reproduces pycma's penalized values and coefficients to the last bit
/// given the same evaluations and the same C library `pow`. Before the first
/// coefficient setting the penalty is 0.
///
/// A value type: copying it copies the whole state, and it encodes to JSON
/// (non-finite numbers as the strings "inf", "-inf", "nan") such that a
/// decoded copy continues identically.
public struct AugmentedLagrangian: Sendable, Codable, Hashable {
  /// n, the search-space dimension (it sets the rates and the history lengths).
  public let dimension: Int
  /// m, the number of inequality constraints.
  public let constraintCount: Int
  /// The Lagrange multipliers λᵢ ≥ 0 (zero until initialized from data).
  public private(set) var multipliers: [Double]
  /// The penalty factors μᵢ (zero until initialized from data; a constraint
  /// with μᵢ = 0 is not penalized and its coefficients are not updated).
  public private(set) var penaltyFactors: [Double]

  /// Whether the coefficients have been set from data at least once
  /// (pycma: `lam is not None`); before, the penalty is 0 and only the
  /// history of best constraint values grows.
  private(set) var hasCoefficients = false
  /// Per constraint: its coefficients no longer need setting from data.
  private(set) var initializedConstraints: [Bool]
  /// Coefficient updates since the coefficients were first set (pycma's `count`).
  private(set) var updateCount = 0
  /// The previous generation's best constraint values (pycma's `g`; nil
  /// before the first coefficient update, which pycma treats as NaN).
  private(set) var previousConstraints: [Double]?
  /// Per constraint, the constraint values of this generation that fell
  /// inside the penalized domain μᵢgᵢ > −λᵢ (pycma's `count_g_in_penalized_domain`).
  private(set) var penalizedDomainCounts: [Int]
  /// Per constraint, the signed number of successive same-direction changes
  /// of μᵢ (pycma's `CountLastSameChanges.same_changes`).
  private(set) var sameDirectionChanges: [Int]
  /// The best candidates' constraint values of the last n + 20 generations.
  private(set) var history: ConstraintHistory

  /// The largest dimension accepted.
  public static let maximumDimension = 1 << 40
  /// The largest number of constraints accepted.
  public static let maximumConstraintCount = 1_000_000

  /// - Throws: ``FisherError/invalidParameter(name:reason:)`` for
  ///   `dimension` < 1 or `constraintCount` < 1 (or above
  ///   ``maximumDimension``, ``maximumConstraintCount``).
  public init(dimension: Int, constraintCount: Int) throws {
    guard (1...Self.maximumDimension).contains(dimension) else {
      throw FisherError.invalidParameter(
        name: "dimension", reason: "must be in 1...\(Self.maximumDimension), got \(dimension)")
    }
    guard (1...Self.maximumConstraintCount).contains(constraintCount) else {
      throw FisherError.invalidParameter(
        name: "constraint count", reason: "must be in 1...\(Self.maximumConstraintCount), got \(constraintCount)")
    }
    self.dimension = dimension
    self.constraintCount = constraintCount
    multipliers = Array(repeating: 0, count: constraintCount)
    penaltyFactors = Array(repeating: 0, count: constraintCount)
    initializedConstraints = Array(repeating: false, count: constraintCount)
    penalizedDomainCounts = Array(repeating: 0, count: constraintCount)
    sameDirectionChanges = Array(repeating: 0, count: constraintCount)
    history = ConstraintHistory(capacity: dimension + 20)
  }

  /// A state with the given coefficients (one per constraint), all of them
  /// counted as initialized, as after pycma's `set_mu_lam(mu, lam)` on an
  /// initialized instance.
  init(dimension: Int, multipliers: [Double], penaltyFactors: [Double]) throws {
    guard multipliers.count == penaltyFactors.count else {
      throw FisherError.invalidParameter(
        name: "penalty factors", reason: "\(penaltyFactors.count) for \(multipliers.count) multipliers")
    }
    try self.init(dimension: dimension, constraintCount: multipliers.count)
    self.multipliers = multipliers
    self.penaltyFactors = penaltyFactors
    hasCoefficients = true
    initializedConstraints = Array(repeating: true, count: multipliers.count)
  }

  /// Whether every constraint's coefficients have been initialized from data;
  /// from then on only the generation-wise update changes them.
  public var isInitialized: Bool {
    hasCoefficients && !initializedConstraints.contains(false)
  }

  // MARK: Parameters (pycma's defaults for algorithm 0)

  /// The damping of the multiplier update, λ ← λ + μg/d (pycma's `dgamma`).
  static let multiplierDamping = 5.0
  /// χ = 2^(1/(5n)), the base of the penalty-factor changes (pycma's `chi_domega`).
  var penaltyFactorChange: Double { pow(2, 1.0 / 5 / Double(dimension)) }
  /// The history rows that decide on a penalty-factor change (pycma's `mucdf3_horizon`).
  var feasibilityWindow: Int { 5 + dimension }
  /// The same-direction changes before the exponent ramps up, and again
  /// until it is at its maximum (pycma's `chi_exponent_threshold`, 2 + m).
  var rampThreshold: Int { 2 + constraintCount }

  // MARK: Penalty

  /// The penalty Σᵢ Pᵢ(gᵢ) of the constraint values `g` (one per constraint)
  /// under the current coefficients, without recording anything: 0 before
  /// the coefficients are first set.
  public func penalty(_ g: [Double]) -> Double {
    precondition(g.count == constraintCount, "\(g.count) constraint values for \(constraintCount) constraints")
    guard hasCoefficients else { return 0 }
    var total = 0.0
    for i in 0..<constraintCount {
      let lambda = multipliers[i], mu = penaltyFactors[i]
      var gi = g[i]
      // Below −λ/μ the penalty is constant; pycma evaluates it at the boundary.
      if mu * gi < -lambda { gi = -lambda / mu }
      // g² as C's pow(|g|, 2), which is what Python's `g**2` computes (it can
      // differ from g·g in the last bit).
      total += lambda * gi + 0.5 * mu * pow(gi.magnitude, 2)
    }
    return total
  }

  /// Counts, per constraint, whether `g` lies inside the penalized domain
  /// μᵢgᵢ > −λᵢ (nothing before the coefficients are first set).
  private mutating func countPenalizedDomain(_ g: [Double]) {
    guard hasCoefficients else { return }
    for i in 0..<constraintCount where penaltyFactors[i] * g[i] > -multipliers[i] {
      penalizedDomainCounts[i] += 1
    }
  }

  // MARK: Generation

  /// One generation: returns the penalized fitness f_k + Σᵢ Pᵢ(g_k) of each
  /// candidate under the coefficients as they were before this call (what
  /// pycma's `ConstrainedFitnessAL.__call__` returns for each candidate), then
  /// performs what `ConstrainedFitnessAL.update(es)` does after the tell: the
  /// coefficients are set from the population while not initialized and no
  /// candidate failed, and updated with the (f, g) of the candidate of
  /// smallest penalized value (the first of equal ones).
  ///
  /// `values[k]` and `constraints[k]` (m values, gᵢ ≤ 0 feasible) belong to
  /// candidate k. A failed candidate is passed as `values[k] = nil`
  /// (`constraints[k]` is then ignored): it gets +∞, is left out of every
  /// count and statistic, and a generation with a failed candidate does not
  /// set the coefficients (pycma's `np.isfinite(self.F).all()` guard). The
  /// given values must be finite. When every candidate failed, or every
  /// penalized value is NaN (an overflow of λg + μg²/2), nothing is updated.
  ///
  /// - Throws: ``FisherError/populationMismatch(_:)`` when `values` and
  ///   `constraints` differ in length or a candidate's row does not have m
  ///   values; the state is unchanged then.
  public mutating func tell(values: [Double?], constraints: [[Double]]) throws -> [Double] {
    guard values.count == constraints.count else {
      throw FisherError.populationMismatch(
        "\(values.count) objective values but \(constraints.count) rows of constraint values")
    }
    for k in values.indices where values[k] != nil && constraints[k].count != constraintCount {
      throw FisherError.populationMismatch(
        "candidate \(k) has \(constraints[k].count) constraint values, expected \(constraintCount)")
    }
    var penalized = [Double](repeating: .infinity, count: values.count)
    for k in values.indices {
      guard let f = values[k] else { continue }
      countPenalizedDomain(constraints[k])
      penalized[k] = f + penalty(constraints[k])
    }

    let failed = values.contains { $0 == nil }
    if !failed, !values.isEmpty, !isInitialized {
      setCoefficients(values: values.map { $0! }, constraints: constraints)
    }

    // pycma's `np.nanargmin` over the penalized values, where a failed
    // candidate is NaN: NaN counts as +∞, the first smallest wins, and all-NaN
    // selects nothing.
    var best: Int?
    var bestKey = Double.infinity
    var anyNumber = false
    for k in values.indices {
      let v = values[k] == nil ? Double.nan : penalized[k]
      if !v.isNaN { anyNumber = true }
      let key = v.isNaN ? Double.infinity : v
      if best == nil || key < bestKey {
        best = k
        bestKey = key
      }
    }
    if anyNumber, let b = best, values[b] != nil {
      update(bestConstraints: constraints[b])
    }
    return penalized
  }

  /// pycma's `AugmentedLagrangian.set_coefficients(F, G)`: (re)sets λᵢ and μᵢ
  /// from the population's objective values and constraint rows for the
  /// constraints that are not initialized (or have μᵢ = 0) and that more than
  /// 10 % of the candidates violate.
  private mutating func setCoefficients(values: [Double], constraints rows: [[Double]]) {
    let m = constraintCount, n = Double(dimension)
    let count = Double(rows.count)
    let signAverage = (0..<m).map { i in
      -1 + 2 * (Double(rows.reduce(0) { $0 + ($1[i] > 0 ? 1 : 0) }) / count)
    }
    if !hasCoefficients {
      hasCoefficients = true
      multipliers = Array(repeating: 0, count: m)
      penaltyFactors = Array(repeating: 0, count: m)
      initializedConstraints = Array(repeating: false, count: m)
    }
    let selected = (0..<m).map { i in
      (!initializedConstraints[i] || penaltyFactors[i] == 0) && signAverage[i] > -0.8
    }
    guard selected.contains(true) else { return }

    let df = LinearPercentile.interquartileRange(values)
    for i in 0..<m where selected[i] {
      let column = rows.map { $0[i] }
      let dg = LinearPercentile.interquartileRange(column)
      let dg2 = LinearPercentile.interquartileRange(column.map { $0 * $0 })
      let newFactor = 0.4 * df / n / (dg + 1e-6 * dg2 + 1e-11 * (df + 1))
      multipliers[i] = df / (n * dg + 1e-11 * (df + 1))
      // Where at most 20 % violate and μ would not grow, λ shrinks with μ.
      let decrease =
        (abs(signAverage[i]) <= 0.2 || signAverage[i] <= 0.2)
        && (penaltyFactors[i] == 0 || penaltyFactors[i] > newFactor)
      if decrease && penaltyFactors[i] > 0 {
        multipliers[i] *= newFactor / penaltyFactors[i]
      }
      var mu = newFactor
      // μ is raised towards λ / max|g| (at most twentyfold), with Python's
      // min/max, which keep the first argument on ties.
      let largest = column.reduce(-Double.infinity) { Swift.max($0, abs($1)) }
      let raised = multipliers[i] / (1e-22 + largest)
      let atLeast = raised > mu ? raised : mu
      mu = atLeast < 20 * mu ? atLeast : 20 * mu
      penaltyFactors[i] = mu
      if updateCount > 2 + dimension || abs(signAverage[i]) < 0.8 {
        initializedConstraints[i] = true
      }
    }
  }

  /// pycma's `AugmentedLagrangian.update(f, g)` with the best candidate's
  /// constraint values (its f only enters pycma's unused Δh).
  private mutating func update(bestConstraints g: [Double]) {
    history.append(g)
    guard hasCoefficients else { return }
    // pycma evaluates the penalty of g and of the previous g here (for Δh),
    // which counts them in the penalized domain; a NaN previous g never counts.
    countPenalizedDomain(g)
    if let previous = previousConstraints { countPenalizedDomain(previous) }
    let chi = penaltyFactorChange
    for i in 0..<constraintCount {
      if penaltyFactors[i] == 0 { continue }
      let mu = penaltyFactors[i]
      if g[i] * mu > -multipliers[i] || penalizedDomainCounts[i] > 0 {
        multipliers[i] += mu * g[i] / Self.multiplierDamping
      }
      if multipliers[i] < 0 {
        // λ would drift to −∞ on an inactive constraint; μ is left alone.
        multipliers[i] = 0
        continue
      }
      if g[i] * mu < -multipliers[i] { continue }
      if increasesPenaltyFactor(g, i) {
        let s = recordChange(i, +1)
        penaltyFactors[i] *= pow(chi, 0.25 * (1 + s))
      } else if decreasesPenaltyFactor(g, i) {
        let s = recordChange(i, -1)
        penaltyFactors[i] *= pow(chi, -0.25 * (1 - s))
      }
    }
    updateCount += 1
    previousConstraints = g
    penalizedDomainCounts = Array(repeating: 0, count: constraintCount)
  }

  /// pycma's `muplus3`: μᵢ grows when gᵢ is violated, or when gᵢ is penalized
  /// while more than 95 % of the recent best candidates satisfy constraint i
  /// (the constraint may be inactive: the penalized zone moves closer to it).
  private func increasesPenaltyFactor(_ g: [Double], _ i: Int) -> Bool {
    if g[i] > 0 { return true }
    if g[i] * penaltyFactors[i] > -multipliers[i] {
      return history.feasibleFraction(constraint: i, window: feasibilityWindow) > 0.95
    }
    return false
  }

  /// pycma's `muminus3`: μᵢ shrinks when gᵢ is satisfied while fewer than
  /// 90 % of the recent best candidates satisfy constraint i.
  private func decreasesPenaltyFactor(_ g: [Double], _ i: Int) -> Bool {
    history.feasibleFraction(constraint: i, window: feasibilityWindow) < 0.9 && 0 > g[i]
  }

  /// Records a change of μᵢ in direction `change` (±1) and returns the
  /// exponent ramp s (pycma's `CountLastSameChanges.update(i, change).shape_exponent(i)`):
  /// with c successive changes in the same direction and T = m + 2, s is 0
  /// for c ≤ T, grows by 4/T per change up to 4 at c = 2T, and keeps the sign
  /// of the direction.
  private mutating func recordChange(_ i: Int, _ change: Int) -> Double {
    if change * sameDirectionChanges[i] < 0 { sameDirectionChanges[i] = 0 }
    sameDirectionChanges[i] += change
    let threshold = rampThreshold
    let factor = 4 / Double(threshold)
    let c = sameDirectionChanges[i]
    let sign = c > 0 ? 1 : (c < 0 ? -1 : 0)
    var excess = c - sign * threshold
    if !(excess * sign > 0) { excess = 0 }
    return factor * Double(sign) * Double(Swift.min(threshold, sign * excess))
  }

  // MARK: Coding

  enum CodingKeys: String, CodingKey {
    case dimension, constraintCount, multipliers, penaltyFactors, hasCoefficients, initializedConstraints
    case updateCount, previousConstraints, penalizedDomainCounts, sameDirectionChanges, history
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(dimension, forKey: .dimension)
    try c.encode(constraintCount, forKey: .constraintCount)
    try c.encode(multipliers.map(SpelledNumber.init), forKey: .multipliers)
    try c.encode(penaltyFactors.map(SpelledNumber.init), forKey: .penaltyFactors)
    try c.encode(hasCoefficients, forKey: .hasCoefficients)
    try c.encode(initializedConstraints, forKey: .initializedConstraints)
    try c.encode(updateCount, forKey: .updateCount)
    try c.encodeIfPresent(previousConstraints?.map(SpelledNumber.init), forKey: .previousConstraints)
    try c.encode(penalizedDomainCounts, forKey: .penalizedDomainCounts)
    try c.encode(sameDirectionChanges, forKey: .sameDirectionChanges)
    try c.encode(history.rows.map { $0.map(SpelledNumber.init) }, forKey: .history)
  }

  /// Decodes a state and checks that its parts fit together.
  ///
  /// - Throws: ``FisherError/malformedInput(_:)`` when sizes are out of range
  ///   or disagree with the dimension and constraint count.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let dimension = try c.decode(Int.self, forKey: .dimension)
    let m = try c.decode(Int.self, forKey: .constraintCount)
    do {
      try self.init(dimension: dimension, constraintCount: m)
    } catch {
      throw FisherError.malformedInput("augmented Lagrangian: \(error)")
    }
    func bad(_ what: String) -> FisherError { .malformedInput("augmented Lagrangian: \(what)") }
    multipliers = try c.decode([SpelledNumber].self, forKey: .multipliers).map(\.value)
    penaltyFactors = try c.decode([SpelledNumber].self, forKey: .penaltyFactors).map(\.value)
    hasCoefficients = try c.decode(Bool.self, forKey: .hasCoefficients)
    initializedConstraints = try c.decode([Bool].self, forKey: .initializedConstraints)
    updateCount = try c.decode(Int.self, forKey: .updateCount)
    previousConstraints = try c.decodeIfPresent([SpelledNumber].self, forKey: .previousConstraints)?.map(\.value)
    penalizedDomainCounts = try c.decode([Int].self, forKey: .penalizedDomainCounts)
    sameDirectionChanges = try c.decode([Int].self, forKey: .sameDirectionChanges)
    let rows = try c.decode([[SpelledNumber]].self, forKey: .history).map { $0.map(\.value) }

    guard multipliers.count == m, penaltyFactors.count == m, initializedConstraints.count == m,
      penalizedDomainCounts.count == m, sameDirectionChanges.count == m
    else { throw bad("per-constraint arrays must have \(m) entries") }
    guard previousConstraints.map({ $0.count == m }) ?? true, rows.allSatisfy({ $0.count == m }) else {
      throw bad("constraint rows must have \(m) values")
    }
    guard let history = ConstraintHistory(capacity: dimension + 20, rows: rows) else {
      throw bad("the history holds \(rows.count) rows, at most \(dimension + 20) allowed")
    }
    self.history = history
    guard updateCount >= 0, penalizedDomainCounts.allSatisfy({ $0 >= 0 }) else {
      throw bad("counts must not be negative")
    }
    // Each same-direction count moves by one per update, so it is bounded by them.
    guard sameDirectionChanges.allSatisfy({ $0.magnitude <= UInt(updateCount) }) else {
      throw bad("a same-direction change count exceeds the number of updates")
    }
    if !hasCoefficients {
      guard multipliers.allSatisfy({ $0 == 0 }), penaltyFactors.allSatisfy({ $0 == 0 }),
        !initializedConstraints.contains(true), updateCount == 0, previousConstraints == nil,
        penalizedDomainCounts.allSatisfy({ $0 == 0 }), sameDirectionChanges.allSatisfy({ $0 == 0 })
      else { throw bad("coefficients that were never set must be zero") }
    }
  }
}

/// A `Double` in JSON: a number when finite, else the string "inf", "-inf" or "nan".
private struct SpelledNumber: Codable {
  var value: Double

  init(_ value: Double) { self.value = value }

  func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    if value.isFinite {
      try c.encode(value)
    } else {
      try c.encode(value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf"))
    }
  }

  init(from decoder: any Decoder) throws {
    let c = try decoder.singleValueContainer()
    if let number = try? c.decode(Double.self) {
      value = number
      return
    }
    switch try c.decode(String.self) {
    case "inf": value = .infinity
    case "-inf": value = -.infinity
    case "nan": value = .nan
    case let other: throw FisherError.malformedInput("augmented Lagrangian: \"\(other)\" is not a number")
    }
  }
}
