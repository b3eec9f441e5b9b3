import Fisher

/// Times the symmetric eigendecomposition and the Cholesky factorization at
/// n = 10, 100, 1000 and the generation of 10⁷ standard normal variates.
///
/// Prints one line per case, `fisher <case> <n> <median seconds> <repetitions>`,
/// the format `Benchmarks/run-linalg.sh` joins with the numpy peer
/// (`Benchmarks/peers/linalg_numpy.py`). Matrices are the same kind as the
/// peer's: A = G Gᵀ / n + I with G Gaussian (symmetric positive definite).
func runLinearAlgebraBenchmark(_ arguments: [String]) throws {
  let sizes = arguments.compactMap(Int.init).isEmpty ? [10, 100, 1000] : arguments.compactMap(Int.init)
  for n in sizes {
    let a = try _benchmarkSPD(n)
    let reps = _repetitions(n)
    var checksum = 0.0
    let eig = _medianSeconds(reps) {
      let e = try! SymmetricEigen(a)
      checksum += e.values[n - 1]
    }
    print("fisher eigh \(n) \(eig) \(reps)")
    let chol = _medianSeconds(reps * 3) {
      let c = try! Cholesky(a)
      checksum += c.lower[n - 1, n - 1]
    }
    print("fisher cholesky \(n) \(chol) \(reps * 3)")
    if checksum.isNaN { print("checksum \(checksum)") }
  }
  let count = 10_000_000
  var buffer = [Double](repeating: 0, count: count)
  var rng = Xoshiro256StarStar(seed: 1)
  let normals = _medianSeconds(5) {
    buffer.withUnsafeMutableBufferPointer { rng.fillNormal($0) }
  }
  print("fisher normals \(count) \(normals) 5")
  if buffer[count / 2].isNaN { print("nan") }
}

/// Repetitions that keep each case to a few seconds.
private func _repetitions(_ n: Int) -> Int {
  n <= 10 ? 2001 : n <= 100 ? 101 : 5
}

/// The median wall time of `reps` runs of `body`, after one warm-up run.
private func _medianSeconds(_ reps: Int, _ body: () -> Void) -> Double {
  body()
  let clock = ContinuousClock()
  var times = [Double]()
  times.reserveCapacity(reps)
  for _ in 0..<reps {
    let start = clock.now
    body()
    let d = clock.now - start
    times.append(Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18)
  }
  times.sort()
  return times[times.count / 2]
}

private func _benchmarkSPD(_ n: Int) throws -> Matrix {
  var rng = Xoshiro256StarStar(seed: UInt64(n))
  var g = try Matrix(rows: n, columns: n)
  for i in g.elements.indices { g.elements[i] = rng.nextNormal() }
  var a = try g.multiply(g.transposed)
  for i in a.elements.indices { a.elements[i] /= Double(n) }
  for i in 0..<n { a[i, i] += 1 }
  try a.symmetrize()
  return a
}
