import Fisher
import Foundation

/// One problem of COCO's bbob-constrained suite: function f1…f54, an instance, a dimension.
///
/// Minimize f(x) subject to g_k(x) ≤ 0, k = 1…m, on the domain of interest [−5, 5]ⁿ.
/// The 54 functions are nine objectives (sphere, separable ellipsoid, linear
/// slope, rotated ellipsoid, discus, bent cigar, different powers, separable and
/// rotated Rastrigin; ``objectiveName``), each with six numbers of linear
/// constraints: m = 1, 3, 9, 9 + ⌊3n/4⌋, 9 + ⌊3n/2⌋ and 9 + ⌊9n/2⌋ (a third of them
/// inactive at the optimum), under a nonlinear perturbation of the search space for
/// all but the sphere, linear slope and different powers. Every instance has a
/// known optimum x_opt with f(x_opt) = ``optimalValue`` and a known feasible
/// ``initialSolution``.
///
/// The construction, seeds and floating-point operations are those of COCO's
/// `suite_cons_bbob.c` in coco-experiment 2.8 (`BBOBConstrainedObjective`,
/// `BBOBLinearConstraints`, `BBOBConstrainedPerturbation`), so values agree
/// with `cocoex.Suite("bbob-constrained", "", "")`:
///
///     let p = try BBOBConstrainedFunction(function: 1, instance: 1, dimension: 2)
///     p.name                              // "bbob-constrained_f001_i01_d02"
///     p.evaluate(p.initialSolution)       // f, as cocoex's problem(x)
///     p.constraints(p.initialSolution)    // g, as cocoex's problem.constraint(x); all ≤ 0
///
/// With y = x − x_opt, z = T(y) the perturbation and s the objective's scale
/// (10, 10⁻⁴ or 10²): f(x) = s·F(z) (for the linear slope, s·F(x)), g(x) = G(z).
public struct BBOBConstrainedFunction: Sendable {
  /// The function number, 1…54.
  public let function: Int
  /// The instance number, ≥ 1.
  public let instance: Int
  /// n, the dimension: 2, 3, 5, 10, 20 or 40.
  public let dimension: Int
  /// f_opt = f(x_opt), COCO's `coco_problem_get_best_value`: the value the COCO
  /// logger subtracts and the final target f_opt + 10⁻⁸ is relative to.
  public let optimalValue: Double
  /// x_opt, the constrained optimum (COCO's best parameter); all constraints hold there.
  public let optimum: [Double]
  /// A feasible point COCO provides as the start (cocoex's `initial_solution`).
  public let initialSolution: [Double]
  let objective: BBOBConstrainedObjective
  let linearConstraints: BBOBLinearConstraints
  let perturbation: BBOBConstrainedPerturbation

  /// The functions of the suite.
  public static let functions = 1...54
  /// The dimensions of the suite.
  public static let dimensions = [2, 3, 5, 10, 20, 40]
  /// The instances of COCO's default experiment (year 2022 on).
  public static let defaultInstances = 1...15
  /// The lower and upper bound of every coordinate of the domain of interest.
  public static let bounds: ClosedRange<Double> = -5.0...5.0

  /// Builds instance `instance` of bbob-constrained function `function` in `dimension` variables.
  ///
  /// - Throws: `FisherError.invalidParameter` for a function outside 1…54, a
  ///   dimension other than 2, 3, 5, 10, 20 and 40, or an instance outside 1…10⁵.
  /// - Complexity: O(n³) for the rotation, O(m·n) for the constraints.
  public init(function: Int, instance: Int, dimension: Int) throws {
    try BBOBSuiteArguments.check(
      suite: "bbob-constrained", function: function, functions: Self.functions, dimension: dimension,
      dimensions: Self.dimensions, instance: instance)
    self.function = function
    self.instance = instance
    self.dimension = dimension
    let n = dimension
    let kind = BBOBConstrainedObjective.Kind(rawValue: (function + 5) / 6)!
    let objective = BBOBConstrainedObjective(kind: kind, function: function, instance: instance, dimension: n)
    self.objective = objective
    perturbation = kind.perturbation
    let xopt = BBOBLegacyRandom.optimum(seed: function + 10000 * instance, dimension: n)
    optimum = xopt

    let direction = Self.feasibleDirection(
      gradient: objective.gradientAtOrigin(), optimum: xopt, seed: function + 20000 * instance)
    linearConstraints = BBOBLinearConstraints(function: function, instance: instance, feasibleDirection: direction)

    let start = perturbation.initialPoint(direction, optimum: xopt)
    initialSolution = (0..<n).map { start[$0] + xopt[$0] }

    // COCO evaluates the objective at the origin of the unshifted problem (for
    // the linear slope, whose objective is not shifted, at x_opt) and scales it.
    let at = kind == .linearSlope ? xopt : [Double](repeating: 0, count: n)
    let best = at.withUnsafeBufferPointer { objective.value(at: $0.baseAddress!) }
    optimalValue = best * kind.scale
  }

