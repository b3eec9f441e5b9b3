#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The squared-exponential (radial basis function) kernel on time,
/// k(t, s) = exp(−(t − s)² / (10⁻⁸ + 2σ²)), as pytorch_mppi's `RBFKernel`.
///
/// σ is a length in control steps: support points further apart than a few σ
/// hardly influence each other. The 10⁻⁸ (pytorch_mppi's) keeps σ → 0 finite.
public struct RBFKernel: Sendable, Hashable {
  /// σ, the length scale in control steps.
  public let sigma: Double

  /// - Throws: `FisherError` unless σ is finite and > 0.
  public init(sigma: Double = 1) throws {
    guard sigma.isFinite, sigma > 0 else {
      throw FisherError.invalidParameter(name: "kernel sigma", reason: "must be finite and > 0, got \(sigma)")
    }
    self.sigma = sigma
  }

  /// σ = 1, pytorch_mppi's default.
  public static let standard = RBFKernel(validSigma: 1)

  private init(validSigma sigma: Double) { self.sigma = sigma }

  /// k(t, s).
  public func callAsFunction(_ t: Double, _ s: Double) -> Double {
    let d = t - s
    return exp(-(d * d) / (1e-8 + 2 * sigma * sigma))
  }
}
