import Foundation

/// One problem of COCO's noiseless bbob suite: function f1…f24, an instance, a dimension.
///
/// The instance data (x_opt, f_opt, rotations, scalings) is generated exactly
/// as COCO generates it, from COCO's legacy generators and seeds, and
/// precomputed at construction; `evaluate` then allocates nothing on the heap
/// and reproduces COCO's values to the last bit wherever the platform's `libm`
/// agrees with the one COCO was built against.
///
///     let f = try BBOBFunction(function: 8, instance: 1, dimension: 10)
///     f.name                      // "bbob_f008_i01_d10"
///     f.evaluate(f.optimum)       // == f.optimalValue
///
/// The domain of interest is [−5, 5]ⁿ; the functions are defined everywhere,
/// several with a penalty outside the box.
public struct BBOBFunction: Sendable {
  /// The function number, 1…24.
  public let function: Int
  /// The instance number, ≥ 1.
  public let instance: Int
  /// n, the dimension, ≥ 2.
  public let dimension: Int
  /// f_opt, the optimal value.
  public let optimalValue: Double
  /// x_opt, the point COCO reports as optimal (for f20, COCO's approximation).
  public let optimum: [Double]
  let kernel: BBOBKernel

  /// The lower and upper bound of every coordinate of the domain of interest.
  public static let bounds: ClosedRange<Double> = -5.0...5.0

  /// Builds instance `instance` of bbob function `function` in `dimension` variables.
  ///
  /// - Throws: `FisherError.invalidParameter` for a function
  ///   outside 1…24, an instance below 1 or above 10⁵, or a dimension below 2.
  /// - Complexity: O(n³) for the rotations (O(p·n²) for Gallagher's p peaks).
  public init(function: Int, instance: Int, dimension: Int) throws {
    guard (1...24).contains(function) else {
      throw FisherError.invalidParameter(name: "function", reason: "\(function) is not a bbob function; expected 1…24")
    }
    try Self.checkInstance(instance, dimension: dimension, rotated: function >= 6, problem: "bbob f\(function)")
    self.function = function
    self.instance = instance
    self.dimension = dimension
    optimalValue = BBOBLegacyRandom.optimalValue(function: function, instance: instance)
    (kernel, optimum) = BBOBKernel.make(
      function: function, instance: instance, dimension: dimension, fopt: optimalValue, variant: .noiseless)
  }

  /// Checks an instance and dimension of either suite and, for a `rotated`
  /// function (bbob's f6 on), that its rotations fit in memory.
  static func checkInstance(_ instance: Int, dimension: Int, rotated: Bool, problem: @autoclosure () -> String) throws {
    guard (1...100_000).contains(instance) else {
      throw FisherError.invalidParameter(name: "instance", reason: "\(instance) is outside 1…100000")
    }
    guard (2...10_000).contains(dimension) else {
      throw FisherError.invalidParameter(name: "dimension", reason: "\(dimension) is outside 2…10000")
    }
    if rotated {
      // Two n×n rotations and the work matrix that builds them.
      try MemoryRequirement.doubles(3, dimension, dimension).check("\(problem()) in dimension \(dimension)")
    }
  }

  /// COCO's problem id, `bbob_f<function:03>_i<instance:02>_d<dimension:02>`.
  public var name: String {
    "bbob_f" + Self.padded(function, 3) + "_i" + Self.padded(instance, 2) + "_d" + Self.padded(dimension, 2)
  }

  /// The function's name in COCO's documentation, e.g. "Rosenbrock, original".
  public var functionName: String { Self.functionNames[function - 1] }

  /// The names of f1…f24 as COCO's documentation gives them.
  public static let functionNames = [
    "Sphere", "Ellipsoidal, separable", "Rastrigin, separable", "Büche-Rastrigin", "Linear slope",
    "Attractive sector", "Step ellipsoidal", "Rosenbrock, original", "Rosenbrock, rotated", "Ellipsoidal",
    "Discus", "Bent cigar", "Sharp ridge", "Different powers", "Rastrigin", "Weierstrass",
    "Schaffers F7", "Schaffers F7, moderately ill-conditioned", "Composite Griewank-Rosenbrock F8F2",
    "Schwefel x*sin(x)", "Gallagher's Gaussian 101-me peaks", "Gallagher's Gaussian 21-hi peaks",
    "Katsuura", "Lunacek bi-Rastrigin",
  ]

