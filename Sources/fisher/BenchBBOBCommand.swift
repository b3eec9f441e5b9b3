import ArgumentParser
import Fisher
import FisherBenchmarks
import Foundation

/// `fisher bench bbob`: a COCO-style experiment on the bbob, bbob-noisy, bbob-constrained or bbob-mixint suite.
struct BenchBBOBCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bbob",
    abstract: "Run strategies on COCO's bbob, bbob-noisy, bbob-constrained or bbob-mixint suite and write runs.csv, COCO data and an HTML report.",
    discussion: """
      Every (strategy, function, dimension, instance) is one run with a budget of \
      B·n evaluations, stopped when f − f_opt ≤ 1e-8; a run starts at a uniform point \
      of [−4, 4]ⁿ with σ = --sigma (default 2) and restarts from a new one when the strategy stops early \
      (--restarts independent, the default, keeps the population size and σ; ipop doubles the population at each restart, bipop alternates that \
      with short runs of small populations, as IPOP- and BIPOP-CMA-ES do, nbipop is NBIPOP-aCMA-ES: σ shrinks \
      as the population doubles and the regime that found the best point gets twice the budget; none never restarts). \
      Runs execute in parallel; each is deterministic for --seed whatever the thread \
      count. An interrupted experiment resumes when rerun with the same arguments.

      bbob-noisy (--suite bbob-noisy, or functions all in 101-130): the strategies see \
      COCO's noisy values, evaluation k of a run getting what cocoex gives the k-th evaluation \
      of a fresh problem; as COCO measures the noisy suite, the target 1e-8, the hitting times \
      and the report are taken on the noise-free values of the evaluated points, and the COCO \
      data holds noise-free values, as cocoex writes them. --noise uh or resample:K applies Fisher's noise handling in every run; \
      re-evaluations count toward the budget, and a run stops within a generation when the \
      budget is spent or the target reached.

      --surrogate lq runs lq-CMA-ES (cma-es, sep-cma-es) in every start, each with a fresh model, \
      as pycma's fmin_lq_surr2 restarts; budgets, runtimes and the COCO data count true evaluations.

      bbob-constrained (--suite bbob-constrained, f1-f54, dimensions 2, 3, 5, 10, 20, 40): \
      a run starts at the problem's feasible initial solution, as COCO's example experiment \
      does, and restarts within ±1 of it; --constraint-method al (default for cma-es and \
      sep-cma-es) or ranking (default otherwise) steers the strategy. As COCO counts, every \
      point costs two evaluations, its m constraints (one call) and f: the budget, \
      runs.csv's evaluations and the report's runtimes count f + g evaluations. A run \
      succeeds on a target when a feasible point reaches it (best_precision is the best \
      feasible f − f_opt, 1.8e308 while none was feasible); the COCO data is what cocoex's \
      logger writes, whose indicator (f − f_opt)⁺ + Σ g_i⁺ cocopp uses, with runtimes of \
      f + g evaluations.

      Output in DIR: runs.csv (one row per run), coco/<strategy>/ (COCO's bbob data \
      format, for `python -m cocopp --no-interactive DIR/coco/<strategy>`; a bbob-noisy \
      or bbob-constrained folder names its suite in the .info files, so cocopp draws that \
      suite's figures), report.html (ECDFs, ERT \
      tables, convergence curves; with noise, the quality of the recommended points), \
      runs/ (one record per finished run).

        fisher bench bbob --strategies cma-es,xnes --functions 1-24 --dimensions 2,5,10 \\
          --instances 1-5 --budget-multiplier 1000 --seed 1 --output results
        fisher bench bbob --strategies cma-es --restarts bipop --budget-multiplier 100000 \\
          --dimensions 2,3,5,10,20 --output bipop
        fisher bench bbob --suite bbob-noisy --strategies cma-es --noise uh \\
          --dimensions 2,5,10 --budget-multiplier 10000 --output noisy
        fisher bench bbob --suite bbob-constrained --strategies cma-es --dimensions 2,5,10 \\
          --budget-multiplier 10000 --output constrained
        fisher bench bbob --strategies cma-es --surrogate lq --restarts ipop --functions 1,2,5-14 \\
          --dimensions 5,10,20 --budget-multiplier 1000 --output lq
      """)

  @Option(help: ArgumentHelp(
    "The suite: bbob (f1…f24), bbob-noisy (f101…f130), bbob-constrained (f1…f54) or bbob-mixint (f1…f24).",
    discussion: """
      Without it, bbob-noisy when every function is in 101…130, otherwise bbob; bbob-constrained and \
      bbob-mixint must be named. bbob-mixint (dimensions 5, 10, 20, 40, 80, 160) is searched over its \
      variables: integers as integer variables (cma-es and sep-cma-es run CMA-ES with margin), the \
      continuous block in [-5, 5], each range normalized to [0, 1]; starts are uniform in [0.1, 0.9]ⁿ \
      of those coordinates with σ/10. The COCO data records the points in the function's coordinates.
      """))
  var suite: BBOBSuite?

  @Option(help: "Strategies, comma-separated (e.g. cma-es,xnes).")
  var strategies: String

  @Option(help: "Functions, e.g. 1-24 or 1,8,15 (bbob), 101-130 (bbob-noisy), 1-54 (bbob-constrained); default: all of the suite.")
  var functions: String?

  @Option(help: "Dimensions, e.g. 2,3,5,10,20.")
  var dimensions: String = "2,3,5,10,20"

  @Option(help: "Instances, e.g. 1-15.")
  var instances: String = "1-15"

  @Option(help: "Budget per run in evaluations per dimension (B in B·n).")
  var budgetMultiplier: Double = 1000

  @Option(help: "Seed of the experiment.")
  var seed: UInt64 = 1

  @Option(help: "Restarts when a strategy stops early: independent (same population size and σ), ipop, bipop, nbipop, or none (no restart).")
  var restarts: String = "independent"

  @Option(help: "Initial step size σ of every start (starts are uniform in [−4, 4]ⁿ; on bbob-constrained, at the initial solution).")
  var sigma: Double = 2

  @Option(
    help: ArgumentHelp(
      "On bbob-constrained: how constraint values steer the strategies, al or ranking (default: al for cma-es and sep-cma-es, ranking otherwise).",
      discussion: "See `fisher ask-tell --help` (--constraint-method)."))
  var constraintMethod: ConstraintMethod?

  @OptionGroup var noise: NoiseOptions

  @OptionGroup var surrogate: SurrogateOptions

  @Option(help: "Output directory.")
  var output: String

  @Option(help: "Parallel runs (default: all cores).")
  var threads: Int?

  @Flag(help: "No progress bar on stderr.")
  var quiet = false

  /// The design and the strategies' specifications, adjusted for the noise handling.
  func makeExperiment() throws -> (BBOBExperiment, [StrategySpecification]) {
    let names = strategies.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    var specifications: [StrategySpecification] = []
    var handling = NoiseHandling.none
    var methods: [String: ConstraintMethod] = [:]
    for name in names {
      var spec = StrategySpecification(kind: try .init(name: name))
      handling = try noise.apply(to: &spec)
      try surrogate.check(kind: spec.kind, noise: noise.noise, constrained: suite == .bbobConstrained)
      if suite == .bbobMixint, surrogate.surrogate != .none {
        throw ValidationError("--surrogate does not combine with the integer variables of bbob-mixint")
      }
      if suite == .bbobConstrained {
        // The constraint count and dimension do not matter here: this picks the
        // method and adjusts the specification for it (no stagnation stop under AL).
        methods[name] = try ConstraintOptions.handling(
          count: 1, method: constraintMethod, specification: &spec, dimension: 2)?.method
      }
      specifications.append(spec)
    }
    if let method = constraintMethod, suite != .bbobConstrained {
      throw ValidationError("--constraint-method \(method.rawValue) is for --suite bbob-constrained")
    }
    let functionList: [Int]
    if let functions {
      functionList = try parseIntegerRanges(functions, option: "--functions")
    } else {
      functionList = Array((suite ?? .bbob).functions)
    }
    let experiment = try BBOBExperiment(
      strategies: names, functions: functionList,
      dimensions: try parseIntegerRanges(dimensions, option: "--dimensions"),
      instances: try parseIntegerRanges(instances, option: "--instances"),
      budgetMultiplier: budgetMultiplier, seed: seed, restarts: try restartPolicy(), initialSigma: sigma,
      suite: suite, noise: handling, recommendation: noise.recommendation,
      strategyNoiseHandling: noise.noise == .learningRateAdaptation ? "lra" : nil, constraintMethods: methods,
      surrogate: surrogate.surrogate)
    return (experiment, specifications)
  }

  func restartPolicy() throws -> RestartPolicy {
    guard let policy = RestartPolicy(rawValue: restarts) else {
      throw FisherError.invalidParameter(name: "restarts", reason: "'\(restarts)' is not independent, ipop, bipop, nbipop or none")
    }
    return policy
  }

  func validate() throws {
    do {
      _ = try makeExperiment()
    } catch let e as FisherError {
      throw ValidationError(e.description)
    }
    if let t = threads, t < 1 { throw ValidationError("--threads must be at least 1") }
  }

  func run() async throws {
    let (experiment, specifications) = try makeExperiment()
    let mixint = experiment.suite == .bbobMixint
    let entries = zip(experiment.strategies, specifications).map { name, spec in
      BBOBStrategyEntry(name: name) { mean, sigma, seed, populationSize in
        // bbob-mixint: CMA-ES with margin on the integer variables of the dimension's space.
        let s = mixint ? try BBOBMixintFunction.searchSpace(dimension: mean.count).prepare(spec) : spec
        return try s.make(mean: mean, sigma: sigma, seed: seed, populationSize: populationSize)
      }
    }
    let store = BBOBExperimentStore(directory: URL(fileURLWithPath: output))
    let bar = ProgressDisplay(enabled: !quiet)
    let records = try await runBBOBExperiment(
      experiment, strategies: entries, store: store, threads: threads ?? activeProcessorCount()
    ) { done, total, elapsed, remaining in
      bar.update(done: done, total: total, elapsed: elapsed, remaining: remaining)
    }
    bar.finish()
    try store.write(BBOBRunsTable.csv(records), to: "runs.csv")
    for strategy in experiment.strategies {
      let files = try COCODataWriter.files(
        strategy: strategy, records: records.filter { $0.strategy == strategy }, suite: experiment.suite)
      for (path, contents) in files { try store.write(contents, to: "coco/\(strategy)/\(path)") }
    }
    try store.write(BBOBReport.html(experiment: experiment, records: records), to: "report.html")
    let failed = records.filter { $0.error != nil }
    var summary = "\(records.count) runs in \(output): runs.csv, coco/, report.html"
    if !failed.isEmpty { summary += "; \(failed.count) runs could not start a strategy (see runs/)" }
    FileHandle.standardError.write(Data((summary + "\n").utf8))
  }
}
