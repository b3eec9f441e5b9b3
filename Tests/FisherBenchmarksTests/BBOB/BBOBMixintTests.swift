import Foundation
import Testing
import FisherBenchmarks

/// bbob-mixint against COCO's own code (cocoex 2.8.2), from the files that
/// Benchmarks/peers/bbob_mixint_reference_values.py writes.
///
/// Values agree when |ours − cocoex| ≤ 10⁻⁹·max(1, |cocoex|); bounds, integer
/// structure, ids, names and f_opt must agree exactly.
@Suite("bbob-mixint functions")
struct BBOBMixintTests {
  typealias Reference = BBOBConstrainedTests

  /// The problems of the reference files, built once per (function, instance, dimension).
  static func problem(
    _ cache: inout [String: BBOBMixintFunction], _ function: Int, _ instance: Int, _ dimension: Int
  ) throws -> BBOBMixintFunction {
    let key = "\(function) \(instance) \(dimension)"
    if let p = cache[key] { return p }
    let p = try BBOBMixintFunction(function: function, instance: instance, dimension: dimension)
    cache[key] = p
    return p
  }

  @Test("bounds and integer coordinates per dimension: cocoex's lower and upper bounds, number of integer variables")
  func bounds() throws {
    let rows = try Reference.lines("bbob-mixint-cocoex-bounds")
    #expect(rows.map { Int($0[0]) } == BBOBMixintFunction.dimensions)
    for row in rows {
      let n = try Reference.integer(row[0])
      let p = try BBOBMixintFunction(function: 1, instance: 1, dimension: n)
      #expect(p.integerCount == (try Reference.integer(row[1])), "d\(n)")
      #expect(p.lowerBounds == (try Reference.vector(row[2])), "d\(n)")
      #expect(p.upperBounds == (try Reference.vector(row[3])), "d\(n)")
      for (i, v) in p.variables.enumerated() {
        #expect(v.isInteger == (i < p.integerCount), "d\(n) coordinate \(i)")
        if let k = v.arity { #expect(Double(k - 1) == v.upperBound && v.lowerBound == 0) }
      }
      #expect(p.problem.lowerBounds == p.lowerBounds && p.problem.upperBounds == p.upperBounds)
    }
  }

  @Test("ids, names, f_opt, x_opt and f(x_opt) of 480 problems")
  func problems() throws {
    var cache: [String: BBOBMixintFunction] = [:]
    let rows = try Reference.lines("bbob-mixint-cocoex-problems")
    #expect(rows.count == 480)
    for row in rows {
      guard row.count == 8 else { throw FisherError.malformedInput("bad row \(row)") }
      let p = try Self.problem(
        &cache, try Reference.integer(row[0]), try Reference.integer(row[1]), try Reference.integer(row[2]))
      #expect(p.name == String(row[3]))
      #expect(p.cocoName == String(row[4]))
      #expect(p.optimalValue == (try Reference.number(row[5])), "\(p.name)")
      let xopt = try Reference.vector(row[6])
      #expect(xopt.count == p.dimension)
      for i in 0..<p.dimension {
        if p.variables[i].isInteger {
          #expect(p.optimum[i] == xopt[i], "\(p.name) x_opt[\(i)]")
        } else {
          #expect(
            BBOBReferenceValue.agrees(p.optimum[i], xopt[i]), "\(p.name) x_opt[\(i)]: \(p.optimum[i]) vs \(xopt[i])")
        }
      }
      let f = p.evaluate(xopt), expected = try Reference.number(row[7])
      #expect(BBOBReferenceValue.agrees(f, expected), "\(p.name) at x_opt: \(f) vs \(expected)")
    }
  }

  @Test("values at 1920 points inside and outside the bounds, non-integer integer coordinates included")
  func values() throws {
    var cache: [String: BBOBMixintFunction] = [:]
    let rows = try Reference.lines("bbob-mixint-cocoex-values")
    #expect(rows.count == 1920)
    var failures = 0
    for row in rows {
      guard row.count == 6 else { throw FisherError.malformedInput("bad row \(row)") }
      let p = try Self.problem(
        &cache, try Reference.integer(row[0]), try Reference.integer(row[1]), try Reference.integer(row[2]))
      let x = try Reference.vector(row[4])
      let f = p.evaluate(x), expected = try Reference.number(row[5])
      if !BBOBReferenceValue.agrees(f, expected) {
        failures += 1
        if failures <= 20 { Issue.record("\(p.name) \(row[3]): \(f) vs cocoex \(expected)") }
      }
    }
    #expect(failures == 0)
  }

  @Test("invalid function, instance or dimension throws")
  func invalidInput() {
    let cases = [(0, 1, 5), (25, 1, 5), (1, 0, 5), (1, 100_001, 5), (1, 1, 2), (1, 1, 15), (1, 1, 50), (1, 1, 320)]
    for (f, i, d) in cases {
      #expect(throws: FisherError.self, "f\(f) i\(i) d\(d)") {
        try BBOBMixintFunction(function: f, instance: i, dimension: d)
      }
    }
  }

  @Test("points of the wrong length or with NaN: NaN from evaluate, an error from value(at:)")
  func invalidPoints() throws {
    let p = try BBOBMixintFunction(function: 3, instance: 1, dimension: 10)
    #expect(p.evaluate([1, 2, 3]).isNaN)
    var x = p.optimum
    x[9] = .nan
    #expect(p.evaluate(x).isNaN)
    #expect(throws: FisherError.self) { try p.value(at: x) }
    #expect(throws: FisherError.self) { try p.value(at: [0]) }
  }

  @Test("rounding: an integer coordinate's value is that of its nearest integer, halves up, clamped into its bounds")
  func rounding() throws {
    let p = try BBOBMixintFunction(function: 10, instance: 2, dimension: 10)
    var x = p.optimum
    let base = p.evaluate(x)
    for (i, v) in p.variables.enumerated() where v.isInteger {
      var y = x
      y[i] = x[i] + 0.49
      #expect(p.evaluate(y) == base)
      y[i] = x[i] - 0.5
      #expect(p.evaluate(y) == base)
      y[i] = v.upperBound + 7
      let above = p.evaluate(y)
      y[i] = v.upperBound
      #expect(p.evaluate(y) == above)
      y[i] = -3
      let below = p.evaluate(y)
      y[i] = 0
      #expect(p.evaluate(y) == below)
    }
    x[9] += 0.3
    #expect(p.evaluate(x) != base)
  }
}