  /// f(x). Returns NaN when `x` has the wrong length or contains NaN.
  ///
  /// - Complexity: O(n²) for rotated functions, O(n) for separable ones,
  ///   O(p·n + n²) for Gallagher's p peaks.
  public func evaluate(_ x: [Double]) -> Double {
    guard x.count == dimension else { return .nan }
    return x.withUnsafeBufferPointer { evaluate($0) }
  }

  /// f(x) for a buffer of `dimension` coordinates (NaN for another length or a NaN coordinate).
  public func evaluate(_ x: UnsafeBufferPointer<Double>) -> Double {
    guard x.count == dimension, let base = x.baseAddress else { return .nan }
    let n = dimension
    for i in 0..<n where x[i].isNaN { return .nan }
    return kernel.value(at: base, dimension: n)
  }

  /// The function as a core `Problem` (bounds [−5, 5]ⁿ, f_opt and x_opt set).
  public var problem: Problem {
    let f = self
    return Self.problem(
      name: name, dimension: dimension, optimalValue: optimalValue, optimum: optimum,
      evaluate: { x in f.evaluate(x) })
  }

  static func padded(_ value: Int, _ width: Int) -> String {
    let s = String(value)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
  }
}

/// The precomputed evaluator of each function family.
enum BBOBKernel: Sendable {
  case sphere(BBOBSphere)
  case separableEllipsoid(BBOBSeparableEllipsoid)
  case separableRastrigin(BBOBSeparableRastrigin)
  case buecheRastrigin(BBOBBuecheRastrigin)
  case linearSlope(BBOBLinearSlope)
  case attractiveSector(BBOBAttractiveSector)
  case stepEllipsoid(BBOBStepEllipsoid)
  case rosenbrock(BBOBRosenbrock)
  case rotatedRosenbrock(BBOBRotatedRosenbrock)
  case rotatedUnimodal(BBOBRotatedUnimodal)
  case bentCigar(BBOBBentCigar)
  case rastrigin(BBOBRastrigin)
  case weierstrass(BBOBWeierstrass)
  case schaffers(BBOBSchaffers)
  case griewankRosenbrock(BBOBGriewankRosenbrock)
  case schwefel(BBOBSchwefel)
  case gallagher(BBOBGallagher)
  case katsuura(BBOBKatsuura)
  case lunacek(BBOBLunacek)

  /// f(x) with `work` holding at least 2n doubles of scratch space.
  @inline(__always)
  func evaluate(_ x: UnsafePointer<Double>, _ n: Int, _ work: UnsafeMutablePointer<Double>) -> Double {
    switch self {
    case .sphere(let k): return k(x, n, work)
    case .separableEllipsoid(let k): return k(x, n, work)
    case .separableRastrigin(let k): return k(x, n, work)
    case .buecheRastrigin(let k): return k(x, n, work)
    case .linearSlope(let k): return k(x, n, work)
    case .attractiveSector(let k): return k(x, n, work)
    case .stepEllipsoid(let k): return k(x, n, work)
    case .rosenbrock(let k): return k(x, n, work)
    case .rotatedRosenbrock(let k): return k(x, n, work)
    case .rotatedUnimodal(let k): return k(x, n, work)
    case .bentCigar(let k): return k(x, n, work)
    case .rastrigin(let k): return k(x, n, work)
    case .weierstrass(let k): return k(x, n, work)
    case .schaffers(let k): return k(x, n, work)
    case .griewankRosenbrock(let k): return k(x, n, work)
    case .schwefel(let k): return k(x, n, work)
    case .gallagher(let k): return k(x, n, work)
    case .katsuura(let k): return k(x, n, work)
    case .lunacek(let k): return k(x, n, work)
    }
  }
}

extension BBOBKernel {
  /// Which suite's parameters a kernel takes where the suites differ.
  enum Variant {
    /// bbob: the in-function penalties on, the ellipsoid's conditioning 10⁶,
    /// the Griewank–Rosenbrock factor 10.
    case noiseless
    /// bbob-noisy: the in-function penalties of the step ellipsoid, Schaffers and
    /// Gallagher off, the ellipsoid's conditioning 10⁴, the Griewank–Rosenbrock factor 1.
    case noisy
  }

