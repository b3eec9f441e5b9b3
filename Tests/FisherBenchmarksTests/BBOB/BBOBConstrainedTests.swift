import Foundation
import Testing
import FisherBenchmarks

/// bbob-constrained against COCO's own code (cocoex 2.8.2), from the files that
/// Benchmarks/peers/bbob_constrained_reference_values.py writes.
///
/// Values agree when |ours − cocoex| ≤ 10⁻⁹·max(1, |cocoex|): relative above 1 in
/// magnitude, absolute below (constraint values are 0 at the optimum and cross 0
/// next to it).
@Suite("bbob-constrained functions")
struct BBOBConstrainedTests {
  /// One problem row: `function,instance,dimension,id,name,constraints,fopt,xopt,initial`.
  struct ProblemRow: CustomStringConvertible {
    let function: Int
    let instance: Int
    let dimension: Int
    let id: String
    let name: String
    let constraints: Int
    let fopt: Double
    let xopt: [Double]
    let initial: [Double]
    var description: String { id }
  }

  /// One point row: `function,instance,dimension,point,x,f,g`.
  struct PointRow: CustomStringConvertible {
    let function: Int
    let instance: Int
    let dimension: Int
    let point: String
    let x: [Double]
    let f: Double
    let g: [Double]
    var description: String { "f\(function) i\(instance) d\(dimension) \(point)" }
  }

