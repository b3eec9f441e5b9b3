import Foundation
import Testing
@testable import Fisher

@Suite struct FitnessShapingTests {
  /// λ = 4: ln 3 − ln k = (1.0986, 0.4055, 0, <0 → 0); normalized and shifted by
  /// −1/4 (computed with numpy: `raw / raw.sum() − 1/λ`).
  @Test func nesUtilitiesKnownValues() {
    let u = FitnessShaping.nesUtilities(count: 4)
    #expect(isClose(u, [0.48042271030918515, 0.01957728969081496, -0.25, -0.25], tolerance: 1e-15))
  }

  @Test(arguments: [2, 3, 5, 10, 17, 100])
  func nesUtilitiesSumToZeroAndDoNotIncrease(lambda: Int) {
    let u = FitnessShaping.nesUtilities(count: lambda)
    #expect(abs(u.reduce(0, +)) < 1e-15 * Double(lambda))
    #expect(zip(u, u.dropFirst()).allSatisfy { $0 >= $1 })
    #expect(u[0] > 0 && u[lambda - 1] == -1 / Double(lambda))
    // Only ranks k < λ/2 + 1 can carry more than the baseline −1/λ.
    #expect(u.enumerated().allSatisfy { k, v in Double(k + 1) < Double(lambda) / 2 + 1 || v == -1 / Double(lambda) })
  }

  @Test func perSampleUtilitiesFollowTheFitnessOrderAndAverageTies() {
    let u4 = FitnessShaping.nesUtilities(count: 4)
    let u = FitnessShaping.nesUtilities([1, .infinity, .infinity, 0])
    #expect(u[3] == u4[0] && u[0] == u4[1])
    #expect(u[1] == u[2] && u[1] == (u4[2] + u4[3]) / 2)
    // Invariant under monotone transformations of f.
    let f = [3.0, -1, 7, 2, 0.5]
    #expect(FitnessShaping.nesUtilities(f) == FitnessShaping.nesUtilities(f.map { exp($0) }))
  }

  @Test func centeredRanks() {
    #expect(FitnessShaping.centeredRanks([3, 1, 2]) == [0.5, -0.5, 0])
    let r = FitnessShaping.centeredRanks([2, 0.5, 3, 1])
    #expect(isClose(r, [1.0 / 6, -0.5, 0.5, -1.0 / 6], tolerance: 1e-15))
    let tied = FitnessShaping.centeredRanks([1, .infinity, .infinity])
    #expect(tied == [-0.5, 0.25, 0.25])
    #expect(abs(FitnessShaping.centeredRanks([4, 8, 1, 9, 2, 2]).reduce(0, +)) < 1e-15)
  }
}
