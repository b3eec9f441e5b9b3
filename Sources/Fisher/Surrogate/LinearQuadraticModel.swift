/// The global linear-quadratic surrogate of lq-CMA-ES (Hansen, GECCO 2019),
/// as pycma's `cma.fitness_models.LQModel` builds it.
///
/// The model is fitted to an archive of evaluated points by weighted least
/// squares (the minimum-norm solution, through the pseudo-inverse). Its form
/// grows with the data: linear (n + 1 coefficients), then with the squares of
/// the coordinates (2n + 1) once the archive holds 0.75 · size ≥ 1.1 (2n + 1)
/// points, then full quadratic (n(n + 3)/2 + 1) once it holds 1.1 (n(n+3)/2 + 1)/0.75.
/// The fit uses the best `max(df + 2, 0.75 (size + 1))` points, weighted
/// linearly from 20 (best) down to 1. The archive keeps at most
/// `max(2 · df_full, maxAbsoluteSize)` points (and never fewer than
/// 1.1 · df_full / 0.75), dropping from its end.
///
/// The archive's order is pycma's: each new point goes on top, and
/// ``sort(first:)`` orders the newest points by value, so the end holds the
/// worst points of the oldest generations.
public struct LinearQuadraticModel: Sendable, Codable, Hashable {
  /// The model's form.
  public enum Kind: Int, Sendable, Codable, Hashable, Comparable {
    case linear, diagonalQuadratic, fullQuadratic
    public static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }

