import Testing
@testable import FisherPlot

@Suite struct DownsampleTests {
  /// A deterministic noisy descent: y drifts down with noise, so improvements
  /// come at irregular points.
  static func noisyDescent(count: Int, seed: UInt64 = 1) -> [PlotPoint] {
    var state = seed
    var y = 1.0
    return (0..<count).map { i in
      state = state &* 6364136223846793005 &+ 1442695040888963407
      let u = Double(state >> 11) / Double(1 << 53)
      y *= 0.9999 + 0.002 * (u - 0.5)
      return PlotPoint(x: Double(10 * (i + 1)), y: y * (1 + u))
    }
  }

  /// 100 000 points to 500: at most 500 + (improvements), every improvement,
  /// the first and the last, increasing x, and only input points.
  @Test func keepsEveryImprovementWithinTheLimit() {
    let points = Self.noisyDescent(count: 100_000)
    let improvements = Downsample.improvementIndices(points).map { points[$0] }
    #expect(improvements.count > 50)
    let kept = Downsample.keepingImprovements(points, maximumCount: 500)
    #expect(kept.count <= 500 + improvements.count)
    #expect(kept.count < 2_000)
    #expect(Set(improvements).isSubset(of: Set(kept)))
    #expect(kept.first == points.first && kept.last == points.last)
    #expect(zip(kept, kept.dropFirst()).allSatisfy { $0.x < $1.x })
    #expect(Set(kept).isSubset(of: Set(points)))
  }

  /// The envelope: at most the limit, and a spike anywhere survives.
  @Test func envelopeKeepsSpikes() {
    var points = (0..<10_000).map { PlotPoint(x: Double($0), y: 1) }
    points[4_321].y = 1e6
    points[7_777].y = -1e6
    let kept = Downsample.points(points, maximumCount: 100)
    #expect(kept.count <= 100)
    #expect(kept.contains(points[4_321]) && kept.contains(points[7_777]))
    #expect(kept.first == points.first && kept.last == points.last)
    #expect(zip(kept, kept.dropFirst()).allSatisfy { $0.x < $1.x })
  }

  /// Short series come back whole; unsorted ones sorted by x; NaN is never an extreme.
  @Test func smallAndUnsortedInputs() {
    let few = [PlotPoint(x: 3, y: 1), PlotPoint(x: 1, y: 2), PlotPoint(x: 2, y: 0)]
    #expect(Downsample.points(few, maximumCount: 10).map(\.x) == [1, 2, 3])
    #expect(Downsample.keepingImprovements([], maximumCount: 10).isEmpty)
    #expect(Downsample.points(few, maximumCount: 0).count == 2)
    var withNaN = (0..<100).map { PlotPoint(x: Double($0), y: Double($0 % 7)) }
    withNaN[50].y = .nan
    let kept = Downsample.points(withNaN, maximumCount: 10)
    #expect(kept.count <= 10 && !kept.dropFirst().dropLast().contains { $0.y.isNaN })
  }
}
