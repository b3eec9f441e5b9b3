#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// The state of LRA-CMA-ES's learning-rate adaptation (see
/// ``LearningRateAdaptation``): moving averages of the distribution's steps and
/// the two learning rates, as the `cmaes` package keeps them (`_Emean`,
/// `_ESigma`, `_Vmean`, `_VSigma`, `_eta_mean`, `_eta_Sigma`).
///
/// After the plain CMA update has moved N(m, σ²C) to N(m′, σ′²C′), one
/// adaptation step (`cmaes`' `CMA._lr_adaptation`) runs, with Σ = σ²C:
///
///     Δm = m′ − m,    ΔΣ = σ′²C′ − σ²C,    W = C^(−1/2)/σ = Σ^(−1/2)
///     δm = W Δm,      δΣ = W ΔΣ W / √2                     (local coordinates of the old Σ)
///     E_m ← (1 − β_m) E_m + β_m δm,      V_m ← (1 − β_m) V_m + β_m ‖δm‖²
///     E_Σ ← (1 − β_Σ) E_Σ + β_Σ δΣ,      V_Σ ← (1 − β_Σ) V_Σ + β_Σ ‖δΣ‖²_F
///     SNR = (‖E‖² − β/(2 − β) V) / (V − ‖E‖²)              (for m and for Σ)
///     η  ← min(1, η exp(min(γη, β) clip₋₁¹(SNR/(α η) − 1)))
///     m  ← m + η_m Δm,    Σ ← σ²C + η_Σ ΔΣ
///     σ  ← (det Σ)^(1/(2n)) · η_m,before/η_m,    C ← Σ/(det Σ)^(1/n)
///
/// The last line splits Σ into a C with det C = 1 and a step size, which is
/// then corrected by the change of η_m so that a smaller learning rate for the
/// mean does not also shrink the steps taken. Since Σ is a convex combination
/// of the old and the plain-updated Σ (0 < η_Σ ≤ 1), it stays positive definite.
///
/// One difference from `cmaes`: an SNR of 0/0 (possible only when no step was
/// ever taken, V = ‖E‖² = 0) leaves η unchanged, where `cmaes` turns η into NaN.
/// `cmaes` also caps σ at 10³²; here a σ or C outside the floating-point range
/// ends the update as a numerical error instead.
public struct LearningRateAdaptationState: Sendable, Codable, Hashable {
  /// E_m, the moving average of the mean's steps in local coordinates (n entries).
  public internal(set) var meanAverage: [Double]
  /// E_Σ, the moving average of W ΔΣ W/√2 (n × n, row-major).
  public internal(set) var covarianceAverage: [Double]
  /// V_m, the moving average of ‖δm‖².
  public internal(set) var meanSquaredNorm: Double
  /// V_Σ, the moving average of ‖δΣ‖²_F.
  public internal(set) var covarianceSquaredNorm: Double
  /// η_m ∈ (0, 1], the learning rate of the mean.
  public internal(set) var meanLearningRate: Double
  /// η_Σ ∈ (0, 1], the learning rate of Σ = σ²C.
  public internal(set) var covarianceLearningRate: Double

  /// The state before the first generation: zero averages, η_m = η_Σ = 1.
  init(dimension n: Int) {
    meanAverage = [Double](repeating: 0, count: n)
    covarianceAverage = [Double](repeating: 0, count: n * n)
    meanSquaredNorm = 0
    covarianceSquaredNorm = 0
    meanLearningRate = 1
    covarianceLearningRate = 1
  }

  /// N(m, σ²C) as the adaptation reads it; `covariance` is C, full and symmetric.
  struct Gaussian {
    var mean: [Double]
    var sigma: Double
    var covariance: Matrix
  }

  /// The adapted distribution, with the eigendecomposition of its C.
  struct Adapted {
    var gaussian: Gaussian
    /// The eigenvectors of C, as columns.
    var eigenvectors: Matrix
    /// √ of the eigenvalues of C, ascending.
    var axisLengths: [Double]
  }

