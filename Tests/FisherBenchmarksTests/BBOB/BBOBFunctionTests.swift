import Foundation
import Testing
import FisherBenchmarks

@Suite("BBOB functions")
struct BBOBFunctionTests {
  /// All 1,728 values of COCO's own code (f1–f24, instances 1–3, d = 2, 5, 10, 20).
  @Test func matchesCOCOReferenceVectors() throws {
    let rows = try BBOBReferenceValue.load("bbob-vectors")
    #expect(rows.count == 1728)
    var cache: [String: BBOBFunction] = [:]
    var failures: [String] = []
    for row in rows {
      let key = "\(row.function)/\(row.instance)/\(row.dimension)"
      let f = try cache[key] ?? BBOBFunction(function: row.function, instance: row.instance, dimension: row.dimension)
      cache[key] = f
      let value = f.evaluate(row.x)
      if !BBOBReferenceValue.agrees(value, row.f) {
        failures.append("\(row): \(value) vs \(row.f)")
      }
    }
    #expect(failures.isEmpty, "\(failures.count) mismatches, e.g. \(failures.prefix(10))")
  }
}

extension BBOBFunctionTests {
  /// Values computed by cocoex 2.8.2 at dimensions and instances outside the first file,
  /// including points outside [−5, 5]ⁿ and next to the optimum.
  @Test func matchesCocoexAtOtherDimensionsAndInstances() throws {
    let rows = try BBOBReferenceValue.load("bbob-cocoex-values")
    #expect(rows.count == 504)
    var failures: [String] = []
    for row in rows {
      let f = try BBOBFunction(function: row.function, instance: row.instance, dimension: row.dimension)
      let value = f.evaluate(row.x)
      if !BBOBReferenceValue.agrees(value, row.f) { failures.append("\(row): \(value) vs \(row.f)") }
    }
    #expect(failures.isEmpty, "\(failures.count) mismatches, e.g. \(failures.prefix(10))")
  }
}

extension BBOBFunctionTests {
  /// f_opt and x_opt agree with cocoex's best value and best parameter.
  ///
  /// COCO's best value of f20 is f at its approximate best parameter, not f_opt,
  /// so there the check is x_opt and f(x_opt) against COCO's best value.
  @Test func optimaMatchCocoex() throws {
    let rows = try BBOBReferenceValue.load("bbob-cocoex-optima")
    #expect(rows.count == 168)
    for row in rows {
      let f = try BBOBFunction(function: row.function, instance: row.instance, dimension: row.dimension)
      #expect(f.optimum.count == row.x.count)
      for (a, b) in zip(f.optimum, row.x) {
        #expect(Swift.abs(a - b) <= 1e-12, "\(row) x_opt")
      }
      if row.function == 20 {
        #expect(BBOBReferenceValue.agrees(f.evaluate(f.optimum), row.f), "\(row) f(x_opt)")
      } else {
        #expect(f.optimalValue == row.f, "\(row) f_opt \(f.optimalValue) vs \(row.f)")
      }
    }
  }

  /// f(x_opt) = f_opt: exactly where every transformation maps x_opt to an exact
  /// zero (or to Rosenbrock's exact 1), and up to a few ulps of f_opt where
  /// x_opt is itself a rounded image (f9, f19: Rᵀ1/2; f21, f22: rotated peak centres).
  @Test(arguments: 1...24)
  func optimumAttainsOptimalValue(function: Int) throws {
    guard function != 20 else { return }  // x_opt of f20 is COCO's approximation.
    for (dimension, instance) in [(2, 1), (3, 7), (10, 2), (40, 15)] {
      let f = try BBOBFunction(function: function, instance: instance, dimension: dimension)
      let value = f.evaluate(f.optimum)
      if [9, 19, 21, 22].contains(function) {
        #expect(Swift.abs(value - f.optimalValue) <= 1e-12 * Swift.max(1, Swift.abs(f.optimalValue)), "\(f.name)")
      } else {
        #expect(value == f.optimalValue, "\(f.name): \(value) vs \(f.optimalValue)")
      }
    }
  }
}

extension BBOBFunctionTests {
  @Test func specNamesProblem() throws {
    let f = try BBOBFunction(spec: "bbob:8:3", dimension: 10)
    #expect(f.name == "bbob_f008_i03_d10")
    #expect(try BBOBFunction(spec: "bbob:24", dimension: 2).instance == 1)
    let p = f.problem
    #expect(p.name == f.name && p.optimalValue == f.optimalValue && p.lowerBounds == Array(repeating: -5, count: 10))
    #expect(p.evaluate(f.optimum) == f.optimalValue)
    for bad in ["bbob", "bbob:x:1", "bbob:25:1", "bbob:1:0", "sphere:1:1", "bbob:1:1:1"] {
      #expect(throws: FisherError.self) { try BBOBFunction(spec: bad, dimension: 5) }
    }
    #expect(throws: FisherError.self) { try BBOBFunction(function: 1, instance: 1, dimension: 1) }
    #expect(f.evaluate([1, 2]).isNaN)
    #expect(throws: FisherError.self) { try f.value(at: [1, 2]) }
  }
}
