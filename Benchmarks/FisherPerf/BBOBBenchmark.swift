import FisherBenchmarks
import Fisher

/// Measures bbob function evaluations per second, per function, at the given dimensions.
///
/// For each function f1…f24 (instance 1) and dimension n, evaluates 2,000 fixed
/// points drawn uniformly from [−5, 5]ⁿ in a loop, repeated until at least 0.2 s
/// have passed, and prints `fisher <function> <n> <evaluations per second>`,
/// the format `Benchmarks/run-bbob.sh` joins with the cocoex peer
/// (`Benchmarks/peers/bbob_cocoex.py`). Construction time is not included.
func runBBOBBenchmark(_ arguments: [String]) {
  let dimensions = arguments.compactMap(Int.init).isEmpty ? [10, 40] : arguments.compactMap(Int.init)
  let clock = ContinuousClock()
  var checksum = 0.0
  for n in dimensions {
    var rng = Xoshiro256StarStar(seed: UInt64(n))
    let count = 2000
    let points = (0..<count * n).map { _ in -5 + 10 * rng.nextUniform() }
    for function in 1...24 {
      guard let f = try? BBOBFunction(function: function, instance: 1, dimension: n) else { continue }
      var evaluations = 0
      let start = clock.now
      var elapsed = 0.0
      points.withUnsafeBufferPointer { all in
        repeat {
          for i in 0..<count {
            checksum += f.evaluate(UnsafeBufferPointer(rebasing: all[(i * n)..<(i * n + n)]))
          }
          evaluations += count
          let d = clock.now - start
          elapsed = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        } while elapsed < 0.2
      }
      print("fisher \(function) \(n) \(Double(evaluations) / elapsed)")
    }
  }
  if checksum.isNaN { print("checksum \(checksum)") }
}
