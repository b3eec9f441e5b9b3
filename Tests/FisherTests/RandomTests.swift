#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import Fisher

@Suite struct SplitMix64Tests {
  /// Known answers of the reference implementation (Vigna's splitmix64.c) for seed 1234567.
  @Test func knownAnswers() {
    var g = SplitMix64(seed: 1_234_567)
    let expected: [UInt64] = [
      6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
      4_593_380_528_125_082_431, 16_408_922_859_458_223_821,
    ]
    #expect((0..<5).map { _ in g.next() } == expected)
  }
}

/// Known answers printed by a C program written from Blackman and Vigna's published
/// `xoshiro256starstar.c` and `splitmix64.c` (next, jump, and SplitMix64 seeding),
/// compiled with gcc -O2; none of these values come from Fisher itself.
@Suite struct Xoshiro256StarStarTests {
  @Test func knownAnswersFromExplicitState() {
    var g = Xoshiro256StarStar(state: (1, 2, 3, 4))
    let expected: [UInt64] = [
      0x0000_0000_0000_2d00, 0x0000_0000_0000_0000, 0x0000_0000_5a00_7080, 0x10e0_0000_0000_9d80,
      0x10e0_b61c_e100_9d80, 0x0870_021c_e143_ad00, 0xe071_c3c2_e143_f089, 0x75a1_690e_f7a2_0380,
    ]
    #expect((0..<8).map { _ in g.next() } == expected)
  }

  @Test func millionthOutput() {
    var g = Xoshiro256StarStar(state: (1, 2, 3, 4))
    var v: UInt64 = 0
    for _ in 0..<1_000_000 { v = g.next() }
    #expect(v == 0xa1e0_03a4_c7ee_3326)
  }

  @Test func jumpMatchesReference() {
    var g = Xoshiro256StarStar(state: (1, 2, 3, 4))
    for _ in 0..<8 { _ = g.next() }
    g.jump()
    #expect(g.s0 == 0x092d_553d_8787_6bc0)
    #expect(g.s1 == 0x3151_160f_419a_d21b)
    #expect(g.s2 == 0xd95e_9949_0a76_4557)
    #expect(g.s3 == 0xe722_bbb3_4b8f_2bb2)
    let expected: [UInt64] = [0xa070_5744_1b77_63d3, 0x9033_e177_7db2_4fc2, 0x8824_f8a9_78aa_088d, 0xbdf6_5c1b_de2f_482b]
    #expect((0..<4).map { _ in g.next() } == expected)
  }

  @Test func seedingBySplitMix64MatchesReference() {
    var g = Xoshiro256StarStar(seed: 42)
    #expect(g.s0 == 0xbdd7_3226_2feb_6e95)
    #expect(g.s1 == 0x28ef_e333_b266_f103)
    #expect(g.s2 == 0x4752_6757_130f_9f52)
    #expect(g.s3 == 0x581c_e1ff_0e4a_e394)
    let expected: [UInt64] = [
      0x1578_0b2e_0c2e_c716, 0x6104_d986_6d11_3a7e, 0xae17_5332_39e4_99a1, 0xecb8_ad47_03b3_60a1,
      0xfde6_dc7f_e2ec_5e64,
    ]
    #expect((0..<5).map { _ in g.next() } == expected)
  }

  @Test func allZeroStateIsReplaced() {
    var g = Xoshiro256StarStar(state: (0, 0, 0, 0))
    #expect((0..<4).contains { _ in g.next() != 0 })
  }
}

/// Sample moments of `n` draws.
private struct Moments {
  var mean = 0.0, variance = 0.0, skewness = 0.0, excessKurtosis = 0.0

  init(_ x: [Double]) {
    let n = Double(x.count)
    mean = x.reduce(0, +) / n
    var m2 = 0.0, m3 = 0.0, m4 = 0.0
    for v in x {
      let d = v - mean, d2 = d * d
      m2 += d2; m3 += d2 * d; m4 += d2 * d2
    }
    m2 /= n; m3 /= n; m4 /= n
    variance = m2
    skewness = m3 / (m2 * m2.squareRoot())
    excessKurtosis = m4 / (m2 * m2) - 3
  }
}

