#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A differential-drive (unicycle) robot: state (x, y, cos ψ, sin ψ), control (v, ω).
///
/// The heading is kept as a unit vector, so a step needs no trigonometry of ψ.
/// Over one step the controls are constant and the robot follows the exact arc:
/// with Δ = ω dt,
///
///     x' = x + v dt (cos ψ · sin Δ/Δ − sin ψ · (1 − cos Δ)/Δ)
///     y' = y + v dt (sin ψ · sin Δ/Δ + cos ψ · (1 − cos Δ)/Δ)
///     (cos ψ', sin ψ') = rotation of (cos ψ, sin ψ) by Δ,
///
/// a straight line for ω = 0 and a circle of radius |v/ω| otherwise. sin Δ/Δ and
/// (1 − cos Δ)/Δ come from their Taylor series for |Δ| < 0.3 (error below 10⁻¹⁶)
/// and from `sin`/`cos` beyond. The heading is renormalized each step.
/// Defaults are Nav2's MPPI controller's: dt = 0.05, v ∈ [−0.35, 0.5] m/s,
/// ω ∈ [−1.9, 1.9] rad/s.
public struct Unicycle: DynamicalSystem, Hashable {
  public var dt = 0.05
  public var minSpeed = -0.35
  public var maxSpeed = 0.5
  public var maxTurnRate = 1.9

  public init() {}

  /// The state at (x, y) with heading ψ.
  public static func state(x: Double, y: Double, heading: Double) -> [Double] {
    [x, y, cos(heading), sin(heading)]
  }

  /// The heading ψ of a state, in (−π, π].
  public static func heading(_ state: [Double]) -> Double { atan2(state[3], state[2]) }

  public var stateDimension: Int { 4 }
  public var controlDimension: Int { 2 }
  public var controlLowerBounds: [Double] { [minSpeed, -maxTurnRate] }
  public var controlUpperBounds: [Double] { [maxSpeed, maxTurnRate] }

  public func step(states: UnsafeMutableBufferPointer<Double>, controls: UnsafeBufferPointer<Double>, count: Int) {
    let h = dt, vlo = minSpeed, vhi = maxSpeed, wmax = maxTurnRate
    guard let xs = states.baseAddress, let us = controls.baseAddress else { return }
    for k in 0..<count {
      let x = xs + 4 &* k, u = us + 2 &* k
      let v = Swift.min(Swift.max(u[0], vlo), vhi)
      let w = Swift.min(Swift.max(u[1], -wmax), wmax)
      let d = w * h
      let sinc: Double, versc: Double, cd: Double, sd: Double
      if abs(d) < 0.3 {
        let d2 = d * d
        sinc = 1 + d2 * (-1.0 / 6 + d2 * (1.0 / 120 + d2 * (-1.0 / 5040 + d2 * (1.0 / 362_880 + d2 * (-1.0 / 39_916_800)))))
        versc = d * (0.5 + d2 * (-1.0 / 24 + d2 * (1.0 / 720 + d2 * (-1.0 / 40_320 + d2 * (1.0 / 3_628_800 + d2 * (-1.0 / 479_001_600))))))
        sd = d * sinc
        cd = 1 - d * versc
      } else {
        sd = sin(d)
        cd = cos(d)
        sinc = sd / d
        versc = (1 - cd) / d
      }
      let c = x[2], s = x[3]
      let forward = v * h * sinc, left = v * h * versc
      x[0] += c * forward - s * left
      x[1] += s * forward + c * left
      var c1 = c * cd - s * sd, s1 = s * cd + c * sd
      let r = 1.5 - 0.5 * (c1 * c1 + s1 * s1)  // one Newton step towards unit length
      c1 *= r
      s1 *= r
      x[2] = c1
      x[3] = s1
    }
  }
}

/// A circular obstacle.
public struct CircleObstacle: Sendable, Hashable, Codable {
  public var x: Double
  public var y: Double
  public var radius: Double
  public init(x: Double, y: Double, radius: Double) {
    self.x = x
    self.y = y
    self.radius = radius
  }
}

/// Nav2-style critics for driving a ``Unicycle`` to a goal among circular obstacles.
///
/// Per step, with p the position, d_i the clearance to obstacle i (distance from
/// its edge minus the robot radius):
///
///     goal       w_g ‖p − goal‖                        (Nav2 GoalCritic, power 1)
///     collision  C                  if some d_i < 0    (Nav2 ObstaclesCritic collision_cost)
///     repulsion  w_r Σ_i (ρ − d_i)  over d_i < ρ      (inflation radius ρ)
///     effort     w_v v² + w_ω ω²,   backward  w_b max(−v, 0)  (PreferForwardCritic)
///
/// and a terminal cost w_T ‖p_T − goal‖ that pulls the end of the horizon.
/// Nav2's critics average over the trajectory and use λ = 0.3; these per-step
/// weights sum over the horizon instead, and are sized so that λ ≈ 0.3 still
/// separates good from bad rollouts (ESS ≈ 5–20 % of K).
public struct UnicycleCost: ControlCost, Hashable {
  public var goalX: Double
  public var goalY: Double
  public var obstacles: [CircleObstacle]
  public var robotRadius = 0.2
  public var goalWeight = 1.0
  public var terminalWeight = 10.0
  public var collisionCost = 1_000.0
  public var inflationRadius = 0.3
  public var repulsionWeight = 2.0
  public var speedWeight = 0.0
  public var turnWeight = 0.02
  public var backwardWeight = 2.5

  public init(goalX: Double, goalY: Double, obstacles: [CircleObstacle]) {
    self.goalX = goalX
    self.goalY = goalY
    self.obstacles = obstacles
  }

  /// The smallest clearance (edge distance minus robot radius) from (x, y) to any obstacle.
  public func clearance(x: Double, y: Double) -> Double {
    var best = Double.infinity
    for o in obstacles {
      let dx = x - o.x, dy = y - o.y
      best = Swift.min(best, (dx * dx + dy * dy).squareRoot() - o.radius - robotRadius)
    }
    return best
  }

  public func accumulateRunningCost(
    states: UnsafeBufferPointer<Double>, controls: UnsafeBufferPointer<Double>, count: Int, time: Int,
    into costs: UnsafeMutableBufferPointer<Double>
  ) {
    guard let xs = states.baseAddress, let us = controls.baseAddress else { return }
    obstacles.withUnsafeBufferPointer { obs in
      for k in 0..<count {
        let x = xs[4 &* k], y = xs[4 &* k &+ 1]
        let v = us[2 &* k], w = us[2 &* k &+ 1]
        let gx = x - goalX, gy = y - goalY
        var c = goalWeight * (gx * gx + gy * gy).squareRoot()
        c += speedWeight * v * v + turnWeight * w * w + backwardWeight * Swift.max(-v, 0)
        var hit = false
        for o in obs {
          let dx = x - o.x, dy = y - o.y
          let reach = o.radius + robotRadius + inflationRadius
          let d2 = dx * dx + dy * dy
          if d2 < reach * reach {
            let clearance = d2.squareRoot() - o.radius - robotRadius
            if clearance < 0 { hit = true }
            c += repulsionWeight * (inflationRadius - clearance)
          }
        }
        if hit { c += collisionCost }
        costs[k] += c
      }
    }
  }

  public func accumulateTerminalCost(
    states: UnsafeBufferPointer<Double>, count: Int, into costs: UnsafeMutableBufferPointer<Double>
  ) {
    for k in 0..<count {
      let gx = states[4 * k] - goalX, gy = states[4 * k + 1] - goalY
      costs[k] += terminalWeight * (gx * gx + gy * gy).squareRoot()
    }
  }
}
