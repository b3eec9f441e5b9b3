#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// CatCMA (Hamano, Nomura, Saito, Uchida & Shirakawa, "CatCMA: Stochastic
/// Optimization for Mixed-Category Problems", GECCO 2024, arXiv:2405.09962),
/// as the `cmaes` package's `CatCMA` runs it.
///
/// The search distribution is the product N(m, σ²C) × ∏ᵢ Cat(qᵢ) over the
/// continuous coordinates x and the categorical variables cᵢ, each a block of
/// Kᵢ coordinates set one-hot (``CategoricalBlock``). Both parts are moved by
/// natural gradients of the same ranking, the seed's view applied to a joint
/// family:
///
/// - the Gaussian by CMA-ES with positive weights only (w ∝ ln((λ + 1)/2) − ln i
///   for the best ⌊λ/2⌋, zero below), c₁ = 2/((N_co + 1.3)² + μ_eff),
///   c_μ = min(1 − c₁ − 10⁻⁸, 2(μ_eff − 2 + 1/μ_eff)/((N_co + 2)² + μ_eff)),
///   c_σ = (μ_eff + 2)/(N_co + μ_eff + 5) and cmaes' h_σ test; σ is kept above
///   √(minEigenvalue / min √λ(C));
/// - each qᵢ by the categorical family's natural gradient Σₖ wₖ(cₖ − q), with
///   the adaptive step size of ASNG (Akimoto, Shirakawa et al., ICML 2019):
///   ε = δ/‖F^(1/2)∇‖ with δ = 1/Δ, and Δ adapted from the accumulated
///   normalized gradient s and its expected length γ (α = 1.5);
/// - then the margin keeps every category's probability ≥ q_min (default
///   (1 − 0.73^(1/N_ca))/(K − 1)), renormalized.
///
/// The candidate vector holds the continuous coordinates and the one-hot
/// blocks in place; ``mean`` shows qᵢ in each block. ``SearchSpace`` lays out
/// categorical variables this way, so a space's points decode directly.
/// Integer variables are coordinates of the Gaussian part; with
/// ``CatCMAOptions/integerMargin`` (which ``SearchSpace/prepare(_:)`` sets)
/// they get CMA-ES with margin's encoding and correction after every update,
/// as in ``CMAES`` — the margin of CatCMA with margin (`cmaes`' `CatCMAwM`)
/// for integers in spirit, not its exact update.
///
/// Differences from `cmaes`: candidates are never resampled for bounds (a
/// ``SearchSpace`` or the driver's ``BoxBounds`` repair them); failed
/// evaluations (+∞) rank last; C is decomposed with ``SymmetricEigen``.
///
/// - Complexity: O(λ n²) per ask and tell plus an O(N_co³) eigendecomposition per tell.
public struct CatCMA: Strategy, Hashable {
  public static let name = "catcma"

  public let options: CatCMAOptions
  public private(set) var streams: RandomStreams
  /// Indices of the continuous coordinates, ascending.
  public let continuous: [Int]
  public let dimension: Int
  public let populationSize: Int
  /// The weights, best first (zero for the worse half).
  public let weights: [Double]
  public let mu: Int
  public let muEff: Double
  public let c1: Double
  public let cmu: Double
  public let cc: Double
  public let cSigma: Double
  public let dSigma: Double
  public let chiN: Double
  /// q_min per categorical variable.
  public let margin: [Double]

  var gaussianMean: [Double]
  public private(set) var sigma: Double
  /// C over the continuous coordinates (N_co × N_co).
  public private(set) var covariance: Matrix
  var eigenvectors: Matrix
  var axisLengths: [Double]
  var ps: [Double]
  var pc: [Double]
  /// q, one probability vector per categorical variable.
  public private(set) var probabilities: [[Double]]
  // ASNG's step-size adaptation.
  var delta: Double = 1
  var bigDelta: Double = 1
  var gamma: Double = 0
  var accumulated: [Double]
  public private(set) var generation = 0
  /// Aᵢ of the integer margin, one per discrete coordinate (empty without one).
  public private(set) var marginScales: [Double] = []
  var bestHistory: [Double]
  public private(set) var stopReason: StopReason?

