/// The car task of `fisher control car`: a ``KinematicBicycle`` follows an S-shaped
/// reference path 40 m long to its end, past obstacles placed on the path, under ``CarCost``.
///
/// Colliding is a hard constraint: rollouts that touch an obstacle are
/// infeasible. The goal counts as reached within ``goalTolerance``.
public enum CarScenario {
  /// At the path's start, heading along +x, at rest.
  public static let start = CarState(x: 0, y: 0, heading: 0, speed: 0)
  /// The reference path.
  public static let path: [SIMD2<Double>] = [
    SIMD2(0, 0), SIMD2(10, 0), SIMD2(18, 6), SIMD2(28, 6), SIMD2(36, 0), SIMD2(40, 0),
  ]
  /// Obstacles on or next to the path.
  public static let obstacles = [
    CircleObstacle(x: 8, y: 0.4, radius: 1.0),
    CircleObstacle(x: 22, y: 5.6, radius: 1.2),
    CircleObstacle(x: 33, y: 3.0, radius: 0.8),
  ]
  /// The distance from the goal (the path's end) within which it counts as reached, in metres.
  public static let goalTolerance = 1.0
  /// The cost: ``CarCost`` with its default weights, this path and these obstacles.
  public static var cost: CarCost { CarCost(path: path, obstacles: obstacles) }

  /// K, rollouts per step.
  public static let samples = 1024
  /// T, control steps per rollout (3 s).
  public static let horizon = 30
  /// Closed-loop steps of a run (20 s).
  public static let steps = 200
  /// λ.
  public static let temperature = 1.0
  /// σ of the noise on (acceleration, steering).
  public static let standardDeviations = [1.0, 0.2]
  /// γ of the control cost.
  public static let controlCostWeight = 0.05
  /// h of the Savitzky–Golay smoothing (window 2h + 1, degree 2).
  public static let smoothingHalfWidth = 3
  /// How the freed last control is filled after a shift.
  public static let tailFill = TailFill.repeatLast

  /// The MPPI settings above with a fixed λ, on `threads` threads, drawing from `seed`.
  public static func configuration(
    threads: Int = MPPIConfiguration.defaultThreads, seed: UInt64 = 0
  ) throws -> MPPIConfiguration {
    try .scenario(
      samples: samples, horizon: horizon, temperature: temperature, standardDeviations: standardDeviations,
      controlCostWeight: controlCostWeight, smoothingHalfWidth: smoothingHalfWidth, tailFill: tailFill,
      threads: threads, seed: seed)
  }

  /// The distance from `state` to the goal.
  public static func distanceToGoal(_ state: CarState) -> Double {
    let d = SIMD2(state.x, state.y) - (path.last ?? .zero)
    return (d * d).sum().squareRoot()
  }
}
