import Testing
@testable import Fisher

/// CMA-ES default parameters against pycma.
///
/// The expected numbers were produced once with pycma 4.5.0 by
/// `Benchmarks/peers/cmaes_reference_values.py`, which prints
/// `cma.CMAEvolutionStrategy(n * [1], 1).sp` (weights, mueff, cc, c1/cmu of the
/// sampler, the separable rates), `es.adapt_sigma.cs`/`.damps`,
/// `Mh.chiN(n)`, `es.sm.lazy_update_gap` and the `maxiter`/`tolstagnation` options.
/// Both sides evaluate the same closed forms in double precision, so they agree
/// to a few ulps; 1e-14 relative leaves room for a different order of operations.
@Suite struct CMAESParameterTests {
  struct Reference {
    var n: Int
    var lambda: Int
    var mu: Int
    var mueff: Double
    var weights: [Double]
    var cs, damps, cc, c1, cmu, chiN, lazyGap: Double
    var maxIterations, tolStagnation: Int
    var ccSep, c1Sep, cmuSep: Double
    /// pycma's `RecombinationWeights(λ).finalize_negative_weights(n, c1_sep, cmu_sep, pos_def=True)`.
    var separableWeights: [Double]
  }

  static let references: [Reference] = [
    Reference(
      n: 2, lambda: 6, mu: 3, mueff: 2.0286114646100617,
      weights: [0.6370425712412168, 0.28457025743803294, 0.07838717132075033, -0.28638378259655295, -0.7649580940851277, -1.1559817781589212],
      cs: 0.5, damps: 1.5, cc: 0.6245545390268264, c1: 0.1548153998964136, cmu: 0.08559277942666424,
      chiN: 1.2533141373155003, lazyGap: 0.20797961259382275, maxIterations: 1620, tolStagnation: 146,
      ccSep: 0.6376914306615442, c1Sep: 0.17115278491522404, cmuSep: 0.08897996160252669,
      separableWeights: [0.6370425712412168, 0.28457025743803294, 0.07838717132075033, -0.28638378259655306, -0.7649580940851277, -1.1559817781589212]),
    Reference(
      n: 10, lambda: 10, mu: 5, mueff: 3.1672992814107017,
      weights: [0.45627264690340597, 0.2707530970017852, 0.16223111715866978, 0.08523354710016448, 0.025509591835974777, -0.08001260758087224, -0.22176416099914653, -0.34455494178482093, -0.45286408637842196, -0.5497499176973853],
      cs: 0.3196142529106334, damps: 1.3196142529106334, cc: 0.29499038303562225, c1: 0.015283824524751714, cmu: 0.02355177665041747,
      chiN: 3.084327759799864, lazyGap: 0.2574956920299673, maxIterations: 7775, tolStagnation: 389,
      ccSep: 0.3636615460252773, c1Sep: 0.0600915124684537, cmuSep: 0.07151581831113847,
      separableWeights: [0.45627264690340597, 0.2707530970017852, 0.16223111715866978, 0.08523354710016448, 0.025509591835974777, -0.058920456372098806, -0.16330483367684878, -0.2537266941925889, -0.33348442765073705, -0.4048301514047544]),
    Reference(
      n: 100, lambda: 17, mu: 8, mueff: 5.096188878610173,
      weights: [0.3150958752676225, 0.21569419380063062, 0.15754793763381125, 0.11629251233363877, 0.08429231839036964, 0.0581462561668194, 0.036040075540460764, 0.01689083086664692, 0.0, -0.04335868036680265, -0.08258137775050926, -0.118388895012679, -0.15132861779252368, -0.18182603760091323, -0.21021845618118823, -0.236777790025358, -0.26172644923877597],
      cs: 0.06564698489582318, damps: 1.0656469848958232, cc: 0.03891342005784185, c1: 0.000194802926953566, cmu: 0.0006806381419706107,
      chiN: 9.97503163955105, lazyGap: 1.1422813430821708, maxIterations: 377121, tolStagnation: 5713,
      ccSep: 0.10492186374458913, c1Sep: 0.008329795815600286, cmuSep: 0.02485065800935108,
      separableWeights: [0.3150958752676225, 0.21569419380063062, 0.15754793763381125, 0.11629251233363877, 0.08429231839036964, 0.0581462561668194, 0.036040075540460764, 0.01689083086664692, 0.0, -0.013115140615198247, -0.024979228432052955, -0.03581029201612959, -0.04577390466366942, -0.05499876911535606, -0.06358691245679822, -0.07162058403225918, -0.07916705848619945]),
  ]

  static func close(_ a: Double, _ b: Double, _ rel: Double = 1e-14) -> Bool {
    abs(a - b) <= rel * Swift.max(abs(a), abs(b)) + 1e-300
  }

