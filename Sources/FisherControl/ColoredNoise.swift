#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Gaussian noise over a horizon with power spectral density ∝ 1/f^β.
///
/// β = 0 is white noise, β = 1 pink, β = 2 red (Brownian-like): larger β puts
/// more power into low frequencies, giving smoother control perturbations, as
/// iCEM (Pinneri et al., 2020) uses. The construction is Timmer and König's, as
/// in the `colorednoise` package: draw Gaussian Fourier coefficients with
/// amplitude f^(−β/2) (the lowest frequency standing in for f = 0) and take the
/// inverse real FFT. It is linear in the Gaussian draws, so it is precomputed as a
/// T × q matrix M and a sample is y = M z with z ~ N(0, I_q).
///
/// Unlike `colorednoise`, which normalizes only approximately, M is scaled so
/// that every y_t has variance exactly 1: the noise σ of a planner keeps its
/// meaning whatever β. For β = 0 the samples are exactly white (covariance I).
public struct ColoredNoise: Sendable, Hashable {
  /// The exponent β ≥ 0.
  public let exponent: Double
  /// The horizon T.
  public let length: Int
  /// The number q of standard normals one sample consumes.
  public let inputCount: Int
  /// M, row-major T × q.
  public let matrix: [Double]

  /// - Throws: `FisherError` unless β is finite and ≥ 0 and T ≥ 1.
  public init(exponent beta: Double, length t: Int) throws {
    guard beta.isFinite, beta >= 0 else {
      throw FisherError.invalidParameter(name: "noise exponent", reason: "must be finite and ≥ 0, got \(beta)")
    }
    guard t >= 1 else {
      throw FisherError.invalidParameter(name: "horizon", reason: "must be ≥ 1, got \(t)")
    }
    exponent = beta
    length = t
    let nf = t / 2 + 1  // frequencies 0, 1/T, …, ⌊T/2⌋/T
    let even = t % 2 == 0 && t > 1
    // Amplitudes f^(−β/2), with f₀ replaced by the lowest nonzero frequency 1/T.
    var s = [Double](repeating: 0, count: nf)
    for k in 0..<nf { s[k] = pow(Double(Swift.max(k, 1)) / Double(t), -beta / 2) }
    // Inputs: real parts of all nf coefficients, imaginary parts of 1…kmax.
    let kmax = even ? nf - 2 : nf - 1
    let q = nf + kmax
    inputCount = q
    var m = [Double](repeating: 0, count: t * q)
    for n in 0..<t {
      // irfft: y_n = (1/T)[X₀ + (−1)ⁿ X_{T/2} + 2 Σ_{k=1}^{kmax} Re(X_k e^{2πikn/T})],
      // with X₀ and X_{T/2} real and scaled by √2 as in colorednoise.
      m[n * q] = 2.0.squareRoot() * s[0]
      if even { m[n * q + nf - 1] = 2.0.squareRoot() * s[nf - 1] * (n % 2 == 0 ? 1 : -1) }
      if kmax >= 1 {
        for k in 1...kmax {
          let phase = 2 * Double.pi * Double(k * n % t) / Double(t)
          m[n * q + k] = 2 * s[k] * cos(phase)
          m[n * q + nf + k - 1] = -2 * s[k] * sin(phase)
        }
      }
    }
    // Each row has the same norm (cos² + sin² = 1 per frequency): unit variance.
    var norm2 = 0.0
    for j in 0..<q { norm2 += m[j] * m[j] }
    let scale = 1 / norm2.squareRoot()
    for i in m.indices { m[i] *= scale }
    matrix = m
  }

  /// One sample of length T from the generator.
  public func sample<G: RandomNumberGenerator>(using rng: inout G) -> [Double] {
    var z = [Double](repeating: 0, count: inputCount)
    for j in z.indices { z[j] = rng.nextNormal() }
    var y = [Double](repeating: 0, count: length)
    for n in 0..<length {
      var acc = 0.0
      for j in 0..<inputCount { acc += matrix[n * inputCount + j] * z[j] }
      y[n] = acc
    }
    return y
  }

  /// One rollout's colored noise in m control dimensions, for the planners:
  /// q·m standard normals from `generator` into `inputs` (dimension j's at
  /// `inputs[j·q ..< (j+1)·q]`), mapped through the T × q `matrix` into
  /// `y[t·m + j] = Σ_r M[t, r] z_{j,r}`.
  @inline(__always)
  static func draw(
    _ generator: inout Xoshiro256StarStar, matrix: UnsafePointer<Double>, horizon: Int, inputCount q: Int,
    dimension m: Int, inputs: UnsafeMutablePointer<Double>, into y: UnsafeMutablePointer<Double>
  ) {
    generator.fillNormal(UnsafeMutableBufferPointer(start: inputs, count: q * m))
    for j in 0..<m {
      let zj = inputs + j * q
      for t in 0..<horizon {
        var acc = 0.0
        for r in 0..<q { acc += matrix[t * q + r] * zj[r] }
        y[t * m + j] = acc
      }
    }
  }
}
