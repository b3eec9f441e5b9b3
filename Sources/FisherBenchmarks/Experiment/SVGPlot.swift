import Foundation

/// A small line plot rendered as SVG: log-scaled data are passed as logarithms.
struct SVGPlot {
  struct Series {
    var name: String
    var points: [(Double, Double)]
    var step: Bool
  }

  var title: String
  var xLabel: String
  var yLabel: String
  var xRange: ClosedRange<Double>
  var yRange: ClosedRange<Double>
  var xTicks: [(Double, String)]
  var yTicks: [(Double, String)]
  var series: [Series] = []
  var legendAtBottom = false
  var width = 420.0
  var height = 280.0

  static let colors = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]

  func render() -> String {
    let left = 52.0, right = 10.0, top = 24.0, bottom = 40.0
    let pw = width - left - right, ph = height - top - bottom
    func sx(_ x: Double) -> Double {
      left + (min(max(x, xRange.lowerBound), xRange.upperBound) - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * pw
    }
    func sy(_ y: Double) -> Double {
      top + ph - (min(max(y, yRange.lowerBound), yRange.upperBound) - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound) * ph
    }
    func f(_ v: Double) -> String { String(format: "%.1f", v) }
    var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" font-family=\"sans-serif\" font-size=\"10\">"
    s += "<text x=\"\(f(width / 2))\" y=\"14\" text-anchor=\"middle\" font-size=\"11\">\(Self.escape(title))</text>"
    s += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(pw))\" height=\"\(f(ph))\" fill=\"none\" stroke=\"#444\"/>"
    for (x, label) in xTicks {
      s += "<line x1=\"\(f(sx(x)))\" y1=\"\(f(top))\" x2=\"\(f(sx(x)))\" y2=\"\(f(top + ph))\" stroke=\"#ddd\"/>"
      s += "<text x=\"\(f(sx(x)))\" y=\"\(f(top + ph + 12))\" text-anchor=\"middle\">\(label)</text>"
    }
    for (y, label) in yTicks {
      s += "<line x1=\"\(f(left))\" y1=\"\(f(sy(y)))\" x2=\"\(f(left + pw))\" y2=\"\(f(sy(y)))\" stroke=\"#ddd\"/>"
      s += "<text x=\"\(f(left - 4))\" y=\"\(f(sy(y) + 3))\" text-anchor=\"end\">\(label)</text>"
    }
    s += "<text x=\"\(f(left + pw / 2))\" y=\"\(f(height - 6))\" text-anchor=\"middle\">\(Self.escape(xLabel))</text>"
    s += "<text transform=\"translate(12,\(f(top + ph / 2))) rotate(-90)\" text-anchor=\"middle\">\(Self.escape(yLabel))</text>"
    for (i, serie) in series.enumerated() where !serie.points.isEmpty {
      let color = Self.colors[i % Self.colors.count]
      var d = ""
      var previous: (Double, Double)?
      for (x, y) in serie.points where x.isFinite && y.isFinite {
        if let p = previous, serie.step {
          d += " L\(f(sx(x))),\(f(sy(p.1)))"
        }
        d += (d.isEmpty ? "M" : " L") + "\(f(sx(x))),\(f(sy(y)))"
        previous = (x, y)
      }
      s += "<path d=\"\(d)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\"/>"
      let ly = legendAtBottom ? top + ph - 6 - 12 * Double(series.count - 1 - i) : top + 12 + 12 * Double(i)
      s += "<text x=\"\(f(left + 6))\" y=\"\(f(ly))\" fill=\"\(color)\">\(Self.escape(serie.name))</text>"
    }
    return s + "</svg>"
  }

  static func escape(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;")
  }
}
