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
  ///
  /// - Throws: ``FisherError/invalidParameter(name:reason:)`` for a negative
  ///   size, ``FisherError/insufficientMemory(_:)`` when the matrix would not
  ///   fit in memory (see ``MemoryRequirement``).
  public init(rows: Int, columns: Int, repeating value: Double = 0) throws {
    try Matrix._checkShape(rows: rows, columns: columns)
    self.init(_rows: rows, columns: columns, repeating: value)
  }

  /// A `rows × columns` matrix filled with `value`, for sizes the library has checked.
  @inlinable
  init(_rows rows: Int, columns: Int, repeating value: Double = 0) {
    self.rows = rows
    self.columns = columns
    self.elements = [Double](repeating: value, count: rows * columns)
  }

  /// Throws unless `rows × columns` is a shape that fits in memory.
  @usableFromInline
  static func _checkShape(rows: Int, columns: Int) throws {
    guard rows >= 0, columns >= 0 else {
      throw FisherError.invalidParameter(name: "matrix shape", reason: "\(rows)×\(columns) has a negative size")
    }
    try MemoryRequirement.doubles(1, rows, columns).check("a \(rows)×\(columns) matrix")
  }

  /// A matrix over the given row-major elements.
  ///
  /// - Throws: ``FisherError/dimensionMismatch(_:)`` when
  ///   `elements.count != rows * columns`.
  @inlinable
  public init(rows: Int, columns: Int, elements: [Double]) throws {
    guard rows >= 0, columns >= 0, elements.count == rows * columns else {
      throw FisherError.dimensionMismatch(
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
  /// - Throws: ``FisherError/dimensionMismatch(_:)`` for ragged rows.
  public init(_ rowArrays: [[Double]]) throws {
    let c = rowArrays.first?.count ?? 0
    var e = [Double]()
    e.reserveCapacity(rowArrays.count * c)
    for (i, r) in rowArrays.enumerated() {
      guard r.count == c else {
        throw FisherError.dimensionMismatch("row \(i) has \(r.count) entries, expected \(c)")
      }
      e.append(contentsOf: r)
    }
    self.init(_unchecked: rowArrays.count, c, e)
  }

  /// The n × n identity.
  ///
  /// - Throws: as ``init(rows:columns:repeating:)``.
  public static func identity(_ n: Int) throws -> Matrix {
    try _checkShape(rows: n, columns: n)
    return _identity(n)
  }

  @inlinable
  static func _identity(_ n: Int) -> Matrix {
    var m = Matrix(_rows: n, columns: n)
    for i in 0..<n { m.elements[i * n + i] = 1 }
    return m
  }

  /// A square matrix with `diagonal` on its diagonal.
  ///
  /// - Throws: ``FisherError/insufficientMemory(_:)`` when the n × n matrix would not fit in memory.
  public static func diagonal(_ diagonal: [Double]) throws -> Matrix {
    try _checkShape(rows: diagonal.count, columns: diagonal.count)
    return _diagonal(diagonal)
  }

  @inlinable
  static func _diagonal(_ diagonal: [Double]) -> Matrix {
    let n = diagonal.count
    var m = Matrix(_rows: n, columns: n)
    for i in 0..<n { m.elements[i * n + i] = diagonal[i] }
    return m
  }

  /// Entry (row, column).
  ///
  /// Like `Array`'s subscript, this is unchecked beyond the storage's own
  /// bounds check: `row` must lie in `0..<rows` and `column` in `0..<columns`.
  /// ``element(_:_:)`` is the checked, throwing form.
  @inlinable
  public subscript(row: Int, column: Int) -> Double {
    @inline(__always) get { elements[row * columns + column] }
    @inline(__always) set { elements[row * columns + column] = newValue }
  }

  /// Entry (row, column), checked.
  ///
  /// - Throws: ``FisherError/invalidParameter(name:reason:)`` for an index out of range.
  public func element(_ row: Int, _ column: Int) throws -> Double {
    try checkIndex(row, rows, "row")
    try checkIndex(column, columns, "column")
    return elements[row * columns + column]
  }

  /// A copy of row `i`.
  ///
  /// - Throws: ``FisherError/invalidParameter(name:reason:)`` unless `0 ≤ i < rows`.
  public func row(_ i: Int) throws -> [Double] {
    try checkIndex(i, rows, "row")
    return _row(i)
  }

  @inlinable
  func _row(_ i: Int) -> [Double] {
    Array(elements[(i * columns)..<((i + 1) * columns)])
  }

  /// Replaces row `i`.
  ///
  /// - Throws: ``FisherError/invalidParameter(name:reason:)`` unless `0 ≤ i < rows`,
  ///   ``FisherError/dimensionMismatch(_:)`` unless `values.count == columns`.
  public mutating func setRow(_ i: Int, _ values: [Double]) throws {
    try checkIndex(i, rows, "row")
    guard values.count == columns else {
      throw FisherError.dimensionMismatch("row of \(values.count) values for a matrix with \(columns) columns")
    }
    _setRow(i, values)
  }

  @inlinable
  mutating func _setRow(_ i: Int, _ values: [Double]) {
    elements.replaceSubrange((i * columns)..<((i + 1) * columns), with: values)
  }

  /// A copy of column `j`.
  ///
  /// - Throws: ``FisherError/invalidParameter(name:reason:)`` unless `0 ≤ j < columns`.
  public func column(_ j: Int) throws -> [Double] {
    try checkIndex(j, columns, "column")
    return _column(j)
  }

  @inlinable
  func _column(_ j: Int) -> [Double] {
    (0..<rows).map { elements[$0 * columns + j] }
  }

  /// The rows as nested arrays.
  public var rowArrays: [[Double]] { (0..<rows).map(_row) }

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
    var t = Matrix(_rows: columns, columns: rows)
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
  ///
  /// - Throws: ``FisherError/notSquare(rows:columns:)`` for a non-square matrix.
  public mutating func symmetrize() throws {
    guard isSquare else { throw FisherError.notSquare(rows: rows, columns: columns) }
    _symmetrize()
  }

  @inlinable
  mutating func _symmetrize() {
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

/// Throws unless `0 ≤ index < count`.
func checkIndex(_ index: Int, _ count: Int, _ what: String) throws {
  guard index >= 0, index < count else {
    throw FisherError.invalidParameter(name: "\(what) index", reason: "\(index) is outside 0..<\(count)")
  }
}
