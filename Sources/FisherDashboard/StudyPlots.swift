import Fisher
import FisherPlot
import FisherStudy

/// The plots of a study page, drawn with FisherPlot.
enum StudyPlots {
  /// The most value markers drawn; the best-so-far curve keeps every improvement besides.
  static let maximumMarkers = 2000

  /// f against evaluations: every value (thinned to ``maximumMarkers``) and
  /// the best so far. x is the result's position in report order, so a value
  /// told later always lands to the right; the axis spans the budget, so an
  /// open page adds new values without redrawing. y is log when every value
  /// is positive.
  static func values(_ data: StudyPage.Data) -> String {
    var points: [PlotPoint] = []
    points.reserveCapacity(data.values.count)
    for (k, value) in data.values.enumerated() {
      if let v = value { points.append(PlotPoint(x: Double(k + 1), y: v)) }
    }
    var best: [PlotPoint] = []
    var lowest = Double.infinity
    for p in points where p.y < lowest {
      lowest = p.y
      best.append(p)
    }
    if let last = best.last, Double(data.values.count) > last.x {
      best.append(PlotPoint(x: Double(data.values.count), y: last.y))
    }
    let positive = points.allSatisfy { $0.y > 0 }
    var plot = LinePlot(
      title: "f", xLabel: "evaluations (in the order reported)", yLabel: positive ? "f (log)" : "f",
      yScale: positive ? .log : .linear, legend: .topRight,
      xRange: 0...Double(max(data.overview.status.budget, data.values.count, 1)))
    plot.series = [
      PlotSeries(name: "f", points: Downsample.points(points, maximumCount: maximumMarkers), style: .markers, color: "#7f7f7f"),
      PlotSeries(name: "best so far", points: best, style: .step, color: "#1f77b4"),
    ]
    return "<div id=\"values\" data-count=\"\(data.values.count)\" data-last=\"\(data.lastReport)\">"
      + plot.svg() + "</div>"
  }

  /// σ and axis ratio, the standard deviations and the mean against
  /// generations: the last three of pycma's four panels (the first is ``values(_:)``).
  static func distributionPanels(_ data: StudyPage.Data) -> String {
    RunPanels.plots(data.distributions, maximumPoints: StudyPage.maximumGenerations).dropFirst()
      .map { "<div>" + $0.svg() + "</div>" }.joined()
  }

  /// The best rows of a study with a search space, one axis per variable:
  /// reals and integers on their bounds (log axes for log-scaled reals),
  /// categories as their choices.
  static func parallelCoordinates(space: SearchSpace, rows: [StudyEvaluation]) -> String {
    var axes: [ParallelCoordinatesPlot.Axis] = []
    for variable in space.variables {
      switch variable.kind {
      case .real(let low, let high, let log):
        let range = low.flatMap { l in high.map { h in l...h } }
        axes.append(.init(name: variable.name, kind: .numeric(range: range, scale: log ? .log : .linear)))
      case .integer(let low, let high, _):
        axes.append(.init(name: variable.name, kind: .numeric(range: Double(low)...Double(high), scale: .linear)))
      case .categorical(let choices):
        axes.append(.init(name: variable.name, kind: .categorical(choices)))
      }
    }
    axes.append(.init(name: "f", kind: .numeric(range: nil, scale: .linear)))
    var lines: [[ParallelCoordinatesPlot.Value]] = []
    for row in rows {
      guard let point = try? space.decode(row.point), let value = row.value else { continue }
      var line: [ParallelCoordinatesPlot.Value] = point.values.map { v in
        if let d = v.doubleValue { return .number(d) }
        return .choice(v.stringValue ?? "")
      }
      line.append(.number(value))
      lines.append(line)
    }
    let plot = ParallelCoordinatesPlot(
      title: "best \(lines.count) by f (darkest first)", axes: axes, rows: lines,
      width: Double(max(480, 110 * axes.count)))
    return "<div id=\"parallel\">" + plot.svg() + "</div>"
  }
}
