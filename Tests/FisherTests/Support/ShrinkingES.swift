import Fisher

/// A small (μ/μ, λ)-ES with a geometrically shrinking step size: enough of a
/// strategy to exercise the driver without depending on a real one.
///
/// Also the strategy of the study-store tests (Tests/FisherStudyTests/Support
/// links this file), which use `.linear` recombination: its state moves with
/// every fitness value and with their exact ranking, so a study that lost,
/// duplicated or reordered a result ends in a different state.
struct ShrinkingES: Strategy {
  static let name = "shrinking-es"
  var mean: [Double]
  var stepSize: Double
  var populationSize: Int
  var generation = 0
  var seed: UInt64
  var shrink = 0.9
  var recombination: Recombination
  var dimension: Int { mean.count }

  /// How the better half of a generation is averaged into the new mean.
  enum Recombination: String, Codable, Sendable {
    /// Equal weights: the new mean depends only on which candidates were selected.
    case equal
    /// Weights μ, μ−1, …, 1 by rank: it depends on their order too.
    case linear
  }

  init(mean: [Double], sigma: Double, populationSize: Int = 8, seed: UInt64, recombination: Recombination = .equal) {
    self.mean = mean
    self.stepSize = sigma
    self.populationSize = populationSize
    self.seed = seed
    self.recombination = recombination
  }

  func ask() -> Population {
    let n = dimension
    var z = try! Matrix(rows: populationSize, columns: n)  // sizes validated by init
    var x = try! Matrix(rows: populationSize, columns: n)
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
    // Ties go to the lower index, so the ranking never depends on the sort.
    let order = fitness.indices.sorted { (fitness[$0], $0) < (fitness[$1], $1) }
    let mu = populationSize / 2
    let weights = (0..<mu).map { rank in recombination == .linear ? Double(mu - rank) : 1 }
    let total = weights.reduce(0, +)
    for j in 0..<dimension {
      var s = 0.0
      for (rank, k) in order.prefix(mu).enumerated() { s += weights[rank] * population.directions[k, j] }
      mean[j] += stepSize * s / total
    }
    stepSize *= shrink
    generation += 1
  }

  var stopReason: StopReason? { stepSize < 1e-6 ? .strategy("tolx") : nil }
}
