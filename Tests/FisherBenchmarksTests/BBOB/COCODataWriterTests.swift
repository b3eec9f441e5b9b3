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
  /// cocoex logs the noise-free value of every evaluation, in every column:
  /// logging those gives its files byte for byte (folder and file names,
  /// `suite = 'bbob-noisy'` in the .info blocks, headers with f_opt, lines),
  /// while the noisy values the optimizer saw give different files.
  @Test func noisyFilesMatchCocoexObserver() throws {
    let root = try Self.fixture("coco-logger-noisy")
    var records: [BBOBRunRecord] = []
    var measuredRecords: [BBOBRunRecord] = []
    for s in try Self.sequences(root) {
      let f = try BBOBNoisyFunction(function: s.function, instance: s.instance, dimension: s.dimension)
      var logger = COCORunLogger(dimension: s.dimension, optimalValue: f.optimalValue)
      var measured = logger
      for (k, x) in s.points.enumerated() {
        logger.log(x, f.noiseFreeValue(x))
        measured.log(x, f.value(at: x, evaluation: k))
      }
      logger.finish()
      measured.finish()
      records.append(Self.record(logger, function: s.function, instance: s.instance))
      measuredRecords.append(Self.record(measured, function: s.function, instance: s.instance))
    }
    #expect(records.count == 6)
    let files = try COCODataWriter.files(strategy: "fixture", records: records)
    #expect(files.count == 5 * 5)
    #expect(files.contains { $0.0 == "data_f129/bbobexp_f129_DIM40.tdat" })
    let differences = try Self.differences(files, root)
    #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
    let measured = try Self.differences(COCODataWriter.files(strategy: "fixture", records: measuredRecords), root)
    #expect(measured.count == 3 * 5, "\(measured)")
  }

  /// The bbob-constrained fixture: five problems (1 to 189 constraints, n = 2
  /// to 40) under cocoex's bbob observer, with constraint calls before, after
  /// or without the f call of a point (Benchmarks/peers/coco_logger_constrained_reference.py).
  /// Replayed through COCORunLogger with the constraint count at each f call,
  /// the files equal cocoex's byte for byte: second column, digits, best value
  /// max(f, f_opt) + Σ max(0, gᵢ), `.tdat` lines at f + g counts.
  @Test func constrainedFilesMatchCocoexObserver() throws {
    let root = try Self.fixture("coco-logger-constrained")
    let text = try String(contentsOf: root.appendingPathComponent("points.csv"), encoding: .utf8)
    var loggers: [(function: Int, instance: Int, logger: COCORunLogger, gCalls: Int)] = []
    for line in text.split(separator: "\n").dropFirst() {
      let fields = line.split(separator: ",")
      let key = fields[0...2].compactMap { Int($0) }
      let x = fields[4].split(separator: ";").compactMap { Double($0) }
      let f = try BBOBConstrainedFunction(function: key[0], instance: key[1], dimension: key[2])
      if loggers.last.map({ [$0.function, $0.instance, $0.logger.dimension] }) != key {
        loggers.append((key[0], key[1], COCORunLogger(dimension: key[2], optimalValue: f.optimalValue), 0))
      }
      for call in fields[3] {
        if call == "g" {
          loggers[loggers.count - 1].gCalls += 1
        } else {
          let calls = loggers[loggers.count - 1].gCalls
          loggers[loggers.count - 1].logger.log(x, f.evaluate(x), constraints: f.constraints(x), constraintEvaluations: calls)
        }
      }
    }
    #expect(loggers.count == 5)
    var records: [BBOBRunRecord] = []
    for var entry in loggers {
      entry.logger.finish()
      records.append(Self.record(entry.logger, function: entry.function, instance: entry.instance))
    }
    let files = try COCODataWriter.files(strategy: "fixture", records: records, suite: .bbobConstrained)
    #expect(files.count == 5 * 5)
    let differences = try Self.differences(files, root)
    #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
  }
}
