import Fisher

/// f(x) = Σ xⱼ² of every candidate of `population`: the objective of the
/// time-per-generation benchmarks, evaluated in place over the candidate matrix.
func _sphereValues(_ population: Population) -> [Double] {
  let n = population.candidates.columns
  var f = [Double](repeating: 0, count: population.count)
  population.candidates.elements.withUnsafeBufferPointer { x in
    for k in 0..<population.count {
      var s = 0.0
      for j in 0..<n { s += x[k * n + j] * x[k * n + j] }
      f[k] = s
    }
  }
  return f
}
