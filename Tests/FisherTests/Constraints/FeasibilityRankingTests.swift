import Testing
@testable import Fisher

/// Deb's rules, stated directly: feasible before infeasible, feasible by f,
/// infeasible by summed violation.
private func debPrecedes(_ a: (f: Double, g: [Double]), _ b: (f: Double, g: [Double])) -> Bool {
  let v = Evaluation.totalViolation(of: a.g), w = Evaluation.totalViolation(of: b.g)
  if v == 0 && w == 0 { return a.f < b.f }
  if v == 0 || w == 0 { return v == 0 }
  return v < w
}

@Suite struct FeasibilityRankingTests {
  @Test func evaluationMeasuresViolation() {
    let e = Evaluation(value: 2, constraints: [-1, 0.5, 0, 2])
    #expect(!e.isFeasible)
    #expect(e.maxViolation == 2)
    #expect(e.totalViolation == 2.5)
    let ok = Evaluation(value: 2, constraints: [-1, 0, -3])
    #expect(ok.isFeasible && ok.maxViolation == 0 && ok.totalViolation == 0)
  }

  @Test func orderOfTheFitnessIsDebsOrder() {
    var random = SplitMix64(seed: 11)
    func uniform() -> Double { Double(random.next() >> 11) * 0x1p-53 }
    for trial in 0..<200 {
      let count = 2 + trial % 12
      let m = 1 + trial % 3
      // A mix of feasible and infeasible candidates with values of both signs.
      let candidates = (0..<count).map { _ in
        (f: 20 * uniform() - 10, g: (0..<m).map { _ in uniform() < 0.5 ? -uniform() : uniform() * 3 })
      }
      let fitness = FeasibilityRanking.fitness(values: candidates.map(\.f), constraints: candidates.map(\.g))
      for i in 0..<count {
        for j in 0..<count where debPrecedes(candidates[i], candidates[j]) {
          #expect(fitness[i] < fitness[j], "trial \(trial): \(candidates[i]) before \(candidates[j])")
        }
      }
    }
  }

  @Test func feasibleValuesAreUnchangedAndFailuresRankLast() {
    let fitness = FeasibilityRanking.fitness(
      values: [3, nil, -1, 7], constraints: [[-1], [], [0], [0.25]])
    #expect(fitness[0] == 3)
    #expect(fitness[1] == .infinity)
    #expect(fitness[2] == -1)
    // Worst feasible value 3 plus the violation 0.25.
    #expect(fitness[3] == 3.25)
  }

  @Test func withoutAFeasibleCandidateTheViolationAlone() {
    let fitness = FeasibilityRanking.fitness(values: [-100, 5, 1], constraints: [[2, 1], [0.5, -1], [1, 0]])
    #expect(fitness == [3, 0.5, 1])
  }

  @Test func aTinyViolationStillRanksAfterEveryFeasibleCandidate() {
    let fitness = FeasibilityRanking.fitness(values: [1e20, 0], constraints: [[-1], [1e-300]])
    #expect(fitness[1] > fitness[0])
  }

  @Test func handlingChecksCountsAndChangesNothingOnError() throws {
    var handling = try ConstraintHandling(.augmentedLagrangian, dimension: 3, constraintCount: 2)
    let before = handling
    #expect(throws: FisherError.self) { try handling.fitness(values: [1, 2], constraints: [[0, 0]]) }
    #expect(throws: FisherError.self) { try handling.fitness(values: [1, 2], constraints: [[0, 0], [0]]) }
    #expect(handling == before)
    // A failed candidate's row is not read.
    let fitness = try handling.fitness(values: [1, nil], constraints: [[0, -1], []])
    #expect(fitness[1] == .infinity && fitness[0].isFinite)
    #expect(throws: FisherError.self) { try ConstraintHandling(.feasibilityRanking, dimension: 3, constraintCount: 0) }
    #expect(throws: FisherError.self) { try ConstrainedObjective(constraintCount: 0) { _ in Evaluation(value: 0, constraints: []) } }
  }

  @Test func bestPointFollowsDebsRules() {
    let feasible = BestPoint(x: [0], f: 5, evaluation: 1, constraints: [-1])
    let better = BestPoint(x: [0], f: 4, evaluation: 2, constraints: [0])
    let slightlyInfeasible = BestPoint(x: [0], f: -9, evaluation: 3, constraints: [0.1])
    let veryInfeasible = BestPoint(x: [0], f: -99, evaluation: 4, constraints: [3])
    #expect(better.isBetter(than: feasible) && !feasible.isBetter(than: better))
    #expect(feasible.isBetter(than: slightlyInfeasible) && !slightlyInfeasible.isBetter(than: feasible))
    #expect(slightlyInfeasible.isBetter(than: veryInfeasible) && !veryInfeasible.isBetter(than: slightlyInfeasible))
  }
}
