import ArgumentParser
import FisherBenchmarks

/// The suites `fisher bbob` evaluates and describes, by COCO's names.
enum BBOBProblemSuite: String, CaseIterable, ExpressibleByArgument {
  case bbob
  case bbobNoisy = "bbob-noisy"
  case bbobConstrained = "bbob-constrained"
  case bbobMixint = "bbob-mixint"
}

/// The `--suite/--function/--instance/--dimension` options that name one problem
/// of COCO's bbob, bbob-noisy, bbob-constrained or bbob-mixint suite.
struct BBOBProblemOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      """
      The suite: bbob (f1…f24, noiseless), bbob-noisy (f101…f130), bbob-constrained (f1…f54) \
      or bbob-mixint (f1…f24).
      """,
      discussion: """
        Without it, the function number decides: 101…130 are bbob-noisy, the others bbob. \
        bbob-constrained and bbob-mixint must be named.
        """))
  var suite: BBOBProblemSuite?

  @Option(help: "The function: 1…24 in bbob and bbob-mixint, 101…130 in bbob-noisy, 1…54 in bbob-constrained.")
  var function: Int

  @Option(help: "The instance number, 1 or more.")
  var instance: Int = 1

  @Option(
    help: """
      The dimension, 2 or more (2, 3, 5, 10, 20 or 40 in bbob-constrained; \
      5, 10, 20, 40, 80 or 160 in bbob-mixint).
      """)
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
      case .bbobConstrained:
        return .constrained(try BBOBConstrainedFunction(function: function, instance: instance, dimension: dimension))
      case .bbobMixint:
        return .mixint(try BBOBMixintFunction(function: function, instance: instance, dimension: dimension))
      }
    } catch let error as FisherError {
      throw ValidationError(error.description)
    }
  }
}

/// The suites `fisher bench bbob` runs, by COCO's names.
extension BBOBSuite: ExpressibleByArgument {}

/// One problem of the three suites, with what `fisher bbob` prints about it.
struct BBOBProblem {
  enum Function {
    case noiseless(BBOBFunction)
    case noisy(BBOBNoisyFunction)
    case constrained(BBOBConstrainedFunction)
    case mixint(BBOBMixintFunction)
  }
  let function: Function
  let suite: BBOBProblemSuite
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

  /// For a bbob-constrained problem, the number of constraints, how many of
  /// them are active at the optimum and COCO's feasible initial solution.
  var constraints: (count: Int, active: Int, initialSolution: [Double])? {
    guard case .constrained(let f) = function else { return nil }
    return (f.constraintCount, f.activeConstraintCount, f.initialSolution)
  }

  /// For a bbob-mixint problem, its coordinates (integer with their arity, or continuous) and cocoex's name.
  var mixint: (variables: [BBOBMixintVariable], cocoName: String)? {
    guard case .mixint(let f) = function else { return nil }
    return (f.variables, f.cocoName)
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

  static func constrained(_ f: BBOBConstrainedFunction) -> BBOBProblem {
    BBOBProblem(
      function: .constrained(f), suite: .bbobConstrained, name: f.name, number: f.function, instance: f.instance,
      dimension: f.dimension, functionName: f.functionName, optimalValue: f.optimalValue, optimum: f.optimum)
  }

  static func mixint(_ f: BBOBMixintFunction) -> BBOBProblem {
    BBOBProblem(
      function: .mixint(f), suite: .bbobMixint, name: f.name, number: f.function, instance: f.instance,
      dimension: f.dimension, functionName: f.functionName, optimalValue: f.optimalValue, optimum: f.optimum)
  }
}
