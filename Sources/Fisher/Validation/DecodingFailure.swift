/// A readable account of why decoding stored JSON failed: which field, what
/// was expected, what was found.
///
/// `DecodingError`'s own description is a debug dump of coding keys and
/// contexts. Fisher reports it as one line naming the file (or record) and the
/// field path, e.g. `checkpoint run.json: at run.strategy.mean[2]: expected a
/// number, found a string`. Errors thrown by a type's own validation while
/// decoding (a ``FisherError``) keep their message.
extension FisherError {
  /// A ``malformedInput(_:)`` error for `what` (e.g. "checkpoint run.json")
  /// from an error thrown while decoding it.
  public static func malformed(_ what: String, decoding error: any Error) -> FisherError {
    .malformedInput("\(what): \(describeDecodingFailure(error))")
  }
}

/// One line describing an error thrown by a decoder.
public func describeDecodingFailure(_ error: any Error) -> String {
  if let f = error as? FisherError {
    if case .malformedInput(let s) = f { return s }
    return f.description
  }
  guard let d = error as? DecodingError else { return "\(error)" }
  func path(_ keys: [any CodingKey]) -> String {
    var s = ""
    for k in keys {
      if let i = k.intValue { s += "[\(i)]" } else { s += (s.isEmpty ? "" : ".") + k.stringValue }
    }
    return s.isEmpty ? "the top level" : s
  }
  func typeName(_ t: Any.Type) -> String {
    switch t {
    case is Double.Type, is Float.Type: return "a number"
    case is Int.Type, is Int64.Type, is UInt64.Type, is Int32.Type, is UInt32.Type: return "an integer"
    case is String.Type: return "a string"
    case is Bool.Type: return "true or false"
    default:
      let name = String(describing: t)
      if name.hasPrefix("Array<") || name.hasPrefix("[") { return "a list" }
      if name.hasPrefix("Dictionary<") { return "an object" }
      return "a \(name) value"
    }
  }
  func detail(_ c: DecodingError.Context) -> String {
    // The underlying error of a syntax error names the offending character.
    if let u = c.underlyingError {
      let text = "\(u)"
      if let r = text.firstRange(of: "NSDebugDescription=") {
        return String(text[r.upperBound...].prefix { $0 != "}" && $0 != "," })
      }
    }
    return c.debugDescription
  }
  switch d {
  case .typeMismatch(let t, let c):
    return "at \(path(c.codingPath)): expected \(typeName(t)) (\(detail(c)))"
  case .valueNotFound(let t, let c):
    return "at \(path(c.codingPath)): expected \(typeName(t)), found null"
  case .keyNotFound(let k, let c):
    let at = c.codingPath.isEmpty ? "" : " in \(path(c.codingPath))"
    return "missing field '\(k.stringValue)'\(at)"
  case .dataCorrupted(let c):
    if c.codingPath.isEmpty { return "not valid JSON (\(detail(c)))" }
    return "at \(path(c.codingPath)): \(detail(c))"
  @unknown default:
    return "cannot be decoded"
  }
}