  /// `feasible_direction_set_length`: the objective's gradient at the origin
  /// scaled so that x_opt + p stays in [−5, 5]ⁿ, by a random factor in [0.75, 1]
  /// (the first legacy uniform number of seed `seed + 412`) over
  /// max_i max(p_i/(5 − x_i), p_i/(−5 − x_i)).
  static func feasibleDirection(gradient p: [Double], optimum xopt: [Double], seed: Int) -> [Double] {
    // `coco_double_max(a, b)`: a >= b ? a : b.
    func larger(_ a: Double, _ b: Double) -> Double { a >= b ? a : b }
    var maxrel = 0.0
    for i in 0..<p.count {
      maxrel = larger(maxrel, p[i] / (5.0 - xopt[i]))
      maxrel = larger(maxrel, p[i] / (-5.0 - xopt[i]))
    }
    let r = BBOBLegacyRandom.firstUniform(seed: seed + 412)
    var scale = 0.75 + r * (1 - 0.75)
    if maxrel != 0 { scale /= maxrel }
    return p.map { $0 * scale }
  }

  /// m, the number of constraints.
  public var constraintCount: Int { linearConstraints.count }

  /// The number of constraints active at the optimum (the others are strictly satisfied there).
  public var activeConstraintCount: Int {
    BBOBLinearConstraints.activeCount(function: function, dimension: dimension)
  }

  /// The objective's name, e.g. "Rotated Ellipsoid" (COCO's function groups).
  public var objectiveName: String { objective.kind.name }

  /// The name of the function as COCO's postprocessing abbreviates it,
  /// e.g. "Sphere, m=9+int(3n/4)".
  public var functionName: String { Self.functionName(function) }

  /// The name of function `function` (1…54), as ``functionName``; "f<number>" outside the suite.
  public static func functionName(_ function: Int) -> String {
    guard functions.contains(function), let kind = BBOBConstrainedObjective.Kind(rawValue: (function + 5) / 6) else {
      return "f\(function)"
    }
    let m = ["1", "3", "9", "9+int(3n/4)", "9+int(3n/2)", "9+int(9n/2)"][(function - 1) % 6]
    return "\(kind.name), m=\(m)"
  }

  /// COCO's problem id, `bbob-constrained_f<function:03>_i<instance:02>_d<dimension:02>`.
  public var name: String {
    "bbob-constrained_f" + BBOBFunction.padded(function, 3) + "_i" + BBOBFunction.padded(instance, 2) + "_d"
      + BBOBFunction.padded(dimension, 2)
  }

  /// COCO's problem name, e.g. "bbob-constrained suite problem f1 instance 1 in 2D".
  public var cocoName: String {
    "bbob-constrained suite problem f\(function) instance \(instance) in \(dimension)D"
  }

  /// f(x), the objective, as cocoex's `problem(x)`. NaN for a point of the
  /// wrong length; as in COCO, +∞ if a coordinate is infinite (or becomes
  /// infinite under the perturbation) and NaN if one is NaN.
  public func evaluate(_ x: [Double]) -> Double {
    x.withUnsafeBufferPointer { evaluate($0) }
  }

  /// f(x) for a buffer of `dimension` coordinates, as for an array.
  public func evaluate(_ x: UnsafeBufferPointer<Double>) -> Double {
    guard x.count == dimension, let base = x.baseAddress else { return .nan }
    let n = dimension
    if let special = BBOBConstrainedPerturbation.nonFinite(base, n) { return special }
    let scale = objective.kind.scale
    if objective.kind == .linearSlope { return objective.value(at: base) * scale }
    return withUnsafeTemporaryAllocation(of: Double.self, capacity: n) { buffer in
      let z = buffer.baseAddress!
      if let special = perturbed(base, into: z) { return special }
      return objective.value(at: z) * scale
    }
  }

  /// g(x), the m constraint values, as cocoex's `problem.constraint(x)`: x is
  /// feasible when every one is ≤ 0. An empty array for a point of the wrong
  /// length; as in COCO, all +∞ if a coordinate is infinite (or becomes infinite
  /// under the perturbation) and all NaN if one is NaN.
  public func constraints(_ x: [Double]) -> [Double] {
    guard x.count == dimension else { return [] }
    return [Double](unsafeUninitializedCapacity: constraintCount) { out, initialized in
      x.withUnsafeBufferPointer { constraints($0, into: out.baseAddress!) }
      initialized = constraintCount
    }
  }

  /// g(x) for a buffer of `dimension` coordinates, written to `out` (room for ``constraintCount`` values).
  public func constraints(_ x: UnsafeBufferPointer<Double>, into out: UnsafeMutablePointer<Double>) {
    let m = constraintCount
    guard x.count == dimension, let base = x.baseAddress else {
      out.initialize(repeating: .nan, count: m)
      return
    }
    let n = dimension
    if let special = BBOBConstrainedPerturbation.nonFinite(base, n) {
      out.initialize(repeating: special, count: m)
      return
    }
    withUnsafeTemporaryAllocation(of: Double.self, capacity: n) { buffer in
      let z = buffer.baseAddress!
      if let special = perturbed(base, into: z) {
        out.initialize(repeating: special, count: m)
        return
      }
      linearConstraints.value(z, into: out)
    }
  }

  /// Whether every constraint holds at x (g_k(x) ≤ 0), COCO's `coco_is_feasible`.
  public func isFeasible(_ x: [Double]) -> Bool {
    guard x.count == dimension, x.allSatisfy(\.isFinite) else { return false }
    return Evaluation.isFeasible(constraints(x))
  }

  /// z = T(x − x_opt) into `z`; nil, or what COCO returns when a coordinate becomes non-finite.
  private func perturbed(_ x: UnsafePointer<Double>, into z: UnsafeMutablePointer<Double>) -> Double? {
    let n = dimension
    optimum.withUnsafeBufferPointer { xopt in
      for i in 0..<n { z[i] = x[i] - xopt[i] }
    }
    return perturbation.apply(z, n)
  }
}
