/// CMA-ES with margin (Hamano, Saito, Nomura & Shirakawa, "CMA-ES with
/// Margin: Lower-Bounding Marginal Probability for Mixed-Integer Black-Box
/// Optimization", GECCO 2022, arXiv:2205.13482), as the `cmaes` package's
/// `CMAwM` runs it.
///
/// Some coordinates of the search vector are discrete (``DiscreteCoordinate``).
/// The strategy samples them as real numbers; a candidate x is evaluated at
/// the point whose discrete coordinate i is the grid value nearest to
/// mᵢ + Aᵢ(xᵢ − mᵢ), with a per-coordinate scale Aᵢ (initially 1), while the
/// update learns from x itself. Without more, a discrete coordinate whose
/// variance has shrunk inside one grid cell fixes that value for good. After
/// every update the margin keeps, for each discrete coordinate, the marginal
/// probability of leaving the value nearest to the mean at least α:
///
/// - at the ends of the grid (the mean beyond the outer threshold, where one
///   tail holds more than ½), the mean is moved to the distance
///   σAᵢ√Cᵢᵢ·√χ²₁(1 − 2α) from the threshold, so that the tail crossing it
///   keeps α;
/// - for an inner value, the probabilities p_low of falling below the lower
///   threshold and p_up of rising above the upper one are raised to at least
///   α/2 (the mass taken from the middle, in proportion to their excess
///   over α/2), and mᵢ and Aᵢ are solved so that N(mᵢ, (σAᵢ)²Cᵢᵢ) has
///   exactly those tails, with σ and C unchanged.
///
/// α defaults to 1/(nλ), the paper's and `cmaes`' choice.
public struct IntegerMargin: Sendable, Codable, Hashable {
  /// The discrete coordinates, at most one per index.
  public var coordinates: [DiscreteCoordinate]
  /// α, in (0, ½); nil for 1/(nλ).
  public var margin: Double?

  public init(coordinates: [DiscreteCoordinate], margin: Double? = nil) {
    self.coordinates = coordinates
    self.margin = margin
  }

  /// α for a search space of `dimension` and population size λ.
  public func resolvedMargin(dimension: Int, populationSize: Int) -> Double {
    margin ?? 1 / (Double(dimension) * Double(populationSize))
  }

  /// Checks the coordinates and α against a search space of `dimension`.
  ///
  /// - Throws: ``FisherError/invalidParameter(name:reason:)`` for a coordinate
  ///   outside the space, repeated, with a non-finite or non-positive step or
  ///   fewer than two values, or α outside (0, ½).
  public func validate(dimension: Int) throws {
    var seen = Set<Int>()
    for c in coordinates {
      try c.validate(dimension: dimension)
      guard seen.insert(c.index).inserted else {
        throw FisherError.invalidParameter(name: "discrete coordinate \(c.index)", reason: "is given twice")
      }
    }
    if let a = margin, !(a > 0 && a < 0.5) {
      throw FisherError.invalidParameter(name: "margin", reason: "must be in (0, 0.5), got \(a)")
    }
  }

  /// The point at which `candidate` is evaluated: its discrete coordinates
  /// replaced by the grid value nearest to mᵢ + Aᵢ(xᵢ − mᵢ), the others as
  /// they are in `point` (the candidate, or its repair into box bounds).
  @inlinable
  public func discretize(_ candidate: [Double], into point: inout [Double], mean: [Double], scales: [Double]) {
    for (k, c) in coordinates.enumerated() {
      let i = c.index
      point[i] = c.nearestValue((candidate[i] - mean[i]) * scales[k] + mean[i])
    }
  }

  /// The margin correction after an update: moves the discrete coordinates
  /// of `mean` and their scales A (one per coordinate, in the order of
  /// ``coordinates``) so that each keeps probability α of leaving the value
  /// nearest to the mean; σ and `variances` (diag C) are those of the
  /// updated distribution and stay as they are.
  public func correct(mean: inout [Double], scales: inout [Double], sigma: Double, variances: [Double], alpha: Double) {
    // √χ²₁(1 − 2p) = Φ⁻¹(1 − p), computed as −Φ⁻¹(p) without the cancellation.
    func radius(_ p: Double) -> Double { -StandardNormalDistribution.quantile(p) }
    for (k, c) in coordinates.enumerated() {
      let i = c.index
      let m = mean[i]
      let (lower, upper) = c.limits(around: m)
      let deviation = variances[i].squareRoot()
      let scale = sigma * scales[k] * deviation
      var lowTail = StandardNormalDistribution.cdf((lower - m) / scale)
      var upTail = 1 - StandardNormalDistribution.cdf((upper - m) / scale)
      let middle = 1 - (lowTail + upTail)
      if Swift.max(lowTail, upTail) > 0.5 {
        // The mean lies beyond the outer threshold of an end value.
        if Swift.min(lowTail, upTail) < alpha {
          let side: Double = m > upper ? 1 : m < upper ? -1 : 0
          mean[i] = upper + side * sigma * scales[k] * deviation * radius(alpha)
        }
        continue
      }
      lowTail = Swift.max(lowTail, alpha / 2)
      upTail = Swift.max(upTail, alpha / 2)
      let excess = 1 - lowTail - upTail - middle
      let denominator = lowTail + middle + upTail - 3 * alpha / 2
      let low = (lowTail + excess * (lowTail - alpha / 2) / denominator).clamped(1e-10, 0.5 - 1e-10)
      let up = (upTail + excess * (upTail - alpha / 2) / denominator).clamped(1e-10, 0.5 - 1e-10)
      let rl = radius(low), ru = radius(up)
      scales[k] = (upper - lower) / ((rl + ru) * sigma * deviation)
      mean[i] = (lower * ru + upper * rl) / (rl + ru)
    }
  }
}

extension IntegerMargin {
  /// Aᵢ = 1 for each discrete coordinate of `margin`.
  static func initialScales(_ margin: IntegerMargin?) -> [Double] {
    [Double](repeating: 1, count: margin?.coordinates.count ?? 0)
  }

  /// Multiplies the standard deviation of each discrete coordinate of
  /// `margin` by its scale Aᵢ (the spread of the coordinate as evaluated).
  static func scale(_ stds: inout [Double], by scales: [Double], coordinates margin: IntegerMargin?) {
    guard let margin else { return }
    for (k, c) in margin.coordinates.enumerated() where k < scales.count && stds.indices.contains(c.index) {
      stds[c.index] *= scales[k]
    }
  }

  /// The scales Aᵢ of a checkpoint, checked against its options.
  static func decodeScales<K: CodingKey>(
    _ c: KeyedDecodingContainer<K>, forKey key: K, options: CMAESOptions
  ) throws -> [Double] {
    try decodeScales(c, forKey: key, options: options.integerMargin)
  }

  /// The scales Aᵢ of a checkpoint, checked against the margin it runs with.
  static func decodeScales<K: CodingKey>(
    _ c: KeyedDecodingContainer<K>, forKey key: K, options margin: IntegerMargin?
  ) throws -> [Double] {
    let scales = try c.decodeIfPresent([Double].self, forKey: key) ?? []
    try StrategyArguments.require(
      scales.count == (margin?.coordinates.count ?? 0) && scales.allSatisfy { $0.isFinite && $0 > 0 },
      "margin scales must be one positive number per discrete coordinate")
    return scales
  }
}

extension Double {
  fileprivate func clamped(_ low: Double, _ high: Double) -> Double { Swift.min(Swift.max(self, low), high) }
}
