#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// The part of a CMA-ES state that does not depend on the shape of C: the mean,
/// the step size, both evolution paths, the counters and the fitness histories
/// of the termination criteria.
///
/// One generation of ``CMAES`` or ``SeparableCMAES`` runs, in this order
/// (Hansen 2016, eqs. 39–47, with pycma's details):
///
///     m′  = Σᵢ₌₁^μ wᵢ xᵢ:λ
///     p_σ ← (1 − c_σ) p_σ + √(c_σ(2 − c_σ) μ_eff) C^(−1/2) (m′ − m)/σ
///     h_σ = ‖p_σ‖² / (1 − (1 − c_σ)^(2g)) / n < 2 + 4/(n + 1)       (g = generations told)
///     p_c ← (1 − c_c) p_c + h_σ √(c_c(2 − c_c) μ_eff) (m′ − m)/σ
///     C   ← (1 − c₁ₐ − c_μ Σwⱼ) C + c₁ p_c p_cᵀ + c_μ Σᵢ wᵢ° yᵢ yᵢᵀ,
///           c₁ₐ = c₁ (1 − (1 − h_σ) c_c (2 − c_c)),  wᵢ° = wᵢ (wᵢ ≥ 0) or wᵢ n/(‖C^(−1/2) yᵢ‖ + 10⁻⁹)²
///     σ   ← σ exp(clip₋₁¹((c_σ/d_σ)(‖p_σ‖/E‖N(0,I)‖ − 1)))
///
/// where yᵢ = (xᵢ:λ − m)/σ. The variants supply C^(−1/2) and the update of C.
struct CMAESState: Sendable, Hashable {
  var mean: [Double]
  var sigma: Double
  let sigma0: Double
  var ps: [Double]
  var pc: [Double]
  /// Completed tells (pycma's `countiter`).
  var generation = 0
  var evaluations = 0
  var history: CMAESHistory
  var stopReason: StopReason?
  /// Set when σ or C left the floating-point range; reported as `numerical-error`.
  var numericalError = false

  init(mean: [Double], sigma: Double) {
    self.mean = mean
    self.sigma = sigma
    self.sigma0 = sigma
    self.ps = [Double](repeating: 0, count: mean.count)
    self.pc = [Double](repeating: 0, count: mean.count)
    self.history = CMAESHistory(mean: mean)
  }

  /// The candidate order by fitness, best first; ties keep the ask order.
  static func ranking(_ fitness: [Double]) -> [Int] {
    fitness.indices.sorted { fitness[$0] < fitness[$1] || (fitness[$0] == fitness[$1] && $0 < $1) }
  }

  /// Validates a tell beyond ``Strategy/validateTell(_:fitness:)``: −∞ fitness,
  /// non-finite candidates, and the shape of the directions.
  static func validate(_ population: Population, fitness: [Double], dimension: Int) throws {
    try validateValues(population, fitness: fitness, dimension: dimension)
    guard population.directions.rows == population.count, population.directions.columns == dimension else {
      throw FisherError.populationMismatch(
        "directions are \(population.directions.rows)×\(population.directions.columns), expected \(population.count)×\(dimension)")
    }
  }

  /// Rejects −∞ fitness and non-finite candidates: the checks of ``validate(_:fitness:dimension:)``
  /// that do not depend on the shape of the directions (CatCMA's cover the continuous coordinates only).
  static func validateValues(_ population: Population, fitness: [Double], dimension: Int) throws {
    if let i = fitness.firstIndex(where: { $0 == -.infinity }) {
      throw FisherError.nonFinite("fitness \(i) is −infinity; pass +infinity for a failed evaluation")
    }
    if let i = population.candidates.elements.firstIndex(where: { !$0.isFinite }) {
      throw FisherError.nonFinite("candidate \(i / Swift.max(1, dimension)) has a non-finite coordinate")
    }
  }

  /// Writes yᵢ = (xᵢ:λ − m)/σ, sorted by fitness, into `y` (λ × n), and returns m′.
  func sortedSteps(_ population: Population, order: [Int], weights: [Double], mu: Int, into y: inout Matrix) -> [Double] {
    let n = mean.count
    var newMean = [Double](repeating: 0, count: n)
    let inverseSigma = 1 / sigma
    population.candidates.elements.withUnsafeBufferPointer { xb in
      mean.withUnsafeBufferPointer { m in
        newMean.withUnsafeMutableBufferPointer { nm in
          y.elements.withUnsafeMutableBufferPointer { yb in
            for (rank, k) in order.enumerated() {
              let x = xb.baseAddress! + k * n
              let yr = yb.baseAddress! + rank * n
              for j in 0..<n { yr[j] = (x[j] - m[j]) * inverseSigma }
              if rank < mu {
                let w = weights[rank]
                for j in 0..<n { nm[j] += w * x[j] }
              }
            }
          }
        }
      }
    }
    return newMean
  }

