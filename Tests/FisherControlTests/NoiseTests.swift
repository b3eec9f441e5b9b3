import Foundation
import Testing
@testable import FisherControl

@Suite struct NoiseTests {
  /// (M Mᵀ)_{ab}: the exact covariance of colored noise samples y = M z.
  func covariance(_ c: ColoredNoise, _ a: Int, _ b: Int) -> Double {
    (0..<c.inputCount).reduce(0) { $0 + c.matrix[a * c.inputCount + $1] * c.matrix[b * c.inputCount + $1] }
  }

  @Test(arguments: [1, 2, 7, 15, 56])
  func whiteNoiseHasIdentityCovariance(length: Int) throws {
    let c = try ColoredNoise(exponent: 0, length: length)
    for a in 0..<length {
      for b in 0..<length { #expect(abs(covariance(c, a, b) - (a == b ? 1 : 0)) < 1e-12) }
    }
  }

  @Test func colouredNoiseHasUnitVarianceAndPositiveCorrelation() throws {
    let c = try ColoredNoise(exponent: 2, length: 30)
    for a in 0..<30 { #expect(abs(covariance(c, a, a) - 1) < 1e-12) }
    // 1/f² noise is dominated by the lowest frequencies: neighbours are strongly correlated,
    // more so than with pink (β = 1) noise.
    let pink = try ColoredNoise(exponent: 1, length: 30)
    #expect(covariance(c, 10, 11) > 0.8)
    #expect(covariance(pink, 10, 11) > 0.2 && covariance(pink, 10, 11) < covariance(c, 10, 11))
  }

  @Test func choleskyFactorsTheCovariance() throws {
    let s = try Matrix([[4, 1, 0.5], [1, 3, -0.2], [0.5, -0.2, 2]])
    let n = try NoiseCovariance(covariance: s)
    for i in 0..<3 {
      for j in 0..<3 {
        let llt = (0..<3).reduce(0) { $0 + n.lower[i * 3 + $1] * n.lower[j * 3 + $1] }
        #expect(abs(llt - s[i, j]) < 1e-12)
        let si = (0..<3).reduce(0) { $0 + s[i, $1] * n.inverse[$1 * 3 + j] }
        #expect(abs(si - (i == j ? 1 : 0)) < 1e-12)
      }
    }
  }
}

@Suite struct SavitzkyGolayTests {
  @Test func coefficientsMatchTheClassicTables() throws {
    // Savitzky and Golay (1964), quadratic/cubic smoothing: 5 points (−3, 12, 17, 12, −3)/35,
    // 9 points (−21, 14, 39, 54, 59, 54, 39, 14, −21)/231.
    let five = try SavitzkyGolay(halfWidth: 2, degree: 2).coefficients
    for (a, b) in zip(five, [-3.0, 12, 17, 12, -3].map { $0 / 35 }) { #expect(abs(a - b) < 1e-14) }
    let nine = try SavitzkyGolay(halfWidth: 4, degree: 3).coefficients
    for (a, b) in zip(nine, [-21.0, 14, 39, 54, 59, 54, 39, 14, -21].map { $0 / 231 }) { #expect(abs(a - b) < 1e-14) }
  }

  @Test func preservesPolynomialsOfItsDegree() throws {
    let sg = try SavitzkyGolay(halfWidth: 3, degree: 2)
    // Interior points of a quadratic are reproduced exactly; with history that continues the
    // quadratic, so are the first points.
    func q(_ t: Double) -> Double { 0.5 - 0.3 * t + 0.07 * t * t }
    var seq = (0..<12).map { q(Double($0)) }
    let history = [q(-3), q(-2), q(-1)]
    let original = seq
    seq.withUnsafeMutableBufferPointer { s in
      history.withUnsafeBufferPointer { h in sg.smooth(s, count: 12, dimension: 1, history: h, historyCount: 3) }
    }
    for i in 0..<9 { #expect(abs(seq[i] - original[i]) < 1e-12) }
  }

  @Test func invalidParametersThrow() {
    #expect(throws: FisherError.self) { try SavitzkyGolay(halfWidth: 0, degree: 0) }
    #expect(throws: FisherError.self) { try SavitzkyGolay(halfWidth: 2, degree: 5) }
  }
}
