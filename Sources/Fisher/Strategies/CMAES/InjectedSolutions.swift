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

  /// The factor applied to an injected step whose standardized direction u
  /// has Mahalanobis length `length`: 1 up to √n, else ‖z_k‖/‖u‖, the length
  /// of the standard normal draw (row `k` of `z`) the step replaces.
  static func lengthFactor(_ length: Double, replacing z: Matrix, row k: Int) -> Double {
    let n = z.columns
    guard length > Double(n).squareRoot() else { return 1 }
    var drawn = 0.0
    for j in 0..<n { drawn += z[k, j] * z[k, j] }
    return drawn.squareRoot() / length
  }
}
