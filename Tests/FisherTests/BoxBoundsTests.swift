import Testing
@testable import Fisher

@Suite struct BoxBoundsTests {
  @Test func identityWellInsideAndInsideEverywhere() throws {
    let b = try BoxBounds(lower: [-5, 0, 1], upper: [5, 1, 100])
    #expect(b.repair([0, 0.5, 50]) == [0, 0.5, 50])
    var rng = Xoshiro256StarStar(seed: 1)
    for _ in 0..<10_000 {
      let x = (0..<3).map { _ in 400 * (rng.nextUniform() - 0.5) }
      #expect(b.contains(b.repair(x)))
    }
  }

  /// The transformation is continuous: nearby inputs give nearby outputs
  /// (|Δy| ≤ |Δx| since every piece has slope at most 1).
  @Test func isContinuousAndNonExpanding() throws {
    let b = try BoxBounds(lower: -1, upper: 2, dimension: 1)
    var x = -20.0
    var previous = b.repair([x])[0]
    while x < 20 {
      x += 1e-3
      let y = b.repair([x])[0]
      #expect(abs(y - previous) <= 1e-3 * (1 + 1e-9))
      previous = y
    }
  }

  /// The pieces of pycma's `BoxConstraintsLinQuadTransformation` for bounds [−1, 2], where the
  /// margins are al = min(3/2, (1 + 1)/20) = 0.1 and au = min(3/2, (1 + 2)/20) = 0.15.
  @Test func matchesTheLinQuadFormulas() throws {
    let b = try BoxBounds(lower: -1, upper: 2, dimension: 1)
    let al = 0.1, au = 0.15
    #expect(b.repair([-1])[0] == -1 + al * al / (4 * al))
    #expect(abs(b.repair([-1.1])[0] - (-1.0)) < 1e-15)
    #expect(abs(b.repair([2.15])[0] - 2.0) < 1e-15)
    #expect(abs(b.repair([2])[0] - (2 - au * au / (4 * au))) < 1e-15)
    // Mirrored beyond the margin: x = −1.3 maps like −0.9.
    #expect(abs(b.repair([-1.3])[0] - b.repair([-0.9])[0]) < 1e-15)
  }

  @Test func rejectsInvalidBounds() {
    #expect(throws: FisherError.self) { try BoxBounds(lower: [0, 1], upper: [1]) }
    #expect(throws: FisherError.self) { try BoxBounds(lower: [1], upper: [1]) }
    #expect(throws: FisherError.self) { try BoxBounds(lower: [.nan], upper: [1]) }
    #expect(throws: FisherError.self) { try BoxBounds(lower: 0, upper: 1, dimension: 0) }
  }
}
