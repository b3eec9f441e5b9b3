#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Fisher

/// CMA-ES with margin and CatCMA on the test problems of their papers, in the
/// format `Benchmarks/run-mixed.sh` joins with the `cmaes` package's CMAwM and
/// CatCMA (`Benchmarks/peers/cmaes_mixed.py`).
///
///     FisherPerf mixed evals [seeds] [n]   evaluations to f ≤ 1e-10 (default 10 seeds, n = 20)
///     FisherPerf mixed time [n …] [problem …]   CPU seconds per generation (default n = 20, 80)
///
/// The problems (the first n/2 coordinates continuous, the rest discrete):
/// - `sphere-int`, `ellipsoid-int`: Σ xᵢ², Σ (1000^(i/(n−1)) xᵢ)², integers in −10…10;
/// - `sphere-onemax`, `ellipsoid-onemax`, `sphere-leadingones`: the sphere or
///   ellipsoid on the continuous half plus the number of bits that are 0
///   (OneMax) or not in the leading run of ones (LeadingOnes), bits in {0, 1};
/// - `sphere-com`, `ellipsoid-com` (CatCMA): n/2 continuous coordinates and n/2
///   categorical variables of 5 categories, the sphere or ellipsoid plus the
///   number of categorical variables not at their first category;
/// - `sphere-int-com` (CatCMA with the integer margin, against `cmaes`' CatCMAwM):
///   n/2 continuous coordinates, n/4 integers in −10…10 and n/4 categorical
///   variables of 5 categories: the sphere over the continuous and integer
///   coordinates plus the categorical mismatches;
/// - `onemax-cat` (CatCMA on categories alone, against CatCMAwM): n categorical
///   variables of 5 categories, the number not at their first category.
/// Start: mean 2 (continuous and integer), 0.5 (bits), σ₀ = 1, default λ;
/// budget 10⁴ n evaluations through `minimize` on one thread.
/// `evals` prints `fisher evals <problem> <n> <seed> <evaluations>` (−1: not reached);
/// `time` prints `fisher time <problem> <n> <CPU seconds per generation> <generations>`,
/// the median of five blocks after a warm-up, evaluation included.
func runMixedIntegerBenchmark(_ arguments: [String]) async {
  switch arguments.first {
  case "evals":
    let seeds = arguments.dropFirst().first.flatMap(Int.init) ?? 10
    let n = arguments.dropFirst(2).first.flatMap(Int.init) ?? 20
    for problem in _mixedProblems {
      for seed in 1...seeds {
        let hit = await _mixedEvaluations(problem, n: n, seed: UInt64(seed))
        print("fisher evals \(problem) \(n) \(seed) \(hit ?? -1)")
      }
    }
  case "time":
    let sizes = arguments.dropFirst().compactMap(Int.init)
    let only = Set(arguments.dropFirst().filter { Int($0) == nil })
    for n in sizes.isEmpty ? [20, 80] : sizes {
      for problem in ["ellipsoid-onemax", "ellipsoid-com"] where only.isEmpty || only.contains(problem) {
        var times: [Double] = []
        let generations = n <= 20 ? 400 : 60
        for block in 0..<6 {
          let start = _cpuSeconds()
          _ = try? await minimize(
            _mixedObjective(problem, n: n), strategy: try! _mixedStrategy(problem, n: n, seed: UInt64(block + 1)),
            options: MinimizeOptions(termination: Termination(maxGenerations: generations), threads: 1))
          if block > 0 { times.append((_cpuSeconds() - start) / Double(generations)) }
        }
        times.sort()
        print("fisher time \(problem) \(n) \(times[times.count / 2]) \(generations)")
      }
    }
  default:
    print("usage: FisherPerf mixed evals [seeds] [n] | time [n …]")
  }
}

let _mixedProblems = [
  "sphere-int", "ellipsoid-int", "sphere-onemax", "ellipsoid-onemax", "sphere-leadingones", "sphere-com", "ellipsoid-com",
  "sphere-int-com", "onemax-cat",
]

