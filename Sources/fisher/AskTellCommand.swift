import ArgumentParser
import Fisher
import Foundation

/// `fisher ask-tell`: a strategy driven over stdin/stdout, one JSON object per line.
struct AskTellCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ask-tell",
    abstract: "Drive a strategy from another program: candidates out, fitness values in, one JSON object per line.",
    discussion: """
      Fisher writes each generation's candidates as
          {"ask": [[x1, x2, ...], ...], "generation": g}
      and reads their values, in the same order, as
          {"tell": [f1, f2, ...]}
      where null marks a failed evaluation (ranked worst). {"stop": true} ends the run. \
      At the end Fisher writes
          {"done": {"reason": ..., "best_f": ..., "best_x": [...], "recommended_x": [...], "evaluations": n, "generations": g}}
      and exits 0. Numbers are printed with round-trip precision.

      With --noise other than none a point may be asked more than once. Each ask then \
      also carries "round" (0 for the candidates, 1 for uncertainty handling's \
      re-evaluations), "first_evaluation" (the 1-based number of its first point; \
      point i is evaluation first_evaluation + i) and "repeat_of", one entry per point: \
      null for a new point, else the number of the earlier evaluation of the same \
      point. Evaluate a repeat again (a fresh noisy value), do not copy the earlier one.

      With --surrogate lq (lq-CMA-ES) a generation is asked in rounds of a few points: \
      the model picks which candidates to evaluate, and asks for more (round 1, 2, …) \
      while its ranking disagrees with the told values; the other candidates are never \
      asked. Asks carry "round", "first_evaluation" and "repeat_of" (all null) as above, \
      and the budget counts told values only.

      With --constraints M each tell also carries the constraint values g_1 … g_M of \
      every candidate, one row per candidate in ask order (feasible when all are ≤ 0):
          {"tell": [f1, f2, ...], "constraints": [[g11, ..., g1M], [g21, ..., g2M], ...]}
      A null row, or null in a row, marks that candidate's evaluation as failed. The \
      "done" object then also has "feasible" (whether a feasible point was seen), \
      "best_feasible_f", "best_feasible_x" and "best_max_violation" (max_i max(0, g_i) at \
      best_x, the best point by Deb's rules). Constraints do not combine with --noise.

      A line that is not valid JSON, has the wrong number of values or constraint \
      values, or holds something other than numbers and null gets a message on stderr and the same \
      ask again; the state does not change. End of input exits 0. With --checkpoint \
      the state after every accepted tell is written atomically; --resume FILE \
      continues exactly where that state left off, starting with the unanswered ask. \
      With --log FILE one JSON line per completed generation is appended to FILE \
      (see `fisher plot`); with --resume the log is continued without repeating a generation.

      With --space FILE the search is over the file's named variables (see --space), and \
      each candidate is a JSON object keyed by variable name:
          {"ask": [{"lr": 0.0031, "layers": 4, "activation": "gelu"}, ...], "generation": g}
      Tells are unchanged; "best_x" and "recommended_x" in "done" are objects too.

      Example, with a Python objective:
          fisher ask-tell --strategy cma-es --dimension 3 --mean 1,1,1 --sigma 0.5 --seed 1 --budget 600
          fisher ask-tell --strategy cma-es --surrogate lq --dimension 3 --mean 1,1,1 --sigma 0.5 --budget 200
          fisher ask-tell --space space.json --seed 1 --budget 300
      """)

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

  @Option(help: "Seed of every random draw.")
  var seed: UInt64 = 0

  @Option(help: "Stop after this many evaluations.")
  var budget: Int?

  @Option(help: "Stop when a value ≤ v is told.")
  var targetValue: Double?

  @Option(help: "Stop after this many generations.")
  var maxGenerations: Int?

  @Option(help: "Box bounds 'lo,hi' for every coordinate; asked points always lie inside.")
  var bounds: String?

  @Option(help: "Restart policy when the strategy stops before the budget: none (no restart), independent (the first run's population size and σ), ipop, bipop (BIPOP-CMA-ES as pycma runs it) or nbipop (NBIPOP-aCMA-ES).")
  var restarts: RestartPolicy = .none

  @Option(help: "Write the state after every accepted tell to this file (atomically).")
  var checkpoint: String?

  @Option(help: "Continue from a checkpoint file written by --checkpoint.")
  var resume: String?

  @Option(help: ArgumentHelp(
    "Write one JSON line per completed generation to this file (for `fisher plot`).",
    discussion: """
      The lines are those of `fisher minimize --log`. With --resume the file is continued: \
      lines of generations after the checkpoint are dropped first, so no generation appears twice.
      """))
  var log: String?

  func validate() throws {
    if resume == nil && searchSpace.space == nil {
      guard let d = dimension else { throw ValidationError("--dimension is required (unless --space or --resume is given)") }
      guard d > 0 else { throw ValidationError("--dimension must be positive, got \(d)") }
    }
    try searchSpace.rejectConflicts(mean: mean, bounds: bounds, surrogate: surrogate.surrogate)
    if let sigma, !(sigma.isFinite && sigma > 0) { throw ValidationError("--sigma must be positive and finite, got \(sigma)") }
    if let b = budget, b <= 0 { throw ValidationError("--budget must be positive, got \(b)") }
    if let g = maxGenerations, g <= 0 { throw ValidationError("--max-generations must be positive, got \(g)") }
  }

  func run() throws {
    var (specification, optimizer, space) = try makeRun()
    let runLog = try log.map { path in
      try resume == nil ? RunLog.start(path: path) : RunLog.resume(path: path, completedGenerations: optimizer.generations)
    }
    let factory = specification.restartFactory()
    let out = LineWriter()
    if let path = checkpoint {
      try RunCheckpoint(specification: specification, run: optimizer, space: space).write(to: path)
    }
    session: while optimizer.stopReason == nil {
      let request = optimizer.request()
      let asked = try space.map { s in try request.points.map { try s.decode($0).json } } ?? request.points.map(JSONValue.numbers)
      var fields: [(String, JSONValue)] = [
        ("ask", .array(asked)),
        ("generation", .integer(request.generation)),
      ]
      if optimizer.noiseHandling != .none || optimizer.surrogate != nil {
        fields.append(("round", .integer(request.round)))
        fields.append(("first_evaluation", .integer(request.firstEvaluation)))
        fields.append(("repeat_of", .array(request.repeatOf.map { JSONValue.optional($0) })))
      }
      let askLine = JSONValue.object(fields).rendered
      out.write(askLine)
      while true {
        guard let line = readLine() else { return }
        let message: AskTellMessage
        do {
          message = try AskTellMessage(
            parsing: line, expectedCount: request.count,
            constraintCount: optimizer.constraintHandling?.constraintCount)
        } catch {
          FileHandle.standardError.write(Data("fisher: \(error); asking again\n".utf8))
          out.write(askLine)
          continue
        }
        switch message {
        case .stop:
          optimizer.cancel()
          break session
        case .tell(let values, let rows):
          var outcomes = values.map { v -> EvaluationOutcome in
            guard let v else { return .failed("reported as null") }
            return v.isFinite ? .value(v) : .failed("reported as \(v)")
          }
          var constraints: [[Double]]?
          if let rows {
            constraints = rows.enumerated().map { j, row in
              guard case .value = outcomes[j] else { return [] }
              guard let row else {
                outcomes[j] = .failed("constraint values reported as null")
                return []
              }
              if let k = row.firstIndex(where: { $0 == nil }) {
                outcomes[j] = .failed("constraint \(k + 1) reported as null")
                return []
              }
              return row.compactMap { $0 }
            }
          }
          do {
            if let report = try optimizer.tell(request, outcomes: outcomes, constraints: constraints, restartFactory: factory) {
              try runLog?.record(report)
            }
          } catch let failure as RuntimeFailure {
            throw failure
          } catch {
            FileHandle.standardError.write(Data("fisher: \(error); asking again\n".utf8))
            out.write(askLine)
            continue
          }
          if let path = checkpoint {
            try RunCheckpoint(specification: specification, run: optimizer, space: space).write(to: path)
          }
          continue session
        }
      }
    }
    let result = optimizer.result
    var done: [(String, JSONValue)] = [
      ("reason", .string(result.stopReason?.description ?? "cancelled")),
      ("best_f", result.bestF.isFinite ? .number(result.bestF) : .null),
      ("best_x", result.bestF.isFinite ? try point(result.bestX, in: space) : .null),
      ("recommended_x", try point(result.recommendedX, in: space)),
      ("evaluations", .integer(result.evaluations)),
      ("generations", .integer(result.generations)),
      ("restarts", .integer(result.restarts)),
      ("failed_evaluations", .integer(result.failedEvaluations)),
    ]
    if optimizer.constraintHandling != nil { done += ConstraintReport.fields(result) }
    out.write(JSONValue.object([("done", .object(done))]).rendered)
    if let path = checkpoint {
      try RunCheckpoint(specification: specification, run: optimizer, space: space).write(to: path)
    }
    _ = specification
  }

  /// A point of the run as printed: an object keyed by variable name with
  /// --space, else an array of numbers.
  func point(_ x: [Double], in space: SearchSpace?) throws -> JSONValue {
    try space.map { try $0.decode(x).json } ?? .numbers(x)
  }

  /// A new run from the arguments, or the one in the --resume file, and its search space.
  func makeRun() throws -> (StrategySpecification, Optimizer<AnyStrategy>, SearchSpace?) {
    let space = try searchSpace.load()
    if let path = resume {
      let saved = try RunCheckpoint.read(from: path)
      if let space, space != saved.space {
        throw ValidationError("--space \(searchSpace.space ?? "") is not the search space the checkpoint was started with")
      }
      if let d = dimension, d != saved.run.strategy.dimension {
        throw ValidationError("--dimension \(d) does not match the checkpoint's \(saved.run.strategy.dimension)")
      }
      if let m = constraintOptions.constraints, m != saved.run.constraintHandling?.constraintCount ?? 0 {
        throw ValidationError(
          "--constraints \(m) does not match the checkpoint's \(saved.run.constraintHandling?.constraintCount ?? 0)")
      }
      if surrogate.surrogate != .none, saved.run.surrogateChoice != surrogate.surrogate {
        let had = saved.run.surrogateChoice == .none ? "a run without a surrogate" : "a run with --surrogate \(saved.run.surrogateChoice)"
        throw ValidationError("--surrogate \(surrogate.surrogate) does not match the checkpoint, \(had)")
      }
      return (saved.specification, saved.run, saved.space)
    }
    let d = try space.map { try SearchSpaceOptions.dimension(of: $0, given: dimension) } ?? dimension ?? 0
    try MemoryRequirement.doubles(1, d).check("a point of dimension \(d)")
    let m = try mean.map { try parseNumberList($0, option: "--mean") } ?? space?.initialMean ?? [Double](repeating: 0, count: d)
    guard m.count == d else { throw ValidationError("--mean has \(m.count) values, --dimension is \(d)") }
    var specification = try strategy.specification(dimension: d, space: space)
    let noiseHandling = try noise.apply(to: &specification)
    let constraintHandling = try constraintOptions.apply(to: &specification, dimension: d, noise: noise.noise)
    try surrogate.check(kind: specification.kind, noise: noise.noise, constrained: constraintHandling != nil)
    if let space { specification = try searchSpace.apply(space, to: specification) }
    let s = try specification.make(mean: m, sigma: sigma ?? (space == nil ? 1 : SearchSpace.defaultSigma), seed: seed)
    let box = try bounds.map { try parseBounds($0, dimension: d) }
    let termination = Termination(maxEvaluations: budget, maxGenerations: maxGenerations, targetValue: targetValue)
    let run = try Optimizer(
      strategy: s, termination: termination, bounds: box, restarts: restarts, seed: seed, noise: noiseHandling,
      recommendation: constraintHandling == nil ? noise.recommendation : nil, constraints: constraintHandling,
      surrogate: surrogate.surrogate)
    return (specification, run, space)
  }
}

