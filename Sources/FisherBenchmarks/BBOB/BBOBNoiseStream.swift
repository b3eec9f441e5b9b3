/// The random numbers behind the noise of COCO's bbob-noisy suite.
///
/// COCO draws each noise variate by restarting its legacy BBOB 2009 generator
/// (``BBOBLegacyRandom``) from a seed that is a running counter: one counter
/// for uniform variates, one for Gaussian ones, each starting at 30 and
/// incremented before every draw of its kind (so the first seeds are 31), and
/// wrapped to 1 above 10⁹. The counters are all the state there is, so the
/// stream is a small value: copy it to replay the same noise, store it to
/// resume.
///
/// In COCO the pair is global to the process and shared by every noisy
/// problem; `cocoex` resets it to (30, 30) whenever a `Suite` is constructed.
/// A fresh stream therefore reproduces "construct a suite, evaluate one
/// problem", and one stream passed to several problems in turn reproduces a
/// session that interleaves them in the same order.
///
///     var noise = BBOBNoiseStream()
///     let f = try BBOBNoisyFunction(function: 101, instance: 1, dimension: 2)
///     f.evaluate([0.5, -1], noise: &noise)    // 79.56592371590126, as cocoex's first evaluation
public struct BBOBNoiseStream: Sendable, Hashable, Codable {
  /// The seed of the last uniform draw (30 before the first).
  public private(set) var uniformSeed: Int
  /// The seed of the last Gaussian draw (30 before the first).
  public private(set) var gaussianSeed: Int

  /// COCO's counters after a reset.
  public static let initialSeed = 30
  /// The largest seed; the next one is 1.
  public static let largestSeed = 1_000_000_000

  /// A stream in COCO's reset state, (30, 30).
  public init() {
    uniformSeed = Self.initialSeed
    gaussianSeed = Self.initialSeed
  }

  /// A stream at given counters, each in 1…10⁹, e.g. one read back from a checkpoint.
  ///
  /// - Throws: `FisherError.invalidParameter` for a counter outside 1…10⁹.
  public init(uniformSeed: Int, gaussianSeed: Int) throws {
    for (name, seed) in [("uniformSeed", uniformSeed), ("gaussianSeed", gaussianSeed)] {
      guard (1...Self.largestSeed).contains(seed) else {
        throw FisherError.invalidParameter(name: name, reason: "must be in 1…\(Self.largestSeed), got \(seed)")
      }
    }
    self.uniformSeed = uniformSeed
    self.gaussianSeed = gaussianSeed
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    try self.init(
      uniformSeed: c.decode(Int.self, forKey: .uniformSeed), gaussianSeed: c.decode(Int.self, forKey: .gaussianSeed))
  }

  /// The next uniform variate in (0, 1], COCO's `coco_sample_uniform_noise`.
  public mutating func nextUniform() -> Double {
    uniformSeed = Self.successor(of: uniformSeed)
    return BBOBLegacyRandom.firstUniform(seed: uniformSeed)
  }

  /// The next standard normal variate, COCO's `coco_sample_gaussian_noise`.
  public mutating func nextGaussian() -> Double {
    gaussianSeed = Self.successor(of: gaussianSeed)
    return BBOBLegacyRandom.firstGaussian(seed: gaussianSeed)
  }

  /// Skips `uniform` uniform and `gaussian` Gaussian draws in O(1), e.g. the
  /// draws of evaluations already done before a resume.
  ///
  /// A negative count skips nothing.
  public mutating func skip(uniform: Int, gaussian: Int) {
    uniformSeed = Self.advanced(uniformSeed, by: uniform)
    gaussianSeed = Self.advanced(gaussianSeed, by: gaussian)
  }

  @inline(__always)
  static func successor(of seed: Int) -> Int { seed >= largestSeed ? 1 : seed + 1 }

  static func advanced(_ seed: Int, by steps: Int) -> Int {
    guard steps > 0 else { return seed }
    // Seeds cycle through 1…10⁹; seed s is position s − 1 of the cycle.
    return (seed - 1 + steps % largestSeed) % largestSeed + 1
  }
}
