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
      """)

  @OptionGroup var location: StudyLocationOptions

  @Option(help: "text (f then x), csv or json.")
  var format: StudyOutputFormat = .text

  func run() async throws {
    let study = try await location.open()
    let recommended = try await study.recommendation()
    await study.close()
    guard let r = recommended else {
      throw FisherError.invalidParameter(name: "study", reason: "'\(location.name)' has no accepted evaluation yet")
    }
    let x = r.point.map { studyNumber($0) }.joined(separator: ",")
    switch format {
    case .json:
      studyPrint(
        try studyJSON(
          BestOutput(f: r.value, x: r.point, generation: r.generation, index: r.index, recommendation: r.recommendation)))
    case .csv:
      studyPrint((["f"] + r.point.indices.map { "x\($0 + 1)" }).joined(separator: ","))
      studyPrint(studyNumber(r.value) + "," + x)
    case .text:
      studyPrint("\(r.value.map { "\($0)" } ?? "mean")\t\(x)")
    }
  }

  struct BestOutput: Encodable {
    var f: Double?
    var x: [Double]
    var generation: Int?
    var index: Int?
    var recommendation: Recommendation
  }
}
