/// `text` with the five characters XML gives meaning to replaced by their
/// entities (`&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#39;`), so that it can be
/// placed in an element or an attribute value of an SVG or HTML document and
/// is always shown as text: a title `<script>` stays a title.
///
///     xmlEscaped("a < b & \"c\"")   // "a &lt; b &amp; &quot;c&quot;"
///
/// - Complexity: O(length of `text`).
public func xmlEscaped(_ text: String) -> String {
  var out = ""
  out.reserveCapacity(text.utf8.count)
  for c in text.unicodeScalars {
    switch c {
    case "&": out += "&amp;"
    case "<": out += "&lt;"
    case ">": out += "&gt;"
    case "\"": out += "&quot;"
    case "'": out += "&#39;"
    default: out.unicodeScalars.append(c)
    }
  }
  return out
}

extension String {
  /// The string with XML's special characters escaped (see ``xmlEscaped(_:)``).
  public var xmlEscaped: String { FisherPlot.xmlEscaped(self) }
}
