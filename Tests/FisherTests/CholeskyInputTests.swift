import Testing
@testable import Fisher

@Suite struct CholeskyInputTests {
  /// Vectors of the wrong length are reported as errors, not traps.
  @Test func wrongLengthsThrow() throws {
    let c = try Cholesky(Matrix([[4, 2], [2, 3]]))
    #expect(throws: FisherError.self) { try c.solve([1, 2, 3]) }
    #expect(throws: FisherError.self) { try c.solveLower([1]) }
    #expect(throws: FisherError.self) { try c.solveUpper([]) }
    #expect(throws: FisherError.self) { try c.multiplyLower([1, 2, 3]) }
    // And the right length still solves: A x = b for b = A (1, −1).
    let x = try c.solve([2, -1])
    #expect(abs(x[0] - 1) < 1e-14 && abs(x[1] + 1) < 1e-14)
  }
}
