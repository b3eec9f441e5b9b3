import Fisher

/// A small (μ/μ, λ)-ES with a geometrically shrinking step size: enough of a
/// strategy to exercise the driver without depending on a real one.
struct ShrinkingES: Strategy {
  static let name = "shrinking-es"
  var mean: [Double]
  var stepSize: Double
  var populationSize: Int
  var generation = 0
  var seed: UInt64
  var shrink = 0.9
  var dimension: Int { mean.count }

  init(mean: [Double], sigma: Double, populationSize: Int = 8, seed: UInt64) {
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

  mutating func tell(_ population: Population, fitness: [Double]) throws {
    try validateTell(population, fitness: fitness)
    let order = fitness.indices.sorted { fitness[$0] < fitness[$1] }
    let mu = populationSize / 2
    for j in 0..<dimension {
      var s = 0.0
      for k in order.prefix(mu) { s += population.directions[k, j] }
      mean[j] += stepSize * s / Double(mu)
    }
    stepSize *= shrink
    generation += 1
  }

  var stopReason: StopReason? { stepSize < 1e-6 ? .strategy("tolx") : nil }
}
