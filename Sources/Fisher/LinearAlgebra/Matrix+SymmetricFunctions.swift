#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

extension Matrix {
  /// Whether |Aᵢⱼ − Aⱼᵢ| ≤ tolerance · max(1, max |A|) for all i, j (false if not square).
  public func isSymmetric(tolerance: Double = 0) -> Bool {
    guard rows == columns else { return false }
    let n = rows
    let bound = tolerance * Swift.max(1, maxAbs)
    for i in 0..<n {
      for j in (i + 1)..<Swift.max(n, i + 1) where Swift.abs(self[i, j] - self[j, i]) > bound {
        return false
      }
    }
    return true
  }

  /// f(A) = Q f(Λ) Qᵀ for a symmetric matrix A = Q Λ Qᵀ.
  ///
  /// The function acts on the eigenvalues; the result is symmetric to the last bit.
  /// Only the symmetric part (A + Aᵀ)/2 is used.
  ///
  ///     let sqrtA = try a.symmetricFunction { $0.squareRoot() }
  ///
  /// - Throws: the errors of ``SymmetricEigen/init(_:)``, and
  ///   ``FisherError/nonFinite(_:)`` if f returns NaN or ±∞ for an eigenvalue.
  /// - Complexity: about 10n³ flops (eigendecomposition plus reconstruction).
  public func symmetricFunction(_ f: (Double) -> Double) throws -> Matrix {
    let eig = try SymmetricEigen(self)
    let s = eig.values.map(f)
    for (i, v) in s.enumerated() where !v.isFinite {
      throw FisherError.nonFinite("f(λ\(i)) = \(v) for eigenvalue \(eig.values[i])")
    }
    return SymmetricEigen.reconstruct(vectors: eig.vectors, scales: s)
  }

  /// A^{-1/2} of a symmetric positive-definite matrix, the SPD matrix with
  /// (A^{-1/2})² A = I.
  ///
  /// - Throws: ``FisherError/notPositiveDefinite(pivot:)`` (pivot = index of the
  ///   first non-positive eigenvalue in ascending order) and the errors of
  ///   ``SymmetricEigen/init(_:)``.
  public func inverseSquareRoot() throws -> Matrix {
    try spdFunction { 1 / $0.squareRoot() }
  }

  /// A^{1/2} of a symmetric positive-definite matrix, the SPD matrix whose square is A.
  ///
  /// - Throws: ``FisherError/notPositiveDefinite(pivot:)`` and the errors of
  ///   ``SymmetricEigen/init(_:)``.
  public func squareRootSPD() throws -> Matrix {
    try spdFunction { $0.squareRoot() }
  }

  /// exp(A) = Q exp(Λ) Qᵀ of a symmetric matrix, the exponential map xNES uses to
  /// keep its covariance factor positive definite.
  ///
  /// - Throws: the errors of ``SymmetricEigen/init(_:)``, and
  ///   ``FisherError/nonFinite(_:)`` if an eigenvalue exceeds about 709.78 (exp overflows).
  public func symmetricExponential() throws -> Matrix {
    try symmetricFunction { exp($0) }
  }

  /// Q f(Λ) Qᵀ after checking that every eigenvalue is positive.
  func spdFunction(_ f: (Double) -> Double) throws -> Matrix {
    let eig = try SymmetricEigen(self)
    if let i = eig.values.firstIndex(where: { !($0 > 0) }) {
      throw FisherError.notPositiveDefinite(pivot: i)
    }
    let s = eig.values.map(f)
    for (i, v) in s.enumerated() where !v.isFinite {
      throw FisherError.nonFinite("matrix function of eigenvalue \(eig.values[i]) is \(v)")
    }
    return SymmetricEigen.reconstruct(vectors: eig.vectors, scales: s)
  }
}
