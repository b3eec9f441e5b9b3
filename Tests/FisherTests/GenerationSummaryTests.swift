import Foundation
import Testing
@testable import Fisher

/// ``GenerationSummary``: built from a strategy or a driver's report, and its
/// JSON lines.
@Suite struct GenerationSummaryTests {
  static let sample = GenerationSummary(
    generation: 3, evaluations: 30, best: 0.5, median: 2.25, worst: 1e300, bestSoFar: 0.125, sigma: 0.3,
    condition: 12.5, standardDeviations: [0.1, 2e-7], mean: [-1, 3.5])

  /// From a strategy after tell: σ, condition, standard deviations and mean
  /// are the strategy's; best, median (the upper one) and worst leave out
  /// failures.
  @Test func fromAStrategy() throws {
    var s = try CMAES(mean: [1, 2, 3], sigma: 0.5, seed: 1)
    let p = s.ask()
    var fitness = (0..<p.count).map { ClassicProblem.sphere.value(p[$0]) }
    fitness[2] = .infinity
    try s.tell(p, fitness: fitness)
    let summary = GenerationSummary(strategy: s, fitness: fitness, evaluations: p.count)
    let finite = fitness.filter(\.isFinite).sorted()
    #expect(summary.generation == 1 && summary.evaluations == p.count)
    #expect(summary.best == finite.first && summary.worst == finite.last)
    #expect(summary.median == finite[finite.count / 2])
    #expect(summary.bestSoFar == finite.first)
    #expect(summary.sigma == s.stepSize && summary.condition == s.conditionNumber)
    #expect(summary.standardDeviations == s.coordinateStandardDeviations && summary.mean == s.mean)

    let failed = GenerationSummary(strategy: s, fitness: [.infinity, .nan], generation: 7, evaluations: 9, bestSoFar: 0.5)
    #expect(failed.best == nil && failed.median == nil && failed.worst == nil)
    #expect(failed.generation == 7 && failed.bestSoFar == 0.5)
  }

