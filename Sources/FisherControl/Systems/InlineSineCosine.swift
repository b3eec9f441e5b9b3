#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// sin x and cos x for the batched dynamics, inline and without a library call:
/// lane 0 of ``_sineCosine(withinRange:)``, so that a rollout stepped alone and
/// one stepped in a group of four get the same bits. Arguments with |x| > 10⁵
/// (or NaN) take the C library's `sin`/`cos`.
///
/// The result agrees with the C library's within two ulps (or 2⁻⁵³ absolute
/// near the zeros). The pendulum's and the cart-pole's rollouts spend most of
/// their time in sines, and the library call costs several times this code.
@inlinable @inline(__always)
func _sineCosine(_ x: Double) -> (sin: Double, cos: Double) {
  guard abs(x) <= 1e5 else { return (sin(x), cos(x)) }
  let v = _sineCosine(withinRange: SIMD4(repeating: x))
  return (v.sin[0], v.cos[0])
}

/// sin x and cos x of four arguments at once, in vector registers.
///
/// The argument is reduced to r = x − q·π/2, |r| ≤ π/4, with q the nearest
/// integer to 2x/π and π/2 split into three 33-bit parts (fdlibm's
/// `pio2_1`, `pio2_2`, `pio2_3`), so each product q·part is exact for
/// |q| < 2²⁰ and r carries about 100 bits of π/2. sin r and cos r come from
/// fdlibm's minimax kernels (`__kernel_sin`, `__kernel_cos`, error below one
/// ulp on [−π/4, π/4]), and the quadrant q mod 4, taken from the low bits of
/// the rounded 2x/π, picks ±sin r or ±cos r by bit masks, so that no lane
/// branches. Four lanes make two independent chains of the polynomial
/// evaluation per pair of vector registers, which keeps the multipliers busy
/// where one chain would wait on its own latency.
///
/// Every lane must satisfy |x| ≤ 10⁵ (``_allWithinSineRange(_:count:stride:)``
/// checks a batch); beyond that the reduction is inexact and the lanes are
/// wrong, which is why the scalar version takes the C library's there.
/// Checking per batch rather than per call keeps this branch-free, so the
/// arithmetic around it stays in vector registers.
@inlinable @inline(__always)
func _sineCosine(withinRange x: SIMD4<Double>) -> (sin: SIMD4<Double>, cos: SIMD4<Double>) {
  let shifter = SIMD4<Double>(repeating: 6_755_399_441_055_744.0)
  // t = 2x/π + 1.5·2⁵² holds round(2x/π) in its low mantissa bits.
  let t = x * _FDLibm.twoOverPi + shifter
  let q = t - shifter
  var r = x - q * _FDLibm.pio2_1
  r = r - q * _FDLibm.pio2_2
  r = r - q * _FDLibm.pio2_3
  let z = r * r

  var ps = z * _FDLibm.s6 + _FDLibm.s5
  ps = z * ps + _FDLibm.s4
  ps = z * ps + _FDLibm.s3
  ps = z * ps + _FDLibm.s2
  let s = r + (z * r) * (z * ps + _FDLibm.s1)

  var pc = z * _FDLibm.c6 + _FDLibm.c5
  pc = z * pc + _FDLibm.c4
  pc = z * pc + _FDLibm.c3
  pc = z * pc + _FDLibm.c2
  pc = z * pc + _FDLibm.c1
  pc = z * pc
  let hz = 0.5 * z
  let w = 1 - hz
  let c = w + (((1 - w) - hz) + z * pc)

  // q mod 4 from the low bits of t (two's complement, so negative q works too):
  // bit 0 swaps sin and cos, bit 1 negates sin, bit 1 of q + 1 negates cos.
  let qb = unsafeBitCast(t, to: SIMD4<UInt64>.self)
  let sb = unsafeBitCast(s, to: SIMD4<UInt64>.self)
  let cb = unsafeBitCast(c, to: SIMD4<UInt64>.self)
  let odd = SIMD4<UInt64>(repeating: 0) &- (qb & 1)
  let sinSign = (qb & 2) &<< 62
  let cosSign = ((qb &+ 1) & 2) &<< 62
  let sinBits = ((cb & odd) | (sb & ~odd)) ^ sinSign
  let cosBits = ((sb & odd) | (cb & ~odd)) ^ cosSign
  return (unsafeBitCast(sinBits, to: SIMD4<Double>.self), unsafeBitCast(cosBits, to: SIMD4<Double>.self))
}

/// sin x alone, for dynamics that need no cosine: lane 0 of
/// ``_sine(withinRange:)``. Arguments with |x| > 10⁵ (or NaN) take the C
/// library's `sin`.
@inlinable @inline(__always)
func _sine(_ x: Double) -> Double {
  guard abs(x) <= 1e5 else { return sin(x) }
  return _sine(withinRange: SIMD4(repeating: x))[0]
}

