#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The state of a ``KinematicBicycle``: position of the rear axle, heading and speed.
public struct CarState: RolloutVector, Hashable, Codable {
  /// Position, in metres.
  public var x: Double
  public var y: Double
  /// Heading ψ, in radians (not wrapped).
  public var heading: Double
  /// Speed along the heading, in m/s.
  public var speed: Double

  public init(x: Double = 0, y: Double = 0, heading: Double = 0, speed: Double = 0) {
    self.x = x
    self.y = y
    self.heading = heading
    self.speed = speed
  }

  // The order of the entries in the planner's buffers: x, y, ψ, v.
  public static var count: Int { 4 }
  public init(elements e: (Int) -> Double) { self.init(x: e(0), y: e(1), heading: e(2), speed: e(3)) }
  public func element(_ i: Int) -> Double {
    switch i {
    case 0: return x
    case 1: return y
    case 2: return heading
    default: return speed
    }
  }
}

/// The control of a ``KinematicBicycle``: longitudinal acceleration and steering angle.
public struct CarControl: RolloutVector, Hashable, Codable {
  /// In m/s² (negative brakes).
  public var acceleration: Double
  /// The front wheels' angle, in radians (positive turns left).
  public var steering: Double

  public init(acceleration: Double = 0, steering: Double = 0) {
    self.acceleration = acceleration
    self.steering = steering
  }

  public static var count: Int { 2 }
  public init(elements e: (Int) -> Double) { self.init(acceleration: e(0), steering: e(1)) }
  public func element(_ i: Int) -> Double { i == 0 ? acceleration : steering }
}

/// A car as a kinematic bicycle, written plainly (``PlainSystem``): the example to copy for your own robot.
///
/// With wheelbase L and the control held for one step dt,
///
///     v' = clip(v + a dt, minSpeed, maxSpeed)
///     x' = x + v' cos ψ dt,   y' = y + v' sin ψ dt
///     ψ' = ψ + v' tan(δ) / L dt
///
/// (semi-implicit Euler: the new speed moves the car). The acceleration a is
/// limited to [−maxBraking, maxAcceleration] and the steering angle δ to
/// ±maxSteering, both as control bounds that the planner's samples respect and
/// as clips inside the step.
public struct KinematicBicycle: PlainSystem, Hashable {
  public var wheelbase = 2.5
  public var dt = 0.1
  public var maxAcceleration = 2.0
  public var maxBraking = 4.0
  public var maxSteering = 0.5
  public var minSpeed = 0.0
  public var maxSpeed = 6.0

  public init() {}

  public var controlLowerBounds: [Double] { [-maxBraking, -maxSteering] }
  public var controlUpperBounds: [Double] { [maxAcceleration, maxSteering] }

  @inlinable
  public func step(_ car: inout CarState, _ control: CarControl) {
    let a = Swift.min(Swift.max(control.acceleration, -maxBraking), maxAcceleration)
    let delta = Swift.min(Swift.max(control.steering, -maxSteering), maxSteering)
    let v = Swift.min(Swift.max(car.speed + a * dt, minSpeed), maxSpeed)
    car.x += v * cos(car.heading) * dt
    car.y += v * sin(car.heading) * dt
    car.heading += v * tan(delta) / wheelbase * dt
    car.speed = v
  }
}

