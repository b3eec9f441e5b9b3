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
