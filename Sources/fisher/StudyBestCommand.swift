import ArgumentParser
import Fisher
import FisherStudy

/// `fisher study best`: the point a study recommends.
struct StudyBestCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "best", abstract: "Print the study's answer: the best evaluated point (value and coordinates) or the distribution mean.",
    discussion: """
      Without noise handling this is the evaluation with the smallest value. With --noise resample:K \
      it is the candidate with the smallest aggregate (mean or median) of its K values, and the value \
      printed is that aggregate. With --noise uh (or lra) it is the final distribution mean, moved \
      into the bounds: the best single evaluation of a noisy objective is a lucky draw. The text \
      format prints `mean` in place of a value then, the CSV format an empty f.

      With constraints it is the best feasible evaluation; while none was evaluated, the least \
      violating one (smallest summed violation), reported with feasible false. The text format \
      adds a line `feasible` or `infeasible, max violation V`; CSV adds the columns feasible and \
      max_violation; JSON adds feasible, best_feasible_f, best_feasible_x (null while no feasible \
      point was evaluated), best_max_violation and g, the constraint values at x.
      """)

  @OptionGroup var location: StudyLocationOptions

  @Option(help: "text (f then x), csv or json.")
  var format: StudyOutputFormat = .text

  func run() async throws {
    let study = try await location.open()
    let recommended = try await study.recommendation()
    let space = study.settings.space
    await study.close()
    guard let r = recommended else {
      throw FisherError.invalidParameter(name: "study", reason: "'\(location.name)' has no accepted evaluation yet")
    }
    // In a study over named variables the point is reported as their values.
    let values = try space.map { try $0.decode(r.point) }
    let x = values.map { $0.values.map(\.description).joined(separator: ",") }
      ?? r.point.map { studyNumber($0) }.joined(separator: ",")
    switch format {
    case .json:
      studyPrint(
        try studyJSON(
          BestOutput(
            f: r.value, x: r.point, values: values, generation: r.generation, index: r.index,
            recommendation: r.recommendation, g: r.constraints, feasible: r.feasible)))
    case .csv:
      let constrained = r.feasible != nil
      let names = values?.names ?? r.point.indices.map { "x\($0 + 1)" }
      studyPrint((["f"] + names + (constrained ? ["feasible", "max_violation"] : [])).joined(separator: ","))
      studyPrint(
        studyNumber(r.value) + "," + x
          + (constrained ? ",\(r.feasible == true ? 1 : 0),\(studyNumber(r.maxViolation))" : ""))
    case .text:
      studyPrint("\(r.value.map { "\($0)" } ?? "mean")\t\(values.map(\.description) ?? x)")
      if let feasible = r.feasible {
        studyPrint(feasible ? "feasible" : "infeasible, max violation \(studyNumber(r.maxViolation)) (no feasible point was evaluated)")
      }
    }
  }

  struct BestOutput: Encodable {
    var f: Double?
    var x: [Double]
    /// The point as variable values, in a study over a search space (then printed as `x`).
    var values: SearchPoint?
    var generation: Int?
    var index: Int?
    var recommendation: Recommendation
    /// With constraints: the constraint values at x and whether x is feasible.
    var g: [Double]?
    var feasible: Bool?

    enum CodingKeys: String, CodingKey {
      case f, x, generation, index, recommendation, g, feasible
      case bestFeasibleF = "best_feasible_f", bestFeasibleX = "best_feasible_x", bestMaxViolation = "best_max_violation"
    }

    func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encodeIfPresent(f, forKey: .f)
      if let values { try c.encode(values, forKey: .x) } else { try c.encode(x, forKey: .x) }
      try c.encodeIfPresent(generation, forKey: .generation)
      try c.encodeIfPresent(index, forKey: .index)
      try c.encode(recommendation, forKey: .recommendation)
      guard let feasible, let g else { return }
      try c.encode(g, forKey: .g)
      try c.encode(feasible, forKey: .feasible)
      try c.encode(feasible ? f : nil, forKey: .bestFeasibleF)
      if let values { try c.encode(feasible ? values : nil, forKey: .bestFeasibleX) } else {
        try c.encode(feasible ? x : nil, forKey: .bestFeasibleX)
      }
      try c.encode(Evaluation.maxViolation(of: g), forKey: .bestMaxViolation)
    }
  }
}
