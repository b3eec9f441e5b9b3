import ArgumentParser
import Fisher

/// Parses a list of numbers separated by commas (and optional spaces), e.g. `1,2.5,-3`.
func parseNumberList(_ text: String, option: String) throws -> [Double] {
  let parts = text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" })
  guard !parts.isEmpty else { throw ValidationError("\(option): expected numbers separated by commas, got '\(text)'") }
  return try parts.map { part in
    guard let v = Double(part), v.isFinite else {
      throw ValidationError("\(option): '\(part)' is not a finite number")
    }
    return v
  }
}

/// Parses `lo,hi` box bounds for every coordinate.
func parseBounds(_ text: String, dimension: Int) throws -> BoxBounds {
  let v = try parseNumberList(text, option: "--bounds")
  guard v.count == 2 else { throw ValidationError("--bounds: expected 'lo,hi', got '\(text)'") }
  guard v[0] < v[1] else { throw ValidationError("--bounds: lower bound \(v[0]) must be below upper bound \(v[1])") }
  return try BoxBounds(lower: v[0], upper: v[1], dimension: dimension)
}

/// The most integers a range list may expand to.
let maximumRangeListCount = 100_000

/// Parses a range list such as `1-5,8,10-12` into sorted distinct integers.
///
/// A list that expands to more than ``maximumRangeListCount`` integers is an
/// error rather than an allocation of that size.
func parseIntegerRanges(_ text: String, option: String) throws -> [Int] {
  var result = Set<Int>()
  for part in text.split(separator: ",") {
    let bounds = part.split(separator: "-", omittingEmptySubsequences: false)
    if bounds.count == 1, let v = Int(bounds[0]) {
      result.insert(v)
    } else if bounds.count == 2, let a = Int(bounds[0]), let b = Int(bounds[1]), a <= b {
      let (span, overflow) = b.subtractingReportingOverflow(a)
      guard !overflow, span < maximumRangeListCount - result.count else {
        throw ValidationError("\(option): '\(part)' has more than \(maximumRangeListCount) values")
      }
      result.formUnion(a...b)
    } else {
      throw ValidationError("\(option): '\(part)' is neither a number nor a range a-b")
    }
  }
  guard !result.isEmpty else { throw ValidationError("\(option): empty list") }
  return result.sorted()
}