/// sin x of four arguments with |x| ≤ 10⁵ (as for ``_sineCosine(withinRange:)``),
/// with half the arithmetic of the sine and cosine: x is reduced modulo π
/// instead of π/2, r = x − q·π with |r| ≤ π/2 (π in the same three 33-bit
/// parts, doubled), and sin r comes from one odd minimax polynomial,
/// r + r³·P(r²) with P of degree 8 (the coefficients of SLEEF's `xsin`,
/// Boost Software License); sin x = (−1)^q sin r. At most 1.8 ulp from the
/// true value, so within two ulps of the C library's.
@inlinable @inline(__always)
func _sine(withinRange x: SIMD4<Double>) -> SIMD4<Double> {
  let t = x * _SLEEFSine.oneOverPi + 6_755_399_441_055_744.0
  let q = t - 6_755_399_441_055_744.0
  var r = x - q * (2 * _FDLibm.pio2_1)
  r = r - q * (2 * _FDLibm.pio2_2)
  r = r - q * (2 * _FDLibm.pio2_3)
  let s = r * r
  var u = s * _SLEEFSine.c0 + _SLEEFSine.c1
  u = s * u + _SLEEFSine.c2
  u = s * u + _SLEEFSine.c3
  u = s * u + _SLEEFSine.c4
  u = s * u + _SLEEFSine.c5
  u = s * u + _SLEEFSine.c6
  u = s * u + _SLEEFSine.c7
  u = s * u + _SLEEFSine.c8
  let y = r + (s * r) * u
  // An odd q flips the sign bit.
  let sign = (unsafeBitCast(t, to: SIMD4<UInt64>.self) & 1) &<< 63
  return unsafeBitCast(unsafeBitCast(y, to: SIMD4<UInt64>.self) ^ sign, to: SIMD4<Double>.self)
}

/// Whether `count` values, `stride` apart from `base`, all have magnitude at
/// most 10⁵ (NaN is not): the range of the vector sines.
///
/// Without branches or floating-point compares: the bits of |x| order like the
/// values (NaN above ∞), so |x| ≤ 10⁵ exactly when bits(10⁵) − bits(|x|) is
/// non-negative, and one OR over the batch collects any sign bit.
@inlinable @inline(__always)
func _allWithinSineRange(_ base: UnsafePointer<Double>, count: Int, stride: Int) -> Bool {
  let limit = Int64(bitPattern: (1e5 as Double).bitPattern)
  var outside: Int64 = 0
  for k in 0..<count {
    outside |= limit &- Int64(bitPattern: base[k &* stride].bitPattern & 0x7FFF_FFFF_FFFF_FFFF)
  }
  return outside >= 0
}

/// The constants of fdlibm's `__ieee754_rem_pio2` and `__kernel_sin`/`__kernel_cos`.
@usableFromInline
enum _FDLibm {
  @usableFromInline static let twoOverPi = 6.366_197_723_675_813_824_33e-01
  /// π/2 in three parts of 33 significant bits each.
  @usableFromInline static let pio2_1 = 1.570_796_326_734_125_614_17e+00
  @usableFromInline static let pio2_2 = 6.077_100_506_303_965_976_60e-11
  @usableFromInline static let pio2_3 = 2.022_266_248_711_166_455_80e-21
  @usableFromInline static let s1 = -1.666_666_666_666_663_243_48e-01
  @usableFromInline static let s2 = 8.333_333_333_322_489_461_24e-03
  @usableFromInline static let s3 = -1.984_126_982_985_794_931_34e-04
  @usableFromInline static let s4 = 2.755_731_370_707_006_767_89e-06
  @usableFromInline static let s5 = -2.505_076_025_340_686_341_95e-08
  @usableFromInline static let s6 = 1.589_690_995_211_550_102_21e-10
  @usableFromInline static let c1 = 4.166_666_666_666_660_190_37e-02
  @usableFromInline static let c2 = -1.388_888_888_887_410_957_49e-03
  @usableFromInline static let c3 = 2.480_158_728_947_672_941_78e-05
  @usableFromInline static let c4 = -2.755_731_435_139_066_330_35e-07
  @usableFromInline static let c5 = 2.087_572_321_298_174_827_90e-09
  @usableFromInline static let c6 = -1.135_964_755_778_819_482_65e-11
}

/// 1/π and the coefficients of the odd polynomial of ``_sine(_:)``,
/// highest degree first (SLEEF's `xsin`).
@usableFromInline
enum _SLEEFSine {
  @usableFromInline static let oneOverPi = 0.318_309_886_183_790_671_537_767_526_745_028_724
  @usableFromInline static let c0 = -7.972_559_550_090_378_688_919_52e-18
  @usableFromInline static let c1 = 2.810_099_727_108_632_000_912_51e-15
  @usableFromInline static let c2 = -7.647_122_191_181_588_332_884_84e-13
  @usableFromInline static let c3 = 1.605_904_306_056_645_016_290_54e-10
  @usableFromInline static let c4 = -2.505_210_837_635_020_458_107_55e-08
  @usableFromInline static let c5 = 2.755_731_922_391_987_476_304_16e-06
  @usableFromInline static let c6 = -0.000_198_412_698_412_696_162_806_809
  @usableFromInline static let c7 = 0.008_333_333_333_333_329_748_238_15
  @usableFromInline static let c8 = -0.166_666_666_666_666_657_414_808
}
