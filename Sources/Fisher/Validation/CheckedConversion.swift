/// Conversions of user-supplied numbers into sizes, counts and durations that
/// throw ``FisherError/invalidParameter(name:reason:)`` instead of trapping.
///
/// A `Double` typed on the command line or read from a file can be NaN, ±∞ or
/// larger than `Int.max`; `Int(x)` traps on all three, and `Duration` arithmetic
/// traps when seconds overflow 64-bit nanoseconds. These are the only ways the
/// library turns such numbers into integers.
public enum CheckedConversion {
  /// The longest duration accepted for a timeout, a lease or an interval: 10⁹ s
  /// (about 31 years), well inside `Duration`'s range.
  public static let maximumSeconds = 1e9

  /// `x` rounded `rule`-wise, as an `Int` in `range`.
  ///
  /// - Throws: ``FisherError/invalidParameter(name:reason:)`` naming `name`
  ///   when `x` is not finite or the rounded value lies outside `range`.
  public static func integer(
    _ x: Double, _ name: String, in range: ClosedRange<Int> = Int.min...Int.max,
    rounding rule: FloatingPointRoundingRule = .toNearestOrAwayFromZero
  ) throws -> Int {
    let r = x.rounded(rule)
    // Double(Int.max) rounds up to 2⁶³, which Int cannot hold: compare against it exclusively.
    guard r.isFinite, r >= Double(range.lowerBound), r < 0x1p63, let v = Int(exactly: r), range.contains(v) else {
      throw FisherError.invalidParameter(
        name: name, reason: "must be an integer in \(range.lowerBound)...\(range.upperBound), got \(x)")
    }
    return v
  }

  /// A duration of `seconds`, which must be positive (or zero when `allowZero`)
  /// and at most ``maximumSeconds``.
  public static func duration(_ seconds: Double, _ name: String, allowZero: Bool = false) throws -> Duration {
    guard seconds.isFinite, allowZero ? seconds >= 0 : seconds > 0, seconds <= maximumSeconds else {
      throw FisherError.invalidParameter(
        name: name,
        reason: "must be a number of seconds in \(allowZero ? "[0" : "(0"), \(Int(maximumSeconds))], got \(seconds)")
    }
    let whole = seconds.rounded(.down)
    return .seconds(Int64(whole)) + .nanoseconds(Int64(((seconds - whole) * 1e9).rounded()))
  }

  /// `a · b`, or an error naming `name` when the product overflows `Int` or is negative.
  public static func product(_ a: Int, _ b: Int, _ name: String) throws -> Int {
    let (p, overflow) = a.multipliedReportingOverflow(by: b)
    guard !overflow, a >= 0, b >= 0 else {
      throw FisherError.invalidParameter(name: name, reason: "\(a) × \(b) is too large")
    }
    return p
  }
}
