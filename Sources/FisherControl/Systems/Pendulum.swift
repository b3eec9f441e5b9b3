#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Gym's Pendulum-v1: a torque-driven pendulum, state (θ, θ̇) with θ = 0 upright.
///
/// With g = 10, m = 1, l = 1, dt = 0.05, |θ̇| ≤ 8 and |u| ≤ 2, one step is
///
///     θ̇' = clip(θ̇ + (3g/(2l) sin θ + 3u/(m l²)) dt, −8, 8)
///     θ'  = θ + θ̇' dt
///
/// (semi-implicit Euler; the control is clipped to ±2 first). θ is not wrapped.
/// This is the model of gym's `PendulumEnv.step` and of pytorch_mppi's pendulum
/// example, with the parameters settable for tests.
public struct Pendulum: DynamicalSystem, Hashable {
  public var gravity = 10.0
  public var mass = 1.0
  public var length = 1.0
  public var dt = 0.05
  public var maxSpeed = 8.0
  public var maxTorque = 2.0

  public init() {}

  /// Hanging down at rest, (π, 0).
  public static let hangingDown: [Double] = [Double.pi, 0]

  public var stateDimension: Int { 2 }
  public var controlDimension: Int { 1 }
  public var controlLowerBounds: [Double] { [-maxTorque] }
  public var controlUpperBounds: [Double] { [maxTorque] }

  public func step(states: UnsafeMutableBufferPointer<Double>, controls: UnsafeBufferPointer<Double>, count: Int) {
    let a = 3 * gravity / (2 * length) * dt
    let b = 3 / (mass * length * length) * dt
    let vmax = maxSpeed, umax = maxTorque, h = dt
    guard let xs = states.baseAddress, let us = controls.baseAddress else { return }
    let within = _allWithinSineRange(xs, count: count, stride: 2)
    // Four rollouts per iteration share one vector sine. Every operation is
    // the scalar one lane by lane (the sine bit for bit too), so whether a
    // rollout goes through the vector or the scalar path changes nothing. A
    // batch with an angle beyond the vector sine's range goes one at a time.
    var k = 0
    while k &+ 3 < count && within {
      let x = xs + 2 &* k
      let theta = SIMD4(x[0], x[2], x[4], x[6]), speed = SIMD4(x[1], x[3], x[5], x[7])
      let u = _clamp(SIMD4(us[k], us[k &+ 1], us[k &+ 2], us[k &+ 3]), -umax, umax)
      let w = _clamp(speed + a * _sine(withinRange: theta) + b * u, -vmax, vmax)
      let next = theta + w * h
      x[0] = next[0]
      x[1] = w[0]
      x[2] = next[1]
      x[3] = w[1]
      x[4] = next[2]
      x[5] = w[2]
      x[6] = next[3]
      x[7] = w[3]
      k &+= 4
    }
    while k < count {
      let x = xs + 2 &* k
      let u = _clamp(us[k], -umax, umax)
      let w = _clamp(x[1] + a * _sine(x[0]) + b * u, -vmax, vmax)
      x[0] += w * h
      x[1] = w
      k &+= 1
    }
  }

  /// The mechanical energy per unit mass of the continuous model with a
  /// uniform rod, E = (1/6) l² θ̇² + (g l/2) cos θ, conserved without torque.
  public func energy(_ state: [Double]) -> Double {
    length * length * state[1] * state[1] / 6 + gravity * length / 2 * cos(state[0])
  }
}

/// θ wrapped to [−π, π): ((θ + π) mod 2π) − π with a floored modulo, as gym's `angle_normalize`.
@inlinable @inline(__always)
public func wrapAngle(_ theta: Double) -> Double {
  let twoPi = 2 * Double.pi
  let y = theta + Double.pi
  let t = y * (1 / twoPi)
  // ⌊t⌋ without a call into the C library (generic x86-64 has no rounding
  // instruction): for |t| < 2⁵¹, adding and subtracting 1.5·2⁵² rounds t to
  // the nearest integer, which is one too high when it lies above t.
  // The corrections are selects, not branches: which way they go is random
  // across rollouts.
  guard abs(t) < 0x1p51 else { return _wrapRemainder(y - t.rounded(.down) * twoPi) }
  let n = (t + 6_755_399_441_055_744.0) - 6_755_399_441_055_744.0
  let f = n > t ? n - 1 : n
  return _wrapRemainder(y - f * twoPi)
}

/// r brought into [0, 2π) by at most one period, minus π.
@inlinable @inline(__always)
func _wrapRemainder(_ r: Double) -> Double {
  let twoPi = 2 * Double.pi
  let a = r >= twoPi ? r - twoPi : r
  let b = a < 0 ? a + twoPi : a
  return b - Double.pi
}

/// θ minus the nearest multiple of 2π, θ − 2π·round(θ/2π), in [−π, π]: the
/// angle of ``wrapAngle(_:)`` up to rounding (and up to sign at ±π), in four
/// operations instead of nine, for costs that square it. Lane 0 of
/// ``_principalAngle(withinRange:)`` for |θ| ≤ 10⁵, ``wrapAngle(_:)`` beyond.
@inlinable @inline(__always)
func _principalAngle(_ theta: Double) -> Double {
  guard abs(theta) <= 1e5 else { return wrapAngle(theta) }
  return _principalAngle(withinRange: SIMD4(repeating: theta))[0]
}

/// ``_principalAngle(_:)`` of four angles with |θ| ≤ 10⁵ (checked per batch
/// with ``_allWithinSineRange(_:count:stride:)``, like the vector sines).
@inlinable @inline(__always)
func _principalAngle(withinRange theta: SIMD4<Double>) -> SIMD4<Double> {
  let twoPi = 2 * Double.pi
  let t = theta * (1 / twoPi)
  let n = (t + 6_755_399_441_055_744.0) - 6_755_399_441_055_744.0
  return theta - n * twoPi
}

/// Gym's Pendulum-v1 cost: wrap(θ)² + 0.1 θ̇² + 0.001 u² (no terminal cost),
/// with wrap(θ) = θ − 2π·round(θ/2π), which squares to gym's `angle_normalize(θ)²`.
public struct PendulumCost: ControlCost, Hashable {
  public var angleWeight = 1.0
  public var speedWeight = 0.1
  public var torqueWeight = 0.001

  public init() {}

  public func accumulateRunningCost(
    states: UnsafeBufferPointer<Double>, controls: UnsafeBufferPointer<Double>, count: Int, time: Int,
    into costs: UnsafeMutableBufferPointer<Double>
  ) {
    guard let xs = states.baseAddress, let us = controls.baseAddress, let cs = costs.baseAddress else { return }
    let aw = angleWeight, sw = speedWeight, tw = torqueWeight
    let within = _allWithinSineRange(xs, count: count, stride: 2)
    var k = 0
    while k &+ 3 < count && within {
      let x = xs + 2 &* k
      let th = _principalAngle(withinRange: SIMD4(x[0], x[2], x[4], x[6])), w = SIMD4(x[1], x[3], x[5], x[7])
      let u = SIMD4(us[k], us[k &+ 1], us[k &+ 2], us[k &+ 3])
      let c = aw * th * th + sw * w * w + tw * u * u
      cs[k] += c[0]
      cs[k &+ 1] += c[1]
      cs[k &+ 2] += c[2]
      cs[k &+ 3] += c[3]
      k &+= 4
    }
    while k < count {
      let th = _principalAngle(xs[2 &* k]), w = xs[2 &* k &+ 1], u = us[k]
      cs[k] += aw * th * th + sw * w * w + tw * u * u
      k &+= 1
    }
  }
}
