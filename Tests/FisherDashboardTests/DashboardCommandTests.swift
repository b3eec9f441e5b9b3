import Foundation
import Testing

/// `fisher study dashboard`'s failures to start: a host that does not resolve
/// is bad input (status 2), an address already in use a runtime failure
/// (status 1); each with one `fisher: ` line.
@Suite struct DashboardCommandTests {
  @Test func startFailuresHaveTheirStatus() throws {
    let store = try DashboardStore()
    defer { store.cleanUp() }
    let url = "sqlite://" + store.path
    let created = try FisherProcess.run([
      "study", "create", "--name", "s", "--storage", url, "--dimension", "2", "--budget", "4", "--seed", "1",
    ])
    #expect(created.status == 0, "\(created.stderr)")

    let unknown = try FisherProcess.run(["study", "dashboard", "--storage", url, "--port", "0", "--host", "no-such-host.invalid"])
    #expect(unknown.status == 2)
    #expect(unknown.stderr == "fisher: invalid host: cannot resolve 'no-such-host.invalid'\n")

    let server = try DashboardServerProcess(storage: url)
    defer { server.stop() }
    let taken = try FisherProcess.run(["study", "dashboard", "--storage", url, "--port", "\(server.port)"])
    #expect(taken.status == 1)
    #expect(taken.stderr.hasPrefix("fisher: cannot listen on 127.0.0.1:\(server.port): "))
    #expect(taken.stderr.split(separator: "\n").count == 1)

    let missing = try FisherProcess.run(["study", "dashboard", "--storage", "sqlite:///nonexistent/folder/x.db", "--port", "0"])
    #expect(missing.status == 1)
    #expect(missing.stderr.hasPrefix("fisher: ") && missing.stderr.split(separator: "\n").count == 1)
  }
}