  /// The kernel and x_opt of bbob function `function` (1…24), instance data
  /// generated from COCO's seeds, with the parameters of `variant`.
  static func make(
    function: Int, instance: Int, dimension n: Int, fopt: Double, variant: Variant
  ) -> (BBOBKernel, optimum: [Double]) {
    let seed = function + 10000 * instance
    let noisy = variant == .noisy
    let standardOptimum = { BBOBLegacyRandom.optimum(seed: seed, dimension: n) }
    switch function {
    case 1:
      let k = BBOBSphere(instance: instance, dimension: n, seed: seed, fopt: fopt)
      return (.sphere(k), k.xopt.array)
    case 2:
      return (.separableEllipsoid(.init(dimension: n, seed: seed, fopt: fopt)), standardOptimum())
    case 3:
      return (.separableRastrigin(.init(dimension: n, seed: seed, fopt: fopt)), standardOptimum())
    case 4:
      let k = BBOBBuecheRastrigin(dimension: n, seed: 3 + 10000 * instance, fopt: fopt)
      return (.buecheRastrigin(k), k.optimum)
    case 5:
      let k = BBOBLinearSlope(dimension: n, seed: seed, fopt: fopt)
      return (.linearSlope(k), k.optimum)
    case 6:
      return (.attractiveSector(.init(dimension: n, seed: seed, fopt: fopt)), standardOptimum())
    case 7:
      let k = BBOBStepEllipsoid(dimension: n, seed: seed, fopt: fopt, penaltyScale: noisy ? 0 : 1)
      return (.stepEllipsoid(k), standardOptimum())
    case 8:
      let k = BBOBRosenbrock(dimension: n, seed: seed, fopt: fopt)
      return (.rosenbrock(k), k.optimum)
    case 9:
      let k = BBOBRotatedRosenbrock(dimension: n, seed: seed, fopt: fopt)
      return (.rotatedRosenbrock(k), k.optimum)
    case 10, 11, 13, 14:
      let kind: BBOBRotatedUnimodal.Kind =
        function == 10 ? .ellipsoid : function == 11 ? .discus : function == 13 ? .sharpRidge : .differentPowers
      let k = BBOBRotatedUnimodal(kind: kind, dimension: n, seed: seed, fopt: fopt, conditioning: noisy ? 1e4 : 1e6)
      return (.rotatedUnimodal(k), standardOptimum())
    case 12:
      let k = BBOBBentCigar(dimension: n, seed: seed, fopt: fopt)
      return (.bentCigar(k), k.optimum)
    case 15:
      return (.rastrigin(.init(dimension: n, seed: seed, fopt: fopt)), standardOptimum())
    case 16:
      return (.weierstrass(.init(dimension: n, seed: seed, fopt: fopt)), standardOptimum())
    case 17:
      let k = BBOBSchaffers(dimension: n, seed: seed, conditioning: 10, fopt: fopt, penaltyScale: noisy ? 0 : 10)
      return (.schaffers(k), standardOptimum())
    case 18:
      let seed18 = 17 + 10000 * instance
      return (
        .schaffers(.init(dimension: n, seed: seed18, conditioning: 1000, fopt: fopt)),
        BBOBLegacyRandom.optimum(seed: seed18, dimension: n)
      )
    case 19:
      let k = BBOBGriewankRosenbrock(dimension: n, seed: seed, fopt: fopt, factor: noisy ? 1 : 10)
      return (.griewankRosenbrock(k), k.optimum)
    case 20:
      let k = BBOBSchwefel(dimension: n, seed: seed, fopt: fopt)
      return (.schwefel(k), k.optimum)
    case 21, 22:
      let k = BBOBGallagher(
        dimension: n, seed: seed, peaks: function == 21 ? 101 : 21, fopt: fopt, penaltyScale: noisy ? 0 : 1)
      return (.gallagher(k), k.optimum)
    case 23:
      return (.katsuura(.init(dimension: n, seed: seed, fopt: fopt)), standardOptimum())
    default:
      let k = BBOBLunacek(dimension: n, seed: seed, fopt: fopt)
      return (.lunacek(k), k.optimum)
    }
  }

  /// f(x) for `n` coordinates at `x`, with its scratch space on the stack.
  @inline(__always)
  func value(at x: UnsafePointer<Double>, dimension n: Int) -> Double {
    withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * n) { work in
      evaluate(x, n, work.baseAddress!)
    }
  }
}
