import ArgumentParser
import FisherBenchmarks

/// The `--suite/--function/--instance/--dimension` options that name one problem
/// of COCO's bbob or bbob-noisy suite.
struct BBOBProblemOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "The suite: bbob (f1…f24, noiseless) or bbob-noisy (f101…f130).",
      discussion: "Without it, the function number decides: 101…130 are bbob-noisy, the others bbob."))
  var suite: BBOBSuiteName?

  @Option(help: "The function: 1…24 in bbob, 101…130 in bbob-noisy.")
  var function: Int

  @Option(help: "The instance number, 1 or more.")
  var instance: Int = 1

  @Option(help: "The dimension, 2 or more.")
  var dimension: Int

  /// The problem these options name; throws a readable error for invalid ones.
  func makeProblem() throws -> BBOBProblem {
    let name = suite ?? (BBOBNoisyFunction.functions.contains(function) ? .bbobNoisy : .bbob)
    if name == .bbob && BBOBNoisyFunction.functions.contains(function) {
      throw ValidationError("f\(function) is a bbob-noisy function: use --suite bbob-noisy, or 1…24 for bbob")
    }
    if name == .bbobNoisy && (1...24).contains(function) {
      throw ValidationError("f\(function) is a bbob function: use --suite bbob, or 101…130 for bbob-noisy")
    }
    do {
      switch name {
      case .bbob:
        return .noiseless(try BBOBFunction(function: function, instance: instance, dimension: dimension))
      case .bbobNoisy:
        return .noisy(try BBOBNoisyFunction(function: function, instance: instance, dimension: dimension))
      }
    } catch let error as FisherError {
      throw ValidationError(error.description)
    }
  }
}

/// The suites `fisher bbob` and `fisher bench bbob` know, by COCO's names.
typealias BBOBSuiteName = BBOBSuite

extension BBOBSuite: ExpressibleByArgument {}

/// One problem of either suite, with what `fisher bbob` prints about it.
struct BBOBProblem {
  enum Function {
    case noiseless(BBOBFunction)
    case noisy(BBOBNoisyFunction)
  }
  let function: Function
  let suite: BBOBSuiteName
  let name: String
  let number: Int
  let instance: Int
  let dimension: Int
  let functionName: String
  let optimalValue: Double
  let optimum: [Double]
  /// The noise model and its parameters for a bbob-noisy problem, e.g. ("gaussian", [("beta", 1)]).
  var noise: (model: String, parameters: [(String, Double)])? {
    guard case .noisy(let f) = function else { return nil }
    switch f.noise {
    case .gaussian(let beta): return ("gaussian", [("beta", beta)])
    case .uniform(let alpha, let beta): return ("uniform", [("alpha", alpha), ("beta", beta)])
    case .cauchy(let alpha, let p): return ("cauchy", [("alpha", alpha), ("p", p)])
    }
  }

  static func noiseless(_ f: BBOBFunction) -> BBOBProblem {
    BBOBProblem(
      function: .noiseless(f), suite: .bbob, name: f.name, number: f.function, instance: f.instance,
      dimension: f.dimension, functionName: f.functionName, optimalValue: f.optimalValue, optimum: f.optimum)
  }

  static func noisy(_ f: BBOBNoisyFunction) -> BBOBProblem {
    BBOBProblem(
      function: .noisy(f), suite: .bbobNoisy, name: f.name, number: f.function, instance: f.instance,
      dimension: f.dimension, functionName: f.functionName, optimalValue: f.optimalValue, optimum: f.optimum)
  }
}
