/// The calling thread's record of a pool's commands, which turns a ``SpinPolicy``
/// into polling windows.
///
/// A command is the stretch between ``commandBegan(at:)`` and
/// ``commandEnded(at:)``; the gap before a command is the time since the end of
/// the one before. Only the thread that runs the planner touches it.
struct SpinSchedule {
  let policy: SpinPolicy
  /// The latest gaps between commands, oldest overwritten first.
  private(set) var gaps: [Duration] = []
  private var nextGap = 0
  private var commandStart: UInt64?
  private var lastEnd: UInt64?

  init(policy: SpinPolicy) {
    self.policy = policy
    gaps.reserveCapacity(SpinPolicy.rememberedGaps)
  }

  /// How long workers poll after a region ends inside a command.
  var withinCommandWindow: Duration {
    switch policy {
    case .adaptive: SpinPolicy.withinCommandLimit
    case .never: .zero
    case .duration(let d): Swift.max(.zero, d)
    }
  }

  /// Records the start of a command at `now` (monotonic nanoseconds).
  mutating func commandBegan(at now: UInt64) {
    commandStart = now
    guard let end = lastEnd, now >= end else { return }
    let gap = Duration.nanoseconds(Int64(clamping: now - end))
    if gaps.count < SpinPolicy.rememberedGaps {
      gaps.append(gap)
    } else {
      gaps[nextGap] = gap
    }
    nextGap = (nextGap + 1) % SpinPolicy.rememberedGaps
  }

  /// Records the end of a command at `now` and returns how long workers poll after it.
  mutating func commandEnded(at now: UInt64) -> Duration {
    defer {
      lastEnd = now
      commandStart = nil
    }
    switch policy {
    case .never: return .zero
    case .duration(let d): return Swift.max(.zero, d)
    case .adaptive:
      let start = commandStart ?? now
      let duration = Duration.nanoseconds(Int64(clamping: now >= start ? now - start : 0))
      return SpinPolicy.adaptiveWindow(commandDuration: duration, recentGaps: gaps)
    }
  }
}

extension Duration {
  /// Whole nanoseconds, clamped to 0…UInt64.max.
  var clampedNanoseconds: UInt64 {
    let (s, a) = components
    guard s >= 0 else { return 0 }
    let (ns, overflow) = UInt64(s).multipliedReportingOverflow(by: 1_000_000_000)
    let (sum, carry) = ns.addingReportingOverflow(UInt64(a / 1_000_000_000))
    return overflow || carry ? .max : sum
  }
}
