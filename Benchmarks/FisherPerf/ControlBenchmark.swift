import FisherControl

/// Time per MPPI command: pendulum (K = 1000, T = 15), hand-vectorized and written
/// plainly (``PlainPendulum``), unicycle (K = 2048, T = 56) and car (K = 1024, T = 30).
///
///     FisherPerf control [threads] [rounds]
///
/// Runs the closed loops of `fisher control` and prints the median and the
/// 10th/90th percentile of the wall time of one command over all steps. The
/// two pendulums run in alternation, `rounds` times each (default 1), so that
/// a drifting machine speed affects both alike; the ratio plain / hand-vectorized
/// is printed per round.
func runControlBenchmark(_ arguments: [String]) {
  let threads = arguments.first.flatMap { Int($0) } ?? MPPIConfiguration.defaultThreads
  let rounds = Swift.max(1, arguments.dropFirst().first.flatMap { Int($0) } ?? 1)
  @discardableResult
  func report(_ name: String, _ r: ClosedLoopResult) -> Double {
    let ms = r.commandSeconds.map { $0 * 1000 }.sorted()
    guard !ms.isEmpty else { return .nan }
    let q = { (p: Double) in ms[Swift.min(ms.count - 1, Int(p * Double(ms.count)))] }
    print("\(name): \(ms.count) commands, median \(q(0.5)) ms, p10 \(q(0.1)) ms, p90 \(q(0.9)) ms, total cost \(r.totalCost)")
    return q(0.5)
  }
  do {
    var p = MPPIConfiguration(samples: 1000, horizon: 15, noise: try NoiseCovariance(standardDeviations: [Double(10).squareRoot()]))
    p.threads = threads
    for round in 0..<rounds {
      p.seed = UInt64(round)
      var pendulum = try MPPI(system: Pendulum(), cost: PendulumCost(), configuration: p)
      let hand = report(
        "pendulum K=1000 T=15 threads=\(threads) seed=\(round)",
        try pendulum.runClosedLoop(from: Pendulum.hangingDown, steps: 200))
      var plainPendulum = try MPPI(system: PlainPendulum<Double>(), cost: PlainPendulumCost<Double>(), configuration: p)
      let plain = report(
        "plain pendulum K=1000 T=15 threads=\(threads) seed=\(round)",
        try plainPendulum.runClosedLoop(from: Pendulum.hangingDown, steps: 200))
      print("  plain / hand-vectorized median time per command: \(plain / hand)")
    }

    let u = try UnicycleScenario.configuration(threads: threads)
    var unicycle = try MPPI(system: Unicycle(), cost: UnicycleScenario.cost, configuration: u)
    report("unicycle K=\(u.samples) T=\(u.horizon) threads=\(threads)",
           try unicycle.runClosedLoop(from: UnicycleScenario.start, steps: UnicycleScenario.steps))

    let c = try CarScenario.configuration(threads: threads)
    var car = try MPPI(system: KinematicBicycle(), cost: CarScenario.cost, configuration: c)
    report("car K=\(c.samples) T=\(c.horizon) threads=\(threads)",
           try car.runClosedLoop(from: CarScenario.start.elements, steps: CarScenario.steps))
  } catch {
    print("control benchmark failed: \(error)")
  }
}
