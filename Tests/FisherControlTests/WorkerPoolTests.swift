import Testing
@testable import FisherControl

@Suite struct WorkerPoolTests {
  /// A buffer that chunks write disjoint slots of.
  final class Slots: @unchecked Sendable {
    let values: UnsafeMutableBufferPointer<Int>
    init(_ n: Int) { values = .allocate(capacity: n); values.initialize(repeating: -1) }
    deinit { values.deallocate() }
  }

  @Test(arguments: [1, 2, 4, 7], [SpinPolicy.adaptive, .never, .duration(.microseconds(100))])
  func everyChunkRunsExactlyOncePerRegion(threads: Int, spin: SpinPolicy) {
    let pool = _WorkerPool(threads: threads, spin: spin)
    let chunks = 13
    let slots = Slots(chunks)
    let counts = Slots(chunks)
    for c in 0..<chunks { counts.values[c] = 0 }
    // Back-to-back regions (workers polling) and regions after a pause (workers parked).
    // Commands of three regions each, back to back and after pauses.
    for region in 0..<3000 {
      if region % 3 == 0 { pool.beginCommand() }
      if region % 1000 == 999 { usleepMilliseconds(5) }
      pool.run(chunks: chunks) { c in
        slots.values[c] = region
        counts.values[c] += 1
      }
      // Everything a region wrote is visible when run returns.
      #expect(slots.values.allSatisfy { $0 == region })
      if region % 3 == 2 { pool.endCommand() }
      if region % 300 == 299 { usleepMilliseconds(2) }
    }
    #expect(counts.values.allSatisfy { $0 == 3000 })
  }

  @Test func chunkedRangesCoverTheCountOnce() {
    let pool = _WorkerPool(threads: 3)
    for count in [1, 5, 127, 1000] {
      let hits = Slots(count)
      for i in 0..<count { hits.values[i] = 0 }
      forEachChunk(count: count, chunks: 6, pool: pool) { _, range in
        for i in range { hits.values[i] += 1 }
      }
      #expect(hits.values.allSatisfy { $0 == 1 })
    }
  }
}

private func usleepMilliseconds(_ ms: Int) {
  let start = ContinuousClock.now
  while ContinuousClock.now - start < .milliseconds(ms) {}
}
