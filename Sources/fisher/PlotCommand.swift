import ArgumentParser
import Fisher
import FisherPlot
import Foundation

/// `fisher plot`: the panels of a run's `--log` file, as HTML or SVG.
struct PlotCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "plot",
    abstract: "Draw the log of a run (written by --log) as pycma's four panels, in HTML or SVG.",
    discussion: """
      RUN is the file `fisher minimize --log RUN` or `fisher ask-tell --log RUN` wrote: one \
      JSON object per completed generation with the keys generation, evaluations, best, \
      median, worst, best_so_far, sigma, condition, stds and mean (null for a value that was \
      not finite). Blank lines are skipped.

      The picture has the four panels of pycma's cma.plot():
        f             the best f so far and each generation's best, median and worst, against
                      evaluations; log scale when every value is positive, linear otherwise
        σ, axis ratio the step size σ and √condition (longest over shortest axis of C),
                      against generations, log scale
        std devs      each coordinate's standard deviation σ·√C_ii, against generations, log scale
        mean          each coordinate of the mean, against generations
      A long run is thinned to about --max-points points per curve (every improvement of \
      the best f is kept), so the file stays small whatever the run's length.

      --output decides the format by its extension: .html (or .htm) writes a standalone page \
      that loads nothing from elsewhere, .svg one SVG picture. A log with no generation gives \
      empty panels reading "no data".

      Exit status 2 when RUN cannot be read or holds a line that is not a generation summary \
      (the message names the line), or when the extension of --output is neither; 1 when \
      the output cannot be written.

      Examples:
          fisher minimize --problem rosenbrock --dimension 10 --budget 20000 --log run.jsonl
          fisher plot run.jsonl --output run.html
          fisher plot run.jsonl --output run.svg --title "Rosenbrock, n = 10"
      """)

  @Argument(help: ArgumentHelp("The log file, one JSON line per generation.", valueName: "run.jsonl"))
  var runLog: String

  @Option(help: "The file to write: NAME.html (a web page) or NAME.svg (a picture).")
  var output: String

  @Option(help: "The title (default: the log's file name).")
  var title: String?

  @Option(help: "At most this many points per curve before improvements of the best f are added.")
  var maxPoints: Int = RunPanels.defaultMaximumPoints

  /// The output formats, by extension.
  enum Format { case html, svg }

  var format: Format? {
    switch URL(fileURLWithPath: output).pathExtension.lowercased() {
    case "html", "htm": return .html
    case "svg": return .svg
    default: return nil
    }
  }

  func validate() throws {
    guard format != nil else {
      throw ValidationError("--output \(output) must end in .html, .htm or .svg")
    }
    guard maxPoints >= 2 else { throw ValidationError("--max-points must be at least 2, got \(maxPoints)") }
  }

  func run() throws {
    guard let format else { throw ValidationError("--output \(output) must end in .html, .htm or .svg") }
    guard FileManager.default.fileExists(atPath: runLog), let data = FileManager.default.contents(atPath: runLog) else {
      throw ValidationError("cannot read the log \(runLog): no such file or not readable")
    }
    let summaries: [GenerationSummary]
    do {
      summaries = try GenerationSummary.decodeLines(String(decoding: data, as: UTF8.self))
    } catch FisherError.malformedInput(let reason) {
      throw ValidationError("the log \(runLog) is not a run log: \(reason)")
    }
    let heading = title ?? URL(fileURLWithPath: runLog).lastPathComponent
    let document: String
    switch format {
    case .html: document = RunPanels.html(summaries, title: heading, maximumPoints: maxPoints)
    case .svg: document = RunPanels.svg(summaries, title: heading, maximumPoints: maxPoints) + "\n"
    }
    do {
      try document.write(toFile: output, atomically: true, encoding: .utf8)
    } catch {
      throw RuntimeFailure("cannot write \(output): \(error.localizedDescription)")
    }
  }
}