  static func lines(_ name: String) throws -> [[Substring]] {
    guard let url = Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "Resources") else {
      throw FisherError.malformedInput("missing resource \(name).csv")
    }
    let text = try String(contentsOf: url, encoding: .utf8)
    return text.split(whereSeparator: \.isNewline).dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
  }

  static func vector(_ field: Substring) throws -> [Double] {
    try field.split(separator: ";").map { s in
      guard let v = Double(s) else { throw FisherError.malformedInput("bad number \(s)") }
      return v
    }
  }

  static func number(_ field: Substring) throws -> Double {
    guard let v = Double(field) else { throw FisherError.malformedInput("bad number \(field)") }
    return v
  }

  static func integer(_ field: Substring) throws -> Int {
    guard let v = Int(field) else { throw FisherError.malformedInput("bad integer \(field)") }
    return v
  }

  static func problems() throws -> [ProblemRow] {
    try lines("bbob-constrained-cocoex-problems").map { f in
      guard f.count == 9 else { throw FisherError.malformedInput("bad row \(f)") }
      return ProblemRow(
        function: try integer(f[0]), instance: try integer(f[1]), dimension: try integer(f[2]), id: String(f[3]),
        name: String(f[4]), constraints: try integer(f[5]), fopt: try number(f[6]), xopt: try vector(f[7]),
        initial: try vector(f[8]))
    }
  }

  static func points() throws -> [PointRow] {
    try lines("bbob-constrained-cocoex-values").map { f in
      guard f.count == 7 else { throw FisherError.malformedInput("bad row \(f)") }
      return PointRow(
        function: try integer(f[0]), instance: try integer(f[1]), dimension: try integer(f[2]), point: String(f[3]),
        x: try vector(f[4]), f: try number(f[5]), g: try vector(f[6]))
    }
  }

  /// |ours − reference| / max(1, |reference|).
  static func error(_ value: Double, _ reference: Double) -> Double {
    Swift.abs(value - reference) / Swift.max(1, Swift.abs(reference))
  }

  /// Every problem's id and name, constraint count, f_opt, x_opt and initial
  /// solution are cocoex's; the initial solution is feasible and inside the
  /// domain, x_opt is feasible and f(x_opt) = f_opt.
  @Test func problemsMatchCocoex() throws {
    let rows = try Self.problems()
    #expect(rows.count == 1242)
    var failures: [String] = []
    var worst = 0.0
    for row in rows {
      let p = try BBOBConstrainedFunction(function: row.function, instance: row.instance, dimension: row.dimension)
      if p.name != row.id || p.cocoName != row.name { failures.append("\(row): names \(p.name), \(p.cocoName)") }
      if p.constraintCount != row.constraints { failures.append("\(row): \(p.constraintCount) constraints") }
      let errors = [Self.error(p.optimalValue, row.fopt)] + zip(p.optimum, row.xopt).map(Self.error)
        + zip(p.initialSolution, row.initial).map(Self.error)
      worst = Swift.max(worst, errors.max() ?? 0)
      if errors.contains(where: { !($0 <= 1e-9) }) {
        failures.append("\(row): fopt \(p.optimalValue) vs \(row.fopt), x0 \(p.initialSolution) vs \(row.initial)")
      }
      if !p.isFeasible(p.initialSolution)
        || !p.initialSolution.allSatisfy({ BBOBConstrainedFunction.bounds.contains($0) })
      {
        failures.append("\(row): initial solution infeasible or outside the domain")
      }
      if !p.isFeasible(p.optimum) || p.evaluate(p.optimum) != p.optimalValue {
        failures.append("\(row): f(x_opt) = \(p.evaluate(p.optimum)), feasible \(p.isFeasible(p.optimum))")
      }
    }
    #expect(failures.isEmpty, "\(failures.count) mismatches, e.g. \(failures.prefix(5))")
    #expect(worst <= 1e-9, "largest error \(worst)")
  }

  /// f and every g_k at 8,910 points of those problems, as cocoex's
  /// `problem(x)` and `problem.constraint(x)`.
  @Test func valuesMatchCocoex() throws {
    let rows = try Self.points()
    #expect(rows.count == 8910)
    var failures: [String] = []
    var worst = (f: 0.0, g: 0.0)
    var cache: (key: [Int], function: BBOBConstrainedFunction)?
    for row in rows {
      let key = [row.function, row.instance, row.dimension]
      if cache?.key != key {
        cache = (key, try BBOBConstrainedFunction(function: row.function, instance: row.instance, dimension: row.dimension))
      }
      let p = cache!.function
      let f = p.evaluate(row.x)
      let g = p.constraints(row.x)
      let fError = Self.error(f, row.f)
      let gError = g.count == row.g.count ? zip(g, row.g).map(Self.error).max() ?? 0 : .infinity
      worst = (Swift.max(worst.f, fError), Swift.max(worst.g, gError))
      if !(fError <= 1e-9) || !(gError <= 1e-9) {
        failures.append("\(row): f \(f) vs \(row.f), g error \(gError)")
      }
    }
    #expect(failures.isEmpty, "\(failures.count) mismatches, e.g. \(failures.prefix(5))")
    #expect(worst.f <= 1e-9 && worst.g <= 1e-9, "largest errors \(worst)")
  }

  /// m = m_a + ⌊m_a/2⌋ for m_a = 1, 2, 6, 6 + ⌊n/2⌋, 6 + n and 6 + 3n active constraints.
  @Test func constraintCounts() throws {
    for n in BBOBConstrainedFunction.dimensions {
      let active = [1, 2, 6, 6 + n / 2, 6 + n, 6 + 3 * n]
      for function in [1, 2, 3, 4, 5, 6, 49, 50, 51, 52, 53, 54] {
        let p = try BBOBConstrainedFunction(function: function, instance: 3, dimension: n)
        let a = active[(function - 1) % 6]
        #expect(p.activeConstraintCount == a)
        #expect(p.constraintCount == a + a / 2)
        #expect(p.constraints(p.initialSolution).count == p.constraintCount)
      }
    }
  }

  /// Names follow COCO's ids and cocopp's short names.
  @Test func names() throws {
    let p = try BBOBConstrainedFunction(function: 22, instance: 3, dimension: 10)
    #expect(p.name == "bbob-constrained_f022_i03_d10")
    #expect(p.cocoName == "bbob-constrained suite problem f22 instance 3 in 10D")
    #expect(p.objectiveName == "Rotated Ellipsoid")
    #expect(p.functionName == "Rotated Ellipsoid, m=9+int(3n/4)")
    #expect(BBOBConstrainedFunction.functionName(54) == "Rotated Rastrigin, m=9+int(9n/2)")
    #expect(BBOBConstrainedFunction.functionName(55) == "f55")
  }

  /// Out-of-range functions, dimensions outside the suite's and invalid instances throw.
  @Test func badParametersThrow() {
    for (function, instance, dimension) in [(0, 1, 2), (55, 1, 2), (1, 1, 4), (1, 1, 1), (1, 1, 41), (1, 0, 2), (1, -3, 2)] {
      #expect(throws: FisherError.self) {
        try BBOBConstrainedFunction(function: function, instance: instance, dimension: dimension)
      }
    }
  }

  /// Wrong lengths and non-finite coordinates behave as in COCO.
  @Test func nonFiniteAndWrongLengthInput() throws {
    let p = try BBOBConstrainedFunction(function: 45, instance: 1, dimension: 3)
    #expect(p.evaluate([1, 2]).isNaN)
    #expect(p.constraints([1, 2]).isEmpty)
    #expect(p.evaluate([1, .infinity, .nan]) == .infinity)
    #expect(p.evaluate([1, 0, .nan]).isNaN)
    #expect(p.constraints([-Double.infinity, 0, 0]).allSatisfy { $0 == .infinity })
    #expect(p.constraints([.nan, 0, 0]).allSatisfy { $0.isNaN })
    #expect(!p.isFeasible([.nan, 0, 0]))
  }

  /// Problem names `bbob-constrained:F:I` and `bbob-constrained:F`.
  @Test func specs() throws {
    #expect(BBOBConstrainedFunction.isSpec("bbob-constrained:3:2"))
    #expect(BBOBConstrainedFunction.isSpec("BBOB-Constrained:3"))
    #expect(!BBOBConstrainedFunction.isSpec("bbob:3:2"))
    #expect(!BBOBFunction.isSpec("bbob-constrained:3:2"))
    let full = try BBOBConstrainedFunction.parseSpec("bbob-constrained:13:2")
    #expect(full.function == 13 && full.instance == 2)
    let short = try BBOBConstrainedFunction.parseSpec("bbob-constrained:13")
    #expect(short.function == 13 && short.instance == 1)
    let p = try BBOBConstrainedFunction(spec: "bbob-constrained:13:2", dimension: 10)
    #expect(p.name == "bbob-constrained_f013_i02_d10")
    for bad in ["bbob-constrained", "bbob-constrained:x", "bbob-constrained:1:2:3", "bbob:1:1", "bbob-constrained:1:y"] {
      #expect(throws: FisherError.self) { try BBOBConstrainedFunction.parseSpec(bad) }
    }
    #expect(throws: FisherError.self) { try BBOBConstrainedFunction(spec: "bbob-constrained:55:1", dimension: 2) }
  }
}
