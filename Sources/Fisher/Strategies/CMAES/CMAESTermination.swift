/// The fitness and mean histories behind CMA-ES's termination criteria, kept as
/// pycma keeps them (`fit.hist`, `fit.histbest`, `fit.histmedian`,
/// `fit.flatfit_iterations`, `best`, `_StopTolXStagnation`).
struct CMAESHistory: Sendable, Hashable {
  /// Best value of each recent generation, newest first, at most 10 + 30n/λ long.
  var recentBest: [Double] = []
  /// Best and median of every fifth generation, newest first (for `tolstagnation`).
  var sparseBest: [Double] = []
  var sparseMedian: [Double] = []
  /// max − min of the latest generation.
  var currentRange = 0.0
  /// Consecutive generations with f₁ = f₍⌊0.75λ⌋₎.
  var flatGenerations = 0
  /// Best value told so far and its 1-based evaluation index.
  var bestValue: Double?
  var bestEvaluation = 0
  /// `tolxstagnation`: the mean when it last moved, and tell counters.
  var stagnantMean: [Double]
  var stagnationCount = 0
  var stagnationCountAtMove = 0

  init(mean: [Double]) { stagnantMean = mean }

  /// Records one told generation (`sorted` ascending, `evaluations` after it).
  mutating func record(sorted f: [Double], dimension n: Int, populationSize lambda: Int, generation: Int, evaluations: Int, bestIndexInGeneration: Int) {
    let best = f[0]
    recentBest.insert(best, at: 0)
    let i = f.count / 2
    let median = f.count % 2 == 1 ? f[i] : (f[i - 1] + f[i]) / 2
    if generation % 5 == 0 {
      sparseBest.insert(best, at: 0)
      sparseMedian.insert(median, at: 0)
    }
    if sparseBest.count > 20_000 {
      sparseBest.removeLast()
      sparseMedian.removeLast()
    }
    if Double(recentBest.count) > 10 + 30 * Double(n) / Double(lambda) { recentBest.removeLast() }
    let range = f[f.count - 1] - f[0]
    currentRange = range.isNaN ? .infinity : range  // ∞ − ∞ when every evaluation failed
    if best < .infinity, bestValue.map({ best < $0 }) ?? true {
      bestValue = best
      bestEvaluation = evaluations - f.count + bestIndexInGeneration + 1
    }
    if f[0] < f[Int(0.75 * Double(f.count))] {
      flatGenerations = 0
    } else {
      flatGenerations += 1
    }
  }

  /// pycma's `_StopTolXStagnation.update`, called with the mean after each tell.
  mutating func recordMean(_ x: [Double], threshold delta0: Double) {
    stagnationCount += 1
    let timeThreshold = 20 + 0.1 * Double(stagnationCount)
    let delta = delta0 * Swift.max(1, Double(stagnationCount - stagnationCountAtMove) / timeThreshold).squareRoot()
    var d2 = 0.0
    for j in x.indices { d2 += (stagnantMean[j] - x[j]) * (stagnantMean[j] - x[j]) }
    if d2.squareRoot() > delta {
      stagnantMean = x
      stagnationCountAtMove = stagnationCount
    }
  }

  var meanStagnates: Bool {
    Double(stagnationCount - stagnationCountAtMove) > 20 + 0.1 * Double(stagnationCount)
  }
}

/// What the termination test reads from a CMA-ES variant after a tell.
struct CMAESStopInputs {
  var variances: [Double]
  /// √ of the smallest and largest eigenvalue of C as last decomposed.
  var smallestAxis: Double
  var largestAxis: Double
  /// True when m + 0.1 σ √λᵢ bᵢ == m for axis i (nil: not applicable).
  var axisHasNoEffect: ((Int) -> Bool)?
}

