import Fisher

extension BBOBMixintFunction {
  /// A bbob-mixint function from a problem name `bbob-mixint:F:I` (F = 1…24;
  /// the instance defaults to 1).
  ///
  /// - Throws: `FisherError.invalidParameter` for a malformed name, or a
  ///   function, instance or dimension out of range.
  public init(spec: String, dimension: Int) throws {
    let (function, instance) = try BBOBFunction.parseSpec(spec, suite: "bbob-mixint", functions: "1…24")
    try self.init(function: function, instance: instance, dimension: dimension)
  }

  /// Whether `spec` names a bbob-mixint problem (`bbob-mixint:…`).
  public static func isSpec(_ spec: String) -> Bool {
    spec.lowercased().hasPrefix("bbob-mixint:")
  }

  /// The problem's coordinates as named variables `x1`…`xn`: an integer in
  /// 0…arity − 1 for each integer coordinate, a real in [−5, 5] (COCO's region
  /// of interest) for each continuous one.
  public var searchSpace: SearchSpace { Self.searchSpace(of: variables) }

  /// ``searchSpace`` of the problems of dimension `n` (the same for every function and instance).
  ///
  /// - Throws: `FisherError.invalidParameter` for a dimension other than 5, 10, 20, 40, 80 and 160.
  public static func searchSpace(dimension n: Int) throws -> SearchSpace {
    searchSpace(of: try variables(dimension: n))
  }

  /// The space of the coordinates `variables` as ``variables(dimension:)`` lays them out.
  static func searchSpace(of variables: [BBOBMixintVariable]) -> SearchSpace {
    // Valid by construction: at least one variable, arities ≥ 2, finite bounds lower < upper, distinct names.
    try! SearchSpace(variables.enumerated().map { i, v in
      if let arity = v.arity { return try! SearchVariable.integer("x\(i + 1)", low: 0, high: arity - 1) }
      return try! SearchVariable.real("x\(i + 1)", low: v.lowerBound, high: v.upperBound)
    })
  }

  /// The point of the function's domain that a point of ``searchSpace`` names.
  public static func coordinates(of point: SearchPoint) -> [Double] {
    point.values.map { $0.doubleValue ?? .nan }
  }

  /// The problem over the search coordinates of ``searchSpace`` (integers on
  /// their grids, reals normalized to [0, 1]), for a strategy to search with
  /// CMA-ES with margin; f_opt as the function's, the start in the middle of the space.
  public var searchProblem: Problem {
    let f = self, space = searchSpace
    return Problem(
      name: name, dimension: space.dimension, optimalValue: optimalValue, initialSolution: space.initialMean,
      evaluate: { x in
        guard let p = try? space.decode(x) else { return .nan }
        return f.evaluate(Self.coordinates(of: p))
      })
  }
}
