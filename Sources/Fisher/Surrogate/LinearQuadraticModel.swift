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
/// ``largestKind`` caps the form. The full quadratic's fit costs
/// O(df_full³) = O(n⁶) per refit, 64 times more each time n doubles, so a
/// model capped at ``Kind/diagonalQuadratic`` (2n + 1 coefficients, an O(n³)
/// fit) is the one for large n. A capped model's
/// archive is sized for its own largest form: pycma's `disallowed_types`
/// keeps the full form's archive of 2 · df_full points and fits the capped
/// form to its best 75 %, an O(n⁴) fit over points from long-past
/// generations.
///
/// The archive's order is pycma's: each new point goes on top, and
/// ``sort(first:)`` orders the newest points by value, so the end holds the
/// worst points of the oldest generations.
///
/// pycma solves every fit with an SVD-based pseudo-inverse of the features
/// as they are. Here an overdetermined fit (the usual case once the model
/// has data) is solved by Householder QR in coordinates centered on the
/// fitted points' mean and scaled by their spread, and the model predicts in
/// those coordinates: the same least-squares model, O(m df²) instead of an
/// SVD, and without the cancellation of x², xᵢxⱼ and 1 near the optimum of
/// a function whose minimizer is far from the origin. A numerically
/// rank-deficient fit is damped (``dampedSolve(columns:rows:rhs:)``); an
/// underdetermined one (the linear model's first points) takes pycma's
/// minimum-norm pseudo-inverse of the raw features.
public struct LinearQuadraticModel: Sendable, Hashable {
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
  /// The largest form the model grows to: ``Kind/fullQuadratic`` (pycma's
  /// default), or ``Kind/diagonalQuadratic`` for a fit in O(n³).
  public let largestKind: Kind
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
  /// The last fit in the coordinates it was solved in, u = M (x − center) with
  /// M = ``transform`` (x − center = ``inverseTransform`` u): its coefficients
  /// in the order 1, u, u², uᵢuⱼ.
  var center: [Double] = []
  var transform = Matrix(_rows: 0, columns: 0)
  var inverseTransform = Matrix(_rows: 0, columns: 0)
  var scaledCoefficients: [Double] = []
  /// `count` at the last fit; a fit is stale when they differ.
  var fittedCount = -1

  /// An empty model of points in `dimension` coordinates that grows up to
  /// `largestKind`.
  ///
  /// - Throws: ``FisherError/invalidParameter(name:reason:)`` unless `dimension ≥ 1`.
  public init(dimension: Int, largestKind: Kind = .fullQuadratic) throws {
    guard dimension >= 1 else {
      throw FisherError.invalidParameter(name: "dimension", reason: "must be ≥ 1, got \(dimension)")
    }
    self.dimension = dimension
    self.largestKind = largestKind
  }

  /// The number of archived points.
  public var size: Int { points.count }

  /// Coefficients of the largest form, which sets the archive's capacity.
  var maxDegreesOfFreedom: Int { largestKind.degreesOfFreedom(dimension) }