/// The objective over the strategy's vector (CatCMA's: x, then one-hot blocks of 5).
func _mixedObjective(_ problem: String, n: Int) -> Objective {
  let half = n / 2
  let ellipsoid = problem.hasPrefix("ellipsoid")
  if problem == "sphere-int-com" {
    // x (n/2), z (n/4), then n − 3n/4 one-hot blocks of 5.
    let gaussian = half + n / 4, categorical = n - gaussian
    return { x in
      var f = 0.0
      for i in 0..<gaussian { f += x[i] * x[i] }
      for v in 0..<categorical where x[gaussian + 5 * v] != 1 { f += 1 }
      return f
    }
  }
  if problem == "onemax-cat" {
    return { x in
      var f = 0.0
      for v in 0..<n where x[5 * v] != 1 { f += 1 }
      return f
    }
  }
  return { x in
    let real = problem.hasSuffix("-int") ? n : half
    var f = 0.0
    for i in 0..<real {
      let c = ellipsoid ? pow(1000, Double(i) / Double(real - 1)) * x[i] : x[i]
      f += c * c
    }
    if problem.hasSuffix("-onemax") {
      for i in half..<n where x[i] == 0 { f += 1 }
    } else if problem.hasSuffix("-leadingones") {
      var ones = 0
      while half + ones < n, x[half + ones] == 1 { ones += 1 }
      f += Double(n - half - ones)
    } else if problem.hasSuffix("-com") {
      for v in 0..<(n - half) where x[half + 5 * v] != 1 { f += 1 }
    }
    return f
  }
}

func _mixedStrategy(_ problem: String, n: Int, seed: UInt64) throws -> AnyStrategy {
  let half = n / 2
  if problem == "sphere-int-com" {
    let gaussian = half + n / 4, categorical = n - gaussian
    let blocks = (0..<categorical).map { CategoricalBlock(index: gaussian + 5 * $0, count: 5) }
    var options = CatCMAOptions(categories: blocks)
    options.integerMargin = IntegerMargin(coordinates: try (half..<gaussian).map {
      try DiscreteCoordinate(index: $0, low: -10, high: 10)
    })
    return .catCMA(try CatCMA(
      mean: [Double](repeating: 2, count: gaussian + 5 * categorical), sigma: 1, seed: seed, options: options))
  }
  if problem == "onemax-cat" {
    let blocks = (0..<n).map { CategoricalBlock(index: 5 * $0, count: 5) }
    return .catCMA(try CatCMA(
      mean: [Double](repeating: 0.2, count: 5 * n), sigma: 1, seed: seed, options: CatCMAOptions(categories: blocks)))
  }
  if problem.hasSuffix("-com") {
    let blocks = (0..<(n - half)).map { CategoricalBlock(index: half + 5 * $0, count: 5) }
    return .catCMA(try CatCMA(
      mean: [Double](repeating: 2, count: half + 5 * (n - half)), sigma: 1, seed: seed,
      options: CatCMAOptions(categories: blocks)))
  }
  let binary = !problem.hasSuffix("-int")
  var options = CMAESOptions()
  options.integerMargin = IntegerMargin(coordinates: try (half..<n).map {
    try DiscreteCoordinate(index: $0, low: binary ? 0 : -10, high: binary ? 1 : 10)
  })
  let mean = (0..<n).map { $0 < half || !binary ? 2.0 : 0.5 }
  return .cmaES(try CMAES(mean: mean, sigma: 1, seed: seed, options: options))
}

func _mixedEvaluations(_ problem: String, n: Int, seed: UInt64) async -> Int? {
  let r = try? await minimize(
    _mixedObjective(problem, n: n), strategy: try! _mixedStrategy(problem, n: n, seed: seed),
    options: MinimizeOptions(termination: Termination(maxEvaluations: 10_000 * n, targetValue: 1e-10), threads: 1))
  return r?.targetHitAt
}
