import Hummingbird

/// A malformed query parameter: answered with 400 and the parameter's name.
struct DashboardBadRequest: Error, Sendable {
  var message: String
}

/// The query parameters of a dashboard request, read strictly: a parameter
/// that is present but malformed is an error, never silently ignored.
struct DashboardQuery {
  let parameters: [String: String]

  init(_ request: Request) {
    var parameters: [String: String] = [:]
    for (key, value) in request.uri.queryParameters {
      parameters[String(key)] = String(value)
    }
    self.parameters = parameters
  }

  /// The integer `name` in `range`, or `fallback` when absent.
  func integer(_ name: String, in range: ClosedRange<Int>, default fallback: Int) throws -> Int {
    guard let text = parameters[name] else { return fallback }
    guard let value = Int(text), range.contains(value) else {
      throw DashboardBadRequest(
        message: "\(name) must be an integer from \(range.lowerBound) to \(range.upperBound), got '\(text)'")
    }
    return value
  }

  /// One of `choices` for `name`, or `fallback` when absent.
  func choice<T: RawRepresentable & CaseIterable>(_ name: String, default fallback: T) throws -> T
  where T.RawValue == String {
    guard let text = parameters[name] else { return fallback }
    guard let value = T(rawValue: text) else {
      let known = T.allCases.map(\.rawValue).joined(separator: ", ")
      throw DashboardBadRequest(message: "\(name) must be one of \(known), got '\(text)'")
    }
    return value
  }
}

/// The direction of a sorted table.
enum SortDirection: String, CaseIterable {
  case asc, desc
}
