/// Several SVG pictures laid out in a grid under a title, as one SVG document.
///
///     let figure = PlotFigure(title: "run", panels: [.plot(a), .plot(b)], columns: 2)
///     let svg = figure.svg()
///
/// Each panel keeps its own size; a row is as tall as its tallest panel and a
/// column as wide as its widest.
public struct PlotFigure: Sendable, Hashable {
  /// One cell of the grid.
  public enum Panel: Sendable, Hashable {
    /// A line plot, rendered with ``LinePlot/svg()``.
    case plot(LinePlot)
    /// SVG elements drawn in a `width` × `height` box (their coordinates are
    /// relative to its top left corner). The caller escapes their text.
    case elements(String, width: Double, height: Double)

    var size: (width: Double, height: Double) {
      switch self {
      case .plot(let p): return (p.width, p.height)
      case .elements(_, let w, let h): return (w, h)
      }
    }

    var body: String {
      switch self {
      case .plot(let p): return p.svg()
      case .elements(let s, _, _): return s
      }
    }
  }

  public var title: String
  public var panels: [Panel]
  public var columns: Int
  /// Pixels between panels and around the grid.
  public var spacing: Double

  public init(title: String, panels: [Panel], columns: Int = 2, spacing: Double = 8) {
    self.title = title
    self.panels = panels
    self.columns = columns
    self.spacing = spacing
  }

  /// The figure as an SVG document (the title escaped).
  public func svg() -> String {
    let c = SVGNumber.coordinate
    let columns = Swift.max(1, self.columns)
    let rows = (panels.count + columns - 1) / columns
    var widths = [Double](repeating: 0, count: columns), heights = [Double](repeating: 0, count: rows)
    for (i, p) in panels.enumerated() {
      widths[i % columns] = Swift.max(widths[i % columns], p.size.width)
      heights[i / columns] = Swift.max(heights[i / columns], p.size.height)
    }
    let titleHeight = title.isEmpty ? 0.0 : 30.0
    let width = widths.reduce(spacing) { $0 + $1 + spacing }
    let height = heights.reduce(titleHeight + spacing) { $0 + $1 + spacing }
    var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(c(width))\" height=\"\(c(height))\" "
      + "viewBox=\"0 0 \(c(width)) \(c(height))\" font-family=\"sans-serif\" font-size=\"12\">"
    s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>"
    if !title.isEmpty {
      s += "<text x=\"\(c(spacing))\" y=\"22\" font-size=\"15\">\(xmlEscaped(title))</text>"
    }
    for (i, p) in panels.enumerated() {
      let column = i % columns, row = i / columns
      let x = widths[..<column].reduce(spacing) { $0 + $1 + spacing }
      let y = heights[..<row].reduce(titleHeight + spacing) { $0 + $1 + spacing }
      s += "<g transform=\"translate(\(c(x)),\(c(y)))\">" + p.body + "</g>"
    }
    return s + "</svg>"
  }
}
