import Fisher
import Foundation

/// What `--checkpoint` writes and `--resume` reads: the strategy specification
/// (to build restarts) and the whole run.
struct RunCheckpoint: Codable {
  static let currentVersion = 1
  var version = RunCheckpoint.currentVersion
  var specification: StrategySpecification
  var run: Optimizer<AnyStrategy>
  /// The problem name, for `fisher minimize` (nil for ask-tell).
  var problem: String?
  /// The named variables of an `ask-tell --space` run (nil for ℝⁿ).
  var space: SearchSpace?

  /// Writes the checkpoint atomically: to a temporary file in the same folder, flushed, then renamed over `path`.
  func write(to path: String) throws {
    let data = try JSONEncoder().encode(self)
    let temporary = path + ".tmp-\(getpid())"
    guard FileManager.default.createFile(atPath: temporary, contents: nil) else {
      throw FisherError.malformedInput("cannot create checkpoint file \(temporary)")
    }
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
    try handle.write(contentsOf: data)
    try handle.synchronize()
    try handle.close()
    guard rename(temporary, path) == 0 else {
      let reason = String(cString: strerror(errno))
      unlink(temporary)
      throw FisherError.malformedInput("cannot write checkpoint \(path): \(reason)")
    }
  }

  /// Reads a checkpoint, with a message naming the file for every way it can be wrong.
  static func read(from path: String) throws -> RunCheckpoint {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw FisherError.malformedInput("cannot read checkpoint file \(path)")
    }
    let checkpoint: RunCheckpoint
    do {
      checkpoint = try JSONDecoder().decode(RunCheckpoint.self, from: data)
    } catch {
      throw FisherError.malformed("checkpoint \(path) is not a valid Fisher checkpoint", decoding: error)
    }
    guard checkpoint.version == currentVersion else {
      throw FisherError.malformedInput("checkpoint \(path) has version \(checkpoint.version), expected \(currentVersion)")
    }
    return checkpoint
  }
}
