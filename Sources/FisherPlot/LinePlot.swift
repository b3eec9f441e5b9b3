/// A line plot rendered as a standalone SVG document.
///
/// Axes are linear or logarithmic; their ranges come from the data (widened to
/// nice ticks: multiples of 1, 2 or 5 × 10ᵏ, or whole powers of ten) unless
/// given. Points that an axis cannot show — NaN, ±∞, and values ≤ 0 on a log
/// axis — are left out and the line joins their neighbours; points outside a
/// given range are drawn on the frame's edge. A plot without drawable points
/// is an empty frame reading "no data". Every text (title, labels, series
/// names) is XML-escaped.
///
///     var plot = LinePlot(title: "sphere", xLabel: "evaluations", yLabel: "f", yScale: .log)
///     plot.series.append(PlotSeries(name: "best so far", xy: [(10, 3.2), (20, 0.9), (30, 0.1)], style: .step))
///     let svg = plot.svg()
///
/// Each series is one `<polyline>` (one coordinate pair per drawn point, two
/// for `.step`) or one `<circle>` per point (`.markers`), carrying the series'
/// name in a `data-series` attribute.
public struct LinePlot: Sendable, Hashable {
  /// Where the legend sits inside the frame.
  public enum Legend: Sendable, Hashable {
    case none, topLeft, topRight, bottomLeft, bottomRight
  }

  public var title: String
  public var xLabel: String
  public var yLabel: String
  public var xScale: PlotScale
  public var yScale: PlotScale
  public var series: [PlotSeries]
  public var legend: Legend
  /// The document's size in pixels.
  public var width: Double
  public var height: Double
  /// The ranges shown; nil to fit the data. A range a log axis cannot show
  /// (a bound ≤ 0) is ignored.
  public var xRange: ClosedRange<Double>?
  public var yRange: ClosedRange<Double>?
  /// The ticks drawn; nil for automatic ones.
  public var xTicks: [PlotTick]?
  public var yTicks: [PlotTick]?

  /// The colors of series without their own, by index (matplotlib's tab10).
  public static let palette = [
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f",
  ]

  public init(
    title: String, xLabel: String = "", yLabel: String = "", xScale: PlotScale = .linear, yScale: PlotScale = .linear,
    series: [PlotSeries] = [], legend: Legend = .topRight, width: Double = 480, height: Double = 300,
    xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil
  ) {
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.xScale = xScale
    self.yScale = yScale
    self.series = series
    self.legend = legend
    self.width = width
    self.height = height
    self.xRange = xRange
    self.yRange = yRange
  }

  /// The margins between the document's edge and the frame.
  static let left = 62.0, right = 14.0, top = 26.0, bottom = 40.0

  /// The points of `series` that both axes can show.
  public func drawablePoints(of series: PlotSeries) -> [PlotPoint] {
    series.points.filter { xScale.canShow($0.x) && yScale.canShow($0.y) }
  }

  /// The x and y ranges drawn, or nil when there is nothing to draw.
  public func resolvedRanges() -> (x: ClosedRange<Double>, y: ClosedRange<Double>)? {
    let points = series.flatMap(drawablePoints(of:))
    func range(_ given: ClosedRange<Double>?, _ scale: PlotScale, _ values: [Double]) -> ClosedRange<Double>? {
      if let given, scale.canShow(given.lowerBound), scale.canShow(given.upperBound), given.lowerBound < given.upperBound {
        return given
      }
      guard let lo = values.min(), let hi = values.max() else { return nil }
      return scale.niceRange(lo, hi)
    }
    guard !points.isEmpty,
      let x = range(xRange, xScale, points.map(\.x)), let y = range(yRange, yScale, points.map(\.y))
    else { return nil }
    return (x, y)
  }

