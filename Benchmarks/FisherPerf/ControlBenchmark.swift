import FisherControl

/// Time per MPPI command: pendulum (K = 1000, T = 15) and unicycle (K = 2048, T = 56).
///
///     FisherPerf control [threads]
///
/// Runs the closed loops of `fisher control` and prints the median and the
/// 10th/90th percentile of the wall time of one command over all steps.
func runControlBenchmark(_ arguments: [String]) {
  let threads = arguments.first.flatMap { Int($0) } ?? MPPIConfiguration.defaultThreads
  func report(_ name: String, _ r: ClosedLoopResult) {
    let ms = r.commandSeconds.map { $0 * 1000 }.sorted()
    guard !ms.isEmpty else { return }
    let q = { (p: Double) in ms[Swift.min(ms.count - 1, Int(p * Double(ms.count)))] }
    print("\(name): \(ms.count) commands, median \(q(0.5)) ms, p10 \(q(0.1)) ms, p90 \(q(0.9)) ms, total cost \(r.totalCost)")
  }
  do {
    var p = MPPIConfiguration(samples: 1000, horizon: 15, noise: try NoiseCovariance(standardDeviations: [Double(10).squareRoot()]))
    p.threads = threads
    var pendulum = try MPPI(system: Pendulum(), cost: PendulumCost(), configuration: p)
    report("pendulum K=1000 T=15 threads=\(threads)", try pendulum.runClosedLoop(from: Pendulum.hangingDown, steps: 200))

    let u = try UnicycleScenario.configuration(threads: threads)
    var unicycle = try MPPI(system: Unicycle(), cost: UnicycleScenario.cost, configuration: u)
    report("unicycle K=\(u.samples) T=\(u.horizon) threads=\(threads)",
           try unicycle.runClosedLoop(from: UnicycleScenario.start, steps: UnicycleScenario.steps))
  } catch {
    print("control benchmark failed: \(error)")
  }
}
