import ArgumentParser

/// `fisher bench`: benchmark experiments.
struct BenchCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench", abstract: "Run benchmark experiments over many problems and strategies.",
    subcommands: [BenchBBOBCommand.self, BenchClassicCommand.self])
}
