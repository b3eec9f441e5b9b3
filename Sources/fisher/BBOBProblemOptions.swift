import ArgumentParser
import FisherBenchmarks

/// The `--function/--instance/--dimension` triple that names one bbob problem.
struct BBOBProblemOptions: ParsableArguments {
  @Option(help: "The bbob function, 1…24.")
  var function: Int

  @Option(help: "The instance number, 1 or more.")
  var instance: Int = 1

  @Option(help: "The dimension, 2 or more.")
  var dimension: Int

  /// The problem these options name; throws a readable error for invalid ones.
  func makeFunction() throws -> BBOBFunction {
    do {
      return try BBOBFunction(function: function, instance: instance, dimension: dimension)
    } catch let error as FisherError {
      throw ValidationError(error.description)
    }
  }
}
