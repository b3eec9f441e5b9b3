/// A data point of a plot.
public struct PlotPoint: Sendable, Hashable {
  public var x: Double
  public var y: Double

  public init(x: Double, y: Double) {
    self.x = x
    self.y = y
  }
}

/// A named sequence of points drawn in one color.
public struct PlotSeries: Sendable, Hashable {
  /// How the points are drawn.
  public enum Style: Sendable, Hashable {
    /// A polyline through the points, in their order.
    case line
    /// A staircase: from each point horizontally to the next point's x, then
    /// vertically to its y (a best-so-far curve, an ECDF).
    case step
    /// A small circle at each point, unconnected.
    case markers
  }

  /// The name shown in the legend.
  public var name: String
  public var points: [PlotPoint]
  public var style: Style
  /// A CSS color; nil for the plot's palette color of the series' index.
  public var color: String?
  /// An SVG `stroke-dasharray` (e.g. `"4 3"`); nil for a solid line.
  public var dash: String?

  public init(name: String, points: [PlotPoint], style: Style = .line, color: String? = nil, dash: String? = nil) {
    self.name = name
    self.points = points
    self.style = style
    self.color = color
    self.dash = dash
  }

  /// A series from (x, y) pairs.
  public init(name: String, xy: [(Double, Double)], style: Style = .line, color: String? = nil, dash: String? = nil) {
    self.init(name: name, points: xy.map { PlotPoint(x: $0.0, y: $0.1) }, style: style, color: color, dash: dash)
  }
}
