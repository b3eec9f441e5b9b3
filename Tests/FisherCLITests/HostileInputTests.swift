import Foundation
import Testing

/// Every option of every command, fed hostile values, and hostile standard input
/// to the commands that read it: each run must end with a status and a one-line
/// message, never by a signal.
///
/// The command tree comes from the built executable itself
/// (`fisher --experimental-dump-help`), so a new command or option is covered
/// as soon as it exists; a new command without a baseline below fails the test.
/// Each run starts from a baseline invocation that finishes quickly and replaces
/// one option's value (`--name=value`, so values that start with `-` stay
/// values). Runs execute under an address-space limit of 4 GiB (`ulimit -v`)
/// with a deadline; a run still going at its deadline is a valid but large job
/// and is stopped by the harness, which is a clean end.
///
/// Exit statuses allowed: 0 (the value was valid), 2 (invalid input), 1 (a
/// runtime failure, such as an output folder that cannot be created). A
/// non-zero exit must print exactly one line on stderr, starting `fisher: `
/// (a study worker may log more such lines first), with no Swift backtrace or
/// `DecodingError` dump.
@Suite(.serialized) struct HostileInputTests {
  /// Values every option is given once.
  static let hostileValues: [String] = [
    "0", "-1", "2", "-0", "-9223372036854775808", "9223372036854775807", "9223372036854775808",
    "18446744073709551616", "1e17", "1e300", "-1e300", "inf", "-inf", "nan", "4.9e-324",
    "", " ", "garbage", "0x10", "ü∫√ 🦀", "1,2,", ",", "1-", "2-4000000000", "3-1", "1,,2",
    "1e17,1e17", "nan,nan", "bbob:0:0", "bbob:1:9223372036854775807", String(repeating: "9", count: 400),
  ]

  /// A quick, valid invocation per command; `{dir}` is a fresh folder per run,
  /// `{db}` a SQLite URL in it. `setup` runs first (e.g. to create a study).
  struct Baseline {
    var arguments: [String]
    var input = ""
    var setup: [[String]] = []
    /// Arguments after `--` that are not options (the worker's command).
    var trailing: [String] = []
  }

  static let study = ["--name", "s", "--storage", "{db}"]
  static let createStudy = ["study", "create"] + study + ["--dimension", "2", "--budget", "4", "--seed", "1"]
  static let baselines: [String: Baseline] = [
    "minimize": .init(arguments: ["--problem", "sphere", "--dimension", "3", "--budget", "200", "--quiet", "--threads", "1"]),
    "ask-tell": .init(arguments: ["--dimension", "2", "--budget", "12"], input: "{\"tell\": [1, 2, 3, 4, 5, 6]}\n"),
    "bbob eval": .init(arguments: ["--function", "3", "--instance", "1", "--dimension", "2"], input: "0,0\n1 2\n"),
    "bbob info": .init(arguments: ["--function", "3", "--instance", "1", "--dimension", "2"]),
    "bench bbob": .init(arguments: [
      "--strategies", "cma-es", "--functions", "1", "--dimensions", "2", "--instances", "1",
      "--budget-multiplier", "20", "--output", "{dir}/bench", "--quiet", "--threads", "1",
    ]),
    "bench classic": .init(arguments: [
      "--strategies", "cma-es", "--problems", "sphere", "--dimensions", "2", "--repetitions", "1",
      "--budget-multiplier", "20",
    ]),
    "control": .init(arguments: ["pendulum", "--samples", "16", "--horizon", "5", "--steps", "3", "--threads", "1"]),
    "study create": .init(arguments: study + ["--dimension", "2", "--budget", "4"]),
    "study worker": .init(
      arguments: study + ["--retries", "1"], setup: [createStudy], trailing: ["sh", "-c", "echo 1"]),
    "study status": .init(arguments: study, setup: [createStudy]),
    "study best": .init(arguments: study, setup: [createStudy]),
    "study export": .init(arguments: study, setup: [createStudy]),
    // A server: a valid value serves until the harness's deadline, a clean end.
    "study dashboard": .init(arguments: ["--storage", "{db}", "--port", "0"], setup: [createStudy]),
    "plot": .init(
      arguments: ["{dir}/run.jsonl", "--output", "{dir}/run.svg"],
      setup: [["minimize", "--problem", "sphere", "--dimension", "2", "--budget", "60", "--quiet", "--threads", "1",
               "--log", "{dir}/run.jsonl"]]),
    "help": .init(arguments: ["minimize"]),
  ]

