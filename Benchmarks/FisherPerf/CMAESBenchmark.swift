#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Fisher

/// CMA-ES quality and speed, in the format `Benchmarks/run-cmaes.sh` joins with
/// the pycma and `cmaes` peers (`Benchmarks/peers/cmaes_pycma.py`), for both
/// representations of C (`eigen`, `cholesky`).
///
///     FisherPerf cmaes evals [seeds] [n] [f,…]   evaluations to f ≤ 1e-8 (default n = 10, all six functions)
///     FisherPerf cmaes time [n …] [eigen|cholesky]   seconds per generation (ask + tell, sphere)
///
/// `evals` prints `fisher-<representation> evals <function> <n> <seed> <evaluations>`
/// (−1 when the run stopped without reaching the target): the 1-based index of
/// the first evaluation with f ≤ 1e-8, from x₀ = (1, …, 1) (Rosenbrock: 0) and
/// σ₀ = 0.5, at most 10⁵ n/10 evaluations.
/// `time` prints `fisher-<representation> time <n> <CPU seconds per generation> <generations>`:
/// the median over five blocks (each a fresh run, after one warm-up block) of
/// generations on the sphere from x₀ = 1, σ₀ = 1, default λ, objective
/// evaluation included.
func runCMAESBenchmark(_ arguments: [String]) {
  switch arguments.first {
  case "evals":
    let rest = Array(arguments.dropFirst())
    let seeds = rest.first.flatMap(Int.init) ?? 15
    let n = rest.dropFirst().first.flatMap(Int.init) ?? 10
    let names = rest.count > 2 ? rest[2].split(separator: ",").map(String.init) : nil
    _cmaesEvaluations(seeds: seeds, dimension: n, functions: names)
  case "time":
    let sizes = arguments.dropFirst().compactMap(Int.init)
    let only = Set(arguments.dropFirst().filter { Int($0) == nil })
    _cmaesTimes(sizes.isEmpty ? [10, 100, 1000] : sizes, representations: only)
  default:
    print("usage: FisherPerf cmaes evals [seeds] [n] [function,…] | time [n …] [eigen|cholesky]")
  }
}

/// The functions of the evaluation benchmark and their start points.
let _cmaesBenchmarkFunctions: [(ClassicProblem, Double)] = [
  (.sphere, 1), (.ellipsoid, 1), (.rosenbrock, 0), (.cigar, 1), (.discus, 1), (.differentPowers, 1),
]

/// The two representations of C, by the names the reports use.
let _cmaesRepresentations: [(String, CMAESOptions.CovarianceRepresentation)] = [
  ("eigen", .eigendecomposition), ("cholesky", .cholesky),
]

private func _cmaesEvaluations(seeds: Int, dimension n: Int, functions: [String]?) {
  for (problem, start) in _cmaesBenchmarkFunctions where functions?.contains(problem.rawValue) ?? true {
    for (name, representation) in _cmaesRepresentations {
      for seed in 1...seeds {
        var es = try! CMAES(
          mean: [Double](repeating: start, count: n), sigma: 0.5, seed: UInt64(seed),
          options: .init(covariance: representation))
        var hit = -1
        while es.stopReason == nil, es.evaluations < 10_000 * n, hit < 0 {
          let p = es.ask()
          var f = [Double](repeating: 0, count: p.count)
          for k in 0..<p.count {
            f[k] = problem.value(p[k])
            if hit < 0, f[k] <= 1e-8 { hit = es.evaluations + k + 1 }
          }
          try! es.tell(p, fitness: f)
        }
        print("fisher-\(name) evals \(problem.rawValue) \(n) \(seed) \(hit)")
      }
    }
  }
}

private func _cmaesTimes(_ sizes: [Int], representations only: Set<String>) {
  for n in sizes {
    for (name, representation) in _cmaesRepresentations where only.isEmpty || only.contains(name) {
      // Enough generations per block for several eigendecompositions at every n.
      let generations = n <= 10 ? 2000 : n <= 100 ? 200 : 40
      var times = [Double]()
      var checksum = 0.0
      for block in 0..<6 {
        var es = try! CMAES(
          mean: [Double](repeating: 1, count: n), sigma: 1, seed: UInt64(block + 1), options: .init(covariance: representation))
        let start = _cpuSeconds()
        for _ in 0..<generations {
          let p = es.ask()
          let f = _sphereValues(p)
          try! es.tell(p, fitness: f)
          checksum += f[0]
        }
        let elapsed = _cpuSeconds() - start
        // The first block is a warm-up.
        if block > 0 { times.append(elapsed / Double(generations)) }
      }
      times.sort()
      print("fisher-\(name) time \(n) \(times[times.count / 2]) \(generations)")
      if checksum.isNaN { print("nan") }
    }
  }
}

/// CPU time of this process: robust on a shared machine, and the same measure
/// as the peer's `time.process_time()` (all work is single-threaded on both sides).
func _cpuSeconds() -> Double {
  var t = timespec()
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
  return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}
