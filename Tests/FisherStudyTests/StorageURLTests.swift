import Fisher
import Testing
@testable import FisherStudy

@Suite struct StorageURLTests {
  @Test func parsesSQLitePaths() throws {
    #expect(try StorageURL("sqlite:///tmp/a/study.db") == .sqlite(path: "/tmp/a/study.db"))
    #expect(try StorageURL("sqlite:runs/study.db") == .sqlite(path: "runs/study.db"))
    #expect(throws: FisherError.self) { try StorageURL("sqlite://relative.db") }
    #expect(throws: FisherError.self) { try StorageURL("sqlite:") }
    #expect(throws: FisherError.self) { try StorageURL("mysql://u:p@h/db") }
  }

  @Test func parsesPostgresAndNeverPrintsThePassword() throws {
    let url = try StorageURL("postgres://fisher:s3cr%40t@db.local:6543/studies")
    guard case .postgres(let p) = url else {
      Issue.record("not a postgres URL")
      return
    }
    #expect(p.user == "fisher")
    #expect(p.password == "s3cr@t")
    #expect(p.host == "db.local")
    #expect(p.port == 6543)
    #expect(p.database == "studies")
    #expect(!url.description.contains("s3cr"))
    #expect(url.description == "postgres://fisher:***@db.local:6543/studies")
    let defaultPort = try StorageURL("postgresql://u@h/d")
    #expect(defaultPort.description == "postgres://u@h:5432/d")
    // A malformed URL's message hides the password too.
    do {
      _ = try StorageURL("postgres://fisher:hunter2@host")
      Issue.record("a URL without a database was accepted")
    } catch {
      #expect(!"\(error)".contains("hunter2"))
    }
  }

  @Test func resolvesFromTheEnvironment() throws {
    let env = [StorageURL.environmentVariable: "sqlite:///tmp/env.db"]
    #expect(try StorageURL.resolve(nil, environment: env) == .sqlite(path: "/tmp/env.db"))
    #expect(try StorageURL.resolve("sqlite:///tmp/given.db", environment: env) == .sqlite(path: "/tmp/given.db"))
    #expect(throws: FisherError.self) { try StorageURL.resolve(nil, environment: [:]) }
  }
}
