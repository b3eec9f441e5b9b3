#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import Fisher

private typealias S = LinearAlgebraTestSupport

@Suite struct SymmetricEigenTests {
  /// A = QΛQᵀ and QᵀQ = I to 1e-10 relative, values ascending.
  @Test(arguments: [1, 2, 3, 5, 17, 64, 200])
  func reconstructsAndIsOrthonormal(n: Int) throws {
    let a = S.symmetric(n, seed: UInt64(1000 + n))
    let eig = try SymmetricEigen(a)
    let q = eig.vectors
    let rebuilt = try q.multiply(try Matrix.diagonal(eig.values)).multiply(q.transposed)
    #expect(S.relativeError(rebuilt, a) < 1e-10)
    #expect(try S.relativeError(q.transposed.multiply(q), Matrix.identity(n)) < 1e-10)
    for i in 1..<max(n, 1) { #expect(eig.values[i - 1] <= eig.values[i]) }
    // Column j is an eigenvector: ‖A qⱼ − λⱼ qⱼ‖∞ small relative to ‖A‖.
    let aq = try a.multiply(q)
    var residual = 0.0
    for i in 0..<n { for j in 0..<n { residual = max(residual, abs(aq[i, j] - eig.values[j] * q[i, j])) } }
    #expect(residual / a.maxAbs < 1e-10)
  }

  /// A matrix built as Q diag(λ) Qᵀ from a random orthogonal Q (Gram–Schmidt of a
  /// Gaussian matrix, independent of the solver) has exactly the spectrum λ.
  @Test(arguments: [4, 50, 150])
  func knownSpectrum(n: Int) throws {
    let q = S.orthogonal(n, seed: UInt64(3000 + n))
    // Distinct values spread over [-3, 7] in a shuffled order.
    var lambda = (0..<n).map { -3 + 10 * Double($0) / Double(n - 1) }
    var rng = Xoshiro256StarStar(seed: 9)
    lambda.shuffle(using: &rng)
    var a = try q.multiply(try Matrix.diagonal(lambda)).multiply(q.transposed)
    try a.symmetrize()
    let eig = try SymmetricEigen(a)
    #expect(S.relativeError(eig.values, lambda.sorted()) < 1e-10)
    // Each computed eigenvector matches the known one up to sign: |q̂ⱼ · qₖ| = 1.
    let order = lambda.indices.sorted { lambda[$0] < lambda[$1] }
    for (j, k) in order.enumerated() {
      let c = try dot(try eig.vectors.column(j), try q.column(k))
      #expect(abs(abs(c) - 1) < 1e-9)
    }
  }

  /// Repeated eigenvalues: the spectrum is found and the computed vectors are still an
  /// orthonormal basis (any basis of each eigenspace is correct).
  @Test func repeatedEigenvalues() throws {
    let n = 40
    let q = S.orthogonal(n, seed: 17)
    let lambda = (0..<n).map { i -> Double in i < 15 ? 2 : i < 30 ? -1 : 5 }
    var a = try q.multiply(try Matrix.diagonal(lambda)).multiply(q.transposed)
    try a.symmetrize()
    let eig = try SymmetricEigen(a)
    #expect(S.relativeError(eig.values, lambda.sorted()) < 1e-10)
    let v = eig.vectors
    #expect(try S.relativeError(v.transposed.multiply(v), Matrix.identity(n)) < 1e-10)
    #expect(try S.relativeError(v.multiply(Matrix.diagonal(eig.values)).multiply(v.transposed), a) < 1e-10)
  }

  @Test func identityAndZero() throws {
    let i = try SymmetricEigen(Matrix.identity(7))
    #expect(i.values == [Double](repeating: 1, count: 7))
    #expect(try S.relativeError(i.vectors.transposed.multiply(i.vectors), Matrix.identity(7)) < 1e-14)
    let z = try SymmetricEigen(Matrix(rows: 5, columns: 5))
    #expect(z.values == [Double](repeating: 0, count: 5))
    #expect(try S.relativeError(z.vectors.transposed.multiply(z.vectors), Matrix.identity(5)) < 1e-14)
    let empty = try SymmetricEigen(Matrix(rows: 0, columns: 0))
    #expect(empty.values.isEmpty)
  }

  @Test func diagonalMatrixGivesSortedDiagonal() throws {
    let d = [3.0, -1, 4, 1, -5, 9, 2, 6]
    let eig = try SymmetricEigen(Matrix.diagonal(d))
    #expect(eig.values == d.sorted())
    for (j, v) in eig.values.enumerated() {
      let k = d.firstIndex(of: v)!
      #expect(abs(eig.vectors[k, j]) == 1)
    }
  }

  @Test func oneByOne() throws {
    let eig = try SymmetricEigen(try Matrix([[-2.5]]))
    #expect(eig.values == [-2.5])
    #expect(abs(eig.vectors[0, 0]) == 1)
  }

  /// [[a, b], [b, c]] has λ = (a + c)/2 ± √(((a − c)/2)² + b²) and, for b ≠ 0, the
  /// eigenvector of λ proportional to (b, λ − a).
  @Test(arguments: [(1.0, 2.0, 3.0), (4.0, 0.5, -2.0), (1.0, 1e-9, 1.0), (0.0, 1.0, 0.0), (2.0, -3.0, 2.0)])
  func twoByTwoClosedForm(a: Double, b: Double, c: Double) throws {
    let eig = try SymmetricEigen(try Matrix([[a, b], [b, c]]))
    let mid = (a + c) / 2, rad = (((a - c) / 2) * ((a - c) / 2) + b * b).squareRoot()
    #expect(S.relativeError(eig.values, [mid - rad, mid + rad]) < 1e-14)
    for j in 0..<2 {
      let lambda = eig.values[j]
      var v = [b, lambda - a]
      let norm = (v[0] * v[0] + v[1] * v[1]).squareRoot()
      v = v.map { $0 / norm }
      #expect(try abs(abs(dot(v, eig.vectors.column(j))) - 1) < 1e-12)
    }
  }

  /// Graded spectrum like an ill-conditioned CMA-ES covariance (10⁻⁸ … 10⁸): the
  /// backward error stays at the level of ε‖A‖.
  @Test func widelyScaledSpectrum() throws {
    let n = 30
    let q = S.orthogonal(n, seed: 5)
    let lambda = (0..<n).map { pow(10, -8 + 16 * Double($0) / Double(n - 1)) }
    var a = try q.multiply(try Matrix.diagonal(lambda)).multiply(q.transposed)
    try a.symmetrize()
    let eig = try SymmetricEigen(a)
    #expect(S.relativeError(eig.values, lambda) < 1e-10)
    let v = eig.vectors
    #expect(try S.relativeError(v.multiply(Matrix.diagonal(eig.values)).multiply(v.transposed), a) < 1e-10)
    #expect(try S.relativeError(v.transposed.multiply(v), Matrix.identity(n)) < 1e-10)
  }

  /// Only the symmetric part is decomposed.
  @Test func usesSymmetricPart() throws {
    let g = S.gaussian(9, 9, seed: 8)
    var sym = g
    try sym.symmetrize()
    let e1 = try SymmetricEigen(g), e2 = try SymmetricEigen(sym)
    #expect(e1.values == e2.values)
    #expect(e1.vectors == e2.vectors)
  }

  /// A tridiagonal (Wilkinson W₂₁⁺) matrix with famously close eigenvalue pairs.
  @Test func wilkinsonMatrix() throws {
    let n = 21
    var a = try Matrix(rows: n, columns: n)
    for i in 0..<n {
      a[i, i] = Double(abs(10 - i))
      if i + 1 < n { a[i, i + 1] = 1; a[i + 1, i] = 1 }
    }
    let eig = try SymmetricEigen(a)
    // Largest eigenvalue of W₂₁⁺ per LAPACK (numpy.linalg.eigvalsh): 10.746194182903393;
    // the top pair agrees to about 7e-14.
    #expect(abs(eig.values[n - 1] - 10.746194182903393) < 1e-12)
    #expect(abs(eig.values[n - 1] - eig.values[n - 2]) < 1e-12)
    let v = eig.vectors
    #expect(try S.relativeError(v.transposed.multiply(v), Matrix.identity(n)) < 1e-12)
    // The trace is preserved: Σλ = Σ|10 − i| = 110.
    #expect(abs(eig.values.reduce(0, +) - 110) < 1e-11)
  }

  /// A block-diagonal matrix diag(Q₁Λ₁Q₁ᵀ, Λ₂, Q₃Λ₃Q₃ᵀ, λ₄): the Householder reduction
  /// meets columns that are already zero below the subdiagonal between coupled
  /// blocks (zero reflectors), and the spectrum is the union of the blocks' known ones.
  @Test func blockDiagonalWithDecoupledBlocks() throws {
    let sizes = [7, 5, 9, 1]
    var a = try Matrix(rows: 22, columns: 22)
    var expected = [Double]()
    var offset = 0
    for (b, m) in sizes.enumerated() {
      let lambda = (0..<m).map { Double(b) - 1.5 + 0.37 * Double($0 * $0) }
      expected += lambda
      let block = b % 2 == 0
        ? try S.orthogonal(m, seed: UInt64(70 + b)).multiply(try Matrix.diagonal(lambda))
          .multiply(S.orthogonal(m, seed: UInt64(70 + b)).transposed)
        : try Matrix.diagonal(lambda)
      for i in 0..<m { for j in 0..<m { a[offset + i, offset + j] = block[i, j] } }
      offset += m
    }
    try a.symmetrize()
    let eig = try SymmetricEigen(a)
    #expect(S.relativeError(eig.values, expected.sorted()) < 1e-12)
    let v = eig.vectors
    #expect(try S.relativeError(v.multiply(Matrix.diagonal(eig.values)).multiply(v.transposed), a) < 1e-12)
    #expect(try S.relativeError(v.transposed.multiply(v), Matrix.identity(22)) < 1e-12)
  }

  @Test func invalidInputThrows() throws {
    #expect(throws: FisherError.notSquare(rows: 2, columns: 3)) {
      try SymmetricEigen(Matrix(rows: 2, columns: 3))
    }
    var a = try Matrix.identity(3)
    a[1, 2] = .nan
    #expect(throws: FisherError.self) { try SymmetricEigen(a) }
    a[1, 2] = .infinity
    #expect(throws: FisherError.self) { try SymmetricEigen(a) }
  }
}
