import FisherControl
import FisherPlot
import Foundation

/// The SVG figure of `fisher control --svg`: the unicycle's map (for that
/// system) and line plots of the state and the controls over time.
struct ControlFigure {
  var system: ControlCommand.SystemName
  var outcome: ControlOutcome

  /// One line plot: `values` against time, on a y range that covers `range`
  /// (the control limits, the wrapped angle) and the data.
  func panel(_ title: String, _ name: String, _ values: [Double], color: String, range: (Double, Double)?, dt: Double) -> LinePlot {
    let finite = values.filter(\.isFinite)
    var yRange: ClosedRange<Double>?
    if let range {
      yRange = Swift.min(range.0, finite.min() ?? range.0)...Swift.max(range.1, finite.max() ?? range.1)
    }
    let points = values.enumerated().map { PlotPoint(x: Double($0.offset) * dt, y: $0.element) }
    return LinePlot(
      title: title, xLabel: "time (s)", yLabel: name, series: [PlotSeries(name: name, points: points, color: color)],
      legend: .none, width: 720, height: 190, yRange: yRange)
  }

  func svg() -> String {
    let r = outcome.result
    var panels: [PlotFigure.Panel] = []
    switch system {
    case .pendulum:
      let dt = Pendulum().dt
      panels = [
        .plot(panel("angle θ (wrapped, rad)", "θ", r.states.map { wrapAngle($0[0]) }, color: "#1f77b4", range: (-Double.pi, Double.pi), dt: dt)),
        .plot(panel("angular velocity θ̇ (rad/s)", "θ̇", r.states.map { $0[1] }, color: "#ff7f0e", range: nil, dt: dt)),
        .plot(panel("torque u (N·m)", "u", r.controls.map { $0[0] }, color: "#2ca02c", range: (-2, 2), dt: dt)),
      ]
    case .cartpole:
      let dt = CartPole().dt
      panels = [
        .plot(panel("pole angle θ (wrapped, rad)", "θ", r.states.map { wrapAngle($0[2]) }, color: "#1f77b4", range: (-Double.pi, Double.pi), dt: dt)),
        .plot(panel("cart position x (m)", "x", r.states.map { $0[0] }, color: "#ff7f0e", range: nil, dt: dt)),
        .plot(panel("force F (N)", "F", r.controls.map { $0[0] }, color: "#2ca02c", range: (-10, 10), dt: dt)),
      ]
    case .unicycle:
      let dt = Unicycle().dt
      panels = [
        unicycleMap(r),
        .plot(panel("speed v (m/s)", "v", r.controls.map { $0[0] }, color: "#1f77b4", range: (-0.35, 0.5), dt: dt)),
        .plot(panel("turn rate ω (rad/s)", "ω", r.controls.map { $0[1] }, color: "#ff7f0e", range: (-1.9, 1.9), dt: dt)),
      ]
    case .car:
      let car = KinematicBicycle()
      let dt = car.dt
      panels = [
        carMap(r),
        .plot(panel("speed v (m/s)", "v", r.states.map { $0[3] }, color: "#1f77b4", range: (0, car.maxSpeed), dt: dt)),
        .plot(panel("acceleration a (m/s²)", "a", r.controls.map { $0[0] }, color: "#2ca02c",
                    range: (-car.maxBraking, car.maxAcceleration), dt: dt)),
        .plot(panel("steering δ (rad)", "δ", r.controls.map { $0[1] }, color: "#ff7f0e",
                    range: (-car.maxSteering, car.maxSteering), dt: dt)),
      ]
    }
    let title = "fisher control \(system.rawValue): \(r.controls.count) steps, total cost "
      + "\(String(format: "%.2f", r.totalCost)), \(String(format: "%.3f", r.millisecondsPerCommand)) ms/command"
    return PlotFigure(title: title, panels: panels, columns: 1).svg() + "\n"
  }

  /// The unicycle's world: obstacles, goal, start and the driven path.
  func unicycleMap(_ r: ClosedLoopResult) -> PlotFigure.Panel {
    let cost = UnicycleScenario.cost
    return worldMap(
      r, caption: "path (m); obstacles grey, robot radius \(cost.robotRadius) m dashed",
      obstacles: cost.obstacles.map { ($0.x, $0.y, $0.radius) }, clearance: cost.robotRadius,
      goal: (cost.goalX, cost.goalY), goalTolerance: UnicycleScenario.goalTolerance, margin: 0.4)
  }