  /// One adaptation step (see the type's documentation) from `old` to the
  /// plain CMA update's `new`; `oldInverseSquareRoot` is C^(−1/2) of `old`.
  ///
  /// - Returns: the adapted distribution, or nil (the state unchanged) when Σ
  ///   cannot be decomposed into a finite σ and C (non-finite input, or an
  ///   eigenvalue rounded to ≤ 0 under extreme conditioning).
  /// - Complexity: O(n³): two matrix products and an eigendecomposition of Σ.
  mutating func update(
    from old: Gaussian, inverseSquareRoot oldInverseSquareRoot: Matrix, to new: Gaussian,
    settings s: LearningRateAdaptation
  ) -> Adapted? {
    let n = old.mean.count
    var next = self

    // Steps of m and Σ, and the same in the local coordinates of the old Σ.
    var dm = [Double](repeating: 0, count: n)
    for i in 0..<n { dm[i] = new.mean[i] - old.mean[i] }
    let oldVariance = old.sigma * old.sigma, newVariance = new.sigma * new.sigma
    var oldSigmaMatrix = Matrix(_rows: n, columns: n)
    var dSigma = Matrix(_rows: n, columns: n)
    for e in 0..<(n * n) {
      oldSigmaMatrix.elements[e] = oldVariance * old.covariance.elements[e]
      dSigma.elements[e] = newVariance * new.covariance.elements[e] - oldSigmaMatrix.elements[e]
    }
    var w = oldInverseSquareRoot
    for e in w.elements.indices { w.elements[e] /= old.sigma }
    let localMean = w._multiply(dm)
    var localSigma = w._multiply(dSigma._multiply(w))
    let root2 = 2.0.squareRoot()
    for e in localSigma.elements.indices { localSigma.elements[e] /= root2 }

    // Moving averages, SNR estimates and learning rates.
    let bm = s.betaMean, bs = s.betaSigma
    var meanAverageNorm = 0.0, localMeanNorm = 0.0
    for i in 0..<n {
      next.meanAverage[i] = (1 - bm) * meanAverage[i] + bm * localMean[i]
      meanAverageNorm += next.meanAverage[i] * next.meanAverage[i]
      localMeanNorm += localMean[i] * localMean[i]
    }
    var covarianceAverageNorm = 0.0, localSigmaNorm = 0.0
    for e in 0..<(n * n) {
      next.covarianceAverage[e] = (1 - bs) * covarianceAverage[e] + bs * localSigma.elements[e]
      covarianceAverageNorm += next.covarianceAverage[e] * next.covarianceAverage[e]
      localSigmaNorm += localSigma.elements[e] * localSigma.elements[e]
    }
    next.meanSquaredNorm = (1 - bm) * meanSquaredNorm + bm * localMeanNorm
    next.covarianceSquaredNorm = (1 - bs) * covarianceSquaredNorm + bs * localSigmaNorm
    let meanSNR = Self.signalToNoise(
      squaredNormOfAverage: meanAverageNorm, averageSquaredNorm: next.meanSquaredNorm, beta: bm)
    let covarianceSNR = Self.signalToNoise(
      squaredNormOfAverage: covarianceAverageNorm, averageSquaredNorm: next.covarianceSquaredNorm, beta: bs)
    next.meanLearningRate = Self.adapted(meanLearningRate, snr: meanSNR, beta: bm, settings: s)
    next.covarianceLearningRate = Self.adapted(covarianceLearningRate, snr: covarianceSNR, beta: bs, settings: s)

    // m and Σ with the new learning rates; Σ split into σ and C with det C = 1.
    var mean = old.mean
    for i in 0..<n { mean[i] += next.meanLearningRate * dm[i] }
    var sigmaMatrix = oldSigmaMatrix
    for e in 0..<(n * n) { sigmaMatrix.elements[e] += next.covarianceLearningRate * dSigma.elements[e] }
    guard let eig = try? SymmetricEigen(sigmaMatrix), eig.values[0] > 0 else { return nil }
    var logDeterminant = 0.0
    for v in eig.values { logDeterminant += log(v) }
    let scale = exp(logDeterminant / 2 / Double(n))
    let sigma = scale * (meanLearningRate / next.meanLearningRate)
    guard scale.isFinite, scale > 0, sigma.isFinite, sigma > 0 else { return nil }
    let variance = scale * scale
    var covariance = sigmaMatrix
    for e in covariance.elements.indices { covariance.elements[e] /= variance }
    let axisLengths = eig.values.map { ($0 / variance).squareRoot() }
    guard covariance.elements.allSatisfy(\.isFinite), axisLengths.allSatisfy({ $0.isFinite && $0 > 0 }) else {
      return nil
    }
    self = next
    return Adapted(
      gaussian: Gaussian(mean: mean, sigma: sigma, covariance: covariance), eigenvectors: eig.vectors,
      axisLengths: axisLengths)
  }

  /// (‖E‖² − β/(2 − β) V)/(V − ‖E‖²), the SNR estimate of `cmaes`.
  static func signalToNoise(squaredNormOfAverage e2: Double, averageSquaredNorm v: Double, beta: Double) -> Double {
    (e2 - (beta / (2 - beta)) * v) / (v - e2)
  }

  /// η exp(min(γη, β) clip₋₁¹(SNR/(α η) − 1)), capped at 1; a NaN SNR leaves η as it is.
  static func adapted(_ eta: Double, snr: Double, beta: Double, settings s: LearningRateAdaptation) -> Double {
    if snr.isNaN { return eta }
    let relative = Swift.min(1, Swift.max(-1, snr / s.alpha / eta - 1))
    return Swift.min(1, eta * exp(Swift.min(s.gamma * eta, beta) * relative))
  }

  /// Checks a decoded state for dimension `n`.
  func validate(dimension n: Int) throws {
    try StrategyArguments.require(
      meanAverage.count == n && covarianceAverage.count == n * n
        && (meanAverage + covarianceAverage).allSatisfy(\.isFinite),
      "learning-rate adaptation averages must be \(n) and \(n)×\(n) finite numbers")
    try StrategyArguments.require(
      meanSquaredNorm.isFinite && meanSquaredNorm >= 0 && covarianceSquaredNorm.isFinite && covarianceSquaredNorm >= 0,
      "learning-rate adaptation squared norms")
    try StrategyArguments.require(
      meanLearningRate > 0 && meanLearningRate <= 1 && covarianceLearningRate > 0 && covarianceLearningRate <= 1,
      "learning rates must lie in (0, 1]")
  }
}
