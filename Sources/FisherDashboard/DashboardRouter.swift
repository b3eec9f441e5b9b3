import Fisher
import FisherStudy
import Foundation
import Hummingbird

/// The dashboard's routes. Every route reads; none writes.
///
/// Pages:
/// - `GET /`: every study of the store;
/// - `GET /studies/{name}`: one study (`sort`, `order`, `page`, `size` page its candidate table);
/// - `GET /studies/{name}/panels`: the study's plots alone, which an open page refreshes;
/// - `GET /studies/{name}/candidates?sort=&order=&page=&size=`: one page of the candidate table alone, likewise;
///
/// JSON (documented in docs/dashboard.md):
/// - `GET /api/studies`, `GET /api/studies/{name}`: ``StudyOverview``s;
/// - `GET /api/studies/{name}/results?after=ID&limit=N`: accepted results reported after report `ID`;
/// - `GET /api/studies/{name}/candidates?sort=&order=&offset=&limit=`: a page of the candidate table;
/// - `GET /api/studies/{name}/distributions?after=G&stride=K`: σ, condition, standard deviations and mean per generation;
/// - `GET /api/studies/{name}/best?count=K`: the best rows with their points (and named values).
///
/// An unknown study answers 404, a malformed parameter 400, a store that
/// cannot be read 503; each with the reason, and the server keeps running.
public enum DashboardRouter {
  /// The most rows one request may ask for.
  static let maximumLimit = 100_000

  /// The router of every route above, reading `storage`.
  ///
  /// - Parameter warmUp: start reading, in the background, what every
  ///   study's page draws (the distribution summaries, the slow part of a
  ///   first page), so that pages opened later answer from the cache.
  public static func make(storage: StorageURL, warmUp: Bool = false) -> Router<BasicRequestContext> {
    let source = DashboardSource(storage: storage)
    if warmUp { Task { await source.warmUp() } }
    return make(source: source)
  }

  static func make(source: DashboardSource) -> Router<BasicRequestContext> {
    let router = Router()
    router.get("/") { _, _ in
      await respond(html: true) {
        let studies = try await source.read { try await $0.studies() }
        return .html(IndexPage.render(studies, now: Date().timeIntervalSince1970))
      }
    }
    router.get("/studies/:name") { request, context in
      await respond(html: true) {
        let name = try studyName(context)
        let query = DashboardQuery(request)
        let table = try TableRequest(query)
        let page = try await StudyPage.load(name: name, table: table, source: source)
        return .html(StudyPage.render(page))
      }
    }
    router.get("/studies/:name/panels") { _, context in
      await respond(html: true) {
        let page = try await StudyPage.load(name: try studyName(context), table: nil, source: source)
        return .html(StudyPage.panels(page))
      }
    }
    router.get("/studies/:name/candidates") { request, context in
      await respond(html: true) {
        let table = try TableRequest(DashboardQuery(request))
        return .html(try await StudyPage.loadTable(name: try studyName(context), table: table, source: source))
      }
    }
    router.get("/api/studies") { _, _ in
      await respond(html: false) { .json(try await source.read { try await $0.studies() }) }
    }
    router.get("/api/studies/:name") { _, context in
      await respond(html: false) {
        let name = try studyName(context)
        return .json(try await source.read { try await $0.overview(name: name) })
      }
    }
    router.get("/api/studies/:name/results") { request, context in
      await respond(html: false) {
        let name = try studyName(context)
        let query = DashboardQuery(request)
        let after = try query.integer("after", in: 0...Int.max, default: 0)
        let limit = try query.integer("limit", in: 1...maximumLimit, default: 10_000)
        let results = try await source.read { reader in
          let record = try await reader.study(named: name)
          return try await reader.results(of: record, after: Int64(after), limit: limit)
        }
        return .json(ResultsResponse(results: results, last: results.last?.id ?? Int64(after)))
      }
    }
    router.get("/api/studies/:name/candidates") { request, context in
      await respond(html: false) {
        let name = try studyName(context)
        let query = DashboardQuery(request)
        let order = CandidateOrder(
          column: try query.choice("sort", default: CandidateOrder.Column.generation),
          descending: try query.choice("order", default: SortDirection.asc) == .desc)
        let offset = try query.integer("offset", in: 0...Int.max, default: 0)
        let limit = try query.integer("limit", in: 1...maximumLimit, default: 100)
        return .json(
          try await source.read { reader in
            try await reader.candidates(of: try await reader.study(named: name), order: order, offset: offset, limit: limit)
          })
      }
    }
    router.get("/api/studies/:name/distributions") { request, context in
      await respond(html: false) {
        let name = try studyName(context)
        let query = DashboardQuery(request)
        let after = try query.integer("after", in: -1...Int.max, default: -1)
        let stride = try query.integer("stride", in: 1...Int.max, default: 1)
        let record = try await source.read { try await $0.study(named: name) }
        return .json(try await source.distributions(of: record, after: after, stride: stride))
      }
    }
    router.get("/api/studies/:name/best") { request, context in
      await respond(html: false) {
        let name = try studyName(context)
        let count = try DashboardQuery(request).integer("count", in: 1...10_000, default: 10)
        return .json(
          try await source.read { reader in
            let record = try await reader.study(named: name)
            return try await reader.best(of: record, count: count).map { BestRow($0, space: record.settings.space) }
          })
      }
    }
    return router
  }

