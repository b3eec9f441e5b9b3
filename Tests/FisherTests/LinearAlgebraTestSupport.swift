@testable import Fisher

/// Random test matrices drawn from a fixed-seed stream.
enum LinearAlgebraTestSupport {
  /// An n × m matrix of independent N(0, 1) entries.
  static func gaussian(_ n: Int, _ m: Int, seed: UInt64) -> Matrix {
    var rng = Xoshiro256StarStar(seed: seed)
    var a = try! Matrix(rows: n, columns: m)  // small test sizes
    for i in a.elements.indices { a.elements[i] = rng.nextNormal() }
    return a
  }

  /// A random symmetric matrix (G + Gᵀ)/2 with Gaussian G.
  static func symmetric(_ n: Int, seed: UInt64) -> Matrix {
    let g = gaussian(n, n, seed: seed)
    return 0.5 * (try! g + g.transposed)
  }

  /// A random SPD matrix G Gᵀ / n + I (eigenvalues in about [1, 5]).
  static func spd(_ n: Int, seed: UInt64) -> Matrix {
    let g = gaussian(n, n, seed: seed)
    var a = try! g.multiply(g.transposed)
    for i in a.elements.indices { a.elements[i] /= Double(Swift.max(n, 1)) }
    for i in 0..<n { a[i, i] += 1 }
    try! a.symmetrize()
    return a
  }

  /// A random orthogonal matrix: the Q of a modified Gram–Schmidt QR of a
  /// Gaussian matrix (applied twice for orthogonality to working precision).
  /// Independent of the eigensolver under test.
  static func orthogonal(_ n: Int, seed: UInt64) -> Matrix {
    // Work on rows of Gᵀ so that each column of Q is a contiguous row.
    var q = gaussian(n, n, seed: seed)
    for _ in 0..<2 {
      for j in 0..<n {
        for k in 0..<j {
          var r = 0.0
          for i in 0..<n { r += q[k, i] * q[j, i] }
          for i in 0..<n { q[j, i] -= r * q[k, i] }
        }
        var norm = 0.0
        for i in 0..<n { norm += q[j, i] * q[j, i] }
        norm = norm.squareRoot()
        for i in 0..<n { q[j, i] /= norm }
      }
    }
    return q.transposed
  }

  /// max |Aᵢⱼ − Bᵢⱼ| / max(1, max |B|)... relative to the scale of the reference.
  static func relativeError(_ a: Matrix, _ b: Matrix) -> Double {
    precondition(a.rows == b.rows && a.columns == b.columns)
    var m = 0.0
    for i in a.elements.indices { m = Swift.max(m, Swift.abs(a.elements[i] - b.elements[i])) }
    return m / Swift.max(b.maxAbs, .leastNormalMagnitude)
  }

  /// max |aᵢ − bᵢ| / max |bᵢ|: the error relative to the size of the reference
  /// (∞ for vectors of different lengths).
  static func relativeError(_ a: [Double], _ b: [Double]) -> Double {
    guard a.count == b.count else { return .infinity }
    var m = 0.0, s = 0.0
    for i in a.indices { m = Swift.max(m, Swift.abs(a[i] - b[i])); s = Swift.max(s, Swift.abs(b[i])) }
    return m / Swift.max(s, .leastNormalMagnitude)
  }
}
