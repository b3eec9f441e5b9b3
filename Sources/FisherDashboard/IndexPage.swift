import FisherPlot
import FisherStudy

/// `/`: one row per study of the store.
enum IndexPage {

  static func render(_ studies: [StudyOverview], now: Double) -> String {
    var rows = ""
    for study in studies {
      let s = study.status
      let state = s.finished ? "finished" + (s.stopReason.map { " (\($0))" } ?? "") : "running"
      rows += """
        <tr data-study="\(xmlEscaped(s.name))"><td class="text"><a href="/studies/\(pathSegment(s.name))">\(xmlEscaped(s.name))</a></td>\
        <td class="text">\(xmlEscaped(s.strategy))</td><td>\(study.dimension)</td><td class="best">\(formatNumber(s.best?.value))</td>\
        <td class="done">\(s.done)</td><td class="running">\(s.running)</td><td>\(s.pending)</td><td class="failed">\(s.failed)</td>\
        <td>\(s.liveWorkers)</td><td class="text">\(xmlEscaped(formatTime(study.lastActivity)))</td><td class="text">\(xmlEscaped(state))</td></tr>
        """
    }
    let table =
      studies.isEmpty
      ? "<p id=\"empty\">The store holds no studies yet. Create one with <code>fisher study create</code>.</p>"
      : """
      <table id="studies"><thead><tr><th class="text">study</th><th class="text">strategy</th><th>n</th><th>best f</th>\
      <th>done</th><th>running</th><th>pending</th><th>failed</th><th>workers</th><th class="text">last activity (UTC)</th>\
      <th class="text">state</th></tr></thead><tbody>\(rows)</tbody></table>
      """
    let body = """
      <h1>Studies</h1>\(table)
      <p class="live">Workers: heard from within two leases. Counts update every second while the page is open.</p>
      """
    return PageLayout.page(title: "Studies", body: body, script: LiveScripts.format + LiveScripts.index)
  }
}
