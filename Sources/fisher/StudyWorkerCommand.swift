import ArgumentParser
import Fisher
import FisherStudy
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `fisher study worker`: evaluates a study's candidates with a command until the study is done.
struct StudyWorkerCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "worker",
    abstract: "Evaluate a study's candidates by running COMMAND once per candidate.",
    discussion: """
      COMMAND gets the candidate as a JSON array on its stdin (a JSON object keyed by \
      variable name in a study created with --space) and prints one number \
      (the value to minimize) on its stdout. A non-zero exit, a timeout or output \
      that is not a number is a failed evaluation (ranked worst), recorded with its \
      reason. In a study with constraints (`study create --constraints M`) COMMAND prints \
      `f g1 … gM` on one line, or {"f": f, "g": [g1, …, gM]}; a wrong number of constraint \
      values, a value that is not a number, or a NaN or infinite g_i is a failed evaluation, \
      recorded with its reason. The worker renews its leases while COMMAND runs; Ctrl-C gives its \
      claimed candidates back and exits with status 130. When the database cannot be \
      reached the worker retries with backoff and, if it stays away, exits 2 saying \
      which result it could not record.

          fisher study worker --name demo --concurrency 4 -- python3 objective.py
      """)

  @OptionGroup var location: StudyLocationOptions

  @Option(help: "Candidates evaluated at once by this worker (1 to 1024).")
  var concurrency: Int = 1

  @Option(help: "Seconds one evaluation may take before it is killed and recorded as failed.")
  var timeout: Double?

  @Option(help: "The worker's name in the study (default: host:pid).")
  var workerID: String?

  @Option(help: "Tries in all before giving up when the storage is unavailable.")
  var retries: Int = 7

  @Flag(help: "Print each accepted result on stdout as JSON.")
  var verbose = false

  @Argument(parsing: .postTerminator, help: "The objective command and its arguments, after --.")
  var command: [String] = []

  func validate() throws {
    guard !command.isEmpty else { throw ValidationError("give the objective command after --, e.g. -- python3 f.py") }
    let most = StudyWorker<AnyStrategy>.maximumConcurrency
    guard (1...most).contains(concurrency) else {
      throw ValidationError("--concurrency must be between 1 and \(most), got \(concurrency)")
    }
    if let t = timeout { _ = try CheckedConversion.duration(t, "--timeout") }
    guard retries >= 1 else { throw ValidationError("--retries must be at least 1, got \(retries)") }
  }

  func run() async throws {
    let objective = CommandObjective(
      arguments: command, timeout: try timeout.map { try CheckedConversion.duration($0, "--timeout") })
    let worker = StudyWorker<AnyStrategy>(
      study: location.name, storage: try location.url(), worker: workerID ?? StudyWorker<AnyStrategy>.defaultName(),
      concurrency: concurrency, retry: RetryPolicy(attempts: retries), log: { studyLog("fisher: " + $0) })
    let verbose = self.verbose
    // A study over named variables hands each candidate over as a JSON object.
    let opened = try await location.open()
    let space = opened.settings.space
    await opened.close()
    let task = Task {
      try await worker.runLeases { lease in
        let outcome: FisherStudy.EvaluationOutcome
        if let space {
          guard let point = try? space.decode(lease.point) else {
            return .failure("the stored point does not fit the study's search space")
          }
          outcome = await objective.evaluate(input: point.json.rendered, constraintCount: lease.constraintCount)
        } else {
          outcome = await objective.evaluate(lease.point, constraintCount: lease.constraintCount)
        }
        if verbose {
          switch outcome {
          case .value(let v): studyPrint("{\"f\":\(v),\"x\":\(lease.point)}")
          case .constrained(let e): studyPrint("{\"f\":\(e.value),\"g\":\(e.constraints),\"x\":\(lease.point)}")
          case .failure, .cancelled: break
          }
        }
        return outcome
      }
    }
    // Ctrl-C (or SIGTERM): stop claiming, give the current leases back, exit 130.
    let interrupted = SharedFlag()
    signal(SIGINT, SIG_IGN)
    signal(SIGTERM, SIG_IGN)
    let sources = [SIGINT, SIGTERM].map { sig -> any DispatchSourceSignal in
      let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
      source.setEventHandler {
        interrupted.set()
        task.cancel()
      }
      source.resume()
      return source
    }
    defer { sources.forEach { $0.cancel() } }
    let summary = try await task.value
    studyLog(
      "fisher: worker \(worker.worker): \(summary.accepted) results accepted (\(summary.failed) failed evaluations), \(summary.rejected) rejected as late, \(summary.released) leases released")
    if interrupted.isSet { throw ExitCode(130) }
  }
}
