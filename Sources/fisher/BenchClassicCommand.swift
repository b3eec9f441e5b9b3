import ArgumentParser
import Fisher
import Foundation

/// `fisher bench classic`: quick comparisons on the classic test functions.
struct BenchClassicCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "classic",
    abstract: "Compare strategies on classic test functions by name (sphere, rosenbrock, …).",
    discussion: """
      Runs each strategy --repetitions times on each problem and dimension from a mean of \
      3 in every coordinate with σ = 1, until f ≤ --target or the budget of B·n evaluations; \
      repetition r uses seed --seed + r. Prints a Markdown table: successes, median \
      evaluations of the successful runs, median best f.

        fisher bench classic --strategies cma-es,xnes,snes --problems sphere,rosenbrock,rastrigin --dimensions 5,10
      """)

  @Option(help: "Strategies, comma-separated.")
  var strategies: String

  @Option(help: "Problems, comma-separated: \(ClassicProblem.allCases.map(\.rawValue).joined(separator: ", ")).")
  var problems: String = "sphere,ellipsoid,rosenbrock,rastrigin"

  @Option(help: "Dimensions, e.g. 2,5,10.")
  var dimensions: String = "10"

  @Option(help: "Runs per (strategy, problem, dimension).")
  var repetitions: Int = 5

  @Option(help: "Budget per run in evaluations per dimension.")
  var budgetMultiplier: Double = 10000

  @Option(help: "Success when f ≤ this value (every classic problem has minimum 0).")
  var target: Double = 1e-8

  @Option(help: "Seed of the first repetition.")
  var seed: UInt64 = 1

  func validate() throws {
    for name in strategies.split(separator: ",") { _ = try StrategySpecification.Kind(name: String(name)) }
    for name in problems.split(separator: ",") { _ = try ClassicProblem(name: String(name)) }
    _ = try parseIntegerRanges(dimensions, option: "--dimensions")
    guard repetitions >= 1 else { throw ValidationError("--repetitions must be at least 1") }
    guard budgetMultiplier >= 1, budgetMultiplier.isFinite else {
      throw ValidationError("--budget-multiplier must be a finite number at least 1, got \(budgetMultiplier)")
    }
  }

  func run() async throws {
    print("| strategy | problem | n | successes | median evaluations (successes) | median best f |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for problemName in problems.split(separator: ",").map(String.init) {
      for n in try parseIntegerRanges(dimensions, option: "--dimensions") {
        let problem = try ClassicProblem(name: problemName).problem(dimension: n)
        for strategyName in strategies.split(separator: ",").map(String.init) {
          let spec = StrategySpecification(kind: try .init(name: strategyName))
          var evaluations: [Double] = []
          var bests: [Double] = []
          for r in 0..<repetitions {
            let s = try spec.make(mean: [Double](repeating: 3, count: n), sigma: 1, seed: seed &+ UInt64(r))
            let evaluate = problem.evaluate
            let result = try await minimize(
              { x in evaluate(x) }, strategy: s,
              options: .init(
                termination: .init(
                  maxEvaluations: try CheckedConversion.integer(
                    budgetMultiplier * Double(n), "--budget-multiplier × dimension", in: 1...Int.max, rounding: .down),
                  targetValue: target),
                seed: seed &+ UInt64(r)))
            bests.append(result.bestF)
            if let hit = result.targetHitAt { evaluations.append(Double(hit)) }
          }
          let medianEvaluations = evaluations.isEmpty ? "–" : String(Int(Self.median(evaluations)))
          print(
            "| \(strategyName) | \(problemName) | \(n) | \(evaluations.count)/\(repetitions) | \(medianEvaluations) | "
              + String(format: "%.2e", Self.median(bests)) + " |")
        }
      }
    }
  }

  static func median(_ values: [Double]) -> Double {
    let s = values.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
  }
}
