import Foundation

/// Parallel coordinates: one vertical axis per variable and one polyline per
/// row through its values, as a standalone SVG document.
///
/// An axis is numeric (its range from the data, or given) or categorical
/// (its choices spaced evenly, in the given order). Rows are drawn in
/// reverse order, so the first row — the best, when rows are ranked — is on
/// top, in the darkest color. Every text is XML-escaped.
public struct ParallelCoordinatesPlot: Sendable, Hashable {
  /// One vertical axis.
  public struct Axis: Sendable, Hashable {
    /// What the axis shows.
    public enum Kind: Sendable, Hashable {
      /// Numbers from `range` (nil: from the data), on `scale`.
      case numeric(range: ClosedRange<Double>?, scale: PlotScale)
      /// The listed choices, bottom to top.
      case categorical([String])
    }

    public var name: String
    public var kind: Kind

    public init(name: String, kind: Kind) {
      self.name = name
      self.kind = kind
    }
  }

  /// A value on one axis.
  public enum Value: Sendable, Hashable {
    case number(Double)
    case choice(String)
  }

  public var title: String
  public var axes: [Axis]
  /// One row per line, each with one value per axis; rows of another length
  /// are not drawn.
  public var rows: [[Value]]
  public var width: Double
  public var height: Double

  public init(title: String, axes: [Axis], rows: [[Value]], width: Double = 640, height: Double = 300) {
    self.title = title
    self.axes = axes
    self.rows = rows
    self.width = width
    self.height = height
  }

  static let left = 40.0, right = 40.0, top = 30.0, bottom = 36.0

  /// The plot as an SVG document; each row is a `<polyline>` with its rank
  /// in `data-rank` (0 for the first row).
  public func svg() -> String {
    let c = SVGNumber.coordinate
    var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(c(width))\" height=\"\(c(height))\" "
      + "viewBox=\"0 0 \(c(width)) \(c(height))\" font-family=\"sans-serif\" font-size=\"10\">"
    s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>"
    s += "<text x=\"\(c(width / 2))\" y=\"16\" text-anchor=\"middle\" font-size=\"12\">\(xmlEscaped(title))</text>"
    let ph = Swift.max(1, height - Self.top - Self.bottom)
    guard !axes.isEmpty else { return s + "</svg>" }
    let step = axes.count > 1 ? (width - Self.left - Self.right) / Double(axes.count - 1) : 0
    func axisX(_ i: Int) -> Double { axes.count > 1 ? Self.left + step * Double(i) : width / 2 }
    let valid = rows.filter { $0.count == axes.count }

    // Each axis maps its values to a fraction of the height (0 at the bottom).
    var fractions: [(Value) -> Double?] = []
    for (i, axis) in axes.enumerated() {
      let x = axisX(i)
      s += "<line x1=\"\(c(x))\" y1=\"\(c(Self.top))\" x2=\"\(c(x))\" y2=\"\(c(Self.top + ph))\" stroke=\"#444\"/>"
      s += "<text x=\"\(c(x))\" y=\"\(c(height - 8))\" text-anchor=\"middle\" font-weight=\"bold\">"
        + "\(xmlEscaped(axis.name))</text>"
      switch axis.kind {
      case .categorical(let choices):
        let count = Swift.max(1, choices.count - 1)
        for (k, choice) in choices.enumerated() {
          let y = Self.top + ph * (1 - (choices.count > 1 ? Double(k) / Double(count) : 0.5))
          s += "<text x=\"\(c(x + 4))\" y=\"\(c(y + 3))\">\(xmlEscaped(choice))</text>"
        }
        fractions.append { value in
          guard case .choice(let name) = value, let k = choices.firstIndex(of: name) else { return nil }
          return choices.count > 1 ? Double(k) / Double(count) : 0.5
        }
      case .numeric(let given, let scale):
        let numbers = valid.compactMap { row -> Double? in
          if case .number(let v) = row[i], scale.canShow(v) { return v }
          return nil
        }
        var range = given.flatMap { scale.canShow($0.lowerBound) && scale.canShow($0.upperBound) ? $0 : nil }
        if range == nil, let lo = numbers.min(), let hi = numbers.max() { range = lo...hi }
        guard let r = range else {
          fractions.append { _ in nil }
          continue
        }
        let lo = scale.transform(r.lowerBound), hi = scale.transform(r.upperBound)
        s += "<text x=\"\(c(x + 4))\" y=\"\(c(Self.top + 3))\">\(xmlEscaped(String(format: "%.4g", r.upperBound)))</text>"
        s += "<text x=\"\(c(x + 4))\" y=\"\(c(Self.top + ph))\">\(xmlEscaped(String(format: "%.4g", r.lowerBound)))</text>"
        fractions.append { value in
          guard case .number(let v) = value, scale.canShow(v) else { return nil }
          return hi > lo ? Swift.min(1, Swift.max(0, (scale.transform(v) - lo) / (hi - lo))) : 0.5
        }
      }
    }
    for (rank, row) in valid.enumerated().reversed() {
      var points: [String] = []
      for (i, value) in row.enumerated() {
        guard let f = fractions[i](value) else { continue }
        points.append("\(c(axisX(i))),\(c(Self.top + ph * (1 - f)))")
      }
      // The first rows darkest: opacity falls from 0.9 to 0.25 with rank.
      let opacity = valid.count > 1 ? 0.9 - 0.65 * Double(rank) / Double(valid.count - 1) : 0.9
      s += "<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"#1f77b4\" "
        + "stroke-opacity=\"\(String(format: "%.2f", opacity))\" data-rank=\"\(rank)\"/>"
    }
    return s + "</svg>"
  }
}