/// The standard normal CDF Φ(x) = erfc(−x/√2)/2.
private func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

@Suite struct UniformVariateTests {
  /// U(0, 1) has mean 1/2 and variance 1/12; the sample mean has SE √(1/(12N)) and the
  /// sample variance SE √((μ₄ − σ⁴)/N) = √((1/80 − 1/144)/N) = √(1/(180N)). Bounds: 4.5 SE.
  @Test func meanAndVarianceWithinStandardError() {
    let n = 200_000
    var g = Xoshiro256StarStar(seed: 2024)
    let u = (0..<n).map { _ in g.nextUniform() }
    #expect(u.allSatisfy { $0 >= 0 && $0 < 1 })
    let m = Moments(u)
    let N = Double(n)
    #expect(abs(m.mean - 0.5) < 4.5 * (1.0 / (12 * N)).squareRoot())
    #expect(abs(m.variance - 1.0 / 12) < 4.5 * (1.0 / (180 * N)).squareRoot())
  }

  @Test func extremesOfTheMapping() {
    // nextUniform is k·2⁻⁵³ with k = next() >> 11: 0 for k = 0 and 1 − 2⁻⁵³ for k = 2⁵³ − 1.
    struct Constant: RandomNumberGenerator { var value: UInt64; mutating func next() -> UInt64 { value } }
    var zero = Constant(value: 0), ones = Constant(value: .max)
    #expect(zero.nextUniform() == 0)
    #expect(ones.nextUniform() == 1 - 0x1.0p-53)
    #expect(zero.nextOpenUniform() > 0)
    #expect(ones.nextOpenUniform() < 1)
  }

  @Test func openUniformIsStrictlyInside() {
    var g = Xoshiro256StarStar(seed: 5)
    for _ in 0..<100_000 {
      let u = g.nextOpenUniform()
      #expect(u > 0 && u < 1)
    }
  }
}

@Suite struct NormalVariateTests {
  static let n = 200_000
  static let samples: [Double] = {
    var g = Xoshiro256StarStar(seed: 20_241_125)
    return (0..<n).map { _ in g.nextNormal() }
  }()

  /// For N(0, 1) samples of size N the standard errors are: mean √(1/N), variance
  /// √(2/N), skewness √(6/N), excess kurtosis √(24/N) (asymptotic, normal population).
  /// With N = 200 000 a 4.5-SE bound fails by chance with probability < 10⁻⁵ each.
  @Test func momentsWithinStandardError() {
    let m = Moments(Self.samples)
    let N = Double(Self.n)
    #expect(abs(m.mean) < 4.5 * (1 / N).squareRoot())
    #expect(abs(m.variance - 1) < 4.5 * (2 / N).squareRoot())
    #expect(abs(m.skewness) < 4.5 * (6 / N).squareRoot())
    #expect(abs(m.excessKurtosis) < 4.5 * (24 / N).squareRoot())
  }

  /// Kolmogorov–Smirnov against Φ. The asymptotic critical value of √N·D for
  /// α = 0.001 is √(−ln(α/2)/2) = √(ln(2000)/2) ≈ 1.9495, i.e. D < 0.00436 at N = 200 000.
  @Test func kolmogorovSmirnovAgainstNormalCDF() {
    let x = Self.samples.sorted()
    let N = Double(x.count)
    var d = 0.0
    for (i, v) in x.enumerated() {
      let f = normalCDF(v)
      d = max(d, f - Double(i) / N, Double(i + 1) / N - f)
    }
    let critical = (log(2000.0) / 2).squareRoot() / N.squareRoot()
    #expect(d < critical, "KS statistic \(d) ≥ critical value \(critical) (α = 0.001)")
  }

