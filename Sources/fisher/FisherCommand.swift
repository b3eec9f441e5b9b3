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

      Exit status: 0 on success; 2 for invalid arguments or input (a bad value, a \
      malformed file or JSON line, a size that does not fit in memory); 1 for a \
      runtime failure that is not the input's (a database that stays unreachable \
      through its retries, an objective command that fails for every candidate, an \
      output that cannot be written); 130 when interrupted. Every error is one line \
      on stderr, starting with "fisher: ".
      """,
    subcommands: [
      MinimizeCommand.self, AskTellCommand.self, BBOBCommand.self, BenchCommand.self, ControlCommand.self,
      StudyCommand.self, PlotCommand.self,
    ])

  /// Runs the tool, mapping every error to its exit status (see ``ExitStatus``).
  static func main() async {
    do {
      var command = try parseAsRoot()
      if var asyncCommand = command as? AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
    } catch {
      if let code = error as? ExitCode { Foundation.exit(code.rawValue) }
      let code = exitCode(for: error)
      if code == .success {
        exit(withError: error)
      }
      let line = ExitStatus.message(for: error, parserMessage: message(for: error))
      FileHandle.standardError.write(Data(("fisher: " + line + "\n").utf8))
      Foundation.exit(ExitStatus.status(for: error))
    }
  }
}
