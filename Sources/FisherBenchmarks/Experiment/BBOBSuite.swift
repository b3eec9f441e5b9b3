/// A suite of COCO's single-objective benchmarks, by COCO's name.
///
/// The function numbers of bbob (1…24) and bbob-noisy (101…130) do not
/// overlap, so a number in either names its suite; bbob-constrained numbers
/// its functions 1…54 and bbob-mixint 1…24, so an experiment on them names the suite.
public enum BBOBSuite: String, Sendable, Codable, Hashable, CaseIterable {
  /// The 24 noiseless functions (``BBOBFunction``).
  case bbob
  /// The 30 noisy functions (``BBOBNoisyFunction``).
  case bbobNoisy = "bbob-noisy"
  /// The 54 functions with linear inequality constraints (``BBOBConstrainedFunction``).
  case bbobConstrained = "bbob-constrained"
  /// The 24 functions with integer variables (``BBOBMixintFunction``).
  case bbobMixint = "bbob-mixint"

  /// The suite's function numbers.
  public var functions: ClosedRange<Int> {
    switch self {
    case .bbob: return 1...24
    case .bbobNoisy: return BBOBNoisyFunction.functions
    case .bbobConstrained: return BBOBConstrainedFunction.functions
    case .bbobMixint: return 1...24
    }
  }

  /// The only dimensions the suite defines, or nil when any n ≥ 2 is one of its problems.
  public var dimensions: [Int]? {
    switch self {
    case .bbob, .bbobNoisy: return nil
    case .bbobConstrained: return BBOBConstrainedFunction.dimensions
    case .bbobMixint: return BBOBMixintFunction.dimensions
    }
  }

  /// Whether the suite's problems have constraints.
  public var isConstrained: Bool { self == .bbobConstrained }

  /// The suite, bbob or bbob-noisy, that has function `function`; nil if
  /// neither has it (bbob-constrained is never inferred from a number).
  public init?(function: Int) {
    if BBOBSuite.bbob.functions.contains(function) {
      self = .bbob
    } else if BBOBSuite.bbobNoisy.functions.contains(function) {
      self = .bbobNoisy
    } else {
      return nil
    }
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
      if let other = BBOBSuite(function: f) ?? (BBOBSuite.bbobConstrained.functions.contains(f) ? .bbobConstrained : nil) {
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
    case .bbobConstrained:
      return try BBOBConstrainedFunction(function: function, instance: instance, dimension: dimension).optimalValue
    case .bbobMixint:
      return try BBOBMixintFunction(function: function, instance: instance, dimension: dimension).optimalValue
    }
  }

  /// The name of function `function` of the suite, e.g. "Rosenbrock, original"
  /// or "Sphere, moderate Gaussian noise"; "f<number>" outside the suite.
  public func functionName(_ function: Int) -> String {
    guard functions.contains(function) else { return "f\(function)" }
    switch self {
    case .bbob, .bbobMixint: return BBOBFunction.functionNames[function - 1]
    case .bbobNoisy: return BBOBNoisyFunction.functionName(function)
    case .bbobConstrained: return BBOBConstrainedFunction.functionName(function)
    }
  }

  /// The function groups of COCO's plots for the suite, the last being all functions.
  public var groups: [(name: String, functions: ClosedRange<Int>)] {
    switch self {
    case .bbob, .bbobMixint:
      return BBOBStatistics.groups
    case .bbobNoisy:
      return [
        ("moderate noise (f101–f106)", 101...106), ("severe noise (f107–f121)", 107...121),
        ("severe noise, highly multimodal (f122–f130)", 122...130), ("all functions", 101...130),
      ]
    case .bbobConstrained:
      // cocopp's groups of the constrained suite, over all constraint counts.
      return [
        ("separable (f1–f18)", 1...18), ("ill-conditioned (f19–f42)", 19...42), ("multimodal (f43–f54)", 43...54),
        ("all functions", 1...54),
      ]
    }
  }
}
