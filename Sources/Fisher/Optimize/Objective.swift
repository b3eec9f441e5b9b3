/// A function to minimize: a candidate in, its value out.
///
/// It may be called from several threads at once. A thrown error, NaN or an
/// infinite value marks a failed evaluation: the driver ranks it worst, counts
/// it, and goes on.
public typealias Objective = @Sendable ([Double]) throws -> Double

/// The outcome of one evaluation.
public enum EvaluationOutcome: Sendable, Hashable {
  case value(Double)
  case failed(String)

  /// The value a strategy is told: the value, or +∞ for a failure.
  @inlinable
  public var fitness: Double {
    if case .value(let v) = self { return v }
    return .infinity
  }
}

/// Evaluates the candidates of a population, on the calling thread or in
/// parallel, whichever the measured cost of the objective makes faster.
///
/// In parallel, the candidates are cut into up to `threads` contiguous chunks,
/// one child task each. Every result lands in its candidate's slot, so the
/// outcome is the same whatever the thread count and wherever the evaluations
/// ran; only the time taken differs.
///
/// The choice comes from measurement (``EvaluationCost``): a population of m
/// candidates is spread over p = min(chunks, processors) tasks only when the
/// estimated saving, m t (1 − 1/p) for t seconds per evaluation, exceeds the
/// estimated fixed cost of spawning and joining the tasks. With no estimate
/// of t yet, the first candidate is evaluated on the calling thread and timed.
/// A microsecond objective thus never pays for a task group, and an expensive
/// one runs in parallel from its first population.
public struct PopulationEvaluator: Sendable {
  public let threads: Int
  /// The measurements behind the choice between the calling thread and the
  /// child tasks; ``evaluateAndMeasure(_:_:)`` keeps it current.
  public var cost: EvaluationCost
  /// Where evaluations run; `.measured` except in tests that pin one path.
  var placement: EvaluationPlacement = .measured

  /// - Throws: ``FisherError/invalidParameter(name:reason:)`` for `threads < 1`.
  public init(threads: Int, cost: EvaluationCost = .init()) throws {
    guard threads >= 1 else {
      throw FisherError.invalidParameter(name: "threads", reason: "must be at least 1, got \(threads)")
    }
    self.threads = threads
    self.cost = cost
  }

  /// One outcome per point, in order. The measurements of this call are not
  /// kept; a caller evaluating population after population should use
  /// ``evaluateAndMeasure(_:_:)`` so that later calls need no first-candidate probe.
  public func evaluate(_ points: [[Double]], _ objective: @escaping Objective) async -> [EvaluationOutcome] {
    var evaluator = self
    return await evaluator.evaluateAndMeasure(points, objective)
  }

  /// One outcome per point, in order; the time the evaluations took updates ``cost``.
  public mutating func evaluateAndMeasure(
    _ points: [[Double]], _ objective: @escaping Objective
  ) async -> [EvaluationOutcome] {
    await evaluateAndMeasure(points, firstIndex: 0) { x, _ in try objective(x) }
  }

  /// One outcome per point, in order; point i is evaluation `firstIndex + i`
  /// of `objective`. The time the evaluations took updates ``cost``.
  public mutating func evaluateAndMeasure(
    _ points: [[Double]], firstIndex: Int,
    _ objective: @escaping @Sendable ([Double], Int) throws -> Double
  ) async -> [EvaluationOutcome] {
    await evaluateAndMeasure(points, firstIndex: firstIndex, placeholder: .failed("not evaluated")) { x, i in
      Self.evaluateOne(x, i, objective)
    }
  }

  /// One outcome and one row of constraint values per point, in order; point
  /// i is evaluation `firstIndex + i` of `objective`. An evaluation that
  /// returns the wrong number of constraint values, or a NaN or infinite one,
  /// is a failure. The time the evaluations took updates ``cost``.
  public mutating func evaluateAndMeasure(
    _ points: [[Double]], firstIndex: Int, _ objective: ConstrainedObjective
  ) async -> (outcomes: [EvaluationOutcome], constraints: [[Double]]) {
    let m = objective.constraintCount
    let evaluate = objective.evaluate
    let results = await evaluateAndMeasure(
      points, firstIndex: firstIndex, placeholder: (EvaluationOutcome.failed("not evaluated"), [Double]())
    ) { x, i -> (EvaluationOutcome, [Double]) in
      var g = [Double]()
      let outcome = Self.evaluateOne(x, i) { x, i in
        let e = try evaluate(x, i)
        g = e.constraints
        return e.value
      }
      guard case .value = outcome else { return (outcome, []) }
      guard g.count == m else { return (.failed("objective returned \(g.count) constraint values, expected \(m)"), []) }
      if let why = Evaluation.nonFiniteConstraint(in: g) { return (.failed(why), []) }
      return (outcome, g)
    }
    return (results.map(\.0), results.map(\.1))
  }

