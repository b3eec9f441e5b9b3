import Foundation
import Testing
@testable import Fisher

@Suite struct StandardNormalDistributionTests {
  /// Φ⁻¹ at points whose values are tabulated (Python's statistics.NormalDist,
  /// which agrees with Abramowitz & Stegun's tables where they overlap).
  @Test func quantileMatchesTabulatedValues() {
    let table: [(Double, Double)] = [
      (1e-300, -37.0470962993612), (1e-20, -9.262340089798405), (1e-10, -6.361340902404056),
      (0.001, -3.090232306167813), (0.02425, -1.9729610513118845), (0.1, -1.2815515655446008),
      (0.3, -0.5244005127080407), (0.5, 0), (0.7, 0.5244005127080407), (0.975, 1.9599639845400536),
      (0.999999, 4.753424308817089),
    ]
    for (p, z) in table {
      let q = StandardNormalDistribution.quantile(p)
      #expect(abs(q - z) <= 4e-15 * Swift.max(1, abs(z)), "Φ⁻¹(\(p)) = \(q), expected \(z)")
    }
  }

  /// Φ(Φ⁻¹(p)) = p over 14 decades of tail and the centre: Φ is computed from
  /// erfc, independently of the rational approximations.
  @Test func quantileInvertsTheCDF() {
    var worst = 0.0
    var p = 1e-14
    while p < 0.5 {
      for q in [p, 1 - p] {
        let back = StandardNormalDistribution.cdf(StandardNormalDistribution.quantile(q))
        // Relative to the smaller tail, which is what the margin uses.
        let tail = Swift.min(q, 1 - q)
        let backTail = q < 0.5 ? back : 1 - back
        worst = Swift.max(worst, abs(backTail - tail) / tail)
      }
      p *= 1.37
    }
    #expect(worst < 1e-12, "worst relative error \(worst)")
  }

  @Test func edgesAndSymmetry() {
    #expect(StandardNormalDistribution.quantile(0) == -.infinity)
    #expect(StandardNormalDistribution.quantile(1) == .infinity)
    #expect(StandardNormalDistribution.quantile(-0.1).isNaN)
    #expect(StandardNormalDistribution.quantile(.nan).isNaN)
    #expect(StandardNormalDistribution.cdf(0) == 0.5)
    #expect(abs(StandardNormalDistribution.cdf(-8) - 6.22096057427178e-16) < 1e-28)
    for p in [0.01, 0.2, 0.4] {
      #expect(StandardNormalDistribution.quantile(p) == -StandardNormalDistribution.quantile(1 - p)
        || abs(StandardNormalDistribution.quantile(p) + StandardNormalDistribution.quantile(1 - p)) < 1e-15)
    }
  }
}
