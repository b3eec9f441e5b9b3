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
/// sizeable part of that, so after a region the workers may keep polling for
/// the next one before they park, as OpenMP runtimes do; the pool's
/// ``SpinPolicy`` decides for how long. The planner brackets each command with
/// ``beginCommand()`` and ``endCommand()``, so that the pool knows which gaps
/// are inside a command (short: the planner's serial steps) and which are
/// between commands (as long as the caller's control period), and can park the
/// workers as soon as a command ends when the caller is not coming back soon.
/// Polling threads yield their core every thousand polls, so that on a machine
/// with more runnable threads than cores they do not keep a busy worker waiting.
///
/// Chunks are claimed through one atomic ticket, (epoch, chunk count, next
/// index), so a worker can only claim a chunk of the region that is running;
/// the caller runs chunks too and returns once every chunk is done. Which
/// thread runs a chunk never matters to the results: each chunk writes its own
/// slice.
@usableFromInline
final class _WorkerPool: Sendable {
  let threads: Int
  private let poolCore: WorkerPoolCore

  /// A pool that runs regions on `threads` threads: the caller's and `threads − 1` workers.
  init(threads: Int, spin: SpinPolicy = .adaptive) {
    self.threads = Swift.max(1, threads)
    poolCore = WorkerPoolCore(spin: spin)
    for _ in 1..<self.threads {
      let core = poolCore
      let thread = Thread { core.work() }
      thread.name = "FisherControl worker"
      thread.start()
    }
  }

  deinit { poolCore.stop() }

  /// Marks the start of a command (a planner step), before its first region.
  func beginCommand() {
    if threads > 1 { poolCore.beginCommand() }
  }

  /// Marks the end of a command: the workers poll for the window the policy
  /// picks, then park.
  func endCommand() {
    if threads > 1 { poolCore.endCommand() }
  }

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
  /// The monotonic time (``monotonicNanoseconds()``) until which idle workers
  /// poll; `UInt64.max` while a region runs, so that a worker that ran out of
  /// chunks waits for the caller's last ones without parking.
  private let pollDeadline = Atomic<UInt64>(0)
  private let condition = NSCondition()
  /// Workers waiting on `condition`; guarded by it.
  private var sleepers = 0
  /// The running region's body: written before its ticket is published and
  /// read only by a thread that has claimed one of its chunks.
  private var regionBody: (@Sendable (Int) -> Void)?
  private var epoch: UInt64 = 0
  /// Read and written by the caller only.
  private var schedule: SpinSchedule

  init(spin: SpinPolicy) {
    schedule = SpinSchedule(policy: spin)
  }

  func beginCommand() {
    schedule.commandBegan(at: monotonicNanoseconds())
  }

  func endCommand() {
    let now = monotonicNanoseconds()
    let window = schedule.commandEnded(at: now)
    pollDeadline.store(Self.deadline(now, window), ordering: .relaxed)
  }

  /// `now` + `window`, saturating below `UInt64.max` (which means "a region runs").
  private static func deadline(_ now: UInt64, _ window: Duration) -> UInt64 {
    let (sum, overflow) = now.addingReportingOverflow(window.clampedNanoseconds)
    return overflow ? .max - 1 : Swift.min(sum, .max - 1)
  }

  /// Runs a region of `chunks` (fewer than 2¹⁶) chunks; one caller at a time.
  func run(chunks: Int, _ body: @escaping @Sendable (Int) -> Void) {
    regionBody = body
    doneChunks.store(0, ordering: .relaxed)
    pollDeadline.store(.max, ordering: .relaxed)
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
    pollDeadline.store(Self.deadline(monotonicNanoseconds(), schedule.withinCommandWindow), ordering: .relaxed)
  }

  /// Whether `ticket`'s region has a chunk left to claim.
  private static func claimable(_ ticket: UInt64) -> Bool { ticket & 0xFFFF < (ticket >> 16) & 0xFFFF }

  /// Claims and runs chunks until the region of `ticket` has none left.
  private func claimAll(from ticket: UInt64) {
    var t = ticket
    while Self.claimable(t) {
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

  /// A worker's loop: run what is claimable, poll until the deadline, park, until stopped.
  func work() {
    while !stopping.load(ordering: .relaxed) {
      let idle = tickets.load(ordering: .acquiring)
      if Self.claimable(idle) {
        claimAll(from: idle)
        continue
      }
      var polls = 0
      while tickets.load(ordering: .acquiring) == idle && !stopping.load(ordering: .relaxed) {
        polls &+= 1
        if polls & 0x3FF == 0 { sched_yield() }
        if polls & 0x3F == 0 && monotonicNanoseconds() >= pollDeadline.load(ordering: .relaxed) {
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
