import Fisher
import FisherStudy
import Foundation
import Testing

/// The storage of the PostgreSQL tests, from `FISHER_TEST_POSTGRES_URL` (set by `.ci/run`).
let dashboardPostgresURL: StorageURL? = ProcessInfo.processInfo.environment["FISHER_TEST_POSTGRES_URL"].flatMap {
  try? StorageURL($0)
}

/// The dashboard as a person sees it: `fisher study dashboard` serving a
/// store that `fisher study worker` processes filled, loaded in headless
/// Chromium, checked from the rendered DOM, with a screenshot kept in
/// `.build/test-artifacts/` (or `$FISHER_TEST_ARTIFACTS`).
///
/// Chromium comes from Debian's package (`.ci/run` installs it); without it
/// these tests fail and say so, unless `FISHER_SKIP_BROWSER_TESTS=1`.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["FISHER_SKIP_BROWSER_TESTS"] != "1"))
struct DashboardBrowserTests {
  static let objective = #"tr -d '[] \n' | awk -F, '{ s = 0; for (i = 1; i <= NF; i++) s += $i * $i; printf "%.17g\n", s }'"#

  @Test func sqliteStudy() async throws {
    let store = try DashboardStore()
    defer { store.cleanUp() }
    try await check(storage: store.url, url: "sqlite://" + store.path, label: "sqlite")
  }

  @Test(.enabled(if: dashboardPostgresURL != nil, "FISHER_TEST_POSTGRES_URL is not set"))
  func postgresStudy() async throws {
    let url = try #require(ProcessInfo.processInfo.environment["FISHER_TEST_POSTGRES_URL"])
    try await check(storage: try StorageURL(url), url: url, label: "postgres")
  }

  func check(storage: StorageURL, url: String, label: String) async throws {
    let finished = "browser-\(label)-\(UUID().uuidString.prefix(8))"
    let live = "live-\(label)-\(UUID().uuidString.prefix(8))"
    // A study that two worker processes evaluate to the end of its budget.
    let created = try FisherProcess.run([
      "study", "create", "--name", finished, "--storage", url, "--strategy", "cma-es", "--dimension", "4",
      "--mean", "1,1,1,1", "--sigma", "0.5", "--seed", "3", "--budget", "64",
    ])
    #expect(created.status == 0, "\(created.stderr)")
    let workers = try (0..<2).map { k in
      try FisherProcess.launch([
        "study", "worker", "--name", finished, "--storage", url, "--worker-id", "proc-\(k)", "--", "sh", "-c",
        Self.objective,
      ])
    }
    for w in workers {
      w.0.waitUntilExit()
      #expect(w.0.terminationStatus == 0)
    }
    // A study evaluated part-way in this process, which goes on while the page is open.
    let liveStudy = try await Study<AnyStrategy>.create(
      name: live, strategy: .cmaES(try CMAES(mean: [1, 1, 1], sigma: 0.5, seed: 5)), strategyName: "cma-es",
      settings: StudySettings(budget: 100), storage: storage)
    for _ in 0..<10 {
      guard case .lease(let lease) = try await liveStudy.tryAsk(worker: "in-process") else { break }
      _ = try await liveStudy.tell(lease, value: lease.point.reduce(0) { $0 + $1 * $1 })
    }
    let finishedStatus = try await Study<AnyStrategy>.open(name: finished, storage: storage).status()

    let server = try DashboardServerProcess(storage: url)
    defer { server.stop() }
    let browser = try HeadlessChromium()

    // The front page: a row per study with the store's counts.
    try browser.open("http://127.0.0.1:\(server.port)/")
    let doneCell = "document.querySelector('tr[data-study=\"\(finished)\"] td.done').textContent"
    #expect(try browser.evaluate(doneCell) as? String == "\(finishedStatus.done)")
    #expect(finishedStatus.done == 64 && finishedStatus.finished)

    // The finished study's page: one marker per value, the table's total, the workers' names.
    try browser.open("http://127.0.0.1:\(server.port)/studies/\(finished)")
    #expect(try browser.evaluate("document.querySelectorAll('#values g[data-series=\"f\"] circle').length") as? Int == 64)
    #expect(try browser.evaluate("document.getElementById('total').textContent") as? String == "64")
    #expect(try browser.evaluate("document.getElementById('done').textContent") as? String == "64")
    let workerCells = try browser.evaluate(
      "Array.from(document.querySelectorAll('#candidates tbody tr td:nth-child(6)')).map(function(t){return t.textContent;}).join(' ')"
    ) as? String ?? ""
    #expect(workerCells.contains("proc-0") || workerCells.contains("proc-1"))
    #expect(try browser.evaluate("document.querySelectorAll('#panels svg').length") as? Int == 4)
    try save(browser.screenshot(), "dashboard-\(label)-study.png")

    // The live study: a result told after the page opened appears without a reload.
    try browser.open("http://127.0.0.1:\(server.port)/studies/\(live)")
    try browser.evaluate("window.__marker = 'same page'")
    #expect(try browser.evaluate("document.getElementById('done').textContent") as? String == "10")
    guard case .lease(let lease) = try await liveStudy.tryAsk(worker: "in-process") else {
      Issue.record("the live study has no candidate left")
      return
    }
    _ = try await liveStudy.tell(lease, value: 1e-3)
    let reports = try await liveStudy.reports()
    await liveStudy.close()
    let newest = try #require(reports.last)
    #expect(newest.value == 1e-3)
    let seconds = try browser.waitFor(
      "document.getElementById('done').textContent === '11' && document.querySelector('#latest tbody tr td:nth-child(5)').textContent === '0.001' && document.querySelectorAll('#values g[data-series=\"f\"] circle').length === 11",
      timeout: 15)
    // The candidate table shows the candidate done, with its value.
    try browser.waitFor(
      "Array.from(document.querySelectorAll('#candidates tbody tr')).some(function(tr){var c=tr.children;"
        + "return c[0].textContent==='\(lease.generation)'&&c[1].textContent==='\(lease.index)'"
        + "&&c[3].textContent==='done'&&c[7].textContent==='0.001';})",
      timeout: 15)
    #expect(try browser.evaluate("window.__marker") as? String == "same page")
    #expect(try browser.evaluate("document.getElementById('best').textContent") as? String == "0.001")
    // No page, API answer or line of the server's output carries the storage
    // URL or its password.
    let api = try browser.evaluate(
      "(function(){var x=new XMLHttpRequest();x.open('GET','/api/studies',false);x.send();return x.responseText;})()")
      as? String ?? ""
    #expect(api.contains(finished))
    let page = try browser.evaluate("document.documentElement.outerHTML") as? String ?? ""
    let output = server.stopAndCollectOutput()
    var secrets = [url]
    if let password = URLComponents(string: url)?.password, !password.isEmpty { secrets.append(password) }
    for text in [api, page, output] {
      #expect(!secrets.contains { text.contains($0) }, "a credential appears in: \(text.prefix(200))")
    }
    print("dashboard (\(label)): the new result showed after \(String(format: "%.2f", seconds)) s")
    try save(browser.screenshot(), "dashboard-\(label)-live.png")
  }

