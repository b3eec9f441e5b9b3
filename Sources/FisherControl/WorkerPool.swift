import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Threads kept for one planner, which run the chunks of its parallel regions.
///
/// A controller runs a parallel region hundreds of times a second, each a few
/// hundred microseconds long. Waking a parked thread for every region costs a
/// sizeable part of that, so the workers keep polling for the next region for
/// ``spinDuration`` after the last one ended and only then park, as OpenMP
/// runtimes do. A planner that is called back to back never waits for a wake-up;
/// one that is idle costs its workers only the spin after each call. Polling
/// threads yield their core every thousand polls, so that on a machine with
/// more runnable threads than cores they do not keep a busy worker waiting.
///
/// Chunks are claimed through one atomic ticket, (epoch, chunk count, next
/// index), so a worker can only claim a chunk of the region that is running;
/// the caller runs chunks too and returns once every chunk is done. Which
/// thread runs a chunk never matters to the results: each chunk writes its own
/// slice.
@usableFromInline
final class _WorkerPool: Sendable {
  /// How long an idle worker polls before it parks.
  static let spinDuration = Duration.milliseconds(1)

  let threads: Int
  private let poolCore: WorkerPoolCore

  /// A pool that runs regions on `threads` threads: the caller's and `threads − 1` workers.
  init(threads: Int) {
    self.threads = Swift.max(1, threads)
    poolCore = WorkerPoolCore()
    for _ in 1..<self.threads {
      let core = poolCore
      let thread = Thread { core.work() }
      thread.name = "FisherControl worker"
      thread.start()
    }
  }

  deinit { poolCore.stop() }

  /// Runs `body(c)` for every chunk c in `0..<chunks` and returns when all are done.
  func run(chunks: Int, _ body: @escaping @Sendable (Int) -> Void) {
    if threads == 1 || chunks <= 1 || chunks >= 1 << 16 {
      for c in 0..<chunks { body(c) }
      return
    }
    poolCore.run(chunks: chunks, body)
  }
}

/// The state the caller and the workers share; the workers hold only this, so
/// the pool's owner can release the pool and stop them.
final class WorkerPoolCore: @unchecked Sendable {
  /// epoch << 32 | chunk count << 16 | next index.
  private let tickets = Atomic<UInt64>(0)
  private let doneChunks = Atomic<Int>(0)
  private let stopping = Atomic<Bool>(false)
  private let condition = NSCondition()
  /// Workers waiting on `condition`; guarded by it.
  private var sleepers = 0
  /// The running region's body: written before its ticket is published and
  /// read only by a thread that has claimed one of its chunks.
  private var regionBody: (@Sendable (Int) -> Void)?
  private var epoch: UInt64 = 0

  /// Runs a region of `chunks` (fewer than 2¹⁶) chunks; one caller at a time.
  func run(chunks: Int, _ body: @escaping @Sendable (Int) -> Void) {
    regionBody = body
    doneChunks.store(0, ordering: .relaxed)
    epoch = (epoch + 1) & 0xFFFF_FFFF
    let ticket = epoch << 32 | UInt64(chunks) << 16
    tickets.store(ticket, ordering: .releasing)
    condition.lock()
    if sleepers > 0 { condition.broadcast() }
    condition.unlock()
    claimAll(from: ticket)
    var polls = 0
    while doneChunks.load(ordering: .acquiring) < chunks {
      // A worker still runs a chunk; on a machine with more runnable threads
      // than cores it may be waiting for this core, so give it up now and then.
      polls &+= 1
      if polls & 0x3FF == 0 { sched_yield() }
    }
    regionBody = nil
  }

  /// Claims and runs chunks until the region of `ticket` has none left.
  private func claimAll(from ticket: UInt64) {
    var t = ticket
    while t & 0xFFFF < (t >> 16) & 0xFFFF {
      let (claimed, current) = tickets.compareExchange(
        expected: t, desired: t + 1, ordering: .acquiringAndReleasing)
      if claimed {
        regionBody?(Int(t & 0xFFFF))
        doneChunks.add(1, ordering: .releasing)
        t = tickets.load(ordering: .acquiring)
      } else {
        t = current
      }
    }
  }

  /// A worker's loop: run what is claimable, poll, park, until stopped.
  func work() {
    let clock = ContinuousClock()
    while !stopping.load(ordering: .relaxed) {
      claimAll(from: tickets.load(ordering: .acquiring))
      let idle = tickets.load(ordering: .acquiring)
      let deadline = clock.now.advanced(by: _WorkerPool.spinDuration)
      var polls = 0
      while tickets.load(ordering: .acquiring) == idle && !stopping.load(ordering: .relaxed) {
        polls &+= 1
        if polls & 0x3FF == 0 { sched_yield() }
        if polls & 0xFF == 0 && clock.now >= deadline {
          condition.lock()
          while tickets.load(ordering: .acquiring) == idle && !stopping.load(ordering: .relaxed) {
            sleepers += 1
            condition.wait()
            sleepers -= 1
          }
          condition.unlock()
        }
      }
    }
  }

  func stop() {
    stopping.store(true, ordering: .relaxed)
    condition.lock()
    condition.broadcast()
    condition.unlock()
  }
}
