import Foundation
import Testing
import FisherBenchmarks

@Suite("bbob-noisy functions")
struct BBOBNoisyFunctionTests {
  /// 1,440 values of COCO's own code (cocoex 2.8.2): f101–f130 at six (dimension,
  /// instance) pairs, each problem evaluated at eight points right after cocoex reset
  /// its noise counters (Benchmarks/peers/bbob_noisy_reference_values.py).
  @Test func matchesCocoexFromAFreshStream() throws {
    let rows = try BBOBReferenceValue.load("bbob-noisy-cocoex-values")
    #expect(rows.count == 1440)
    var failures: [String] = []
    var key = ""
    var f: BBOBNoisyFunction?
    var noise = BBOBNoiseStream()
    for row in rows {
      let rowKey = "\(row.function)/\(row.instance)/\(row.dimension)"
      if rowKey != key {
        f = try BBOBNoisyFunction(function: row.function, instance: row.instance, dimension: row.dimension)
        key = rowKey
        noise = BBOBNoiseStream()
      }
      let value = try #require(f).evaluate(row.x, noise: &noise)
      if !BBOBReferenceValue.agrees(value, row.f) { failures.append("\(row): \(value) vs \(row.f)") }
    }
    #expect(failures.isEmpty, "\(failures.count) mismatches, e.g. \(failures.prefix(10))")
  }

  /// One cocoex session of 300 evaluations of 120 problems in random order, sharing
  /// COCO's noise counters, with points that have an infinite or NaN coordinate (they
  /// draw no noise): replayed with one shared stream.
  @Test func matchesAnInterleavedCocoexSession() throws {
    let rows = try BBOBReferenceValue.load("bbob-noisy-cocoex-session")
    #expect(rows.count == 300)
    var cache: [String: BBOBNoisyFunction] = [:]
    var noise = BBOBNoiseStream()
    var failures: [String] = []
    var nonFinite = 0
    for (k, row) in rows.enumerated() {
      let key = "\(row.function)/\(row.instance)/\(row.dimension)"
      let f = try cache[key] ?? BBOBNoisyFunction(function: row.function, instance: row.instance, dimension: row.dimension)
      cache[key] = f
      let value = f.evaluate(row.x, noise: &noise)
      let agrees: Bool
      if row.f.isNaN || row.f.isInfinite {
        nonFinite += 1
        agrees = row.f.isNaN ? value.isNaN : value == row.f
      } else {
        agrees = BBOBReferenceValue.agrees(value, row.f)
      }
      if !agrees { failures.append("evaluation \(k), \(row): \(value) vs \(row.f)") }
    }
    #expect(nonFinite == 4)
    #expect(failures.isEmpty, "\(failures.count) mismatches, e.g. \(failures.prefix(10))")
  }
}

extension BBOBNoisyFunctionTests {
  /// The stream's k-th draw is the first number of COCO's legacy generator from seed 30 + k,
  /// uniform and Gaussian counters advance independently, and skipping equals drawing.
  @Test func streamDrawsFollowTheLegacyGeneratorSeeds() throws {
    var noise = BBOBNoiseStream()
    for k in 1...5 {
      #expect(noise.nextUniform() == BBOBLegacyRandom.uniform(count: 1, seed: 30 + k)[0])
    }
    for k in 1...3 {
      #expect(noise.nextGaussian() == BBOBLegacyRandom.gaussian(count: 1, seed: 30 + k)[0])
    }
    #expect(noise.uniformSeed == 35 && noise.gaussianSeed == 33)

    var drawn = BBOBNoiseStream()
    for _ in 0..<7 { _ = drawn.nextUniform() }
    for _ in 0..<4 { _ = drawn.nextGaussian() }
    var skipped = BBOBNoiseStream()
    skipped.skip(uniform: 7, gaussian: 4)
    #expect(skipped == drawn)
  }

  /// Above 10⁹ the counters wrap to 1, as COCO's do, whether drawn or skipped.
  @Test func countersWrapToOne() throws {
    let top = BBOBNoiseStream.largestSeed
    var noise = try BBOBNoiseStream(uniformSeed: top - 1, gaussianSeed: top)
    _ = noise.nextUniform()
    _ = noise.nextGaussian()
    #expect(noise.uniformSeed == top && noise.gaussianSeed == 1)
    var skipped = try BBOBNoiseStream(uniformSeed: top - 1, gaussianSeed: top)
    skipped.skip(uniform: 3, gaussian: 2 * top + 5)
    #expect(skipped.uniformSeed == 2 && skipped.gaussianSeed == 5)
    #expect(throws: FisherError.self) { try BBOBNoiseStream(uniformSeed: 0, gaussianSeed: 30) }
    #expect(throws: FisherError.self) { try BBOBNoiseStream(uniformSeed: 30, gaussianSeed: top + 1) }
  }