  /// A CatCMA at `mean` (the categorical blocks' entries are ignored; every
  /// category starts at probability 1/K) with step size `sigma` and C = I.
  ///
  /// - Throws: ``FisherError`` for an empty or non-finite mean, σ not
  ///   positive and finite, λ < 2 and invalid options.
  public init(mean: [Double], sigma: Double, populationSize: Int? = nil, seed: UInt64, options: CatCMAOptions) throws {
    try StrategyArguments.check(mean: mean, sigma: sigma)
    let n = mean.count
    try options.validate(dimension: n)
    var isCategorical = [Bool](repeating: false, count: n)
    for b in options.categories { for i in b.index..<(b.index + b.count) { isCategorical[i] = true } }
    continuous = (0..<n).filter { !isCategorical[$0] }
    let nco = continuous.count, nca = options.categories.count
    let lambda = populationSize ?? 4 + Int((3 * log(Double(nco + nca))).rounded(.down))
    guard lambda >= 2 else {
      throw FisherError.invalidParameter(name: "population-size", reason: "must be at least 2, got \(lambda)")
    }
    try StrategyArguments.checkMemory("CatCMA", dimension: nco, populationSize: lambda, squareMatrices: 4)
    self.options = options
    streams = RandomStreams(seed: seed)
    dimension = n
    self.populationSize = lambda
    let mu = lambda / 2
    let raw = (0..<lambda).map { i in i < mu ? log(Double(lambda + 1) / 2) - log(Double(i + 1)) : 0 }
    let sum = raw.reduce(0, +)
    weights = raw.map { $0 / sum }
    self.mu = mu
    muEff = 1 / weights.reduce(0) { $0 + $1 * $1 }
    // Without continuous or integer coordinates the Gaussian part is absent
    // (as in cmaes' CatCMAwM) and these constants are never used; N = 1 keeps
    // them finite.
    let N = Double(Swift.max(nco, 1))
    c1 = 2 / ((N + 1.3) * (N + 1.3) + muEff)
    cmu = Swift.min(1 - c1 - 1e-8, 2 * (muEff - 2 + 1 / muEff) / ((N + 2) * (N + 2) + 2 * muEff / 2))
    cSigma = (muEff + 2) / (N + muEff + 5)
    dSigma = 1 + 2 * Swift.max(0, ((muEff - 1) / (N + 1)).squareRoot() - 1) + cSigma
    cc = (4 + muEff / N) / (N + 4 + 2 * muEff / N)
    chiN = N.squareRoot() * (1 - 1 / (4 * N) + 1 / (21 * N * N))
    margin = options.resolvedMargin()
    gaussianMean = continuous.map { mean[$0] }
    self.sigma = sigma
    covariance = ._identity(nco)
    eigenvectors = ._identity(nco)
    axisLengths = [Double](repeating: 1, count: nco)
    ps = [Double](repeating: 0, count: nco)
    pc = [Double](repeating: 0, count: nco)
    probabilities = options.categories.map { [Double](repeating: 1 / Double($0.count), count: $0.count) }
    accumulated = [Double](repeating: 0, count: options.categories.reduce(0) { $0 + $1.count - 1 })
    bestHistory = []
    marginScales = IntegerMargin.initialScales(options.integerMargin)
  }

  /// The Gaussian mean in the continuous coordinates and q in each categorical block.
  public var mean: [Double] {
    var m = [Double](repeating: 0, count: dimension)
    for (k, i) in continuous.enumerated() { m[i] = gaussianMean[k] }
    for (b, q) in zip(options.categories, probabilities) { for j in 0..<b.count { m[b.index + j] = q[j] } }
    return m
  }

  public var stepSize: Double { sigma }
  public var conditionNumber: Double {
    let r = (axisLengths.max() ?? 1) / (axisLengths.min() ?? 1)
    return r * r
  }

  /// σ√Cₖₖ for each continuous coordinate (σAᵢ√Cₖₖ for an integer coordinate
  /// under ``CatCMAOptions/integerMargin``, as in ``CMAES``), and √(qⱼ(1 − qⱼ)),
  /// the standard deviation of a one-hot entry, for each coordinate of a
  /// categorical block.
  public var coordinateStandardDeviations: [Double] {
    var s = [Double](repeating: 0, count: dimension)
    for (k, i) in continuous.enumerated() { s[i] = sigma * Swift.max(0, covariance[k, k]).squareRoot() }
    IntegerMargin.scale(&s, by: marginScales, coordinates: options.integerMargin)
    for (b, q) in zip(options.categories, probabilities) {
      for j in 0..<b.count { s[b.index + j] = (q[j] * (1 - q[j])).squareRoot() }
    }
    return s
  }

