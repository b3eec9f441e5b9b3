import Fisher
import FisherStudy
import Foundation

/// Load on the study store: worker processes evaluating a CMA-ES study whose
/// evaluations take a fixed time, in the format `Benchmarks/run-study.sh` joins
/// with Optuna's (`Benchmarks/peers/study_optuna.py`).
///
///     FisherPerf study run URL [workers] [evaluations] [milliseconds] [dimension]
///     FisherPerf study worker URL NAME MILLISECONDS      (one worker process; started by `run`)
///
/// `run` creates a study (cma-es, n = dimension (default 4), λ = 8, x₀ = 3, σ₀ = 10/6, bounds
/// [−5, 5], budget = evaluations, the tolerance stops off so the budget ends it), starts `workers` processes of this
/// executable, each one StudyWorker with its own connection whose objective
/// sleeps `milliseconds` and returns Σ xᵢ², and waits for all of them. It
/// prints `fisher <backend> <workers> <accepted> <seconds> <evaluations/s>
/// <overhead ms per evaluation> <lost> <discarded>`, where the overhead is
/// (workers · seconds − accepted · milliseconds) / accepted, the time a
/// worker spends per evaluation outside the objective (store, waiting at
/// generation ends, process start); `lost` counts results the store rejected
/// or evaluations that failed, `discarded` accepted results the strategy did
/// not use (none: every accepted result is told).
func runStudyBenchmark(_ arguments: [String]) async {
  do {
    switch arguments.first {
    case "run" where arguments.count >= 2:
      let url = try StorageURL(arguments[1])
      let workers = arguments.count > 2 ? Int(arguments[2]) ?? 8 : 8
      let evaluations = arguments.count > 3 ? Int(arguments[3]) ?? 2000 : 2000
      let milliseconds = arguments.count > 4 ? Double(arguments[4]) ?? 1 : 1
      let dimension = arguments.count > 5 ? Int(arguments[5]) ?? 4 : 4
      try await _studyLoad(
        url: url, workers: workers, evaluations: evaluations, milliseconds: milliseconds, dimension: dimension)
    case "worker" where arguments.count == 4:
      let url = try StorageURL(arguments[1])
      let milliseconds = Double(arguments[3]) ?? 1
      let nanoseconds = UInt32(milliseconds * 1000)
      let worker = StudyWorker<AnyStrategy>(study: arguments[2], storage: url, pollInterval: .milliseconds(50))
      _ = try await worker.run { x in
        usleep(nanoseconds)
        var s = 0.0
        for v in x { s += v * v }
        return .value(s)
      }
    default:
      print("usage: FisherPerf study run URL [workers] [evaluations] [milliseconds]")
    }
  } catch {
    FileHandle.standardError.write(Data("FisherPerf study: \(error)\n".utf8))
    exit(2)
  }
}

private func _studyLoad(
  url: StorageURL, workers: Int, evaluations: Int, milliseconds: Double, dimension: Int
) async throws {
  let name = "load-\(ProcessInfo.processInfo.processIdentifier)-\(Int(Date().timeIntervalSince1970))"
  var spec = StrategySpecification(kind: .cmaES)
  spec.populationSize = 8
  // Optuna's CmaEsSampler never stops a study; with CMA-ES's tolerances on, the
  // sphere converges (tolfun) after about 1,000 evaluations. Both run the budget.
  spec.cmaES.tolFun = 0
  spec.cmaES.tolFunHist = 0
  spec.cmaES.tolX = 0
  spec.cmaES.tolXStagnation = 0
  spec.cmaES.tolStagnation = 0
  spec.cmaES.maxIterations = 0
  spec.cmaES.tolConditionCov = .infinity
  spec.cmaES.noEffectAxis = false
  spec.cmaES.noEffectCoordinate = false
  let strategy = try spec.make(mean: [Double](repeating: 3, count: dimension), sigma: 10.0 / 6, seed: 1)
  let settings = StudySettings(
    budget: evaluations, bounds: try BoxBounds(lower: -5, upper: 5, dimension: dimension), leaseDuration: 30)
  let study = try await Study.create(
    name: name, strategy: strategy, strategyName: strategy.strategyName, settings: settings, storage: url)
  let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
  let start = Date()
  var processes: [Process] = []
  for _ in 0..<workers {
    let p = Process()
    p.executableURL = executable
    p.arguments = ["study", "worker", _commandLine(url), name, "\(milliseconds)"]
    try p.run()
    processes.append(p)
  }
  for p in processes { p.waitUntilExit() }
  let seconds = Date().timeIntervalSince(start)
  let status = try await study.status()
  await study.close()
  let accepted = status.done
  let overhead = (Double(workers) * seconds * 1000 - Double(accepted) * milliseconds) / Double(max(accepted, 1))
  let backend = { if case .sqlite = url { return "sqlite" } else { return "postgres" } }()
  print(
    "fisher \(backend) \(workers) \(accepted) \(String(format: "%.3f", seconds)) \(String(format: "%.1f", Double(accepted) / seconds)) \(String(format: "%.3f", overhead)) \(status.rejectedReports + status.failed) 0"
  )
}

/// The URL with its password, to pass to a child process.
private func _commandLine(_ url: StorageURL) -> String {
  switch url {
  case .sqlite(let path): return path.hasPrefix("/") ? "sqlite://" + path : "sqlite:" + path
  case .postgres(let p):
    let secret = p.password.map { ":" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0) } ?? ""
    return "postgres://\(p.user)\(secret)@\(p.host):\(p.port)/\(p.database)"
  }
}
