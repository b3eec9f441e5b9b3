/// An immutable block of doubles that evaluation reads through a raw pointer.
///
/// Instance data (optima, rotation matrices, scales) is computed once when a
/// function is constructed and never written again, so sharing it between
/// threads is safe; hot loops take `pointer` once and never touch the class.
@usableFromInline
final class _BBOBStorage: @unchecked Sendable {
  @usableFromInline let pointer: UnsafeMutablePointer<Double>
  @usableFromInline let count: Int

  init(_ values: [Double]) {
    count = values.count
    pointer = UnsafeMutablePointer<Double>.allocate(capacity: max(1, values.count))
    if !values.isEmpty {
      values.withUnsafeBufferPointer { pointer.initialize(from: $0.baseAddress!, count: values.count) }
    }
  }

  deinit { pointer.deallocate() }

  var array: [Double] { Array(UnsafeBufferPointer(start: pointer, count: count)) }
}
