import Foundation
import Testing
@testable import Fisher

@Suite struct AugmentedLagrangianTests {
  /// Relative tolerance of the comparison with pycma. With the C library
  /// `pow` the reference was made with (glibc 2.36) all 5107 values agree to
  /// the last bit (the largest deviation is printed: 0.0); the tolerance
  /// leaves room for a `pow` elsewhere that rounds differently in the last bit.
  static let tolerance = 1e-12

  static func relativeError(_ a: Double, _ b: Double) -> Double {
    if a == b { return 0 }
    return abs(a - b) / max(abs(a), abs(b))
  }

  /// Penalized values, Lagrange multipliers and penalty factors over whole
  /// runs equal pycma's `ConstrainedFitnessAL` on the same evaluations
  /// (AugmentedLagrangianReference.swift): six problems, 50–90 generations
  /// each, active, inactive, linear and nonlinear constraints, feasible and
  /// infeasible starts, and failed evaluations.
  @Test func equalsPycmaConstrainedFitnessAL() throws {
    var worst = 0.0
    var compared = 0
    for reference in augmentedLagrangianReference {
      var al = try AugmentedLagrangian(dimension: reference.dimension, constraintCount: reference.constraintCount)
      for (g, step) in reference.steps.enumerated() {
        let penalized = try al.tell(values: step.values, constraints: step.constraints)
        #expect(penalized.count == step.penalized.count)
        for (k, (mine, theirs)) in zip(penalized, step.penalized).enumerated() {
          if theirs.isInfinite {
            #expect(mine == theirs, "\(reference.name), generation \(g), candidate \(k)")
            continue
          }
          let e = Self.relativeError(mine, theirs)
          worst = max(worst, e)
          compared += 1
          #expect(e <= Self.tolerance, "\(reference.name), generation \(g), candidate \(k): \(mine) vs pycma \(theirs)")
        }
        for (name, mine, theirs) in [
          ("λ", al.multipliers, step.multipliers), ("μ", al.penaltyFactors, step.penaltyFactors),
        ] {
          for i in theirs.indices {
            let e = Self.relativeError(mine[i], theirs[i])
            worst = max(worst, e)
            compared += 1
            #expect(e <= Self.tolerance, "\(reference.name), generation \(g): \(name)[\(i)] = \(mine[i]), pycma \(theirs[i])")
          }
        }
      }
    }
    #expect(compared > 4000)
    print("AugmentedLagrangian vs pycma: \(compared) values, largest relative deviation \(worst)")
  }

  /// The reference runs cover initialization from data, inactive constraints
  /// that stay uninitialized and a multiplier clamped to zero.
  @Test func referenceCoversTheCases() throws {
    var initializedSomewhere = false
    var uninitializedToTheEnd = false
    var clampedToZero = false
    for reference in augmentedLagrangianReference {
      var al = try AugmentedLagrangian(dimension: reference.dimension, constraintCount: reference.constraintCount)
      for step in reference.steps {
        _ = try al.tell(values: step.values, constraints: step.constraints)
        if al.isInitialized { initializedSomewhere = true }
        for i in 0..<al.constraintCount where al.penaltyFactors[i] > 0 && al.multipliers[i] == 0 {
          clampedToZero = true
        }
      }
      if !al.isInitialized { uninitializedToTheEnd = true }
    }
    #expect(initializedSomewhere && uninitializedToTheEnd && clampedToZero)
  }

  /// A state encoded mid-run and decoded equals the original and continues
  /// identically (same penalized values, same state after every generation).
  @Test func codableRoundTripContinuesIdentically() throws {
    for reference in augmentedLagrangianReference {
      var al = try AugmentedLagrangian(dimension: reference.dimension, constraintCount: reference.constraintCount)
      let half = reference.steps.count / 2
      for step in reference.steps[..<half] {
        _ = try al.tell(values: step.values, constraints: step.constraints)
      }
      let encoder = JSONEncoder()
      encoder.outputFormatting = .sortedKeys
      let data = try encoder.encode(al)
      var decoded = try JSONDecoder().decode(AugmentedLagrangian.self, from: data)
      #expect(decoded == al, "\(reference.name)")
      #expect(try encoder.encode(decoded) == data)
      for step in reference.steps[half...] {
        let a = try al.tell(values: step.values, constraints: step.constraints)
        let b = try decoded.tell(values: step.values, constraints: step.constraints)
        #expect(a == b, "\(reference.name)")
        #expect(decoded == al, "\(reference.name)")
      }
    }
  }