  /// The probability of a coarse histogram bin is matched within 4.5 binomial SE
  /// (bins the ziggurat's layers straddle, and its wedges).
  @Test func binProbabilities() {
    let edges: [Double] = [-.infinity, -2.5, -1.5, -0.7, -0.2, 0, 0.2, 0.7, 1.5, 2.5, .infinity]
    var counts = [Int](repeating: 0, count: edges.count - 1)
    for v in Self.samples {
      var k = 0
      while v >= edges[k + 1] { k += 1 }
      counts[k] += 1
    }
    let N = Double(Self.n)
    for k in counts.indices {
      let p = normalCDF(edges[k + 1]) - normalCDF(edges[k])
      let se = (p * (1 - p) / N).squareRoot()
      #expect(abs(Double(counts[k]) / N - p) < 4.5 * se, "bin \(k): \(Double(counts[k]) / N) vs \(p)")
    }
  }

  /// The base layer's tail path returns |z| > r = 3.6541528853610088; its frequency must be
  /// p = 2(1 − Φ(r)) ≈ 2.58·10⁻⁴. With N = 10⁶ draws the count has mean Np ≈ 258 and
  /// SE √(Np(1 − p)) ≈ 16; the bound is 4.5 SE. Both signs and the tail's shape (the
  /// fraction of the tail beyond 4, P(|z| > 4)/P(|z| > r) ≈ 0.245) are checked too.
  @Test func tailFrequencyBeyondZigguratEdge() {
    let r = 3.654152885361008796
    let n = 1_000_000
    var g = Xoshiro256StarStar(seed: 77)
    var above = 0, below = 0, beyond4 = 0
    for _ in 0..<n {
      let z = g.nextNormal()
      if z > r { above += 1 } else if z < -r { below += 1 }
      if abs(z) > 4 { beyond4 += 1 }
    }
    let N = Double(n)
    let p = 2 * (1 - normalCDF(r))
    let tail = Double(above + below)
    #expect(abs(tail - N * p) < 4.5 * (N * p * (1 - p)).squareRoot(), "tail count \(tail), expected \(N * p)")
    // Each side: Binomial(tail, 1/2).
    #expect(abs(Double(above) - tail / 2) < 4.5 * (tail / 4).squareRoot())
    // Conditional on the tail, P(|z| > 4 | |z| > r) = q; Binomial(tail, q).
    let q = (1 - normalCDF(4)) / (1 - normalCDF(r))
    #expect(abs(Double(beyond4) - tail * q) < 4.5 * (tail * q * (1 - q)).squareRoot())
  }

  /// The tail sampler alone, Kolmogorov–Smirnov against the conditional law
  /// P(Z ≤ z | Z > r) = (Φ(z) − Φ(r)) / (1 − Φ(r)) with N = 100 000 draws; critical
  /// value for α = 0.001: √(ln(2000)/2)/√N ≈ 0.00616. Its sign follows `u`.
  @Test func tailSamplerFollowsConditionalNormal() {
    let r = _NormalZiggurat.r
    let n = 100_000
    var g = Xoshiro256StarStar(seed: 4242)
    var x = (0..<n).map { _ in g._normalTail(u: 0.5) }
    #expect(x.allSatisfy { $0 > r })
    x.sort()
    let N = Double(n)
    let tailMass = 1 - normalCDF(r)
    var d = 0.0
    for (i, v) in x.enumerated() {
      let f = (normalCDF(v) - normalCDF(r)) / tailMass
      d = max(d, f - Double(i) / N, Double(i + 1) / N - f)
    }
    #expect(d < (log(2000.0) / 2).squareRoot() / N.squareRoot(), "KS statistic \(d)")
    #expect(g._normalTail(u: -0.5) < -r)
  }

  @Test func fillNormalMatchesRepeatedDraws() {
    // 10⁵ draws take every path: about 1,200 misses of a layer's rectangle
    // (wedge tests, some rejected) and about 27 draws from the tail.
    var a = Xoshiro256StarStar(seed: 3), b = a
    var buffer = [Double](repeating: 0, count: 100_000)
    buffer.withUnsafeMutableBufferPointer { a.fillNormal($0) }
    #expect(buffer == (0..<100_000).map { _ in b.nextNormal() })
    #expect(buffer.contains { abs($0) > _NormalZiggurat.r })
    // The generator's state advanced by exactly the draws used.
    #expect(a.next() == b.next())
  }
}

