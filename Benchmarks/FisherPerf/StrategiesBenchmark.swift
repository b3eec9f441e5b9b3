import Fisher

/// Times one generation (ask, evaluate the sphere, tell) of xNES, SNES, CEM,
/// exponential weights and OpenAI-ES with their default population sizes at
/// n = 10, 100, 1000 (xNES up to 100 by default: its O(n³) matrix exponential).
///
/// Prints `fisher <strategy> <n> <median seconds per generation> <generations>`,
/// the format `Benchmarks/run-strategies.sh` joins with the numpy peer
/// (`Benchmarks/peers/strategies_numpy.py`), which runs the same algorithms.
func runStrategiesBenchmark(_ arguments: [String]) {
  let sizes = arguments.compactMap(Int.init).isEmpty ? [10, 100, 1000] : arguments.compactMap(Int.init)
  for n in sizes {
    let x0 = [Double](repeating: 1, count: n)
    if n <= 100 {
      _time("xnes", n) { try XNES(mean: x0, sigma: 1, seed: 1) }
    }
    _time("snes", n) { try SNES(mean: x0, sigma: 1, seed: 1) }
    _time("cem", n) { try CrossEntropyMethod(mean: x0, sigma: 1, seed: 1) }
    _time("exp-weights", n) { try ExponentialWeights(mean: x0, sigma: 1, seed: 1) }
    _time("openai-es", n) { try OpenAIES(mean: x0, sigma: 0.1, seed: 1) }
  }
}

/// Median over 7 blocks of the seconds per generation, after a warm-up block.
private func _time<S: Strategy>(_ name: String, _ n: Int, _ make: () throws -> S) {
  guard var s = try? make() else { return }
  let generations = Swift.max(3, 4_000_000 / (s.populationSize * n * (name == "xnes" ? n : 4)))
  let clock = ContinuousClock()
  var times = [Double]()
  var checksum = 0.0
  for block in 0..<8 {
    let start = clock.now
    for _ in 0..<generations {
      let p = s.ask()
      let f = _sphereValues(p)
      try? s.tell(p, fitness: f)
      if s.stopReason != nil, let fresh = try? make() { s = fresh }
    }
    let d = clock.now - start
    if block > 0 {
      times.append((Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18) / Double(generations))
    }
    checksum += s.mean[0]
  }
  times.sort()
  print("fisher \(name) \(n) \(times[times.count / 2]) \(generations)")
  if checksum.isNaN { print("checksum \(checksum)") }
}
