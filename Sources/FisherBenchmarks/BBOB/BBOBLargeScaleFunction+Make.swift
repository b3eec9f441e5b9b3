import Foundation

extension BBOBLargeScaleFunction {
  /// bbob-largescale function `function` (1…24 except 20, which is bbob's f20 there),
  /// instance `instance`, in `dimension` coordinates, as COCO composes it.
  ///
  /// - Complexity: O(n·s²) for the block rotations of size s = min(n, 40), O(p·n·s) for Gallagher's p peaks.
  init(function: Int, instance: Int, dimension n: Int) {
    let seed = function + 10000 * instance
    let fopt = BBOBLegacyRandom.optimalValue(function: function, instance: instance)
    let xopt = { (s: Int) in BBOBLegacyRandom.optimum(seed: s, dimension: n) }
    let rotation = { (s: Int) in Step.rotation(BBOBPermutedBlockRotation(seed: s, dimension: n)) }
    let permutation = { (s: Int) in Step.permutation(BBOBPermutedBlockRotation.swapPermutation(seed: s, dimension: n)) }
    let normalized: [ObjectiveStep] = [.normalizeByDimension, .shift(fopt)]
    // The chains below list COCO's transformations in the order they act on x,
    // the reverse of the order the C code wraps them in.
    switch function {
    case 1:
      let x = xopt(seed)
      self.init(n, [.shift(x)], .sphere, normalized, x)
    case 2:
      let x = xopt(seed)
      self.init(n, [.shift(x), .oscillate], .ellipsoid, normalized, x)
    case 3:
      let x = xopt(seed)
      self.init(n, [.shift(x), .oscillate, .asymmetric(0.2), .conditioning(10)], .rastrigin, normalized, x)
    case 4:
      var x = xopt(3 + 10000 * instance)
      for i in stride(from: 0, to: n, by: 2) { x[i] = Swift.abs(x[i]) }
      self.init(
        n, [.shift(x), .oscillate, .brs], .buecheRastrigin, [.normalizeByDimension, .shift(fopt), .penalize(100)], x)
    case 5:
      let corner = xopt(seed).map { $0 < 0 ? -5.0 : 5.0 }
      self.init(n, [], .linearSlope(corner: corner), normalized, corner)
    case 6, 7:
      let x = xopt(seed)
      let (b1, b2) = (rotation(seed + 1_000_000), rotation(seed))
      let (p11, p12) = (permutation(seed + 2_000_000), permutation(seed + 3_000_000))
      let (p21, p22) = (permutation(seed + 4_000_000), permutation(seed + 5_000_000))
      if function == 6 {
        self.init(
          n, [.shift(x), p11, b2, p12, .conditioning(10), p21, b1, p22], .attractiveSector(xopt: x),
          [.normalizeByDimension, .oscillate, .power(0.9), .shift(fopt)], x)
      } else {
        self.init(
          n, [.shift(x), p11, b2, p12, .conditioning(10), .roundStep, p21, b1, p22], .stepEllipsoid,
          [.normalizeByDimension, .penalize(1), .shift(fopt)], x)
      }
    case 8, 9:
      let x = xopt(seed).map { $0 * 0.75 }
      let factor = Swift.max(1.0, Double(BBOBPermutedBlockRotation.blockSize(dimension: n)).squareRoot() / 8.0)
      let tail: [Step] = [.scale(factor), .shift([Double](repeating: -1, count: n))]
      let rotated: [Step] =
        function == 8 ? [] : [permutation(seed + 2_000_000), rotation(seed), permutation(seed + 3_000_000)]
      self.init(n, [.shift(x)] + rotated + tail, .rosenbrock, normalized, x)
    case 10, 11, 14:
      let x = xopt(seed)
      let core: [Step] = [
        .shift(x), permutation(seed + 2_000_000), rotation(seed + 1_000_000), permutation(seed + 3_000_000),
      ]
      switch function {
      case 10: self.init(n, core + [.oscillate], .ellipsoid, normalized, x)
      case 11: self.init(n, core + [.oscillate], .discus, normalized, x)
      default: self.init(n, core, .differentPowers, normalized, x)
      }
    case 12:
      let x = xopt(seed + 1_000_000)
      let (p1, b, p2) = (permutation(seed + 2_000_000), rotation(seed + 1_000_000), permutation(seed + 3_000_000))
      self.init(n, [.shift(x), p1, b, p2, .asymmetric(0.5), p1, b, p2], .bentCigar, normalized, x)
    case 13:
      let x = xopt(seed)
      let (b1, b2) = (rotation(seed + 1_000_000), rotation(seed))
      let (p11, p21) = (permutation(seed + 3_000_000), permutation(seed + 4_000_000))
      let (p12, p22) = (permutation(seed + 5_000_000), permutation(seed + 6_000_000))
      self.init(n, [.shift(x), p12, b2, p22, .conditioning(10), p11, b1, p21], .sharpRidge, normalized, x)
    case 15, 23, 24:
      let (b1, b2) = (rotation(seed + 1_000_000), rotation(seed))
      let (p11, p12) = (permutation(seed + 3_000_000), permutation(seed + 4_000_000))
      let (p21, p22) = (permutation(seed + 5_000_000), permutation(seed + 6_000_000))
      if function == 15 {
        let x = xopt(seed)
        self.init(
          n,
          [.shift(x), p11, b1, p12, .oscillate, .asymmetric(0.2), p21, b2, p22, .conditioning(10), p11, b1, p12],
          .rastrigin, normalized, x)
      } else if function == 23 {
        let x = xopt(seed)
        self.init(
          n, [.shift(x), p11, b2, p12, .conditioning(100), p21, b1, p22], .katsuura, [.penalize(1), .shift(fopt)], x)
      } else {
        let mu0 = 2.5
        let signs = BBOBLegacyRandom.gaussian(count: n, seed: seed).map { $0 < 0 ? -1.0 : 1.0 }
        self.init(
          n,
          [
            .signedDouble(signs), .shift([Double](repeating: mu0, count: n)), p11, b2, p12, .conditioning(100), p21, b1,
            p22,
          ],
          .lunacek, [.normalizeByDimension, .penalize(1e4), .shift(fopt)], signs.map { 0.5 * mu0 * $0 })
      }
    case 16, 17, 18:
      let s = function == 18 ? 17 + 10000 * instance : seed
      let x = xopt(s)
      let (b1, b2) = (rotation(s + 1_000_000), rotation(s))
      let (p11, p21) = (permutation(s + 3_000_000), permutation(s + 4_000_000))
      let (p12, p22) = (permutation(s + 5_000_000), permutation(s + 6_000_000))
      if function == 16 {
        self.init(
          n, [.shift(x), p12, b1, p22, .oscillate, p11, b2, p21, .conditioning(0.01), p12, b1, p22], .weierstrass,
          [.penalize(10.0 / Double(n)), .shift(fopt)], x)
      } else {
        self.init(
          n, [.shift(x), p12, b1, p22, .asymmetric(0.5), p11, b2, p21, .conditioning(function == 17 ? 10 : 1000)],
          .schaffers, [.penalize(10), .shift(fopt)], x)
      }
    case 19:
      let b = BBOBPermutedBlockRotation(seed: seed, dimension: n)
      let p1 = BBOBPermutedBlockRotation.swapPermutation(seed: seed + 2_000_000, dimension: n)
      let p2 = BBOBPermutedBlockRotation.swapPermutation(seed: seed + 3_000_000, dimension: n)
      let scale = Swift.max(1.0, Double(BBOBPermutedBlockRotation.blockSize(dimension: n)).squareRoot() / 8.0)
      // COCO's x_opt: x_{P₁(j)} = Σ_i B_ij / (2·scale), the rows summed within j's block.
      var x = [Double](repeating: 0, count: n)
      for j in 0..<n {
        var s = 0.0
        for i in 0..<n { s += b.entry(i, j) }
        x[p1[j]] = s / (2.0 * scale)
      }
      self.init(
        n,
        [
          .permutation(p1), .rotation(b), .permutation(p2), .scale(scale),
          .shift([Double](repeating: -0.5, count: n)),
        ],
        .griewankRosenbrock, [.shift(fopt)], x)
    default:  // 21, 22
      let b = BBOBPermutedBlockRotation(seed: seed, dimension: n)
      let g = BBOBLargeScaleGallagher(dimension: n, seed: seed, peaks: function == 21 ? 101 : 21, rotation: b)
      self.init(
        n, [.rotation(b)], .gallagher(g), [.oscillate, .power(2), .penalize(1), .shift(fopt)], g.optimum)
    }
  }

  private init(_ n: Int, _ steps: [Step], _ raw: Raw, _ objective: [ObjectiveStep], _ optimum: [Double]) {
    dimension = n
    self.steps = steps
    self.raw = raw
    self.objective = objective
    self.optimum = optimum
  }
}
