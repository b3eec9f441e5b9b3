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

  /// Reference values from pycma 4.5.0:
  /// `cma.transformations.BoxConstraintsLinQuadTransformation([[-1, 2]]).transform([x])[0]`,
  /// where the margins are al = min(3/2, max(1, 1)/20) = 0.05 and au = min(3/2, max(1, 2)/20) = 0.1.
  @Test func matchesPycma() throws {
    let b = try BoxBounds(lower: -1, upper: 2, dimension: 1)
    let reference: [(Double, Double)] = [
      (-20, -0.9874999999999993), (-5.3, 1.0), (-1.3, -0.8), (-1.1, -0.9874999999999999), (-1.05, -1.0),
      (-1, -0.9874999999999999), (-0.95, -0.95), (-0.9, -0.9), (0, 0), (1.5, 1.5), (1.9, 1.9),
      (2, 1.9749999999999999), (2.1, 2.0), (2.15, 1.9937500000000001), (2.4, 1.8), (7.7, 1.4000000000000004),
      (33.3, 1.7999999999999972),
    ]
    for (x, y) in reference {
      #expect(abs(b.repair([x])[0] - y) <= 1e-12, "x = \(x)")
    }
  }

  @Test func rejectsInvalidBounds() {
    #expect(throws: FisherError.self) { try BoxBounds(lower: [0, 1], upper: [1]) }
    #expect(throws: FisherError.self) { try BoxBounds(lower: [1], upper: [1]) }
    #expect(throws: FisherError.self) { try BoxBounds(lower: [.nan], upper: [1]) }
    #expect(throws: FisherError.self) { try BoxBounds(lower: 0, upper: 1, dimension: 0) }
  }
}
