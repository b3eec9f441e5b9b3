import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Debian's Chromium, headless, driven over the DevTools protocol on a pipe
/// (`--remote-debugging-pipe`: commands on fd 3, answers on fd 4, each
/// message a JSON object followed by a NUL byte).
///
/// Enough of the protocol to load a page, read its DOM through JavaScript and
/// take a screenshot, as a person's browser shows the page.
final class HeadlessChromium {
  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  private let pid: pid_t
  private let toBrowser: Int32
  private let fromBrowser: Int32
  private var buffer: [UInt8] = []
  private var nextID = 0
  private let profile: String
  private var session: String?

  /// The Chromium binary, or nil when it is not installed.
  static var executable: String? {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
      FileManager.default.isExecutableFile(atPath: $0)
    }
  }

  init(width: Int = 1400, height: Int = 1800) throws {
    guard let path = Self.executable else { throw Failure(description: "Chromium is not installed (apt-get install chromium)") }
    profile = NSTemporaryDirectory() + "fisher-chromium-\(UUID().uuidString)"
    var commands: [Int32] = [0, 0], answers: [Int32] = [0, 0]
    guard pipe(&commands) == 0, pipe(&answers) == 0 else { throw Failure(description: "pipe() failed") }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, commands[0], 3)
    posix_spawn_file_actions_adddup2(&actions, answers[1], 4)
    for fd in [commands[1], answers[0]] { posix_spawn_file_actions_addclose(&actions, fd) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    let arguments = [
      path, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
      "--remote-debugging-pipe", "--user-data-dir=\(profile)", "--window-size=\(width),\(height)", "about:blank",
    ]
    var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    defer { for p in argv { free(p) } }
    var child: pid_t = 0
    let status = posix_spawn(&child, path, &actions, nil, &argv, environ)
    close(commands[0])
    close(answers[1])
    guard status == 0 else {
      close(commands[1])
      close(answers[0])
      throw Failure(description: "could not start \(path): \(String(cString: strerror(status)))")
    }
    pid = child
    toBrowser = commands[1]
    fromBrowser = answers[0]
  }

  deinit {
    close(toBrowser)
    close(fromBrowser)
    kill(pid, SIGKILL)
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    try? FileManager.default.removeItem(atPath: profile)
  }

  /// Sends a command (to the page's session when there is one) and waits for its result.
  @discardableResult
  func send(_ method: String, _ params: [String: Any] = [:], browser: Bool = false, timeout: Double = 30) throws
    -> [String: Any]
  {
    nextID += 1
    let id = nextID
    var message: [String: Any] = ["id": id, "method": method, "params": params]
    if !browser, let session { message["sessionId"] = session }
    var data = try JSONSerialization.data(withJSONObject: message)
    data.append(0)
    try data.withUnsafeBytes { raw in
      var offset = 0
      while offset < raw.count {
        let n = write(toBrowser, raw.baseAddress! + offset, raw.count - offset)
        guard n > 0 else { throw Failure(description: "Chromium closed its command pipe") }
        offset += n
      }
    }
    let deadline = Date().addingTimeInterval(timeout)
    while true {
      let reply = try receive(until: deadline)
      guard reply["id"] as? Int == id else { continue }  // an event, or another command's answer
      if let error = reply["error"] as? [String: Any] {
        throw Failure(description: "\(method): \(error["message"] ?? error)")
      }
      return reply["result"] as? [String: Any] ?? [:]
    }
  }

  private func receive(until deadline: Date) throws -> [String: Any] {
    while true {
      if let end = buffer.firstIndex(of: 0) {
        let message = Array(buffer[..<end])
        buffer.removeSubrange(...end)
        guard let object = try JSONSerialization.jsonObject(with: Data(message)) as? [String: Any] else { continue }
        return object
      }
      let remaining = deadline.timeIntervalSinceNow
      guard remaining > 0 else { throw Failure(description: "Chromium did not answer in time") }
      var descriptor = pollfd(fd: fromBrowser, events: Int16(POLLIN), revents: 0)
      guard poll(&descriptor, 1, Int32(min(remaining, 1) * 1000)) >= 0 else { continue }
      guard descriptor.revents != 0 else { continue }
      var chunk = [UInt8](repeating: 0, count: 65536)
      let n = read(fromBrowser, &chunk, chunk.count)
      guard n > 0 else { throw Failure(description: "Chromium closed its answer pipe") }
      buffer += chunk[..<n]
    }
  }

  /// Opens `url` in a new tab and waits for it to load.
  func open(_ url: String) throws {
    let target = try send("Target.createTarget", ["url": "about:blank"], browser: true)
    guard let targetID = target["targetId"] as? String else { throw Failure(description: "no target id") }
    let attached = try send("Target.attachToTarget", ["targetId": targetID, "flatten": true], browser: true)
    session = attached["sessionId"] as? String
    try send("Page.enable")
    try send("Page.navigate", ["url": url])
    try waitFor("document.readyState === 'complete'", timeout: 30)
  }

  /// The value of a JavaScript expression in the page (JSON-compatible values).
  func evaluate(_ expression: String) throws -> Any? {
    let result = try send("Runtime.evaluate", ["expression": expression, "returnByValue": true])
    if let exception = result["exceptionDetails"] { throw Failure(description: "\(expression): \(exception)") }
    return (result["result"] as? [String: Any])?["value"]
  }

  /// Waits until `condition` (a JavaScript expression) is true; the seconds it took.
  @discardableResult
  func waitFor(_ condition: String, timeout: Double) throws -> Double {
    let start = Date()
    while Date().timeIntervalSince(start) < timeout {
      if try evaluate("Boolean(\(condition))") as? Bool == true { return Date().timeIntervalSince(start) }
      usleep(100_000)
    }
    throw Failure(description: "timed out after \(timeout) s waiting for \(condition)")
  }

  /// A PNG of the whole page.
  func screenshot() throws -> Data {
    let result = try send("Page.captureScreenshot", ["format": "png", "captureBeyondViewport": true])
    guard let text = result["data"] as? String, let data = Data(base64Encoded: text) else {
      throw Failure(description: "no screenshot data")
    }
    return data
  }
}
