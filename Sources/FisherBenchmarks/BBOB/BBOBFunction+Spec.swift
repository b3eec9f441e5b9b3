extension BBOBFunction {
  /// Builds the problem a CLI names `bbob:F:I` (function F, instance I; `bbob:F` means instance 1).
  ///
  ///     let p = try BBOBFunction(spec: "bbob:8:3", dimension: 10)   // bbob_f008_i03_d10
  ///
  /// - Throws: `FisherError.invalidParameter` for a malformed
  ///   spec or an invalid function, instance or dimension.
  public init(spec: String, dimension: Int) throws {
    let (function, instance) = try Self.parseSpec(spec, suite: "bbob", functions: "1…24")
    try self.init(function: function, instance: instance, dimension: dimension)
  }

  /// Whether `spec` names a bbob problem (`bbob:…`), for dispatching problem names.
  public static func isSpec(_ spec: String) -> Bool {
    spec.lowercased().hasPrefix("bbob:")
  }

  /// The function and instance of a problem name `SUITE:F:I` or `SUITE:F` (instance 1).
  static func parseSpec(_ spec: String, suite: String, functions: String) throws -> (function: Int, instance: Int) {
    let parts = spec.split(separator: ":", omittingEmptySubsequences: false)
    guard (2...3).contains(parts.count), parts[0].lowercased() == suite, let function = Int(parts[1]),
      let instance = parts.count == 3 ? Int(parts[2]) : 1
    else {
      throw FisherError.invalidParameter(
        name: "problem", reason: "'\(spec)' is not of the form \(suite):F:I (F = \(functions), I ≥ 1)")
    }
    return (function, instance)
  }

  /// A core `Problem` on bbob's domain [−5, 5]ⁿ with f_opt and x_opt set.
  static func problem(
    name: String, dimension: Int, optimalValue: Double, optimum: [Double],
    noisyEvaluate: (@Sendable ([Double], Int) -> Double)? = nil, evaluate: @escaping @Sendable ([Double]) -> Double
  ) -> Problem {
    Problem(
      name: name, dimension: dimension,
      lowerBounds: Array(repeating: bounds.lowerBound, count: dimension),
      upperBounds: Array(repeating: bounds.upperBound, count: dimension),
      optimalValue: optimalValue, optimum: optimum, noisyEvaluate: noisyEvaluate, evaluate: evaluate)
  }
}
