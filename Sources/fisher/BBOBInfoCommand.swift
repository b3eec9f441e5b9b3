import ArgumentParser
import FisherBenchmarks
import Foundation

/// `fisher bbob info`: prints a problem's name, f_opt and x_opt.
struct BBOBInfoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "info",
    abstract:
      "Print the name, optimal value and optimum of a bbob, bbob-noisy, bbob-constrained or bbob-mixint problem.",
    discussion: """
      For a bbob-constrained problem it also prints the number of constraints m, \
      how many of them are active at the optimum, and COCO's feasible initial \
      solution (cocoex's initial_solution).

      For a bbob-mixint problem it also prints cocoex's name for it, the number \
      of integer coordinates, the arity of each (0 for a continuous coordinate) \
      and the lower and upper bounds of every coordinate.
      """)

  @OptionGroup var problem: BBOBProblemOptions

  @Flag(help: "Print a JSON object instead of text.")
  var json = false

  func validate() throws { _ = try problem.makeProblem() }

  func run() throws {
    let f = try problem.makeProblem()
    let g = { (v: Double) in "\(v)" }
    if json {
      let xopt = f.optimum.map(g).joined(separator: ",")
      print(
        """
        {"name":"\(f.name)","suite":"\(f.suite.rawValue)","function":\(f.number),"instance":\(f.instance),"dimension":\(f.dimension),\
        "functionName":"\(f.functionName)","fopt":\(g(f.optimalValue)),"xopt":[\(xopt)]\(noiseJSON(f))\(constraintsJSON(f))\(mixintJSON(f))}
        """)
    } else {
      print("name: \(f.name)")
      print("suite: \(f.suite.rawValue)")
      print("function: f\(f.number) \(f.functionName)")
      if let noise = f.noise {
        print("noise: \(noise.model) (\(noise.parameters.map { "\($0.0) = \(g($0.1))" }.joined(separator: ", ")))")
      }
      if let constraints = f.constraints {
        print("constraints: \(constraints.count) (\(constraints.active) active at the optimum)")
      }
      if let mixint = f.mixint {
        print("coco name: \(mixint.cocoName)")
        let arities = mixint.variables.map { "\($0.arity ?? 0)" }
        print("integer variables: \(mixint.variables.count { $0.isInteger }) of \(f.dimension)")
        print("arities: \(arities.joined(separator: ","))")
        print("lower: \(mixint.variables.map { g($0.lowerBound) }.joined(separator: ","))")
        print("upper: \(mixint.variables.map { g($0.upperBound) }.joined(separator: ","))")
      }
      print("fopt: \(g(f.optimalValue))")
      print("xopt: \(f.optimum.map(g).joined(separator: ","))")
      if let constraints = f.constraints {
        print("initial: \(constraints.initialSolution.map(g).joined(separator: ","))")
      }
    }
  }

  /// `,"constraints":m,"activeConstraints":…,"initialSolution":[…]` for a
  /// bbob-constrained problem, empty otherwise.
  private func constraintsJSON(_ f: BBOBProblem) -> String {
    guard let c = f.constraints else { return "" }
    let initial = c.initialSolution.map { "\($0)" }.joined(separator: ",")
    return ",\"constraints\":\(c.count),\"activeConstraints\":\(c.active),\"initialSolution\":[\(initial)]"
  }

  /// `,"cocoName":…,"integerVariables":…,"arities":[…],"lower":[…],"upper":[…]` for a
  /// bbob-mixint problem (arity 0 for a continuous coordinate), empty otherwise.
  private func mixintJSON(_ f: BBOBProblem) -> String {
    guard let m = f.mixint else { return "" }
    let list = { (values: [String]) in "[" + values.joined(separator: ",") + "]" }
    return ",\"cocoName\":\"\(m.cocoName)\",\"integerVariables\":\(m.variables.count { $0.isInteger })"
      + ",\"arities\":" + list(m.variables.map { "\($0.arity ?? 0)" })
      + ",\"lower\":" + list(m.variables.map { "\($0.lowerBound)" })
      + ",\"upper\":" + list(m.variables.map { "\($0.upperBound)" })
  }

  /// `,"noise":{"model":…,<parameter>:…}` for a bbob-noisy problem, empty otherwise.
  private func noiseJSON(_ f: BBOBProblem) -> String {
    guard let noise = f.noise else { return "" }
    let fields = [("model", "\"\(noise.model)\"")] + noise.parameters.map { ($0.0, "\($0.1)") }
    return ",\"noise\":{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
  }
}
