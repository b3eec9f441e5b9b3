import Foundation
import FisherBenchmarks

/// A row of a reference-value CSV: `function,instance,dimension,x,f` with x joined by `;`.
struct BBOBReferenceValue: Sendable, CustomStringConvertible {
  let function: Int
  let instance: Int
  let dimension: Int
  let x: [Double]
  let f: Double

  var description: String { "f\(function) i\(instance) d\(dimension)" }

  /// Reads `Resources/<name>.csv` from the test bundle.
  static func load(_ name: String) throws -> [BBOBReferenceValue] {
    guard let url = Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "Resources") else {
      throw FisherError.malformedInput("missing resource \(name).csv")
    }
    let text = try String(contentsOf: url, encoding: .utf8)
    var rows: [BBOBReferenceValue] = []
    for line in text.split(whereSeparator: \.isNewline).dropFirst() where !line.isEmpty {
      let fields = line.split(separator: ",", omittingEmptySubsequences: false)
      guard fields.count == 5, let fn = Int(fields[0]), let inst = Int(fields[1]), let dim = Int(fields[2]),
        let f = Double(fields[4])
      else { throw FisherError.malformedInput("bad row: \(line)") }
      let x = try fields[3].split(separator: ";").map { s -> Double in
        guard let v = Double(s) else { throw FisherError.malformedInput("bad coordinate \(s)") }
        return v
      }
      rows.append(BBOBReferenceValue(function: fn, instance: inst, dimension: dim, x: x, f: f))
    }
    return rows
  }

  /// |ours − reference| ≤ 1e-9·max(1, |reference|): relative above 1, absolute below.
  static func agrees(_ value: Double, _ reference: Double, tolerance: Double = 1e-9) -> Bool {
    Swift.abs(value - reference) <= tolerance * Swift.max(1, Swift.abs(reference))
  }
}
