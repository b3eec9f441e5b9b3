import FisherPlot
import Foundation

/// The HTML report of a bbob or bbob-noisy experiment: runtime ECDFs per
/// dimension and function group, ERT tables per function and dimension, and
/// median convergence curves; for a noisy suite or a run with noise handling,
/// also the quality of the points the runs recommend.
///
/// On bbob-noisy every measure is taken on noise-free values, as COCO takes them.
/// On bbob-constrained, evaluations count f and constraint evaluations (one per
/// point each), as COCO counts them, and a target is reached when a feasible
/// point reaches it.
public enum BBOBReport {
  /// The targets of the ERT tables (indices into ``BBOBTargets/precisions``): 10¹, 10⁻¹, 10⁻³, 10⁻⁵, 10⁻⁷, 10⁻⁸.
  static let ertTargets = [5, 15, 25, 35, 45, 50]

  /// The paragraph of a bbob-constrained report: how evaluations and success are counted.
  static func constrainedText(_ experiment: BBOBExperiment) -> String {
    let methods = experiment.strategies.map { "\($0): \(experiment.constraintMethod(of: $0).rawValue)" }
    return "<p>Problems with m linear inequality constraints g<sub>i</sub>(x) ≤ 0; constraint handling "
      + methods.joined(separator: ", ") + ". Runs start at each problem's feasible initial solution. "
      + "Evaluations count, as COCO counts them, f evaluations plus constraint evaluations (one call of the "
      + "m constraints per point, so two evaluations per point), in the budget, the runtimes and the tables; "
      + "a target counts as reached when a feasible point reaches it, and f − f<sub>opt</sub> below is the best "
      + "over feasible points. (cocopp, on the COCO data, measures (f − f<sub>opt</sub>)<sup>+</sup> + "
      + "Σ g<sub>i</sub><sup>+</sup>, which nearly feasible points also lower.)</p>"
  }

