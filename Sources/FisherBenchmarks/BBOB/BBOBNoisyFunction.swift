import Foundation

/// One problem of COCO's bbob-noisy suite: function f101…f130, an instance, a dimension.
///
/// Each function is a noiseless bbob function (sphere, Rosenbrock, step
/// ellipsoid, ellipsoid, different powers, Schaffers F7, composite
/// Griewank–Rosenbrock or Gallagher's 101 peaks) with the same instance data
/// (x_opt, f_opt, rotations) as in ``BBOBFunction``, wrapped in one of three
/// noise models (``BBOBNoiseModel``) at a moderate (f101–f106) or severe
/// (f107–f130) level, plus a boundary penalty outside [−5, 5]ⁿ that is not
/// noisy. The in-function penalties of the step ellipsoid, Schaffers and
/// Gallagher are switched off, the ellipsoid has conditioning 10⁴ and the
/// Griewank–Rosenbrock factor is 1, as in COCO 2.7 and later.
///
/// The noise comes from a ``BBOBNoiseStream`` that the caller owns: the same
/// stream state and the same points give the same values, and a fresh stream
/// gives exactly what `cocoex` gives for the first evaluations of a problem
/// taken from a newly constructed `cocoex.Suite("bbob-noisy", …)`.
///
///     let f = try BBOBNoisyFunction(function: 101, instance: 1, dimension: 2)
///     var noise = BBOBNoiseStream()
///     let y = f.evaluate([0.5, -1], noise: &noise)   // noisy
///     f.noiseFreeValue([0.5, -1])                      // what the noise was applied to
public struct BBOBNoisyFunction: Sendable {
  /// The function number, 101…130.
  public let function: Int
  /// The instance number, ≥ 1.
  public let instance: Int
  /// n, the dimension, ≥ 2.
  public let dimension: Int
  /// f_opt, the optimal noise-free value.
  public let optimalValue: Double
  /// x_opt, the optimum of the noise-free function.
  public let optimum: [Double]
  /// The noise model and its parameters.
  public let noise: BBOBNoiseModel
  /// The number of the noiseless bbob function this one is built on (1, 7, 8, 10, 14, 17, 19 or 21).
  public let baseFunction: Int
  let kernel: BBOBKernel

  /// The functions of the suite.
  public static let functions = 101...130

  /// Builds instance `instance` of bbob-noisy function `function` in `dimension` variables.
  ///
  /// - Throws: `FisherError.invalidParameter` for a function outside 101…130,
  ///   an instance outside 1…10⁵, or a dimension outside 2…10⁴;
  ///   `FisherError.insufficientMemory` for rotations that would not fit in memory.
  /// - Complexity: O(n³) for the rotations (O(p·n²) for Gallagher's 101 peaks).
  public init(function: Int, instance: Int, dimension: Int) throws {
    guard Self.functions.contains(function) else {
      throw FisherError.invalidParameter(
        name: "function", reason: "\(function) is not a bbob-noisy function; expected 101…130")
    }
    let (base, model) = Self.definition(function: function, dimension: dimension)
    try BBOBFunction.checkInstance(instance, dimension: dimension, rotated: base >= 6, problem: "bbob-noisy f\(function)")
    self.function = function
    self.instance = instance
    self.dimension = dimension
    self.baseFunction = base
    self.noise = model
    optimalValue = BBOBLegacyRandom.optimalValue(function: base, instance: instance)
    (kernel, optimum) = BBOBKernel.make(
      function: base, instance: instance, dimension: dimension, fopt: optimalValue, variant: .noisy)
  }

  /// The base function and noise model of f101…f130 (COCO's `suite_bbob_noisy.c`).
  static func definition(function: Int, dimension: Int) -> (base: Int, model: BBOBNoiseModel) {
    // The uniform noise's α at the severe level; the moderate level uses 0.01·α.
    let alpha = 0.49 + 1.0 / Double(dimension)
    if function <= 106 {
      // Moderate noise on the sphere (f101–f103) and Rosenbrock (f104–f106).
      let base = function <= 103 ? 1 : 8
      switch (function - 101) % 3 {
      case 0: return (base, .gaussian(beta: 0.01))
      case 1: return (base, .uniform(alpha: 0.01 * alpha, beta: 0.01))
      default: return (base, .cauchy(alpha: 0.01, probability: 0.05))
      }
    }
    // Severe noise, a Gaussian, uniform and Cauchy triple per base function.
    let bases = [1, 8, 7, 10, 14, 17, 19, 21]
    let base = bases[(function - 107) / 3]
    switch (function - 107) % 3 {
    case 0: return (base, .gaussian(beta: 1))
    case 1: return (base, .uniform(alpha: alpha, beta: 1))
    default: return (base, .cauchy(alpha: 1, probability: 0.2))
    }
  }

