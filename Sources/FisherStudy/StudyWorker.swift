import Fisher
import Foundation

/// The outcome of evaluating one candidate.
public enum EvaluationOutcome: Sendable, Hashable {
  case value(Double)
  /// The value and the constraint values g₁ … gₘ, for a study with constraints.
  case constrained(Fisher.Evaluation)
  /// A failed evaluation and why (non-zero exit, timeout, unparsable output, …).
  case failure(String)
  /// The evaluation was interrupted (Ctrl-C, lost lease); nothing is reported.
  case cancelled
}

/// How a worker retries when the storage is unavailable: exponential backoff.
public struct RetryPolicy: Sendable, Hashable {
  /// Tries in all, the first included.
  public var attempts: Int
  public var initialDelay: Duration
  public var maxDelay: Duration

  public init(attempts: Int = 7, initialDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(16)) {
    self.attempts = max(1, attempts)
    self.initialDelay = initialDelay
    self.maxDelay = maxDelay
  }

  /// The pause before try `k` (k ≥ 1 is the first retry): initial · 2^(k−1), capped.
  public func delay(beforeRetry k: Int) -> Duration {
    var d = initialDelay
    for _ in 1..<max(1, k) where d < maxDelay { d = d * 2 }
    return min(d, maxDelay)
  }
}

/// Why a worker stopped before the study finished.
public enum StudyWorkerError: Error, Sendable, CustomStringConvertible {
  /// The storage stayed unavailable through every retry.
  case storageLost(storage: String, tries: Int, seconds: Double, lastError: String, heldResult: String?)

  public var description: String {
    switch self {
    case .storageLost(let storage, let tries, let seconds, let lastError, let held):
      var s = "the study storage \(storage) stayed unavailable through \(tries) tries over \(String(format: "%.1f", seconds)) s (\(lastError))"
      if let held {
        s += "; \(held) was not recorded: its lease will expire and another worker will evaluate the candidate again"
      }
      return s
    }
  }
}

/// What one worker did.
public struct WorkerSummary: Sendable, Hashable {
  /// Results accepted by the store.
  public var accepted = 0
  /// Results rejected because their lease was no longer current.
  public var rejected = 0
  /// Accepted results that were failed evaluations.
  public var failed = 0
  /// Leases given back (Ctrl-C) or lost while evaluating.
  public var released = 0
  /// Transient storage errors that were retried.
  public var retries = 0

  public init() {}

  static func + (a: WorkerSummary, b: WorkerSummary) -> WorkerSummary {
    var s = a
    s.accepted += b.accepted
    s.rejected += b.rejected
    s.failed += b.failed
    s.released += b.released
    s.retries += b.retries
    return s
  }
}

/// Evaluates a study's candidates until it is finished: claim, evaluate with
/// heartbeats, report; `concurrency` claims at a time, each on its own
/// connection.
///
/// When the storage becomes unavailable, every operation is retried with
/// exponential backoff on a fresh connection, holding the computed result, so
/// a database that comes back within the retry window loses nothing; after
/// the last try the worker throws ``StudyWorkerError/storageLost(storage:tries:seconds:lastError:heldResult:)``.
/// Cancelling the task (Ctrl-C) releases the leases it holds.
public struct StudyWorker<S: Strategy>: Sendable {
  public var study: String
  public var storage: StorageURL
  /// The worker's name; slots append `/1`, `/2`, … when `concurrency` > 1.
  public var worker: String
  /// Claims held at a time, 1 ... ``maximumConcurrency``.
  public var concurrency: Int
  public var retry: RetryPolicy
  /// How often a running lease is renewed (default: a third of the lease).
  public var heartbeatInterval: Duration?
  /// The longest pause between claims while every candidate is taken (pauses
  /// start at 1 ms and double up to this).
  public var pollInterval: Duration
  /// Receives one line per notable event (lost lease, retry, rejected result).
  public var log: @Sendable (String) -> Void