    /// The number of coefficients in dimension n.
    public func degreesOfFreedom(_ n: Int) -> Int {
      switch self {
      case .linear: return n + 1
      case .diagonalQuadratic: return 2 * n + 1
      case .fullQuadratic: return n * (n + 3) / 2 + 1
      }
    }
  }

  /// pycma's `LQModelSettings` defaults.
  public static let truncationRatio = 0.75
  public static let minRelativeSize = 1.1
  public static let maxRelativeSize = 2.0
  public static let maxWeight = 20.0

  public let dimension: Int
  public private(set) var kind = Kind.linear
  /// Archived points, in the archive's order.
  public private(set) var points: [[Double]] = []
  /// Their objective values.
  public private(set) var values: [Double] = []
  /// Points added since the last reset.
  public private(set) var count = 0
  /// A lower bound on the archive's capacity (pycma's `max_absolute_size`);
  /// lq-CMA-ES sets it to the population size.
  public var maxAbsoluteSize = 0
  /// The coefficients of the last fit, in the order 1, x, x², xᵢxⱼ (i < j).
  public private(set) var coefficients: [Double] = []
  /// `count` at the last fit; a fit is stale when they differ.
  var fittedCount = -1

  /// An empty model of points in `dimension` coordinates.
  ///
  /// - Throws: ``FisherError/invalidParameter(name:reason:)`` unless `dimension ≥ 1`.
  public init(dimension: Int) throws {
    guard dimension >= 1 else {
      throw FisherError.invalidParameter(name: "dimension", reason: "must be ≥ 1, got \(dimension)")
    }
    self.dimension = dimension
  }

  /// The number of archived points.
  public var size: Int { points.count }

  /// Coefficients of the largest form, which sets the archive's capacity.
  var maxDegreesOfFreedom: Int { Kind.fullQuadratic.degreesOfFreedom(dimension) }

  /// Empties the archive and returns to the linear form.
  public mutating func reset() {
    kind = .linear
    points = []
    values = []
    count = 0
    coefficients = []
    fittedCount = -1
  }

  /// The features of `x` in the current form: 1, x, then x² and xᵢxⱼ as the form has them.
  public func features(_ x: [Double]) -> [Double] {
    var z = [1.0] + x
    if kind >= .diagonalQuadratic { z += x.map { $0 * $0 } }
    if kind == .fullQuadratic {
      for i in 0..<dimension {
        for j in (i + 1)..<dimension { z.append(x[i] * x[j]) }
      }
    }
    return z
  }

  /// Adds an evaluated point on top of the archive, unless the archive
  /// already holds exactly that point; then grows the form and prunes.
  ///
  /// - Returns: whether the point was added.
  /// - Throws: ``FisherError`` for a point of the wrong dimension or a
  ///   non-finite point or value.
  @discardableResult
  public mutating func add(_ x: [Double], value: Double) throws -> Bool {
    guard x.count == dimension else {
      throw FisherError.dimensionMismatch("a point of dimension \(x.count) for a model of dimension \(dimension)")
    }
    guard value.isFinite, x.allSatisfy(\.isFinite) else {
      throw FisherError.nonFinite("a surrogate model takes finite points and values only")
    }
    if points.contains(x) { return false }
    points.insert(x, at: 0)
    values.insert(value, at: 0)
    count += 1
    updateKind()
    prune()
    return true
  }

  /// Grows the form when the archive is large enough for it.
  mutating func updateKind() {
    let (n, d) = (Double(size), dimension)
    let enough = { (k: Kind) in
      n * Self.truncationRatio >= Double(k.degreesOfFreedom(d)) * Self.minRelativeSize
    }
    if enough(.fullQuadratic) {
      kind = .fullQuadratic
    } else if enough(.diagonalQuadratic) {
      kind = Swift.max(kind, .diagonalQuadratic)
    }
  }

  /// Drops points from the end of the archive beyond its capacity.
  mutating func prune() {
    let capacity = Swift.max(
      Double(maxDegreesOfFreedom) * Self.maxRelativeSize, Double(maxAbsoluteSize),
      Double(maxDegreesOfFreedom) * Self.minRelativeSize / Self.truncationRatio)
    let remove = Int(Double(size) - capacity)
    if remove > 0 {
      points.removeLast(remove)
      values.removeLast(remove)
    }
  }

  /// Orders the first `number` points of the archive by value (all of them
  /// for nil), best first; ties keep their order.
  public mutating func sort(first number: Int? = nil) {
    let k = Swift.min(number ?? size, size)
    guard k > 1 else { return }
    let order = (0..<k).sorted { (values[$0], $0) < (values[$1], $1) }
    points.replaceSubrange(0..<k, with: order.map { points[$0] })
    values.replaceSubrange(0..<k, with: order.map { values[$0] })
  }

  /// The archive indices of the points the fit uses, best first.
  var fittingIndices: [Int] {
    let df = kind.degreesOfFreedom(dimension)
    let wanted = Int(Swift.max(Double(df + 2), Self.truncationRatio * Double(size + 1)))
    let used = Swift.min(size, wanted)
    return Array((0..<size).sorted { (values[$0], $0) < (values[$1], $1) }.prefix(used))
  }

  /// Refits the coefficients if points were added since the last fit.
  ///
  /// - Throws: ``FisherError`` when the archive is empty.
  public mutating func fit() throws {
    guard fittedCount != count else { return }
    guard size > 0 else { throw FisherError.invalidParameter(name: "model", reason: "has no data to fit") }
    let indices = fittingIndices
    let k = indices.count
    let df = kind.degreesOfFreedom(dimension)
    var weighted = Matrix(_rows: k, columns: df)
    var rhs = [Double](repeating: 0, count: k)
    for (row, i) in indices.enumerated() {
      let w = k == 1 ? Self.maxWeight : Self.maxWeight - (Self.maxWeight - 1) * Double(row) / Double(k - 1)
      for (j, z) in features(points[i]).enumerated() { weighted[row, j] = w * z }
      rhs[row] = w * values[i]
    }
    coefficients = try SingularValueDecomposition(weighted).pseudoInverseSolve(rhs)
    fittedCount = count
  }

  /// The model's value at `x` (0 for an empty model), from the last fit.
  public func predict(_ x: [Double]) -> Double {
    guard !coefficients.isEmpty else { return 0 }
    var s = 0.0
    for (c, z) in zip(coefficients, features(x)) { s += c * z }
    return s
  }

  /// Half the Hessian of the fitted model, as pycma defines it: the squares'
  /// coefficients on the diagonal (for a linear model, min |bᵢ|/100), half
  /// the cross terms' coefficients off it. pycma fills the cross terms only
  /// when the model has more than 3n coefficients, which leaves them out of
  /// the full model at n = 2; here they are always in.
  public var hessian: Matrix {
    let n = dimension
    var h = Matrix(_rows: n, columns: n)
    guard coefficients.count == kind.degreesOfFreedom(n) else { return h }
    let smallest = coefficients[1...n].map(abs).min() ?? 0
    var k = 2 * n + 1
    for i in 0..<n {
      h[i, i] = kind == .linear ? smallest / 100 : coefficients[n + 1 + i]
      if kind == .fullQuadratic {
        for j in (i + 1)..<n {
          h[i, j] = coefficients[k] / 2
          h[j, i] = h[i, j]
          k += 1
        }
      }
    }
    return h
  }

  /// The model's minimizer as pycma computes it: for a linear model, the top
  /// archived point moved by −2b; otherwise H⁺ (−b/2).
  ///
  /// - Throws: ``FisherError`` when the model has not been fitted.
  public func optimum() throws -> [Double] {
    let n = dimension
    guard coefficients.count == kind.degreesOfFreedom(n), let top = points.first else {
      throw FisherError.invalidParameter(name: "model", reason: "has not been fitted")
    }
    let b = Array(coefficients[1...n])
    if kind == .linear {
      return zip(top, b).map { $0 - 2 * $1 }
    }
    return try SingularValueDecomposition(hessian).pseudoInverseSolve(b.map { -$0 / 2 })
  }

  /// Kendall's τ between the values of the first `number` archived points
  /// and the model's values there (0 for fewer than three points).
  public func kendallTau(first number: Int) -> Double {
    let k = Swift.min(number, size)
    guard k >= 3 else { return 0 }
    return KendallTau.coefficient(Array(values[0..<k]), points[0..<k].map(predict))
  }
}