/// Tracking a reference path to a goal among circular obstacles, for a ``KinematicBicycle``.
///
/// Per step, with p the car's position, d the distance from p to the path (a
/// polyline), g the goal (by default the path's last point) and v the speed:
///
///     path       w_p d²
///     goal       w_g ‖p − g‖
///     speed      w_v (v − v_ref)²,   v_ref = min(referenceSpeed, ‖p − g‖)  (slows down near g)
///     repulsion  w_r (ρ − c)²   over obstacles with clearance c < ρ
///     effort     w_a a² + w_δ δ²
///
/// and a terminal cost w_T ‖p_T − g‖. The clearance of an obstacle is the
/// distance from p to its edge minus ``carRadius``; a state with a negative
/// clearance is infeasible (``isFeasible(_:time:)``), which makes its whole
/// rollout infeasible: a hard collision constraint, as Nav2's collision critic.
///
/// Every field can change between commands: `mppi.cost.goal = SIMD2(…)`,
/// `mppi.cost.obstacles.append(…)`, `mppi.cost.path = newPath`.
public struct CarCost: PlainCost, Hashable {
  /// The reference path, as points joined by straight segments (at least one point).
  public var path: [SIMD2<Double>]
  /// The goal; nil means the last point of the path.
  public var goal: SIMD2<Double>?
  public var obstacles: [CircleObstacle]
  /// The radius of a circle around the car's reference point that must stay clear of obstacles.
  public var carRadius = 1.0
  public var referenceSpeed = 4.0
  public var pathWeight = 1.0
  public var goalWeight = 0.5
  public var speedWeight = 0.5
  public var inflation = 1.0
  public var repulsionWeight = 20.0
  public var accelerationWeight = 0.01
  public var steeringWeight = 0.1
  public var terminalWeight = 5.0

  public init(path: [SIMD2<Double>], obstacles: [CircleObstacle], goal: SIMD2<Double>? = nil) {
    self.path = path
    self.obstacles = obstacles
    self.goal = goal
  }

  /// The goal the cost pulls towards: ``goal``, or the last point of the path.
  @inlinable public var target: SIMD2<Double> { goal ?? path.last ?? .zero }

  /// The squared distance from `p` to the path.
  @inlinable
  public func squaredDistanceToPath(_ p: SIMD2<Double>) -> Double {
    guard var a = path.first else { return 0 }
    var best = ((p - a) * (p - a)).sum()
    for b in path.dropFirst() {
      let ab = b - a, ap = p - a
      let len2 = (ab * ab).sum()
      let t = len2 > 0 ? Swift.min(Swift.max((ap * ab).sum() / len2, 0), 1) : 0
      let d = ap - t * ab
      best = Swift.min(best, (d * d).sum())
      a = b
    }
    return best
  }

  /// The smallest clearance from the car at `p` to any obstacle (+∞ without obstacles).
  @inlinable
  public func clearance(_ p: SIMD2<Double>) -> Double {
    var best = Double.infinity
    for o in obstacles {
      let dx = p.x - o.x, dy = p.y - o.y
      best = Swift.min(best, (dx * dx + dy * dy).squareRoot() - o.radius - carRadius)
    }
    return best
  }

  @inlinable
  public func cost(_ car: CarState, _ u: CarControl, time: Int) -> Double {
    let p = SIMD2(car.x, car.y)
    let toGoal = p - target
    let distance = (toGoal * toGoal).sum().squareRoot()
    let vRef = Swift.min(referenceSpeed, distance)
    var c = pathWeight * squaredDistanceToPath(p) + goalWeight * distance
    c += speedWeight * (car.speed - vRef) * (car.speed - vRef)
    c += accelerationWeight * u.acceleration * u.acceleration + steeringWeight * u.steering * u.steering
    for o in obstacles {
      let dx = p.x - o.x, dy = p.y - o.y
      let gap = (dx * dx + dy * dy).squareRoot() - o.radius - carRadius
      if gap < inflation { c += repulsionWeight * (inflation - gap) * (inflation - gap) }
    }
    return c
  }

  @inlinable
  public func terminalCost(_ car: CarState, time: Int) -> Double {
    let d = SIMD2(car.x, car.y) - target
    return terminalWeight * (d * d).sum().squareRoot()
  }

  /// False when the car overlaps an obstacle.
  @inlinable
  public func isFeasible(_ car: CarState, time: Int) -> Bool {
    clearance(SIMD2(car.x, car.y)) >= 0
  }
}
