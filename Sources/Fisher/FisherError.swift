/// The one error type of the Fisher modules, for input a user or a file supplied.
///
/// Every public entry point validates its arguments and throws one of these
/// instead of trapping: strategies and the driver, distributions, the linear
/// algebra (shapes, factorizations), planners and benchmark functions. The CLI
/// prints ``description`` as one line on stderr and exits with status 2.
public enum FisherError: Error, Equatable, Sendable, CustomStringConvertible {
  /// Two sizes that must agree do not (e.g. a mean of length 3 for dimension 5).
  case dimensionMismatch(String)
  /// A parameter is outside its valid range (`name`, and why).
  case invalidParameter(name: String, reason: String)
  /// A value that must be finite is NaN or infinite.
  case nonFinite(String)
  /// `tell` received fitness for a population the strategy did not ask for.
  case populationMismatch(String)
  /// Stored state (a checkpoint, a JSON message) could not be read.
  case malformedInput(String)
  /// A name (strategy, problem, family, …) is not known.
  case unknownName(kind: String, name: String, known: [String])
  /// The requested sizes need more memory than the process may use
  /// (see ``MemoryRequirement``); nothing was allocated.
  case insufficientMemory(String)
  /// A Cholesky pivot (or an eigenvalue, for SPD matrix functions) is not positive.
  case notPositiveDefinite(pivot: Int)
  /// An operation that needs a square matrix got a `rows × columns` one.
  case notSquare(rows: Int, columns: Int)
  /// An iterative method did not converge.
  case noConvergence(String)
  /// A matrix that must be invertible is singular to working precision (zero pivot in column `pivot`).
  case singular(pivot: Int)
  /// A planner found no feasible rollout: every sampled control sequence
  /// violated a hard constraint or produced a non-finite state or cost.
  case noFeasibleRollout(String)

  public var description: String {
    switch self {
    case .dimensionMismatch(let s): return "dimension mismatch: \(s)"
    case .invalidParameter(let n, let r): return "invalid \(n): \(r)"
    case .nonFinite(let s): return "non-finite value: \(s)"
    case .populationMismatch(let s): return "population mismatch: \(s)"
    case .malformedInput(let s): return "malformed input: \(s)"
    case .unknownName(let k, let n, let known):
      return "unknown \(k) '\(n)'; expected one of: \(known.joined(separator: ", "))"
    case .insufficientMemory(let s): return "too large: \(s)"
    case .notPositiveDefinite(let p): return "matrix is not positive definite (pivot \(p))"
    case .notSquare(let r, let c): return "matrix is \(r)×\(c), expected square"
    case .noConvergence(let s): return "no convergence: \(s)"
    case .singular(let p): return "matrix is singular (zero pivot in column \(p))"
    case .noFeasibleRollout(let s): return "no feasible rollout: \(s)"
    }
  }
}