  /// The car's world: reference path, obstacles, goal, start and the driven path.
  func carMap(_ r: ClosedLoopResult) -> PlotFigure.Panel {
    let cost = CarScenario.cost
    return worldMap(
      r, caption: "path (m); reference dashed, obstacles grey, car radius \(cost.carRadius) m dashed",
      obstacles: cost.obstacles.map { ($0.x, $0.y, $0.radius) }, clearance: cost.carRadius,
      goal: (cost.target.x, cost.target.y), goalTolerance: CarScenario.goalTolerance,
      reference: cost.path.map { ($0.x, $0.y) }, margin: 1)
  }

  /// A plane seen from above at equal scale on both axes: circular obstacles
  /// (with the vehicle's clearance dashed around them), an optional reference
  /// path, the goal, the start and the driven path (the first two state
  /// coordinates).
  func worldMap(
    _ r: ClosedLoopResult, caption: String, obstacles: [(x: Double, y: Double, radius: Double)], clearance: Double,
    goal: (x: Double, y: Double), goalTolerance: Double, reference: [(x: Double, y: Double)] = [], margin: Double
  ) -> PlotFigure.Panel {
    let xs = r.states.map { $0[0] } + obstacles.flatMap { [$0.x - $0.radius, $0.x + $0.radius] } + reference.map(\.x) + [goal.x]
    let ys = r.states.map { $0[1] } + obstacles.flatMap { [$0.y - $0.radius, $0.y + $0.radius] } + reference.map(\.y) + [goal.y]
    let x0 = (xs.filter(\.isFinite).min() ?? 0) - margin, x1 = (xs.filter(\.isFinite).max() ?? 1) + margin
    let y0 = (ys.filter(\.isFinite).min() ?? 0) - margin, y1 = (ys.filter(\.isFinite).max() ?? 1) + margin
    let size = 420.0
    let scale = size / Swift.max(x1 - x0, y1 - y0)
    func px(_ v: Double) -> String { String(format: "%.1f", 10 + (v - x0) * scale) }
    func py(_ v: Double) -> String { String(format: "%.1f", 30 + size - (v - y0) * scale) }
    func length(_ v: Double) -> String { String(format: "%.1f", v * scale) }
    var s = "<text x=\"10\" y=\"20\">\(xmlEscaped(caption))</text>\n"
    s += "<rect x=\"10\" y=\"30\" width=\"\(size)\" height=\"\(size)\" fill=\"none\" stroke=\"#999\"/>\n"
    for o in obstacles {
      s += "<circle cx=\"\(px(o.x))\" cy=\"\(py(o.y))\" r=\"\(length(o.radius))\" fill=\"#bbb\"/>\n"
      s += "<circle cx=\"\(px(o.x))\" cy=\"\(py(o.y))\" r=\"\(length(o.radius + clearance))\" fill=\"none\" "
        + "stroke=\"#bbb\" stroke-dasharray=\"3 3\"/>\n"
    }
    if !reference.isEmpty {
      let line = reference.map { "\(px($0.x)),\(py($0.y))" }.joined(separator: " ")
      s += "<polyline points=\"\(line)\" fill=\"none\" stroke=\"#1f77b4\" stroke-dasharray=\"6 4\"/>\n"
    }
    s += "<circle cx=\"\(px(goal.x))\" cy=\"\(py(goal.y))\" r=\"\(length(goalTolerance))\" "
      + "fill=\"none\" stroke=\"#2ca02c\" stroke-width=\"2\"/>\n"
    s += "<text x=\"\(px(goal.x))\" y=\"\(py(goal.y))\" dx=\"8\" dy=\"-8\">goal</text>\n"
    let points = r.states.filter { $0[0].isFinite && $0[1].isFinite }.map { "\(px($0[0])),\(py($0[1]))" }
    s += "<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"#d62728\" stroke-width=\"2\"/>\n"
    if let first = r.states.first {
      s += "<circle cx=\"\(px(first[0]))\" cy=\"\(py(first[1]))\" r=\"4\" fill=\"#d62728\"/>\n"
    }
    return .elements(s, width: size + 20, height: size + 40)
  }
}
