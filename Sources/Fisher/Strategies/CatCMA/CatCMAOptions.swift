#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// A categorical variable inside a search vector: `count` consecutive
/// coordinates from `index`, one per choice, which CatCMA sets one-hot (1 at
/// the chosen category, 0 elsewhere).
public struct CategoricalBlock: Sendable, Codable, Hashable {
  /// The first coordinate.
  public var index: Int
  /// K, the number of categories, ≥ 2.
  public var count: Int

  public init(index: Int, count: Int) {
    self.index = index
    self.count = count
  }
}

/// The settings of ``CatCMA``, with the `cmaes` package's defaults.
public struct CatCMAOptions: Sendable, Codable, Hashable {
  /// The categorical variables; every other coordinate is continuous.
  public var categories: [CategoricalBlock]
  /// The least probability q_min each category keeps, one per block; nil for
  /// (1 − 0.73^(1/N_ca))/(K − 1), the paper's margin.
  public var margin: [Double]?
  /// Integer coordinates of the Gaussian part, kept from freezing by CMA-ES
  /// with margin's correction (see ``IntegerMargin``); nil for none.
  public var integerMargin: IntegerMargin?
  /// A floor on the eigenvalues of σ²C (`min_eigenvalue`, default 1e-30).
  public var minEigenvalue: Double
  /// Stop when the best values of the last 10 + ⌈30 N_co/λ⌉ generations lie within this range (default 1e-12).
  public var tolFun: Double
  /// Stop when σ·max √λᵢ(C) exceeds this (divergence; default 1e4).
  public var tolXUp: Double
  /// Stop when cond(C)^(1/2) = max √λᵢ / min √λᵢ exceeds this (default 1e14).
  public var tolConditionCov: Double

  public init(
    categories: [CategoricalBlock] = [], margin: [Double]? = nil, integerMargin: IntegerMargin? = nil,
    minEigenvalue: Double = 1e-30,
    tolFun: Double = 1e-12, tolXUp: Double = 1e4, tolConditionCov: Double = 1e14
  ) {
    self.categories = categories
    self.margin = margin
    self.integerMargin = integerMargin
    self.minEigenvalue = minEigenvalue
    self.tolFun = tolFun
    self.tolXUp = tolXUp
    self.tolConditionCov = tolConditionCov
  }

  /// Checks the blocks and values against a search vector of `dimension`.
  ///
  /// - Throws: ``FisherError/invalidParameter(name:reason:)`` for no blocks,
  ///   a block with fewer than two categories, outside the vector or
  ///   overlapping another, no continuous coordinate left, a margin of the
  ///   wrong count or outside [0, 1/K), or a negative tolerance.
  public func validate(dimension: Int) throws {
    guard !categories.isEmpty else {
      throw FisherError.invalidParameter(name: "catcma", reason: "needs categorical variables (a --space with a categorical variable)")
    }
    var taken = [Bool](repeating: false, count: dimension)
    for b in categories {
      guard b.count >= 2, b.index >= 0, b.index <= dimension - b.count else {
        throw FisherError.invalidParameter(
          name: "categorical block at \(b.index)", reason: "needs at least two categories inside the \(dimension) coordinates")
      }
      for i in b.index..<(b.index + b.count) {
        guard !taken[i] else { throw FisherError.invalidParameter(name: "categorical block at \(b.index)", reason: "overlaps another") }
        taken[i] = true
      }
    }
    if let m = integerMargin {
      try m.validate(dimension: dimension)
      for c in m.coordinates where taken[c.index] {
        throw FisherError.invalidParameter(name: "discrete coordinate \(c.index)", reason: "lies in a categorical block")
      }
    }
    if let m = margin {
      guard m.count == categories.count else {
        throw FisherError.invalidParameter(name: "margin", reason: "\(m.count) values for \(categories.count) categorical variables")
      }
      for (v, b) in zip(m, categories) where !(v >= 0 && v < 1 / Double(b.count)) {
        throw FisherError.invalidParameter(name: "margin", reason: "must be in [0, 1/K) = [0, \(1 / Double(b.count))), got \(v)")
      }
    }
    for (name, v) in [("min-eigenvalue", minEigenvalue), ("tolfun", tolFun), ("tolxup", tolXUp), ("tolconditioncov", tolConditionCov)]
    where !(v >= 0) {
      throw FisherError.invalidParameter(name: name, reason: "must be ≥ 0, got \(v)")
    }
  }

  /// q_min for each block.
  func resolvedMargin() -> [Double] {
    if let m = margin { return m }
    let n = Double(categories.count)
    return categories.map { (1 - pow(0.73, 1 / n)) / Double($0.count - 1) }
  }
}
