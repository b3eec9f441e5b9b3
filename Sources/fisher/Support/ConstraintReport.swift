import Fisher

/// The JSON keys a run with constraints adds to its result.
enum ConstraintReport {
  /// `feasible`, `best_feasible_f`, `best_feasible_x` (null when no feasible
  /// point was seen) and `best_max_violation` (at best_x, the best point by
  /// Deb's rules).
  static func fields(_ result: OptimizationResult) -> [(String, JSONValue)] {
    [
      ("feasible", .bool(result.feasible ?? false)),
      ("best_feasible_f", .optional(result.bestFeasibleF)),
      ("best_feasible_x", result.bestFeasibleX.map(JSONValue.numbers) ?? .null),
      ("best_max_violation", result.bestConstraints?.isEmpty == false ? .optional(result.bestMaxViolation) : .null),
    ]
  }

  /// The summary lines of a run with constraints.
  static func lines(_ result: OptimizationResult) -> [String] {
    guard let f = result.bestFeasibleF, let x = result.bestFeasibleX else {
      return ["feasible      no feasible point was evaluated; the least violating has max violation \(result.bestMaxViolation ?? .nan)"]
    }
    return [
      "best feasible \(f)",
      "feasible x    \(x.map { String($0) }.joined(separator: ", "))",
    ]
  }
}
