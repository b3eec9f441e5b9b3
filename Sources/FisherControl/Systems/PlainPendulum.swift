#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Gym's Pendulum-v1 written plainly: ``Pendulum``'s model as a ``PlainSystem``.
///
/// The same semi-implicit Euler step, state (θ, θ̇) as `SIMD2<Scalar>` and the
/// torque as a `Scalar`, with the C library's `sin` (`sinf` for `Float`) where
/// ``Pendulum`` has its own four-lane sine. It is the yardstick for models
/// written one rollout at a time: what a user's plain model costs against a
/// hand-vectorized one, and what `Float` gains over `Double`
/// (`PlainPendulum<Float>` is planned in `Float`). The parameters are doubles;
/// the step's constants are computed from them in `Double` and rounded once.
public struct PlainPendulum<Scalar: ControlScalar>: PlainSystem, Hashable {
  public var gravity = 10.0
  public var mass = 1.0
  public var length = 1.0
  public var dt = 0.05
  public var maxSpeed = 8.0
  public var maxTorque = 2.0

  public init() {}

  /// Hanging down at rest, (π, 0).
  public static var hangingDown: SIMD2<Scalar> { SIMD2(.pi, 0) }

  public var controlLowerBounds: [Double] { [-maxTorque] }
  public var controlUpperBounds: [Double] { [maxTorque] }

  /// θ̇ ← clip(θ̇ + (3g/(2l) sin θ + 3u/(m l²)) dt, ±maxSpeed), then θ ← θ + θ̇ dt,
  /// with u clipped to ±maxTorque.
  @inlinable
  public func step(_ x: inout SIMD2<Scalar>, _ torque: Scalar) {
    let umax = Scalar(maxTorque), vmax = Scalar(maxSpeed), h = Scalar(dt)
    let u = Swift.min(Swift.max(torque, -umax), umax)
    let a = Scalar(3 * gravity / (2 * length) * dt)
    let b = Scalar(3 / (mass * length * length) * dt)
    let speed = Swift.min(Swift.max(x[1] + a * Scalar._sin(x[0]) + b * u, -vmax), vmax)
    x[0] += speed * h
    x[1] = speed
  }

  /// ``PlainSystem``'s loop over rollouts, compiled for `Double` and for
  /// `Float`: a generic type's conformance compiles the default loop once, for
  /// any scalar, with every operation a dynamic call, so the loop dispatches on
  /// the scalar type once per block to a copy compiled for it.
  public func _stepRollouts(states xs: UnsafeMutablePointer<Scalar>, controls us: UnsafePointer<Scalar>, count: Int) {
    if Scalar.self == Double.self {
      unsafeBitCast(self, to: PlainPendulum<Double>.self)._stepEach(
        states: _rebound(xs), controls: _rebound(us), count: count)
    } else if Scalar.self == Float.self {
      unsafeBitCast(self, to: PlainPendulum<Float>.self)._stepEach(
        states: _rebound(xs), controls: _rebound(us), count: count)
    } else {
      _stepEach(states: xs, controls: us, count: count)
    }
  }

  @inlinable
  func _stepEach(states xs: UnsafeMutablePointer<Scalar>, controls us: UnsafePointer<Scalar>, count: Int) {
    for k in 0..<count {
      let x = xs + 2 &* k
      var state = SIMD2(x[0], x[1])
      step(&state, us[k])
      x[0] = state[0]
      x[1] = state[1]
    }
  }
}

/// Gym's Pendulum-v1 cost written plainly: wrap(θ)² + 0.1 θ̇² + 0.001 u².
///
/// wrap(θ) = θ − 2π·round(θ/2π), rounding half to even, lies in [−π, π] like
/// gym's `angle_normalize` (its square is the same); `θ.remainder(dividingBy: 2π)`
/// computes the same value exactly but costs three times as much, a libm
/// call. The weights are ``PendulumCost``'s, doubles rounded to `Scalar`.
public struct PlainPendulumCost<Scalar: ControlScalar>: PlainCost, Hashable {
  public var angleWeight = 1.0
  public var speedWeight = 0.1
  public var torqueWeight = 0.001

  public init() {}

  @inlinable
  public func cost(_ x: SIMD2<Scalar>, _ u: Scalar, time: Int) -> Scalar {
    let theta = x[0] - 2 * .pi * (x[0] / (2 * .pi)).rounded(.toNearestOrEven)
    return Scalar(angleWeight) * theta * theta + Scalar(speedWeight) * x[1] * x[1] + Scalar(torqueWeight) * u * u
  }

  /// ``PlainCost``'s loop over rollouts, compiled for `Double` and for `Float`
  /// (see ``PlainPendulum/_stepRollouts(states:controls:count:)``).
  public func _accumulateRunningCosts(
    states xs: UnsafePointer<Scalar>, controls us: UnsafePointer<Scalar>, count: Int, time: Int,
    into cs: UnsafeMutablePointer<Scalar>
  ) {
    if Scalar.self == Double.self {
      unsafeBitCast(self, to: PlainPendulumCost<Double>.self)._addCosts(
        states: _rebound(xs), controls: _rebound(us), count: count, time: time, into: _rebound(cs))
    } else if Scalar.self == Float.self {
      unsafeBitCast(self, to: PlainPendulumCost<Float>.self)._addCosts(
        states: _rebound(xs), controls: _rebound(us), count: count, time: time, into: _rebound(cs))
    } else {
      _addCosts(states: xs, controls: us, count: count, time: time, into: cs)
    }
  }

  /// No terminal cost: nothing to add.
  public func _accumulateTerminalCosts(
    states: UnsafePointer<Scalar>, count: Int, time: Int, into costs: UnsafeMutablePointer<Scalar>
  ) {}

  @inlinable
  func _addCosts(
    states xs: UnsafePointer<Scalar>, controls us: UnsafePointer<Scalar>, count: Int, time: Int,
    into cs: UnsafeMutablePointer<Scalar>
  ) {
    for k in 0..<count {
      let state = SIMD2(xs[2 &* k], xs[2 &* k &+ 1])
      cs[k] = state.isFinite ? cs[k] + cost(state, us[k], time: time) : .infinity
    }
  }
}

/// `p` as a pointer to `T`, the type it points to (checked by the caller).
@inline(__always)
func _rebound<S, T>(_ p: UnsafeMutablePointer<S>) -> UnsafeMutablePointer<T> {
  UnsafeMutableRawPointer(p).assumingMemoryBound(to: T.self)
}

/// `p` as a pointer to `T`, the type it points to (checked by the caller).
@inline(__always)
func _rebound<S, T>(_ p: UnsafePointer<S>) -> UnsafePointer<T> {
  UnsafeRawPointer(p).assumingMemoryBound(to: T.self)
}
