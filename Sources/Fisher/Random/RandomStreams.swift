/// Independent random streams addressed by coordinates, not by thread.
///
/// A stream is a ``Xoshiro256StarStar`` whose state is a hash of
/// `(seed, generation, index)`. Sample *i* of generation *g* therefore draws the
/// same numbers whichever thread produces it and however the work is split,
/// which is what makes parallel runs bit-identical to serial ones.
///
///     let streams = RandomStreams(seed: 7)
///     var rng = streams.generator(generation: 3, index: 12)
///     let z = rng.nextNormal()
///
/// The key derivation chains the SplitMix64 mixer, a bijection with full
/// avalanche, over the three coordinates and a domain constant, then expands
/// the key into 256 bits of state with SplitMix64 itself.
@frozen
public struct RandomStreams: Sendable, Codable, Hashable {
  public var seed: UInt64

  @inlinable
  public init(seed: UInt64) { self.seed = seed }

  /// The generator of stream `index` in `generation`.
  @inlinable
  public func generator(generation: Int, index: Int) -> Xoshiro256StarStar {
    Xoshiro256StarStar(seed: key(generation: generation, index: index))
  }

  /// The generator of a named purpose (`domain`) in `generation`, for draws
  /// that belong to no sample (e.g. a restart's random population size).
  @inlinable
  public func generator(domain: UInt64, generation: Int, index: Int = 0) -> Xoshiro256StarStar {
    var k = SplitMix64.mix(seed ^ 0xD1B5_4A32_D192_ED03 ^ SplitMix64.mix(domain))
    k = SplitMix64.mix(k ^ UInt64(bitPattern: Int64(generation)))
    k = SplitMix64.mix(k &+ UInt64(bitPattern: Int64(index)))
    return Xoshiro256StarStar(seed: k)
  }

  /// The 64-bit key of a stream: distinct coordinates give unrelated keys.
  @inlinable
  public func key(generation: Int, index: Int) -> UInt64 {
    var k = SplitMix64.mix(seed &+ 0x6A09_E667_F3BC_C909)
    k = SplitMix64.mix(k ^ UInt64(bitPattern: Int64(generation)))
    k = SplitMix64.mix(k &+ UInt64(bitPattern: Int64(index)) &* 0x9E37_79B9_7F4A_7C15)
    return k
  }

  /// A child family of streams, e.g. one per restart or per run of an experiment.
  @inlinable
  public func child(_ index: Int) -> RandomStreams {
    RandomStreams(seed: SplitMix64.mix(seed ^ SplitMix64.mix(UInt64(bitPattern: Int64(index)) &+ 0xBB67_AE85_84CA_A73B)))
  }
}
