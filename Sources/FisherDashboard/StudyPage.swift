import FisherPlot
import Fisher
import FisherStudy
import Foundation

/// The candidate table a study page shows: sorted and paged on the server.
struct TableRequest: Sendable {
  var order: CandidateOrder
  var page: Int
  var size: Int

  static let maximumSize = 1000

  init(_ query: DashboardQuery) throws {
    order = CandidateOrder(
      column: try query.choice("sort", default: CandidateOrder.Column.generation),
      descending: try query.choice("order", default: SortDirection.asc) == .desc)
    page = try query.integer("page", in: 1...Int.max / Self.maximumSize, default: 1)
    size = try query.integer("size", in: 1...Self.maximumSize, default: 50)
  }

  /// The query string of this table with `changes` applied.
  func query(column: CandidateOrder.Column? = nil, descending: Bool? = nil, page: Int? = nil) -> String {
    let c = column ?? order.column
    let d = descending ?? order.descending
    return "?sort=\(c.rawValue)&order=\(d ? "desc" : "asc")&page=\(page ?? self.page)&size=\(size)"
  }
}

/// `/studies/{name}`: a study's progress, plots, latest results and candidates.
enum StudyPage {
  /// Everything one page shows, read from the store.
  struct Data: Sendable {
    var overview: StudyOverview
    var record: StudyRecord
    /// The value of every accepted result, in report order (nil: failed).
    var values: [Double?]
    /// The id of the last report among them.
    var lastReport: Int64
    /// The latest results, newest first.
    var latest: [StudyResult]
    var distributions: [GenerationSummary]
    var table: TableRequest?
    var candidates: CandidatePage?
    /// The best rows, for the parallel coordinates of a study with a search space.
    var best: [StudyEvaluation]
  }

  /// The most generations the distribution panels read and draw.
  static let maximumGenerations = 300
  /// The latest results listed under the plots.
  static let latestCount = 10
  /// The best rows drawn in parallel coordinates.
  static let parallelCount = 30

  /// The distance between the generations the panels draw: the smallest
  /// power of two that keeps them at most ``maximumGenerations``. A power of
  /// two, so that when a growing study doubles it, the generations wanted
  /// are a subset of those already read (and cached).
  static func generationStride(_ generation: Int) -> Int {
    var stride = 1
    while (generation + stride - 1) / stride > maximumGenerations { stride *= 2 }
    return stride
  }

  static func load(name: String, table: TableRequest?, source: DashboardSource) async throws -> Data {
    let (overview, record, results, latest, candidates, best) = try await source.read { reader in
      let record = try await reader.study(named: name)
      let overview = try await reader.overview(name: name)
      let results = try await reader.resultValues(of: record)
      let latest = try await reader.latestResults(of: record, count: latestCount)
      var candidates: CandidatePage?
      if let t = table {
        candidates = try await reader.candidates(of: record, order: t.order, offset: (t.page - 1) * t.size, limit: t.size)
      }
      let best = record.settings.space == nil ? [] : try await reader.best(of: record, count: parallelCount)
      return (overview, record, results, latest, candidates, best)
    }
    let distributions = try await source.distributions(
      of: record, after: -1, stride: generationStride(record.generation))
    return Data(
      overview: overview, record: record, values: results.values, lastReport: results.last, latest: latest,
      distributions: distributions, table: table,
      candidates: candidates, best: best)
  }

  static func render(_ data: Data) -> String {
    let s = data.overview.status
    let name = xmlEscaped(s.name)
    let state = s.finished ? "finished" + (s.stopReason.map { " (\($0))" } ?? "") : "running"
    var body = "<h1>Study <span id=\"study-name\">\(name)</span></h1>"
    body += """
      <div class="facts">\
      <span>strategy <b>\(xmlEscaped(s.strategy))</b></span><span>n <b>\(data.overview.dimension)</b></span>\
      <span>λ <b>\(s.populationSize)</b></span><span>generation <b id="generation">\(s.generation)</b></span>\
      <span>budget <b>\(s.budget)</b></span><span>best f <b id="best">\(formatNumber(s.best?.value))</b></span>\
      <span>done <b id="done">\(s.done)</b></span><span>running <b id="running">\(s.running)</b></span>\
      <span>pending <b id="pending">\(s.pending)</b></span><span>failed <b id="failed">\(s.failed)</b></span>\
      <span>workers <b id="workers">\(s.liveWorkers)</b></span>\
      <span>last activity <b id="activity">\(xmlEscaped(formatTime(data.overview.lastActivity)))</b></span>\
      <span>state <b id="state">\(xmlEscaped(state))</b></span></div>
      """
    body += "<h2>Progress</h2><div id=\"panels\">\(panels(data))</div>"
    body += "<h2>Latest results</h2>\(latestTable(data))"
    if let space = data.record.settings.space {
      body += "<h2>Best \(data.best.count) candidates</h2><div class=\"panels\">"
      body += StudyPlots.parallelCoordinates(space: space, rows: data.best) + "</div>"
    }
    if let table = data.table, let page = data.candidates {
      body += "<h2>Candidates</h2><div id=\"candidate-table\" data-query=\"\(xmlEscaped(table.query()))\">"
      body += candidateTable(page, table: table, study: s.name) + "</div>"
    }
    let last = data.lastReport
    body += """
      <p class="live" id="live" data-study="\(name)" data-after="\(last)" data-generation="\(s.generation)">\
      Live: new results appear within a second, in the list and the candidate table; the plots redraw when a \
      generation completes.</p>
      """
    return PageLayout.page(title: s.name, body: body, script: LiveScripts.format + LiveScripts.study)
  }

