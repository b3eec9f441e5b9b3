extension Matrix {
  /// y = A x.
  ///
  /// - Throws: ``FisherError/dimensionMismatch(_:)`` unless `x.count == columns`.
  /// - Complexity: O(rows · columns).
  @inlinable
  public func multiply(_ x: [Double]) throws -> [Double] {
    guard x.count == columns else {
      throw FisherError.dimensionMismatch("\(rows)×\(columns) matrix times a vector of length \(x.count)")
    }
    return _multiply(x)
  }

  @inlinable
  func _multiply(_ x: [Double]) -> [Double] {
    var y = [Double](repeating: 0, count: rows)
    elements.withUnsafeBufferPointer { a in
      x.withUnsafeBufferPointer { xv in
        y.withUnsafeMutableBufferPointer { yv in
          _gemv(a.baseAddress!, rows, columns, xv.baseAddress!, yv.baseAddress!)
        }
      }
    }
    return y
  }

  /// y = Aᵀ x.
  ///
  /// - Throws: ``FisherError/dimensionMismatch(_:)`` unless `x.count == rows`.
  @inlinable
  public func transposeMultiply(_ x: [Double]) throws -> [Double] {
    guard x.count == rows else {
      throw FisherError.dimensionMismatch("transpose of a \(rows)×\(columns) matrix times a vector of length \(x.count)")
    }
    return _transposeMultiply(x)
  }

  @inlinable
  func _transposeMultiply(_ x: [Double]) -> [Double] {
    var y = [Double](repeating: 0, count: columns)
    elements.withUnsafeBufferPointer { a in
      for i in 0..<rows {
        let xi = x[i]
        if xi == 0 { continue }
        let base = i * columns
        for j in 0..<columns { y[j] += a[base + j] * xi }
      }
    }
    return y
  }

  /// C = A B.
  ///
  /// - Throws: ``FisherError/dimensionMismatch(_:)`` unless `other.rows == columns`;
  ///   ``FisherError/insufficientMemory(_:)`` when C would not fit in memory.
  /// - Complexity: O(rows · columns · other.columns), cache-friendly i-k-j order.
  @inlinable
  public func multiply(_ other: Matrix) throws -> Matrix {
    guard other.rows == columns else {
      throw FisherError.dimensionMismatch("\(rows)×\(columns) matrix times a \(other.rows)×\(other.columns) matrix")
    }
    try Matrix._checkShape(rows: rows, columns: other.columns)
    return _multiply(other)
  }

  @inlinable
  func _multiply(_ other: Matrix) -> Matrix {
    let n = rows, m = columns, p = other.columns
    var c = Matrix(_rows: n, columns: p)
    elements.withUnsafeBufferPointer { a in
      other.elements.withUnsafeBufferPointer { b in
        c.elements.withUnsafeMutableBufferPointer { cv in
          for i in 0..<n {
            let crow = cv.baseAddress! + i * p
            for k in 0..<m {
              let aik = a[i * m + k]
              if aik == 0 { continue }
              let brow = b.baseAddress! + k * p
              for j in 0..<p { crow[j] += aik * brow[j] }
            }
          }
        }
      }
    }
    return c
  }

  /// A B; throws as ``multiply(_:)-(Matrix)``.
  @inlinable
  public static func * (lhs: Matrix, rhs: Matrix) throws -> Matrix { try lhs.multiply(rhs) }

  /// A x; throws as ``multiply(_:)-([Double])``.
  @inlinable
  public static func * (lhs: Matrix, rhs: [Double]) throws -> [Double] { try lhs.multiply(rhs) }

  /// A + B.
  ///
  /// - Throws: ``FisherError/dimensionMismatch(_:)`` unless the shapes agree.
  @inlinable
  public static func + (lhs: Matrix, rhs: Matrix) throws -> Matrix {
    try _checkSameShape(lhs, rhs, "+")
    return _sum(lhs, rhs, 1)
  }

  /// A − B.
  ///
  /// - Throws: ``FisherError/dimensionMismatch(_:)`` unless the shapes agree.
  @inlinable
  public static func - (lhs: Matrix, rhs: Matrix) throws -> Matrix {
    try _checkSameShape(lhs, rhs, "−")
    return _sum(lhs, rhs, -1)
  }

  /// A + s B for matrices of the same shape.
  @inlinable
  static func _sum(_ lhs: Matrix, _ rhs: Matrix, _ s: Double) -> Matrix {
    var r = lhs
    for i in r.elements.indices { r.elements[i] += s * rhs.elements[i] }
    return r
  }

  @usableFromInline
  static func _checkSameShape(_ a: Matrix, _ b: Matrix, _ op: String) throws {
    guard a.rows == b.rows, a.columns == b.columns else {
      throw FisherError.dimensionMismatch("\(a.rows)×\(a.columns) \(op) \(b.rows)×\(b.columns)")
    }
  }

  @inlinable
  public static func * (lhs: Double, rhs: Matrix) -> Matrix {
    var r = rhs
    for i in r.elements.indices { r.elements[i] *= lhs }
    return r
  }

  /// A ← scale·A + α u vᵀ (a rank-one update).
  ///
  /// - Throws: ``FisherError/dimensionMismatch(_:)`` unless `u.count == rows` and `v.count == columns`.
  @inlinable
  public mutating func rankOneUpdate(alpha: Double, _ u: [Double], _ v: [Double], scale: Double = 1) throws {
    guard u.count == rows, v.count == columns else {
      throw FisherError.dimensionMismatch(
        "rank-one update of a \(rows)×\(columns) matrix with vectors of lengths \(u.count) and \(v.count)")
    }
    _rankOneUpdate(alpha: alpha, u, v, scale: scale)
  }

  @inlinable
  mutating func _rankOneUpdate(alpha: Double, _ u: [Double], _ v: [Double], scale: Double = 1) {
    let c = columns
    elements.withUnsafeMutableBufferPointer { a in
      for i in 0..<rows {
        let aui = alpha * u[i]
        let base = i * c
        for j in 0..<c { a[base + j] = scale * a[base + j] + aui * v[j] }
      }
    }
  }

  /// A ← scale·A + Σₖ wₖ yₖ yₖᵀ, the weighted rank-μ update, where the yₖ are the
  /// rows of `vectors`. Only symmetric results are produced; both triangles are written.
  ///
  /// - Throws: ``FisherError/notSquare(rows:columns:)`` for a non-square A,
  ///   ``FisherError/dimensionMismatch(_:)`` unless `vectors` has n columns and
  ///   one weight per row.
  /// - Complexity: O(μ · n²).
  @inlinable
  public mutating func rankMuUpdate(weights: [Double], vectors: Matrix, scale: Double = 1) throws {
    guard isSquare else { throw FisherError.notSquare(rows: rows, columns: columns) }
    guard vectors.columns == columns, weights.count == vectors.rows else {
      throw FisherError.dimensionMismatch(
        "rank-μ update of a \(rows)×\(columns) matrix with \(vectors.rows)×\(vectors.columns) vectors and \(weights.count) weights")
    }
    _rankMuUpdate(weights: weights, vectors: vectors, scale: scale)
  }

  @inlinable
  mutating func _rankMuUpdate(weights: [Double], vectors: Matrix, scale: Double = 1) {
    let n = columns
    elements.withUnsafeMutableBufferPointer { a in
      vectors.elements.withUnsafeBufferPointer { y in
        for idx in 0..<(n * n) { a[idx] *= scale }
        for k in 0..<vectors.rows {
          let w = weights[k]
          if w == 0 { continue }
          let yk = y.baseAddress! + k * n
          for i in 0..<n {
            let wyi = w * yk[i]
            let row = a.baseAddress! + i * n
            for j in i..<n { row[j] += wyi * yk[j] }
          }
        }
        for i in 0..<n {
          for j in (i + 1)..<n where j < n { a[j * n + i] = a[i * n + j] }
        }
      }
    }
  }
}

