import Foundation
import FisherControl

/// SVG pictures of a closed-loop control run: the trajectory and the controls over time.
struct ControlPlot {
  var system: ControlCommand.SystemName
  var outcome: ControlOutcome

  struct Series {
    var values: [Double]
    var color: String
    var label: String
  }

  func svg() -> String {
    let r = outcome.result
    let dt: Double
    var panels: [(String, [Series], (Double, Double)?)] = []
    var map: String? = nil
    switch system {
    case .pendulum:
      dt = Pendulum().dt
      panels = [
        ("angle θ (wrapped, rad)", [Series(values: r.states.map { wrapAngle($0[0]) }, color: "#1f77b4", label: "θ")], (-Double.pi, Double.pi)),
        ("angular velocity θ̇ (rad/s)", [Series(values: r.states.map { $0[1] }, color: "#ff7f0e", label: "θ̇")], nil),
        ("torque u (N·m)", [Series(values: r.controls.map { $0[0] }, color: "#2ca02c", label: "u")], (-2, 2)),
      ]
    case .cartpole:
      dt = CartPole().dt
      panels = [
        ("pole angle θ (wrapped, rad)", [Series(values: r.states.map { wrapAngle($0[2]) }, color: "#1f77b4", label: "θ")], (-Double.pi, Double.pi)),
        ("cart position x (m)", [Series(values: r.states.map { $0[0] }, color: "#ff7f0e", label: "x")], nil),
        ("force F (N)", [Series(values: r.controls.map { $0[0] }, color: "#2ca02c", label: "F")], (-10, 10)),
      ]
    case .unicycle:
      dt = Unicycle().dt
      map = unicycleMap(r)
      panels = [
        ("speed v (m/s)", [Series(values: r.controls.map { $0[0] }, color: "#1f77b4", label: "v")], (-0.35, 0.5)),
        ("turn rate ω (rad/s)", [Series(values: r.controls.map { $0[1] }, color: "#ff7f0e", label: "ω")], (-1.9, 1.9)),
      ]
    case .car:
      let car = KinematicBicycle()
      dt = car.dt
      map = carMap(r)
      panels = [
        ("speed v (m/s)", [Series(values: r.states.map { $0[3] }, color: "#1f77b4", label: "v")], (0, car.maxSpeed)),
        ("acceleration a (m/s²)", [Series(values: r.controls.map { $0[0] }, color: "#2ca02c", label: "a")],
         (-car.maxBraking, car.maxAcceleration)),
        ("steering δ (rad)", [Series(values: r.controls.map { $0[1] }, color: "#ff7f0e", label: "δ")],
         (-car.maxSteering, car.maxSteering)),
      ]
    }
    let panelWidth = map == nil ? 720.0 : 560.0, panelHeight = 170.0, left = map == nil ? 20.0 : 470.0
    let height = Swift.max(Double(panels.count) * (panelHeight + 40) + 60, map == nil ? 0 : 500)
    var out = """
      <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(left + panelWidth + 30))" height="\(Int(height))" \
      font-family="sans-serif" font-size="12">
      <rect width="100%" height="100%" fill="white"/>
      <text x="20" y="24" font-size="16">fisher control \(system.rawValue): \(r.controls.count) steps, \
      total cost \(String(format: "%.2f", r.totalCost)), \(String(format: "%.3f", r.millisecondsPerCommand)) ms/command</text>

      """
    if let map { out += map }
    for (i, p) in panels.enumerated() {
      out += linePanel(
        x: left, y: 50 + Double(i) * (panelHeight + 40), width: panelWidth, height: panelHeight,
        title: p.0, series: p.1, range: p.2, dt: dt)
    }
    return out + "</svg>\n"
  }

