/// Errors Fisher throws for input a user or a file supplied.
///
/// Every public entry point validates its arguments and throws one of these
/// instead of trapping; the CLI prints ``description`` on stderr and exits 2.
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

  public var description: String {
    switch self {
    case .dimensionMismatch(let s): return "dimension mismatch: \(s)"
    case .invalidParameter(let n, let r): return "invalid \(n): \(r)"
    case .nonFinite(let s): return "non-finite value: \(s)"
    case .populationMismatch(let s): return "population mismatch: \(s)"
    case .malformedInput(let s): return "malformed input: \(s)"
    case .unknownName(let k, let n, let known):
      return "unknown \(k) '\(n)'; expected one of: \(known.joined(separator: ", "))"
    }
  }
}
