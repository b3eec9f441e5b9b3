import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An objective evaluated by running a program once per candidate.
///
/// The program gets the candidate on its standard input as one JSON array
/// (`[0.25,-1.5,3]` and a newline) and must print one number on its standard
/// output (the last non-empty line is read). A non-zero exit, a signal, a
/// timeout, or output that is not a finite number is a failed evaluation; the
/// reason names which, with the last line the program wrote on stderr.
///
/// For a study with m constraints the last line holds the value and the m
/// constraint values, as `f g1 … gm` (numbers separated by spaces or commas)
/// or as a JSON object `{"f": f, "g": [g1, …, gm]}`; see ``ObjectiveOutput``.
///
/// The program runs in a process group of its own: Ctrl-C at the terminal
/// reaches the worker, which decides what to do, and a timeout or a
/// cancellation kills the whole group.
public struct CommandObjective: Sendable {
  /// The program (looked up in PATH) and its arguments.
  public var arguments: [String]
  /// The longest an evaluation may run; nil for no limit.
  public var timeout: Duration?

  public init(arguments: [String], timeout: Duration? = nil) {
    self.arguments = arguments
    self.timeout = timeout
  }

  /// Runs the program on `point` and reads its value, and with
  /// `constraintCount` m its m constraint values too.
  public func evaluate(_ point: [Double], constraintCount: Int? = nil) async -> EvaluationOutcome {
    await evaluate(input: StudyCoding.encodePoint(point), constraintCount: constraintCount)
  }

  /// Runs the program with `input` (one line, e.g. a point of a search space
  /// as a JSON object) on its standard input and reads its value as above.
  public func evaluate(input line: String, constraintCount: Int? = nil) async -> EvaluationOutcome {
    guard let program = arguments.first else { return .failure("no command given") }
    let input = line + "\n"
    let child: ChildProcess
    do {
      child = try ChildProcess.spawn(arguments, input: input)
    } catch {
      return .failure("cannot run \(program): \(error)")
    }
    let timedOut = SharedFlag()
    let timer = timeout.map { limit in
      Task {
        try await Task.sleep(for: limit)
        timedOut.set()
        child.killGroup()
      }
    }
    let result = await withTaskCancellationHandler {
      await child.wait()
    } onCancel: {
      child.killGroup()
    }
    timer?.cancel()
    if Task.isCancelled { return .cancelled }
    let stderrTail = String(decoding: result.stderr.suffix(4096), as: UTF8.self)
      .split(whereSeparator: \.isNewline).last.map { ": " + String($0.prefix(200)) } ?? ""
    if timedOut.isSet {
      return .failure("timed out after \(timeout.map { "\($0)" } ?? "?")")
    }
    if let signal = result.signal {
      return .failure("\(program) was killed by signal \(signal)\(stderrTail)")
    }
    if result.exitStatus != 0 {
      return .failure("\(program) exited with status \(result.exitStatus)\(stderrTail)")
    }
    let text = String(decoding: result.stdout, as: UTF8.self)
    guard let line = text.split(whereSeparator: \.isNewline).last(where: { !$0.allSatisfy(\.isWhitespace) }) else {
      return .failure("\(program) printed nothing on stdout")
    }
    let trimmed = line.trimmingCharacters(in: .whitespaces)
    if let m = constraintCount { return ObjectiveOutput.parse(trimmed, constraintCount: m, program: program) }
    guard let value = Double(trimmed) else {
      return .failure("\(program) printed '\(trimmed.prefix(80))', not a number")
    }
    guard value.isFinite else { return .failure("\(program) printed \(trimmed)") }
    return .value(value)
  }
}

private let spawnLock = NSLock()

/// A spawned child process with piped stdin, stdout and stderr.
final class ChildProcess: Sendable {
  struct Result: Sendable {
    var exitStatus: Int32
    var signal: Int32?
    var stdout: [UInt8]
    var stderr: [UInt8]
  }

  let pid: pid_t
  private let stdoutDescriptor: Int32
  private let stderrDescriptor: Int32

