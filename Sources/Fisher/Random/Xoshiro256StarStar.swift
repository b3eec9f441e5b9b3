/// Blackman and Vigna's xoshiro256** generator.
///
/// A 256-bit-state, all-purpose generator with period 2²⁵⁶ − 1 that passes
/// BigCrush and PractRand. It is the generator behind every random number in
/// Fisher; independent streams come from ``RandomStreams``, or from
/// ``jump()`` when a long sequential split is preferred.
///
///     var rng = Xoshiro256StarStar(seed: 42)
///     let u = rng.nextUniform()        // in [0, 1)
///     let z = rng.nextNormal()         // standard normal
@frozen
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable, Codable, Hashable {
  public var s0: UInt64
  public var s1: UInt64
  public var s2: UInt64
  public var s3: UInt64

  /// Seeds the 256-bit state with four outputs of ``SplitMix64``, as the
  /// authors recommend; every seed, including zero, gives a valid state.
  @inlinable
  public init(seed: UInt64) {
    var sm = SplitMix64(seed: seed)
    s0 = sm.next()
    s1 = sm.next()
    s2 = sm.next()
    s3 = sm.next()
  }

  /// Creates a generator from an explicit state. The state must not be all zero.
  @inlinable
  public init(state: (UInt64, UInt64, UInt64, UInt64)) {
    (s0, s1, s2, s3) = state
    if s0 | s1 | s2 | s3 == 0 { s0 = 0x9E37_79B9_7F4A_7C15 }
  }

  @inlinable @inline(__always)
  static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 {
    (x << k) | (x >> (64 &- k))
  }

  @inlinable @inline(__always)
  public mutating func next() -> UInt64 {
    let result = Self.rotl(s1 &* 5, 7) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = Self.rotl(s3, 45)
    return result
  }

  /// Advances the state by 2¹²⁸ steps: 2¹²⁸ non-overlapping subsequences
  /// can be had from one seed by jumping repeatedly.
  public mutating func jump() {
    let table: [UInt64] = [
      0x180E_C6D3_3CFD_0ABA, 0xD5A6_1266_F0C9_392C,
      0xA958_2618_E03F_C9AA, 0x39AB_DC45_29B1_661C,
    ]
    var t0: UInt64 = 0, t1: UInt64 = 0, t2: UInt64 = 0, t3: UInt64 = 0
    for word in table {
      for b in 0..<64 {
        if word & (1 << UInt64(b)) != 0 {
          t0 ^= s0; t1 ^= s1; t2 ^= s2; t3 ^= s3
        }
        _ = next()
      }
    }
    (s0, s1, s2, s3) = (t0, t1, t2, t3)
  }
}