  struct Command {
    var path: [String]
    var options: [(name: String, isFlag: Bool)]
  }

  /// The commands that run (leaves of the tree), with their options.
  static func commandTree() throws -> [Command] {
    let out = try FisherProcess.run(["--experimental-dump-help"])
    let root = try #require(try jsonObject(out.stdout)["command"] as? [String: Any])
    var commands: [Command] = []
    func walk(_ c: [String: Any], _ path: [String]) {
      let subcommands = c["subcommands"] as? [[String: Any]] ?? []
      if subcommands.isEmpty {
        var options: [(String, Bool)] = []
        for a in c["arguments"] as? [[String: Any]] ?? [] {
          guard let kind = a["kind"] as? String, kind != "positional",
            let preferred = a["preferredName"] as? [String: Any], let name = preferred["name"] as? String,
            name != "help", name != "version"
          else { continue }
          options.append((name, kind == "flag"))
        }
        commands.append(Command(path: path, options: options))
      }
      for s in subcommands {
        guard let name = s["commandName"] as? String else { continue }
        walk(s, path + [name])
      }
    }
    walk(root, [])
    return commands.filter { !$0.path.isEmpty }
  }

  struct Case: Sendable {
    var label: String
    var arguments: [String]
    var input: Data
    var setup: [[String]]
  }

  /// One case per (command, option, value), and one per flag.
  static func cases() throws -> [Case] {
    var cases: [Case] = []
    for command in try commandTree() {
      let key = command.path.joined(separator: " ")
      let baseline = try #require(baselines[key], "no baseline for `fisher \(key)`: add one to HostileInputTests")
      for option in command.options {
        let values = option.isFlag ? [nil] : hostileValues.map(Optional.some)
        for value in values {
          var arguments = removing(option.name, from: baseline.arguments)
          arguments.append(value.map { "--\(option.name)=\($0)" } ?? "--\(option.name)")
          if !baseline.trailing.isEmpty { arguments += ["--"] + baseline.trailing }
          cases.append(Case(
            label: "fisher \(key) --\(option.name)\(value.map { "=" + String($0.prefix(40)) } ?? "")",
            arguments: command.path + arguments, input: Data(baseline.input.utf8), setup: baseline.setup))
        }
      }
      // The worker's objective command itself.
      if !baseline.trailing.isEmpty {
        for command in [[""], ["/nonexistent/objective"], ["sh", "-c", "echo nan"], ["sh", "-c", "echo 1e400"], ["sh", "-c", "kill -9 $$"]] {
          cases.append(Case(
            label: "fisher \(key) -- \(command.joined(separator: " "))",
            arguments: ["study", "worker"] + baseline.arguments + ["--"] + command,
            input: Data(), setup: baseline.setup))
        }
      }
    }
    return cases
  }

  /// `arguments` without `--name value` (or `--name=value`, or the flag `--name`).
  static func removing(_ name: String, from arguments: [String]) -> [String] {
    var out: [String] = []
    var i = 0
    while i < arguments.count {
      let a = arguments[i]
      if a == "--\(name)" {
        i += (i + 1 < arguments.count && !arguments[i + 1].hasPrefix("--")) ? 2 : 1
        continue
      }
      if a.hasPrefix("--\(name)=") {
        i += 1
        continue
      }
      out.append(a)
      i += 1
    }
    return out
  }

