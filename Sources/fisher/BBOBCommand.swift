import ArgumentParser

/// `fisher bbob`: COCO's bbob functions.
struct BBOBCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bbob", abstract: "Evaluate and describe COCO's 24 noiseless bbob functions.",
    subcommands: [BBOBEvalCommand.self, BBOBInfoCommand.self])
}