  /// The generations whose best values the tolfun criterion compares.
  var historyLength: Int { 10 + Int((30 * Double(continuous.count) / Double(populationSize)).rounded(.up)) }

  /// The λ candidates: xₖ = m + σ B D zₖ on the continuous coordinates, and
  /// in each categorical block the category k with Σⱼ₍ⱼ₎ qⱼ ≤ u < Σⱼ₌₀ᵏ qⱼ for a
  /// uniform u, set to 1 (the others 0).
  public func ask() -> Population {
    let nco = continuous.count, lambda = populationSize
    let z = _standardNormalRows(streams, generation: generation, count: lambda, dimension: nco)
    var x = Matrix(_rows: lambda, columns: dimension)
    // B D, row-major, so that each candidate costs one matrix-vector product.
    var bd = eigenvectors.elements
    for a in 0..<nco { for b in 0..<nco { bd[a * nco + b] *= axisLengths[b] } }
    let n = dimension
    bd.withUnsafeBufferPointer { m in
      z.elements.withUnsafeBufferPointer { zb in
        gaussianMean.withUnsafeBufferPointer { mean in
          continuous.withUnsafeBufferPointer { index in
            x.elements.withUnsafeMutableBufferPointer { xb in
              for k in 0..<lambda {
                for a in 0..<nco {
                  var s = 0.0
                  for b in 0..<nco { s += m[a * nco + b] * zb[k * nco + b] }
                  xb[k * n + index[a]] = mean[a] + sigma * s
                }
              }
            }
          }
        }
      }
    }
    for k in 0..<lambda {
      var rng = streams.generator(domain: 0xCA7C_3A, generation: generation, index: k)
      for (block, q) in zip(options.categories, probabilities) {
        let u = rng.nextUniform()
        var cumulative = 0.0, chosen = block.count - 1
        for j in 0..<block.count {
          let next = cumulative + q[j]
          if cumulative <= u && u < next {
            chosen = j
            break
          }
          cumulative = next
        }
        x[k, block.index + chosen] = 1
      }
    }
    return Population(generation: generation, candidates: x, directions: z)
  }

  /// One CatCMA update with the fitness of the current population (lower is
  /// better, +∞ for a failed evaluation, ranked last).
  ///
  /// - Throws: ``FisherError`` for a population of another generation or
  ///   shape, NaN or −∞ fitness, non-finite candidates, or a categorical
  ///   block that is not one-hot; the state is unchanged then.
  public mutating func tell(_ population: Population, fitness: [Double]) throws {
    try validateTell(population, fitness: fitness)
    try CMAESState.validateValues(population, fitness: fitness, dimension: dimension)
    for k in 0..<population.count {
      for b in options.categories {
        var ones = 0
        for j in 0..<b.count {
          let v = population.candidates[k, b.index + j]
          if v == 1 { ones += 1 } else if v != 0 { ones = -1; break }
        }
        guard ones == 1 else {
          throw FisherError.invalidParameter(
            name: "candidate \(k)", reason: "categorical block at \(b.index) is not one-hot")
        }
      }
    }
    let nco = continuous.count
    let order = CMAESState.ranking(fitness)
    generation += 1
    bestHistory.append(fitness[order[0]])
    if bestHistory.count > historyLength { bestHistory.removeFirst(bestHistory.count - historyLength) }

    if nco > 0 { updateGaussian(population, order: order) }
    updateCategorical(population, order: order)
    stopReason = terminationReason()
  }

