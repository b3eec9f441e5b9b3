/// Numbers as an SVG document writes them.
enum SVGNumber {
  /// A coordinate rounded to 0.1 pixel, without a trailing ".0": `12`, `12.5`.
  static func coordinate(_ v: Double) -> String {
    guard v.isFinite else { return "0" }
    let r = (v * 10).rounded() / 10
    if r == r.rounded(), Swift.abs(r) < 1e15 { return String(Int(r)) }
    return "\(r)"
  }
}