  /// Writes a screenshot to the test artifacts folder.
  func save(_ png: Data, _ name: String) throws {
    #expect(png.count > 10_000 && png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    let folder =
      ProcessInfo.processInfo.environment["FISHER_TEST_ARTIFACTS"]
      ?? FileManager.default.currentDirectoryPath + "/.build/test-artifacts"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try png.write(to: URL(fileURLWithPath: folder + "/" + name))
  }
}

/// `fisher study dashboard --port 0` in a process of its own; the port it
/// chose is read from its first line.
final class DashboardServerProcess {
  let process: Process
  let port: Int
  let stdout: Pipe, stderr: Pipe
  /// The server's first line of output.
  let banner: String

  init(storage: String) throws {
    let (p, _, out, err) = try FisherProcess.launch(["study", "dashboard", "--storage", storage, "--port", "0"])
    process = p
    stdout = out
    stderr = err
    var line = Data()
    let handle = out.fileHandleForReading
    while !line.contains(UInt8(ascii: "\n")) {
      let chunk = handle.availableData
      if chunk.isEmpty { break }
      line += chunk
    }
    let text = String(decoding: line, as: UTF8.self)
    guard let portText = text.split(separator: ":").last?.split(separator: "/").first, let port = Int(portText) else {
      p.terminate()
      throw HeadlessChromium.Failure(description: "the dashboard printed no address: '\(text)'")
    }
    self.port = port
    banner = text
  }

  func stop() {
    guard process.isRunning else { return }
    process.terminate()
    process.waitUntilExit()
  }

  /// Stops the server and returns everything it wrote.
  func stopAndCollectOutput() -> String {
    stop()
    let rest = stdout.fileHandleForReading.readDataToEndOfFile() + stderr.fileHandleForReading.readDataToEndOfFile()
    return banner + String(decoding: rest, as: UTF8.self)
  }
}
