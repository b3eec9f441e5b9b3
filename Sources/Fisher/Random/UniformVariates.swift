extension RandomNumberGenerator {
  /// A uniform variate in [0, 1) with 53 random bits: k · 2⁻⁵³ for k uniform in 0..<2⁵³.
  @inlinable @inline(__always)
  public mutating func nextUniform() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// A uniform variate in the open interval (0, 1), safe to pass to `log`.
  @inlinable @inline(__always)
  public mutating func nextOpenUniform() -> Double {
    (Double(next() >> 12) + 0.5) * 0x1.0p-52
  }
}