extension CMAESState {
  /// The first criterion that holds, in pycma's order, by pycma's name.
  func terminationReason(_ inputs: CMAESStopInputs, parameters p: CMAESParameters, options o: CMAESOptions) -> StopReason? {
    let n = mean.count
    let g = generation
    guard g > 0 else { return nil }
    if numericalError { return .strategy("numerical-error") }
    let h = history
    if p.maxIterations > 0, g >= p.maxIterations { return .strategy("maxiter") }

    var maxStd = 0.0, allStdsSmall = true
    for i in 0..<n {
      let s = sigma * inputs.variances[i].squareRoot()
      maxStd = Swift.max(maxStd, s)
      if !(s < o.tolX) || !(sigma * abs(pc[i]) < o.tolX) { allStdsSmall = false }
    }
    if o.tolFacUpX > 0, maxStd > sigma0 * o.tolFacUpX { return .strategy("tolfacupx") }
    if allStdsSmall { return .strategy("tolx") }

    var histMin = Double.infinity, histMax = -Double.infinity
    for v in h.recentBest {
      histMin = Swift.min(histMin, v)
      histMax = Swift.max(histMax, v)
    }
    let histRange = histMax - histMin
    if h.currentRange < o.tolFun, histRange < o.tolFun { return .strategy("tolfun") }
    if h.recentBest.count > 9, histRange < o.tolFunHist { return .strategy("tolfunhist") }

    if p.tolStagnation > 0 {
      let lambda = p.populationSize
      let ts = Double(p.tolStagnation)
      let lReal = Swift.max(ts / 5 / 2, Double(h.sparseBest.count) / 10)
      if lReal <= Double(g) {
        let l = Int(lReal)
        if Double(g) > Double(n) * (5 + 100 / Double(lambda)),
          Double(evaluations - h.bestEvaluation) / Double(lambda) > ts / 2,
          h.sparseBest.count > 100, 2 * l < h.sparseBest.count,
          Self.median(h.sparseMedian[0..<l]) >= Self.median(h.sparseMedian[l..<(2 * l)]),
          Self.median(h.sparseBest[0..<l]) >= Self.median(h.sparseBest[l..<(2 * l)])
        {
          return .strategy("tolstagnation")
        }
      }
    }
    if o.tolXStagnation > 0, h.meanStagnates { return .strategy("tolxstagnation") }
    if o.tolUpSigma > 0, sigma / inputs.largestAxis > sigma0 * o.tolUpSigma { return .strategy("tolupsigma") }

    if o.noEffectCoordinate {
      for i in 0..<n where mean[i] == mean[i] + 0.2 * sigma * inputs.variances[i].squareRoot() {
        return .strategy("noeffectcoord")
      }
    }
    if o.noEffectAxis, let test = inputs.axisHasNoEffect, test(g % n) { return .strategy("noeffectaxis") }
    if o.tolConditionCov > 0, inputs.largestAxis > o.tolConditionCov.squareRoot() * inputs.smallestAxis {
      return .strategy("conditioncov")
    }
    if h.flatGenerations > o.tolFlatFitness { return .strategy("tolflatfitness") }
    return nil
  }

  /// numpy's median: the middle value, or the mean of the two middle values.
  static func median(_ values: ArraySlice<Double>) -> Double {
    let s = values.sorted()
    let c = s.count
    if c == 0 { return .nan }
    return c % 2 == 1 ? s[c / 2] : (s[c / 2 - 1] + s[c / 2]) / 2
  }
}

extension CMAESHistory: Codable {
  enum CodingKeys: String, CodingKey {
    case recentBest, sparseBest, sparseMedian, currentRange, flatGenerations, bestValue, bestEvaluation
    case stagnantMean, stagnationCount, stagnationCountAtMove
  }

  // Failed evaluations make +∞ fitness, which JSON cannot carry: encode it as null.
  init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    func values(_ key: CodingKeys) throws -> [Double] {
      try c.decode([Double?].self, forKey: key).map { $0 ?? .infinity }
    }
    recentBest = try values(.recentBest)
    sparseBest = try values(.sparseBest)
    sparseMedian = try values(.sparseMedian)
    currentRange = try c.decodeIfPresent(Double.self, forKey: .currentRange) ?? .infinity
    flatGenerations = try c.decode(Int.self, forKey: .flatGenerations)
    bestValue = try c.decodeIfPresent(Double.self, forKey: .bestValue)
    bestEvaluation = try c.decode(Int.self, forKey: .bestEvaluation)
    stagnantMean = try c.decode([Double].self, forKey: .stagnantMean)
    stagnationCount = try c.decode(Int.self, forKey: .stagnationCount)
    stagnationCountAtMove = try c.decode(Int.self, forKey: .stagnationCountAtMove)
    guard sparseBest.count == sparseMedian.count else {
      throw FisherError.malformedInput("CMA-ES history: \(sparseBest.count) best but \(sparseMedian.count) median values")
    }
  }

  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    func finite(_ v: [Double]) -> [Double?] { v.map { $0.isFinite ? $0 : nil } }
    try c.encode(finite(recentBest), forKey: .recentBest)
    try c.encode(finite(sparseBest), forKey: .sparseBest)
    try c.encode(finite(sparseMedian), forKey: .sparseMedian)
    if currentRange.isFinite { try c.encode(currentRange, forKey: .currentRange) }
    try c.encode(flatGenerations, forKey: .flatGenerations)
    try c.encodeIfPresent(bestValue, forKey: .bestValue)
    try c.encode(bestEvaluation, forKey: .bestEvaluation)
    try c.encode(stagnantMean, forKey: .stagnantMean)
    try c.encode(stagnationCount, forKey: .stagnationCount)
    try c.encode(stagnationCountAtMove, forKey: .stagnationCountAtMove)
  }
}
