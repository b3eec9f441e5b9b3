import ArgumentParser

/// `fisher minimize`: run a strategy on a problem.
struct MinimizeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "minimize", abstract: "Minimize a test problem with a search strategy.")
}