@Suite struct RandomStreamsTests {
  /// Pearson correlation of paired draws.
  private static func correlation(_ x: [Double], _ y: [Double]) -> Double {
    let n = Double(x.count)
    let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
    var sxy = 0.0, sxx = 0.0, syy = 0.0
    for i in x.indices {
      let dx = x[i] - mx, dy = y[i] - my
      sxy += dx * dy; sxx += dx * dx; syy += dy * dy
    }
    return sxy / (sxx * syy).squareRoot()
  }

  /// For independent streams the sample correlation of N pairs is ≈ N(0, 1/N);
  /// the bound 4/√N fails by chance with probability 6·10⁻⁵.
  @Test func neighbouringIndicesAreUncorrelated() {
    let streams = RandomStreams(seed: 12_345)
    let n = 50_000
    // Along the sequence: draw k of stream i versus draw k of stream i + 1.
    for i in [0, 1, 1000] {
      var a = streams.generator(generation: 0, index: i)
      var b = streams.generator(generation: 0, index: i + 1)
      let x = (0..<n).map { _ in a.nextNormal() }
      let y = (0..<n).map { _ in b.nextNormal() }
      #expect(abs(Self.correlation(x, y)) < 4 / Double(n).squareRoot())
    }
    // Across streams: first draw of stream i versus first draw of stream i + 1, which is
    // how a population uses them (one stream per sample).
    let first = (0...n).map { i -> Double in
      var g = streams.generator(generation: 3, index: i)
      return g.nextNormal()
    }
    #expect(abs(Self.correlation(Array(first[0..<n]), Array(first[1...n]))) < 4 / Double(n).squareRoot())
  }

  @Test func neighbouringGenerationsAreUncorrelated() {
    let streams = RandomStreams(seed: 99)
    let n = 50_000
    let x = (0..<n).map { i -> Double in
      var g = streams.generator(generation: 7, index: i)
      return g.nextNormal()
    }
    let y = (0..<n).map { i -> Double in
      var g = streams.generator(generation: 8, index: i)
      return g.nextNormal()
    }
    #expect(abs(Self.correlation(x, y)) < 4 / Double(n).squareRoot())
    // Neighbouring seeds, same coordinates.
    let z = (0..<n).map { i -> Double in
      var g = RandomStreams(seed: 100).generator(generation: 7, index: i)
      return g.nextNormal()
    }
    #expect(abs(Self.correlation(x, z)) < 4 / Double(n).squareRoot())
  }

  @Test func sameCoordinatesGiveSameNumbers() {
    let a = RandomStreams(seed: 42), b = RandomStreams(seed: 42)
    for (gen, idx) in [(0, 0), (1, 0), (0, 1), (17, 123_456), (-1, -5)] {
      var g1 = a.generator(generation: gen, index: idx)
      var g2 = b.generator(generation: gen, index: idx)
      #expect((0..<16).map { _ in g1.next() } == (0..<16).map { _ in g2.next() })
    }
    // Different coordinates give different keys (no collision among a small grid).
    var keys = Set<UInt64>()
    for gen in 0..<20 { for idx in 0..<50 { keys.insert(a.key(generation: gen, index: idx)) } }
    #expect(keys.count == 20 * 50)
    // Swapping generation and index gives a different stream.
    #expect(a.key(generation: 1, index: 2) != a.key(generation: 2, index: 1))
  }

  /// Streams of one generation drawn in any order, or concurrently, give the same numbers.
  @Test func orderIndependence() async {
    let streams = RandomStreams(seed: 8)
    let serial = (0..<64).map { i -> Double in
      var g = streams.generator(generation: 2, index: i)
      return g.nextNormal()
    }
    let parallel = await withTaskGroup(of: (Int, Double).self) { group in
      for i in (0..<64).reversed() {
        group.addTask {
          var g = streams.generator(generation: 2, index: i)
          return (i, g.nextNormal())
        }
      }
      var out = [Double](repeating: 0, count: 64)
      for await (i, v) in group { out[i] = v }
      return out
    }
    #expect(serial == parallel)
  }
}