  public init(
    study: String, storage: StorageURL, worker: String = StudyWorker.defaultName(), concurrency: Int = 1,
    retry: RetryPolicy = RetryPolicy(), heartbeatInterval: Duration? = nil, pollInterval: Duration = .milliseconds(100),
    log: @escaping @Sendable (String) -> Void = { _ in }
  ) {
    self.study = study
    self.storage = storage
    self.worker = worker
    self.concurrency = concurrency
    self.retry = retry
    self.heartbeatInterval = heartbeatInterval
    self.pollInterval = pollInterval
    self.log = log
  }

  /// The most claims one worker holds at a time: each is a task with its own
  /// objective process, so more than this is a mistake rather than a plan.
  public static var maximumConcurrency: Int { 1024 }

  /// `host:pid`, unique among live processes.
  public static func defaultName() -> String {
    "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
  }

  /// Runs until the study is finished, the task is cancelled, or the storage is lost.
  ///
  /// - Throws: `FisherError` for an unknown study or corrupt state (at once),
  ///   ``StudyWorkerError`` when the storage stays unavailable.
  public func run(evaluate: @escaping @Sendable ([Double]) async -> EvaluationOutcome) async throws -> WorkerSummary {
    try await runLeases { lease in await evaluate(lease.point) }
  }

  /// ``run(evaluate:)`` with an objective told the whole lease: besides the
  /// point, its evaluation number, candidate and the row it repeats (an
  /// objective with simulated noise may draw it by evaluation number, as an
  /// in-process `IndexedObjective` does).
  public func runLeases(evaluate: @escaping @Sendable (Lease) async -> EvaluationOutcome) async throws
    -> WorkerSummary
  {
    guard (1...Self.maximumConcurrency).contains(concurrency) else {
      throw FisherError.invalidParameter(
        name: "concurrency", reason: "must be between 1 and \(Self.maximumConcurrency), got \(concurrency)")
    }
    // Fail fast on an unknown study or a corrupt state, before starting slots.
    let first = try await withRetries(held: nil) { try await Study<S>.open(name: study, storage: storage) }
    await first.value.close()
    return try await withThrowingTaskGroup(of: WorkerSummary.self) { group in
      for slot in 1...concurrency {
        let name = concurrency == 1 ? worker : "\(worker)/\(slot)"
        group.addTask { try await runSlot(name: name, evaluate: evaluate) }
      }
      var total = WorkerSummary()
      total.retries = first.retries
      for try await s in group { total = total + s }
      return total
    }
  }

  private func runSlot(name: String, evaluate: @escaping @Sendable (Lease) async -> EvaluationOutcome) async throws
    -> WorkerSummary
  {
    var summary = WorkerSummary()
    let connection = StudyConnection<S>(study: self.study, storage: storage)
    defer { Task { await connection.drop() } }
    let drop: @Sendable () async -> Void = { await connection.drop() }
    do {
      try await work(name: name, connection: connection, drop: drop, evaluate: evaluate, summary: &summary)
    } catch is CancellationError {
      // Ctrl-C while waiting or backing off: nothing is held.
    }
    return summary
  }

  private func work(
    name: String, connection: StudyConnection<S>, drop: @escaping @Sendable () async -> Void,
    evaluate: @escaping @Sendable (Lease) async -> EvaluationOutcome, summary: inout WorkerSummary
  ) async throws {
    var idle = 0
    while !Task.isCancelled {
      // Claim.
      let claim = try await withRetries(held: nil, onTransient: drop) { try await connection.get().tryAsk(worker: name) }
      summary.retries += claim.retries
      let lease: Lease
      switch claim.value {
      case .finished: return
      case .wait:
        // Back off from 1 ms to `pollInterval` while the generation's last results are out.
        idle += 1
        try await Task.sleep(for: min(pollInterval, .milliseconds(1 << min(idle - 1, 20))))
        continue
      case .lease(let l): lease = l
      }
      idle = 0
      let current = try await connection.get()
      // Evaluate while renewing the lease.
      let outcome = await evaluateCandidate(lease, study: current, evaluate: evaluate)
      switch outcome {
      case .cancelled:
        summary.released += 1
        let released = Task { try? await current.release(lease) }
        _ = await released.value
        if Task.isCancelled { return }
        continue
      case .value, .constrained, .failure:
        break
      }
      let (value, constraints, reason): (Double?, [Double]?, String?) = {
        switch outcome {
        case .value(let v): return (v, nil, nil)
        case .constrained(let e): return (e.value, e.constraints, nil)
        case .failure(let r): return (nil, nil, r)
        case .cancelled: return (nil, nil, nil)
        }
      }()
      let held = "the result of candidate \(lease.generation)/\(lease.index) (\(value.map { "value \($0)" } ?? "failed: \(reason ?? "")"))"
      // Report, in a task of its own so that Ctrl-C does not drop a finished result.
      let reportTask = Task {
        try await withRetries(held: held, onTransient: drop) {
          try await connection.get().tell(lease, value: value, constraints: constraints, reason: reason)
        }
      }
      let report = try await reportTask.value
      summary.retries += report.retries
      switch report.value {
      case .accepted:
        summary.accepted += 1
        if value == nil || !Self.isRanked(value: value, constraints: constraints, count: lease.constraintCount) {
          summary.failed += 1
        }
      case .rejected(let why):
        summary.rejected += 1
        log("\(name): result rejected: \(why)")
      }
    }
  }

