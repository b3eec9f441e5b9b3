import Foundation
@testable import FisherControl

/// Plain reimplementations of pytorch_mppi 0.9's SMPPI and KMPPI update rules
/// for one control dimension on `Integrator` with `QuadraticCost`, written
/// from pytorch_mppi's formulas (not from Fisher's code), with Fisher's random
/// streams. Rollout k of step s draws its normals from
/// `RandomStreams(seed:).generator(generation: s, index: k)`; there is no
/// nominal rollout.
struct PathIntegralReference {
  var samples: Int
  var horizon: Int
  var sigma: Double
  var lambda: Double
  var lower: Double
  var upper: Double
  var seed: UInt64
  var target = 1.0
  var terminalWeight = 2.0

  /// These settings for Fisher's planners: a fixed λ, white noise of standard
  /// deviation σ, the bounds, no nominal rollout, one thread.
  func configuration() throws -> MPPIConfiguration {
    var c = MPPIConfiguration(samples: samples, horizon: horizon, temperature: .fixed(lambda),
                              noise: try NoiseCovariance(standardDeviations: [sigma]))
    c.includeNominal = false
    c.controlLowerBounds = [lower]
    c.controlUpperBounds = [upper]
    c.seed = seed
    c.threads = 1
    return c
  }

  /// The controls a planner's `command` gives in `steps` closed-loop steps of
  /// x' = x + u from `x0`.
  func closedLoop(steps: Int, from x0: Double, _ command: (Double) throws -> Double) rethrows -> [Double] {
    var x = x0, got: [Double] = []
    for _ in 0..<steps {
      let u = try command(x)
      got.append(u)
      x += u
    }
    return got
  }

  /// S_k of the rollout of `v` from x on x' = x + v with c = (x − target)², φ = w_T (x_T − target)².
  func rolloutCost(_ x0: Double, _ v: [Double]) -> Double {
    var x = x0, c = 0.0
    for u in v {
      x += u
      c += (x - target) * (x - target)
    }
    return c + terminalWeight * (x - target) * (x - target)
  }

  func weights(_ costs: [Double]) -> [Double] {
    let best = costs.min() ?? 0
    let raw = costs.map { exp(-($0 - best) / lambda) }
    let sum = raw.reduce(0, +)
    return raw.map { $0 / sum }
  }

  func clamp(_ v: Double) -> Double { Swift.min(Swift.max(v, lower), upper) }

  /// SMPPI's commands for `steps` steps of the closed loop x ← x + u from x₀, starting
  /// from the actions A₀ and zero derivatives.
  func smoothCommands(steps: Int, from x0: Double, actions a0: [Double], dt: Double, smoothness w: Double) -> [Double] {
    var a = a0, u = [Double](repeating: 0, count: horizon), x = x0, out: [Double] = []
    for s in 0..<steps {
      var noise: [[Double]] = [], costs: [Double] = []
      for k in 0..<samples {
        var rng = RandomStreams(seed: seed).generator(generation: s, index: k)
        let eps = (0..<horizon).map { _ in sigma * rng.nextNormal() }
        // perturbed_action = action_sequence + (U + noise) Δt, bounded; noise = (v − A)/Δt − U.
        let v = (0..<horizon).map { t in clamp(a[t] + (u[t] + eps[t]) * dt) }
        let e = (0..<horizon).map { t in (v[t] - a[t]) / dt - u[t] }
        var smooth = 0.0
        for t in 0..<(horizon - 1) { smooth += (v[t + 1] - v[t]) * (v[t + 1] - v[t]) }
        let control = (0..<horizon).reduce(0.0) { $0 + u[$1] * lambda * e[$1] / (sigma * sigma) }
        noise.append(e)
        costs.append(rolloutCost(x, v) + control + w * smooth)
      }
      let wk = weights(costs)
      for t in 0..<horizon { u[t] += (0..<samples).reduce(0.0) { $0 + wk[$1] * noise[$1][t] } }
      for t in 0..<horizon { a[t] += u[t] * dt }
      let command = clamp(a[0])
      out.append(command)
      x += command
      u = Array(u.dropFirst()) + [0]
      a = Array(a.dropFirst()) + [a[horizon - 1]]
    }
    return out
  }

