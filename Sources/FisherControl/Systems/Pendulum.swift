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
    // Two rollouts per iteration share one vector sine (bit for bit the
    // scalar one, so pairing does not change any rollout's result).
    var k = 0
    while k &+ 1 < count {
      let x = xs + 2 &* k
      let s = _sineCosine(SIMD2(x[0], x[2])).sin
      let u0 = Swift.min(Swift.max(us[k], -umax), umax), u1 = Swift.min(Swift.max(us[k &+ 1], -umax), umax)
      let w0 = Swift.min(Swift.max(x[1] + a * s[0] + b * u0, -vmax), vmax)
      let w1 = Swift.min(Swift.max(x[3] + a * s[1] + b * u1, -vmax), vmax)
      x[0] += w0 * h
      x[1] = w0
      x[2] += w1 * h
      x[3] = w1
      k &+= 2
    }
    if k < count {
      let x = xs + 2 &* k
      let u = Swift.min(Swift.max(us[k], -umax), umax)
      let w1 = Swift.min(Swift.max(x[1] + a * _sineCosine(x[0]).sin + b * u, -vmax), vmax)
      x[0] += w1 * h
      x[1] = w1
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

/// Gym's Pendulum-v1 cost: wrap(θ)² + 0.1 θ̇² + 0.001 u² (no terminal cost).
public struct PendulumCost: ControlCost, Hashable {
  public var angleWeight = 1.0
  public var speedWeight = 0.1
  public var torqueWeight = 0.001

  public init() {}

  public func accumulateRunningCost(
    states: UnsafeBufferPointer<Double>, controls: UnsafeBufferPointer<Double>, count: Int, time: Int,
    into costs: UnsafeMutableBufferPointer<Double>
  ) {
    guard let xs = states.baseAddress, let us = controls.baseAddress else { return }
    for k in 0..<count {
      let th = wrapAngle(xs[2 &* k]), w = xs[2 &* k &+ 1], u = us[k]
      costs[k] += angleWeight * th * th + speedWeight * w * w + torqueWeight * u * u
    }
  }
}