  /// One result per point, in order, from `one(point, firstIndex + i)`, on the
  /// calling thread or in child tasks as the measured cost decides.
  mutating func evaluateAndMeasure<R: Sendable>(
    _ points: [[Double]], firstIndex: Int, placeholder: R,
    _ one: @escaping @Sendable ([Double], Int) -> R
  ) async -> [R] {
    let n = points.count
    var first = 0
    var probe: R?
    if placement == .measured, cost.secondsPerEvaluation == nil, n > 0 {
      let start = ContinuousClock.now
      probe = one(points[0], firstIndex)
      cost.recordSerial(seconds: seconds(since: start), evaluations: 1)
      first = 1
    }
    let remaining = n - first
    let chunks = Swift.min(threads, remaining)
    let parallel: Bool
    switch placement {
    case .serial: parallel = false
    case .parallel: parallel = chunks > 1
    case .measured:
      parallel = chunks > 1
        && cost.parallelIsFaster(evaluations: remaining, tasks: Swift.min(chunks, Self.processors))
    }
    if !parallel {
      let start = ContinuousClock.now
      var out = [R]()
      out.reserveCapacity(n)
      if let probe { out.append(probe) }
      for i in first..<n { out.append(one(points[i], firstIndex + i)) }
      if remaining > 0 { cost.recordSerial(seconds: seconds(since: start), evaluations: remaining) }
      return out
    }
    let start = ContinuousClock.now
    var out = [R](repeating: placeholder, count: n)
    if let probe { out[0] = probe }
    let busy = await withTaskGroup(of: (Int, [R], Double).self) { group in
      for c in 0..<chunks {
        let range = (first + c * remaining / chunks)..<(first + (c + 1) * remaining / chunks)
        group.addTask {
          let start = ContinuousClock.now
          var values = [R]()
          values.reserveCapacity(range.count)
          for i in range { values.append(one(points[i], firstIndex + i)) }
          return (range.lowerBound, values, seconds(since: start))
        }
      }
      var busy = 0.0
      for await (start, values, seconds) in group {
        for (k, v) in values.enumerated() { out[start + k] = v }
        busy += seconds
      }
      return busy
    }
    cost.recordParallel(
      seconds: seconds(since: start), busySeconds: busy, evaluations: remaining,
      tasks: Swift.min(chunks, Self.processors))
    return out
  }

  /// The online processors, read once per process.
  static let processors = activeProcessorCount()

  @inline(__always)
  static func evaluateOne(
    _ x: [Double], _ index: Int, _ objective: ([Double], Int) throws -> Double
  ) -> EvaluationOutcome {
    do {
      let v = try objective(x, index)
      if v.isNaN { return .failed("objective returned NaN") }
      if v.isInfinite { return .failed("objective returned \(v > 0 ? "+" : "-")infinity") }
      return .value(v)
    } catch {
      return .failed("objective threw: \(error)")
    }
  }
}

/// Where a ``PopulationEvaluator`` runs the evaluations.
enum EvaluationPlacement: Sendable, Hashable {
  /// Chosen per population from the measured cost.
  case measured
  /// Always on the calling thread.
  case serial
  /// Always in child tasks (when there are at least two chunks).
  case parallel
}

/// Running estimates of what evaluating a population costs, in wall-clock
/// seconds of the monotonic clock: one evaluation on one thread, and the fixed
/// cost of a parallel population (spawning the child tasks, waking the
/// threads, joining the results).
///
/// Both are exponentially weighted moving averages, so they follow an
/// objective whose cost drifts during a run. They decide only where
/// evaluations run, never what they return.
public struct EvaluationCost: Sendable, Hashable {
  /// Seconds per evaluation; nil before the first measurement.
  public private(set) var secondsPerEvaluation: Double?
  /// Seconds a parallel population costs beyond its share of the work.
  public private(set) var parallelOverhead: Double

  /// The assumed cost of a parallel population before one has been measured:
  /// a few thread wake-ups, a conservative figure for the task groups of a
  /// loaded machine.
  public static let initialParallelOverhead = 30e-6
  /// The weight of a new measurement in the moving averages.
  static let smoothing = 0.25

  public init(secondsPerEvaluation: Double? = nil, parallelOverhead: Double = EvaluationCost.initialParallelOverhead) {
    self.secondsPerEvaluation = secondsPerEvaluation
    self.parallelOverhead = parallelOverhead
  }

  /// Whether `evaluations` evaluations spread over `tasks` parallel tasks are
  /// expected to finish sooner than on the calling thread.
  func parallelIsFaster(evaluations: Int, tasks: Int) -> Bool {
    guard tasks > 1, let t = secondsPerEvaluation else { return false }
    let saving = Double(evaluations) * t * (1 - 1 / Double(tasks))
    return saving > parallelOverhead
  }

  /// Records `evaluations` evaluations that took `seconds` on the calling thread.
  mutating func recordSerial(seconds: Double, evaluations: Int) {
    guard evaluations > 0, seconds.isFinite, seconds >= 0 else { return }
    update(perEvaluation: seconds / Double(evaluations))
  }

  /// Records a parallel population: `seconds` of wall time for `evaluations`
  /// evaluations whose tasks were busy for `busySeconds` in total, on `tasks`
  /// processors.
  mutating func recordParallel(seconds: Double, busySeconds: Double, evaluations: Int, tasks: Int) {
    guard evaluations > 0, tasks > 0, seconds.isFinite, busySeconds.isFinite, busySeconds >= 0 else { return }
    update(perEvaluation: busySeconds / Double(evaluations))
    let overhead = Swift.max(0, seconds - busySeconds / Double(tasks))
    parallelOverhead += Self.smoothing * (overhead - parallelOverhead)
  }

  private mutating func update(perEvaluation t: Double) {
    if let old = secondsPerEvaluation {
      secondsPerEvaluation = old + Self.smoothing * (t - old)
    } else {
      secondsPerEvaluation = t
    }
  }
}

/// Seconds of the monotonic clock since `start`.
@inline(__always)
func seconds(since start: ContinuousClock.Instant) -> Double {
  let d = ContinuousClock.now - start
  let c = d.components
  return Double(c.seconds) + Double(c.attoseconds) * 1e-18
}
