/// v limited to [lo, hi] with two selects: v < lo gives lo, then v > hi gives hi
/// (NaN passes through). The scalar and vector forms agree lane by lane.
@inlinable @inline(__always)
func _clamp<T: ControlScalar>(_ v: T, _ lo: T, _ hi: T) -> T {
  let a = v < lo ? lo : v
  return a > hi ? hi : a
}

/// ``_clamp(_:_:_:)-(T,_,_)`` of each lane. Written lane by lane because
/// that is the form the compiler turns into one `maxpd` (`maxps`) and one
/// `minpd` per register; `replacing(with:where:)` becomes mask arithmetic
/// three times as long.
@inlinable @inline(__always)
func _clamp<T: ControlScalar>(_ v: SIMD4<T>, _ lo: T, _ hi: T) -> SIMD4<T> {
  var r = v
  for i in 0..<4 { r[i] = _clamp(v[i], lo, hi) }
  return r
}