  public static func html(experiment: BBOBExperiment, records: [BBOBRunRecord]) -> String {
    let strategies = experiment.strategies
    let maxLog = Foundation.log10(experiment.budgetMultiplier)
    let suite = experiment.suite.rawValue
    let noisy = experiment.suite == .bbobNoisy
    let noiseText = experiment.noiseDescription == "none" ? "" : ", noise handling \(experiment.noiseDescription)"
      + (experiment.surrogate == .none ? "" : ", surrogate \(experiment.surrogate) (evaluations count true evaluations)")
    var s = """
      <!DOCTYPE html><html><head><meta charset="utf-8"><title>\(suite) experiment</title>
      <style>body{font-family:sans-serif;margin:20px;max-width:1400px}table{border-collapse:collapse;font-size:12px}
      td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}th{background:#f4f4f4}.plots{display:flex;flex-wrap:wrap;gap:8px}
      h2{margin-top:32px}</style></head><body>
      <h1>\(suite) experiment</h1>
      <p>Strategies: \(strategies.joined(separator: ", ")). Functions \(rangeText(experiment.functions)), dimensions
      \(experiment.dimensions.map(String.init).joined(separator: ", ")), instances \(rangeText(experiment.instances)),
      budget \(format(experiment.budgetMultiplier))·n evaluations, seed \(experiment.seed)\(noiseText); \(records.count) runs,
      \(format(records.reduce(0) { $0 + $1.seconds })) s of run time in total.</p>
      \(noisy ? "<p>The strategies see noisy values; every measure below is taken, as COCO takes it on its noisy suite, on the noise-free values f of the evaluated points.</p>" : "")
      \(experiment.suite.isConstrained ? constrainedText(experiment) : "")
      <h2>Runtime distributions</h2>
      <p>Empirical cumulative distribution of the evaluations/n needed to reach the 51 targets
      f − f<sub>opt</sub> ∈ {10², 10<sup>1.8</sup>, …, 10⁻⁸}, over all runs and targets of a group (COCO's ECDF plots).</p>
      """
    let evaluationsRange = 0.1...Foundation.pow(10, Swift.max(1, maxLog))
    for d in experiment.dimensions {
      s += "<h3>n = \(d)</h3><div class=\"plots\">"
      for group in experiment.suite.groups {
        let inGroup = records.filter { $0.dimension == d && group.functions.contains($0.function) }
        guard !inGroup.isEmpty else { continue }
        var plot = LinePlot(
          title: "\(group.name), n = \(d)", xLabel: "evaluations / n", yLabel: "fraction of (run, target) pairs",
          xScale: .log, legend: .topLeft, width: 420, height: 280, xRange: evaluationsRange, yRange: 0...1)
        for strategy in strategies {
          let (times, pairs) = BBOBStatistics.runtimeDistribution(inGroup.filter { $0.strategy == strategy })
          guard pairs > 0 else { continue }
          var points = [PlotPoint(x: evaluationsRange.lowerBound, y: 0)]
          for (i, t) in times.enumerated() { points.append(PlotPoint(x: t, y: Double(i + 1) / Double(pairs))) }
          points.append(PlotPoint(x: evaluationsRange.upperBound, y: Double(times.count) / Double(pairs)))
          plot.series.append(PlotSeries(name: strategy, points: points, style: .step))
        }
        s += plot.svg()
      }
      s += "</div>"
    }

    s += "<h2>Expected running time</h2><p>ERT/n (Hansen et al.): evaluations of all runs, successful or not, "
      + "divided by the number of successes, over the dimension; ∞ when no run reached the target. "
      + "The last column is the number of runs reaching 10⁻⁸.</p>"
    for d in experiment.dimensions {
      s += "<h3>n = \(d)</h3><table><tr><th>f</th><th>strategy</th>"
      for k in ertTargets.dropLast() { s += "<th>1e\(Int((2.0 - Double(k) / 5.0).rounded()))</th>" }
      s += "<th>#succ</th></tr>"
      for f in experiment.functions {
        for (j, strategy) in strategies.enumerated() {
          let runs = records.filter { $0.dimension == d && $0.function == f && $0.strategy == strategy }
          s += "<tr>" + (j == 0 ? "<td rowspan=\"\(strategies.count)\">f\(f)</td>" : "") + "<td style=\"text-align:left\">\(strategy)</td>"
          for k in ertTargets.dropLast() {
            let (ert, _) = BBOBStatistics.expectedRunningTime(runs, target: k)
            s += "<td>" + (ert.isFinite ? format(ert / Double(d)) : "∞") + "</td>"
          }
          let (_, succ) = BBOBStatistics.expectedRunningTime(runs, target: 50)
          s += "<td>\(succ)/\(runs.count)</td></tr>"
        }
      }
      s += "</table>"
    }

    s += "<h2>Convergence</h2><p>Median over instances of the best f − f<sub>opt</sub> against evaluations/n.</p>"
    for d in experiment.dimensions {
      s += "<h3>n = \(d)</h3><div class=\"plots\">"
      let budget = experiment.budget(dimension: d)
      var grid: [Int] = []
      var e = 0
      while true {
        let g = Int(Foundation.pow(10.0, Double(e) / 20.0))
        if g > budget { break }
        if grid.last != g { grid.append(g) }
        e += 1
      }
      if grid.last != budget { grid.append(budget) }
      for f in experiment.functions {
        var plot = LinePlot(
          title: "f\(f) \(experiment.suite.functionName(f)), n = \(d)", xLabel: "evaluations / n",
          yLabel: "best f − fopt (median)", xScale: .log, yScale: .log, legend: .bottomLeft, width: 300, height: 220,
          xRange: (1.0 / Double(d))...evaluationsRange.upperBound, yRange: 1e-9...1e3)
        for strategy in strategies {
          let runs = records.filter { $0.dimension == d && $0.function == f && $0.strategy == strategy }
          guard !runs.isEmpty else { continue }
          let medians = BBOBStatistics.medianConvergence(runs, grid: grid)
          let points = zip(grid, medians).compactMap { g, m -> PlotPoint? in
            m.isFinite ? PlotPoint(x: Double(g) / Double(d), y: Swift.max(m, 1e-9)) : nil
          }
          plot.series.append(PlotSeries(name: strategy, points: points))
        }
        s += plot.svg()
      }
      s += "</div>"
    }
    if noisy || experiment.noiseDescription != "none" {
      s += recommendationSection(experiment: experiment, records: records)
    }
    return s + "</body></html>\n"
  }

  /// The median over instances of the noise-free f − f_opt at the point the
  /// last start of each run recommends.
  static func recommendationSection(experiment: BBOBExperiment, records: [BBOBRunRecord]) -> String {
    let strategies = experiment.strategies
    var s = "<h2>Recommended points</h2><p>Median over instances of the noise-free f − f<sub>opt</sub> at the point "
      + "the last start of a run recommends (\(experiment.recommendation.rawValue)) when the run ends.</p>"
    for d in experiment.dimensions {
      s += "<h3>n = \(d)</h3><table><tr><th>f</th>"
      for strategy in strategies { s += "<th>\(xmlEscaped(strategy))</th>" }
      s += "</tr>"
      for f in experiment.functions {
        s += "<tr><td>f\(f)</td>"
        for strategy in strategies {
          let values = records.filter { $0.dimension == d && $0.function == f && $0.strategy == strategy }
            .compactMap(\.recommendedPrecision).sorted()
          guard !values.isEmpty else {
            s += "<td>–</td>"
            continue
          }
          let m = values.count / 2
          let median = values.count % 2 == 1 ? values[m] : (values[m - 1] + values[m]) / 2
          s += "<td>" + String(format: "%.2e", median) + "</td>"
        }
        s += "</tr>"
      }
      s += "</table>"
    }
    return s
  }

  static func format(_ v: Double) -> String {
    v >= 100 ? String(format: "%.0f", v) : v >= 10 ? String(format: "%.1f", v) : String(format: "%.2g", v)
  }

  static func rangeText(_ values: [Int]) -> String {
    guard let lo = values.first, let hi = values.last else { return "" }
    return values.count == hi - lo + 1 && values.count > 2 ? "\(lo)–\(hi)" : values.map(String.init).joined(separator: ", ")
  }
}
