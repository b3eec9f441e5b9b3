import ArgumentParser
import FisherBenchmarks
import Foundation

/// `fisher bbob info`: prints a problem's name, f_opt and x_opt.
struct BBOBInfoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "info", abstract: "Print the name, optimal value and optimum of a bbob problem.")

  @OptionGroup var problem: BBOBProblemOptions

  @Flag(help: "Print a JSON object instead of text.")
  var json = false

  func validate() throws { _ = try problem.makeFunction() }

  func run() throws {
    let f = try problem.makeFunction()
    let g = { (v: Double) in "\(v)" }
    if json {
      let xopt = f.optimum.map(g).joined(separator: ",")
      print(
        """
        {"name":"\(f.name)","function":\(f.function),"instance":\(f.instance),"dimension":\(f.dimension),\
        "functionName":"\(f.functionName)","fopt":\(g(f.optimalValue)),"xopt":[\(xopt)]}
        """)
    } else {
      print("name: \(f.name)")
      print("function: f\(f.function) \(f.functionName)")
      print("fopt: \(g(f.optimalValue))")
      print("xopt: \(f.optimum.map(g).joined(separator: ","))")
    }
  }
}
