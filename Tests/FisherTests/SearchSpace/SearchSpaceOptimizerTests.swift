import Foundation
import Testing
@testable import Fisher

@Suite struct SearchSpaceOptimizerTests {
  static let space = MinimizeSearchSpaceTests.space

  /// The ask/tell loop finds the known optimum, with points handed out decoded.
  @Test func askTellFindsTheOptimum() throws {
    var run = try SearchSpaceOptimizer(
      space: Self.space, termination: Termination(maxEvaluations: 3000, targetValue: 1e-6), seed: 4)
    #expect(run.specification.kind == .catCMA)
    while run.stopReason == nil {
      let ask = run.ask()
      #expect(ask.points.allSatisfy { $0.names == Self.space.names })
      try run.tell(ask, values: try ask.points.map { try MinimizeSearchSpaceTests.loss($0) })
    }
    let best = try #require(run.best)
    #expect(try best.integer("layers") == 5 && best.integer("batch") == 64 && best.category("activation") == "gelu")
    let value = try MinimizeSearchSpaceTests.loss(best)
    #expect(run.bestValue <= 1e-6 && run.bestValue == value)
  }

  /// A run saved between a tell and the next ask resumes with the same asks
  /// and the same result; a tell of the wrong count is refused without effect.
  @Test func savedRunResumesBitIdentically() throws {
    var a = try SearchSpaceOptimizer(space: Self.space, termination: Termination(maxEvaluations: 400), seed: 9)
    func step(_ r: inout SearchSpaceOptimizer) throws {
      let ask = r.ask()
      // Every seventh point fails.
      let values: [Double?] = try ask.points.enumerated().map { i, p in i % 7 == 3 ? nil : try MinimizeSearchSpaceTests.loss(p) }
      try r.tell(ask, values: values)
    }
    for _ in 0..<10 { try step(&a) }
    var b = try JSONDecoder().decode(SearchSpaceOptimizer.self, from: JSONEncoder().encode(a))
    #expect(b.ask().points == a.ask().points)
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    let before = try encoder.encode(b)
    #expect(throws: FisherError.self) { try b.tell(b.ask(), values: [1, 2]) }
    let after = try encoder.encode(b)
    #expect(after == before)
    while a.stopReason == nil {
      try step(&a)
      try step(&b)
    }
    #expect(a.best == b.best && a.bestValue == b.bestValue && a.run.evaluations == b.run.evaluations)
    #expect(a.run.failedEvaluations > 0)
  }
}
