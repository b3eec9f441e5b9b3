#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Fisher

/// CMA-ES quality and speed, in the format `Benchmarks/run-cmaes.sh` joins with
/// the pycma and `cmaes` peers (`Benchmarks/peers/cmaes_pycma.py`).
///
///     FisherPerf cmaes evals [seeds]      evaluations to f ≤ 1e-8, n = 10
///     FisherPerf cmaes time [n …]         seconds per generation (ask + tell, sphere)
///
/// `evals` prints `fisher evals <function> <n> <seed> <evaluations>` (−1 when
/// the run stopped without reaching the target): the 1-based index of the first
/// evaluation with f ≤ 1e-8, from x₀ = (1, …, 1) (Rosenbrock: 0) and σ₀ = 0.5.
/// `time` prints `fisher time <n> <CPU seconds per generation> <generations>`: the
/// median over five blocks (each a fresh run, after one warm-up block) of
/// generations on the sphere from x₀ = 1, σ₀ = 1, default λ, objective
/// evaluation included.
func runCMAESBenchmark(_ arguments: [String]) {
  switch arguments.first {
  case "evals":
    let seeds = arguments.dropFirst().first.flatMap(Int.init) ?? 15
    _cmaesEvaluations(seeds: seeds)
  case "time":
    let sizes = arguments.dropFirst().compactMap(Int.init)
    _cmaesTimes(sizes.isEmpty ? [10, 100, 1000] : sizes)
  default:
    print("usage: FisherPerf cmaes evals [seeds] | time [n …]")
  }
}

/// The functions of the evaluation benchmark and their start points.
let _cmaesBenchmarkFunctions: [(ClassicProblem, Double)] = [
  (.sphere, 1), (.ellipsoid, 1), (.rosenbrock, 0), (.cigar, 1), (.discus, 1), (.differentPowers, 1),
]

private func _cmaesEvaluations(seeds: Int) {
  let n = 10
  for (problem, start) in _cmaesBenchmarkFunctions {
    for seed in 1...seeds {
      var es = try! CMAES(mean: [Double](repeating: start, count: n), sigma: 0.5, seed: UInt64(seed))
      var hit = -1
      while es.stopReason == nil, es.evaluations < 100_000, hit < 0 {
        let p = es.ask()
        var f = [Double](repeating: 0, count: p.count)
        for k in 0..<p.count {
          f[k] = problem.value(p[k])
          if hit < 0, f[k] <= 1e-8 { hit = es.evaluations + k + 1 }
        }
        try! es.tell(p, fitness: f)
      }
      print("fisher evals \(problem.rawValue) \(n) \(seed) \(hit)")
    }
  }
}

private func _cmaesTimes(_ sizes: [Int]) {
  for n in sizes {
    // Enough generations per block for several eigendecompositions at every n.
    let generations = n <= 10 ? 2000 : n <= 100 ? 200 : 40
    var times = [Double]()
    var checksum = 0.0
    for block in 0..<6 {
      var es = try! CMAES(mean: [Double](repeating: 1, count: n), sigma: 1, seed: UInt64(block + 1))
      let start = _cpuSeconds()
      for _ in 0..<generations {
        let p = es.ask()
        var f = [Double](repeating: 0, count: p.count)
        p.candidates.elements.withUnsafeBufferPointer { x in
          for k in 0..<p.count {
            var s = 0.0
            for j in 0..<n { s += x[k * n + j] * x[k * n + j] }
            f[k] = s
          }
        }
        try! es.tell(p, fitness: f)
        checksum += f[0]
      }
      let elapsed = _cpuSeconds() - start
      // The first block is a warm-up.
      if block > 0 { times.append(elapsed / Double(generations)) }
    }
    times.sort()
    print("fisher time \(n) \(times[times.count / 2]) \(generations)")
    if checksum.isNaN { print("nan") }
  }
}

/// CPU time of this process: robust on a shared machine, and the same measure
/// as the peer's `time.process_time()` (all work is single-threaded on both sides).
func _cpuSeconds() -> Double {
  var t = timespec()
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
  return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}
