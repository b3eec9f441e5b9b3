import ArgumentParser
import FisherDashboard
import FisherStudy
import Foundation

/// `fisher study dashboard`: a live, read-only web view of every study in a store.
struct StudyDashboardCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "dashboard",
    abstract: "Serve a live web page of every study in a store (read-only).",
    discussion: """
      Open the printed address in a browser. The front page lists every study of the store: \
      strategy, dimension, best f, evaluations done, running, pending and failed, workers heard \
      from within two leases, last activity. A study's page plots f against evaluations and, \
      as pycma's plots do, σ and the axis ratio, the per-coordinate standard deviations and \
      the mean against generations; it lists the latest results and pages through every \
      candidate (sorted on the server), and draws parallel coordinates of the best candidates \
      of a study with named variables. Open pages update every second without reloading.

      The server only reads: SQLite is opened with writes refused and PostgreSQL with read-only \
      transactions, so it can watch a study that workers are writing. It binds to 127.0.0.1 \
      unless --host says otherwise; pages carry no credentials. A JSON API under /api/ serves the \
      same data (docs/dashboard.md).

          fisher study dashboard --storage sqlite:///runs/study.db
          fisher study dashboard --storage postgres://user@db.example/fisher --port 9000

      Stop it with Ctrl-C. A store that cannot be read at start exits with status 1; one that \
      goes away later is reported on the pages while the server keeps running.
      """)

  @Option(help: ArgumentHelp(
    "sqlite:///path/study.db or postgres://user:password@host:port/db (default: $FISHER_DATABASE_URL, else sqlite:fisher-study.db).",
    valueName: "url"))
  var storage: String?

  @Option(help: "The address to listen on; 0.0.0.0 serves every interface.")
  var host: String = "127.0.0.1"

  @Option(help: "The TCP port (0 lets the system choose one).")
  var port: Int = 8321

  func validate() throws {
    guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535, got \(port)") }
    guard !host.isEmpty else { throw ValidationError("--host must not be empty") }
    _ = try StorageURL.resolve(storage, default: "sqlite:fisher-study.db")
  }

  func run() async throws {
    let url = try StorageURL.resolve(storage, default: "sqlite:fisher-study.db")
    let host = self.host
    try await Dashboard(storage: url, host: host, port: port).run { port in
      let shown = host.contains(":") ? "[\(host)]" : host
      FileHandle.standardOutput.write(Data("Fisher dashboard on http://\(shown):\(port)/\n".utf8))
    }
  }
}
