import Foundation
import Testing
@testable import FisherPlot

@Suite struct LinePlotTests {
  @Test func xmlEscaping() {
    #expect(xmlEscaped("a < b & \"c\" > 'd'") == "a &lt; b &amp; &quot;c&quot; &gt; &#39;d&#39;")
    #expect("θ ≤ 1".xmlEscaped == "θ ≤ 1")
  }

  /// Every text a caller supplies is shown as text, never as markup.
  @Test func textIsEscaped() {
    var plot = LinePlot(title: "<script>alert(1)</script>", xLabel: "x & y", yLabel: "<b>")
    plot.series = [PlotSeries(name: "\"><script>", xy: [(1, 1), (2, 2)])]
    let svg = plot.svg()
    #expect(!svg.contains("<script"))
    #expect(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && svg.contains("x &amp; y") && svg.contains("&lt;b&gt;"))
    #expect(svg.contains("data-series=\"&quot;&gt;&lt;script&gt;\""))
    let empty = LinePlot(title: "<script>").svg()
    #expect(!empty.contains("<script"))
  }

  /// On a log axis over 10⁻³ … 10², the ticks are the six powers of ten,
  /// drawn equally spaced.
  @Test func logTicksSitAtPowersOfTen() throws {
    let ticks = PlotScale.log.ticks(in: 1e-3...1e2)
    #expect(ticks.map(\.value) == [1e-3, 1e-2, 0.1, 1, 10, 100])
    #expect(ticks.map(\.label) == ["1e-3", "1e-2", "0.1", "1", "10", "100"])
    var plot = LinePlot(title: "log", yScale: .log)
    plot.series = [PlotSeries(name: "f", xy: [(0, 2e-3), (1, 50)])]
    #expect(plot.resolvedRanges()?.y == 1e-3...1e2)
    let svg = plot.svg()
    let lines = SVGInspection.yTicks(svg)
    #expect(lines.map(\.label) == ["1e-3", "1e-2", "0.1", "1", "10", "100"])
    let gaps = zip(lines, lines.dropFirst()).map { $0.y - $1.y }
    #expect(gaps.allSatisfy { abs($0 - gaps[0]) <= 0.2 } && gaps[0] > 10)
    // The data points lie between the ticks of their decades: 2e-3 above 1e-3, 50 below 100.
    let points = try #require(SVGInspection.polylines(svg, series: "f").first)
    #expect(points[0].y < lines[0].y && points[0].y > lines[1].y)
    #expect(points[1].y > lines[5].y && points[1].y < lines[4].y)
  }

