#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The floating-point type a planner's rollouts are computed in: `Double` or `Float`.
///
/// A ``DynamicalSystem`` and its ``ControlCost`` name their scalar; the planner
/// keeps its per-rollout buffers (sampled controls, states, costs, weights) in
/// it and does all the work that grows with the number of rollouts K in it:
/// sampling, rolling out, weighting and the weighted update. What does not grow
/// with K stays in `Double`: the nominal plan U (T × m), the temperature λ, the
/// reports, and the states and controls at the planner's interface. The
/// standard normal draws are made in `Double` (the same draws for both types)
/// and rounded to the scalar.
///
/// `Float` halves the memory traffic and doubles the lanes of a vector
/// register; its ~7 significant digits are plenty for costs summed over a
/// horizon of tens of steps. Results are bit-identical for a given seed and
/// type whatever the thread count, as for `Double`; the two types' results
/// differ from each other.
///
/// A scalar is also a ``RolloutVector`` of one entry, so that a plain model's
/// control can be a bare `Scalar`.
public protocol ControlScalar: BinaryFloatingPoint, SIMDScalar, Sendable, Codable, RolloutVector
where Self.RawSignificand: FixedWidthInteger, Self.Scalar == Self {
  /// eˣ, from the C library (`exp` or `expf`).
  static func _exp(_ x: Self) -> Self
  /// sin x, from the C library (`sin` or `sinf`).
  static func _sin(_ x: Self) -> Self
  /// cos x, from the C library (`cos` or `cosf`).
  static func _cos(_ x: Self) -> Self
  /// x rounded to `Double` exactly (`Float` to `Double` is exact).
  var _double: Double { get }
}

extension Double: ControlScalar {
  @inlinable @inline(__always) public static func _exp(_ x: Double) -> Double { exp(x) }
  @inlinable @inline(__always) public static func _sin(_ x: Double) -> Double { sin(x) }
  @inlinable @inline(__always) public static func _cos(_ x: Double) -> Double { cos(x) }
  @inlinable @inline(__always) public var _double: Double { self }
}

extension Float: ControlScalar {
  @inlinable @inline(__always) public static func _exp(_ x: Float) -> Float { expf(x) }
  @inlinable @inline(__always) public static func _sin(_ x: Float) -> Float { sinf(x) }
  @inlinable @inline(__always) public static func _cos(_ x: Float) -> Float { cosf(x) }
  @inlinable @inline(__always) public var _double: Double { Double(self) }
}
