import Fisher

extension BBOBConstrainedFunction {
  /// The function as a core `Problem`: f with its m constraints, bounds
  /// [−5, 5]ⁿ, f_opt and x_opt set, and COCO's feasible initial solution as
  /// the recommended start.
  ///
  /// COCO scores a constrained run on feasible points only: a target counts
  /// as hit when a feasible point reaches it, which is how the driver counts
  /// ``Problem/optimalValue`` targets on a constrained problem.
  public var problem: Problem {
    let f = self
    return Problem(
      name: name, dimension: dimension,
      lowerBounds: Array(repeating: Self.bounds.lowerBound, count: dimension),
      upperBounds: Array(repeating: Self.bounds.upperBound, count: dimension),
      optimalValue: optimalValue, optimum: optimum,
      constraintCount: constraintCount, evaluateConstraints: { x in f.constraints(x) },
      initialSolution: initialSolution,
      evaluate: { x in f.evaluate(x) })
  }
}
