import Fisher
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import FisherDashboard
@testable import FisherStudy

/// The dashboard's routes, served in process on real SQLite studies.
@Suite struct DashboardRouterTests {
  /// GETs `uri` and returns the status and body text.
  static func get(_ client: some TestClientProtocol, _ uri: String) async throws -> (HTTPResponse.Status, String) {
    try await client.execute(uri: uri, method: .get) { response in
      (response.status, String(buffer: response.body))
    }
  }

  static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return try decoder.decode(T.self, from: Data(text.utf8))
  }

  /// How many times `needle` occurs in `text`.
  static func count(_ needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
  }

  @Test func frontPageListsEveryStudyWithItsCounts() async throws {
    let store = try DashboardStore()
    defer { store.cleanUp() }
    let a = try await store.runSphere(name: "alpha", budget: 70)
    let b = try await store.runSphere(name: "beta", budget: 200, evaluations: 17, failing: [2])
    let statusA = try await a.status(), statusB = try await b.status()
    await a.close()
    await b.close()
    let app = Application(router: DashboardRouter.make(storage: store.url))
    try await app.test(.router) { client in
      let (status, html) = try await Self.get(client, "/")
      #expect(status == .ok)
      #expect(html.contains("href=\"/studies/alpha\"") && html.contains("href=\"/studies/beta\""))
      // Each row carries the study's counts as `study status` reports them.
      for s in [statusA, statusB] {
        let row = html.components(separatedBy: "<tr data-study=\"\(s.name)\">")[1].components(separatedBy: "</tr>")[0]
        #expect(row.contains("<td class=\"done\">\(s.done)</td>"))
        #expect(row.contains("<td class=\"failed\">\(s.failed)</td>"))
        #expect(row.contains(formatNumber(s.best?.value)))
      }
      // λ = 7 in 3 dimensions: 17 evaluations reach index 2 in generations 0, 1 and 2.
      #expect(statusB.failed == 3 && statusB.done == 14)
      let (apiStatus, json) = try await Self.get(client, "/api/studies")
      #expect(apiStatus == .ok)
      let list = try Self.decode([StudyOverview].self, json)
      #expect(list.map(\.status.name) == ["alpha", "beta"])
      #expect(list.map(\.status) == [statusA, statusB])
      #expect(list.allSatisfy { $0.dimension == 3 })
    }
  }

  @Test func studyPagePlotsEveryValueAndPagesTheTable() async throws {
    let store = try DashboardStore()
    defer { store.cleanUp() }
    let study = try await store.runSphere(name: "sphere", budget: 70)
    let rows = try await study.evaluations()
    let final = try await study.strategy()
    await study.close()
    let app = Application(router: DashboardRouter.make(storage: store.url))
    try await app.test(.router) { client in
      let (status, html) = try await Self.get(client, "/studies/sphere?sort=value&order=asc&page=2&size=10")
      #expect(status == .ok)
      // One marker per accepted value in the f plot.
      let values = html.components(separatedBy: "<g fill=\"#7f7f7f\" data-series=\"f\">")[1]
        .components(separatedBy: "</g>")[0]
      #expect(Self.count("<circle", in: values) == rows.filter { $0.value != nil }.count)
      // The table's second page by value: rows 11-20 of the values sorted.
      let sorted = rows.compactMap(\.value).sorted()
      let table = html.components(separatedBy: "<table id=\"candidates\">")[1]
      for v in sorted[10..<20] { #expect(table.contains("<td>\(formatNumber(v))</td>")) }
      #expect(!table.contains("<td>\(formatNumber(sorted[9]))</td>") && !table.contains("<td>\(formatNumber(sorted[20]))</td>"))
      #expect(html.contains("of <span id=\"total\">\(rows.count)</span>"))
      #expect(html.contains("rel=\"next\"") && html.contains("rel=\"prev\""))
      // The table alone, as an open page fetches it again: the same HTML as in the page.
      let (fragmentStatus, fragment) = try await Self.get(client, "/studies/sphere/candidates?sort=value&order=asc&page=2&size=10")
      #expect(fragmentStatus == .ok && fragment.hasPrefix("<div class=\"pager\""))
      #expect(html.contains("data-query=\"?sort=value&amp;order=asc&amp;page=2&amp;size=10\">" + fragment + "</div>"))
      // The distribution panels: σ, standard deviations and mean, one series per coordinate.
      #expect(html.contains("data-series=\"σ\"") && html.contains("data-series=\"x2\""))

      let (_, json) = try await Self.get(client, "/api/studies/sphere/distributions")
      let summaries = try Self.decode([GenerationSummary].self, json)
      let last = try #require(summaries.last)
      #expect(summaries.map(\.generation) == Array(0...last.generation))
      #expect(last.sigma == final.stepSize && last.mean == final.mean)
      #expect(last.standardDeviations == final.coordinateStandardDeviations)
    }
  }

  @Test func resultsAreFetchedIncrementally() async throws {
    let store = try DashboardStore()
    defer { store.cleanUp() }
    let study = try await store.runSphere(name: "inc", budget: 70, evaluations: 23)
    let reports = try await study.reports()
    await study.close()
    let app = Application(router: DashboardRouter.make(storage: store.url))
    try await app.test(.router) { client in
      let (_, all) = try await Self.get(client, "/api/studies/inc/results")
      let full = try Self.decode(ResultsPage.self, all)
      #expect(full.results.count == reports.filter(\.accepted).count && full.results.count == 23)
      #expect(full.results.map(\.value) == reports.filter(\.accepted).map(\.value))
      // Pages of 5 asked after the last id seen add up to the whole list, without overlap.
      var after: Int64 = 0
      var pieces: [StudyResult] = []
      while true {
        let (status, text) = try await Self.get(client, "/api/studies/inc/results?after=\(after)&limit=5")
        #expect(status == .ok)
        let page = try Self.decode(ResultsPage.self, text)
        #expect(page.results.count <= 5 && page.results.allSatisfy { $0.id > after })
        if page.results.isEmpty { break }
        pieces += page.results
        after = page.last
      }
      #expect(pieces == full.results)
    }
  }

  struct ResultsPage: Decodable {
    var results: [StudyResult]
    var last: Int64
  }

  @Test func candidatesAPISortsAndPagesOnTheServer() async throws {
    let store = try DashboardStore()
    defer { store.cleanUp() }
    let study = try await store.runSphere(name: "cands", budget: 70, evaluations: 30)
    let rows = try await study.evaluations()
    await study.close()
    let app = Application(router: DashboardRouter.make(storage: store.url))
    try await app.test(.router) { client in
      var seen: [CandidateRow] = []
      for offset in stride(from: 0, to: rows.count, by: 8) {
        let (_, text) = try await Self.get(client, "/api/studies/cands/candidates?sort=value&order=desc&offset=\(offset)&limit=8")
        let page = try Self.decode(CandidatePage.self, text)
        #expect(page.total == rows.count && page.offset == offset)
        seen += page.rows
      }
      #expect(seen.count == rows.count)
      // Values descending, the rows without a value (pending, running) last.
      let values = seen.compactMap(\.value)
      #expect(values == rows.compactMap(\.value).sorted(by: >))
      #expect(seen.prefix(values.count).allSatisfy { $0.value != nil })
      #expect(Set(seen.map { [$0.generation, $0.index] }) == Set(rows.map { [$0.generation, $0.index] }))
    }
  }

  @Test func unknownStudiesAndMalformedParametersAreClearErrors() async throws {
    let store = try DashboardStore()
    defer { store.cleanUp() }
    try await store.runSphere(name: "s", budget: 20, evaluations: 3).close()
    let app = Application(router: DashboardRouter.make(storage: store.url))
    try await app.test(.router) { client in
      let (pageStatus, page) = try await Self.get(client, "/studies/nope")
      #expect(pageStatus == .notFound && page.contains("no study named &#39;nope&#39;"))
      let (apiStatus, api) = try await Self.get(client, "/api/studies/nope/results")
      #expect(apiStatus == .notFound && api.contains("no study named 'nope'"))
      for (uri, word) in [
        ("/api/studies/s/results?after=abc", "after"), ("/api/studies/s/results?limit=0", "limit"),
        ("/api/studies/s/candidates?sort=bogus", "sort"), ("/api/studies/s/candidates?order=up", "order"),
        ("/studies/s?page=0", "page"), ("/studies/s?size=100000", "size"),
        ("/api/studies/s/distributions?stride=0", "stride"), ("/api/studies/s/best?count=-1", "count"),
      ] {
        let (status, body) = try await Self.get(client, uri)
        #expect(status == .badRequest, "\(uri)")
        #expect(body.contains(word), "\(uri): \(body)")
      }
      let (missing, _) = try await Self.get(client, "/no/such/page")
      #expect(missing == .notFound)
      // Nothing writes: the routes answer GET only.
      for method: HTTPRequest.Method in [.post, .put, .delete] {
        let status = try await client.execute(uri: "/api/studies/s", method: method) { $0.status }
        #expect(status.code >= 400, "\(method)")
      }
    }
  }

  @Test func namesAndReasonsAreEscaped() async throws {
    let store = try DashboardStore()
    defer { store.cleanUp() }
    let name = "<script>alert(1)</script>"
    try await store.runSphere(
      name: name, budget: 20, evaluations: 5, failing: [1], reason: "<img src=x onerror=alert(2)>"
    ).close()
    let app = Application(router: DashboardRouter.make(storage: store.url))
    try await app.test(.router) { client in
      let (_, index) = try await Self.get(client, "/")
      #expect(!index.contains("<script>alert(1)") && index.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
      let path = "/studies/" + pathSegment(name)
      let (status, page) = try await Self.get(client, path + "?sort=status")
      #expect(status == .ok)
      #expect(!page.contains("<script>alert(1)") && page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
      #expect(!page.contains("<img src=x") && page.contains("&lt;img src=x onerror=alert(2)&gt;"))
    }
  }

  @Test func aDatabaseThatDisappearsIsReportedAndTheServerRecovers() async throws {
    let store = try DashboardStore()
    defer { store.cleanUp() }
    try await store.runSphere(name: "gone", budget: 20, evaluations: 4).close()
    let app = Application(router: DashboardRouter.make(storage: store.url))
    try await app.test(.router) { client in
      #expect(try await Self.get(client, "/").0 == .ok)
      let moved = store.folder + "/moved.db"
      try FileManager.default.moveItem(atPath: store.path, toPath: moved)
      let (status, page) = try await Self.get(client, "/")
      #expect(status == .serviceUnavailable && page.contains("storage unavailable"))
      let (apiStatus, _) = try await Self.get(client, "/api/studies/gone")
      #expect(apiStatus == .serviceUnavailable)
      try FileManager.default.moveItem(atPath: moved, toPath: store.path)
      let (back, again) = try await Self.get(client, "/")
      #expect(back == .ok && again.contains("/studies/gone"))
    }
  }

  @Test func theDashboardNeverWrites() async throws {
    let store = try DashboardStore()
    defer { store.cleanUp() }
    try await store.runSphere(name: "ro", budget: 30).close()
    let before = try fileBytes(store.path)
    let app = Application(router: DashboardRouter.make(storage: store.url))
    try await app.test(.router) { client in
      for uri in ["/", "/studies/ro", "/api/studies", "/api/studies/ro/candidates", "/api/studies/ro/distributions"] {
        let status = try await Self.get(client, uri).0
        #expect(status == .ok, "\(uri)")
      }
    }
    #expect(try fileBytes(store.path) == before)
    // The reader's connection refuses a write outright.
    let reader = try await store.url.openReader()
    await #expect(throws: (any Error).self) {
      try await reader.store.database.execute("DELETE FROM fisher_reports", [])
    }
    await reader.close()
  }

  @Test func aStudyWithNamedVariablesDrawsParallelCoordinates() async throws {
    let store = try DashboardStore()
    defer { store.cleanUp() }
    let space = try SearchSpace([
      .real("lr", low: 1e-4, high: 1e-1, log: true), .integer("layers", low: 1, high: 6),
      .categorical("act", choices: ["relu", "tanh", "gelu"]),
    ])
    try await store.runSphere(name: "named", budget: 60, space: space).close()
    let app = Application(router: DashboardRouter.make(storage: store.url))
    try await app.test(.router) { client in
      let (status, html) = try await Self.get(client, "/studies/named")
      #expect(status == .ok)
      let parallel = html.components(separatedBy: "<div id=\"parallel\">")[1].components(separatedBy: "</svg>")[0]
      #expect(Self.count("data-rank=", in: parallel) == StudyPage.parallelCount)
      for label in ["lr", "layers", "act", "relu", "tanh", "gelu"] { #expect(parallel.contains(">\(label)<")) }
      let (_, json) = try await Self.get(client, "/api/studies/named/best?count=3")
      #expect(json.contains("\"act\":") && json.contains("\"layers\":"))
    }
  }

  /// The panels' generations: at most the maximum, and nested as a study grows
  /// (a coarser stride's generations are among a finer one's).
  @Test func generationStrideBoundsAndNests() {
    var previous = 1
    for g in [0, 1, 299, 300, 301, 599, 600, 601, 12_500, 1_000_000] {
      let s = StudyPage.generationStride(g)
      #expect(s.nonzeroBitCount == 1 && s >= previous)
      #expect(g / s + 1 <= StudyPage.maximumGenerations + 1, "\(g): stride \(s)")
      #expect(s == 1 || g / (s / 2) + 1 > StudyPage.maximumGenerations, "\(g): stride \(s) is larger than needed")
      #expect(s % previous == 0)
      previous = s
    }
  }

  /// A growing study: the cache reads only the new generations, and what it
  /// answers equals a fresh read of every generation.
  @Test func cachedDistributionsFollowAGrowingStudy() async throws {
    let store = try DashboardStore()
    defer { store.cleanUp() }
    let study = try await store.runSphere(name: "grow", budget: 200, evaluations: 21)
    let source = DashboardSource(storage: store.url)
    let early = try await source.read { try await $0.study(named: "grow") }
    let first = try await source.distributions(of: early, after: -1, stride: 1)
    #expect(first.map(\.generation) == Array(0...early.generation))
    for _ in 0..<30 {
      guard case .lease(let lease) = try await study.tryAsk(worker: "w2") else { break }
      _ = try await study.tell(lease, value: lease.point.reduce(0) { $0 + $1 * $1 })
    }
    let final = try await study.strategy()
    await study.close()
    let later = try await source.read { try await $0.study(named: "grow") }
    #expect(later.generation > early.generation + 2)
    let cached = try await source.distributions(of: later, after: -1, stride: 1)
    let fresh = try await DashboardSource(storage: store.url).distributions(of: later, after: -1, stride: 1)
    #expect(cached == fresh)
    #expect(cached.map(\.generation) == Array(0...later.generation))
    #expect(cached.last?.sigma == final.stepSize && cached.last?.mean == final.mean)
    // Every other generation, then every fourth: subsets of what was read.
    let coarse = try await source.distributions(of: later, after: -1, stride: 4)
    #expect(coarse.map(\.generation) == Array(Swift.stride(from: 0, through: later.generation, by: 4)) + (later.generation % 4 == 0 ? [] : [later.generation]))
    await source.close()
  }
}