  /// Whether a reported result is recorded as a value rather than a failure
  /// (as ``Study/tell(_:value:constraints:reason:)`` checks it).
  static func isRanked(value: Double?, constraints: [Double]?, count: Int?) -> Bool {
    guard let v = value, v.isFinite else { return false }
    guard let m = count else { return true }
    return StudyConstraints.failure(of: constraints, count: m) == nil
  }

  /// Runs `evaluate`, renewing the lease; cancels the evaluation if the lease is lost.
  private func evaluateCandidate(
    _ lease: Lease, study: Study<S>, evaluate: @escaping @Sendable (Lease) async -> EvaluationOutcome
  ) async -> EvaluationOutcome {
    // Settings are validated when the study is opened, so the lease is a checked duration.
    let interval = heartbeatInterval ?? max(.milliseconds(50), ((try? study.settings.lease) ?? .seconds(60)) / 3)
    let log = self.log
    return await withTaskGroup(of: EvaluationOutcome?.self) { group in
      group.addTask { await evaluate(lease) }
      group.addTask {
        while true {
          do { try await Task.sleep(for: interval) } catch { return nil }
          do {
            if try await !study.heartbeat(lease) {
              log("\(lease.worker): lease on candidate \(lease.generation)/\(lease.index) lost; evaluation abandoned")
              return .cancelled
            }
          } catch {
            // A transient failure: the next heartbeat (or the report) retries.
            log("\(lease.worker): heartbeat failed: \(error)")
          }
        }
      }
      var result: EvaluationOutcome = .cancelled
      for await outcome in group {
        if let outcome {
          result = outcome
          break
        }
      }
      group.cancelAll()
      return result
    }
  }

  /// Runs `operation`, retrying transient storage errors with backoff.
  private func withRetries<T>(
    held: String?, onTransient: @Sendable () async -> Void = {}, _ operation: () async throws -> T
  ) async throws -> (value: T, retries: Int) {
    let start = ContinuousClock.now
    var tries = 0
    while true {
      tries += 1
      do {
        return (try await operation(), tries - 1)
      } catch let error as StudyStoreError where error.isTransient {
        await onTransient()
        guard tries < retry.attempts else {
          let elapsed = ContinuousClock.now - start
          throw StudyWorkerError.storageLost(
            storage: storage.description, tries: tries,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
            lastError: error.description, heldResult: held)
        }
        let pause = retry.delay(beforeRetry: tries)
        log("\(worker): \(error); retrying in \(pause)")
        try await Task.sleep(for: pause)
      }
    }
  }
}

/// A slot's connection to its study, reopened after a transient failure.
actor StudyConnection<S: Strategy> {
  let name: String
  let storage: StorageURL
  var study: Study<S>?

  init(study: String, storage: StorageURL) {
    self.name = study
    self.storage = storage
  }

  func get() async throws -> Study<S> {
    if let study { return study }
    let opened = try await Study<S>.open(name: name, storage: storage)
    study = opened
    return opened
  }

  func drop() async {
    let s = study
    study = nil
    await s?.close()
  }
}
