import Fisher

/// The four panels pycma's `cma.plot()` draws for a single run, from the
/// run's ``GenerationSummary`` log:
///
/// 1. **f**: the best f so far (a staircase) and each generation's best,
///    median and worst against evaluations; log y when every value drawn is
///    positive, linear otherwise (a log axis would drop the values ≤ 0);
/// 2. **σ and axis ratio**: the step size σ and √condition (the ratio of the
///    longest to the shortest axis of C) against generations, log y;
/// 3. **standard deviations**: each coordinate's standard deviation against
///    generations, log y;
/// 4. **mean**: each coordinate of the mean against generations, linear y.
///
/// Long runs are thinned with ``Downsample``: each f, σ and axis-ratio
/// series to at most `maximumPoints` points (the best-so-far curve keeps
/// every improvement besides), and each coordinate's series to at most
/// max(50, min(`maximumPoints`, 10 000/n)) points, so that a run of any
/// length and dimension gives a document of a few hundred kilobytes. A run
/// with no more generations than that has one point per generation.
public enum RunPanels {
  /// The default limit on the points of one series.
  public static let defaultMaximumPoints = 1000

  /// The four panels as separate plots, in the order above.
  public static func plots(_ summaries: [GenerationSummary], maximumPoints: Int = defaultMaximumPoints) -> [LinePlot] {
    let limit = Swift.max(2, maximumPoints)
    let n = summaries.map(\.mean.count).max() ?? 0
    let coordinateLimit = Swift.max(50, Swift.min(limit, 10_000 / Swift.max(1, n)))
    let evaluations = summaries.map { Double($0.evaluations) }
    let generations = summaries.map { Double($0.generation) }
    func series(_ x: [Double], _ y: [Double?]) -> [PlotPoint] {
      zip(x, y).map { PlotPoint(x: $0, y: $1 ?? .nan) }
    }

    // f: log y only when every drawable value is positive.
    let bestSoFar = series(evaluations, summaries.map(\.bestSoFar))
    let best = series(evaluations, summaries.map(\.best))
    let median = series(evaluations, summaries.map(\.median))
    let worst = series(evaluations, summaries.map(\.worst))
    let fValues = (bestSoFar + best + median + worst).map(\.y).filter(\.isFinite)
    let fScale: PlotScale = fValues.allSatisfy { $0 > 0 } ? .log : .linear
    var f = LinePlot(
      title: "f", xLabel: "evaluations", yLabel: fScale == .log ? "f (log)" : "f", yScale: fScale, legend: .topRight)
    // The best so far last, so that it is drawn on top.
    f.series = [
      PlotSeries(name: "worst", points: Downsample.points(worst, maximumCount: limit), color: "#d62728", dash: "3 2"),
      PlotSeries(name: "median", points: Downsample.points(median, maximumCount: limit), color: "#ff7f0e"),
      PlotSeries(name: "best", points: Downsample.points(best, maximumCount: limit), color: "#2ca02c"),
      PlotSeries(name: "best so far", points: Downsample.keepingImprovements(bestSoFar, maximumCount: limit), style: .step, color: "#1f77b4"),
    ]

    var sigma = LinePlot(title: "σ and axis ratio", xLabel: "generation", yLabel: "log scale", yScale: .log, legend: .topRight)
    sigma.series = [
      PlotSeries(name: "σ", points: Downsample.points(series(generations, summaries.map(\.sigma)), maximumCount: limit), color: "#1f77b4"),
      PlotSeries(
        name: "axis ratio √cond",
        points: Downsample.points(series(generations, summaries.map { $0.condition.squareRoot() }), maximumCount: limit),
        color: "#d62728"),
    ]

    let legend: LinePlot.Legend = n <= 10 ? .topRight : .none
    var stds = LinePlot(
      title: "standard deviations", xLabel: "generation", yLabel: "σ·√Cᵢᵢ", yScale: .log, legend: legend)
    var mean = LinePlot(title: "mean", xLabel: "generation", yLabel: "mᵢ", legend: legend)
    for i in 0..<n {
      let s = summaries.map { i < $0.standardDeviations.count ? $0.standardDeviations[i] : .nan }
      let m = summaries.map { i < $0.mean.count ? $0.mean[i] : .nan }
      stds.series.append(PlotSeries(name: "x\(i)", points: Downsample.points(series(generations, s), maximumCount: coordinateLimit)))
      mean.series.append(PlotSeries(name: "x\(i)", points: Downsample.points(series(generations, m), maximumCount: coordinateLimit)))
    }
    return [f, sigma, stds, mean]
  }

  /// The four panels in a 2 × 2 grid under `title`, as one SVG document.
  /// An empty log gives four empty frames reading "no data".
  public static func svg(
    _ summaries: [GenerationSummary], title: String, maximumPoints: Int = defaultMaximumPoints
  ) -> String {
    PlotFigure(title: title, panels: plots(summaries, maximumPoints: maximumPoints).map { .plot($0) }, columns: 2).svg()
  }

  /// A standalone HTML page: `title`, a line on the run's length and outcome,
  /// and the panels of ``svg(_:title:maximumPoints:)`` inline. It loads
  /// nothing (no scripts, styles or fonts from elsewhere).
  public static func html(
    _ summaries: [GenerationSummary], title: String, maximumPoints: Int = defaultMaximumPoints
  ) -> String {
    let t = xmlEscaped(title)
    var description = "No generations logged."
    if let last = summaries.last {
      description = "\(summaries.count) generations logged, \(last.evaluations) evaluations; "
        + "best f \(last.bestSoFar.map { "\($0)" } ?? "–"), final σ \(last.sigma), "
        + "axis ratio \(last.condition.squareRoot()), dimension \(last.mean.count)."
    }
    return """
      <!DOCTYPE html>
      <html><head><meta charset="utf-8"><title>\(t)</title>
      <style>body{font-family:sans-serif;margin:20px}svg{max-width:100%;height:auto}</style></head>
      <body><h1>\(t)</h1><p>\(xmlEscaped(description))</p>
      \(svg(summaries, title: "", maximumPoints: maximumPoints))
      </body></html>

      """
  }
}
