import Fisher

/// The reference: the same study in one process, one loop (see ``Study``).
func singleProcessRun(
  _ initial: ShrinkingES, budget: Int, bounds: BoxBounds? = nil, failed: Set<[Int]> = [],
  _ f: ([Double]) -> Double
) throws -> ShrinkingES {
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