  /// Empties the archive and returns to the linear form.
  public mutating func reset() {
    kind = .linear
    points = []
    values = []
    count = 0
    coefficients = []
    center = []
    transform = Matrix(_rows: 0, columns: 0)
    inverseTransform = Matrix(_rows: 0, columns: 0)
    scaledCoefficients = []
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
    if largestKind == .fullQuadratic && enough(.fullQuadratic) {
      kind = .fullQuadratic
    } else if largestKind >= .diagonalQuadratic && enough(.diagonalQuadratic) {
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
  /// - Throws: ``FisherError`` when the archive is empty or the features
  ///   overflow.
  public mutating func fit() throws {
    guard fittedCount != count else { return }
    guard size > 0 else { throw FisherError.invalidParameter(name: "model", reason: "has no data to fit") }
    let indices = fittingIndices
    let k = indices.count
    let n = dimension
    let df = kind.degreesOfFreedom(n)
    let weights = (0..<k).map { row in
      k == 1 ? Self.maxWeight : Self.maxWeight - (Self.maxWeight - 1) * Double(row) / Double(k - 1)
    }
    if k >= df, let (c, m, inverse) = coordinates(of: indices) {
      var columns = [Double](repeating: 0, count: k * df)
      var rhs = [Double](repeating: 0, count: k)
      for (row, i) in indices.enumerated() {
        let u = Self.apply(m, points[i], minus: c)
        var column = 0
        Self.forEachFeature(u, kind: kind) { z in
          columns[column * k + row] = weights[row] * z
          column += 1
        }
        rhs[row] = weights[row] * values[i]
      }
      if columns.allSatisfy(\.isFinite), rhs.allSatisfy(\.isFinite),
        let beta = HouseholderLeastSquares.solve(columns: columns, rows: k, rhs: rhs)
          ?? Self.dampedSolve(columns: columns, rows: k, rhs: rhs)
      {
        center = c
        transform = m
        inverseTransform = inverse
        scaledCoefficients = beta
        coefficients = Self.unscaled(beta, center: c, transform: m, kind: kind)
        fittedCount = count
        return
      }
    }
    var weighted = Matrix(_rows: k, columns: df)
    var rhs = [Double](repeating: 0, count: k)
    for (row, i) in indices.enumerated() {
      for (j, z) in features(points[i]).enumerated() { weighted[row, j] = weights[row] * z }
      rhs[row] = weights[row] * values[i]
    }
    coefficients = try SingularValueDecomposition(weighted).pseudoInverseSolve(rhs)
    center = [Double](repeating: 0, count: n)
    transform = Matrix._identity(n)
    inverseTransform = Matrix._identity(n)
    scaledCoefficients = coefficients
    fittedCount = count
  }

  /// The least-squares solution of a numerically rank-deficient system (the
  /// fitted points nearly on a lower-dimensional surface, as when CMA-ES's
  /// distribution has a large axis ratio): minimizes ‖A β − b‖² + δ²‖β‖² with
  /// δ = 10⁻¹² · the largest column norm of A, by QR of A stacked on δ I.
  /// Directions A resolves are left as they are; the others, which the
  /// data cannot determine, are damped to zero, as a pseudo-inverse drops them.
  static func dampedSolve(columns: [Double], rows k: Int, rhs: [Double]) -> [Double]? {
    let df = columns.count / k
    var largest = 0.0
    for j in 0..<df {
      var s = 0.0
      for i in 0..<k { s += columns[j * k + i] * columns[j * k + i] }
      largest = Swift.max(largest, s.squareRoot())
    }
    let delta = 1e-12 * largest
    guard delta > 0 else { return nil }
    let m = k + df
    var stacked = [Double](repeating: 0, count: m * df)
    for j in 0..<df {
      for i in 0..<k { stacked[j * m + i] = columns[j * k + i] }
      stacked[j * m + k + j] = delta
    }
    return HouseholderLeastSquares.solve(
      columns: stacked, rows: m, rhs: rhs + [Double](repeating: 0, count: df), relativeRankTolerance: 0)
  }

  /// Calls `body` with each feature of `u` in the order 1, u, u², uᵢuⱼ (i < j), as far as `kind` has them.
  @inline(__always)
  static func forEachFeature(_ u: [Double], kind: Kind, _ body: (Double) -> Void) {
    let n = u.count
    body(1)
    for j in 0..<n { body(u[j]) }
    guard kind >= .diagonalQuadratic else { return }
    for j in 0..<n { body(u[j] * u[j]) }
    guard kind == .fullQuadratic else { return }
    for i in 0..<n {
      for j in (i + 1)..<n { body(u[i] * u[j]) }
    }
  }

  /// The coordinates a fit of the points at `indices` is solved in: their
  /// mean c, and M such that u = M (x − c) is well conditioned, with M⁻¹.
  /// The full quadratic model is the same for any invertible M, so M whitens
  /// the points (u has unit covariance): their principal axes, however
  /// elongated CMA-ES has made them, become equally long. The diagonal model
  /// is the same only for a diagonal M, which scales each coordinate by the
  /// points' largest deviation in it; so does the linear one. Nil when the
  /// points' covariance cannot be decomposed.
  func coordinates(of indices: [Int]) -> (center: [Double], transform: Matrix, inverse: Matrix)? {
    let n = dimension
    let k = Double(indices.count)
    var c = [Double](repeating: 0, count: n)
    for i in indices { for j in 0..<n { c[j] += points[i][j] } }
    for j in 0..<n { c[j] /= k }
    if kind == .fullQuadratic {
      var covariance = Matrix(_rows: n, columns: n)
      for i in indices {
        let d = (0..<n).map { points[i][$0] - c[$0] }
        for a in 0..<n { for b in 0...a { covariance[a, b] += d[a] * d[b] / k } }
      }
      for a in 0..<n { for b in 0..<a { covariance[b, a] = covariance[a, b] } }
      guard let eigen = try? SymmetricEigen(covariance), let largest = eigen.values.last, largest > 0 else { return nil }
      var m = Matrix(_rows: n, columns: n)
      var inverse = Matrix(_rows: n, columns: n)
      for a in 0..<n {
        let root = Swift.max(eigen.values[a], largest * 1e-24).squareRoot()
        for j in 0..<n {
          m[a, j] = eigen.vectors[j, a] / root
          inverse[j, a] = eigen.vectors[j, a] * root
        }
      }
      return (c, m, inverse)
    }
    var m = Matrix._identity(n)
    var inverse = Matrix._identity(n)
    for j in 0..<n {
      var s = 0.0
      for i in indices { s = Swift.max(s, abs(points[i][j] - c[j])) }
      if s > 0 {
        m[j, j] = 1 / s
        inverse[j, j] = s
      }
    }
    return (c, m, inverse)
  }

  /// M (x − c).
  static func apply(_ m: Matrix, _ x: [Double], minus c: [Double]) -> [Double] {
    let n = c.count
    var u = [Double](repeating: 0, count: n)
    for a in 0..<n {
      var s = 0.0
      for j in 0..<n { s += m[a, j] * (x[j] - c[j]) }
      u[a] = s
    }
    return u
  }

  /// The coefficients in x of a model with coefficients `beta` in
  /// u = M (x − c): with g = Mᵀ b_u and Q = Mᵀ Q_u M (Q_u: the squares'
  /// coefficients on the diagonal, half the cross terms' off it), the model
  /// is β₀ − gᵀc + cᵀQc + (g − 2Qc)ᵀx + xᵀQx.
  static func unscaled(_ beta: [Double], center c: [Double], transform m: Matrix, kind: Kind) -> [Double] {
    let n = c.count
    var a = [Double](repeating: 0, count: kind.degreesOfFreedom(n))
    var g = [Double](repeating: 0, count: n)
    for j in 0..<n { for r in 0..<n { g[j] += m[r, j] * beta[1 + r] } }
    var q = Matrix(_rows: n, columns: n)
    if kind >= .diagonalQuadratic {
      let qu = halfHessian(beta, dimension: n, kind: kind)
      // Q = Mᵀ Q_u M
      var qm = Matrix(_rows: n, columns: n)
      for r in 0..<n { for j in 0..<n { var s = 0.0; for t in 0..<n { s += qu[r, t] * m[t, j] }; qm[r, j] = s } }
      for i in 0..<n { for j in 0..<n { var s = 0.0; for r in 0..<n { s += m[r, i] * qm[r, j] }; q[i, j] = s } }
    }
    var qc = [Double](repeating: 0, count: n)
    for i in 0..<n { for j in 0..<n { qc[i] += q[i, j] * c[j] } }
    a[0] = beta[0]
    for i in 0..<n {
      a[0] += -g[i] * c[i] + c[i] * qc[i]
      a[1 + i] = g[i] - 2 * qc[i]
    }
    guard kind >= .diagonalQuadratic else { return a }
    for i in 0..<n { a[n + 1 + i] = q[i, i] }
    guard kind == .fullQuadratic else { return a }
    var k = 2 * n + 1
    for i in 0..<n {
      for j in (i + 1)..<n {
        a[k] = q[i, j] + q[j, i]
        k += 1
      }
    }
    return a
  }

  /// The model's value at `x` (0 for an empty model), from the last fit.
  public func predict(_ x: [Double]) -> Double {
    guard !scaledCoefficients.isEmpty, center.count == dimension else { return 0 }
    let u = Self.apply(transform, x, minus: center)
    var s = 0.0
    var k = 0
    let beta = scaledCoefficients
    Self.forEachFeature(u, kind: kind) { z in
      if k < beta.count { s += beta[k] * z }
      k += 1
    }
    return s
  }

  /// Half the Hessian of the fitted model, as pycma defines it: the squares'
  /// coefficients on the diagonal (for a linear model, min |bᵢ|/100), half
  /// the cross terms' coefficients off it. pycma fills the cross terms only
  /// when the model has more than 3n coefficients, which leaves them out of
  /// the full model at n = 2; here they are always in.
  public var hessian: Matrix {
    guard coefficients.count == kind.degreesOfFreedom(dimension) else { return Matrix(_rows: dimension, columns: dimension) }
    return Self.halfHessian(coefficients, dimension: dimension, kind: kind)
  }

  /// Half the Hessian of a model with these coefficients, as ``hessian`` defines it.
  static func halfHessian(_ coefficients: [Double], dimension n: Int, kind: Kind) -> Matrix {
    var h = Matrix(_rows: n, columns: n)
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
  /// archived point moved by −2b; otherwise H⁺ (−b/2), solved in the
  /// coordinates of the fit (the same point when H is invertible).
  ///
  /// - Throws: ``FisherError`` when the model has not been fitted.
  public func optimum() throws -> [Double] {
    let n = dimension
    guard coefficients.count == kind.degreesOfFreedom(n), scaledCoefficients.count == coefficients.count,
      let top = points.first
    else {
      throw FisherError.invalidParameter(name: "model", reason: "has not been fitted")
    }
    if kind == .linear {
      return zip(top, coefficients[1...n]).map { $0 - 2 * $1 }
    }
    let u = try SingularValueDecomposition(Self.halfHessian(scaledCoefficients, dimension: n, kind: kind))
      .pseudoInverseSolve(scaledCoefficients[1...n].map { -$0 / 2 })
    return Self.apply(inverseTransform, u, minus: [Double](repeating: 0, count: n)).enumerated().map { center[$0] + $1 }
  }

  /// Kendall's τ between the values of the first `number` archived points
  /// and the model's values there (0 for fewer than three points).
  public func kendallTau(first number: Int) -> Double {
    let k = Swift.min(number, size)
    guard k >= 3 else { return 0 }
    return KendallTau.coefficient(Array(values[0..<k]), points[0..<k].map(predict))
  }
}

extension LinearQuadraticModel: Codable {
  enum CodingKeys: String, CodingKey {
    case dimension, largestKind, kind, points, values, count, maxAbsoluteSize, coefficients, center, transform
    case inverseTransform, scaledCoefficients
    case fittedCount
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(dimension, forKey: .dimension)
    try c.encode(largestKind, forKey: .largestKind)
    try c.encode(kind, forKey: .kind)
    try c.encode(points, forKey: .points)
    try c.encode(values, forKey: .values)
    try c.encode(count, forKey: .count)
    try c.encode(maxAbsoluteSize, forKey: .maxAbsoluteSize)
    try c.encode(coefficients, forKey: .coefficients)
    try c.encode(center, forKey: .center)
    try c.encode(transform, forKey: .transform)
    try c.encode(inverseTransform, forKey: .inverseTransform)
    try c.encode(scaledCoefficients, forKey: .scaledCoefficients)
    try c.encode(fittedCount, forKey: .fittedCount)
  }

  /// Restores a model written by `encode(to:)`; one saved before forms
  /// could be capped grows to the full quadratic.
  ///
  /// - Throws: ``FisherError/malformedInput(_:)`` when its parts do not fit together.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    try self.init(
      dimension: c.decode(Int.self, forKey: .dimension),
      largestKind: c.decodeIfPresent(Kind.self, forKey: .largestKind) ?? .fullQuadratic)
    kind = try c.decode(Kind.self, forKey: .kind)
    points = try c.decode([[Double]].self, forKey: .points)
    values = try c.decode([Double].self, forKey: .values)
    count = try c.decode(Int.self, forKey: .count)
    maxAbsoluteSize = try c.decode(Int.self, forKey: .maxAbsoluteSize)
    coefficients = try c.decode([Double].self, forKey: .coefficients)
    center = try c.decode([Double].self, forKey: .center)
    transform = try c.decode(Matrix.self, forKey: .transform)
    inverseTransform = try c.decode(Matrix.self, forKey: .inverseTransform)
    scaledCoefficients = try c.decode([Double].self, forKey: .scaledCoefficients)
    fittedCount = try c.decode(Int.self, forKey: .fittedCount)
    let n = dimension
    let df = coefficients.count
    guard kind <= largestKind, points.count == values.count, points.allSatisfy({ $0.count == n && $0.allSatisfy(\.isFinite) }),
      values.allSatisfy(\.isFinite), count >= points.count, maxAbsoluteSize >= 0,
      df == 0 || [Kind.linear, .diagonalQuadratic, .fullQuadratic].contains(where: {
        $0 <= largestKind && $0.degreesOfFreedom(n) == df
      }),
      scaledCoefficients.count == df, center.allSatisfy(\.isFinite),
      df == 0 ? center.isEmpty && transform.elements.isEmpty && inverseTransform.elements.isEmpty
        : center.count == n && [transform, inverseTransform].allSatisfy({
          $0.rows == n && $0.columns == n && $0.elements.count == n * n && $0.elements.allSatisfy(\.isFinite)
        })
    else {
      throw FisherError.malformedInput("a surrogate model's archive or coefficients do not fit together")
    }
  }
}