  /// COCO's problem id, `bbob_noisy_f<function:03>_i<instance:02>_d<dimension:02>`.
  public var name: String {
    "bbob_noisy_f" + BBOBFunction.padded(function, 3) + "_i" + BBOBFunction.padded(instance, 2) + "_d"
      + BBOBFunction.padded(dimension, 2)
  }

  /// COCO's problem name, e.g. `gaussian_noise_model(BBOB-NOISY suite problem f101 instance 1 in 2D)`.
  public var cocoName: String {
    "\(noise.cocoName)(BBOB-NOISY suite problem f\(function) instance \(instance) in \(dimension)D)"
  }

  /// The base function's name with the noise, e.g. "Sphere, moderate Gaussian noise".
  public var functionName: String { Self.functionName(function) }

  /// The name of function `function` (101…130), as ``functionName``; the
  /// name does not depend on the instance or the dimension.
  public static func functionName(_ function: Int) -> String {
    guard functions.contains(function) else { return "f\(function)" }
    let (base, model) = definition(function: function, dimension: 2)
    let level = function <= 106 ? "moderate" : "severe"
    let kind: String
    switch model {
    case .gaussian: kind = "Gaussian"
    case .uniform: kind = "uniform"
    case .cauchy: kind = "Cauchy"
    }
    return "\(BBOBFunction.functionNames[base - 1]), \(level) \(kind) noise"
  }

  /// The value the noise is applied to at `x` (f_opt included, no boundary
  /// penalty), NaN for a point of the wrong length or with a NaN coordinate.
  public func noiseFreeValue(_ x: [Double]) -> Double {
    guard x.count == dimension else { return .nan }
    return x.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress, !buffer.contains(where: \.isNaN) else { return .nan }
      return kernel.value(at: base, dimension: dimension)
    }
  }

  /// The noisy f(x), drawing its noise from `noise`.
  ///
  /// As COCO does: a point with an infinite coordinate gives +∞ and one with
  /// a NaN coordinate NaN, and neither draws from the stream; a point of the
  /// wrong length gives NaN without drawing.
  public func evaluate(_ x: [Double], noise stream: inout BBOBNoiseStream) -> Double {
    x.withUnsafeBufferPointer { evaluate($0, noise: &stream) }
  }

  /// The noisy f(x) for a buffer of `dimension` coordinates, as for an array.
  public func evaluate(_ x: UnsafeBufferPointer<Double>, noise stream: inout BBOBNoiseStream) -> Double {
    guard x.count == dimension, let base = x.baseAddress else { return .nan }
    let n = dimension
    for i in 0..<n where x[i].isInfinite { return .infinity }
    for i in 0..<n where x[i].isNaN { return .nan }
    let f = kernel.value(at: base, dimension: n)
    let penalty = 100.0 * _BBOB.boxPenalty(base, n)
    return noise.apply(to: f, optimalValue: optimalValue, penalty: penalty, noise: &stream)
  }

  /// f(x) for the `evaluation`-th point evaluated (0 for the first) with a
  /// stream that started fresh, when every point before it was finite: the
  /// value a serial run gives to its `evaluation`-th point.
  ///
  /// A pure function of its arguments, so that evaluations can run in any
  /// order, on any thread, and resume from a checkpoint.
  public func value(at x: [Double], evaluation: Int) -> Double {
    var stream = BBOBNoiseStream()
    let (u, g) = noise.draws
    // The seeds cycle with period 10⁹, so k evaluations skip as many draws as k mod 10⁹.
    let k = Swift.max(0, evaluation) % BBOBNoiseStream.largestSeed
    stream.skip(uniform: u * k, gaussian: g * k)
    return evaluate(x, noise: &stream)
  }
}