  /// Runs the case and returns a description of what went wrong, or nil.
  static func check(_ c: Case, in folder: URL, deadline: Double) -> String? {
    let substitute = { (s: String) in
      s.replacingOccurrences(of: "{dir}", with: folder.path)
        .replacingOccurrences(of: "{db}", with: "sqlite://" + folder.appendingPathComponent("study.db").path)
    }
    for s in c.setup {
      let r = GuardedRun.run(s.map(substitute), input: Data(), deadline: 30, in: folder)
      guard case .exited(0) = r.end else { return "\(c.label): set-up \(s) ended with \(r.end): \(r.stderr)" }
    }
    let r = GuardedRun.run(c.arguments.map(substitute), input: c.input, deadline: deadline, in: folder)
    switch r.end {
    case .timedOut:
      return nil
    case .signaled(let s):
      return "\(c.label): killed by signal \(s); stderr: \(r.stderr.suffix(600))"
    case .exited(let status):
      guard [0, 1, 2].contains(status) else { return "\(c.label): exit status \(status); stderr: \(r.stderr.suffix(300))" }
      if status != 0 {
        // One line, or for a study worker its log lines; each starts with "fisher: ".
        let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: true)
        guard !lines.isEmpty, lines.allSatisfy({ $0.hasPrefix("fisher: ") }), lines.count == 1 || c.arguments.contains("worker") else {
          return "\(c.label): exit \(status) without one 'fisher: ' line on stderr: \(r.stderr.prefix(600))"
        }
        for line in lines {
          for marker in ["DecodingError", "Context(", "codingPath", "Stack dump", "Fatal error", "0x0000"] where line.contains(marker) {
            return "\(c.label): message shows internals (\(marker)): \(line.prefix(300))"
          }
        }
      }
      return nil
    }
  }

  /// Runs cases on a few processes at once; returns every failure.
  static func runAll(_ cases: [Case], deadline: Double) throws -> [String] {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("fisher-hostile-\(getpid())")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: root) }
    let failures = FailureList()
    // Runs mostly wait on their process, so there are more lanes than cores; each lane is a thread of its own.
    let lanes = 4
    let finished = DispatchGroup()
    for lane in 0..<lanes {
      finished.enter()
      Thread {
        for index in stride(from: lane, to: cases.count, by: lanes) {
          let folder = root.appendingPathComponent("\(index)")
          try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
          if let f = check(cases[index], in: folder, deadline: deadline) { failures.append(f) }
          try? FileManager.default.removeItem(at: folder)
        }
        finished.leave()
      }.start()
    }
    finished.wait()
    return failures.items
  }

  @Test func everyOptionOfEveryCommandSurvivesHostileValues() throws {
    let all = try Self.cases()
    // Every command in the tree is exercised, and each with a good number of options.
    #expect(all.count > 2000)
    let failures = try Self.runAll(all, deadline: 10)
    #expect(failures.isEmpty, "\(failures.count) of \(all.count) runs failed:\n\(failures.prefix(40).joined(separator: "\n"))")
  }

  /// Hostile lines on standard input for the commands that read it.
  @Test func hostileStandardInput() throws {
    let huge = String(repeating: "1", count: 4_000_000)
    let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
    let lines = [
      "abc", "1e400,0", "nan,nan", "inf,-inf", "1,2,3", "", ",", "0x1p3,1", huge, "\u{0}\u{0}1,2",
      "ü,∫", "1;2", String(repeating: "1,", count: 100_000),
    ]
    var cases: [Case] = []
    for line in lines {
      cases.append(Case(
        label: "bbob eval < \(line.prefix(30).debugDescription)",
        arguments: ["bbob", "eval", "--function", "8", "--dimension", "2"], input: Data((line + "\n0,0\n").utf8), setup: []))
    }
    let tells = [
      "{\"tell\": [1, 2]}", "{\"tell\": \"x\"}", "{\"tell\": [" + huge + "]}", "{\"tell\": " + deep + "}",
      deep, "{\"tell\": [1e400, 1, 1, 1, 1, 1]}", "{\"tell\": [null, null, null, null, null, null]}",
      "{\"stop\": 7}", "\u{0}{\"tell\": []}", "{\"tell\": [1,2,3,4,5,6], \"tell\": 5}", "{}", "[]", "null",
      "{\"tell\": [-1e308, -1e308, -1e308, -1e308, -1e308, -1e308]}", String(repeating: "{\"a\":", count: 50_000),
    ]
    for t in tells {
      cases.append(Case(
        label: "ask-tell < \(t.prefix(30).debugDescription)",
        arguments: ["ask-tell", "--dimension", "2", "--budget", "30"], input: Data((t + "\n").utf8), setup: []))
    }
    let failures = try Self.runAll(cases, deadline: 30)
    #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
  }
}