  /// The Gaussian part of an update: CMA-ES's on the continuous coordinates.
  mutating func updateGaussian(_ population: Population, order: [Int]) {
    let nco = continuous.count
    // y of the μ best (the other weights are zero), one row each.
    var y = [Double](repeating: 0, count: mu * nco)
    var yw = [Double](repeating: 0, count: nco)
    for rank in 0..<mu {
      let k = order[rank]
      for (a, i) in continuous.enumerated() { y[rank * nco + a] = (population.candidates[k, i] - gaussianMean[a]) / sigma }
      for a in 0..<nco { yw[a] += weights[rank] * y[rank * nco + a] }
    }
    for a in 0..<nco { gaussianMean[a] += sigma * yw[a] }
    // C^(−1/2) y_w = B D⁻¹ Bᵀ y_w.
    var t = [Double](repeating: 0, count: nco)
    for b in 0..<nco {
      var s = 0.0
      for a in 0..<nco { s += eigenvectors[a, b] * yw[a] }
      t[b] = s / axisLengths[b]
    }
    let psScale = (cSigma * (2 - cSigma) * muEff).squareRoot()
    var psNorm2 = 0.0
    for a in 0..<nco {
      var s = 0.0
      for b in 0..<nco { s += eigenvectors[a, b] * t[b] }
      ps[a] = (1 - cSigma) * ps[a] + psScale * s
      psNorm2 += ps[a] * ps[a]
    }
    let psNorm = psNorm2.squareRoot()
    sigma = Swift.min(sigma * exp((cSigma / dSigma) * (psNorm / chiN - 1)), 1e32)
    let hsig = psNorm / (1 - pow(1 - cSigma, Double(2 * (generation + 1)))).squareRoot()
      < (1.4 + 2 / (Double(nco) + 1)) * chiN
    let h = hsig ? 1.0 : 0.0
    let pcScale = (cc * (2 - cc) * muEff).squareRoot()
    for a in 0..<nco { pc[a] = (1 - cc) * pc[a] + h * pcScale * yw[a] }
    let deltaH = (1 - h) * cc * (2 - cc)
    let decay = 1 + c1 * deltaH - c1 - cmu * weights.reduce(0, +)
    y.withUnsafeBufferPointer { yb in
      covariance.elements.withUnsafeMutableBufferPointer { c in
        for a in 0..<nco {
          for b in a..<nco {
            var rankMu = 0.0
            for rank in 0..<mu { rankMu += weights[rank] * yb[rank * nco + a] * yb[rank * nco + b] }
            let v = decay * c[a * nco + b] + c1 * pc[a] * pc[b] + cmu * rankMu
            c[a * nco + b] = v
            c[b * nco + a] = v
          }
        }
      }
    }
    decompose()
    if let smallest = axisLengths.min() { sigma = Swift.max(sigma, (options.minEigenvalue / smallest).squareRoot()) }
    if let margin = options.integerMargin { applyIntegerMargin(margin) }
  }

  /// The categorical part of an update: the natural gradient Σₖ wₖ (cₖ − q),
  /// ASNG's step, the margin.
  mutating func updateCategorical(_ population: Population, order: [Int]) {
    var gradients: [[Double]] = []
    for (block, q) in zip(options.categories, probabilities) {
      var g = [Double](repeating: 0, count: block.count)
      for (rank, k) in order.enumerated() where weights[rank] != 0 {
        for j in 0..<block.count { g[j] += weights[rank] * (population.candidates[k, block.index + j] - q[j]) }
      }
      gradients.append(g)
    }
    // F^(1/2) ∇ in the K − 1 free parameters (Akimoto et al. 2019, Appendix B).
    var scaled: [Double] = []
    for (q, g) in zip(probabilities, gradients) {
      let last = q[q.count - 1]
      var head = 0.0
      for j in 0..<(q.count - 1) { head += g[j] }
      for j in 0..<(q.count - 1) {
        scaled.append(g[j] / q[j].squareRoot() + q[j].squareRoot() * head / (last + last.squareRoot()))
      }
    }
    let pnorm = scaled.reduce(0) { $0 + $1 * $1 }.squareRoot() + 1e-30
    let epsilon = delta / pnorm
    for i in probabilities.indices { for j in probabilities[i].indices { probabilities[i][j] += epsilon * gradients[i][j] } }
    delta = 1 / bigDelta
    let beta = delta / Double(accumulated.count).squareRoot()
    var sNorm2 = 0.0
    for j in accumulated.indices {
      accumulated[j] = (1 - beta) * accumulated[j] + (beta * (2 - beta)).squareRoot() * scaled[j] / pnorm
      sNorm2 += accumulated[j] * accumulated[j]
    }
    gamma = (1 - beta) * (1 - beta) * gamma + beta * (2 - beta)
    bigDelta *= exp(beta * (gamma - sNorm2 / 1.5))
    for i in probabilities.indices {
      let qmin = margin[i]
      var q = probabilities[i].map { Swift.max($0, qmin) }
      let total = q.reduce(0, +)
      let excess = total - qmin * Double(q.count)
      for j in q.indices { q[j] -= (total - 1) * (q[j] - qmin) / excess }
      let renormalized = q.reduce(0, +)
      probabilities[i] = q.map { $0 / renormalized }
    }
  }

