import Testing
@testable import Fisher

private typealias S = LinearAlgebraTestSupport

@Suite struct CholeskyTests {
  @Test(arguments: [1, 2, 3, 31, 33, 100, 200])
  func factorReproducesMatrix(n: Int) throws {
    let a = S.spd(n, seed: UInt64(2000 + n))
    let chol = try Cholesky(a)
    let l = chol.lower
    for i in 0..<n { for j in (i + 1)..<max(n, i + 1) { #expect(l[i, j] == 0) } }
    #expect(S.relativeError(l.multiply(l.transposed), a) < 1e-10)
  }
}