  /// Over hundreds of decades only every k-th power is labelled; inside one
  /// decade the ticks fall at 1, 2 and 5 × 10ᵏ.
  @Test func logTicksAdaptToTheSpan() {
    let wide = PlotScale.log.ticks(in: 1e-300...1e10)
    #expect(wide.count >= 2 && wide.count <= 8)
    #expect(wide.allSatisfy { t in
      let k = log10(t.value).rounded()
      return t.value == Double("1e\(Int(k))") && t.label == PlotScale.powerLabel(Int(k))
    })
    #expect(PlotScale.log.ticks(in: 2...9).map(\.value) == [2, 5])
    #expect(PlotScale.log.niceRange(3, 3) == 1...10)
    #expect(PlotScale.log.niceRange(0.02, 7e4) == 0.01...1e5)
  }

  @Test func linearTicksAreRoundNumbers() {
    #expect(PlotScale.linear.ticks(in: 0...1).map(\.label) == ["0", "0.2", "0.4", "0.6", "0.8", "1"])
    let ticks = PlotScale.linear.ticks(in: -3.7...12.1, count: 8)
    #expect(ticks.map(\.label) == ["-2", "0", "2", "4", "6", "8", "10", "12"])
    #expect(ticks.map(\.value) == [-2, 0, 2, 4, 6, 8, 10, 12])
    #expect(PlotScale.linear.niceRange(-3.7, 12.1) == -5...15)
    #expect(PlotScale.linear.ticks(in: 1e-9...5e-9).map(\.label) == ["1e-9", "2e-9", "3e-9", "4e-9", "5e-9"])
    #expect(PlotScale.decimalLabel(25, exponent: -3) == "0.025")
    #expect(PlotScale.decimalLabel(-15, exponent: 2) == "-1500")
    #expect(PlotScale.decimalLabel(25, exponent: -10) == "2.5e-9")
    // A range far from zero relative to its width keeps its two ends.
    #expect(PlotScale.linear.ticks(in: 1e300...(1e300 + 1e290)).count >= 2)
  }

  /// NaN and ±∞ are never drawn, nor values ≤ 0 on a log axis.
  @Test func undrawablePointsAreSkipped() throws {
    var plot = LinePlot(title: "t")
    plot.series = [PlotSeries(name: "a", xy: [(1, 1), (2, .nan), (3, .infinity), (.nan, 2), (4, 3)])]
    #expect(try #require(SVGInspection.polylines(plot.svg(), series: "a").first).count == 2)
    plot.yScale = .log
    plot.series = [PlotSeries(name: "a", xy: [(1, 1), (2, 0), (3, -1), (4, 10)])]
    let svg = plot.svg()
    #expect(try #require(SVGInspection.polylines(svg, series: "a").first).count == 2)
    #expect(!svg.contains("nan") && !svg.contains("inf"))
  }

  /// No drawable point: an empty frame that says so.
  @Test func emptyDataDrawsAnEmptyFrame() {
    for plot in [
      LinePlot(title: "empty"),
      LinePlot(title: "nan", series: [PlotSeries(name: "a", xy: [(.nan, .nan)])]),
      LinePlot(title: "log of negatives", yScale: .log, series: [PlotSeries(name: "a", xy: [(1, -1), (2, 0)])]),
      LinePlot(title: "tiny", width: 0, height: 0),
    ] {
      let svg = plot.svg()
      #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>"))
      #expect(svg.contains("no data") && !svg.contains("<polyline"))
    }
  }

  /// A staircase has a corner between consecutive points; markers are one circle each.
  @Test func stylesDrawTheirShapes() throws {
    var plot = LinePlot(title: "styles", legend: .bottomLeft)
    plot.series = [
      PlotSeries(name: "s", xy: [(0, 3), (1, 2), (2, 1)], style: .step),
      PlotSeries(name: "m", xy: [(0, 1), (1, 2), (2, 3), (3, 4)], style: .markers),
    ]
    let svg = plot.svg()
    let step = try #require(SVGInspection.polylines(svg, series: "s").first)
    #expect(step.count == 5)
    #expect(step[1].x == step[2].x && step[1].y == step[0].y)
    // Four markers, and the legend shows a line for the step series and a dot for the markers.
    let legend = try #require(svg.components(separatedBy: "<g class=\"legend\">").dropFirst().first?.components(separatedBy: "</g>").first)
    #expect(SVGInspection.count("<circle", in: svg) == 5)
    #expect(SVGInspection.count("<circle", in: legend) == 1 && SVGInspection.count("<line", in: legend) == 1)
  }

  /// The ends of the ranges land on the frame's corners; points outside a given range on its edge.
  @Test func pointsMapIntoTheFrame() throws {
    var plot = LinePlot(title: "map", width: 400, height: 300, xRange: 0...10, yRange: 0...1)
    plot.series = [PlotSeries(name: "a", xy: [(0, 0), (10, 1), (20, -5)])]
    let p = try #require(SVGInspection.polylines(plot.svg(), series: "a").first)
    #expect(p[0].x == LinePlot.left && p[0].y == 300 - LinePlot.bottom)
    #expect(p[1].x == 400 - LinePlot.right && p[1].y == LinePlot.top)
    #expect(p[2].x == 400 - LinePlot.right && p[2].y == 300 - LinePlot.bottom)
  }

  /// The frame's data attributes (ranges and scales) reproduce where each
  /// point was drawn: a page's script places new points with them.
  @Test(arguments: [PlotScale.linear, .log])
  func frameDescribesTheMapping(yScale: PlotScale) throws {
    var plot = LinePlot(title: "frame", yScale: yScale, width: 500, height: 320)
    let xy = [(1.0, 3.0), (4.0, 0.02), (9.0, 700.0), (13.0, 1.5)]
    plot.series = [PlotSeries(name: "a", xy: xy)]
    let svg = plot.svg()
    let tag = try #require(svg.components(separatedBy: "<rect class=\"frame\"").dropFirst().first?.prefix { $0 != ">" })
    func number(_ name: String) throws -> Double { try #require(SVGInspection.attribute(name, in: String(tag)).flatMap(Double.init)) }
    let (x0, y0, w, h) = (try number("x"), try number("y"), try number("width"), try number("height"))
    let (xMin, xMax, yMin, yMax) = (try number("data-x-min"), try number("data-x-max"), try number("data-y-min"), try number("data-y-max"))
    #expect(SVGInspection.attribute("data-x-scale", in: String(tag)) == "linear")
    #expect(SVGInspection.attribute("data-y-scale", in: String(tag)) == yScale.name)
    func fraction(_ v: Double, _ lo: Double, _ hi: Double, log: Bool) -> Double {
      log ? (Foundation.log10(v) - Foundation.log10(lo)) / (Foundation.log10(hi) - Foundation.log10(lo)) : (v - lo) / (hi - lo)
    }
    let drawn = try #require(SVGInspection.polylines(svg, series: "a").first)
    #expect(drawn.count == xy.count)
    for (point, (x, y)) in zip(drawn, xy) {
      let px = x0 + w * fraction(x, xMin, xMax, log: false)
      let py = y0 + h * (1 - fraction(y, yMin, yMax, log: yScale == .log))
      // Coordinates are written with one decimal.
      #expect(abs(point.x - px) <= 0.051 && abs(point.y - py) <= 0.051, "\(point) vs (\(px), \(py))")
    }
  }

  /// A figure places each panel in its cell.
  @Test func figureComposesPanels() {
    let a = LinePlot(title: "a", series: [PlotSeries(name: "a", xy: [(0, 1), (1, 2)])], width: 300, height: 200)
    let figure = PlotFigure(title: "<fig>", panels: [.plot(a), .plot(a), .plot(a)], columns: 2, spacing: 10).svg()
    #expect(figure.contains("translate(10,40)") && figure.contains("translate(320,40)") && figure.contains("translate(10,250)"))
    #expect(figure.contains("&lt;fig&gt;") && SVGInspection.count("<polyline", in: figure) == 3)
  }
}