  /// The plot as an SVG document.
  ///
  /// - Complexity: O(points).
  public func svg() -> String {
    let c = SVGNumber.coordinate
    let pw = Swift.max(1, width - Self.left - Self.right), ph = Swift.max(1, height - Self.top - Self.bottom)
    var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(c(width))\" height=\"\(c(height))\" "
      + "viewBox=\"0 0 \(c(width)) \(c(height))\" font-family=\"sans-serif\" font-size=\"10\">"
    s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>"
    s += "<text x=\"\(c(width / 2))\" y=\"16\" text-anchor=\"middle\" font-size=\"12\">\(xmlEscaped(title))</text>"
    s += "<text x=\"\(c(Self.left + pw / 2))\" y=\"\(c(height - 6))\" text-anchor=\"middle\">\(xmlEscaped(xLabel))</text>"
    s += "<text transform=\"translate(12,\(c(Self.top + ph / 2))) rotate(-90)\" text-anchor=\"middle\">"
      + "\(xmlEscaped(yLabel))</text>"
    let frame = "<rect class=\"frame\" x=\"\(c(Self.left))\" y=\"\(c(Self.top))\" width=\"\(c(pw))\" height=\"\(c(ph))\" "
      + "fill=\"none\" stroke=\"#444\""
    guard let ranges = resolvedRanges() else {
      s += frame + "/>"
      s += "<text x=\"\(c(Self.left + pw / 2))\" y=\"\(c(Self.top + ph / 2))\" text-anchor=\"middle\" "
        + "fill=\"#888\">no data</text>"
      return s + "</svg>"
    }
    let xr = ranges.x, yr = ranges.y
    let mapping = Mapping(
      xScale: xScale, yScale: yScale, xRange: xr, yRange: yr, left: Self.left, top: Self.top, width: pw, height: ph)
    for tick in xTicks ?? xScale.ticks(in: xr, count: Swift.max(2, Int(pw / 70))) where xr.contains(tick.value) {
      let x = c(mapping.x(tick.value))
      s += "<line x1=\"\(x)\" y1=\"\(c(Self.top))\" x2=\"\(x)\" y2=\"\(c(Self.top + ph))\" stroke=\"#e4e4e4\"/>"
      s += "<text x=\"\(x)\" y=\"\(c(Self.top + ph + 13))\" text-anchor=\"middle\">\(xmlEscaped(tick.label))</text>"
    }
    for tick in yTicks ?? yScale.ticks(in: yr, count: Swift.max(2, Int(ph / 30))) where yr.contains(tick.value) {
      let y = c(mapping.y(tick.value))
      s += "<line x1=\"\(c(Self.left))\" y1=\"\(y)\" x2=\"\(c(Self.left + pw))\" y2=\"\(y)\" stroke=\"#e4e4e4\" "
        + "data-tick=\"\(xmlEscaped(tick.label))\"/>"
      s += "<text x=\"\(c(Self.left - 4))\" y=\"\(c(mapping.y(tick.value) + 3))\" text-anchor=\"end\">"
        + "\(xmlEscaped(tick.label))</text>"
    }
    // The frame carries the axes' ranges and scales, so that a script can
    // place new points exactly as these were placed.
    s += frame + " data-x-min=\"\(xr.lowerBound)\" data-x-max=\"\(xr.upperBound)\" data-x-scale=\"\(xScale.name)\""
      + " data-y-min=\"\(yr.lowerBound)\" data-y-max=\"\(yr.upperBound)\" data-y-scale=\"\(yScale.name)\"/>"
    for (i, serie) in series.enumerated() {
      let color = xmlEscaped(serie.color ?? Self.palette[i % Self.palette.count])
      let name = xmlEscaped(serie.name)
      let points = drawablePoints(of: serie)
      guard !points.isEmpty else { continue }
      let dash = serie.dash.map { " stroke-dasharray=\"\(xmlEscaped($0))\"" } ?? ""
      switch serie.style {
      case .markers:
        s += "<g fill=\"\(color)\" data-series=\"\(name)\">"
        for p in points { s += "<circle cx=\"\(c(mapping.x(p.x)))\" cy=\"\(c(mapping.y(p.y)))\" r=\"2\"/>" }
        s += "</g>"
      case .line, .step:
        var coordinates: [String] = []
        coordinates.reserveCapacity(serie.style == .step ? 2 * points.count : points.count)
        var previousY: String?
        for p in points {
          let x = c(mapping.x(p.x)), y = c(mapping.y(p.y))
          if serie.style == .step, let py = previousY { coordinates.append("\(x),\(py)") }
          coordinates.append("\(x),\(y)")
          previousY = y
        }
        s += "<polyline points=\"\(coordinates.joined(separator: " "))\" fill=\"none\" stroke=\"\(color)\" "
          + "stroke-width=\"1.5\"\(dash) data-series=\"\(name)\"/>"
      }
    }
    s += legendSVG(plotWidth: pw, plotHeight: ph)
    return s + "</svg>"
  }

