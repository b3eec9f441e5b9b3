import ArgumentParser
import Foundation

/// The `fisher` command-line tool.
@main
struct FisherCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fisher",
    abstract: "Sampling-based optimization and control on the natural-gradient view of search distributions.",
    discussion: """
      Fisher minimizes black-box functions by moving a search distribution \
      (CMA-ES, NES, CEM, exponential weights, natural gradient) and controls \
      dynamical systems by sampling (MPPI, CEM-MPC). Every run is deterministic \
      for a given --seed, whatever the thread count.

      Errors in the arguments or the input print one line on stderr and exit with status 2.
      """,
    subcommands: [
      MinimizeCommand.self, AskTellCommand.self, BBOBCommand.self, BenchCommand.self, ControlCommand.self,
      StudyCommand.self,
    ])

  /// Runs the tool, mapping every usage or input error to exit status 2.
  static func main() async {
    do {
      var command = try parseAsRoot()
      if var asyncCommand = command as? AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
    } catch {
      let code = exitCode(for: error)
      if code == .success || error is ExitCode {
        exit(withError: error)
      }
      var text = message(for: error)
      if text.hasPrefix("Error: ") { text.removeFirst("Error: ".count) }
      let line = text.split(separator: "\n").first.map(String.init) ?? "error"
      FileHandle.standardError.write(Data(("fisher: " + line + "\n").utf8))
      Foundation.exit(2)
    }
  }
}
