import ArgumentParser
import Fisher
import FisherBenchmarks
import Foundation

/// `fisher minimize`: run a strategy on a test problem.
struct MinimizeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "minimize",
    abstract: "Minimize a test problem with a search strategy.",
    discussion: """
      Problems: sphere, ellipsoid, rosenbrock, rastrigin, ackley, cigar, discus, \
      different-powers (all with minimum 0), COCO's bbob functions as bbob:F:I \
      (function F = 1...24, instance I ≥ 1) and its noisy ones as bbob-noisy:F:I \
      (F = 101...130), its constrained ones as bbob-constrained:F:I (F = 1...54), and its \
      mixed-integer ones as bbob-mixint:F:I (F = 1...24; searched over integer variables, \
      with CMA-ES with margin for cma-es; points are reported in the function's coordinates); \
      bounds [-5, 5] are reported but not enforced unless --bounds is given. A \
      bbob-noisy run draws COCO's noise by evaluation number, so it is the same for \
      any --threads; targets are measured on noise-free values, as COCO does.

      A bbob-constrained run starts from COCO's feasible initial solution, hands the \
      constraint values to the strategy (--constraint-method), and reports the best \
      feasible point; a target counts only when a feasible point reaches it.

      The run stops at the first of: --budget evaluations, --max-generations, \
      --target-value, --target-precision (f − f* ≤ t), or the strategy's own \
      criteria (with --restarts independent|ipop|bipop|nbipop, a restart instead, until the budget is spent).

      Examples:
          fisher minimize --strategy cma-es --problem rosenbrock --dimension 10 --budget 20000 --target-value 1e-10
          fisher minimize --strategy natural-gradient --family diagonal --geometry natural --problem ellipsoid --dimension 5 --json
          fisher minimize --strategy cma-es --problem bbob:15:1 --dimension 10 --restarts bipop --budget 100000 --target-precision 1e-8
          fisher minimize --strategy cma-es --noise uh --problem bbob-noisy:101:1 --dimension 10 --budget 20000
          fisher minimize --strategy cma-es --problem bbob-constrained:13:1 --dimension 5 --budget 20000 --json
          fisher minimize --strategy cma-es --surrogate lq --problem bbob:10:1 --dimension 10 --budget 10000 --target-precision 1e-8
          fisher minimize --problem bbob-mixint:2:1 --dimension 10 --budget 20000 --target-precision 1e-8
          fisher minimize --problem rosenbrock --dimension 10 --budget 20000 --log run.jsonl && fisher plot run.jsonl --output run.html
      """)

  @OptionGroup var strategy: StrategyOptions

  @OptionGroup var noise: NoiseOptions

  @OptionGroup var surrogate: SurrogateOptions

  @Option(help: ArgumentHelp(
    "For a problem with constraints: how they steer the strategy, al or ranking (default: al for cma-es and sep-cma-es, ranking otherwise).",
    discussion: "See `fisher ask-tell --help` (--constraint-method)."))
  var constraintMethod: ConstraintMethod?

  @Option(help: "The problem: a classic name, bbob:F:I, bbob-noisy:F:I, bbob-constrained:F:I or bbob-mixint:F:I.")
  var problem: String = "sphere"

  @Option(help: "Dimension of the search space.")
  var dimension: Int = 10

  @Option(help: "Initial mean, comma-separated (default: 3 in every coordinate for classic problems, the origin for bbob, COCO's initial solution for bbob-constrained).")
  var mean: String?

  @Option(help: "Initial step size σ (default: 1 for classic problems, 2 for bbob).")
  var sigma: Double?

  @Option(help: "Maximum number of evaluations.")
  var budget: Int?

  @Option(help: "Seed of every random draw; the same seed gives the same run.")
  var seed: UInt64 = 0

  @Option(help: "Stop when f ≤ v.")
  var targetValue: Double?

  @Option(help: "Stop when f − f* ≤ t (the problem's optimum is known).")
  var targetPrecision: Double?

  @Option(help: "Maximum number of generations.")
  var maxGenerations: Int?

  @Option(help: "Restart policy when the strategy stops before the budget: none (no restart), independent (the first run's population size and σ), ipop, bipop (BIPOP-CMA-ES as pycma runs it) or nbipop (NBIPOP-aCMA-ES).")
  var restarts: RestartPolicy = .none

  @Option(help: "Box bounds 'lo,hi' for every coordinate (pycma's boundary transformation).")
  var bounds: String?

  @Option(help: "Parallel evaluation tasks (default: all cores). Results do not depend on it.")
  var threads: Int?

  @Option(help: "Write the run state after every generation to this file (atomically).")
  var checkpoint: String?

  @Option(help: "Continue a run from a --checkpoint file; --budget, --max-generations and targets given with it replace the saved ones.")
  var resume: String?

  @Option(help: ArgumentHelp(
    "Write one JSON line per completed generation to this file (for `fisher plot`).",
    discussion: """
      Each line holds generation, evaluations, this generation's best, median and worst f, \
      best_so_far, sigma, condition (of C; the axis ratio is its square root), stds (each \
      coordinate's standard deviation) and mean. Lines are written as generations complete. \
      With --resume the file is continued: lines of generations after the checkpoint are \
      dropped first, so no generation appears twice.
      """))
  var log: String?

  @Flag(help: "Print one JSON object instead of a summary.")
  var json = false

  @Flag(help: "No progress line on stderr.")
  var quiet = false

  func validate() throws {
    guard dimension > 0 else { throw ValidationError("--dimension must be positive, got \(dimension)") }
    if let s = sigma { guard s.isFinite, s > 0 else { throw ValidationError("--sigma must be positive and finite, got \(s)") } }
    if let b = budget, b <= 0 { throw ValidationError("--budget must be positive, got \(b)") }
    if let g = maxGenerations, g <= 0 { throw ValidationError("--max-generations must be positive, got \(g)") }
    if let t = threads, t <= 0 { throw ValidationError("--threads must be positive, got \(t)") }
    if let t = targetPrecision { guard t.isFinite, t >= 0 else { throw ValidationError("--target-precision must be ≥ 0, got \(t)") } }
  }

  func run() async throws {
    let (problem, isBBOB) = try resolveProblem(problem, dimension: dimension)
    // bbob-mixint is searched over its variables: integers on their grids (CMA-ES with margin).
    let space = BBOBMixintFunction.isSpec(self.problem) ? try BBOBMixintFunction.searchSpace(dimension: dimension) : nil
    if space != nil, bounds != nil {
      throw ValidationError("--bounds does not apply to bbob-mixint, whose variables carry their own bounds")
    }
    if space != nil, surrogate.surrogate != .none {
      throw ValidationError("--surrogate does not combine with the integer variables of bbob-mixint")
    }
    let specification: StrategySpecification
    var optimizer: Optimizer<AnyStrategy>
    if let path = resume {
      let saved = try RunCheckpoint.read(from: path)
      guard saved.problem == problem.name, saved.run.strategy.dimension == problem.dimension else {
        throw ValidationError("checkpoint \(path) is for \(saved.problem ?? "another problem") in dimension \(saved.run.strategy.dimension)")
      }
      if surrogate.surrogate != .none, saved.run.surrogateChoice != surrogate.surrogate {
        let had = saved.run.surrogateChoice == .none ? "a run without a surrogate" : "a run with --surrogate \(saved.run.surrogateChoice)"
        throw ValidationError("--surrogate \(surrogate.surrogate) does not match the checkpoint, \(had)")
      }
      specification = saved.specification
      optimizer = saved.run
      if budget != nil || maxGenerations != nil || targetValue != nil || targetPrecision != nil {
        var t = optimizer.termination
        if let b = budget { t.maxEvaluations = b }
        if let g = maxGenerations { t.maxGenerations = g }
        if let v = targetValue { t.targetValue = v }
        if let p = targetPrecision { t.targetPrecision = p }
        try optimizer.updateTermination(t)
      }
    } else {
      let m = try mean.map { try parseNumberList($0, option: "--mean") }
        ?? problem.initialSolution ?? [Double](repeating: isBBOB ? 0 : 3, count: dimension)
      guard m.count == dimension else { throw ValidationError("--mean has \(m.count) values, --dimension is \(dimension)") }
      var spec = try strategy.specification(dimension: dimension, space: space)
      if let space { spec = space.prepare(spec) }
      let noiseHandling = try noise.apply(to: &spec)
      let constraintHandling = try ConstraintOptions.handling(
        count: problem.isConstrained ? problem.constraintCount : nil, method: constraintMethod, noise: noise.noise,
        specification: &spec, dimension: dimension)
      try surrogate.check(kind: spec.kind, noise: noise.noise, constrained: problem.isConstrained)
      specification = spec
      let s = try specification.make(
        mean: m, sigma: sigma ?? (space != nil ? SearchSpace.defaultSigma : isBBOB ? 2 : 1), seed: seed)
      let box = try bounds.map { try parseBounds($0, dimension: dimension) }
      let termination = Termination(
        maxEvaluations: budget, maxGenerations: maxGenerations, targetValue: targetValue,
        targetPrecision: targetPrecision)
      if restarts != .none && budget == nil {
        throw ValidationError("--restarts \(restarts.rawValue) needs a --budget")
      }
      optimizer = try Optimizer(
        strategy: s, termination: termination, bounds: box, optimalValue: problem.optimalValue,
        restarts: restarts, seed: seed, noise: noiseHandling,
        recommendation: constraintHandling == nil ? noise.recommendation : nil, constraints: constraintHandling,
        surrogate: surrogate.surrogate)
    }
    let runLog = try log.map { path in
      try resume == nil ? RunLog.start(path: path) : RunLog.resume(path: path, completedGenerations: optimizer.generations)
    }
    let factory = specification.restartFactory()
    let progress = ProgressDisplay(enabled: !quiet && isatty(2) == 1, delay: .milliseconds(500))
    let objective = problem.objective
    let constrained = try problem.constrainedObjective
    let taskCount = threads ?? MinimizeOptions.defaultThreads
    let clock = ContinuousClock()
    let start = clock.now
    while optimizer.stopReason == nil {
      let report: GenerationReport?
      if let constrained {
        report = try await optimizer.step(constrained, threads: taskCount, restartFactory: factory)
      } else {
        report = try await optimizer.step(objective, threads: taskCount, restartFactory: factory)
      }
      if let report {
        progress.update(report)
        try runLog?.record(report)
      }
      if let path = checkpoint {
        try RunCheckpoint(specification: specification, run: optimizer, problem: problem.name).write(to: path)
      }
    }
    let elapsed = clock.now - start
    progress.finish()
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    var result = optimizer.result
    if let space {
      // Report points in the function's own coordinates.
      result.bestX = BBOBMixintFunction.coordinates(of: try space.decode(result.bestX))
      result.recommendedX = BBOBMixintFunction.coordinates(of: try space.decode(result.recommendedX))
    }
    if json {
      print(JSONValue.object([
        ("strategy", .string(specification.kind.rawValue)),
        ("problem", .string(problem.name)),
        ("dimension", .integer(problem.dimension)),
        ("evaluations", .integer(result.evaluations)),
        ("generations", .integer(result.generations)),
        ("best_f", .optional(result.bestF.isFinite ? result.bestF : nil)),
        ("best_x", result.bestF.isFinite ? .numbers(result.bestX) : .null),
        ("target_hit_at", .optional(result.targetHitAt)),
        ("stop_reason", .string(result.stopReason?.description ?? "cancelled")),
        ("seconds", .number(seconds)),
        ("restarts", .integer(result.restarts)),
        ("failed_evaluations", .integer(result.failedEvaluations)),
        ("optimal_f", .optional(problem.optimalValue)),
        ("noise", .string(NoiseOptions.label(specification: specification, handling: optimizer.noiseHandling))),
        ("recommendation", .string(result.recommendation.rawValue)),
        ("recommended_x", .numbers(result.recommendedX)),
        ("recommended_true_f", .optional(problem.isNoisy ? problem.evaluate(result.recommendedX) : nil)),
        ("best_true_f", .optional(result.bestNoiseFreeF)),
        ("constraints", .integer(problem.constraintCount)),
        ("surrogate", .string(optimizer.surrogateChoice.rawValue)),
      ] + (problem.isConstrained
        ? ConstraintReport.fields(result) + [("constraint_method", .string(optimizer.constraintHandling?.method.rawValue ?? ""))]
        : [])).rendered)
    } else {
      var lines = [
        "strategy      \(specification.kind.rawValue)",
        "problem       \(problem.name) (dimension \(problem.dimension))",
        "stopped       \(result.stopReason?.description ?? "cancelled")",
        "best f        \(result.bestF)",
        "best x        \(result.bestX.map { String($0) }.joined(separator: ", "))",
        "evaluations   \(result.evaluations) in \(result.generations) generations, \(result.restarts) restarts",
        "time          \(String(format: "%.3f", seconds)) s",
      ]
      if let fopt = problem.optimalValue { lines.insert("f − f*        \(result.bestF - fopt)", at: 4) }
      if optimizer.surrogate != nil {
        lines.insert("surrogate     \(optimizer.surrogateChoice) (evaluations count true evaluations only)", at: 1)
      }
      if result.recommendation == .distributionMean {
        lines.append("recommended   \(result.recommendedX.map { String($0) }.joined(separator: ", ")) (the final mean)")
      }
      if problem.isNoisy {
        let t = problem.evaluate(result.recommendedX)
        lines.append("true f        \(t) at the recommended point (noise-free)" + (problem.optimalValue.map { ", f − f* = \(t - $0)" } ?? ""))
        if let b = result.bestNoiseFreeF { lines.append("best true f   \(b) among evaluated points") }
      }
      if problem.isConstrained { lines += ConstraintReport.lines(result) }
      if let hit = result.targetHitAt { lines.append("target hit at evaluation \(hit)") }
      if result.failedEvaluations > 0 {
        lines.append("failed        \(result.failedEvaluations) evaluations (last: \(result.lastFailure ?? "?"))")
      }
      print(lines.joined(separator: "\n"))
    }
  }
}

/// A problem by name: a classic function, `bbob:F:I`, `bbob-noisy:F:I`, `bbob-constrained:F:I` or
/// `bbob-mixint:F:I` (over the search coordinates of its ``BBOBMixintFunction/searchSpace``).
func resolveProblem(_ name: String, dimension: Int) throws -> (Problem, isBBOB: Bool) {
  if BBOBMixintFunction.isSpec(name) {
    return (try BBOBMixintFunction(spec: name, dimension: dimension).searchProblem, true)
  }
  if BBOBConstrainedFunction.isSpec(name) {
    return (try BBOBConstrainedFunction(spec: name, dimension: dimension).problem, true)
  }
  if BBOBNoisyFunction.isSpec(name) {
    return (try BBOBNoisyFunction(spec: name, dimension: dimension).problem, true)
  }
  if BBOBFunction.isSpec(name) {
    return (try BBOBFunction(spec: name, dimension: dimension).problem, true)
  }
  return (try ClassicProblem(name: name).problem(dimension: dimension), false)
}
