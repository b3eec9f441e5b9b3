extension Matrix {
  /// x = L⁻¹ b for a lower-triangular `self` = L, by forward substitution.
  ///
  /// Entries above the diagonal are ignored.
  ///
  /// - Throws: ``FisherError/notSquare(rows:columns:)``,
  ///   ``FisherError/dimensionMismatch(_:)``, or
  ///   ``FisherError/singular(pivot:)`` for a zero diagonal entry.
  /// - Complexity: n² flops.
  public func solveLowerTriangular(_ b: [Double]) throws -> [Double] {
    try checkTriangularSystem(b)
    var x = b
    if x.isEmpty { return x }
    elements.withUnsafeBufferPointer { l in
      x.withUnsafeMutableBufferPointer { xv in
        _solveLowerInPlace(l.baseAddress!, rows, xv.baseAddress!)
      }
    }
    return x
  }

  /// x = L⁻ᵀ b for a lower-triangular `self` = L, by backward substitution with Lᵀ.
  ///
  /// Entries above the diagonal are ignored.
  ///
  /// - Throws: as ``solveLowerTriangular(_:)``.
  /// - Complexity: n² flops.
  public func solveLowerTriangularTransposed(_ b: [Double]) throws -> [Double] {
    try checkTriangularSystem(b)
    var x = b
    if x.isEmpty { return x }
    elements.withUnsafeBufferPointer { l in
      x.withUnsafeMutableBufferPointer { xv in
        _solveLowerTransposedInPlace(l.baseAddress!, rows, xv.baseAddress!)
      }
    }
    return x
  }

  /// x = U⁻¹ b for an upper-triangular `self` = U, by backward substitution.
  ///
  /// Entries below the diagonal are ignored.
  ///
  /// - Throws: as ``solveLowerTriangular(_:)``.
  /// - Complexity: n² flops.
  public func solveUpperTriangular(_ b: [Double]) throws -> [Double] {
    try checkTriangularSystem(b)
    let n = rows
    var x = b
    if x.isEmpty { return x }
    elements.withUnsafeBufferPointer { ub in
      x.withUnsafeMutableBufferPointer { xv in
        let u = ub.baseAddress!, xp = xv.baseAddress!
        var i = n - 1
        while i >= 0 {
          let row = u + i * n
          xp[i] = (xp[i] - _dot(row + (i + 1), UnsafePointer(xp + (i + 1)), n - i - 1)) / row[i]
          i -= 1
        }
      }
    }
    return x
  }

  func checkTriangularSystem(_ b: [Double]) throws {
    guard rows == columns else { throw FisherError.notSquare(rows: rows, columns: columns) }
    guard b.count == rows else {
      throw FisherError.dimensionMismatch("right-hand side has \(b.count) entries, matrix is \(rows)×\(columns)")
    }
    for i in 0..<rows where self[i, i] == 0 { throw FisherError.singular(pivot: i) }
  }
}
