/// A dense, row-major matrix of `Double` in contiguous storage.
///
/// Element (i, j) lives at `elements[i * columns + j]`. `Matrix` is a value
/// type with copy-on-write storage, so it is `Sendable` and cheap to pass
/// around; hot kernels take the buffer once with `withUnsafeBufferPointer`.
@frozen
public struct Matrix: Sendable, Codable, Hashable {
  public let rows: Int
  public let columns: Int
  public var elements: [Double]

  /// A `rows × columns` matrix filled with `value`.
  @inlinable
  public init(rows: Int, columns: Int, repeating value: Double = 0) {
    self.rows = rows
    self.columns = columns
    self.elements = [Double](repeating: value, count: rows * columns)
  }

  /// A matrix over the given row-major elements.
  ///
  /// - Throws: ``LinearAlgebraError/dimensionMismatch(_:)`` when
  ///   `elements.count != rows * columns`.
  @inlinable
  public init(rows: Int, columns: Int, elements: [Double]) throws {
    guard rows >= 0, columns >= 0, elements.count == rows * columns else {
      throw LinearAlgebraError.dimensionMismatch(
        "\(elements.count) elements do not fill a \(rows)×\(columns) matrix")
    }
    self.rows = rows
    self.columns = columns
    self.elements = elements
  }

  /// Internal initializer for callers that have already checked the count.
  @inlinable
  init(_unchecked rows: Int, _ columns: Int, _ elements: [Double]) {
    self.rows = rows
    self.columns = columns
    self.elements = elements
  }

  /// A matrix from an array of equally long rows.
  ///
  /// - Throws: ``LinearAlgebraError/dimensionMismatch(_:)`` for ragged rows.
  public init(_ rowArrays: [[Double]]) throws {
    let c = rowArrays.first?.count ?? 0
    var e = [Double]()
    e.reserveCapacity(rowArrays.count * c)
    for (i, r) in rowArrays.enumerated() {
      guard r.count == c else {
        throw LinearAlgebraError.dimensionMismatch("row \(i) has \(r.count) entries, expected \(c)")
      }
      e.append(contentsOf: r)
    }
    self.init(_unchecked: rowArrays.count, c, e)
  }

  /// The n × n identity.
  @inlinable
  public static func identity(_ n: Int) -> Matrix {
    var m = Matrix(rows: n, columns: n)
    for i in 0..<n { m.elements[i * n + i] = 1 }
    return m
  }

  /// A square matrix with `diagonal` on its diagonal.
  @inlinable
  public static func diagonal(_ diagonal: [Double]) -> Matrix {
    let n = diagonal.count
    var m = Matrix(rows: n, columns: n)
    for i in 0..<n { m.elements[i * n + i] = diagonal[i] }
    return m
  }

  @inlinable
  public subscript(row: Int, column: Int) -> Double {
    @inline(__always) get { elements[row * columns + column] }
    @inline(__always) set { elements[row * columns + column] = newValue }
  }

  /// A copy of row `i`.
  @inlinable
  public func row(_ i: Int) -> [Double] {
    Array(elements[(i * columns)..<((i + 1) * columns)])
  }

  /// Replaces row `i`.
  @inlinable
  public mutating func setRow(_ i: Int, _ values: [Double]) {
    elements.replaceSubrange((i * columns)..<((i + 1) * columns), with: values)
  }

  /// A copy of column `j`.
  @inlinable
  public func column(_ j: Int) -> [Double] {
    (0..<rows).map { elements[$0 * columns + j] }
  }

  /// The rows as nested arrays.
  public var rowArrays: [[Double]] { (0..<rows).map(row) }

  /// The diagonal entries.
  @inlinable
  public var diagonalEntries: [Double] {
    (0..<Swift.min(rows, columns)).map { elements[$0 * columns + $0] }
  }

  @inlinable
  public var isSquare: Bool { rows == columns }

  /// The transpose.
  @inlinable
  public var transposed: Matrix {
    var t = Matrix(rows: columns, columns: rows)
    elements.withUnsafeBufferPointer { a in
      t.elements.withUnsafeMutableBufferPointer { b in
        for i in 0..<rows {
          for j in 0..<columns { b[j * rows + i] = a[i * columns + j] }
        }
      }
    }
    return t
  }

  /// The trace Σ Aᵢᵢ.
  @inlinable
  public var trace: Double { diagonalEntries.reduce(0, +) }

  /// The Frobenius norm.
  @inlinable
  public var frobeniusNorm: Double { elements.reduce(0) { $0 + $1 * $1 }.squareRoot() }

  /// The largest absolute entry.
  @inlinable
  public var maxAbs: Double { elements.reduce(0) { Swift.max($0, abs($1)) } }

  /// Replaces A by (A + Aᵀ)/2, removing rounding asymmetry.
  @inlinable
  public mutating func symmetrize() {
    let n = rows
    elements.withUnsafeMutableBufferPointer { a in
      for i in 0..<n {
        for j in (i + 1)..<n where j < n {
          let v = 0.5 * (a[i * n + j] + a[j * n + i])
          a[i * n + j] = v
          a[j * n + i] = v
        }
      }
    }
  }
}
