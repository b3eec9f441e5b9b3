extension BBOBFunction {
  /// Builds the problem a CLI names `bbob:F:I` (function F, instance I; `bbob:F` means instance 1).
  ///
  ///     let p = try BBOBFunction(spec: "bbob:8:3", dimension: 10)   // bbob_f008_i03_d10
  ///
  /// - Throws: `FisherError.invalidParameter` for a malformed
  ///   spec or an invalid function, instance or dimension.
  public init(spec: String, dimension: Int) throws {
    let parts = spec.split(separator: ":", omittingEmptySubsequences: false)
    guard (2...3).contains(parts.count), parts[0].lowercased() == "bbob", let function = Int(parts[1]),
      let instance = parts.count == 3 ? Int(parts[2]) : 1
    else {
      throw FisherError.invalidParameter(
        name: "problem", reason: "'\(spec)' is not of the form bbob:F:I (F = 1…24, I ≥ 1)")
    }
    try self.init(function: function, instance: instance, dimension: dimension)
  }

  /// Whether `spec` names a bbob problem (`bbob:…`), for dispatching problem names.
  public static func isSpec(_ spec: String) -> Bool {
    spec.lowercased().hasPrefix("bbob:")
  }
}
