/// A value that crosses into a parallel region although its type is not `Sendable`.
///
/// Used for raw pointers into preallocated buffers: each chunk of a parallel
/// region writes only its own disjoint slice, which is what makes sharing them safe.
@usableFromInline
struct _Shared<Value>: @unchecked Sendable {
  @usableFromInline var value: Value
  @inlinable init(_ value: Value) { self.value = value }
}

/// Splits `0..<count` into `chunks` contiguous ranges and runs `body` on each,
/// on the threads of `pool`.
///
/// The split depends only on `count` and `chunks`; callers make results
/// independent of it too by keying randomness by item index and reducing in
/// index order afterwards.
func forEachChunk(count: Int, chunks: Int, pool: _WorkerPool, _ body: @escaping @Sendable (Int, Range<Int>) -> Void) {
  let n = Swift.max(1, Swift.min(chunks, count))
  pool.run(chunks: n) { c in body(c, (c * count / n)..<((c + 1) * count / n)) }
}
