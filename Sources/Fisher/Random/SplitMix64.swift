/// Steele, Lea and Flood's SplitMix64 generator.
///
/// SplitMix64 walks a 64-bit counter by the golden-ratio increment and passes
/// it through a strong bijective mixer. Fisher uses it to expand a single
/// 64-bit seed into the 256-bit state of ``Xoshiro256StarStar`` and, through
/// ``mix(_:)``, to hash stream coordinates into independent keys.
@frozen
public struct SplitMix64: RandomNumberGenerator, Sendable, Codable, Hashable {
  public var state: UInt64

  @inlinable
  public init(seed: UInt64) { state = seed }

  @inlinable
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    return SplitMix64.mix(state)
  }

  /// The SplitMix64 output function: a bijection of `UInt64` with full avalanche.
  @inlinable
  public static func mix(_ value: UInt64) -> UInt64 {
    var z = value
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
