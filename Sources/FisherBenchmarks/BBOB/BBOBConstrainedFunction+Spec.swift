extension BBOBConstrainedFunction {
  /// A bbob-constrained function from a problem name `bbob-constrained:F:I`
  /// (F = 1…54; the instance defaults to 1).
  ///
  ///     let p = try BBOBConstrainedFunction(spec: "bbob-constrained:13:2", dimension: 10)
  ///     p.name   // "bbob-constrained_f013_i02_d10"
  ///
  /// - Throws: `FisherError.invalidParameter` for a malformed name, or a
  ///   function, instance or dimension out of range.
  public init(spec: String, dimension: Int) throws {
    let (function, instance) = try Self.parseSpec(spec)
    try self.init(function: function, instance: instance, dimension: dimension)
  }

  /// The function and instance of a problem name `bbob-constrained:F:I` or `bbob-constrained:F` (instance 1).
  ///
  /// - Throws: `FisherError.invalidParameter` for a name of another form.
  public static func parseSpec(_ spec: String) throws -> (function: Int, instance: Int) {
    try BBOBFunction.parseSpec(spec, suite: "bbob-constrained", functions: "1…54")
  }

  /// Whether `spec` names a bbob-constrained problem (`bbob-constrained:…`).
  public static func isSpec(_ spec: String) -> Bool {
    spec.lowercased().hasPrefix("bbob-constrained:")
  }
}