  /// The legend: a short line (a dot for markers) in each series' color and its name.
  func legendSVG(plotWidth pw: Double, plotHeight ph: Double) -> String {
    let named = series.enumerated().filter { !$0.element.name.isEmpty }
    guard legend != .none, !named.isEmpty else { return "" }
    let c = SVGNumber.coordinate
    let rowHeight = 12.0
    let longest = named.map { $0.element.name.count }.max() ?? 0
    let boxWidth = 26 + 6 * Double(Swift.min(longest, 40)), boxHeight = rowHeight * Double(named.count) + 6
    let x0: Double, y0: Double
    switch legend {
    case .topLeft, .bottomLeft: x0 = Self.left + 6
    default: x0 = Self.left + pw - boxWidth - 6
    }
    switch legend {
    case .bottomLeft, .bottomRight: y0 = Self.top + ph - boxHeight - 6
    default: y0 = Self.top + 6
    }
    var s = "<g class=\"legend\"><rect x=\"\(c(x0))\" y=\"\(c(y0))\" width=\"\(c(boxWidth))\" height=\"\(c(boxHeight))\" "
      + "fill=\"white\" fill-opacity=\"0.8\" stroke=\"#ccc\"/>"
    for (row, (i, serie)) in named.enumerated() {
      let color = xmlEscaped(serie.color ?? Self.palette[i % Self.palette.count])
      let y = y0 + 3 + rowHeight * (Double(row) + 0.5)
      if serie.style == .markers {
        s += "<circle cx=\"\(c(x0 + 11))\" cy=\"\(c(y))\" r=\"2.5\" fill=\"\(color)\"/>"
      } else {
        s += "<line x1=\"\(c(x0 + 4))\" y1=\"\(c(y))\" x2=\"\(c(x0 + 18))\" y2=\"\(c(y))\" stroke=\"\(color)\" stroke-width=\"2\"/>"
      }
      s += "<text x=\"\(c(x0 + 22))\" y=\"\(c(y + 3.5))\">\(xmlEscaped(serie.name))</text>"
    }
    return s + "</g>"
  }
}

/// Data coordinates to pixels, clamped to the frame.
struct Mapping {
  var xScale: PlotScale
  var yScale: PlotScale
  var xRange: ClosedRange<Double>
  var yRange: ClosedRange<Double>
  var left: Double
  var top: Double
  var width: Double
  var height: Double

  func x(_ v: Double) -> Double {
    left + width * Self.fraction(xScale, v, xRange)
  }

  func y(_ v: Double) -> Double {
    top + height * (1 - Self.fraction(yScale, v, yRange))
  }

  /// Where `v` lies in `range` on `scale`, from 0 to 1.
  static func fraction(_ scale: PlotScale, _ v: Double, _ range: ClosedRange<Double>) -> Double {
    let lo = scale.transform(range.lowerBound), hi = scale.transform(range.upperBound)
    guard hi > lo else { return 0.5 }
    let f = (scale.transform(v) - lo) / (hi - lo)
    return f.isFinite ? Swift.min(1, Swift.max(0, f)) : 0
  }
}
