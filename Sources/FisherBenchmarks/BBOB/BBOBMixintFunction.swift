import Fisher
import Foundation

/// One problem of COCO's bbob-mixint suite: function f1…f24, an instance, a dimension.
///
/// A bbob-mixint problem is a bbob function with four fifths of its coordinates
/// made integer. The n coordinates form five blocks of n/5: the first four are
/// integers with 2, 4, 8 and 16 values (0…arity − 1), the last block is
/// continuous (``variables``). An integer coordinate x_i is rounded
/// (⌊x_i + ½⌋), clamped into 0…k − 1 and mapped to the inner function's
/// coordinate l + (u − l)·r/(k − 1) − o_i, where [l, u] = [−4 + 8/(k + 1),
/// 4 − 8/(k + 1)] spreads the k values over [−4, 4] and the offset o_i makes the
/// nearest integer to the inner optimum land on it exactly; continuous
/// coordinates pass unchanged. The value is the inner function's times a
/// per-function factor (``scalingFactors``), so f_opt is bbob's f_opt times
/// that factor.
///
/// The inner function is bbob's (``BBOBFunction``) in dimensions below 50 and
/// bbob-largescale's (permuted block-diagonal rotations of 40 coordinates, values
/// normalized by min(1, 40/n)) from 50 on; instances are bbob's. All of this
/// follows COCO's `suite_bbob_mixint.c` in coco-experiment 2.8, so values agree
/// with `cocoex.Suite("bbob-mixint", "", "")`:
///
///     let p = try BBOBMixintFunction(function: 1, instance: 1, dimension: 5)
///     p.name                    // "bbob-mixint_f001_i01_d05"
///     p.cocoName                // "mixint(bbob_f001_i01_d05)"
///     p.evaluate(p.optimum)     // p.optimalValue, up to rounding
public struct BBOBMixintFunction: Sendable {
  /// The function number, 1…24.
  public let function: Int
  /// The instance number, ≥ 1.
  public let instance: Int
  /// n, the dimension: 5, 10, 20, 40, 80 or 160.
  public let dimension: Int
  /// f_opt, COCO's `coco_problem_get_best_value`: bbob's f_opt times the function's scaling
  /// factor (for f20, COCO's value at its approximate optimum, a few 10⁻¹⁶ off).
  public let optimalValue: Double
  /// x_opt, COCO's best parameter: integers on the integer coordinates.
  public let optimum: [Double]
  /// The coordinates, in order: n/5 of each arity 2, 4, 8, 16, then n/5 continuous.
  public let variables: [BBOBMixintVariable]
  let inner: Inner
  /// The offsets o_i of the integer coordinates.
  let offsets: [Double]

  /// The functions of the suite.
  public static let functions = 1...24
  /// The dimensions of the suite.
  public static let dimensions = [5, 10, 20, 40, 80, 160]
  /// The instances of COCO's default experiment.
  public static let defaultInstances = 1...15
  /// The arities of the integer blocks, in order; the fifth block is continuous.
  public static let arities = [2, 4, 8, 16]
  /// The dimension from which the inner function is bbob-largescale's.
  public static let largeScaleDimension = 50
  /// The factor each function's value is multiplied by (`suite_bbob_mixint_scaling_factors`), f1…f24.
  public static let scalingFactors: [Double] = [
    1, 1e-3, 1e-1, 1e-1, 1,
    1e-2, 1, 1e-2, 1e-2, 1e-3,
    1e-2, 1e-4, 1e-1, 1, 1e-1,
    1, 10, 1, 10, 1e-1,
    1, 1, 10, 1e-1,
  ]

  /// The continuous function a bbob-mixint problem discretizes.
  enum Inner: Sendable {
    case bbob(BBOBFunction)
    case largeScale(BBOBLargeScaleFunction)

    func evaluate(_ x: UnsafeBufferPointer<Double>) -> Double {
      switch self {
      case .bbob(let f): return f.evaluate(x)
      case .largeScale(let f): return f.evaluate(x.baseAddress!)
      }
    }

    var optimum: [Double] {
      switch self {
      case .bbob(let f): return f.optimum
      case .largeScale(let f): return f.optimum
      }
    }
  }

  /// Builds instance `instance` of bbob-mixint function `function` in `dimension` variables.
  ///
  /// - Throws: `FisherError.invalidParameter` for a function outside 1…24, a
  ///   dimension other than 5, 10, 20, 40, 80 and 160, or an instance outside 1…10⁵.
  /// - Complexity: O(n³) for bbob's rotations below 50 coordinates, O(n·40²) from 50 on.
  public init(function: Int, instance: Int, dimension: Int) throws {
    try BBOBSuiteArguments.check(
      suite: "bbob-mixint", function: function, functions: Self.functions, dimension: dimension,
      dimensions: Self.dimensions, instance: instance)
    self.function = function
    self.instance = instance
    self.dimension = dimension
    let n = dimension
    if n < Self.largeScaleDimension || function == 20 {
      // bbob-largescale's f20 is bbob's Schwefel function.
      inner = .bbob(try BBOBFunction(function: function, instance: instance, dimension: n))
    } else {
      inner = .largeScale(BBOBLargeScaleFunction(function: function, instance: instance, dimension: n))
    }
    variables = try Self.variables(dimension: n)
    let innerOptimum = inner.optimum
    var optimum = innerOptimum
    var offsets = [Double](repeating: 0, count: n)
    for (i, v) in variables.enumerated() {
      guard let k = v.arity else { continue }
      let (l, u) = Self.innerRange(arity: k)
      var outer = _BBOB.round(v.lowerBound + (v.upperBound - v.lowerBound) * (innerOptimum[i] - l) / (u - l))
      outer = Swift.min(Swift.max(outer, v.lowerBound), v.upperBound)
      optimum[i] = outer
      offsets[i] = l + (u - l) * (outer - v.lowerBound) / (v.upperBound - v.lowerBound) - innerOptimum[i]
    }
    self.optimum = optimum
    self.offsets = offsets
    var best = BBOBLegacyRandom.optimalValue(function: function, instance: instance)
    if function == 20 {
      // COCO's f20 reports the value at its approximate optimum as the best value.
      best = BBOBSchwefel.rawBestValue(dimension: n, generalized: n >= Self.largeScaleDimension) + best
    }
    optimalValue = best * Self.scalingFactors[function - 1]
  }

