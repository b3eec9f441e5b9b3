import Foundation

/// Reading back what a plot drew, for assertions.
enum SVGInspection {
  /// The coordinate pairs of each `<polyline>` whose `data-series` is `name`.
  static func polylines(_ svg: String, series name: String) -> [[(x: Double, y: Double)]] {
    svg.components(separatedBy: "<polyline ").dropFirst().compactMap { element -> [(x: Double, y: Double)]? in
      let tag = element.prefix { $0 != ">" }
      guard tag.contains("data-series=\"\(name)\""), let points = attribute("points", in: " " + tag) else { return nil }
      return points.split(separator: " ").compactMap { pair in
        let xy = pair.split(separator: ",")
        guard xy.count == 2, let x = Double(xy[0]), let y = Double(xy[1]) else { return nil }
        return (x, y)
      }
    }
  }

  /// The value of `name="…"` in a tag.
  static func attribute(_ name: String, in tag: String) -> String? {
    guard let start = tag.range(of: " \(name)=\"") else { return nil }
    let rest = tag[start.upperBound...]
    return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
  }

  /// The y of each horizontal grid line, keyed by its tick label.
  static func yTicks(_ svg: String) -> [(label: String, y: Double)] {
    svg.components(separatedBy: "<line ").dropFirst().compactMap { element in
      let tag = String(element.prefix { $0 != ">" })
      guard let label = attribute("data-tick", in: tag), let y = attribute("y1", in: tag).flatMap(Double.init) else { return nil }
      return (label, y)
    }
  }

  static func count(_ needle: String, in svg: String) -> Int { svg.components(separatedBy: needle).count - 1 }
}
