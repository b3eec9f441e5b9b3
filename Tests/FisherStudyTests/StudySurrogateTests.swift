import Fisher
import Foundation
import Testing
@testable import FisherStudy

/// Studies with lq-CMA-ES's surrogate: a generation's candidates are handed
/// out in rounds of the model's choosing, and the study ends in the state of
/// the in-process `Optimizer` loop.
@Suite struct StudySurrogateTests {
  static func ellipsoid(_ x: [Double]) -> Double {
    x.enumerated().reduce(0) { s, e in s + pow(100, Double(e.offset)) * (e.element - 0.5) * (e.element - 0.5) }
  }

  @Test func aSurrogateStudyEndsInTheOptimizerLoopState() async throws {
    let dir = try TemporaryFolder()
    defer { dir.cleanUp() }
    let initial = try CMAES(mean: [1, -1, 0.5], sigma: 0.5, seed: 17)
    let budget = 150
    let study = try await Study.create(
      name: "lq", strategy: initial, settings: StudySettings(budget: budget, surrogate: .linearQuadratic), seed: 3,
      storage: .sqlite(path: dir.file("s.db")))
    try await evaluateStudy(study) { x, _ in Self.ellipsoid(x) }

    var reference = try Optimizer(
      strategy: initial, termination: Termination(maxEvaluations: budget), seed: 3, surrogate: .linearQuadratic)
    while reference.stopReason == nil { try await reference.step({ Self.ellipsoid($0) }, threads: 1) }

    let stored = try #require(try await study.optimizer())
    #expect(try stateText(stored) == stateText(reference))
    let rows = try await study.evaluations()
    #expect(rows.count == reference.evaluations)
    #expect(rows.map(\.evaluation) == rows.indices.map { $0 + 1 })
    // Rounds after the first happen, and a generation never hands out all λ candidates
    // once the model has data.
    #expect(rows.contains { $0.round > 0 })
    let lambda = study.record.populationSize
    let perGeneration = Dictionary(grouping: rows, by: \.generation).mapValues(\.count)
    #expect(perGeneration.values.contains { $0 < lambda })
    // Within a generation, candidates are distinct and each row holds its candidate's point.
    for (_, group) in Dictionary(grouping: rows, by: \.generation) {
      #expect(Set(group.map(\.candidate)).count == group.count)
    }
    let status = try await study.status()
    #expect(status.finished && status.done == reference.evaluations)
    await study.close()
  }

  @Test func aSurrogateIsRefusedWhereItCannotWork() async throws {
    let dir = try TemporaryFolder()
    defer { dir.cleanUp() }
    let xnes = try XNES(mean: [0, 0], sigma: 1, seed: 1)
    await #expect(throws: FisherError.self) {
      _ = try await Study.create(
        name: "x", strategy: xnes, settings: StudySettings(budget: 10, surrogate: .linearQuadratic),
        storage: .sqlite(path: dir.file("s.db")))
    }
    let cma = try CMAES(mean: [0, 0], sigma: 1, seed: 1)
    await #expect(throws: FisherError.self) {
      _ = try await Study.create(
        name: "y", strategy: cma,
        settings: StudySettings(budget: 10, noise: .resampling(try Resampling(count: 2)), surrogate: .linearQuadratic),
        storage: .sqlite(path: dir.file("s.db")))
    }
    // Re-creating a study with another surrogate setting is an error that names it.
    let a = try await Study.create(
      name: "z", strategy: cma, settings: StudySettings(budget: 10, surrogate: .linearQuadratic),
      storage: .sqlite(path: dir.file("s.db")))
    await a.close()
    do {
      _ = try await Study.create(
        name: "z", strategy: cma, settings: StudySettings(budget: 10), storage: .sqlite(path: dir.file("s.db")))
      Issue.record("a second create with other settings was accepted")
    } catch {
      #expect("\(error)".contains("surrogate"))
    }
  }
}
