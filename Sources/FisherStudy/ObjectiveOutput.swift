import Fisher
import Foundation

/// The last line an objective program of a study with constraints prints:
/// its value f and its m constraint values gᵢ (feasible when all are ≤ 0).
///
/// Two forms are read:
/// - `f g1 … gm`: m + 1 numbers separated by spaces, tabs or commas;
/// - `{"f": f, "g": [g1, …, gm]}`: a JSON object (other keys are ignored).
///
/// Anything else, a wrong number of constraint values, a value that is not a
/// finite number, or a constraint value that is NaN or infinite (or null) is
/// a failed evaluation, with a reason that says which.
public enum ObjectiveOutput {
  /// Reads `line` as the output of `program` for a study with `constraintCount` constraints.
  public static func parse(_ line: String, constraintCount m: Int, program: String) -> EvaluationOutcome {
    let expected = "expected 'f g1 … g\(m)' or {\"f\": f, \"g\": [\(m) numbers]}"
    let shown = "'\(line.prefix(80))'"
    let numbers: [Double?]
    if line.hasPrefix("{") {
      guard let object = try? JSONDecoder().decode(Wire.self, from: Data(line.utf8)) else {
        return .failure("\(program) printed \(shown), not a JSON object with a number f and an array g; \(expected)")
      }
      guard let f = object.f else { return .failure("\(program) printed \(shown) without a number f; \(expected)") }
      guard let g = object.g else { return .failure("\(program) printed \(shown) without an array g; \(expected)") }
      numbers = [f] + g
    } else {
      let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," })
      var parsed: [Double?] = []
      for field in fields {
        guard let v = Double(field) else {
          return .failure("\(program) printed \(shown): '\(field.prefix(40))' is not a number; \(expected)")
        }
        parsed.append(v)
      }
      numbers = parsed
    }
    guard numbers.count == m + 1 else {
      let k = max(0, numbers.count - 1)
      return .failure(
        "\(program) printed \(shown): \(k) constraint value\(k == 1 ? "" : "s") for a study with \(m) constraints; \(expected)")
    }
    guard let f = numbers[0], f.isFinite else { return .failure("\(program) printed \(shown): f is not a finite number") }
    var g: [Double] = []
    g.reserveCapacity(m)
    for (i, v) in numbers.dropFirst().enumerated() {
      guard let v, v.isFinite else {
        return .failure("\(program) printed \(shown): constraint \(i + 1) is \(numbers[i + 1].map { "\($0)" } ?? "null")")
      }
      g.append(v)
    }
    return .constrained(Evaluation(value: f, constraints: g))
  }

  /// The JSON form; a null or missing f or g is reported as such.
  private struct Wire: Decodable {
    var f: Double?
    var g: [Double?]?
  }
}
