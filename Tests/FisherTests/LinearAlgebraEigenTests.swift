import Testing
@testable import Fisher

private typealias S = LinearAlgebraTestSupport

@Suite struct SymmetricEigenTests {
  @Test(arguments: [1, 2, 3, 5, 17, 64, 200])
  func reconstructsAndIsOrthonormal(n: Int) throws {
    let a = S.symmetric(n, seed: UInt64(1000 + n))
    let eig = try SymmetricEigen(a)
    let q = eig.vectors
    let rebuilt = q.multiply(Matrix.diagonal(eig.values)).multiply(q.transposed)
    #expect(S.relativeError(rebuilt, a) < 1e-10)
    #expect(S.relativeError(q.transposed.multiply(q), Matrix.identity(n)) < 1e-10)
    for i in 1..<max(n, 1) { #expect(eig.values[i - 1] <= eig.values[i]) }
  }
}