  /// B, D ← eig(C) with negative eigenvalues raised to 10⁻⁸, and then
  /// C ← B D² Bᵀ, as cmaes' `_eigen_decomposition` (C is kept exactly
  /// symmetric, so cmaes' symmetrization (C + Cᵀ)/2 has nothing to do).
  mutating func decompose() {
    let n = continuous.count
    guard let eig = try? SymmetricEigen(covariance) else {
      stopReason = .strategy("numerical-error")
      return
    }
    eigenvectors = eig.vectors
    axisLengths = eig.values.map { $0 < 0 ? 1e-8 : $0.squareRoot() }
    // cmaes rebuilds C = B D² Bᵀ, which changes it only by rounding unless an
    // eigenvalue was raised; rebuild it then.
    guard eig.values.contains(where: { $0 < 0 }) else { return }
    var scaled = eigenvectors.elements
    for a in 0..<n { for k in 0..<n { scaled[a * n + k] *= axisLengths[k] } }
    scaled.withUnsafeBufferPointer { u in
      covariance.elements.withUnsafeMutableBufferPointer { c in
        for a in 0..<n {
          for b in a..<n {
            var s = 0.0
            for k in 0..<n { s += u[a * n + k] * u[b * n + k] }
            c[a * n + b] = s
            c[b * n + a] = s
          }
        }
      }
    }
  }

  /// The integer margin's correction, in the full vector's indices.
  mutating func applyIntegerMargin(_ margin: IntegerMargin) {
    var full = mean
    var variances = [Double](repeating: 1, count: dimension)
    for (a, i) in continuous.enumerated() { variances[i] = covariance[a, a] }
    margin.correct(
      mean: &full, scales: &marginScales, sigma: sigma, variances: variances,
      alpha: margin.resolvedMargin(dimension: dimension, populationSize: populationSize))
    for (a, i) in continuous.enumerated() { gaussianMean[a] = full[i] }
  }

  public var discreteCoordinates: [DiscreteCoordinate] { options.integerMargin?.coordinates ?? [] }

  /// Writes the integer coordinates of `candidate` as they are evaluated: the
  /// grid value nearest to mᵢ + Aᵢ(xᵢ − mᵢ).
  public func discretize(_ candidate: [Double], into point: inout [Double]) {
    options.integerMargin?.discretize(candidate, into: &point, mean: mean, scales: marginScales)
  }

  /// cmaes' `should_stop`: flat best values, divergence, conditioning. Like
  /// `CatCMAwM`, a distribution of categories alone never stops by itself: its
  /// values are counts that stay flat for many generations on the way to the
  /// optimum, and the margin keeps every category in reach.
  func terminationReason() -> StopReason? {
    if let s = stopReason { return s }
    guard !continuous.isEmpty else { return nil }
    if generation > historyLength, let hi = bestHistory.max(), let lo = bestHistory.min(), hi - lo < options.tolFun {
      return .strategy("tolfun")
    }
    let largest = axisLengths.max() ?? 1, smallest = axisLengths.min() ?? 1
    if sigma * largest > options.tolXUp { return .strategy("tolxup") }
    if largest / smallest > options.tolConditionCov { return .strategy("conditioncov") }
    return nil
  }
}

extension CatCMA: Codable {
  enum CodingKeys: String, CodingKey {
    case options, streams, dimension, populationSize, mean, sigma, covariance, eigenvectors, axisLengths, ps, pc
    case probabilities
    case delta, bigDelta, gamma, accumulated, generation, bestHistory, stopReason, marginScales
  }

