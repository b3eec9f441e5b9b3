/// A JSON value with ordered object keys, rendered on one line.
///
/// Doubles print with Swift's shortest round-trip representation, so a reader
/// that parses them gets back the exact same bits; non-finite values, which
/// JSON cannot express, print as `null`.
enum JSONValue: Sendable {
  case number(Double)
  case integer(Int)
  case string(String)
  case bool(Bool)
  case null
  case array([JSONValue])
  case object([(String, JSONValue)])

  static func numbers(_ values: [Double]) -> JSONValue { .array(values.map { .number($0) }) }
  static func optional(_ value: Double?) -> JSONValue { value.map { .number($0) } ?? .null }
  static func optional(_ value: Int?) -> JSONValue { value.map { .integer($0) } ?? .null }

  var rendered: String {
    var out = ""
    render(into: &out)
    return out
  }

  func render(into out: inout String) {
    switch self {
    case .number(let v):
      out += v.isFinite ? v.description : "null"
    case .integer(let v):
      out += String(v)
    case .string(let s):
      out += "\""
      for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
          if scalar.value < 0x20 {
            let hex = String(scalar.value, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
          } else {
            out.unicodeScalars.append(scalar)
          }
        }
      }
      out += "\""
    case .bool(let b):
      out += b ? "true" : "false"
    case .null:
      out += "null"
    case .array(let items):
      out += "["
      for (i, item) in items.enumerated() {
        if i > 0 { out += "," }
        item.render(into: &out)
      }
      out += "]"
    case .object(let pairs):
      out += "{"
      for (i, (key, value)) in pairs.enumerated() {
        if i > 0 { out += "," }
        JSONValue.string(key).render(into: &out)
        out += ":"
        value.render(into: &out)
      }
      out += "}"
    }
  }
}
