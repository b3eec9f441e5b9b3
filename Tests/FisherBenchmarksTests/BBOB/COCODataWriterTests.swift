import Foundation
import Testing
import FisherBenchmarks

@Suite("COCO data format")
struct COCODataWriterTests {
  /// The folder of a fixture written by Benchmarks/peers/coco_logger_reference.py.
  static func fixture(_ name: String) throws -> URL {
    guard let root = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Resources") else {
      throw FisherError.malformedInput("missing resource \(name)")
    }
    return root
  }

  /// The point sequences of a fixture's points.csv, one per problem in file order.
  static func sequences(_ root: URL) throws -> [(function: Int, instance: Int, dimension: Int, points: [[Double]])] {
    let text = try String(contentsOf: root.appendingPathComponent("points.csv"), encoding: .utf8)
    var out: [(function: Int, instance: Int, dimension: Int, points: [[Double]])] = []
    for line in text.split(separator: "\n").dropFirst() {
      let fields = line.split(separator: ",")
      let key = fields[0...2].compactMap { Int($0) }
      let x = fields[3].split(separator: ";").compactMap { Double($0) }
      if let last = out.last, [last.function, last.instance, last.dimension] == key {
        out[out.count - 1].points.append(x)
      } else {
        out.append((key[0], key[1], key[2], [x]))
      }
    }
    return out
  }

  /// The record of a replayed sequence, as the writer needs it.
  static func record(_ logger: COCORunLogger, function: Int, instance: Int) -> BBOBRunRecord {
    BBOBRunRecord(
      strategy: "fixture", function: function, instance: instance, dimension: logger.dimension, seed: 0,
      evaluations: logger.evaluations, restarts: 0, bestPrecision: logger.bestValue - logger.optimalValue,
      hits: [], trace: [], seconds: 0, error: nil, infoEntry: logger.infoEntry(instance: instance),
      datLines: logger.datLines, tdatLines: logger.tdatLines, rdatLines: logger.rdatLines)
  }

  /// The differences between the written files and the fixture's, one per file.
  static func differences(_ files: [(String, String)], _ root: URL) throws -> [String] {
    var out: [String] = []
    for (path, contents) in files {
      let expected = try String(contentsOf: root.appendingPathComponent("coco").appendingPathComponent(path), encoding: .utf8)
      if contents != expected {
        let ours = contents.split(separator: "\n", omittingEmptySubsequences: false)
        let theirs = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let i = zip(ours, theirs).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? Swift.min(ours.count, theirs.count)
        out.append("\(path) differs at line \(i + 1): \(i < ours.count ? String(ours[i]) : "<end>") vs \(i < theirs.count ? String(theirs[i]) : "<end>")")
      }
    }
    return out
  }

  /// Replays the point sequences of `Resources/coco-logger/points.csv` through
  /// COCORunLogger and COCODataWriter and compares the .info, .dat, .tdat, .rdat
  /// and .mdat files byte for byte with those cocoex 2.8.2's bbob observer wrote
  /// for the same evaluations (Benchmarks/peers/coco_logger_reference.py).
  @Test func filesMatchCocoexObserver() throws {
    let root = try Self.fixture("coco-logger")
    var records: [BBOBRunRecord] = []
    for s in try Self.sequences(root) {
      let f = try BBOBFunction(function: s.function, instance: s.instance, dimension: s.dimension)
      var logger = COCORunLogger(dimension: s.dimension, optimalValue: f.optimalValue)
      for x in s.points { logger.log(x, f.evaluate(x)) }
      logger.finish()
      records.append(Self.record(logger, function: s.function, instance: s.instance))
    }
    #expect(records.count == 5)
    let files = try COCODataWriter.files(strategy: "fixture", records: records)
    #expect(files.count == 4 * 5)
    let differences = try Self.differences(files, root)
    #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
  }

  /// The bbob-noisy fixture: six problems, each evaluated from a freshly
  /// constructed `cocoex.Suite("bbob-noisy", …)` under cocoex's bbob observer.
  /// Logging the measured values alone gives cocoex's files byte for byte: the
  /// folder and file names, `suite = 'bbob-noisy'` in the .info blocks, the
  /// headers with f_opt, and the lines (cocoex logs measured values in every
  /// column). It also checks that evaluation k of the bench is cocoex's (k+1)-th.
  @Test func noisyFilesMatchCocoexObserver() throws {
    let root = try Self.fixture("coco-logger-noisy")
    var records: [BBOBRunRecord] = []
    for s in try Self.sequences(root) {
      let f = try BBOBNoisyFunction(function: s.function, instance: s.instance, dimension: s.dimension)
      var logger = COCORunLogger(dimension: s.dimension, optimalValue: f.optimalValue)
      for (k, x) in s.points.enumerated() { logger.log(x, f.value(at: x, evaluation: k)) }
      logger.finish()
      records.append(Self.record(logger, function: s.function, instance: s.instance))
    }
    #expect(records.count == 6)
    let files = try COCODataWriter.files(strategy: "fixture", records: records)
    #expect(files.count == 5 * 5)
    #expect(files.contains { $0.0 == "data_f129/bbobexp_f129_DIM40.tdat" })
    let differences = try Self.differences(files, root)
    #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
  }

  /// With noise-free values, as the bench logs bbob-noisy runs: the .tdat lines
  /// are cocoex's except for the third column, which is the best noise-free
  /// f − f_opt so far; the .dat lines are the first evaluation, the evaluations
  /// at which the best noise-free value reaches a new target 10^(k/20) (down to
  /// 10⁻⁸, with cocoex's levels below it) and a final line; the .info entry
  /// gives the best noise-free f − f_opt.
  @Test func noisyRunsAreMeasuredOnNoiseFreeValues() throws {
    let root = try Self.fixture("coco-logger-noisy")
    var checked = 0
    for s in try Self.sequences(root) {
      let f = try BBOBNoisyFunction(function: s.function, instance: s.instance, dimension: s.dimension)
      let fopt = f.optimalValue
      var logger = COCORunLogger(dimension: s.dimension, optimalValue: fopt)
      var best: [Double] = []
      var targetEvaluations: [Int] = []
      // The level of the last target reached: ⌈20 log10(f − f_opt)⌉ down to 10⁻⁸, then [10⁻¹², 10⁻⁸), (0, 10⁻¹²) and 0.
      func level(_ p: Double) -> Int {
        p == 0 ? Int.min : p < 1e-12 ? Int.min + 1 : Int((log10(Swift.max(p, 1e-8)) * 20).rounded(.up))
      }
      var reached = Int.max
      for (k, x) in s.points.enumerated() {
        let clean = f.noiseFreeValue(x)
        logger.log(x, measured: f.value(at: x, evaluation: k), noiseFree: clean)
        let previous = best.last ?? .infinity
        let now = Swift.min(previous, Swift.max(clean, fopt))
        best.append(now)
        if k == 0 {
          targetEvaluations.append(1)
        } else if now < previous, level(now - fopt) < reached {
          reached = level(now - fopt)
          targetEvaluations.append(k + 1)
        }
      }
      logger.finish()
      let base = "data_f\(s.function)/bbobexp_f\(s.function)_DIM\(s.dimension)"
      // Each fixture file holds one header and the lines of one instance (f101 d2 has two).
      let cocoexTdat = try String(contentsOf: root.appendingPathComponent("coco/\(base).tdat"), encoding: .utf8)
        .split(separator: "\n").filter { !$0.hasPrefix("%") }
      let instancesBefore = s.function == 101 && s.instance == 2 ? 1 : 0
      let theirs = Array(Self.linesOfInstance(cocoexTdat, index: instancesBefore))
      #expect(theirs.count == logger.tdatLines.count, "\(base)")
      for (ours, cocoex) in zip(logger.tdatLines, theirs) {
        var a = ours.split(separator: " "), b = cocoex.split(separator: " ")
        let evaluations = try #require(Int(a[0]))
        #expect(a[2] == String(format: "%+10.9e", best[evaluations - 1] - fopt)[...], "\(base) at \(evaluations)")
        a.remove(at: 2)
        b.remove(at: 2)
        #expect(a == b, "\(base): \(ours) vs \(cocoex)")
        checked += 1
      }
      let datEvaluations = logger.datLines.compactMap { $0.split(separator: " ").first.flatMap { Int($0) } }
      var expected = targetEvaluations
      if expected.last != s.points.count { expected.append(s.points.count) }
      #expect(datEvaluations == expected, "\(base)")
      #expect(logger.infoEntry(instance: s.instance) == "\(s.instance):\(s.points.count)|" + String(format: "%.1e", best.last! - fopt))
      #expect(logger.bestValue == best.last)
    }
    #expect(checked > 100)
  }

  /// The lines of the `index`-th instance in a data file's lines without
  /// headers: an instance's lines start at evaluation 1.
  static func linesOfInstance(_ lines: [Substring], index: Int) -> ArraySlice<Substring> {
    let starts = lines.indices.filter { lines[$0].hasPrefix("1 ") }
    let end = index + 1 < starts.count ? starts[index + 1] : lines.count
    return lines[starts[index]..<end]
  }
}
