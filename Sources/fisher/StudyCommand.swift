import ArgumentParser
import Fisher
import FisherStudy
import Foundation

/// `fisher study`: a durable ask/tell study shared by many workers through a database.
struct StudyCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "study",
    abstract: "Run one optimization with many workers, on many machines, through SQLite or PostgreSQL.",
    discussion: """
      A study keeps a strategy's state and every candidate in a database. Workers claim \
      candidates under a lease, evaluate them and report; the report that completes a \
      generation applies the strategy's update and asks the next generation, in one \
      transaction. A worker that dies loses its lease and the candidate is evaluated \
      again; a late result from it is rejected, so each candidate has exactly one result. \
      The final state equals that of a single-process run with the same seed.

      A noisy objective takes --noise resample:K or uh (see `fisher study create --help`): each \
      evaluation is then a row of its own, and `export` ties a re-evaluation to its point.

      Inequality constraints g_i(x) ≤ 0 take --constraints M: the objective then prints \
      `f g1 … gM` on one line, or {"f": f, "g": [g1, …, gM]}, and `status`, `best` and `export` \
      report the best feasible point (feasible, best_feasible_f, best_feasible_x, best_max_violation).

      Storage: --storage sqlite:///path/study.db (one machine, the default \
      sqlite:fisher-study.db) or postgres://user:password@host:port/database (many \
      machines), or the environment variable FISHER_DATABASE_URL. Passwords are never printed.

          fisher study create --name demo --strategy cma-es --dimension 3 --mean 1,1,1 --sigma 0.5 --seed 1 --budget 300
          fisher study worker --name demo -- python3 objective.py     # as many as you like
          fisher study status --name demo
          fisher study dashboard                                       # watch it at http://127.0.0.1:8321/
      """,
    subcommands: [
      StudyCreateCommand.self, StudyWorkerCommand.self, StudyStatusCommand.self, StudyBestCommand.self,
      StudyExportCommand.self, StudyDashboardCommand.self,
    ])
}

/// `--name` and `--storage`, shared by every `fisher study` subcommand.
struct StudyLocationOptions: ParsableArguments {
  @Option(help: "The study's name.")
  var name: String

  @Option(help: ArgumentHelp(
    "sqlite:///path/study.db or postgres://user:password@host:port/db (default: $FISHER_DATABASE_URL, else sqlite:fisher-study.db).",
    valueName: "url"))
  var storage: String?

  func validate() throws {
    guard !name.isEmpty else { throw ValidationError("--name must not be empty") }
    _ = try url()
  }

  func url() throws -> StorageURL {
    try StorageURL.resolve(storage, default: "sqlite:fisher-study.db")
  }

  /// Opens the study for reading or working (never creating a database).
  func open() async throws -> Study<AnyStrategy> {
    try await Study<AnyStrategy>.open(name: name, storage: try url())
  }
}

/// Output formats of `status`, `best` and `export`.
enum StudyOutputFormat: String, ExpressibleByArgument, CaseIterable {
  case text, csv, json
}

/// Round-trip text of a number ("inf" and "nan" as such).
func studyNumber(_ v: Double?) -> String {
  guard let v else { return "" }
  return "\(v)"
}

/// Writes a line to standard output.
func studyPrint(_ line: String) {
  FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// Writes a line to standard error.
func studyLog(_ line: String) {
  FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// JSON with sorted keys and round-trip numbers.
func studyJSON<T: Encodable>(_ value: T) throws -> String {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.sortedKeys]
  encoder.nonConformingFloatEncodingStrategy = .convertToString(
    positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
  return String(decoding: try encoder.encode(value), as: UTF8.self)
}
