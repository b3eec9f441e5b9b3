import Testing
@testable import Fisher

/// Sample mean and standard error of each entry of a sequence of vectors.
struct MonteCarloMean {
  var count = 0
  var sum: [Double]
  var sumSquares: [Double]

  init(length: Int) {
    sum = [Double](repeating: 0, count: length)
    sumSquares = sum
  }

  mutating func add(_ v: [Double]) {
    count += 1
    for k in 0..<v.count { sum[k] += v[k]; sumSquares[k] += v[k] * v[k] }
  }

  var mean: [Double] { sum.map { $0 / Double(count) } }

  /// √(sample variance / N), the standard error of each entry of `mean`.
  var standardError: [Double] {
    let n = Double(count)
    return (0..<sum.count).map { k in
      let m = sum[k] / n
      return (Swift.max(sumSquares[k] / n - m * m, 0) * n / (n - 1) / n).squareRoot()
    }
  }
}

/// The members every generic family test runs on: each family at a point away
/// from its defaults (correlated covariance, unequal scales, skewed probabilities).
enum TestFamilies {
  static func gaussianMean() throws -> GaussianMean {
    try GaussianMean(mean: [0.5, -1, 2], covariance: Matrix([[2, 0.6, -0.3], [0.6, 1, 0.2], [-0.3, 0.2, 0.5]]))
  }
  static func isotropic() throws -> IsotropicGaussian { try IsotropicGaussian(mean: [1, -2, 0.5, 3], sigma: 0.7) }
  static func diagonal() throws -> DiagonalGaussian { try DiagonalGaussian(mean: [1, -2, 0.5], sigmas: [0.3, 2, 1.1]) }
  static func full() throws -> FullGaussian {
    try FullGaussian(mean: [0.5, -1, 2], covariance: Matrix([[2, 0.6, -0.3], [0.6, 1, 0.2], [-0.3, 0.2, 0.5]]))
  }
  static func bernoulli() throws -> BernoulliProduct { try BernoulliProduct(probabilities: [0.2, 0.5, 0.9, 0.65]) }
  static func categorical() throws -> CategoricalProduct {
    try CategoricalProduct(probabilities: [[0.2, 0.5, 0.3], [0.6, 0.4], [0.1, 0.2, 0.3, 0.4]])
  }
  static func all() throws -> [any SearchDistribution] {
    [try gaussianMean(), try isotropic(), try diagonal(), try full(), try bernoulli(), try categorical()]
  }
  static func name(_ d: any SearchDistribution) -> String { String(describing: type(of: d)) }
}

/// A direction in θ with entries of order one, fixed by `seed`.
func testDirection(count: Int, seed: UInt64) -> [Double] {
  var rng = RandomStreams(seed: seed).generator(generation: 0, index: 0)
  return (0..<count).map { _ in rng.nextNormal() }
}