/// One line of input to `fisher ask-tell`.
enum AskTellMessage {
  /// Values, and in a run with constraints one row of constraint values per candidate.
  case tell([Double?], constraints: [[Double?]?]?)
  case stop

  private struct Wire: Decodable {
    var tell: [Double?]?
    var constraints: [[Double?]?]?
    var stop: Bool?
  }

  /// - Parameter constraintCount: m in a run with constraints, nil otherwise.
  init(parsing line: String, expectedCount: Int, constraintCount: Int? = nil) throws {
    let wire: Wire
    do {
      wire = try JSONDecoder().decode(Wire.self, from: Data(line.utf8))
    } catch {
      throw FisherError.malformedInput(
        "expected {\"tell\": [numbers or null]} or {\"stop\": true} (\(describeDecodingFailure(error))), got '\(line.prefix(200))'")
    }
    if wire.stop == true {
      self = .stop
      return
    }
    guard let values = wire.tell else {
      throw FisherError.malformedInput("expected a \"tell\" array or \"stop\": true, got '\(line.prefix(200))'")
    }
    guard values.count == expectedCount else {
      throw FisherError.populationMismatch("told \(values.count) values for \(expectedCount) candidates")
    }
    guard let m = constraintCount else {
      if wire.constraints != nil {
        throw FisherError.malformedInput("\"constraints\" told to a run without constraints (start it with --constraints M)")
      }
      self = .tell(values, constraints: nil)
      return
    }
    guard let rows = wire.constraints else {
      throw FisherError.malformedInput(
        "this run has \(m) constraints: tell {\"tell\": [f...], \"constraints\": [[g1...g\(m)], ...]}, one row per candidate")
    }
    guard rows.count == expectedCount else {
      throw FisherError.populationMismatch("told \(rows.count) rows of constraint values for \(expectedCount) candidates")
    }
    for (j, row) in rows.enumerated() {
      if let row, row.count != m {
        throw FisherError.populationMismatch("candidate \(j) has \(row.count) constraint values, expected \(m)")
      }
    }
    self = .tell(values, constraints: rows)
  }
}

/// Writes whole lines to stdout and flushes each, so a reading program sees it at once.
struct LineWriter {
  func write(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
  }
}
