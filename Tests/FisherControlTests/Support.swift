import FisherControl

/// x' = x + u·dt in one dimension: the simplest system with a hand-computable rollout.
struct Integrator: DynamicalSystem {
  var dt = 1.0
  var stateDimension: Int { 1 }
  var controlDimension: Int { 1 }
  func step(states: UnsafeMutableBufferPointer<Double>, controls: UnsafeBufferPointer<Double>, count: Int) {
    for k in 0..<count { states[k] += dt * controls[k] }
  }
}

/// c(x, u) = (x − target)², φ(x) = terminalWeight·(x − target)².
struct QuadraticCost: ControlCost {
  var target = 1.0
  var terminalWeight = 0.0
  func accumulateRunningCost(
    states: UnsafeBufferPointer<Double>, controls: UnsafeBufferPointer<Double>, count: Int, time: Int,
    into costs: UnsafeMutableBufferPointer<Double>
  ) {
    for k in 0..<count { costs[k] += (states[k] - target) * (states[k] - target) }
  }
  func accumulateTerminalCost(states: UnsafeBufferPointer<Double>, count: Int, into costs: UnsafeMutableBufferPointer<Double>) {
    for k in 0..<count { costs[k] += terminalWeight * (states[k] - target) * (states[k] - target) }
  }
}

/// The MPPI settings of the pendulum tests: pytorch_mppi's example (T = 15, λ = 1, σ = √10), fewer samples.
func pendulumConfiguration(samples: Int = 300, seed: UInt64 = 1, threads: Int = 2) throws -> MPPIConfiguration {
  var c = MPPIConfiguration(samples: samples, horizon: 15, noise: try NoiseCovariance(standardDeviations: [Double(10).squareRoot()]))
  c.seed = seed
  c.threads = threads
  return c
}
