import ArgumentParser

/// `fisher bbob`: COCO's bbob functions.
struct BBOBCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bbob",
    abstract: """
      Evaluate and describe COCO's bbob functions: the 24 noiseless ones, the 30 of bbob-noisy, \
      the 54 of bbob-constrained and the 24 of bbob-mixint.
      """,
    subcommands: [BBOBEvalCommand.self, BBOBInfoCommand.self])
}