  /// The plots: f against evaluations, then the distribution's panels.
  static func panels(_ data: Data) -> String {
    "<div class=\"panels\">" + StudyPlots.values(data) + StudyPlots.distributionPanels(data) + "</div>"
  }

  static func latestTable(_ data: Data) -> String {
    var rows = ""
    for r in data.latest {
      rows += resultRow(r)
    }
    return """
      <table id="latest"><thead><tr><th>report</th><th>evaluation</th><th>generation</th><th>index</th><th>f</th></tr></thead>\
      <tbody>\(rows)</tbody></table>
      """
  }

  static func resultRow(_ r: StudyResult) -> String {
    "<tr data-report=\"\(r.id)\"><td>\(r.id)</td><td>\(r.evaluation.map(String.init) ?? "–")</td><td>\(r.generation)</td>"
      + "<td>\(r.index)</td><td>\(formatNumber(r.value))</td></tr>"
  }

  /// One page of the candidate table alone, which an open page refreshes.
  static func loadTable(name: String, table: TableRequest, source: DashboardSource) async throws -> String {
    let page = try await source.read { reader in
      let record = try await reader.study(named: name)
      return try await reader.candidates(
        of: record, order: table.order, offset: (table.page - 1) * table.size, limit: table.size)
    }
    return candidateTable(page, table: table, study: name)
  }

  static func candidateTable(_ page: CandidatePage, table: TableRequest, study: String) -> String {
    let columns: [(String, CandidateOrder.Column?)] = [
      ("generation", .generation), ("index", nil), ("evaluation", .evaluation), ("state", .status),
      ("attempt", .attempt), ("worker", .worker), ("lease expires (UTC)", nil), ("f", .value), ("failure reason", nil),
    ]
    var head = ""
    for (title, column) in columns {
      guard let column else {
        head += "<th>\(xmlEscaped(title))</th>"
        continue
      }
      let active = table.order.column == column
      let descending = active ? !table.order.descending : false
      let arrow = active ? (table.order.descending ? " ▼" : " ▲") : ""
      head += "<th><a href=\"\(xmlEscaped(table.query(column: column, descending: descending, page: 1)))\">"
      head += "\(xmlEscaped(title))\(arrow)</a></th>"
    }
    var rows = ""
    for r in page.rows {
      rows += "<tr><td>\(r.generation)</td><td>\(r.index)</td><td>\(r.evaluation.map(String.init) ?? "–")</td>"
      rows += "<td class=\"text \(xmlEscaped(r.status))\">\(xmlEscaped(r.status))</td><td>\(r.attempt)</td>"
      rows += "<td class=\"text\">\(xmlEscaped(r.worker ?? ""))</td>"
      rows += "<td class=\"text\">\(r.status == "running" ? xmlEscaped(formatTime(r.leaseExpires)) : "")</td>"
      rows += "<td>\(formatNumber(r.value))</td><td class=\"text\">\(xmlEscaped(r.reason ?? ""))</td></tr>"
    }
    let pages = max(1, (page.total + table.size - 1) / table.size)
    var pager = "<div class=\"pager\" id=\"pager\">rows \(page.total == 0 ? 0 : page.offset + 1)–"
    pager += "\(page.offset + page.rows.count) of <span id=\"total\">\(page.total)</span> · page \(table.page) of \(pages)"
    if table.page > 1 {
      pager += " · <a rel=\"prev\" href=\"\(xmlEscaped(table.query(page: table.page - 1)))\">previous</a>"
    }
    if table.page < pages {
      pager += " · <a rel=\"next\" href=\"\(xmlEscaped(table.query(page: table.page + 1)))\">next</a>"
    }
    pager += "</div>"
    return pager + "<table id=\"candidates\"><thead><tr>\(head)</tr></thead><tbody>\(rows)</tbody></table>"
  }
}
