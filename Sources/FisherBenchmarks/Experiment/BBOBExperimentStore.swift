import Foundation

/// The output directory of an experiment: its design, one record per finished run,
/// and the files derived from them.
///
///     DIR/experiment.json                      the design (checked on resume)
///     DIR/runs/<strategy>/bbob_f…_i…_d….json   one record per finished run
///     DIR/runs.csv, DIR/coco/<strategy>/, DIR/report.html
public struct BBOBExperimentStore: Sendable {
  public let directory: URL

  public init(directory: URL) {
    self.directory = directory
  }

  var manifestURL: URL { directory.appendingPathComponent("experiment.json") }

  func recordURL(_ run: BBOBExperiment.Run) -> URL {
    directory.appendingPathComponent("runs").appendingPathComponent(run.strategy)
      .appendingPathComponent(BBOBRunRecord.fileName(function: run.function, instance: run.instance, dimension: run.dimension))
  }

  /// Creates the directory and its design file, or checks that an existing one holds the same design.
  public func prepare(_ experiment: BBOBExperiment) throws {
    let fm = FileManager.default
    try fm.createDirectory(at: directory, withIntermediateDirectories: true)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    let data = try encoder.encode(experiment)
    if let existing = try? Data(contentsOf: manifestURL) {
      guard let old = try? JSONDecoder().decode(BBOBExperiment.self, from: existing), old == experiment else {
        throw FisherError.invalidParameter(
          name: "output",
          reason: "\(directory.path) holds a different experiment; rerun with its arguments to resume, or choose another directory")
      }
    } else {
      try data.write(to: manifestURL, options: .atomic)
    }
  }

  /// The record of `run`, if it finished in an earlier session.
  public func record(_ run: BBOBExperiment.Run) -> BBOBRunRecord? {
    guard let data = try? Data(contentsOf: recordURL(run)) else { return nil }
    return try? JSONDecoder().decode(BBOBRunRecord.self, from: data)
  }

  /// Stores a finished run (atomically: a record file is complete or absent).
  public func save(_ record: BBOBRunRecord) throws {
    let run = BBOBExperiment.Run(
      strategy: record.strategy, function: record.function, dimension: record.dimension, instance: record.instance)
    let url = recordURL(run)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try JSONEncoder().encode(record).write(to: url, options: .atomic)
  }

  /// Writes `text` to `name` inside the directory.
  public func write(_ text: String, to name: String) throws {
    let url = directory.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url, options: .atomic)
  }
}
