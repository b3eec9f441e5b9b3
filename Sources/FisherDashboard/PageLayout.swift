import FisherPlot
import Foundation

/// The frame every dashboard page shares: head, style, header and footer.
/// Pages are self-contained: no external stylesheet, font or script.
enum PageLayout {
  static func page(title: String, body: String, script: String = "") -> String {
    """
    <!DOCTYPE html>
    <html lang="en"><head><meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>\(xmlEscaped(title)) · Fisher</title>
    <style>\(style)</style></head>
    <body><header><a href="/">Fisher studies</a></header>
    <main>\(body)</main>
    \(script.isEmpty ? "" : "<script>\(script)</script>")
    </body></html>
    """
  }

  static let style = """
    body{font-family:system-ui,sans-serif;margin:0;color:#222;background:#fafafa}
    header{background:#1f3b57;padding:8px 16px}header a{color:#fff;text-decoration:none;font-weight:600}
    main{padding:12px 16px}h1{font-size:1.3em;margin:4px 0 10px}h2{font-size:1.05em;margin:18px 0 6px}
    table{border-collapse:collapse;font-size:13px;background:#fff}
    th,td{border:1px solid #ddd;padding:3px 7px;text-align:right}th{background:#eef2f6}
    td.text,th.text{text-align:left}a{color:#1f5fa0}
    .facts{display:flex;flex-wrap:wrap;gap:6px 22px;font-size:14px;margin-bottom:8px}
    .facts b{font-weight:600}.panels{display:flex;flex-wrap:wrap;gap:8px}
    .panels svg{background:#fff;border:1px solid #ddd}.error{color:#a00;font-weight:600}
    .pager{margin:6px 0;font-size:13px}.live{font-size:12px;color:#666}
    .failed{color:#a00}.running{color:#a60}.done{color:#060}
    """

  /// An error page: the reason, escaped.
  static func errorPage(title: String, message: String) -> String {
    page(title: title, body: "<h1>\(xmlEscaped(title))</h1><p class=\"error\" id=\"error\">\(xmlEscaped(message))</p>")
  }
}

/// `name` as one path segment of a URL.
func pathSegment(_ name: String) -> String {
  var allowed = CharacterSet.alphanumerics
  allowed.insert(charactersIn: "-._~")
  return name.addingPercentEncoding(withAllowedCharacters: allowed) ?? name
}

/// A number as the dashboard shows it: six significant digits, or a dash.
func formatNumber(_ value: Double?) -> String {
  guard let value else { return "–" }
  if !value.isFinite { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
  return String(format: "%.6g", value)
}

/// A time in seconds since 1970 as UTC text.
func formatTime(_ seconds: Double?) -> String {
  guard let seconds, seconds.isFinite else { return "–" }
  let formatter = ISO8601DateFormatter()
  formatter.formatOptions = [.withInternetDateTime]
  return formatter.string(from: Date(timeIntervalSince1970: seconds))
}
