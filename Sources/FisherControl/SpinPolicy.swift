/// How long a planner's worker threads keep polling for work before they park.
///
/// A planner runs its rollouts on the calling thread and `threads − 1` worker
/// threads. Between two parallel regions a worker either polls (it starts the
/// next region at once but burns its core meanwhile) or parks on a condition
/// variable (it costs nothing but needs a wake-up, tens of microseconds, when the
/// next region comes). Called back to back, polling is faster; at a control rate
/// (one command every 20 ms) polling between commands would cost a core for
/// nothing, so the workers should park as soon as a command ends.
///
/// Results never depend on the policy: it only decides when idle threads sleep.
public enum SpinPolicy: Sendable, Hashable {
  /// Within a command, workers poll between its regions (for at most
  /// ``withinCommandLimit``); after a command they poll only when the caller
  /// has been coming back quickly, for the window that
  /// ``adaptiveWindow(commandDuration:recentGaps:)`` picks from the last
  /// ``rememberedGaps`` intervals between commands, and otherwise park at once.
  /// A planner called back to back keeps its workers polling; one called at a
  /// control rate parks them between commands. The default.
  case adaptive
  /// Workers park as soon as a region has no chunk left, within a command too:
  /// the least CPU time, and a wake-up for every region.
  case never
  /// Workers poll for this long after every region, within and between
  /// commands, then park (a negative duration counts as zero).
  case duration(Duration)

  /// The longest ``adaptive`` polling between the regions of one command.
  public static let withinCommandLimit = Duration.milliseconds(1)
  /// The longest ``adaptive`` polling after a command.
  public static let adaptiveLimit = Duration.milliseconds(1)
  /// The shortest polling budget ``adaptive`` allows after a command, however short the command.
  public static let adaptiveFloor = Duration.microseconds(20)
  /// How many of the latest intervals between commands ``adaptive`` looks at.
  public static let rememberedGaps = 4

  /// The polling window of ``adaptive`` after a command of `commandDuration` (wall
  /// time), given the latest intervals between the end of one command and the
  /// start of the next (any order, at most ``rememberedGaps`` are meant).
  ///
  /// The budget is b = min(``adaptiveLimit``, max(``adaptiveFloor``, commandDuration / 8)):
  /// polling after a command costs each worker at most an eighth of the command
  /// (or 20 µs). The window is b when every recent interval is at most b / 2 (the
  /// next command is expected well within it), and zero otherwise, including
  /// when no interval has been seen yet: a caller that paused once parks the
  /// workers for the next ``rememberedGaps`` commands.
  public static func adaptiveWindow(commandDuration: Duration, recentGaps: some Collection<Duration>) -> Duration {
    guard !recentGaps.isEmpty else { return .zero }
    let budget = Swift.min(adaptiveLimit, Swift.max(adaptiveFloor, commandDuration / 8))
    return recentGaps.allSatisfy { $0 * 2 <= budget } ? budget : .zero
  }
}
