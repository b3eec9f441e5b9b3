import Foundation

/// Runs every run of an experiment that has no record yet, in parallel, and stores each record.
///
/// Runs are independent and each uses one thread; `threads` workers take the
/// next pending run from a shared queue. Results are deterministic per seed:
/// a run's outcome depends only on its own seed, never on scheduling.
///
/// - Parameters:
///   - experiment: the design: strategies, functions, dimensions, instances, budget.
///   - strategies: the factories of the strategies the design names.
///   - store: the output directory, which holds the records of finished runs.
///   - threads: how many runs execute at once (≥ 1).
///   - progress: called after each finished run with (runs done, runs
///     in total, seconds elapsed in this session, estimated seconds left).
/// - Returns: the records of all runs, in the experiment's order.
public func runBBOBExperiment(
  _ experiment: BBOBExperiment, strategies: [BBOBStrategyEntry], store: BBOBExperimentStore, threads: Int,
  progress: (@Sendable (_ done: Int, _ total: Int, _ elapsed: Double, _ remaining: Double?) -> Void)? = nil
) async throws -> [BBOBRunRecord] {
  guard threads >= 1 else { throw FisherError.invalidParameter(name: "threads", reason: "\(threads) must be ≥ 1") }
  var entries: [String: BBOBStrategyEntry] = [:]
  for s in strategies { entries[s.name] = s }
  for name in experiment.strategies where entries[name] == nil {
    throw FisherError.unknownName(kind: "strategy", name: name, known: strategies.map(\.name))
  }
  try store.prepare(experiment)
  let runs = experiment.runs
  var pending: [BBOBExperiment.Run] = []
  for run in runs where store.record(run) == nil { pending.append(run) }
  let alreadyDone = runs.count - pending.count
  let queue = RunQueue(pending, alreadyDone: alreadyDone, total: runs.count)
  progress?(alreadyDone, runs.count, 0, nil)
  let workers = Swift.min(threads, Swift.max(1, pending.count))
  let entriesCopy = entries
  try await withThrowingTaskGroup(of: Void.self) { group in
    for _ in 0..<workers {
      group.addTask {
        while let run = await queue.next() {
          if Task.isCancelled { return }
          guard let entry = entriesCopy[run.strategy] else { continue }
          let record = try experiment.perform(run, strategy: entry)
          try store.save(record)
          let status = await queue.finished()
          progress?(status.done, status.total, status.elapsed, status.remaining)
        }
      }
    }
    try await group.waitForAll()
  }
  var records: [BBOBRunRecord] = []
  for run in runs {
    guard let r = store.record(run) else {
      throw FisherError.malformedInput("the record of \(run) is missing or unreadable")
    }
    records.append(r)
  }
  return records
}

/// The shared queue of pending runs and the progress counters.
private actor RunQueue {
  var pending: [BBOBExperiment.Run]
  var index = 0
  var done: Int
  let total: Int
  let doneAtStart: Int
  let clock = ContinuousClock()
  let start: ContinuousClock.Instant

  init(_ pending: [BBOBExperiment.Run], alreadyDone: Int, total: Int) {
    self.pending = pending
    done = alreadyDone
    doneAtStart = alreadyDone
    self.total = total
    start = clock.now
  }

  func next() -> BBOBExperiment.Run? {
    guard index < pending.count else { return nil }
    defer { index += 1 }
    return pending[index]
  }

  func finished() -> (done: Int, total: Int, elapsed: Double, remaining: Double?) {
    done += 1
    let d = clock.now - start
    let elapsed = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    let session = done - doneAtStart
    let remaining = session > 0 ? elapsed / Double(session) * Double(total - done) : nil
    return (done, total, elapsed, remaining)
  }
}
