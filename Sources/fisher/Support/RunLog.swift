import ArgumentParser
import Fisher
import Foundation

/// The file of `--log FILE` (`minimize`, `ask-tell`): one ``GenerationSummary``
/// JSON line per completed generation, each written with its own `write(2)`
/// as the generation completes, so that lines already written survive a crash
/// of the process.
///
/// A resumed run (`--resume`) keeps the lines of the generations its
/// checkpoint holds and drops any later ones (written after the checkpoint by
/// the run that crashed, for generations the resumed run will redo), so the
/// log never repeats a generation.
final class RunLog {
  let path: String
  private let descriptor: Int32
  /// The generation of the last line written or kept.
  private(set) var lastGeneration: Int

  private init(path: String, descriptor: Int32, lastGeneration: Int) {
    self.path = path
    self.descriptor = descriptor
    self.lastGeneration = lastGeneration
  }

  deinit { close(descriptor) }

  /// Creates or empties `path` for a new run.
  ///
  /// - Throws: `ValidationError` (exit status 2) when the file cannot be created or written.
  static func start(path: String) throws -> RunLog {
    RunLog(path: path, descriptor: try open(path, flags: O_WRONLY | O_CREAT | O_TRUNC), lastGeneration: 0)
  }

  /// Opens `path` to continue a run resumed after `completedGenerations`
  /// generations: the lines of later generations are removed (the file is
  /// replaced atomically), as is a last line cut short by a crash; a missing
  /// file is created.
  ///
  /// - Throws: `ValidationError` (exit status 2) when the file cannot be
  ///   written, or holds a line that is not a generation summary before its last line.
  static func resume(path: String, completedGenerations: Int) throws -> RunLog {
    guard FileManager.default.fileExists(atPath: path) else { return try start(path: path) }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ValidationError("cannot read the log \(path) to continue it")
    }
    let text = String(decoding: data, as: UTF8.self)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    var kept: [String] = []
    var last = 0
    for (i, line) in lines.enumerated() {
      if line.allSatisfy(\.isWhitespace) { continue }
      let summary: GenerationSummary
      do {
        guard let s = try GenerationSummary.decodeLines(line).first else { continue }
        summary = s
      } catch {
        // A last line without its newline is a write the crash cut short.
        if i == lines.count - 1 && !text.hasSuffix("\n") { break }
        throw ValidationError(
          "the log \(path) has a line \(i + 1) that is not a generation summary; move it away or choose another --log")
      }
      guard summary.generation <= completedGenerations else { break }
      kept.append(line)
      last = summary.generation
    }
    let temporary = path + ".tmp-\(getpid())"
    let rewritten = try open(temporary, flags: O_WRONLY | O_CREAT | O_TRUNC)
    defer { close(rewritten) }
    try write(kept.map { $0 + "\n" }.joined(), to: rewritten, path: temporary)
    guard rename(temporary, path) == 0 else {
      let reason = String(cString: strerror(errno))
      unlink(temporary)
      throw ValidationError("cannot write the log \(path): \(reason)")
    }
    return RunLog(path: path, descriptor: try open(path, flags: O_WRONLY | O_APPEND), lastGeneration: last)
  }

  /// Appends the summary of `report` when it completes a generation not yet
  /// logged (a report of a generation in which every evaluation failed
  /// completes none).
  ///
  /// - Throws: ``RuntimeFailure`` (exit status 1) when the line cannot be written.
  func record(_ report: GenerationReport) throws {
    guard report.generation > lastGeneration else { return }
    do {
      try Self.write(GenerationSummary(report).jsonLine() + "\n", to: descriptor, path: path)
    } catch {
      throw RuntimeFailure("\(error)")
    }
    lastGeneration = report.generation
  }

  private static func open(_ path: String, flags: Int32) throws -> Int32 {
    let fd = Foundation.open(path, flags | O_CLOEXEC, 0o644)
    guard fd >= 0 else {
      throw ValidationError("cannot write the log \(path): \(String(cString: strerror(errno)))")
    }
    return fd
  }

  /// Writes all of `text`, retrying short writes and interruptions.
  private static func write(_ text: String, to descriptor: Int32, path: String) throws {
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
      let written = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
      if written < 0 {
        if errno == EINTR { continue }
        throw ValidationError("cannot write the log \(path): \(String(cString: strerror(errno)))")
      }
      bytes = bytes.dropFirst(written)
    }
  }
}
