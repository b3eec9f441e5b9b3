import ArgumentParser
import Fisher
import FisherStudy

/// `fisher study create`: a new study (or the same study again, idempotently).
struct StudyCreateCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "create",
    abstract: "Create a study; creating it again with the same options opens it, other options are an error.",
    discussion: """
      With --noise resample:K every candidate is evaluated K times, each evaluation a row of its own \
      that workers claim like any other; with --noise uh a few candidates of each generation are \
      evaluated again once the generation's first evaluations are in, and σ grows when the noise \
      reorders them. `fisher study export` lists every evaluation with the candidate it belongs to \
      and the row it repeats; `fisher study best` reports the best aggregated candidate \
      (resampling) or the final distribution mean (uh).

          fisher study create --name noisy --strategy cma-es --dimension 4 --sigma 1 --seed 1 --budget 2000 --noise uh

      With --constraints M every evaluation reports M constraint values g_i(x) ≤ 0 besides f: the \
      objective program prints `f g1 … gM` on its last line, or {"f": f, "g": [g1, …, gM]}. \
      --constraint-method al (the default for cma-es and sep-cma-es) or ranking says how they \
      steer the strategy; `status` and `best` report the best feasible point (feasible, \
      best_feasible_f, best_feasible_x, best_max_violation). Constraints do not combine with --noise.

          fisher study create --name wing --strategy cma-es --dimension 4 --sigma 1 --seed 1 --budget 2000 --constraints 2

      With --surrogate lq (lq-CMA-ES, cma-es and sep-cma-es) a generation's candidates are evaluated \
      in rounds: the first few in the model's order, more while the model's ranking disagrees with \
      the results; the rest are ranked by the model and never handed to a worker. The model's archive \
      is part of the stored state, and the budget counts true evaluations.

          fisher study create --name sim --strategy cma-es --dimension 8 --sigma 0.5 --seed 1 --budget 500 --surrogate lq

      With --space FILE the study searches the file's named real, integer and categorical variables \
      (see `fisher ask-tell --help`): workers get each candidate as a JSON object keyed by variable \
      name, and `best` and `export` print the variables' values. cma-es and sep-cma-es run CMA-ES \
      with margin on the integers; catcma is the default when there are categorical variables.

          fisher study create --name tune --space space.json --seed 1 --budget 300
      """)

  @OptionGroup var location: StudyLocationOptions
  @OptionGroup var strategy: StrategyOptions
  @OptionGroup var noise: NoiseOptions
  @OptionGroup var constraintOptions: ConstraintOptions
  @OptionGroup var surrogate: SurrogateOptions
  @OptionGroup var searchSpace: SearchSpaceOptions

  @Option(help: "Dimension of the search space (with --space, taken from the file).")
  var dimension: Int?

  @Option(help: "Initial mean, comma-separated (default: the origin).")
  var mean: String?

  @Option(help: "Initial step size σ (default 1; 0.3 with --space, in units of each bounded variable's range).")
  var sigma: Double?

  @Option(help: "Seed of every random draw (the strategy's and uncertainty handling's).")
  var seed: UInt64 = 0

  @Option(help: "Stop after the generation in which this many evaluations are done.")
  var budget: Int

  @Option(help: "Box bounds 'lo,hi' for every coordinate; workers always get points inside.")
  var bounds: String?

  @Option(help: "Seconds a claim lasts without a heartbeat (workers renew it every third of that).")
  var lease: Double = 60

  @Option(help: "Expired leases after which a candidate is marked failed (ranked worst).")
  var maxAttempts: Int = 3

  func validate() throws {
    if searchSpace.space == nil {
      guard let d = dimension else { throw ValidationError("--dimension is required (unless --space is given)") }
      guard d > 0 else { throw ValidationError("--dimension must be positive, got \(d)") }
    }
    try searchSpace.rejectConflicts(mean: mean, bounds: bounds, surrogate: surrogate.surrogate)
    if let sigma, !(sigma.isFinite && sigma > 0) { throw ValidationError("--sigma must be positive and finite, got \(sigma)") }
    guard budget > 0 else { throw ValidationError("--budget must be positive, got \(budget)") }
    _ = try CheckedConversion.duration(lease, "--lease")
    guard maxAttempts > 0 else { throw ValidationError("--max-attempts must be positive, got \(maxAttempts)") }
  }

  func run() async throws {
    let space = try searchSpace.load()
    let dimension = try space.map { try SearchSpaceOptions.dimension(of: $0, given: self.dimension) } ?? self.dimension ?? 0
    let sigma = self.sigma ?? (space == nil ? 1 : SearchSpace.defaultSigma)
    try MemoryRequirement.doubles(1, dimension).check("a point of dimension \(dimension)")
    let start = try mean.map { try parseNumberList($0, option: "--mean") } ?? space?.initialMean
      ?? [Double](repeating: 0, count: dimension)
    guard start.count == dimension else {
      throw ValidationError("--mean has \(start.count) numbers for --dimension \(dimension)")
    }
    let box = try bounds.map { try parseBounds($0, dimension: dimension) }
    var specification = try strategy.specification(dimension: dimension, space: space)
    if let space { specification = try searchSpace.apply(space, to: specification) }
    let noiseHandling = try noise.apply(to: &specification)
    let constraintHandling = try constraintOptions.apply(to: &specification, dimension: dimension, noise: noise.noise)
    try surrogate.check(kind: specification.kind, noise: noise.noise, constrained: constraintHandling != nil)
    let constraints = constraintHandling.map { StudyConstraints(count: $0.constraintCount, method: $0.method) }
    let initial = try specification.make(mean: start, sigma: sigma, seed: seed)
    var options = [
      "dimension": String(dimension), "mean": start.map { "\($0)" }.joined(separator: ","), "sigma": "\(sigma)",
      "seed": String(seed),
    ]
    if let l = specification.populationSize { options["population-size"] = String(l) }
    let settings = StudySettings(
      budget: budget, bounds: box, leaseDuration: lease, maxAttempts: maxAttempts, options: options,
      noise: noiseHandling, recommendation: constraints == nil ? noise.recommendation : nil, constraints: constraints,
      surrogate: surrogate.surrogate, space: space)
    let url = try location.url()
    let study = try await Study.create(
      name: location.name, strategy: initial, strategyName: initial.strategyName, settings: settings, seed: seed,
      storage: url)
    let status = try await study.status()
    await study.close()
    let noiseNote = noiseHandling == .none ? "" : ", noise handling \(noiseHandling.description)"
    let surrogateNote = surrogate.surrogate == .none ? "" : ", surrogate \(surrogate.surrogate)"
    let constraintNote = constraints.map { ", \($0.count) constraint\($0.count == 1 ? "" : "s") (\($0.method.rawValue))" } ?? ""
    studyPrint(
      "study \(location.name): \(initial.strategyName), dimension \(dimension), λ = \(initial.populationSize), budget \(budget)\(noiseNote)\(constraintNote)\(surrogateNote), generation \(status.generation), \(status.done + status.failed) evaluations done, in \(url)")
  }
}