  /// Non-finite coefficients are written as strings and read back.
  @Test func nonFiniteNumbersRoundTrip() throws {
    let json = """
      {"dimension": 2, "constraintCount": 2, "multipliers": ["inf", 1.5], "penaltyFactors": [0.25, "nan"],
       "hasCoefficients": true, "initializedConstraints": [true, false], "updateCount": 3,
       "previousConstraints": [-0.5, "-inf"], "penalizedDomainCounts": [0, 0], "sameDirectionChanges": [2, -3],
       "history": [[1, 2], [-0.5, 0]]}
      """
    let al = try JSONDecoder().decode(AugmentedLagrangian.self, from: Data(json.utf8))
    #expect(al.multipliers == [.infinity, 1.5])
    #expect(al.penaltyFactors[1].isNaN)
    #expect(al.previousConstraints == [-0.5, -.infinity])
    let again = try JSONDecoder().decode(AugmentedLagrangian.self, from: JSONEncoder().encode(al))
    #expect(again.multipliers == al.multipliers && again.penaltyFactors[0] == 0.25 && again.penaltyFactors[1].isNaN)
    #expect(again.previousConstraints == al.previousConstraints && again.history == al.history)
    #expect(again.sameDirectionChanges == [2, -3] && again.updateCount == 3)
  }

