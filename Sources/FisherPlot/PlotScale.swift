import Foundation

/// How an axis maps values to positions.
public enum PlotScale: Sendable, Hashable {
  /// Position proportional to the value.
  case linear
  /// Position proportional to log₁₀ of the value; values ≤ 0 are not drawn.
  case log
}

/// A labelled position on an axis.
public struct PlotTick: Sendable, Hashable {
  public var value: Double
  public var label: String

  public init(value: Double, label: String) {
    self.value = value
    self.label = label
  }
}

extension PlotScale {
  /// `linear` or `log`.
  public var name: String { self == .linear ? "linear" : "log" }

  /// Whether `value` can be drawn on this scale: finite, and positive on a log scale.
  public func canShow(_ value: Double) -> Bool {
    value.isFinite && (self == .linear || value > 0)
  }

  /// The value's position before scaling to pixels: itself, or its log₁₀.
  func transform(_ value: Double) -> Double {
    self == .linear ? value : Foundation.log10(value)
  }

  /// The range an axis shows for data from `lower` to `upper`: on a linear
  /// scale widened to multiples of the tick step, on a log scale to whole
  /// powers of ten (one decade at least). A single value is widened around
  /// itself. Both bounds must be values the scale ``canShow(_:)``.
  public func niceRange(_ lower: Double, _ upper: Double) -> ClosedRange<Double> {
    var lo = Swift.min(lower, upper), hi = Swift.max(lower, upper)
    switch self {
    case .log:
      var a = Foundation.log10(lo).rounded(.down), b = Foundation.log10(hi).rounded(.up)
      if a == b { b += 1 }
      a = Swift.max(a, -323)
      b = Swift.min(b, 308)
      return PlotScale.powerOfTen(Int(a))...PlotScale.powerOfTen(Int(b))
    case .linear:
      if lo == hi {
        let pad = lo == 0 ? 1 : Swift.abs(lo) * 0.1
        lo -= pad
        hi += pad
      }
      guard let step = LinearStep(span: hi - lo, count: 5) else { return lo...hi }
      let a = (lo / step.value).rounded(.down) * step.value, b = (hi / step.value).rounded(.up) * step.value
      return a.isFinite && b.isFinite && a < b ? a...b : lo...hi
    }
  }

  /// About `count` ticks inside `range`: on a linear scale at multiples of 1,
  /// 2 or 5 × 10ᵏ; on a log scale at powers of ten (every second, third, …
  /// power when the range spans many decades), with 2 × and 5 × 10ᵏ added
  /// when the range holds fewer than two powers.
  public func ticks(in range: ClosedRange<Double>, count: Int = 6) -> [PlotTick] {
    let target = Swift.max(2, count)
    switch self {
    case .linear:
      return PlotScale.linearTicks(range, count: target)
    case .log:
      guard range.lowerBound > 0, range.upperBound.isFinite else { return [] }
      // The first and last power of ten inside the range (log₁₀ may round an exact power either way).
      var a = Int(Foundation.log10(range.lowerBound).rounded(.up))
      if PlotScale.powerOfTen(a - 1) >= range.lowerBound * (1 - 1e-12) { a -= 1 }
      var b = Int(Foundation.log10(range.upperBound).rounded(.down))
      if PlotScale.powerOfTen(b + 1) <= range.upperBound * (1 + 1e-12) { b += 1 }
      if b - a + 1 >= 2 {
        let stride = Swift.max(1, Int((Double(b - a + 1) / Double(target)).rounded(.up)))
        return (a...b).filter { $0 % stride == 0 }.map { PlotTick(value: PlotScale.powerOfTen($0), label: PlotScale.powerLabel($0)) }
      }
      var ticks: [PlotTick] = []
      for k in Swift.min(a, b) - 1...Swift.max(a, b) + 1 {
        for m in [1, 2, 5] {
          let v = Double(m) * PlotScale.powerOfTen(k)
          if range.contains(v) { ticks.append(PlotTick(value: v, label: PlotScale.decimalLabel(m, exponent: k))) }
        }
      }
      return ticks.count >= 2 ? ticks : PlotScale.linearTicks(range, count: target)
    }
  }