  /// `value(at:evaluation:)` is the value a serial run from a fresh stream gives its k-th point.
  @Test func valueOfTheKthEvaluationEqualsASerialRun() throws {
    for function in [101, 102, 103, 118, 130] {
      let f = try BBOBNoisyFunction(function: function, instance: 3, dimension: 4)
      var noise = BBOBNoiseStream()
      for k in 0..<25 {
        let x = (0..<4).map { j in 4.5 * Foundation.sin(Double(7 * k + j)) }
        let serial = f.evaluate(x, noise: &noise)
        #expect(f.value(at: x, evaluation: k) == serial, "f\(function), evaluation \(k)")
      }
    }
  }

  /// The noise-free part is the bbob function of the same base at x_opt, f_opt there,
  /// and equal to the noiseless bbob function where the suites agree (f1, f8, f14).
  @Test func noiseFreeValuesAgreeWithTheBaseFunctions() throws {
    for function in BBOBNoisyFunction.functions {
      let f = try BBOBNoisyFunction(function: function, instance: 2, dimension: 5)
      let atOptimum = f.noiseFreeValue(f.optimum)
      #expect(Swift.abs(atOptimum - f.optimalValue) <= 1e-12 * Swift.max(1, Swift.abs(f.optimalValue)), "f\(function)")
      let base = try BBOBFunction(function: f.baseFunction, instance: 2, dimension: 5)
      #expect(f.optimalValue == base.optimalValue && f.optimum == base.optimum, "f\(function)")
      if [1, 8, 14].contains(f.baseFunction) {
        let x = [1.5, -2.25, 3.0, 0.125, -4.5]
        #expect(f.noiseFreeValue(x) == base.evaluate(x), "f\(function)")
      }
    }
  }

  /// At x_opt the multiplicative models leave exactly f_opt + 1.01·10⁻⁸, whatever the draws;
  /// the Cauchy model adds 1000α there except for its rare outliers.
  @Test func noiseVanishesAtTheOptimumForMultiplicativeModels() throws {
    for function in [101, 102, 107, 108, 110, 111] {
      let f = try BBOBNoisyFunction(function: function, instance: 1, dimension: 3)
      var noise = BBOBNoiseStream()
      let expected = 1.01 * 1e-8 + f.optimalValue
      for _ in 0..<20 {
        let y = f.evaluate(f.optimum, noise: &noise)
        #expect(Swift.abs(y - expected) <= 1e-12 * Swift.max(1, Swift.abs(expected)), "f\(function)")
      }
    }
    let cauchy = try BBOBNoisyFunction(function: 109, instance: 1, dimension: 3)
    var noise = BBOBNoiseStream()
    let values = (0..<400).map { _ in cauchy.evaluate(cauchy.optimum, noise: &noise) - cauchy.optimalValue }
    let plain = values.filter { Swift.abs($0 - (1000 + 1.01e-8)) < 1e-6 }.count
    // With p = 0.2, 320 of 400 draws are expected without an outlier; σ = 8.
    #expect((280...360).contains(plain), "\(plain) of 400 without an outlier")
  }

  /// Invalid problems throw; points COCO does not evaluate draw nothing.
  @Test func badInputThrowsOrDrawsNothing() throws {
    for (function, instance, dimension) in [(100, 1, 2), (131, 1, 2), (101, 0, 2), (101, 1, 1), (24, 1, 2)] {
      #expect(throws: FisherError.self) {
        try BBOBNoisyFunction(function: function, instance: instance, dimension: dimension)
      }
    }
    let f = try BBOBNoisyFunction(function: 103, instance: 1, dimension: 2)
    var noise = BBOBNoiseStream()
    #expect(f.evaluate([1, 2, 3], noise: &noise).isNaN)
    #expect(f.evaluate([.nan, 2], noise: &noise).isNaN)
    #expect(f.evaluate([1, -.infinity], noise: &noise) == .infinity)
    #expect(noise == BBOBNoiseStream())
    #expect(f.name == "bbob_noisy_f103_i01_d02")
    #expect(f.cocoName == "cauchy_noise_model(BBOB-NOISY suite problem f103 instance 1 in 2D)")
  }
}

extension BBOBNoisyFunctionTests {
  /// README's bbob-noisy example, with the same code.
  @Test func readmeExample() throws {
    let x = [Double](repeating: 0.5, count: 10)
    let f = try BBOBNoisyFunction(function: 122, instance: 1, dimension: 10)   // Schaffers F7, severe Gaussian noise
    var noise = BBOBNoiseStream()
    let y = f.evaluate(x, noise: &noise)     // noisy, advances the stream
    let clean = f.noiseFreeValue(x)          // what COCO's targets are measured on
    #expect(f.functionName == "Schaffers F7, severe Gaussian noise")
    #expect(noise.gaussianSeed == 31 && noise.uniformSeed == 30)
    // Gaussian noise with β = 1 multiplies f − f_opt by exp(N): positive, and not the clean value.
    #expect(y - f.optimalValue > 0 && y != clean)
  }
}