  /// The study name of the path, percent-decoded.
  static func studyName(_ context: BasicRequestContext) throws -> String {
    let raw = try context.parameters.require("name")
    guard let name = raw.removingPercentEncoding, !name.isEmpty else {
      throw DashboardBadRequest(message: "the study name '\(raw)' is not a valid path segment")
    }
    return name
  }

  /// What a route produces before it becomes a response.
  enum Body {
    case html(String)
    case json(any Encodable & Sendable)
  }

  /// Runs `body` and turns its result or error into a response: 404 for an
  /// unknown study, 400 for a malformed parameter, 503 for a store that
  /// cannot be read, 500 for anything else; as a page or as JSON
  /// `{"error": …}`.
  static func respond(html: Bool, _ body: () async throws -> Body) async -> Response {
    do {
      switch try await body() {
      case .html(let text):
        return response(.ok, contentType: "text/html; charset=utf-8", text)
      case .json(let value):
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
          positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return response(.ok, contentType: "application/json", String(decoding: try encoder.encode(value), as: UTF8.self))
      }
    } catch {
      let (status, title, message) = describe(error)
      if html {
        return response(status, contentType: "text/html; charset=utf-8", PageLayout.errorPage(title: title, message: message))
      }
      let payload = (try? JSONEncoder().encode(["error": message])).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
      return response(status, contentType: "application/json", payload)
    }
  }

  static func describe(_ error: any Error) -> (HTTPResponse.Status, String, String) {
    switch error {
    case let error as DashboardBadRequest:
      return (.badRequest, "Bad request", error.message)
    case FisherError.unknownName(let kind, let name, _):
      return (.notFound, "Not found", "no \(kind) named '\(name)' in this store")
    case let error as StudyStoreError:
      if case .unavailable = error { return (.serviceUnavailable, "Database unavailable", error.description) }
      return (.internalServerError, "Database error", error.description)
    case let error as FisherError:
      return (.internalServerError, "Error", error.description)
    default:
      return (.internalServerError, "Error", String(describing: error))
    }
  }

  static func response(_ status: HTTPResponse.Status, contentType: String, _ text: String) -> Response {
    var headers = HTTPFields()
    headers[.contentType] = contentType
    headers[.cacheControl] = "no-store"
    return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
  }
}

/// `/api/studies/{name}/results`: the results and the id to ask after next.
struct ResultsResponse: Encodable, Sendable {
  var results: [StudyResult]
  var last: Int64
}

/// `/api/studies/{name}/best`: a row, with its point decoded by the study's search space.
struct BestRow: Encodable, Sendable {
  var row: StudyEvaluation
  /// The point as the study's variables, keyed by name; nil for ℝⁿ.
  var values: SearchPoint?

  init(_ row: StudyEvaluation, space: SearchSpace?) {
    self.row = row
    self.values = space.flatMap { try? $0.decode(row.point) }
  }
}
