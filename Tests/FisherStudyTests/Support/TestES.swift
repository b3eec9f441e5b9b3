import Fisher

/// A small (μ/μ, λ)-ES with a geometrically shrinking step size: a real
/// ask/tell strategy whose state moves with every fitness value, so a study
/// that lost, duplicated or reordered a result ends in a different state.
struct TestES: Strategy {
  static let name = "test-es"
  var mean: [Double]
  var stepSize: Double
  var populationSize: Int
  var generation = 0
  var seed: UInt64
  var dimension: Int { mean.count }

  init(mean: [Double], sigma: Double, populationSize: Int = 6, seed: UInt64) {
    self.mean = mean
    self.stepSize = sigma
    self.populationSize = populationSize
    self.seed = seed
  }

  func ask() -> Population {
    let n = dimension
    var z = Matrix(rows: populationSize, columns: n)
    var x = Matrix(rows: populationSize, columns: n)
    let streams = RandomStreams(seed: seed)
    for k in 0..<populationSize {
      var rng = streams.generator(generation: generation, index: k)
      for j in 0..<n {
        let v = rng.nextNormal()
        z[k, j] = v
        x[k, j] = mean[j] + stepSize * v
      }
    }
    return Population(generation: generation, candidates: x, directions: z)
  }

  /// Weighted recombination of the better half (weights μ, μ−1, …, 1), so
  /// the new mean depends on the exact ranking, not only on the selected set.
  mutating func tell(_ population: Population, fitness: [Double]) throws {
    try validateTell(population, fitness: fitness)
    let order = fitness.indices.sorted { (fitness[$0], $0) < (fitness[$1], $1) }
    let mu = populationSize / 2
    let total = Double(mu * (mu + 1) / 2)
    for j in 0..<dimension {
      var s = 0.0
      for (rank, k) in order.prefix(mu).enumerated() { s += Double(mu - rank) * population.directions[k, j] }
      mean[j] += stepSize * s / total
    }
    stepSize *= 0.93
    generation += 1
  }
}

/// The reference: the same study in one process, one loop (see ``Study``).
func singleProcessRun(
  _ initial: TestES, budget: Int, bounds: BoxBounds? = nil, failed: Set<[Int]> = [],
  _ f: ([Double]) -> Double
) throws -> TestES {
  var s = initial
  var evaluations = 0
  var allFailed = false
  repeat {
    let p = s.ask()
    let fitness = (0..<p.count).map { i in
      failed.contains([s.generation, i]) ? Double.infinity : f(bounds?.repair(p[i]) ?? p[i])
    }
    try s.tell(p, fitness: fitness)
    evaluations += p.count
    allFailed = fitness.allSatisfy { $0 == .infinity }
  } while evaluations < budget && s.stopReason == nil && !allFailed
  return s
}

/// The sphere, summed left to right (the worker script sums the same way).
func sphere(_ x: [Double]) -> Double {
  var s = 0.0
  for v in x { s += v * v }
  return s
}