  /// Updates p_σ from z = C^(−1/2)(m′ − m) (unscaled), then h_σ, then p_c; returns
  /// h_σ. `generation` must already count this tell.
  mutating func updatePaths(inverseRootShift z: [Double], meanShift dm: [Double], parameters p: CMAESParameters) -> Bool {
    let n = mean.count
    let N = Double(n)
    let cs = p.cs, cc = p.cc
    let psScale = (cs * (2 - cs)).squareRoot() * p.mueff.squareRoot() / sigma
    var squaredNorm = 0.0
    for j in 0..<n {
      ps[j] = (1 - cs) * ps[j] + psScale * z[j]
      squaredNorm += ps[j] * ps[j]
    }
    let correction = 1 - pow(1 - cs, 2 * Double(generation))
    let hsig = squaredNorm / correction / N - 1 < 1 + 4 / (N + 1)
    let pcScale = hsig ? (cc * (2 - cc) * p.mueff).squareRoot() / sigma : 0
    for j in 0..<n { pc[j] = (1 - cc) * pc[j] + pcScale * dm[j] }
    return hsig
  }

  /// σ ← σ exp(clip((c_σ/d_σ)(‖p_σ‖/E‖N(0,I)‖ − 1), −1, 1)), pycma's CSA.
  ///
  /// Should σ leave the floating-point range (possible only with `tolfacupx`
  /// and `tolupsigma` switched off, or `tolx` off on a converging run), it keeps
  /// its last value and the run stops with `numerical-error`.
  mutating func updateStepSize(parameters p: CMAESParameters) {
    var s2 = 0.0
    for v in ps { s2 += v * v }
    let s = (p.cs / p.damps) * (s2.squareRoot() / p.chiN - 1)
    let next = sigma * exp(Swift.min(1, Swift.max(-1, s)))
    if next.isFinite, next > 0 {
      sigma = next
    } else {
      numericalError = true
    }
  }
}

extension CMAESState {
  /// The end of a generation common to both CMA-ES variants, after the
  /// evolution paths and the covariance: σ's update (CSA), the new mean, and
  /// the f- and x-histories that the termination criteria read.
  ///
  /// ``CMAES`` with learning-rate adaptation runs the two halves itself, with
  /// the adaptation in between, so that the histories see the adapted mean.
  ///
  /// - Parameters:
  ///   - sorted: the generation's fitness values in ascending order.
  ///   - bestIndex: the index of the best candidate in the population.
  mutating func finishGeneration(
    newMean: [Double], sorted: [Double], bestIndex: Int, parameters p: CMAESParameters, options: CMAESOptions
  ) {
    moveDistribution(newMean: newMean, parameters: p)
    recordGeneration(sorted: sorted, bestIndex: bestIndex, parameters: p, options: options)
  }

  /// The first half of ``finishGeneration(newMean:sorted:bestIndex:parameters:options:)``:
  /// σ's update (CSA) and the new mean.
  mutating func moveDistribution(newMean: [Double], parameters p: CMAESParameters) {
    updateStepSize(parameters: p)
    mean = newMean
  }

  /// The second half: the f-histories and the x-history of the current mean.
  mutating func recordGeneration(sorted: [Double], bestIndex: Int, parameters p: CMAESParameters, options: CMAESOptions) {
    history.record(
      sorted: sorted, dimension: p.dimension, populationSize: p.populationSize, generation: generation,
      evaluations: evaluations, bestIndexInGeneration: bestIndex)
    history.recordMean(mean, threshold: options.tolXStagnation)
  }
}

extension CMAESState: Codable {
  enum CodingKeys: String, CodingKey {
    case mean, sigma, sigma0, ps, pc, generation, evaluations, history, stopReason, numericalError
  }
}

extension CMAESState {
  /// Checks a decoded state against the parameters it is used with.
  static func checkDecoded(_ s: CMAESState, parameters p: CMAESParameters, options: CMAESOptions) throws {
    let n = p.dimension
    try options.validate()
    try StrategyArguments.require(n >= 1 && p.populationSize >= 2, "sizes")
    try StrategyArguments.require(
      p.weights.count == p.populationSize && p.mu >= 1 && p.mu <= p.populationSize
        && p.weights.weights.allSatisfy(\.isFinite), "recombination weights")
    try StrategyArguments.require(
      [p.cs, p.damps, p.cc, p.c1, p.cmu, p.chiN, p.eigenUpdateGap].allSatisfy { $0.isFinite && $0 >= 0 } && p.damps > 0,
      "learning rates")
    try StrategyArguments.require(s.mean.count == n && s.mean.allSatisfy(\.isFinite), "mean")
    try StrategyArguments.require(s.ps.count == n && s.ps.allSatisfy(\.isFinite), "p_sigma")
    try StrategyArguments.require(s.pc.count == n && s.pc.allSatisfy(\.isFinite), "p_c")
    try StrategyArguments.require(s.sigma.isFinite && s.sigma > 0 && s.sigma0.isFinite && s.sigma0 > 0, "sigma")
    try StrategyArguments.require(s.generation >= 0 && s.evaluations >= 0, "counters")
    try StrategyArguments.require(s.history.stagnantMean.count == n, "stagnation mean")
  }
}
