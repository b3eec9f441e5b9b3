import ArgumentParser
import Fisher
import FisherStudy

/// `fisher study best`: the best point a study has evaluated.
struct StudyBestCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "best", abstract: "Print the best evaluated point: its value and coordinates.")

  @OptionGroup var location: StudyLocationOptions

  @Option(help: "text (f then x), csv or json.")
  var format: StudyOutputFormat = .text

  func run() async throws {
    let study = try await location.open()
    let best = try await study.best()
    await study.close()
    guard let b = best, let f = b.value else {
      throw FisherError.invalidParameter(name: "study", reason: "'\(location.name)' has no accepted evaluation yet")
    }
    switch format {
    case .json:
      studyPrint(try studyJSON(BestOutput(f: f, x: b.point, generation: b.generation, index: b.index)))
    case .csv:
      studyPrint((["f"] + b.point.indices.map { "x\($0 + 1)" }).joined(separator: ","))
      studyPrint(([f] + b.point).map { studyNumber($0) }.joined(separator: ","))
    case .text:
      studyPrint("\(f)\t\(b.point.map { studyNumber($0) }.joined(separator: ","))")
    }
  }

  struct BestOutput: Encodable {
    var f: Double
    var x: [Double]
    var generation: Int
    var index: Int
  }
}
