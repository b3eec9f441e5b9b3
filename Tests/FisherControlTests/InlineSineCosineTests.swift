import Foundation
import Testing
import Fisher
@testable import FisherControl

@Suite struct InlineSineCosineTests {
  /// Distance in units in the last place of the C library's value, or in 2⁻⁵³
  /// absolute near a zero of the function (where the relative error of any
  /// reduced argument is large but the value is far below one ulp of 1).
  func error(_ got: Double, _ want: Double) -> Double {
    abs(got - want) / Swift.max(want.ulp, 0x1p-53)
  }

  @Test func agreesWithTheCLibraryWithinTwoUlps() {
    var rng = Xoshiro256StarStar(seed: 7)
    var worst = 0.0
    var arguments: [Double] = []
    for _ in 0..<20_000 { arguments.append(rng.nextUniform() * 20 - 10) }
    for _ in 0..<20_000 { arguments.append(rng.nextUniform() * 2e5 - 1e5) }
    // Near the multiples of π/2, where the reduction cancels.
    for q in -2000...2000 {
      let x = Double(q) * Double.pi / 2
      arguments += [x, x.nextUp, x.nextDown, x + 1e-9, x - 1e-9]
    }
    // Either side of the fallback limit, and the quadrant boundaries π/4 + qπ/2.
    arguments += [1e5, 1e5.nextUp, -1e5, 3e5, 1e300, 0, -0.0, Double.pi / 4, 3 * Double.pi / 4, -Double.pi / 4]
    // Near π/2 + qπ, where the sine-only kernel's polynomial is at its widest.
    for _ in 0..<20_000 { arguments.append(Double.pi / 2 + Double(Int(rng.next() % 64) - 32) * Double.pi + rng.nextUniform() * 0.3 - 0.15) }
    var worstSine = 0.0
    for x in arguments {
      let (s, c) = _sineCosine(x)
      worst = Swift.max(worst, error(s, sin(x)), error(c, cos(x)))
      worstSine = Swift.max(worstSine, error(_sine(x), sin(x)))
    }
    // The four-lane versions give the scalar one's bits in each lane, whatever
    // the grouping, for arguments within their range.
    for i in 0..<(arguments.count - 3) {
      let x = SIMD4(arguments[i], arguments[i + 1], arguments[i + 2], arguments[i + 3])
      let within = arguments.withUnsafeBufferPointer { _allWithinSineRange($0.baseAddress! + i, count: 4, stride: 1) }
      #expect(within == (0..<4).allSatisfy { abs(x[$0]) <= 1e5 })
      guard within else { continue }
      let v = _sineCosine(withinRange: x)
      let sine = _sine(withinRange: x)
      for lane in 0..<4 {
        let a = _sineCosine(x[lane])
        #expect(v.sin[lane].bitPattern == a.sin.bitPattern && v.cos[lane].bitPattern == a.cos.bitPattern)
        #expect(sine[lane].bitPattern == _sine(x[lane]).bitPattern)
      }
    }
    #expect(worst <= 2, "worst error \(worst) ulp")
    #expect(worstSine <= 2, "worst error of the sine alone \(worstSine) ulp")
  }

  @Test func rangeCheckOfABatch() {
    var values: [Double] = [0, -1e5, 1e5, 3, -7, 2, 1e5.nextUp, 4]
    values.withUnsafeBufferPointer { v in
      let p = v.baseAddress!
      #expect(_allWithinSineRange(p, count: 6, stride: 1))
      #expect(!_allWithinSineRange(p, count: 7, stride: 1))
      #expect(_allWithinSineRange(p, count: 3, stride: 2))  // 0, 10⁵, −7
      #expect(!_allWithinSineRange(p, count: 4, stride: 2))  // and 10⁵⁺
    }
    for bad in [Double.nan, .infinity, -.infinity, -1e300] {
      values[1] = bad
      #expect(!values.withUnsafeBufferPointer { _allWithinSineRange($0.baseAddress!, count: 2, stride: 1) })
    }
  }

  @Test func nonFiniteArgumentsGiveNaN() {
    for x in [Double.nan, .infinity, -.infinity] {
      let (s, c) = _sineCosine(x)
      #expect(s.isNaN && c.isNaN && _sine(x).isNaN)
    }
  }

  @Test func wrapAngleIsAFlooredModulo() {
    // ((θ + π) mod 2π) − π ∈ [−π, π), equal to θ − 2πk for the integer k that puts it there.
    var rng = Xoshiro256StarStar(seed: 3)
    for _ in 0..<10_000 {
      let theta = rng.nextUniform() * 2000 - 1000
      let w = wrapAngle(theta)
      #expect(w >= -Double.pi && w < Double.pi)
      let k = ((theta - w) / (2 * Double.pi)).rounded()
      #expect(abs(theta - 2 * Double.pi * k - w) < 1e-12)
    }
    #expect(wrapAngle(Double.pi) == -Double.pi)
    #expect(wrapAngle(-Double.pi) == -Double.pi)
    #expect(wrapAngle(0) == 0)
    #expect(abs(wrapAngle(1e20)) <= Double.pi)
    #expect(wrapAngle(.nan).isNaN)
  }

  @Test func principalAngleIsTheWrappedAngleUpToRounding() {
    var rng = Xoshiro256StarStar(seed: 4)
    for _ in 0..<10_000 {
      let theta = rng.nextUniform() * 2000 - 1000
      let p = _principalAngle(theta), w = wrapAngle(theta)
      #expect(p >= -Double.pi && p <= Double.pi)
      #expect(abs(p * p - w * w) < 1e-11)
    }
    #expect(abs(_principalAngle(3 * Double.pi)) == Double.pi)
    #expect(_principalAngle(1e20) * _principalAngle(1e20) <= Double.pi * Double.pi)
    #expect(_principalAngle(.nan).isNaN)
  }

  @Test func vectorPrincipalAngleAndClampMatchTheScalarOnesBitForBit() {
    var rng = Xoshiro256StarStar(seed: 5)
    var angles: [Double] = (0..<4000).map { _ in rng.nextUniform() * 200 - 100 }
    // Odd multiples of π (the interval's ends), zeros, huge values and NaN.
    for q in -50...50 { angles += [Double(2 * q + 1) * Double.pi, (Double(2 * q + 1) * Double.pi).nextUp] }
    angles += [0, -0.0, 1e20, -1e300, .nan, .infinity, 3]
    for i in 0..<(angles.count - 3) {
      let x = SIMD4(angles[i], angles[i + 1], angles[i + 2], angles[i + 3])
      let c = _clamp(x, -2, 2)
      for lane in 0..<4 { #expect(c[lane].bitPattern == _clamp(x[lane], -2, 2).bitPattern) }
      guard (0..<4).allSatisfy({ abs(x[$0]) <= 1e5 }) else { continue }
      let p = _principalAngle(withinRange: x)
      for lane in 0..<4 { #expect(p[lane].bitPattern == _principalAngle(x[lane]).bitPattern) }
    }
  }
}