  func linePanel(
    x: Double, y: Double, width: Double, height: Double, title: String, series: [Series],
    range: (Double, Double)?, dt: Double
  ) -> String {
    let all = series.flatMap(\.values).filter(\.isFinite)
    var lo = range?.0 ?? (all.min() ?? 0), hi = range?.1 ?? (all.max() ?? 1)
    if let a = all.min(), a < lo { lo = a }
    if let b = all.max(), b > hi { hi = b }
    if hi - lo < 1e-12 { hi = lo + 1 }
    let n = Swift.max(series.map(\.values.count).max() ?? 1, 2)
    let top = y + 18
    func px(_ i: Int) -> Double { x + 50 + Double(i) / Double(n - 1) * (width - 60) }
    func py(_ v: Double) -> Double { top + (hi - v) / (hi - lo) * (height - 30) }
    var s = "<text x=\"\(x + 50)\" y=\"\(y + 10)\">\(title)</text>\n"
    s += "<rect x=\"\(x + 50)\" y=\"\(top)\" width=\"\(width - 60)\" height=\"\(height - 30)\" fill=\"none\" stroke=\"#999\"/>\n"
    if lo < 0 && hi > 0 {
      s += "<line x1=\"\(x + 50)\" y1=\"\(py(0))\" x2=\"\(x + width - 10)\" y2=\"\(py(0))\" stroke=\"#ccc\" stroke-dasharray=\"4 3\"/>\n"
    }
    for v in [lo, hi] {
      s += "<text x=\"\(x + 45)\" y=\"\(py(v) + 4)\" text-anchor=\"end\">\(String(format: "%.2f", v))</text>\n"
    }
    let seconds = Double(n - 1) * dt
    s += "<text x=\"\(x + 50)\" y=\"\(top + height - 16)\">0 s</text>\n"
    s += "<text x=\"\(x + width - 10)\" y=\"\(top + height - 16)\" text-anchor=\"end\">\(String(format: "%.2f", seconds)) s</text>\n"
    for ser in series {
      let points = ser.values.enumerated().filter { $0.element.isFinite }
        .map { String(format: "%.1f,%.1f", px($0.offset), py($0.element)) }.joined(separator: " ")
      s += "<polyline points=\"\(points)\" fill=\"none\" stroke=\"\(ser.color)\" stroke-width=\"1.5\"/>\n"
    }
    return s
  }

  /// The car's world: reference path, obstacles, goal, start and the driven path.
  func carMap(_ r: ClosedLoopResult) -> String {
    let cost = CarScenario.cost
    let xs = r.states.map { $0[0] } + cost.obstacles.flatMap { [$0.x - $0.radius, $0.x + $0.radius] } + cost.path.map(\.x)
    let ys = r.states.map { $0[1] } + cost.obstacles.flatMap { [$0.y - $0.radius, $0.y + $0.radius] } + cost.path.map(\.y)
    let x0 = (xs.min() ?? 0) - 1, x1 = (xs.max() ?? 1) + 1
    let y0 = (ys.min() ?? 0) - 1, y1 = (ys.max() ?? 1) + 1
    let size = 420.0
    let scale = size / Swift.max(x1 - x0, y1 - y0)
    func px(_ v: Double) -> Double { 20 + (v - x0) * scale }
    func py(_ v: Double) -> Double { 60 + size - (v - y0) * scale }
    var s = "<text x=\"20\" y=\"50\">path (m); reference dashed, obstacles grey, car radius \(cost.carRadius) m dashed</text>\n"
    s += "<rect x=\"20\" y=\"60\" width=\"\(size)\" height=\"\(size)\" fill=\"none\" stroke=\"#999\"/>\n"
    for o in cost.obstacles {
      s += "<circle cx=\"\(px(o.x))\" cy=\"\(py(o.y))\" r=\"\(o.radius * scale)\" fill=\"#bbb\"/>\n"
      s += "<circle cx=\"\(px(o.x))\" cy=\"\(py(o.y))\" r=\"\((o.radius + cost.carRadius) * scale)\" fill=\"none\" stroke=\"#bbb\" stroke-dasharray=\"3 3\"/>\n"
    }
    let reference = cost.path.map { String(format: "%.1f,%.1f", px($0.x), py($0.y)) }.joined(separator: " ")
    s += "<polyline points=\"\(reference)\" fill=\"none\" stroke=\"#1f77b4\" stroke-dasharray=\"6 4\"/>\n"
    let goal = cost.target
    s += "<circle cx=\"\(px(goal.x))\" cy=\"\(py(goal.y))\" r=\"\(CarScenario.goalTolerance * scale)\" fill=\"none\" stroke=\"#2ca02c\" stroke-width=\"2\"/>\n"
    s += "<text x=\"\(px(goal.x) + 8)\" y=\"\(py(goal.y) - 8)\">goal</text>\n"
    let points = r.states.map { String(format: "%.1f,%.1f", px($0[0]), py($0[1])) }.joined(separator: " ")
    s += "<polyline points=\"\(points)\" fill=\"none\" stroke=\"#d62728\" stroke-width=\"2\"/>\n"
    if let first = r.states.first {
      s += "<circle cx=\"\(px(first[0]))\" cy=\"\(py(first[1]))\" r=\"4\" fill=\"#d62728\"/>\n"
    }
    return s
  }

