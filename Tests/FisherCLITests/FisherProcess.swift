import Foundation

/// Runs the built `fisher` executable with arguments and standard input.
struct FisherProcess {
  struct Output {
    var status: Int32
    var stdout: String
    var stderr: String
    var lines: [String] { stdout.split(separator: "\n").map(String.init) }
  }

  /// The `fisher` binary next to the test bundle in the build folder.
  static let executable: URL = {
    let candidates = [Bundle.main.executableURL, URL(fileURLWithPath: CommandLine.arguments[0])]
    for c in candidates.compactMap({ $0 }) {
      var dir = c.deletingLastPathComponent()
      for _ in 0..<4 {
        let f = dir.appendingPathComponent("fisher")
        if FileManager.default.isExecutableFile(atPath: f.path) { return f }
        dir = dir.deletingLastPathComponent()
      }
    }
    return URL(fileURLWithPath: ".build/debug/fisher")
  }()

  /// Starts `fisher` with its three standard streams on pipes.
  static func launch(_ arguments: [String]) throws -> (Process, stdin: Pipe, stdout: Pipe, stderr: Pipe) {
    let p = Process()
    p.executableURL = executable
    p.arguments = arguments
    let inPipe = Pipe(), outPipe = Pipe(), errPipe = Pipe()
    p.standardInput = inPipe
    p.standardOutput = outPipe
    p.standardError = errPipe
    try p.run()
    return (p, inPipe, outPipe, errPipe)
  }

  static func run(_ arguments: [String], input: String = "") throws -> Output {
    let (p, inPipe, outPipe, errPipe) = try launch(arguments)
    let writer = Thread {
      inPipe.fileHandleForWriting.write(Data(input.utf8))
      try? inPipe.fileHandleForWriting.close()
    }
    writer.start()
    let errData = ErrorCollector(errPipe.fileHandleForReading)
    let out = outPipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return Output(
      status: p.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
      stderr: String(decoding: errData.finish(), as: UTF8.self))
  }
}

extension FisherProcess {
  /// Runs `fisher` as a conversation: every line it writes is passed to
  /// `reply`, and a non-nil answer is written back as one line of input. The
  /// input closes when `reply` returns nil for a line that asks (a line
  /// starting with `{"ask"`) or when the process ends.
  static func converse(_ arguments: [String], reply: (String) throws -> String?) throws -> Output {
    let (p, inPipe, outPipe, errPipe) = try launch(arguments)
    let errData = ErrorCollector(errPipe.fileHandleForReading)
    let reader = outPipe.fileHandleForReading
    var transcript = Data(), pending = Data()
    var open = true
    while true {
      let chunk = reader.availableData
      if chunk.isEmpty { break }
      transcript.append(chunk)
      pending.append(chunk)
      while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
        let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
        pending = Data(pending[pending.index(after: newline)...])
        guard open else { continue }
        if let answer = try reply(line) {
          inPipe.fileHandleForWriting.write(Data((answer + "\n").utf8))
        } else if line.hasPrefix("{\"ask\"") {
          try? inPipe.fileHandleForWriting.close()
          open = false
        }
      }
    }
    if open { try? inPipe.fileHandleForWriting.close() }
    p.waitUntilExit()
    return Output(
      status: p.terminationStatus, stdout: String(decoding: transcript, as: UTF8.self),
      stderr: String(decoding: errData.finish(), as: UTF8.self))
  }
}

/// Drains a pipe on its own thread so a chatty child never blocks on a full pipe.
final class ErrorCollector: @unchecked Sendable {
  private var data = Data()
  private let done = DispatchSemaphore(value: 0)
  init(_ handle: FileHandle) {
    Thread { [self] in
      data = handle.readDataToEndOfFile()
      done.signal()
    }.start()
  }
  func finish() -> Data {
    done.wait()
    return data
  }
}

/// Parses one JSON line into a dictionary.
func jsonObject(_ line: String) throws -> [String: Any] {
  let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
  guard let dict = object as? [String: Any] else { throw CocoaError(.coderReadCorrupt) }
  return dict
}
