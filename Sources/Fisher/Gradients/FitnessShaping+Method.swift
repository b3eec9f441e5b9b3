/// How a strategy turns raw fitness into the values f̃ᵢ it puts in place of f(xᵢ)
/// in the score-function estimate ∇J ≈ (1/N) Σᵢ f̃ᵢ ∇θ log p(xᵢ).
///
/// Every method keeps the orientation of the fitness (lower is better), so the
/// descent step −α M⁻¹∇J improves the distribution whichever is chosen:
///
/// | method | f̃ᵢ | invariant under |
/// |---|---|---|
/// | `raw` | fᵢ | — |
/// | `baseline` | fᵢ − f̄ (mean fitness) | f + c |
/// | `nes-utilities` | −N uᵢ, uᵢ the NES utility of xᵢ's rank | monotone maps of f |
/// | `centered-ranks` | rank/(N − 1) − ½ | monotone maps of f |
///
/// With `nes-utilities`, (1/N) Σ f̃ᵢ sᵢ = −Σ uᵢ sᵢ is exactly the NES search
/// gradient (Wierstra et al. 2014), so the natural geometry reproduces SNES/xNES;
/// `centered-ranks` is OpenAI-ES's shaping (Salimans et al. 2017).
///
/// Failed evaluations (`+infinity`) rank last. The rank methods handle them by
/// sorting; `raw` and `baseline` first replace each +∞ by fmax + s and each −∞
/// by fmin − s, where fmin … fmax is the range of the finite values and
/// s = max(fmax − fmin, |fmax|, 1), so a failure is worse than every success but
/// finite. When no value is finite all f̃ᵢ are 0 (no information, no step).
extension FitnessShaping {
  public enum Method: String, Sendable, Codable, Hashable, CaseIterable {
    case raw
    case baseline
    case nesUtilities = "nes-utilities"
    case centeredRanks = "centered-ranks"

    /// Looks a method up by its CLI name.
    public init(name: String) throws {
      guard let m = Method(rawValue: name) else {
        throw FisherError.unknownName(kind: "fitness shaping", name: name, known: Self.allCases.map(\.rawValue))
      }
      self = m
    }
  }

  /// f̃ for `fitness` under `method` (see ``Method``). NaN must be rejected by the caller.
  ///
  /// - Complexity: O(N log N) for the rank methods, O(N) otherwise.
  public static func shaped(_ fitness: [Double], method: Method) -> [Double] {
    switch method {
    case .raw:
      return finiteSubstitute(fitness)
    case .baseline:
      let f = finiteSubstitute(fitness)
      guard !f.isEmpty else { return f }
      let mean = f.reduce(0, +) / Double(f.count)
      return f.map { $0 - mean }
    case .nesUtilities:
      let n = Double(fitness.count)
      return nesUtilities(fitness).map { -n * $0 }
    case .centeredRanks:
      return centeredRanks(fitness)
    }
  }

  /// `fitness` with infinite values replaced by finite ones that keep their rank
  /// (see ``Method``); all zeros when no value is finite.
  public static func finiteSubstitute(_ fitness: [Double]) -> [Double] {
    let finite = fitness.filter(\.isFinite)
    guard let lo = finite.min(), let hi = finite.max() else {
      return [Double](repeating: 0, count: fitness.count)
    }
    if finite.count == fitness.count { return fitness }
    let spread = Swift.max(hi - lo, abs(hi), abs(lo), 1)
    return fitness.map { $0.isFinite ? $0 : ($0 > 0 ? hi + spread : lo - spread) }
  }
}
