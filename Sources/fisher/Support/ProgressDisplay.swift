import Fisher
import Foundation

/// One line of progress on stderr, rewritten in place (carriage return, no
/// newline) at most every 0.2 s, and not before `delay` has passed since it was
/// made. A final update is always written. ``finish()`` ends the line with a
/// newline if anything was written. Safe to update from several tasks.
final class ProgressDisplay: @unchecked Sendable {
  private let enabled: Bool
  private let delay: Duration
  private let clock = ContinuousClock()
  private let start: ContinuousClock.Instant
  private var last: ContinuousClock.Instant?
  private var shown = false
  private let lock = NSLock()

  /// - Parameters:
  ///   - enabled: false makes every call do nothing.
  ///   - delay: how long after creation the first (non-final) line may appear.
  init(enabled: Bool, delay: Duration = .zero) {
    self.enabled = enabled
    self.delay = delay
    start = clock.now
  }

  /// Shows `text` unless the last line was written less than 0.2 s ago (or
  /// the delay has not passed), except when `final` is true. `text` is built
  /// only when it is shown.
  func update(final: Bool = false, _ text: () -> String) {
    guard enabled else { return }
    lock.lock()
    defer { lock.unlock() }
    let now = clock.now
    if !final {
      guard now - start >= delay else { return }
      if let l = last, now - l < .milliseconds(200) { return }
    }
    last = now
    shown = true
    FileHandle.standardError.write(Data(("\r" + text()).utf8))
  }

  /// Ends the line, if one was written.
  func finish() {
    lock.lock()
    defer { lock.unlock() }
    if shown { FileHandle.standardError.write(Data("\n".utf8)) }
    shown = false
  }

  /// Runs done of a total as a 30-character bar, with elapsed and estimated remaining time.
  func update(done: Int, total: Int, elapsed: Double, remaining: Double?) {
    update(final: done == total) {
      let width = 30
      let filled = total > 0 ? width * done / total : width
      let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
      let left = remaining.map { " ~" + Self.duration($0) + " left" } ?? ""
      return "[\(bar)] \(done)/\(total) runs, \(Self.duration(elapsed)) elapsed\(left)   "
    }
  }

  /// An optimizer's generation: evaluations, best and median value, step size, condition, restart.
  func update(_ r: GenerationReport) {
    update {
      String(
        format: " gen %6d  evals %9d  best %.6e  median %.3e  σ %.2e  cond %.1e  restart %d ",
        r.generation, r.evaluations, r.bestSoFar, r.generationMedian, r.stepSize, r.conditionNumber, r.restart)
    }
  }

  /// Seconds rounded and written as `42s`, `3m7s` or `2h5m`; `–` when not finite.
  static func duration(_ seconds: Double) -> String {
    guard seconds.isFinite, seconds < 1e12 else { return "–" }
    let s = Int(seconds.rounded())
    return s >= 3600 ? "\(s / 3600)h\(s % 3600 / 60)m" : s >= 60 ? "\(s / 60)m\(s % 60)s" : "\(s)s"
  }
}