  /// The unicycle's world: obstacles, goal, start and the driven path.
  func unicycleMap(_ r: ClosedLoopResult) -> String {
    let cost = UnicycleScenario.cost
    let xs = r.states.map { $0[0] } + cost.obstacles.flatMap { [$0.x - $0.radius, $0.x + $0.radius] } + [cost.goalX]
    let ys = r.states.map { $0[1] } + cost.obstacles.flatMap { [$0.y - $0.radius, $0.y + $0.radius] } + [cost.goalY]
    let x0 = (xs.min() ?? 0) - 0.4, x1 = (xs.max() ?? 1) + 0.4
    let y0 = (ys.min() ?? 0) - 0.4, y1 = (ys.max() ?? 1) + 0.4
    let size = 420.0
    let scale = size / Swift.max(x1 - x0, y1 - y0)
    func px(_ v: Double) -> Double { 20 + (v - x0) * scale }
    func py(_ v: Double) -> Double { 60 + size - (v - y0) * scale }
    var s = "<text x=\"20\" y=\"50\">path (m); obstacles grey, robot radius \(cost.robotRadius) m dashed</text>\n"
    s += "<rect x=\"20\" y=\"60\" width=\"\(size)\" height=\"\(size)\" fill=\"none\" stroke=\"#999\"/>\n"
    for o in cost.obstacles {
      s += "<circle cx=\"\(px(o.x))\" cy=\"\(py(o.y))\" r=\"\(o.radius * scale)\" fill=\"#bbb\"/>\n"
      s += "<circle cx=\"\(px(o.x))\" cy=\"\(py(o.y))\" r=\"\((o.radius + cost.robotRadius) * scale)\" fill=\"none\" stroke=\"#bbb\" stroke-dasharray=\"3 3\"/>\n"
    }
    s += "<circle cx=\"\(px(cost.goalX))\" cy=\"\(py(cost.goalY))\" r=\"\(UnicycleScenario.goalTolerance * scale)\" fill=\"none\" stroke=\"#2ca02c\" stroke-width=\"2\"/>\n"
    s += "<text x=\"\(px(cost.goalX) + 8)\" y=\"\(py(cost.goalY) - 8)\">goal</text>\n"
    let points = r.states.map { String(format: "%.1f,%.1f", px($0[0]), py($0[1])) }.joined(separator: " ")
    s += "<polyline points=\"\(points)\" fill=\"none\" stroke=\"#d62728\" stroke-width=\"2\"/>\n"
    if let first = r.states.first {
      s += "<circle cx=\"\(px(first[0]))\" cy=\"\(py(first[1]))\" r=\"4\" fill=\"#d62728\"/>\n"
    }
    return s
  }
}