/// A thread-safe list of failure messages.
final class FailureList: @unchecked Sendable {
  private let lock = NSLock()
  private var list: [String] = []
  func append(_ s: String) { lock.withLock { list.append(s) } }
  var items: [String] { lock.withLock { list } }
}

/// Runs the built `fisher` under `ulimit -v` with a deadline.
///
/// The run is its own process group, so that at the deadline the whole group
/// (a study worker's objective commands too) is killed; its input and output
/// go through files in the run's folder, so no pipe is left open by a process
/// that outlives it.
enum GuardedRun {
  enum End: Equatable, CustomStringConvertible {
    case exited(Int32), signaled(Int32), timedOut
    var description: String {
      switch self {
      case .exited(let s): return "exit \(s)"
      case .signaled(let s): return "signal \(s)"
      case .timedOut: return "time-out"
      }
    }
  }

  /// The address-space limit of every run, in KiB (4 GiB).
  static let memoryLimitKiB = 4 * 1024 * 1024

  /// Runs with `folder` as the working directory, so relative output paths land there.
  static func run(_ arguments: [String], input: Data, deadline: Double, in folder: URL) -> (end: End, stdout: String, stderr: String) {
    let files = ["stdin", "stdout", "stderr"].map { folder.appendingPathComponent(".run-\($0)").path }
    defer { for f in files { unlink(f) } }
    guard FileManager.default.createFile(atPath: files[0], contents: input) else {
      return (.exited(-1), "", "cannot write \(files[0])")
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, files[0], O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, files[1], O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, files[2], O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
    posix_spawnattr_setpgroup(&attributes, 0)
    let argv = ["/bin/sh", "-c", "cd \"$0\" && ulimit -v \(memoryLimitKiB) && exec \"$@\"", folder.path, FisherProcess.executable.path] + arguments
    var cArguments = argv.map { strdup($0) } + [nil]
    defer { for a in cArguments { free(a) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, "/bin/sh", &actions, &attributes, &cArguments, environ)
    guard spawned == 0 else { return (.exited(-1), "", "cannot start: \(String(cString: strerror(spawned)))") }

    let clock = ContinuousClock()
    let end = clock.now + .milliseconds(Int(deadline * 1000))
    var status: Int32 = 0
    var timedOut = false
    while waitpid(pid, &status, WNOHANG) == 0 {
      if clock.now >= end {
        timedOut = true
        kill(-pid, SIGKILL)
        waitpid(pid, &status, 0)
        break
      }
      usleep(2_000)
    }
    // Whatever the run left behind in its group goes too.
    kill(-pid, SIGKILL)
    let read = { (path: String) in String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self) }
    let stdout = read(files[1]), stderr = read(files[2])
    if timedOut { return (.timedOut, stdout, stderr) }
    // The wait status: the low 7 bits are the signal, 0 for a normal exit with the status in bits 8–15.
    let signal = status & 0x7f
    if signal != 0 { return (.signaled(signal), stdout, stderr) }
    return (.exited((status >> 8) & 0xff), stdout, stderr)
  }
}
