/// A suite of COCO's single-objective benchmarks, by COCO's name.
///
/// Function numbers do not overlap between the suites (1…24 in bbob,
/// 101…130 in bbob-noisy), so a function number names its suite.
public enum BBOBSuite: String, Sendable, Codable, Hashable, CaseIterable {
  /// The 24 noiseless functions (``BBOBFunction``).
  case bbob
  /// The 30 noisy functions (``BBOBNoisyFunction``).
  case bbobNoisy = "bbob-noisy"

  /// The suite's function numbers.
  public var functions: ClosedRange<Int> {
    switch self {
    case .bbob: return 1...24
    case .bbobNoisy: return BBOBNoisyFunction.functions
    }
  }

  /// The suite that has function `function`, nil if neither has it.
  public init?(function: Int) {
    guard let suite = Self.allCases.first(where: { $0.functions.contains(function) }) else { return nil }
    self = suite
  }

  /// The suite of an experiment on `functions`: bbob-noisy when every one
  /// of them is in 101…130, otherwise bbob (whose validation then names any
  /// function it does not have).
  public static func inferred(from functions: [Int]) -> BBOBSuite {
    !functions.isEmpty && functions.allSatisfy(BBOBSuite.bbobNoisy.functions.contains) ? .bbobNoisy : .bbob
  }

  /// Checks that every one of `functions` belongs to the suite.
  ///
  /// - Throws: `FisherError.invalidParameter` naming the first
  ///   function that does not, and the suite it belongs to, if any.
  public func validate(functions: [Int]) throws {
    for f in functions where !self.functions.contains(f) {
      var reason = "\(f) is not a \(rawValue) function (\(self.functions.lowerBound)…\(self.functions.upperBound))"
      if let other = BBOBSuite(function: f) {
        reason += "; it is in \(other.rawValue), which is run as an experiment of its own (--suite \(other.rawValue))"
      }
      throw FisherError.invalidParameter(name: "functions", reason: reason)
    }
  }

  /// The optimal value f_opt of a problem of the suite.
  ///
  /// - Throws: `FisherError` for a function, instance or dimension out of range.
  public func optimalValue(function: Int, instance: Int, dimension: Int) throws -> Double {
    switch self {
    case .bbob:
      return try BBOBFunction(function: function, instance: instance, dimension: dimension).optimalValue
    case .bbobNoisy:
      return try BBOBNoisyFunction(function: function, instance: instance, dimension: dimension).optimalValue
    }
  }

  /// The name of function `function` of the suite, e.g. "Rosenbrock, original"
  /// or "Sphere, moderate Gaussian noise"; "f<number>" outside the suite.
  public func functionName(_ function: Int) -> String {
    guard functions.contains(function) else { return "f\(function)" }
    switch self {
    case .bbob: return BBOBFunction.functionNames[function - 1]
    case .bbobNoisy: return BBOBNoisyFunction.functionName(function)
    }
  }

  /// The function groups of COCO's plots for the suite, the last being all functions.
  public var groups: [(name: String, functions: ClosedRange<Int>)] {
    switch self {
    case .bbob:
      return BBOBStatistics.groups
    case .bbobNoisy:
      return [
        ("moderate noise (f101–f106)", 101...106), ("severe noise (f107–f121)", 107...121),
        ("severe noise, highly multimodal (f122–f130)", 122...130), ("all functions", 101...130),
      ]
    }
  }
}
