import Foundation

/// The noise of a bbob-noisy function: how COCO turns a noise-free value into a noisy one.
///
/// With f the noise-free value (f_opt included), f_opt the optimal value and
/// pen(x) = 100 Σ (distance of x_i outside [−5, 5])², the three models are
/// (Hansen, Finck, Ros, Auger: "Real-parameter black-box optimization
/// benchmarking 2009: noisy functions definitions", INRIA RR-6869):
/// - Gaussian: (f − f_opt)·exp(β N) + 1.01·10⁻⁸ + f_opt + pen(x);
/// - uniform: (f − f_opt)·U₁^β·max(1, (10⁹/(f − f_opt + 10⁻⁹⁹))^(α U₂)) + 1.01·10⁻⁸ + f_opt + pen(x);
/// - Cauchy: f + max(0, α(1000 + [U < p]·N₁/|N₂ + 10⁻¹⁹⁹|)) + 1.01·10⁻⁸ + pen(x),
///
/// with N, N₁, N₂ standard normal and U, U₁, U₂ uniform variates drawn, in
/// that order, from a ``BBOBNoiseStream`` on every evaluation. The Gaussian and
/// uniform noise are multiplicative (they vanish at the optimum); the Cauchy
/// noise is additive, mostly the constant 1000α, with rare heavy-tailed outliers.
public enum BBOBNoiseModel: Sendable, Hashable {
  case gaussian(beta: Double)
  case uniform(alpha: Double, beta: Double)
  case cauchy(alpha: Double, probability: Double)

  /// COCO's name of the model, e.g. `gaussian_noise_model`.
  public var cocoName: String {
    switch self {
    case .gaussian: "gaussian_noise_model"
    case .uniform: "uniform_noise_model"
    case .cauchy: "cauchy_noise_model"
    }
  }

  /// How many uniform and Gaussian variates one evaluation draws.
  public var draws: (uniform: Int, gaussian: Int) {
    switch self {
    case .gaussian: (0, 1)
    case .uniform: (2, 0)
    case .cauchy: (1, 2)
    }
  }

  /// The noisy value of a point whose noise-free value is `f` and whose
  /// boundary penalty is `penalty`, drawing from `noise`.
  ///
  /// The draws do not depend on the point, so their order relative to the
  /// evaluation of f does not matter; the arithmetic follows COCO's order of
  /// operations so that the result is the same to the last bit.
  @inline(__always)
  func apply(to f: Double, optimalValue fopt: Double, penalty: Double, noise: inout BBOBNoiseStream) -> Double {
    let tolerance = 1.01 * 1e-8  // COCO's expression: one ulp above the literal 1.01e-8
    switch self {
    case .gaussian(let beta):
      let factor = Foundation.exp(beta * noise.nextGaussian())
      var y = f - fopt
      y = y * factor + tolerance
      return y + fopt + penalty
    case .uniform(let alpha, let beta):
      let u1 = noise.nextUniform()
      let u2 = noise.nextUniform()
      let factor = Foundation.pow(u1, beta)
      var y = f - fopt
      var scaling = 1e9 / (y + 1e-99)
      scaling = Foundation.pow(scaling, alpha * u2)
      scaling = scaling > 1 ? scaling : 1  // NaN (a negative base) counts as 1, as in COCO
      y = y * (factor * scaling) + tolerance
      return y + fopt + penalty
    case .cauchy(let alpha, let probability):
      let indicator = noise.nextUniform()
      let numerator = noise.nextGaussian()
      let denominator = Swift.abs(noise.nextGaussian() + 1e-199)
      var c = numerator / denominator
      c = indicator < probability ? 1e3 + c : 1e3
      c = alpha * c
      c = c > 0 ? c : 0
      return f + c + tolerance + penalty
    }
  }
}