  /// Stepping a driver: one summary per generation whose evaluations are
  /// g·λ, whose σ and mean are the strategy's after that generation, whose
  /// best so far never increases and ends at the result's best f.
  @Test func fromTheDriversReports() async throws {
    var run = try Optimizer(strategy: try CMAES(mean: [3, 3, 3, 3], sigma: 1, seed: 2), termination: Termination(maxGenerations: 25))
    let lambda = run.strategy.populationSize
    var summaries: [GenerationSummary] = []
    while run.stopReason == nil {
      let report = try #require(try await run.step({ ClassicProblem.rosenbrock.value($0) }))
      let summary = GenerationSummary(report)
      #expect(summary.sigma == run.strategy.stepSize)
      #expect(summary.mean == run.strategy.mean)
      #expect(summary.standardDeviations == run.strategy.coordinateStandardDeviations)
      #expect(summary.condition == run.strategy.conditionNumber)
      summaries.append(summary)
    }
    #expect(summaries.map(\.generation) == Array(1...25))
    #expect(summaries.map(\.evaluations) == (1...25).map { $0 * lambda })
    let best = summaries.compactMap(\.bestSoFar)
    #expect(best.count == 25 && zip(best, best.dropFirst()).allSatisfy { $0 >= $1 })
    #expect(best.last == run.result.bestF)
    #expect(summaries.allSatisfy { s in
      guard let b = s.best, let m = s.median, let w = s.worst, let sofar = s.bestSoFar else { return false }
      return sofar <= b && b <= m && m <= w
    })
  }

  /// A line has the documented keys in order, numbers that read back
  /// exactly, and reads back equal.
  @Test func jsonLineRoundTrips() throws {
    let line = Self.sample.jsonLine()
    #expect(line == "{\"generation\":3,\"evaluations\":30,\"best\":0.5,\"median\":2.25,\"worst\":1e+300,"
      + "\"best_so_far\":0.125,\"sigma\":0.3,\"condition\":12.5,\"stds\":[0.1,2e-07],\"mean\":[-1.0,3.5]}")
    #expect(try GenerationSummary.decodeLines(line) == [Self.sample])
    let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    #expect(Set(object.keys) == ["generation", "evaluations", "best", "median", "worst", "best_so_far", "sigma", "condition", "stds", "mean"])
    // Foundation's coders use the same keys.
    let viaCoder = try JSONDecoder().decode(GenerationSummary.self, from: Data(line.utf8))
    #expect(viaCoder == Self.sample)
    let reencoded = try JSONDecoder().decode(GenerationSummary.self, from: try JSONEncoder().encode(Self.sample))
    #expect(reencoded == Self.sample)
  }

  /// Non-finite numbers are written as null; they read back as nil (f values) or NaN.
  @Test func nonFiniteNumbersAreNull() throws {
    var s = Self.sample
    s.best = .infinity
    s.sigma = .nan
    s.condition = .infinity
    s.standardDeviations = [.infinity, 1]
    let line = s.jsonLine()
    #expect(line.contains("\"best\":null") && line.contains("\"sigma\":null") && line.contains("\"condition\":null"))
    #expect(line.contains("\"stds\":[null,1.0]"))
    #expect(try JSONSerialization.jsonObject(with: Data(line.utf8)) is [String: Any])
    let back = try #require(try GenerationSummary.decodeLines(line).first)
    #expect(back.best == nil && back.sigma.isNaN && back.condition.isNaN)
    #expect(back.standardDeviations[0].isNaN && back.standardDeviations[1] == 1)
    let viaEncoder = String(decoding: try JSONEncoder().encode(s), as: UTF8.self)
    #expect(viaEncoder.contains("\"sigma\":null"))
  }

  /// Several lines, blank ones and unknown keys are fine; missing optional f values read as nil.
  @Test func decodesALog() throws {
    var second = Self.sample
    second.generation = 4
    second.bestSoFar = nil
    let text = Self.sample.jsonLine() + "\n\n" + second.jsonLine() + "\n"
      + "{\"generation\":5,\"evaluations\":50,\"sigma\":1,\"condition\":1,\"stds\":[],\"mean\":[],\"note\":{\"a\":[true,\"x\"]}}\n"
    let summaries = try GenerationSummary.decodeLines(text)
    #expect(summaries.count == 3 && summaries[1] == second)
    #expect(summaries[2].best == nil && summaries[2].generation == 5 && summaries[2].mean.isEmpty)
    #expect(try GenerationSummary.decodeLines("").isEmpty)
  }

  /// A malformed line is named by its number.
  @Test(arguments: [
    ("{\"generation\":1", "line 2:"),
    ("not json", "line 2:"),
    ("{\"generation\":\"one\",\"evaluations\":1,\"sigma\":1,\"condition\":1,\"stds\":[],\"mean\":[]}", "generation"),
    ("{\"generation\":1,\"evaluations\":1,\"sigma\":1,\"condition\":1,\"stds\":[1],\"mean\":[]}", "stds"),
    ("{\"generation\":-1,\"evaluations\":1,\"sigma\":1,\"condition\":1,\"stds\":[],\"mean\":[]}", "non-negative"),
    ("{\"generation\":1.5,\"evaluations\":1,\"sigma\":1,\"condition\":1,\"stds\":[],\"mean\":[]}", "integer"),
    ("{\"generation\":1,\"evaluations\":1,\"condition\":1,\"stds\":[],\"mean\":[]}", "sigma"),
    ("{\"generation\":1,\"evaluations\":1,\"sigma\":1,\"condition\":1,\"stds\":[],\"mean\":[]} x", "line 2:"),
    ("{\"a\":" + String(repeating: "[", count: 100_000), "nested too deeply"),
  ])
  func malformedLinesAreNamed(line: String, fragment: String) throws {
    let text = Self.sample.jsonLine() + "\n" + line + "\n"
    do {
      _ = try GenerationSummary.decodeLines(text)
      Issue.record("accepted \(line.prefix(80))")
    } catch let error as FisherError {
      guard case .malformedInput(let message) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(message.hasPrefix("line 2:"), "\(message)")
      #expect(message.contains(fragment), "\(message)")
    }
  }
}
