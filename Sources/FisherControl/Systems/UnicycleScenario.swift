/// The unicycle task of `fisher control unicycle` and of the control benchmark:
/// a ``Unicycle`` starts at the origin heading along +x and drives to a goal
/// 4 m away at (4, 0), past four circular obstacles, under ``UnicycleCost``.
///
/// The planner settings are Nav2's MPPI controller's: K = 2048 rollouts of
/// T = 56 steps (2.8 s), λ = 0.3, σ = (0.2, 0.4) on (v, ω), control-cost weight
/// γ = 0.015, Savitzky–Golay smoothing of half-width 4 and the last control
/// repeated after the shift. The goal counts as reached within 0.25 m.
public enum UnicycleScenario {
  /// (x, y, cos ψ, sin ψ) = (0, 0, 1, 0).
  public static let start = Unicycle.state(x: 0, y: 0, heading: 0)
  /// The goal's position.
  public static let goalX = 4.0
  public static let goalY = 0.0
  /// The distance to the goal within which it counts as reached, in metres.
  public static let goalTolerance = 0.25
  public static let obstacles = [
    CircleObstacle(x: 1.3, y: 0.3, radius: 0.3),
    CircleObstacle(x: 2.6, y: -0.5, radius: 0.3),
    CircleObstacle(x: 3.0, y: 0.9, radius: 0.3),
    CircleObstacle(x: 1.6, y: -1.3, radius: 0.25),
  ]
  /// The costs: ``UnicycleCost`` with its default weights, this goal and these obstacles.
  public static var cost: UnicycleCost { UnicycleCost(goalX: goalX, goalY: goalY, obstacles: obstacles) }

  /// K, rollouts per step.
  public static let samples = 2048
  /// T, control steps per rollout.
  public static let horizon = 56
  /// Closed-loop steps of a run (15 s).
  public static let steps = 300
  /// λ.
  public static let temperature = 0.3
  /// σ of the noise on (v, ω).
  public static let standardDeviations = [0.2, 0.4]
  /// γ of the control cost.
  public static let controlCostWeight = 0.015
  /// h of the Savitzky–Golay smoothing (window 2h + 1, degree 2).
  public static let smoothingHalfWidth = 4
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
  public static func distanceToGoal(_ state: [Double]) -> Double {
    ((state[0] - goalX) * (state[0] - goalX) + (state[1] - goalY) * (state[1] - goalY)).squareRoot()
  }
}
