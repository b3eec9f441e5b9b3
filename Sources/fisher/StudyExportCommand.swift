import ArgumentParser
import Fisher
import FisherStudy

/// `fisher study export`: every candidate of a study and its outcome.
struct StudyExportCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Print every evaluation: generation, index, round, candidate, the row it repeats, status, value, failure reason, attempts, worker, point.",
    discussion: """
      Each row is one evaluation. Without noise handling a generation's rows are its candidates \
      (candidate = index). With resampling or uncertainty handling a candidate is evaluated more \
      than once: `candidate` names the population row a point belongs to, `repeat_of` the index of \
      the first row of the same generation that evaluates the same point (empty for a first \
      evaluation), `round` is 1 for uncertainty handling's re-evaluations, and `evaluation` is the \
      evaluation number over the whole study.

      In a study with M constraints, the CSV format appends max_violation and g1 … gM after the \
      point (empty for a row that is not done), and each JSON row has `constraints`.
      """)

  @OptionGroup var location: StudyLocationOptions

  @Option(help: "csv or json (text is csv).")
  var format: StudyOutputFormat = .csv

  func run() async throws {
    let study = try await location.open()
    let rows = try await study.evaluations()
    let m = study.settings.constraints?.count ?? 0
    let space = study.settings.space
    await study.close()
    if format == .json {
      studyPrint(try studyJSON(try rows.map { r in ExportRow(row: r, values: try space.map { try $0.decode(r.point) }) }))
      return
    }
    let n = rows.first?.point.count ?? 0
    let columns = space?.names ?? (0..<n).map { "x\($0 + 1)" }
    studyPrint(
      (["generation", "index", "round", "candidate", "repeat_of", "evaluation", "status", "value", "reason", "attempts",
        "expired_leases", "worker", "seconds"]
        + columns + (m > 0 ? ["max_violation"] + (0..<m).map { "g\($0 + 1)" } : []))
        .joined(separator: ","))
    for r in rows {
      var fields = [
        "\(r.generation)", "\(r.index)", "\(r.round)", "\(r.candidate)", r.repeatOf.map { "\($0)" } ?? "",
        r.evaluation.map { "\($0)" } ?? "", r.status, studyNumber(r.value), csvField(r.reason ?? ""), "\(r.attempts)",
        "\(r.expiredLeases)", csvField(r.worker ?? ""), studyNumber(r.duration),
      ] + (try space.map { try $0.decode(r.point).values.map { csvField($0.description) } } ?? r.point.map { studyNumber($0) })
      if m > 0 {
        fields.append(studyNumber(r.maxViolation))
        fields += (0..<m).map { i in studyNumber(r.constraints.flatMap { i < $0.count ? $0[i] : nil }) }
      }
      studyPrint(fields.joined(separator: ","))
    }
  }

  /// One exported row, with the variables' values in a study over a search space.
  struct ExportRow: Encodable {
    var row: StudyEvaluation
    var values: SearchPoint?

    enum CodingKeys: String, CodingKey { case values }

    func encode(to encoder: any Encoder) throws {
      try row.encode(to: encoder)
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encodeIfPresent(values, forKey: .values)
    }
  }

  /// A CSV field, quoted when it holds a comma, quote or newline.
  private func csvField(_ s: String) -> String {
    guard s.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return s }
    return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