  /// The coordinates of a problem in `dimension` variables.
  ///
  /// - Throws: `FisherError.invalidParameter` for a dimension other than 5, 10, 20, 40, 80 and 160.
  public static func variables(dimension n: Int) throws -> [BBOBMixintVariable] {
    try BBOBSuiteArguments.check(suite: "bbob-mixint", dimension: n, dimensions: dimensions)
    return (0..<n).map { i in
      let block = i / (n / 5)
      return block < arities.count ? .integer(arity: arities[block]) : .continuous
    }
  }

  /// [l, u], the inner coordinates of the values 0 and k − 1 of an integer coordinate of arity k:
  /// [−4, 4] shrunk by 8/(k + 1) at each end (`transform_vars_discretize`).
  static func innerRange(arity k: Int) -> (Double, Double) {
    let l = -4.0, u = 4.0
    return (l + (u - l) / Double(k + 1), u - (u - l) / Double(k + 1))
  }

  /// COCO's problem id, `bbob-mixint_f<function:03>_i<instance:02>_d<dimension:02>`.
  public var name: String {
    "bbob-mixint_f" + BBOBFunction.padded(function, 3) + "_i" + BBOBFunction.padded(instance, 2) + "_d"
      + BBOBFunction.padded(dimension, 2)
  }

  /// The problem's name as cocoex prints it (`problem.name`): `mixint(<inner id>)`, the
  /// inner id being bbob's (`bbob_f001_i01_d05`) or, from 50 coordinates, bbob-largescale's
  /// (`bbob_f001_i01_d0080`).
  public var cocoName: String {
    let width = dimension < Self.largeScaleDimension ? 2 : 4
    return "mixint(bbob_f" + BBOBFunction.padded(function, 3) + "_i" + BBOBFunction.padded(instance, 2) + "_d"
      + BBOBFunction.padded(dimension, width) + ")"
  }

  /// The function's name in COCO's documentation, e.g. "Rosenbrock, original".
  public var functionName: String { BBOBFunction.functionNames[function - 1] }

  /// The lower bound of every coordinate (cocoex's `lower_bounds`).
  public var lowerBounds: [Double] { variables.map(\.lowerBound) }
  /// The upper bound of every coordinate (cocoex's `upper_bounds`).
  public var upperBounds: [Double] { variables.map(\.upperBound) }
  /// The number of integer coordinates, 4n/5 (cocoex's `number_of_integer_variables`).
  public var integerCount: Int { variables.count { $0.isInteger } }

  /// f(x), rounding and clamping the integer coordinates as COCO does. Returns NaN
  /// when `x` has the wrong length or contains NaN.
  ///
  /// - Complexity: that of the inner function, O(n²) or O(n·40) for the rotated ones.
  public func evaluate(_ x: [Double]) -> Double {
    guard x.count == dimension else { return .nan }
    return x.withUnsafeBufferPointer { evaluate($0) }
  }

  /// f(x) for a buffer of `dimension` coordinates (NaN for another length or a NaN coordinate).
  public func evaluate(_ x: UnsafeBufferPointer<Double>) -> Double {
    guard x.count == dimension else { return .nan }
    let n = dimension
    for i in 0..<n where x[i].isNaN { return .nan }
    let value = withUnsafeTemporaryAllocation(of: Double.self, capacity: n) { buffer in
      for i in 0..<n {
        let v = variables[i]
        guard let k = v.arity else {
          buffer[i] = x[i]
          continue
        }
        let (l, u) = Self.innerRange(arity: k)
        let r = Swift.min(Swift.max(_BBOB.round(x[i]), v.lowerBound), v.upperBound)
        buffer[i] = l + (u - l) * (r - v.lowerBound) / (v.upperBound - v.lowerBound) - offsets[i]
      }
      return inner.evaluate(UnsafeBufferPointer(buffer))
    }
    return value * Self.scalingFactors[function - 1]
  }

  /// The function as a core `Problem`: bounds per coordinate (0…k − 1 for the
  /// integer ones, [−5, 5] for the continuous ones), f_opt and x_opt set.
  ///
  /// The `Problem` does not know which coordinates are integers; the function
  /// rounds them itself, so any point of the box can be evaluated.
  public var problem: Problem {
    let f = self
    return Problem(
      name: name, dimension: dimension, lowerBounds: lowerBounds, upperBounds: upperBounds,
      optimalValue: optimalValue, optimum: optimum, evaluate: { x in f.evaluate(x) })
  }
}
