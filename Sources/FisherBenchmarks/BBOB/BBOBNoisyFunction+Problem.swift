extension BBOBNoisyFunction {
  /// A bbob-noisy function from a problem name `bbob-noisy:F:I` (F = 101…130;
  /// the instance defaults to 1).
  ///
  /// - Throws: ``FisherError`` for a malformed name, or a function, instance or
  ///   dimension out of range.
  public init(spec: String, dimension: Int) throws {
    let (function, instance) = try BBOBFunction.parseSpec(spec, suite: "bbob-noisy", functions: "101…130")
    try self.init(function: function, instance: instance, dimension: dimension)
  }

  /// Whether `spec` names a bbob-noisy problem (`bbob-noisy:…`).
  public static func isSpec(_ spec: String) -> Bool {
    spec.lowercased().hasPrefix("bbob-noisy:")
  }

  /// The function as a core `Problem`: an optimizer observes the noisy value
  /// of evaluation k as a fresh cocoex problem gives its (k+1)-th evaluation
  /// (``value(at:evaluation:)``), and ``Problem/evaluate`` is the noise-free
  /// value, on which COCO measures performance. Bounds [−5, 5]ⁿ, f_opt and
  /// x_opt set.
  public var problem: Problem {
    let f = self
    return BBOBFunction.problem(
      name: name, dimension: dimension, optimalValue: optimalValue, optimum: optimum,
      noisyEvaluate: { x, k in f.value(at: x, evaluation: k) },
      evaluate: { x in f.noiseFreeValue(x) })
  }
}
