import Fisher

/// The argument checks shared by the suites with a fixed list of dimensions
/// (bbob-constrained, bbob-mixint).
enum BBOBSuiteArguments {
  /// Throws `FisherError.invalidParameter` naming the suite for a function
  /// outside `functions`, a dimension not in `dimensions`, or an instance outside 1…10⁵.
  static func check(
    suite: String, function: Int, functions: ClosedRange<Int>, dimension: Int, dimensions: [Int], instance: Int
  ) throws {
    guard functions.contains(function) else {
      throw FisherError.invalidParameter(
        name: "function",
        reason: "\(function) is not a \(suite) function; expected \(functions.lowerBound)…\(functions.upperBound)")
    }
    try check(suite: suite, dimension: dimension, dimensions: dimensions)
    guard (1...100_000).contains(instance) else {
      throw FisherError.invalidParameter(name: "instance", reason: "\(instance) is outside 1…100000")
    }
  }
}

extension BBOBSuiteArguments {
  /// Throws `FisherError.invalidParameter` naming the suite for a dimension not in `dimensions`.
  static func check(suite: String, dimension: Int, dimensions: [Int]) throws {
    guard dimensions.contains(dimension) else {
      let listed = dimensions.dropLast().map(String.init).joined(separator: ", ") + " or \(dimensions.last ?? 0)"
      throw FisherError.invalidParameter(
        name: "dimension", reason: "\(dimension) is not a dimension of \(suite); expected \(listed)")
    }
  }
}

/// A function of one of COCO's suites, evaluated at real points.
public protocol BBOBSuiteFunction: Sendable {
  /// n, the number of coordinates.
  var dimension: Int { get }
  /// COCO's problem id, e.g. `bbob_f001_i01_d10`.
  var name: String { get }
  /// f(x); NaN when `x` has the wrong length or contains NaN.
  func evaluate(_ x: [Double]) -> Double
}

extension BBOBSuiteFunction {
  /// f(x), throwing instead of returning NaN for input of the wrong length or with NaN.
  public func value(at x: [Double]) throws -> Double {
    guard x.count == dimension else {
      throw FisherError.dimensionMismatch("a point of \(x.count) coordinates for \(name) (dimension \(dimension))")
    }
    if let i = x.firstIndex(where: { $0.isNaN }) {
      throw FisherError.nonFinite("coordinate \(i + 1) is NaN")
    }
    return evaluate(x)
  }
}

extension BBOBFunction: BBOBSuiteFunction {}
extension BBOBMixintFunction: BBOBSuiteFunction {}
