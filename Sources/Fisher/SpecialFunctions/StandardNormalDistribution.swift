#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// The standard normal distribution N(0, 1): its cumulative distribution
/// function Φ and its quantile function Φ⁻¹.
public enum StandardNormalDistribution {
  /// Φ(x) = P(Z ≤ x), accurate to rounding in both tails.
  ///
  /// Uses ½ erfc(−x/√2), which keeps full relative accuracy for x ≪ 0
  /// (where 1 − Φ(−x) would cancel) and ½(1 + erf(x/√2)) near 0.
  @inlinable
  public static func cdf(_ x: Double) -> Double {
    if x.isNaN { return x }
    let t = x / 2.0.squareRoot()
    if abs(t) < 1 / 2.0.squareRoot() { return 0.5 + 0.5 * erf(t) }
    let tail = 0.5 * erfc(abs(t))
    return t > 0 ? 1 - tail : tail
  }

  /// Φ⁻¹(p): the z with Φ(z) = p, for p in [0, 1] (−∞ at 0, +∞ at 1, NaN
  /// outside).
  ///
  /// Wichura's algorithm AS 241 (PPND16, Applied Statistics 37, 1988),
  /// relative error about 10⁻¹⁶: a rational approximation in p − ½ for the
  /// central region |p − ½| ≤ 0.425, and in √(−ln min(p, 1 − p)) for the tails.
  public static func quantile(_ p: Double) -> Double {
    guard p >= 0, p <= 1 else { return .nan }
    if p == 0 { return -.infinity }
    if p == 1 { return .infinity }
    let q = p - 0.5
    if abs(q) <= 0.425 {
      let r = 0.180625 - q * q
      return q * central(r)
    }
    var r = q < 0 ? p : 1 - p
    r = (-log(r)).squareRoot()
    let z = r <= 5 ? intermediate(r - 1.6) : farTail(r - 5)
    return q < 0 ? -z : z
  }

  static func central(_ r: Double) -> Double {
    let a = ((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r
      + 45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r
      + 133.14166789178437745) * r + 3.387132872796366608
    let b = ((((((5226.495278852545925 * r + 28729.085735721942674) * r + 39307.89580009271061) * r
      + 21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r
      + 42.313330701600911252) * r + 1
    return a / b
  }

  static func intermediate(_ r: Double) -> Double {
    let a = ((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r
      + 1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r
      + 4.6303378461565452959) * r + 1.42343711074968357734
    let b = ((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r
      + 0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r
      + 2.05319162663775882187) * r + 1
    return a / b
  }

  static func farTail(_ r: Double) -> Double {
    let a = ((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r
      + 0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r
      + 5.4637849111641143699) * r + 6.6579046435011037772
    let b = ((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r
      + 7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r
      + 0.59983220655588793769) * r + 1
    return a / b
  }
}