  @Test(arguments: references)
  func defaultsEqualPycma(_ r: Reference) throws {
    let p = try CMAESParameters(dimension: r.n)
    #expect(p.populationSize == r.lambda)
    #expect(p.mu == r.mu)
    #expect(Self.close(p.mueff, r.mueff))
    #expect(p.weights.count == r.weights.count)
    for (a, b) in zip(p.weights.weights, r.weights) { #expect(Self.close(a, b), "\(a) vs \(b)") }
    #expect(Self.close(p.cs, r.cs))
    #expect(Self.close(p.damps, r.damps))
    #expect(Self.close(p.cc, r.cc))
    #expect(Self.close(p.c1, r.c1))
    #expect(Self.close(p.cmu, r.cmu))
    #expect(Self.close(p.chiN, r.chiN))
    #expect(Self.close(p.eigenUpdateGap, r.lazyGap))
    #expect(p.maxIterations == r.maxIterations)
    #expect(p.tolStagnation == r.tolStagnation)
  }

  @Test(arguments: references)
  func separableRatesEqualPycma(_ r: Reference) throws {
    let p = try CMAESParameters(dimension: r.n, separable: true)
    #expect(Self.close(p.cc, r.ccSep))
    #expect(Self.close(p.c1, r.c1Sep))
    #expect(Self.close(p.cmu, r.cmuSep))
    for (a, b) in zip(p.weights.weights, r.separableWeights) { #expect(Self.close(a, b), "\(a) vs \(b)") }
  }

  /// The sum rules of Hansen (2016), eq. (53), recomputed from the raw weights:
  /// positive weights sum to 1, negative ones to −min(α_μ⁻, α_posdef⁻, α_μeff⁻).
  @Test(arguments: [2, 3, 5, 10, 40, 100, 1000], [nil, 7, 50, 400] as [Int?])
  func weightSumRules(n: Int, lambda: Int?) throws {
    let p = try CMAESParameters(dimension: n, populationSize: lambda)
    let lam = p.populationSize
    let raw = (1...lam).map { _logHalf(lam) - _log(Double($0)) }
    let mu = raw.filter { $0 > 0 }.count
    let pos = raw[..<mu].reduce(0, +)
    let mueff = pos * pos / raw[..<mu].reduce(0) { $0 + $1 * $1 }
    let neg = raw[mu...].filter { $0 < 0 }
    let mueffMinus = neg.isEmpty ? 0 : neg.reduce(0, +) * neg.reduce(0, +) / neg.reduce(0) { $0 + $1 * $1 }
    let alphaMu = 1 + p.c1 / p.cmu
    let alphaPosdef = (1 - p.c1 - p.cmu) / (Double(n) * p.cmu)
    let alphaMueff = 1 + 2 * mueffMinus / (mueff + 2)

    let w = p.weights.weights
    #expect(p.mu == lam / 2)
    #expect(abs(w[..<p.mu].reduce(0, +) - 1) < 1e-14)
    #expect(Self.close(p.mueff, mueff, 1e-13))
    let negativeSum = w[p.mu...].reduce(0, +)
    #expect(Self.close(-negativeSum, Swift.min(alphaMu, alphaPosdef, alphaMueff), 1e-13))
    // Decreasing, and the middle weight of an odd λ is exactly zero.
    #expect(zip(w, w.dropFirst()).allSatisfy { $0 >= $1 })
    if lam % 2 == 1 { #expect(w[lam / 2] == 0) }
    // With α_μ⁻ binding (the default λ), C does not decay: c₁ + c_μ Σ w = 0.
    if lambda == nil, alphaMu <= Swift.min(alphaPosdef, alphaMueff) {
      #expect(abs(p.c1 + p.cmu * w.reduce(0, +)) < 1e-15)
    }
  }

  @Test func passiveWeightsAreZeroBelowMu() throws {
    let p = try CMAESParameters(dimension: 10, options: .init(activeCovariance: false))
    #expect(p.weights.weights[p.mu...].allSatisfy { $0 == 0 })
  }

  @Test func invalidSettingsThrow() {
    #expect(throws: FisherError.self) { try CMAESParameters(dimension: 0) }
    #expect(throws: FisherError.self) { try CMAESParameters(dimension: 3, populationSize: 1) }
    #expect(throws: FisherError.self) { try CMAESParameters(dimension: 3, options: .init(tolFun: -1)) }
    #expect(throws: FisherError.self) { try CMAESParameters(dimension: 3, options: .init(tolX: .nan)) }
    #expect(throws: FisherError.self) { try CMAESParameters(dimension: 3, options: .init(maxIterations: -2)) }
    #expect(throws: FisherError.self) { try CMAESParameters(dimension: 3, options: .init(eigenUpdateGap: .infinity)) }
  }
}

private func _log(_ x: Double) -> Double {
  // Independent of the library's weights code: the natural log from the C library.
  #if canImport(Glibc)
  return Glibc.log(x)
  #else
  return Darwin.log(x)
  #endif
}

private func _logHalf(_ lambda: Int) -> Double { _log(Double(lambda + 1) / 2) }

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
