import Foundation

extension BBOBLargeScaleFunction {
  /// The raw functions of the bbob-largescale suite, as COCO's `f_*_raw` and `f_*_core` compute them.
  enum Raw: Sendable {
    case sphere
    /// z₁² + Σ 10^(6(i−1)/(n−1)) z_i².
    case ellipsoid
    case rastrigin
    case buecheRastrigin
    /// The linear slope with the corner x_opt = ±5 (it reads x itself).
    case linearSlope(corner: [Double])
    /// 0.1·max(10⁻⁴·n|ẑ₁|, Σ 100^((i−1)/(n−1)) z_i²), ẑ₁ the first coordinate before rounding.
    case stepEllipsoid
    /// Σ (100² if x_opt,i·z_i > 0, else 1)·z_i².
    case attractiveSector(xopt: [Double])
    case rosenbrock
    /// 10⁶ Σ_{i ≤ ⌈n/40⌉} z_i² + Σ_{i > ⌈n/40⌉} z_i².
    case discus
    /// Σ_{i ≤ ⌈n/40⌉} z_i² + 10⁶ Σ_{i > ⌈n/40⌉} z_i².
    case bentCigar
    /// Σ_{i ≤ ⌈n/40⌉} z_i² + 100·√(Σ_{i > ⌈n/40⌉} z_i²).
    case sharpRidge
    /// √(Σ |z_i|^(2 + 4(i−1)/(n−1))).
    case differentPowers
    case weierstrass
    case schaffers
    /// The Griewank–Rosenbrock sum with COCO's factor 10.
    case griewankRosenbrock
    case katsuura
    /// 10(n − Σ cos 2πz_i) + min(‖x̂ − μ₀‖², n + s‖x̂ − μ₁‖²).
    case lunacek
    case gallagher(BBOBLargeScaleGallagher)

    /// The raw value at z; `xhat` is Lunacek's x̂, `stepZ` the step ellipsoid's n|ẑ₁|,
    /// `work` n doubles of scratch space.
    func value(
      _ z: UnsafePointer<Double>, _ n: Int, xhat: UnsafePointer<Double>, stepZ: Double,
      work: UnsafeMutablePointer<Double>
    ) -> Double {
      let nd = Double(n)
      switch self {
      case .sphere:
        var r = 0.0
        for i in 0..<n { r += z[i] * z[i] }
        return r
      case .ellipsoid:
        var r = z[0] * z[0]
        for i in 1..<n { r += Foundation.pow(1.0e6, 1.0 * Double(i) / (nd - 1.0)) * z[i] * z[i] }
        return r
      case .rastrigin, .buecheRastrigin:
        return _BBOB.rastrigin(z, n)
      case .linearSlope(let corner):
        var r = 0.0
        for i in 0..<n {
          let magnitude = Foundation.pow(100.0.squareRoot(), Double(i) / (nd - 1))
          let s = corner[i] > 0 ? magnitude : -magnitude
          r += z[i] * corner[i] < 25.0 ? 5.0 * Swift.abs(s) - s * z[i] : 5.0 * Swift.abs(s) - s * corner[i]
        }
        return r
      case .stepEllipsoid:
        var r = 0.0
        for i in 0..<n { r += Foundation.pow(100.0, Double(i) / (nd - 1.0)) * z[i] * z[i] }
        return 0.1 * Swift.max(stepZ * 1.0e-4, r)
      case .attractiveSector(let xopt):
        var r = 0.0
        for i in 0..<n { r += xopt[i] * z[i] > 0 ? 100.0 * 100.0 * z[i] * z[i] : z[i] * z[i] }
        return r
      case .rosenbrock:
        return _BBOB.rosenbrock(z, n)
      case .discus:
        let k = Self.leadingCount(n)
        var r = 0.0
        for i in 0..<k { r += z[i] * z[i] }
        r *= 1.0e6
        for i in k..<n { r += z[i] * z[i] }
        return r
      case .bentCigar:
        let k = Self.leadingCount(n)
        var r = 0.0
        for i in 0..<k { r += z[i] * z[i] }
        for i in k..<n { r += 1.0e6 * z[i] * z[i] }
        return r
      case .sharpRidge:
        let k = Self.leadingCount(n)
        var r = 0.0
        for i in k..<n { r += z[i] * z[i] }
        r = 100.0 * r.squareRoot()
        for i in 0..<k { r += z[i] * z[i] }
        return r
      case .differentPowers:
        var s = 0.0
        for i in 0..<n { s += Foundation.pow(Swift.abs(z[i]), 2.0 + (4.0 * Double(i)) / (nd - 1.0)) }
        return s.squareRoot()
      case .weierstrass:
        var s = 0.0, f0 = 0.0
        for k in 0..<BBOBWeierstrass.terms {
          f0 += Foundation.pow(0.5, Double(k)) * Foundation.cos(2 * Double.pi * Foundation.pow(3.0, Double(k)) * 0.5)
        }
        for i in 0..<n {
          for k in 0..<BBOBWeierstrass.terms {
            s += Foundation.cos(2 * Double.pi * (z[i] + 0.5) * Foundation.pow(3.0, Double(k)))
              * Foundation.pow(0.5, Double(k))
          }
        }
        return 10.0 * Foundation.pow(s / nd - f0, 3.0)
      case .schaffers:
        var s = 0.0
        for i in 0..<(n - 1) {
          let t = z[i] * z[i] + z[i + 1] * z[i + 1]
          s += Foundation.pow(t, 0.25) * (1.0 + Foundation.pow(Foundation.sin(50.0 * Foundation.pow(t, 0.1)), 2.0))
        }
        return Foundation.pow(s / (nd - 1.0), 2.0)
      case .griewankRosenbrock:
        var s = 0.0
        for i in 0..<(n - 1) {
          let c1 = z[i] * z[i] - z[i + 1]
          let c2 = 1.0 - z[i]
          let t = 100.0 * c1 * c1 + c2 * c2
          s += t / 4000.0 - Foundation.cos(t)
        }
        return 10.0 + 10.0 * s / Double(n - 1)
      case .katsuura:
        var product = 1.0
        let exponent = 10.0 / Foundation.pow(nd, 1.2)
        for i in 0..<n {
          var t = 0.0
          for j in 1..<33 {
            let p = Foundation.pow(2.0, Double(j))
            t += Swift.abs(p * z[i] - _BBOB.round(p * z[i])) / p
          }
          t = 1.0 + (Double(i) + 1) * t
          product *= Foundation.pow(t, exponent)
        }
        return 10.0 / nd / nd * (-1.0 + product)
      case .lunacek:
        let mu0 = 2.5
        let s = 1.0 - 0.5 / (Double(n + 20).squareRoot() - 4.1)
        let mu1 = -((mu0 * mu0 - 1.0) / s).squareRoot()
        var y0 = 0.0, y1 = 0.0
        for i in 0..<n {
          y0 += (xhat[i] - mu0) * (xhat[i] - mu0)
          y1 += (xhat[i] - mu1) * (xhat[i] - mu1)
        }
        y1 = y1 * s + 1.0 * nd
        var r = nd
        for i in 0..<n { r -= Foundation.cos(2 * Double.pi * z[i]) }
        r *= 10.0
        return r + Swift.min(y0, y1)
      case .gallagher(let g):
        return g.value(z, n, work: work)
      }
    }

    /// ⌈n/40⌉, the number of leading coordinates the generalized discus, bent cigar
    /// and sharp ridge single out.
    static func leadingCount(_ n: Int) -> Int { n / 40 + (n % 40 != 0 ? 1 : 0) }
  }
}
