#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// Marsaglia and Tsang's ziggurat method for the standard normal distribution,
/// with 256 layers and Doornik's symmetric 52-bit variant.
///
/// One 64-bit draw picks a layer (its low 8 bits) and a signed abscissa (its high
/// 52 bits); about 98.8 % of draws return after one comparison. The rest test the
/// wedge against the density or, for the base layer, sample the tail beyond
/// `r` by Marsaglia's exponential method, so the variates are exact, not approximate.
@usableFromInline
struct _NormalZiggurat: Sendable {
  /// The right edge of the base layer.
  @usableFromInline static let r = 3.654152885361008796
  /// The common area of every layer.
  @usableFromInline static let area = 0.00492867323399

  /// Layer abscissae x₀ … x₂₅₆ (x₀ is the base layer's virtual width, x₂₅₆ = 0).
  @usableFromInline let x: [Double]
  /// Unnormalized density exp(−x²/2) at each abscissa.
  @usableFromInline let f: [Double]

  @usableFromInline static let shared = _NormalZiggurat()

  init() {
    var x = [Double](repeating: 0, count: 257)
    let r = Self.r
    func density(_ v: Double) -> Double { exp(-0.5 * v * v) }
    x[0] = Self.area / density(r)
    x[1] = r
    for i in 2..<256 {
      x[i] = (-2 * log(Self.area / x[i - 1] + density(x[i - 1]))).squareRoot()
    }
    x[256] = 0
    self.x = x
    self.f = x.map(density)
  }
}

extension RandomNumberGenerator {
  /// A standard normal variate, N(0, 1), by the ziggurat method.
  @inlinable
  public mutating func nextNormal() -> Double {
    let table = _NormalZiggurat.shared
    return table.x.withUnsafeBufferPointer { x in
      table.f.withUnsafeBufferPointer { f in _nextNormal(x: x, f: f) }
    }
  }

  /// One ziggurat draw from tables already in hand (the loop of ``nextNormal()``).
  @inlinable @inline(__always)
  mutating func _nextNormal(x: UnsafeBufferPointer<Double>, f: UnsafeBufferPointer<Double>) -> Double {
    while true {
      let bits = next()
      let i = Int(truncatingIfNeeded: bits & 0xFF)
      // Uniform in [-1, 1): 2·m − 3 where m ∈ [1, 2) carries 52 random bits.
      let u = 2 * Double(bitPattern: (bits >> 12) | 0x3FF0_0000_0000_0000) - 3
      let z = u * x[i]
      if abs(z) < x[i + 1] { return z }
      if i == 0 { return _normalTail(u: u) }
      if f[i + 1] + (f[i] - f[i + 1]) * nextUniform() < exp(-0.5 * z * z) { return z }
    }
  }

  /// Samples |z| > r from the normal tail (Marsaglia 1964), signed like `u`.
  @inlinable
  mutating func _normalTail(u: Double) -> Double {
    let r = _NormalZiggurat.r
    var x = 0.0
    var y = 0.0
    repeat {
      x = log(nextOpenUniform()) / r
      y = log(nextOpenUniform())
    } while -2 * y < x * x
    return u < 0 ? x - r : r - x
  }

  /// Fills `buffer` with independent standard normal variates: the same
  /// numbers as `buffer.count` calls of ``nextNormal()``, with the tables
  /// looked up once instead of per draw.
  @inlinable
  public mutating func fillNormal(_ buffer: UnsafeMutableBufferPointer<Double>) {
    let table = _NormalZiggurat.shared
    table.x.withUnsafeBufferPointer { x in
      table.f.withUnsafeBufferPointer { f in
        for i in buffer.indices { buffer[i] = _nextNormal(x: x, f: f) }
      }
    }
  }
}

extension Xoshiro256StarStar {
  /// Fills `buffer` with independent standard normal variates: the same numbers
  /// as the generic `RandomNumberGenerator.fillNormal(_:)`, with the
  /// generator's state held in locals (registers) for the whole loop and the
  /// rare draws that miss a layer's rectangle handled out of line.
  @inlinable
  public mutating func fillNormal(_ buffer: UnsafeMutableBufferPointer<Double>) {
    var g = self
    let table = _NormalZiggurat.shared
    table.x.withUnsafeBufferPointer { x in
      table.f.withUnsafeBufferPointer { f in
        for i in buffer.indices {
          let bits = g.next()
          let layer = Int(truncatingIfNeeded: bits & 0xFF)
          let u = 2 * Double(bitPattern: (bits >> 12) | 0x3FF0_0000_0000_0000) - 3
          let z = u * x[layer]
          if abs(z) < x[layer &+ 1] {
            buffer[i] = z
          } else {
            (buffer[i], g) = Self._normalOutsideRectangle(g, layer: layer, u: u, z: z, x: x, f: f)
          }
        }
      }
    }
    self = g
  }

  /// The rest of one ziggurat draw (``RandomNumberGenerator/_nextNormal(x:f:)``)
  /// after its first 64 bits fell outside the rectangle of `layer`: the tail
  /// for the base layer, the wedge test otherwise, and on rejection a new draw.
  /// The generator goes in and comes back by value, so that the caller's copy
  /// never needs an address and stays in registers.
  @usableFromInline @inline(never)
  static func _normalOutsideRectangle(
    _ generator: Xoshiro256StarStar, layer: Int, u: Double, z: Double,
    x: UnsafeBufferPointer<Double>, f: UnsafeBufferPointer<Double>
  ) -> (Double, Xoshiro256StarStar) {
    var g = generator
    if layer == 0 { return (g._normalTail(u: u), g) }
    if f[layer + 1] + (f[layer] - f[layer + 1]) * g.nextUniform() < exp(-0.5 * z * z) { return (z, g) }
    return (g._nextNormal(x: x, f: f), g)
  }
}