/// y = A x for a row-major `rows × columns` block, with four partial sums per
/// row so the loop vectorizes and pipelines.
@inlinable @inline(__always)
func _gemv(
  _ a: UnsafePointer<Double>, _ rows: Int, _ columns: Int,
  _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>
) {
  for i in 0..<rows {
    let r = a + i * columns
    var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
    var j = 0
    while j + 4 <= columns {
      s0 += r[j] * x[j]
      s1 += r[j + 1] * x[j + 1]
      s2 += r[j + 2] * x[j + 2]
      s3 += r[j + 3] * x[j + 3]
      j += 4
    }
    while j < columns { s0 += r[j] * x[j]; j += 1 }
    y[i] = (s0 + s1) + (s2 + s3)
  }
}

/// The dot product Σ xᵢ yᵢ.
///
/// - Throws: ``FisherError/dimensionMismatch(_:)`` unless the lengths agree.
@inlinable
public func dot(_ x: [Double], _ y: [Double]) throws -> Double {
  guard x.count == y.count else {
    throw FisherError.dimensionMismatch("dot product of vectors of lengths \(x.count) and \(y.count)")
  }
  return _dot(x, y)
}

/// Σ xᵢ yᵢ over the common length, for vectors the library has checked.
@inlinable
func _dot(_ x: [Double], _ y: [Double]) -> Double {
  var s = 0.0
  for i in 0..<Swift.min(x.count, y.count) { s += x[i] * y[i] }
  return s
}
