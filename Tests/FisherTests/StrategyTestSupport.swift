import Foundation
import Testing
@testable import Fisher

/// Checks every strategy must pass, shared by the per-strategy suites.
enum StrategyChecks {
  /// The state as canonical JSON (sorted keys), for bit-exact comparisons.
  static func encoded<S: Strategy>(_ s: S) throws -> Data {
    let e = JSONEncoder()
    e.outputFormatting = [.sortedKeys]
    return try e.encode(s)
  }

  /// Runs ask/tell on `f` until the strategy stops or `maxGenerations` is reached.
  static func run<S: Strategy>(_ s: inout S, _ f: ([Double]) -> Double, maxGenerations: Int) throws {
    while s.generation < maxGenerations, s.stopReason == nil {
      let p = s.ask()
      try s.tell(p, fitness: (0..<p.count).map { f(p[$0]) })
    }
  }

  /// Asking twice, or from two equal states, gives the same population; another seed does not.
  static func askIsDeterministic<S: Strategy>(_ make: (UInt64) throws -> S) throws {
    var a = try make(11)
    #expect(a.ask() == a.ask())
    #expect(a.ask() == (try make(11)).ask())
    #expect(a.ask().candidates != (try make(12)).ask().candidates)
    let p = a.ask()
    #expect(p.generation == 0 && p.count == a.populationSize && p.dimension == a.dimension)
    try a.tell(p, fitness: (0..<p.count).map { ClassicProblem.sphere.value(p[$0]) })
    #expect(a.ask().generation == 1)
    #expect(a.ask().candidates != p.candidates)
  }

  /// A state decoded from a checkpoint continues bit-identically to the original.
  static func codableResumesBitIdentically<S: Strategy>(_ s0: S, _ f: ([Double]) -> Double) throws {
    var a = s0
    try run(&a, f, maxGenerations: 5)
    var b = try JSONDecoder().decode(S.self, from: try encoded(a))
    #expect(try encoded(b) == (try encoded(a)))
    #expect(b.ask() == a.ask())
    try run(&a, f, maxGenerations: 12)
    try run(&b, f, maxGenerations: 12)
    #expect(try encoded(b) == (try encoded(a)))
    #expect(a.mean == b.mean)
  }

  /// Runs `original` and its decoded copy `resumed` side by side for
  /// `generations`, expecting the same population from both every time, and
  /// equal states and canonical encodings at the end.
  static func continueInLockstep<S: Strategy & Equatable>(
    _ original: inout S, _ resumed: inout S, generations: Int, _ f: ([Double]) -> Double
  ) throws {
    for _ in 0..<generations {
      let p = original.ask()
      let values = p.candidates.rowArrays.map(f)
      try original.tell(p, fitness: values)
      let q = resumed.ask()
      #expect(q == p)
      try resumed.tell(q, fitness: values)
    }
    #expect(resumed == original)
    #expect(try encoded(resumed) == encoded(original))
  }

  /// Wrong counts, NaN and a stale generation are rejected and leave the state unchanged.
  static func tellRejectsBadInput<S: Strategy>(_ s0: S) throws {
    var s = s0
    let p = s.ask()
    let good = (0..<p.count).map { ClassicProblem.sphere.value(p[$0]) }
    let before = try encoded(s)
    #expect(throws: FisherError.self) { try s.tell(p, fitness: Array(good.dropLast())) }
    #expect(throws: FisherError.self) { try s.tell(p, fitness: good + [1]) }
    var withNaN = good
    withNaN[1] = .nan
    #expect(throws: FisherError.self) { try s.tell(p, fitness: withNaN) }
    let stale = Population(generation: p.generation + 1, candidates: p.candidates, directions: p.directions)
    #expect(throws: FisherError.self) { try s.tell(stale, fitness: good) }
    #expect(try encoded(s) == before)
    try s.tell(p, fitness: good)
    #expect(throws: FisherError.self) { try s.tell(p, fitness: good) }  // generation 0 again
  }

  /// Failed evaluations (+∞) never produce NaN; a generation of failures leaves the mean in place.
  static func failuresAreRankedWorst<S: Strategy>(_ s0: S) throws {
    var s = s0
    for g in 0..<4 {
      let p = s.ask()
      var f = (0..<p.count).map { ClassicProblem.sphere.value(p[$0]) }
      for i in stride(from: g % 2, to: f.count, by: 3) { f[i] = .infinity }
      try s.tell(p, fitness: f)
      #expect(s.mean.allSatisfy { $0.isFinite } && s.stepSize.isFinite && s.stepSize > 0)
    }
    let m = s.mean
    let p = s.ask()
    try s.tell(p, fitness: [Double](repeating: .infinity, count: p.count))
    #expect(s.mean.allSatisfy { $0.isFinite } && s.stepSize.isFinite && s.stepSize > 0)
    for j in m.indices { #expect(abs(s.mean[j] - m[j]) <= 1e-12 * (1 + abs(m[j]))) }
    #expect(s.ask().candidates.elements.allSatisfy { $0.isFinite })
  }

  /// A checkpoint whose mean has the wrong length is rejected, not trapped on.
  static func malformedCheckpointThrows<S: Strategy>(_ s: S) throws {
    var json = try JSONSerialization.jsonObject(with: try encoded(s)) as! [String: Any]
    if json["mean"] != nil {
      json["mean"] = [1.0]
    } else if var g = json["_gaussian"] as? [String: Any] {
      g["mean"] = [1.0]
      json["_gaussian"] = g
    }
    json["dimension"] = s.dimension + 1
    let data = try JSONSerialization.data(withJSONObject: json)
    #expect(throws: (any Error).self) { try JSONDecoder().decode(S.self, from: data) }
    #expect(throws: (any Error).self) { try JSONDecoder().decode(S.self, from: Data("{}".utf8)) }
  }

  /// Invalid arguments throw FisherError.
  static func initializerValidates<S: Strategy>(
    _ make: ([Double], Double, Int?) throws -> S
  ) {
    #expect(throws: FisherError.self) { try make([], 1, nil) }
    #expect(throws: FisherError.self) { try make([1, .nan], 1, nil) }
    #expect(throws: FisherError.self) { try make([1, 2], 0, nil) }
    #expect(throws: FisherError.self) { try make([1, 2], -1, nil) }
    #expect(throws: FisherError.self) { try make([1, 2], .infinity, nil) }
    #expect(throws: FisherError.self) { try make([1, 2], 1, 1) }
    #expect(throws: FisherError.self) { try make([1, 2], 1, -3) }
  }
}

/// Whether |a − b| ≤ tolerance · max(1, |b|) elementwise.
func isClose(_ a: [Double], _ b: [Double], tolerance: Double = 1e-13) -> Bool {
  a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($1)) }
}
