import ArgumentParser
import Fisher
import Foundation

/// `--space FILE` and `--margin`: search over named real, integer and
/// categorical variables instead of ℝⁿ.
struct SearchSpaceOptions: ParsableArguments {
  @Option(help: ArgumentHelp(
    "A JSON file of named variables to search over instead of --dimension real coordinates.",
    discussion: """
      {"variables": [{"name": "lr", "type": "real", "low": 1e-5, "high": 0.1, "log": true}, \
      {"name": "layers", "type": "integer", "low": 1, "high": 8}, \
      {"name": "activation", "type": "categorical", "choices": ["relu", "tanh", "gelu"]}]}. \
      A real may have bounds (both or neither) and a log scale; an integer has inclusive bounds \
      and an optional step; a categorical variable lists its choices. Candidates are then JSON \
      objects keyed by variable name (integers as JSON integers, categories as strings). \
      cma-es and sep-cma-es run CMA-ES with margin on the integers; categories are one-hot \
      scores for every strategy. σ defaults to 0.3 of each bounded variable's range.
      """,
    valueName: "file"))
  var space: String?

  @Option(help: "CMA-ES with margin: α, the least probability each integer variable keeps of leaving its current value (default 1/(nλ)); with --space, for cma-es, sep-cma-es and catcma.")
  var margin: Double?

  /// The space in the --space file, or nil without one.
  ///
  /// - Throws: `ValidationError` naming the file and, for a bad variable, the
  ///   variable and what is wrong with it.
  func load() throws -> SearchSpace? {
    guard let path = space else {
      if margin != nil { throw ValidationError("--margin applies to the integer variables of a --space") }
      return nil
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ValidationError("cannot read the search space file \(path)")
    }
    do {
      return try JSONDecoder().decode(SearchSpace.self, from: data)
    } catch {
      throw ValidationError("search space \(path): \(describeDecodingFailure(error))")
    }
  }

  /// With --space: rejects the options the space takes the place of.
  func rejectConflicts(mean: String?, bounds: String?, surrogate: Surrogate) throws {
    guard space != nil else { return }
    if mean != nil { throw ValidationError("--mean does not combine with --space: the search starts in the middle of the space") }
    if bounds != nil { throw ValidationError("--bounds does not combine with --space: give the bounds in the space file") }
    if surrogate != .none { throw ValidationError("--surrogate does not combine with --space") }
  }

  /// The dimension of a run: the space's search coordinates, which a --dimension given besides must equal.
  static func dimension(of space: SearchSpace, given: Int?) throws -> Int {
    if let d = given, d != space.dimension {
      throw ValidationError("--dimension \(d) does not match the search space's \(space.dimension) coordinates")
    }
    return space.dimension
  }

  /// `specification` made ready for `space`, with --margin applied.
  func apply(_ space: SearchSpace, to specification: StrategySpecification) throws -> StrategySpecification {
    var spec = specification
    if let a = margin {
      guard [.cmaES, .separableCMAES, .catCMA].contains(spec.kind) else {
        throw ValidationError("--margin is CMA-ES with margin's α: it needs --strategy cma-es, sep-cma-es or catcma, got \(spec.kind.rawValue)")
      }
      guard !space.discreteCoordinates.isEmpty else {
        throw ValidationError("--margin applies to integer variables, and the search space has none")
      }
      guard a > 0, a < 0.5 else { throw ValidationError("--margin must be in (0, 0.5), got \(a)") }
      spec.cmaES.integerMargin = IntegerMargin(coordinates: [], margin: a)
    }
    return space.prepare(spec)
  }
}

extension SearchPoint {
  /// The point as a JSON object keyed by variable name.
  var json: JSONValue {
    .object(zip(names, values).map { name, value in
      switch value {
      case .real(let d): return (name, .number(d))
      case .integer(let i): return (name, .integer(i))
      case .categorical(let s): return (name, .string(s))
      }
    })
  }
}
