import Foundation
import Testing
@testable import Fisher

@Suite struct MinimizeSearchSpaceTests {
  static let space = try! SearchSpace([
    .real("lr", low: 1e-5, high: 0.1, log: true),
    .integer("layers", low: 1, high: 8),
    .integer("batch", low: 16, high: 256, step: 16),
    .categorical("activation", choices: ["relu", "tanh", "gelu"]),
  ])

  /// A stand-in for a validation loss whose optimum is known exactly:
  /// lr = 10⁻³, 5 layers, batch 64, gelu, with value 0.
  static let loss: @Sendable (SearchPoint) throws -> Double = { p in
    let a = log10(try p.real("lr")) + 3
    let l = Double(try p.integer("layers") - 5)
    let b = Double(try p.integer("batch") - 64) / 16
    let c: Double = try p.category("activation") == "gelu" ? 0 : 1
    return a * a + l * l + b * b + c
  }

  /// Every strategy finds the optimum's integers and category and the real
  /// to 10⁻³ in log₁₀ lr: CMA-ES and sep-CMA-ES with margin, the others through rounding.
  @Test(arguments: [StrategySpecification.Kind.cmaES, .separableCMAES, .catCMA, .sNES, .xNES])
  func findsTheKnownOptimum(_ kind: StrategySpecification.Kind) async throws {
    let r = try await minimize(
      Self.loss, space: Self.space, strategy: StrategySpecification(kind: kind),
      options: MinimizeOptions(termination: Termination(maxEvaluations: 3000, targetValue: 1e-6), seed: 4, threads: 1))
    let best = try #require(r.best)
    #expect(try best.integer("layers") == 5 && best.integer("batch") == 64 && best.category("activation") == "gelu",
      "\(kind.rawValue): \(best)")
    #expect(try abs(log10(best.real("lr")) + 3) < 1e-3, "\(kind.rawValue): \(best)")
    #expect(r.bestValue == (try Self.loss(best)))
  }

  /// A space of categories alone runs CatCMA by default and finds the optimum.
  @Test func categoriesAloneRunCatCMA() async throws {
    let names = ["solver", "preconditioner", "ordering", "scaling", "norm"]
    let space = try SearchSpace(names.map { try .categorical($0, choices: ["a", "b", "c"]) })
    #expect(space.defaultStrategy == .catCMA && Self.space.defaultStrategy == .catCMA)
    #expect(try SearchSpace([.integer("k", low: 0, high: 3)]).defaultStrategy == .cmaES)
    // One for each variable not at "c".
    let mismatches: @Sendable (SearchPoint) throws -> Double = { p in
      try names.reduce(0) { $0 + (try p.category($1) == "c" ? 0 : 1) }
    }
    let r = try await minimize(
      mismatches, space: space,
      options: MinimizeOptions(termination: Termination(maxEvaluations: 2000, targetValue: 0), seed: 2, threads: 1))
    #expect(r.bestValue == 0)
    #expect(r.run.evaluations < 2000)
    let best = try #require(r.best)
    for name in names { #expect(try best.category(name) == "c") }
  }

  /// CMA-ES runs with margin exactly when the space has integers.
  @Test func prepareAddsTheMarginOnlyForCMAES() throws {
    let cma = Self.space.prepare(StrategySpecification(kind: .cmaES))
    #expect(cma.cmaES.integerMargin?.coordinates == Self.space.discreteCoordinates)
    var custom = StrategySpecification(kind: .cmaES)
    custom.cmaES.integerMargin = IntegerMargin(coordinates: [], margin: 0.02)
    #expect(Self.space.prepare(custom).cmaES.integerMargin?.margin == 0.02)
    #expect(Self.space.prepare(StrategySpecification(kind: .sNES)).cmaES.integerMargin == nil)
    let reals = try SearchSpace([.real("x", low: 0, high: 1)])
    #expect(reals.prepare(StrategySpecification(kind: .cmaES)).cmaES.integerMargin == nil)
  }

  /// The same seed gives the same run for 1 and 2 threads.
  @Test func threadCountDoesNotChangeTheRun() async throws {
    func run(_ threads: Int) async throws -> SearchSpaceResult {
      try await minimize(
        Self.loss, space: Self.space,
        options: MinimizeOptions(termination: Termination(maxEvaluations: 600), seed: 11, threads: threads))
    }
    let a = try await run(1), b = try await run(2)
    #expect(a.best == b.best && a.bestValue == b.bestValue && a.run.bestX == b.run.bestX)
  }

  @Test func badInputThrows() async throws {
    await #expect(throws: FisherError.self) {
      _ = try await minimize(
        Self.loss, space: Self.space,
        options: MinimizeOptions(bounds: try BoxBounds(lower: 0, upper: 1, dimension: 6)))
    }
    let outside = try SearchPoint(
      names: Self.space.names, values: [.real(0.5), .integer(3), .integer(64), .categorical("relu")])
    await #expect(throws: FisherError.self) {
      _ = try await minimize(Self.loss, space: Self.space, start: outside)
    }
    // NaN from the objective is a failed evaluation, not a crash; all failing stops the run.
    let r = try await minimize(
      { _ in .nan }, space: Self.space, options: MinimizeOptions(termination: Termination(maxEvaluations: 200), threads: 1))
    #expect(r.best == nil && r.run.failedEvaluations == r.run.evaluations)
  }
}
