import Foundation

/// COCO's `coco_random` generator, which draws the linear constraints of the
/// bbob-constrained suite.
///
/// An additive lagged Fibonacci generator, x_k = (x_{k−607} + x_{k−273}) mod 1,
/// on doubles. A seed s fills the 607 lags with s_i/(2³² − 1), where s₀ = s and
/// s_{i+1} = 1812433253·(s_i ⊕ (s_i ≫ 30)) + i + 1 (mod 2³²); the first draws
/// are lags 12, 13, … of that table as it is, and a new table of 607 is generated
/// each time the previous one is used up. Gaussian numbers use Box–Muller on two
/// consecutive uniform draws.
struct COCORandom {
  private static let longLag = 607
  private static let shortLag = 273

  private var lags: [Double]
  private var index: Int

  /// `coco_random_new(seed)`.
  init(seed: UInt32) {
    var lags = [Double](repeating: 0, count: Self.longLag)
    var s = seed
    for i in 0..<Self.longLag {
      lags[i] = Double(s) / Double(UInt64(1) << 32 - 1)
      s = 1_812_433_253 &* (s ^ (s >> 30)) &+ UInt32(i + 1)
    }
    self.lags = lags
    index = 12
  }

  /// `coco_random_uniform`: the next number in [0, 1).
  mutating func uniform() -> Double {
    if index >= Self.longLag { regenerate() }
    defer { index += 1 }
    return lags[index]
  }

  /// `coco_random_normal`: √(−2 ln u₁)·cos(2π u₂) for the next two uniform numbers.
  mutating func normal() -> Double {
    let u1 = uniform()
    let u2 = uniform()
    return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
  }

  /// `coco_random_generate`: the next 607 numbers, in place.
  private mutating func regenerate() {
    let offset = Self.longLag - Self.shortLag
    for i in 0..<Self.shortLag {
      var t = lags[i] + lags[i + offset]
      if t >= 1.0 { t -= 1.0 }
      lags[i] = t
    }
    for i in Self.shortLag..<Self.longLag {
      var t = lags[i] + lags[i - Self.shortLag]
      if t >= 1.0 { t -= 1.0 }
      lags[i] = t
    }
    index = 0
  }
}
