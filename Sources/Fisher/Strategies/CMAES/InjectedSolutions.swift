/// The rules ``CMAES`` and ``SeparableCMAES`` share for injected solutions,
/// as pycma's `CMAEvolutionStrategy.inject` defines them.
enum InjectedSolutions {
  /// The steps x − m of `solutions` from `mean`.
  ///
  /// - Throws: ``FisherError`` for a solution of another dimension than the
  ///   mean's or with non-finite coordinates.
  static func steps(_ solutions: [[Double]], from mean: [Double], strategy: String) throws -> [[Double]] {
    for x in solutions {
      guard x.count == mean.count else {
        throw FisherError.dimensionMismatch(
          "an injected solution of dimension \(x.count) for a \(strategy) of dimension \(mean.count)")
      }
      guard x.allSatisfy(\.isFinite) else { throw FisherError.nonFinite("an injected solution has a non-finite coordinate") }
    }
    return solutions.map { zip($0, mean).map { $0 - $1 } }
  }

  /// The population `x`, `z` (candidates and standard normal directions of
  /// `generation`) with its first candidates replaced by the injected
  /// `steps`: candidate k becomes m + f·step and its direction f·u, where
  /// u = `standardized(step)` is the step in the distribution's standard
  /// normal coordinates and f = 1 up to ‖u‖ = √n, else ‖z_k‖/‖u‖, the length
  /// of the draw the step replaces.
  static func population(
    candidates x: Matrix, directions z: Matrix, steps: [[Double]], mean: [Double], generation: Int,
    standardized: ([Double]) -> [Double]
  ) -> Population {
    let n = mean.count
    var x = x, z = z
    let count = Swift.min(steps.count, x.rows)
    for k in 0..<count {
      let step = steps[k]
      let u = standardized(step)
      let length = u.reduce(0) { $0 + $1 * $1 }.squareRoot()
      var factor = 1.0
      if length > Double(n).squareRoot() {
        var drawn = 0.0
        for j in 0..<n { drawn += z[k, j] * z[k, j] }
        factor = drawn.squareRoot() / length
      }
      for j in 0..<n {
        z[k, j] = factor * u[j]
        x[k, j] = mean[j] + factor * step[j]
      }
    }
    return Population(generation: generation, candidates: x, directions: z, injected: count)
  }
}
