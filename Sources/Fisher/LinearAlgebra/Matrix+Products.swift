extension Matrix {
  /// y = A x.
  ///
  /// - Complexity: O(rows · columns).
  @inlinable
  public func multiply(_ x: [Double]) -> [Double] {
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
  @inlinable
  public func transposeMultiply(_ x: [Double]) -> [Double] {
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
  /// - Complexity: O(rows · columns · other.columns), cache-friendly i-k-j order.
  @inlinable
  public func multiply(_ other: Matrix) -> Matrix {
    let n = rows, m = columns, p = other.columns
    var c = Matrix(rows: n, columns: p)
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

  @inlinable
  public static func * (lhs: Matrix, rhs: Matrix) -> Matrix { lhs.multiply(rhs) }

  @inlinable
  public static func * (lhs: Matrix, rhs: [Double]) -> [Double] { lhs.multiply(rhs) }

  @inlinable
  public static func + (lhs: Matrix, rhs: Matrix) -> Matrix {
    var r = lhs
    for i in r.elements.indices { r.elements[i] += rhs.elements[i] }
    return r
  }

  @inlinable
  public static func - (lhs: Matrix, rhs: Matrix) -> Matrix {
    var r = lhs
    for i in r.elements.indices { r.elements[i] -= rhs.elements[i] }
    return r
  }

  @inlinable
  public static func * (lhs: Double, rhs: Matrix) -> Matrix {
    var r = rhs
    for i in r.elements.indices { r.elements[i] *= lhs }
    return r
  }

  /// A ← scale·A + α u vᵀ (a rank-one update).
  @inlinable
  public mutating func rankOneUpdate(alpha: Double, _ u: [Double], _ v: [Double], scale: Double = 1) {
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
  /// - Complexity: O(μ · n²).
  @inlinable
  public mutating func rankMuUpdate(weights: [Double], vectors: Matrix, scale: Double = 1) {
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
@inlinable
public func dot(_ x: [Double], _ y: [Double]) -> Double {
  var s = 0.0
  for i in 0..<Swift.min(x.count, y.count) { s += x[i] * y[i] }
  return s
}