  /// Restores a state written by ``encode(to:)``; resuming continues bit-identically.
  ///
  /// - Throws: ``FisherError`` when the parts do not fit together.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let options = try c.decode(CatCMAOptions.self, forKey: .options)
    let n = try c.decode(Int.self, forKey: .dimension)
    try StrategyArguments.require(n >= 2, "dimension")
    try self.init(
      mean: [Double](repeating: 0, count: n), sigma: 1, populationSize: try c.decode(Int.self, forKey: .populationSize),
      seed: 0, options: options)
    streams = try c.decode(RandomStreams.self, forKey: .streams)
    let nco = continuous.count
    gaussianMean = try c.decode([Double].self, forKey: .mean)
    sigma = try c.decode(Double.self, forKey: .sigma)
    covariance = try c.decode(Matrix.self, forKey: .covariance)
    ps = try c.decode([Double].self, forKey: .ps)
    pc = try c.decode([Double].self, forKey: .pc)
    probabilities = try c.decode([[Double]].self, forKey: .probabilities)
    delta = try c.decode(Double.self, forKey: .delta)
    bigDelta = try c.decode(Double.self, forKey: .bigDelta)
    gamma = try c.decode(Double.self, forKey: .gamma)
    accumulated = try c.decode([Double].self, forKey: .accumulated)
    generation = try c.decode(Int.self, forKey: .generation)
    bestHistory = try c.decode([Double].self, forKey: .bestHistory)
    stopReason = try c.decodeIfPresent(StopReason.self, forKey: .stopReason)
    marginScales = try IntegerMargin.decodeScales(c, forKey: .marginScales, options: options.integerMargin)
    for (name, v) in [("mean", gaussianMean), ("p_sigma", ps), ("p_c", pc)] {
      try StrategyArguments.require(v.count == nco && v.allSatisfy(\.isFinite), "\(name) must be \(nco) finite numbers")
    }
    try StrategyArguments.require(sigma.isFinite && sigma > 0, "sigma")
    try StrategyArguments.require(
      covariance.rows == nco && covariance.columns == nco && covariance.elements.count == nco * nco
        && covariance.elements.allSatisfy(\.isFinite), "covariance must be a finite \(nco)×\(nco) matrix")
    try StrategyArguments.require(
      probabilities.count == options.categories.count
        && zip(probabilities, options.categories).allSatisfy { q, b in q.count == b.count && q.allSatisfy { $0 >= 0 && $0 <= 1 } },
      "category probabilities")
    try StrategyArguments.require(
      accumulated.count == options.categories.reduce(0) { $0 + $1.count - 1 } && accumulated.allSatisfy(\.isFinite)
        && [delta, bigDelta, gamma].allSatisfy(\.isFinite) && generation >= 0, "step-size adaptation state")
    eigenvectors = try c.decode(Matrix.self, forKey: .eigenvectors)
    axisLengths = try c.decode([Double].self, forKey: .axisLengths)
    try StrategyArguments.require(
      eigenvectors.rows == nco && eigenvectors.columns == nco && eigenvectors.elements.count == nco * nco
        && eigenvectors.elements.allSatisfy(\.isFinite), "eigenvectors must be a finite \(nco)×\(nco) matrix")
    try StrategyArguments.require(
      axisLengths.count == nco && axisLengths.allSatisfy { $0.isFinite && $0 > 0 }, "axis lengths must be \(nco) positive numbers")
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(options, forKey: .options)
    try c.encode(streams, forKey: .streams)
    try c.encode(dimension, forKey: .dimension)
    try c.encode(populationSize, forKey: .populationSize)
    try c.encode(gaussianMean, forKey: .mean)
    try c.encode(sigma, forKey: .sigma)
    try c.encode(covariance, forKey: .covariance)
    try c.encode(eigenvectors, forKey: .eigenvectors)
    try c.encode(axisLengths, forKey: .axisLengths)
    try c.encode(ps, forKey: .ps)
    try c.encode(pc, forKey: .pc)
    try c.encode(probabilities, forKey: .probabilities)
    try c.encode(delta, forKey: .delta)
    try c.encode(bigDelta, forKey: .bigDelta)
    try c.encode(gamma, forKey: .gamma)
    try c.encode(accumulated, forKey: .accumulated)
    try c.encode(generation, forKey: .generation)
    try c.encode(bestHistory, forKey: .bestHistory)
    try c.encodeIfPresent(stopReason, forKey: .stopReason)
    if !marginScales.isEmpty { try c.encode(marginScales, forKey: .marginScales) }
  }
}