  private init(pid: pid_t, stdout: Int32, stderr: Int32) {
    self.pid = pid
    self.stdoutDescriptor = stdout
    self.stderrDescriptor = stderr
  }

  static func spawn(_ arguments: [String], input: String) throws -> ChildProcess {
    // Pipes are made close-on-exec and the child spawned under one lock, so
    // no other spawn of this process inherits (and holds open) these pipes.
    spawnLock.lock()
    defer { spawnLock.unlock() }
    var inPipe: [Int32] = [0, 0]
    var outPipe: [Int32] = [0, 0]
    var errPipe: [Int32] = [0, 0]
    guard pipe(&inPipe) == 0 else { throw SpawnError(errno) }
    guard pipe(&outPipe) == 0 else {
      close(inPipe[0]); close(inPipe[1])
      throw SpawnError(errno)
    }
    guard pipe(&errPipe) == 0 else {
      for fd in inPipe + outPipe { close(fd) }
      throw SpawnError(errno)
    }
    for fd in inPipe + outPipe + errPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
    posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
    posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    // Own process group; default dispositions for the signals a worker ignores or catches.
    posix_spawnattr_setpgroup(&attributes, 0)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for s in [SIGINT, SIGTERM, SIGPIPE, SIGQUIT] { sigaddset(&defaults, s) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    var mask = sigset_t()
    sigemptyset(&mask)
    posix_spawnattr_setsigmask(&attributes, &mask)
    posix_spawnattr_setflags(
      &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
    var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    defer { for p in argv { free(p) } }
    var pid: pid_t = 0
    let rc = posix_spawnp(&pid, arguments[0], &actions, &attributes, &argv, environ)
    close(inPipe[0])
    close(outPipe[1])
    close(errPipe[1])
    guard rc == 0 else {
      close(inPipe[1]); close(outPipe[0]); close(errPipe[0])
      throw SpawnError(rc)
    }
    let writeEnd = inPipe[1]
    let bytes = Array(input.utf8)
    Thread.detachNewThread {
      _ = signal(SIGPIPE, SIG_IGN)
      var offset = 0
      while offset < bytes.count {
        let n = bytes[offset...].withUnsafeBytes { write(writeEnd, $0.baseAddress, $0.count) }
        if n <= 0 {
          if n < 0 && errno == EINTR { continue }
          break
        }
        offset += n
      }
      close(writeEnd)
    }
    return ChildProcess(pid: pid, stdout: outPipe[0], stderr: errPipe[0])
  }

  /// Kills the child's process group.
  func killGroup() {
    kill(-pid, SIGKILL)
  }

  /// Reads both pipes to their end and reaps the child.
  func wait() async -> Result {
    let (out, err) = (stdoutDescriptor, stderrDescriptor)
    let pid = self.pid
    return await withCheckedContinuation { continuation in
      Thread.detachNewThread {
        let errors = PipeReader(err)
        let output = ChildProcess.readAll(out)
        let errorBytes = errors.finish()
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signalled = status & 0x7f
        continuation.resume(
          returning: Result(
            exitStatus: (status >> 8) & 0xff, signal: signalled == 0 ? nil : signalled, stdout: output,
            stderr: errorBytes))
      }
    }
  }

  static func readAll(_ fd: Int32) -> [UInt8] {
    var data: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 16384)
    while true {
      let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if n < 0 && errno == EINTR { continue }
      if n <= 0 { break }
      data.append(contentsOf: buffer[0..<n])
    }
    close(fd)
    return data
  }
}

/// Drains a pipe on a thread of its own.
final class PipeReader: @unchecked Sendable {
  private var data: [UInt8] = []
  private let done = DispatchSemaphore(value: 0)

  init(_ fd: Int32) {
    Thread.detachNewThread { [self] in
      data = ChildProcess.readAll(fd)
      done.signal()
    }
  }

  func finish() -> [UInt8] {
    done.wait()
    return data
  }
}

struct SpawnError: Error, CustomStringConvertible {
  var code: Int32
  init(_ code: Int32) { self.code = code }
  var description: String { String(cString: strerror(code)) }
}
