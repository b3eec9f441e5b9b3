import ArgumentParser
import Fisher

/// `--noise`: how a run treats noisy objective values.
struct NoiseOptions: ParsableArguments {
  @Option(help: ArgumentHelp(
    "How noisy values are treated: none, uh, uh:MAX, lra, resample:K or resample:K:median.",
    discussion: """
      uh: uncertainty handling (UH-CMA-ES, pycma's NoiseHandler): a few candidates are evaluated \
      again each generation; when the noise reorders them, σ grows (and, with uh:MAX, the \
      evaluations per candidate, up to MAX, aggregated by their median). For cma-es, sep-cma-es, \
      xnes, snes and openai-es. lra: learning-rate adaptation (LRA-CMA-ES, the cmaes package's \
      lr_adapt), for cma-es. resample:K: every candidate evaluated K times, ranked by the mean \
      (or median) of its values; for every strategy. With uh and lra the reported point is the \
      final distribution mean, otherwise the best (aggregated) evaluated point.
      """),
    transform: { try NoiseChoice(parsing: $0) })
  var noise: NoiseChoice = .none

  /// The noise handling for the driver, after adjusting `specification` for
  /// it: LRA is a CMA-ES option and drops the stagnation criterion (as the
  /// `cmaes` package, whose LRA has none); uncertainty handling lifts CMA-ES's
  /// `tolfacupx` as pycma's `fmin` does.
  ///
  /// - Throws: `ValidationError` when the choice does not apply to the strategy.
  func apply(to specification: inout StrategySpecification) throws -> NoiseHandling {
    let kind = specification.kind
    switch noise {
    case .none:
      return .none
    case .resample(let r):
      return .resampling(r)
    case .uncertainty(let maxEvaluations):
      switch kind {
      case .cmaES, .separableCMAES:
        specification.cmaES.tolFacUpX = .greatestFiniteMagnitude
      case .xNES, .sNES, .openAIES:
        break
      case .naturalGradient, .crossEntropy, .exponentialWeights, .catCMA:
        throw ValidationError(
          "--noise uh scales the step size σ, which \(kind.rawValue) does not have; use cma-es, sep-cma-es, xnes, snes or openai-es, or --noise resample:K")
      }
      return .uncertainty(try UncertaintyHandling(maxEvaluations: maxEvaluations))
    case .learningRateAdaptation:
      guard kind == .cmaES else {
        throw ValidationError("--noise lra is learning-rate adaptation of CMA-ES; use --strategy cma-es (got \(kind.rawValue))")
      }
      specification.cmaES.learningRateAdaptation = LearningRateAdaptation()
      // Adapted learning rates make progress slow on purpose; pycma's stagnation test
      // (median of recent values not improving) would end the run, and cmaes has none.
      specification.cmaES.tolStagnation = 0
      return .none
    }
  }

  /// The `--noise` name of a run's noise handling: the driver's, or `lra` for
  /// CMA-ES with learning-rate adaptation.
  static func label(specification: StrategySpecification, handling: NoiseHandling) -> String {
    if specification.kind == .cmaES, specification.cmaES.learningRateAdaptation != nil { return "lra" }
    return handling.description
  }

  /// The point the run reports: the distribution mean with uh and lra.
  var recommendation: Recommendation {
    switch noise {
    case .uncertainty, .learningRateAdaptation: return .distributionMean
    case .none, .resample: return .bestEvaluated
    }
  }
}

/// A value of `--noise`.
enum NoiseChoice: Equatable {
  case none
  case uncertainty(maxEvaluations: Int)
  case learningRateAdaptation
  case resample(Resampling)

  /// Parses `none`, `uh`, `uh:MAX`, `lra`, `resample:K`, `resample:K:mean|median`.
  init(parsing argument: String) throws {
    let parts = argument.lowercased().split(separator: ":", omittingEmptySubsequences: false).map(String.init)
    switch parts[0] {
    case "none" where parts.count == 1:
      self = .none
    case "lra" where parts.count == 1:
      self = .learningRateAdaptation
    case "uh" where parts.count <= 2:
      guard parts.count == 2 else {
        self = .uncertainty(maxEvaluations: 1)
        return
      }
      guard let m = Int(parts[1]), (1...UncertaintyHandling.maximumEvaluations).contains(m) else {
        throw ValidationError(
          "--noise uh:MAX needs MAX in 1…\(UncertaintyHandling.maximumEvaluations), got '\(parts[1])'")
      }
      self = .uncertainty(maxEvaluations: m)
    case "resample" where (2...3).contains(parts.count):
      guard let k = Int(parts[1]), (1...Resampling.maximumCount).contains(k) else {
        throw ValidationError("--noise resample:K needs K in 1…\(Resampling.maximumCount), got '\(parts[1])'")
      }
      let aggregate = parts.count == 3 ? Resampling.Aggregate(rawValue: parts[2]) : .mean
      guard let aggregate else {
        throw ValidationError("--noise resample:K:AGG needs AGG = mean or median, got '\(parts[2])'")
      }
      self = .resample(try Resampling(count: k, aggregate: aggregate))
    default:
      throw ValidationError("--noise must be none, uh, uh:MAX, lra, resample:K or resample:K:median, got '\(argument)'")
    }
  }
}
