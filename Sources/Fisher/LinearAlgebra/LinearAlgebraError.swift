/// Errors of the linear-algebra layer.
///
/// Factorizations and matrix functions throw these instead of trapping, so a
/// bad matrix that reaches the library from user input is reported, not fatal.
public enum LinearAlgebraError: Error, Equatable, CustomStringConvertible, Sendable {
  /// Two sizes that must agree do not.
  case dimensionMismatch(String)
  /// A Cholesky pivot (or an eigenvalue, for SPD matrix functions) is not positive.
  case notPositiveDefinite(pivot: Int)
  /// An operation that needs a square matrix got a `rows × columns` one.
  case notSquare(rows: Int, columns: Int)
  /// An iterative method did not converge.
  case noConvergence(String)
  /// A matrix that must be invertible is singular to working precision (zero pivot in column `pivot`).
  case singular(pivot: Int)
  /// An entry or argument is NaN or infinite.
  case nonFinite(String)

  public var description: String {
    switch self {
    case .dimensionMismatch(let s): return "dimension mismatch: \(s)"
    case .notPositiveDefinite(let p): return "matrix is not positive definite (pivot \(p))"
    case .notSquare(let r, let c): return "matrix is \(r)×\(c), expected square"
    case .noConvergence(let s): return "no convergence: \(s)"
    case .singular(let p): return "matrix is singular (zero pivot in column \(p))"
    case .nonFinite(let s): return "non-finite value: \(s)"
    }
  }
}
