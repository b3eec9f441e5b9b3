import Foundation
import Testing
import FisherBenchmarks

@Suite("COCO data format")
struct COCODataWriterTests {
  /// Replays the point sequences of `Resources/coco-logger/points.csv` through
  /// COCORunLogger and COCODataWriter and compares the .info, .dat, .tdat, .rdat
  /// and .mdat files byte for byte with those cocoex 2.8.2's bbob observer wrote
  /// for the same evaluations (Benchmarks/peers/coco_logger_reference.py).
  @Test func filesMatchCocoexObserver() throws {
    guard let root = Bundle.module.url(forResource: "coco-logger", withExtension: nil, subdirectory: "Resources") else {
      throw FisherError.malformedInput("missing resource coco-logger")
    }
    let text = try String(contentsOf: root.appendingPathComponent("points.csv"), encoding: .utf8)
    var records: [BBOBRunRecord] = []
    var current: (key: [Int], function: BBOBFunction, logger: COCORunLogger)?
    func close() {
      guard var c = current else { return }
      c.logger.finish()
      records.append(
        BBOBRunRecord(
          strategy: "fixture", function: c.key[0], instance: c.key[1], dimension: c.key[2], seed: 0,
          evaluations: c.logger.evaluations, restarts: 0, bestPrecision: c.logger.bestValue - c.function.optimalValue,
          hits: [], trace: [], seconds: 0, error: nil, infoEntry: c.logger.infoEntry(instance: c.key[1]),
          datLines: c.logger.datLines, tdatLines: c.logger.tdatLines, rdatLines: c.logger.rdatLines))
      current = nil
    }
    for line in text.split(separator: "\n").dropFirst() {
      let fields = line.split(separator: ",")
      let key = fields[0...2].compactMap { Int($0) }
      let x = fields[3].split(separator: ";").compactMap { Double($0) }
      if current?.key != key {
        close()
        let f = try BBOBFunction(function: key[0], instance: key[1], dimension: key[2])
        current = (key, f, COCORunLogger(dimension: key[2], optimalValue: f.optimalValue))
      }
      current!.logger.log(x, current!.function.evaluate(x))
    }
    close()
    #expect(records.count == 5)
    let files = try COCODataWriter.files(strategy: "fixture", records: records)
    #expect(files.count == 4 * 5)
    for (path, contents) in files {
      let expected = try String(contentsOf: root.appendingPathComponent("coco").appendingPathComponent(path), encoding: .utf8)
      if contents != expected {
        let ours = contents.split(separator: "\n", omittingEmptySubsequences: false)
        let theirs = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let i = zip(ours, theirs).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? Swift.min(ours.count, theirs.count)
        Issue.record("\(path) differs at line \(i + 1): \(i < ours.count ? String(ours[i]) : "<end>") vs \(i < theirs.count ? String(theirs[i]) : "<end>")")
      }
    }
  }
}
