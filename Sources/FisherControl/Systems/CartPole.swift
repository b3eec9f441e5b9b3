#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The classic cart-pole (Barto, Sutton and Anderson, 1983; gym's CartPole) with a continuous force, for swing-up.
///
/// State (x, ẋ, θ, θ̇) with θ = 0 upright; control the horizontal force F on the
/// cart, clipped to ±``maxForce``. With cart mass M, pole mass m, pole half-length
/// l (a uniform rod) and g, the equations of motion (Florian, 2007) are
///
///     a  = (F + m l θ̇² sin θ) / (M + m)
///     θ̈ = (g sin θ − a cos θ) / (l (4/3 − m cos² θ / (M + m)))
///     ẍ  = a − m l θ̈ cos θ / (M + m)
///
/// integrated by semi-implicit Euler (velocities first), which conserves the
/// energy ``energy(_:)`` up to O(dt) without drift when F = 0.
public struct CartPole: DynamicalSystem, Hashable {
  public var gravity = 9.8
  public var cartMass = 1.0
  public var poleMass = 0.1
  public var halfLength = 0.5
  public var dt = 0.02
  public var maxForce = 10.0

  public init() {}

  /// Cart at the origin, pole hanging down, at rest.
  public static let hangingDown: [Double] = [0, 0, Double.pi, 0]

  public var stateDimension: Int { 4 }
  public var controlDimension: Int { 1 }
  public var controlLowerBounds: [Double] { [-maxForce] }
  public var controlUpperBounds: [Double] { [maxForce] }

  public func step(states: UnsafeMutableBufferPointer<Double>, controls: UnsafeBufferPointer<Double>, count: Int) {
    let total = cartMass + poleMass, ml = poleMass * halfLength, g = gravity, l = halfLength
    let m = poleMass, h = dt, fmax = maxForce
    guard let xs = states.baseAddress, let fs = controls.baseAddress else { return }
    // Four rollouts per iteration in vector registers, lane by lane the scalar
    // arithmetic (the sine and cosine bit for bit too), then the rest one at a
    // time; a batch with a pole angle beyond the vector sine's range goes one at a time.
    let within = _allWithinSineRange(xs + 2, count: count, stride: 4)
    var k = 0
    while k &+ 3 < count && within {
      let p = xs + 4 &* k
      let x = SIMD4(p[0], p[4], p[8], p[12]), v = SIMD4(p[1], p[5], p[9], p[13])
      let th = SIMD4(p[2], p[6], p[10], p[14]), w = SIMD4(p[3], p[7], p[11], p[15])
      let f = _clamp(SIMD4(fs[k], fs[k &+ 1], fs[k &+ 2], fs[k &+ 3]), -fmax, fmax)
      let (s, c) = _sineCosine(withinRange: th)
      let a = (f + ml * w * w * s) / total
      let thetaAcc = (g * s - c * a) / (l * (4.0 / 3.0 - m * c * c / total))
      let xAcc = a - ml * thetaAcc * c / total
      let v1 = v + h * xAcc, w1 = w + h * thetaAcc
      let x1 = x + h * v1, th1 = th + h * w1
      for r in 0..<4 {
        p[4 &* r] = x1[r]
        p[4 &* r &+ 1] = v1[r]
        p[4 &* r &+ 2] = th1[r]
        p[4 &* r &+ 3] = w1[r]
      }
      k &+= 4
    }
    while k < count {
      let p = xs + 4 &* k
      let x = p[0], v = p[1], th = p[2], w = p[3]
      let f = _clamp(fs[k], -fmax, fmax)
      let (s, c) = _sineCosine(th)
      let a = (f + ml * w * w * s) / total
      let thetaAcc = (g * s - c * a) / (l * (4.0 / 3.0 - m * c * c / total))
      let xAcc = a - ml * thetaAcc * c / total
      let v1 = v + h * xAcc, w1 = w + h * thetaAcc
      p[0] = x + h * v1
      p[1] = v1
      p[2] = th + h * w1
      p[3] = w1
      k &+= 1
    }
  }

  /// E = ½(M + m)ẋ² + m l ẋ θ̇ cos θ + ⅔ m l² θ̇² + m g l cos θ, conserved when F = 0.
  public func energy(_ s: [Double]) -> Double {
    let total = cartMass + poleMass, m = poleMass, l = halfLength
    return 0.5 * total * s[1] * s[1] + m * l * s[1] * s[3] * cos(s[2])
      + 2.0 / 3.0 * m * l * l * s[3] * s[3] + m * gravity * l * cos(s[2])
  }
}

/// A swing-up cost: wrap(θ)² + 0.1 θ̇² + x² + 0.1 ẋ² + 0.001 F², plus a wall
/// penalty of 100 per step with |x| beyond the track half-width 2.4.
public struct CartPoleCost: ControlCost, Hashable {
  public var angleWeight = 1.0
  public var angularSpeedWeight = 0.1
  public var positionWeight = 1.0
  public var speedWeight = 0.1
  public var forceWeight = 0.001
  public var trackHalfWidth = 2.4
  public var wallPenalty = 100.0

  public init() {}

  public func accumulateRunningCost(
    states: UnsafeBufferPointer<Double>, controls: UnsafeBufferPointer<Double>, count: Int, time: Int,
    into costs: UnsafeMutableBufferPointer<Double>
  ) {
    for k in 0..<count {
      let x = states[4 * k], v = states[4 * k + 1], th = wrapAngle(states[4 * k + 2]), w = states[4 * k + 3]
      let f = controls[k]
      var c = angleWeight * th * th + angularSpeedWeight * w * w + positionWeight * x * x + speedWeight * v * v
        + forceWeight * f * f
      if abs(x) > trackHalfWidth { c += wallPenalty }
      costs[k] += c
    }
  }
}
