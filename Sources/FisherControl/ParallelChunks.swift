import Dispatch

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
/// in parallel when there is more than one.
///
/// The split depends only on `count` and `chunks`; callers make results
/// independent of it too by keying randomness by item index and reducing in
/// index order afterwards.
@inlinable
func _forEachChunk(count: Int, chunks: Int, _ body: @Sendable (Int, Range<Int>) -> Void) {
  let n = Swift.max(1, Swift.min(chunks, count))
  if n == 1 {
    body(0, 0..<count)
  } else {
    DispatchQueue.concurrentPerform(iterations: n) { c in
      body(c, (c * count / n)..<((c + 1) * count / n))
    }
  }
}