  /// 10ᵏ, correctly rounded.
  static func powerOfTen(_ k: Int) -> Double { Double("1e\(k)") ?? .nan }

  /// "0.1", "1", "10", "100" near 1, else "1e-3", "1e6".
  static func powerLabel(_ k: Int) -> String {
    (-1...2).contains(k) ? decimalLabel(1, exponent: k) : "1e\(k)"
  }

  /// Ticks at multiples of a step chosen for about `count` of them; a
  /// narrow range that would hold fewer than two gets a finer step.
  static func linearTicks(_ range: ClosedRange<Double>, count: Int) -> [PlotTick] {
    var ticks = linearTicks(range, step: count)
    var finer = count
    while ticks.count < 2 && finer < 64 {
      finer *= 2
      ticks = linearTicks(range, step: finer)
    }
    return ticks
  }

  private static func linearTicks(_ range: ClosedRange<Double>, step count: Int) -> [PlotTick] {
    let lo = range.lowerBound, hi = range.upperBound
    guard lo.isFinite, hi.isFinite else { return [] }
    guard hi > lo, let step = LinearStep(span: hi - lo, count: count) else {
      return [PlotTick(value: lo, label: "\(lo)")]
    }
    let first = (lo / step.value - 1e-9).rounded(.up), last = (hi / step.value + 1e-9).rounded(.down)
    // Far from zero relative to the step, k·step would not be a small integer: label the ends only.
    guard Swift.abs(first) < 1e12, Swift.abs(last) < 1e12, last >= first else {
      return [PlotTick(value: lo, label: "\(lo)"), PlotTick(value: hi, label: "\(hi)")]
    }
    return (Int(first)...Int(last)).map { k in
      PlotTick(value: Double(k) * step.value, label: decimalLabel(k * step.mantissa, exponent: step.exponent))
    }
  }

  /// `integer` × 10^`exponent` written out exactly: "0.25", "1500", "2.5e-8".
  static func decimalLabel(_ integer: Int, exponent: Int) -> String {
    if integer == 0 { return "0" }
    var digits = String(integer.magnitude), e = exponent
    while digits.count > 1, digits.hasSuffix("0") {
      digits.removeLast()
      e += 1
    }
    let sign = integer < 0 ? "-" : ""
    let scientific = e + digits.count - 1
    if scientific < -4 || scientific > 6 {
      let head = String(digits.prefix(1)), tail = String(digits.dropFirst())
      return sign + head + (tail.isEmpty ? "" : "." + tail) + "e\(scientific)"
    }
    if e >= 0 { return sign + digits + String(repeating: "0", count: e) }
    let fraction = -e
    if digits.count > fraction {
      return sign + String(digits.dropLast(fraction)) + "." + String(digits.suffix(fraction))
    }
    return sign + "0." + String(repeating: "0", count: fraction - digits.count) + digits
  }
}

/// A tick step m × 10ᵉ with m ∈ {1, 2, 5}.
struct LinearStep {
  var mantissa: Int
  var exponent: Int
  var value: Double

  /// The smallest step of the form m × 10ᵉ at least `span`/`count`.
  init?(span: Double, count: Int) {
    let raw = span / Double(Swift.max(1, count))
    guard raw.isFinite, raw > 0 else { return nil }
    var e = Int(Foundation.log10(raw).rounded(.down))
    var m = 1
    let unit = PlotScale.powerOfTen(e)
    let r = raw / unit
    if r <= 1 { m = 1 } else if r <= 2 { m = 2 } else if r <= 5 { m = 5 } else {
      m = 1
      e += 1
    }
    mantissa = m
    exponent = e
    value = Double(m) * PlotScale.powerOfTen(e)
    guard value.isFinite, value > 0 else { return nil }
  }
}
