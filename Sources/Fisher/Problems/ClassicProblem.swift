#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// The classic unconstrained test functions, each with minimum 0.
///
/// | name | f(x) | x* |
/// |---|---|---|
/// | `sphere` | Σ xᵢ² | 0 |
/// | `ellipsoid` | Σ 10^{6(i−1)/(n−1)} xᵢ² | 0 |
/// | `rosenbrock` | Σ 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)² | 1 |
/// | `rastrigin` | 10n + Σ xᵢ² − 10 cos 2πxᵢ | 0 |
/// | `ackley` | −20 exp(−0.2 √(Σxᵢ²/n)) − exp(Σ cos 2πxᵢ / n) + 20 + e | 0 |
/// | `cigar` | x₁² + 10⁶ Σ_{i>1} xᵢ² | 0 |
/// | `discus` | 10⁶ x₁² + Σ_{i>1} xᵢ² | 0 |
/// | `different-powers` | Σ |xᵢ|^{2 + 4(i−1)/(n−1)} | 0 |
public enum ClassicProblem: String, CaseIterable, Sendable, Codable {
  case sphere
  case ellipsoid
  case rosenbrock
  case rastrigin
  case ackley
  case cigar
  case discus
  case differentPowers = "different-powers"

  /// f(x).
  @inlinable
  public func value(_ x: [Double]) -> Double {
    let n = x.count
    switch self {
    case .sphere:
      return x.reduce(0) { $0 + $1 * $1 }
    case .ellipsoid:
      if n == 1 { return x[0] * x[0] }
      var s = 0.0
      for i in 0..<n { s += pow(10, 6 * Double(i) / Double(n - 1)) * x[i] * x[i] }
      return s
    case .rosenbrock:
      var s = 0.0
      for i in 0..<(n - 1) {
        let a = x[i + 1] - x[i] * x[i]
        let b = 1 - x[i]
        s += 100 * a * a + b * b
      }
      return s
    case .rastrigin:
      var s = 10 * Double(n)
      for v in x { s += v * v - 10 * cos(2 * Double.pi * v) }
      return s
    case .ackley:
      var s2 = 0.0, sc = 0.0
      for v in x { s2 += v * v; sc += cos(2 * Double.pi * v) }
      let d = Double(n)
      let value = -20 * exp(-0.2 * (s2 / d).squareRoot()) - exp(sc / d) + 20 + M_E
      return Swift.max(0, value)
    case .cigar:
      var s = x[0] * x[0]
      for i in 1..<n { s += 1e6 * x[i] * x[i] }
      return s
    case .discus:
      var s = 1e6 * x[0] * x[0]
      for i in 1..<n { s += x[i] * x[i] }
      return s
    case .differentPowers:
      if n == 1 { return x[0] * x[0] }
      var s = 0.0
      for i in 0..<n { s += pow(abs(x[i]), 2 + 4 * Double(i) / Double(n - 1)) }
      return s
    }
  }

  /// The minimizer x*.
  public func optimum(dimension: Int) -> [Double] {
    self == .rosenbrock ? [Double](repeating: 1, count: dimension) : [Double](repeating: 0, count: dimension)
  }

  /// The smallest dimension the definition accepts.
  public var minimumDimension: Int { self == .rosenbrock || self == .cigar || self == .discus ? 2 : 1 }

  /// The function as a ``Problem`` of the given dimension.
  ///
  /// - Throws: ``FisherError/invalidParameter(name:reason:)`` when `dimension`
  ///   is below ``minimumDimension``.
  public func problem(dimension: Int) throws -> Problem {
    guard dimension >= minimumDimension else {
      throw FisherError.invalidParameter(
        name: "dimension", reason: "\(rawValue) needs dimension ≥ \(minimumDimension), got \(dimension)")
    }
    try MemoryRequirement.doubles(2, dimension).check("\(rawValue) in dimension \(dimension)")
    let f = self
    return Problem(
      name: rawValue, dimension: dimension, optimalValue: 0, optimum: optimum(dimension: dimension),
      evaluate: { f.value($0) })
  }

  /// Looks a function up by its CLI name.
  public init(name: String) throws {
    guard let p = ClassicProblem(rawValue: name) else {
      throw FisherError.unknownName(kind: "problem", name: name, known: Self.allCases.map(\.rawValue))
    }
    self = p
  }
}