  /// Stored states whose parts do not fit together are rejected with
  /// `malformedInput`.
  @Test func inconsistentStatesAreRejected() throws {
    let valid: [String: String] = [
      "dimension": "2", "constraintCount": "1", "multipliers": "[0.5]", "penaltyFactors": "[2]",
      "hasCoefficients": "true", "initializedConstraints": "[true]", "updateCount": "4",
      "previousConstraints": "[-0.1]", "penalizedDomainCounts": "[0]", "sameDirectionChanges": "[-2]",
      "history": "[[0.3], [-0.1]]",
    ]
    func decode(_ fields: [String: String]) throws -> AugmentedLagrangian {
      let json = "{" + fields.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}"
      return try JSONDecoder().decode(AugmentedLagrangian.self, from: Data(json.utf8))
    }
    _ = try decode(valid)
    let broken: [(String, String)] = [
      ("dimension", "0"), ("constraintCount", "0"), ("constraintCount", "-4"), ("multipliers", "[0.5, 1]"),
      ("penaltyFactors", "[]"), ("initializedConstraints", "[true, true]"), ("previousConstraints", "[1, 2]"),
      ("penalizedDomainCounts", "[-1]"), ("updateCount", "-1"), ("sameDirectionChanges", "[5]"),
      ("history", "[[1, 2]]"), ("history", "[" + Array(repeating: "[0]", count: 23).joined(separator: ",") + "]"),
      ("multipliers", "[\"lots\"]"),
    ]
    for (key, value) in broken {
      var fields = valid
      fields[key] = value
      #expect(throws: FisherError.self, "\(key): \(value)") { try decode(fields) }
    }
    var unset = valid
    unset["hasCoefficients"] = "false"
    #expect(throws: FisherError.self) { try decode(unset) }
  }

  /// Mismatched counts throw `populationMismatch` and leave the state as it was.
  @Test func badInputThrowsAndLeavesStateUnchanged() throws {
    let reference = augmentedLagrangianReference[1]
    var al = try AugmentedLagrangian(dimension: reference.dimension, constraintCount: reference.constraintCount)
    for step in reference.steps.prefix(10) {
      _ = try al.tell(values: step.values, constraints: step.constraints)
    }
    let before = al
    let step = reference.steps[10]
    #expect(throws: FisherError.self) {
      try al.tell(values: step.values, constraints: Array(step.constraints.dropLast()))
    }
    var shortRow = step.constraints
    shortRow[3].removeLast()
    #expect(throws: FisherError.self) { try al.tell(values: step.values, constraints: shortRow) }
    var longRow = step.constraints
    longRow[0].append(1)
    #expect(throws: FisherError.self) { try al.tell(values: step.values, constraints: longRow) }
    #expect(al == before)
    #expect(throws: FisherError.self) { try AugmentedLagrangian(dimension: 0, constraintCount: 1) }
    #expect(throws: FisherError.self) { try AugmentedLagrangian(dimension: 3, constraintCount: 0) }
    #expect(throws: FisherError.self) { try AugmentedLagrangian(dimension: -1, constraintCount: -1) }
  }

  /// A failed candidate gets +∞, its constraint row is ignored, it blocks the
  /// initialization of its generation, and otherwise it leaves no trace: the
  /// state equals that of the same generation without it.
  @Test func failedCandidates() throws {
    var fresh = try AugmentedLagrangian(dimension: 2, constraintCount: 1)
    let values: [Double?] = [1, 4, nil, 9, 16]
    let rows: [[Double]] = [[1], [-2], [], [3], [-4]]
    let penalized = try fresh.tell(values: values, constraints: rows)
    #expect(penalized == [1, 4, .infinity, 9, 16])
    #expect(!fresh.hasCoefficients && fresh.multipliers == [0] && fresh.penaltyFactors == [0])
    #expect(fresh.history.rows == [[1]])
    _ = try fresh.tell(values: [1, 4, 9, 16], constraints: [[1], [-2], [3], [-4]])
    #expect(fresh.hasCoefficients && fresh.penaltyFactors[0] > 0)

    // Once initialized, a failed candidate makes no difference.
    let reference = augmentedLagrangianReference[0]
    var al = try AugmentedLagrangian(dimension: reference.dimension, constraintCount: reference.constraintCount)
    var steps = reference.steps.makeIterator()
    while !al.isInitialized, let step = steps.next() {
      _ = try al.tell(values: step.values, constraints: step.constraints)
    }
    #expect(al.isInitialized)
    for step in reference.steps.suffix(20) {
      var withFailure = al
      let a = try al.tell(values: step.values, constraints: step.constraints)
      let b = try withFailure.tell(
        values: [nil] + step.values + [nil], constraints: [[7, 7, 7]] + step.constraints + [[]])
      #expect(b == [.infinity] + a + [.infinity])
      #expect(withFailure == al)
    }

    // A generation in which every candidate failed changes nothing.
    let before = al
    #expect(try al.tell(values: [nil, nil], constraints: [[], []]) == [.infinity, .infinity])
    #expect(try al.tell(values: [], constraints: []) == [])
    #expect(al == before)
  }

  /// Before any coefficient is set, and with λ = μ = 0, the penalty is 0 and
  /// the penalized value is f.
  @Test func penaltyIsZeroAtZeroCoefficients() throws {
    var al = try AugmentedLagrangian(dimension: 3, constraintCount: 2)
    for g in [[0.0, 0], [1, -1], [-1e6, 1e6], [3.5, 2]] {
      #expect(al.penalty(g) == 0)
    }
    // Constraints satisfied by every candidate: the coefficients are set, to zero.
    let rows: [[Double]] = (0..<8).map { [-1 - Double($0), -0.5 * Double($0 + 1)] }
    let values = (0..<8).map { Double?(Double($0 * $0)) }
    let penalized = try al.tell(values: values, constraints: rows)
    #expect(penalized == values.map { $0! })
    #expect(al.hasCoefficients && al.multipliers == [0, 0] && al.penaltyFactors == [0, 0])
    for g in [[0.0, 0], [1, -1], [-1e6, 1e6], [3.5, 2]] {
      #expect(al.penalty(g) == 0)
    }
  }

  /// The penalty is λg + μg²/2 above −λ/μ and −λ²/(2μ) below, summed over
  /// the constraints.
  @Test func penaltyClosedForm() throws {
    let al = try AugmentedLagrangian(dimension: 4, multipliers: [2], penaltyFactors: [4])
    #expect(al.penalty([1]) == 2 * 1 + 4 * 1 / 2)
    #expect(al.penalty([3]) == 2 * 3 + 4 * 9 / 2)
    #expect(al.penalty([0]) == 0)
    #expect(al.penalty([-0.25]) == 2 * -0.25 + 4 * 0.0625 / 2)
    #expect(al.penalty([-0.5]) == -0.5)  // the boundary −λ/μ, where both forms agree
    #expect(al.penalty([-0.75]) == -4.0 / 8)
    #expect(al.penalty([-1e9]) == -4.0 / 8)
    let two = try AugmentedLagrangian(dimension: 4, multipliers: [2, 0.5], penaltyFactors: [4, 0.25])
    // 2·1 + 4·1/2 = 4 and, below −0.5/0.25 = −2, −0.25/(2·0.25) = −0.5.
    #expect(two.penalty([1, -3]) == 4 - 0.5)
    // 2·(−0.25) + 4·0.0625/2 = −0.375 and 0.5·1 + 0.25·1/2 = 0.625.
    #expect(two.penalty([-0.25, 1]) == -0.375 + 0.625)
    var state = two
    let penalized = try state.tell(values: [10, 20], constraints: [[1, -3], [-0.25, 1]])
    let expected: [Double] = [13.5, 20.25]  // 10 + 3.5 and 20 + 0.25
    #expect(penalized == expected)
  }

  /// pycma counts the previous generation's best g in the penalized domain
  /// under the current coefficients (its Δh evaluates the penalty there), so
  /// λ is updated, and here clamped to 0, although no candidate of the
  /// generation is penalized. Values from pycma with `lam = [1]`, `mu = [1]`,
  /// `_initialized = [True]`, f(x) = x₀, g(x) = [x₁]:
  ///
  ///     for gen in ([(3, -0.5), (4, -0.6)], [(1, -5), (2, -6)]):
  ///         [cfun(np.array(x)) for x in gen]; cfun.update(None)
  @Test func previousBestCountsInThePenalizedDomain() throws {
    var al = try AugmentedLagrangian(dimension: 2, multipliers: [1], penaltyFactors: [1])
    let first = try al.tell(values: [3, 4], constraints: [[-0.5], [-0.6]])
    #expect(first == [2.625, 3.5800000000000001])
    #expect(al.multipliers == [0.90000000000000002] && al.penaltyFactors == [1.0174796921026863])
    let second = try al.tell(values: [1, 2], constraints: [[-5], [-6]])
    #expect(second == [0.60195765758917319, 1.6019576575891732])
    #expect(al.multipliers == [0] && al.penaltyFactors == [1.0174796921026863])
  }

  #if canImport(Glibc)
  /// g² in the penalty is C's pow(g, 2), as Python's `g**2`, which glibc can
  /// round differently from g·g. Values from pycma's `AugmentedLagrangian` with
  /// `lam = [0]`, `mu = [2]` (so the penalty is g**2), on glibc 2.36.
  @Test func penaltySquaresWithPow() throws {
    let al = try AugmentedLagrangian(dimension: 2, multipliers: [0], penaltyFactors: [2])
    for (g, pycma, product) in [
      (2.996464829823883, 8.9788014763714727, 8.978801476371471),
      (3.9502265541224451, 15.604289828894087, 15.604289828894085),
    ] {
      #expect(g * g == product)
      #expect(al.penalty([g]) == pycma)
    }
  }
  #endif

  /// numpy's linear percentiles (values from `np.percentile(data, [25, 75])`).
  @Test func interquartileRangeEqualsNumpy() {
    let cases: [([Double], Double, Double)] = [
      ([1, 2, 3, 4], 1.75, 3.25),
      ([0.1, 0.7, 0.3, 5.0, 2.2, -1.0], 0.15, 1.8250000000000002),
      ([3.3], 3.3, 3.3),
      ([2.5, -1.25], -0.3125, 1.5625),
      ([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7], 0.25, 0.55),
      ([1e-3, 7.0, 7.0, 7.0, 1e3, -2.0, 0.3, 0.31, 4.4], 0.3, 7.0),
    ]
    for (data, q25, q75) in cases {
      let sorted = data.sorted()
      #expect(LinearPercentile.quantile(sorted: sorted, fraction: 0.25) == q25, "\(data)")
      #expect(LinearPercentile.quantile(sorted: sorted, fraction: 0.75) == q75, "\(data)")
      #expect(LinearPercentile.interquartileRange(data) == q75 - q25)
    }
    #expect(LinearPercentile.interquartileRange([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]) == 0.30000000000000004)
  }

  /// The feasibility window counts negative values as feasible and zeros as half.
  @Test func historyFeasibleFraction() {
    var history = ConstraintHistory(capacity: 4)
    for v in [1.0, 0, -1, -2, -3] { history.append([v]) }
    #expect(history.rows == [[0], [-1], [-2], [-3]])
    #expect(history.feasibleFraction(constraint: 0, window: 10) == 3.5 / 4)
    #expect(history.feasibleFraction(constraint: 0, window: 2) == 1)
  }
}
