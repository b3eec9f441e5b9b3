import Fisher
import Foundation
import Testing
@testable import FisherPlot

@Suite struct RunPanelsTests {
  /// A synthetic run: f and σ fall geometrically, coordinate i's standard
  /// deviation is σ/(i + 1), the mean drifts to 0.
  static func run(generations: Int, dimension: Int, lambda: Int = 10, offset: Double = 0) -> [GenerationSummary] {
    var bestSoFar = Double.infinity
    return (1...Swift.max(1, generations)).prefix(generations).map { g in
      let f = 100 * pow(0.97, Double(g)) * (1 + 0.3 * sin(Double(g))) + offset
      bestSoFar = Swift.min(bestSoFar, f)
      let sigma = pow(0.98, Double(g))
      return GenerationSummary(
        generation: g, evaluations: g * lambda, best: f, median: 1.5 * f, worst: 3 * f, bestSoFar: bestSoFar,
        sigma: sigma, condition: Double(g), standardDeviations: (0..<dimension).map { sigma / Double($0 + 1) },
        mean: (0..<dimension).map { Double($0) * pow(0.99, Double(g)) })
    }
  }

  /// A short run has one point per generation in every panel (two per
  /// generation, less one, for the best-so-far staircase), and log y for a positive f.
  @Test func onePointPerGeneration() throws {
    let summaries = Self.run(generations: 60, dimension: 3)
    let svg = RunPanels.svg(summaries, title: "sphere")
    for name in ["best", "median", "worst", "σ", "axis ratio √cond"] {
      let lines = SVGInspection.polylines(svg, series: name)
      #expect(lines.count == 1 && lines[0].count == 60, "\(name)")
    }
    let staircase = try #require(SVGInspection.polylines(svg, series: "best so far").first)
    #expect(staircase.count == 2 * 60 - 1)
    // x0, x1, x2 in the standard-deviation and the mean panel.
    for i in 0..<3 {
      let lines = SVGInspection.polylines(svg, series: "x\(i)")
      #expect(lines.count == 2 && lines.allSatisfy { $0.count == 60 })
    }
    let plots = RunPanels.plots(summaries)
    #expect(plots.map(\.yScale) == [.log, .log, .log, .linear])
    #expect(plots[0].xLabel == "evaluations" && plots[1].xLabel == "generation")
    // The f panel's x axis spans the evaluations: 10 … 600.
    #expect(plots[0].resolvedRanges()?.x == 0...600)
  }

  /// An f that goes negative is drawn on a linear axis (a log axis would drop it).
  @Test func negativeValuesUseALinearAxis() {
    let plots = RunPanels.plots(Self.run(generations: 30, dimension: 2, offset: -50))
    #expect(plots[0].yScale == .linear)
    let svg = plots[0].svg()
    #expect(SVGInspection.polylines(svg, series: "median").first?.count == 30)
  }

  /// 100 000 evaluations (10 000 generations) in 30 dimensions: under a
  /// megabyte, every series within its limit, every improvement of the best f kept.
  @Test func longRunsAreThinned() throws {
    let summaries = Self.run(generations: 10_000, dimension: 30)
    let svg = RunPanels.svg(summaries, title: "long")
    #expect(svg.utf8.count < 1_000_000)
    let sigma = try #require(SVGInspection.polylines(svg, series: "σ").first)
    #expect(sigma.count <= RunPanels.defaultMaximumPoints)
    let improvements = Downsample.improvementIndices(summaries.map { PlotPoint(x: Double($0.evaluations), y: $0.bestSoFar ?? .nan) })
    let staircase = try #require(SVGInspection.polylines(svg, series: "best so far").first)
    let corners = (staircase.count + 1) / 2
    #expect(corners >= improvements.count && corners <= RunPanels.defaultMaximumPoints + improvements.count)
    for line in SVGInspection.polylines(svg, series: "x29") { #expect(line.count <= 10_000 / 30) }
  }

  /// An empty log gives four empty panels.
  @Test func emptyLog() {
    let svg = RunPanels.svg([], title: "nothing")
    #expect(SVGInspection.count("no data", in: svg) == 4 && !svg.contains("<polyline"))
    let html = RunPanels.html([], title: "nothing")
    #expect(html.contains("No generations logged."))
  }

  /// The page stands alone: no scripts, no links, nothing fetched; its title escaped.
  @Test func htmlIsStandalone() {
    let html = RunPanels.html(Self.run(generations: 20, dimension: 2), title: "<script>x</script>")
    #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("</html>"))
    #expect(!html.contains("<script") && html.contains("&lt;script&gt;x&lt;/script&gt;"))
    for external in ["src=", "href=", "url(", "@import", "<link"] { #expect(!html.contains(external), "\(external)") }
    #expect(SVGInspection.count("<svg", in: html) == 5)  // the figure and its four panels
  }
}