  /// W = k(q, τ) K(τ, τ)⁻¹ for pytorch_mppi's RBF kernel, by Gaussian elimination.
  static func interpolationMatrix(sigma: Double, support tau: [Double], queries q: [Double]) -> [[Double]] {
    func k(_ a: Double, _ b: Double) -> Double { exp(-(a - b) * (a - b) / (1e-8 + 2 * sigma * sigma)) }
    let gram = tau.map { a in tau.map { b in k(a, b) } }
    return q.map { t in solve(gram, tau.map { k(t, $0) }) }
  }

  /// x with A x = b (A symmetric, so this is also the row vector bᵀA⁻¹), partial pivoting.
  static func solve(_ matrix: [[Double]], _ rhs: [Double]) -> [Double] {
    var a = matrix, b = rhs
    let n = b.count
    for c in 0..<n {
      let p = (c..<n).max { abs(a[$0][c]) < abs(a[$1][c]) } ?? c
      a.swapAt(c, p)
      b.swapAt(c, p)
      for r in (c + 1)..<n {
        let f = a[r][c] / a[c][c]
        for j in c..<n { a[r][j] -= f * a[c][j] }
        b[r] -= f * b[c]
      }
    }
    var x = [Double](repeating: 0, count: n)
    for r in stride(from: n - 1, through: 0, by: -1) {
      var s = b[r]
      for j in (r + 1)..<n { s -= a[r][j] * x[j] }
      x[r] = s / a[r][r]
    }
    return x
  }

  /// pytorch_mppi's support times linspace(0, T − 1, S).
  static func supportTimes(_ s: Int, horizon: Int) -> [Double] {
    (0..<s).map { s == 1 ? 0 : Double(horizon - 1) * Double($0) / Double(s - 1) }
  }

  /// KMPPI's commands for `steps` steps of the closed loop x ← x + u from x₀,
  /// starting from zero support points and controls.
  func kernelCommands(steps: Int, from x0: Double, supportPoints s: Int, kernelSigma: Double) -> [Double] {
    let tau = Self.supportTimes(s, horizon: horizon)
    let w = Self.interpolationMatrix(sigma: kernelSigma, support: tau, queries: (0..<horizon).map(Double.init))
    let shift = Self.interpolationMatrix(sigma: kernelSigma, support: tau, queries: tau.map { $0 + 1 })
    func apply(_ m: [[Double]], _ v: [Double]) -> [Double] { m.map { row in zip(row, v).reduce(0) { $0 + $1.0 * $1.1 } } }
    var theta = [Double](repeating: 0, count: s), u = [Double](repeating: 0, count: horizon), x = x0
    var out: [Double] = []
    for step in 0..<steps {
      var noiseTheta: [[Double]] = [], costs: [Double] = []
      for k in 0..<samples {
        var rng = RandomStreams(seed: seed).generator(generation: step, index: k)
        let points = (0..<s).map { i in clamp(theta[i] + sigma * rng.nextNormal()) }
        let v = apply(w, points).map(clamp)
        // noise = v − U; action cost λ Σ U Σ⁻¹ noise.
        let control = (0..<horizon).reduce(0.0) { $0 + u[$1] * lambda * (v[$1] - u[$1]) / (sigma * sigma) }
        noiseTheta.append((0..<s).map { points[$0] - theta[$0] })
        costs.append(rolloutCost(x, v) + control)
      }
      let wk = weights(costs)
      for i in 0..<s { theta[i] += (0..<samples).reduce(0.0) { $0 + wk[$1] * noiseTheta[$1][i] } }
      u = apply(w, theta)
      let command = clamp(u[0])
      out.append(command)
      x += command
      u = Array(u.dropFirst()) + [0]
      theta = apply(shift, theta)
    }
    return out
  }
}

/// Σ_n |u_{n+1} − u_n| of a one-dimensional control sequence.
func totalVariation(_ controls: [[Double]]) -> Double {
  zip(controls, controls.dropFirst()).reduce(0) { $0 + abs($1.1[0] - $1.0[0]) }
}

/// The running cost of the pendulum left hanging for `steps` steps with zero torque.
func doNothingPendulumCost(steps: Int) throws -> Double {
  var x = Pendulum.hangingDown, total = 0.0
  for n in 0..<steps {
    total += PendulumCost().runningCost(state: x, control: [0], step: n)
    x = try Pendulum().next(x, [0])
  }
  return total
}
