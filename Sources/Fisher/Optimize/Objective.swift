/// A function to minimize: a candidate in, its value out.
///
/// It may be called from several threads at once. A thrown error, NaN or an
/// infinite value marks a failed evaluation: the driver ranks it worst, counts
/// it, and goes on.
public typealias Objective = @Sendable ([Double]) throws -> Double

/// The outcome of one evaluation.
public enum EvaluationOutcome: Sendable, Hashable {
  case value(Double)
  case failed(String)

  /// The value a strategy is told: the value, or +∞ for a failure.
  @inlinable
  public var fitness: Double {
    if case .value(let v) = self { return v }
    return .infinity
  }
}

/// Evaluates the candidates of a population in parallel.
///
/// The candidates are cut into `threads` contiguous chunks, one child task
/// each; results land in their candidate's slot, so the outcome is the same
/// whatever the thread count.
public struct PopulationEvaluator: Sendable {
  public let threads: Int

  /// - Throws: ``FisherError/invalidParameter(name:reason:)`` for `threads < 1`.
  public init(threads: Int) throws {
    guard threads >= 1 else {
      throw FisherError.invalidParameter(name: "threads", reason: "must be at least 1, got \(threads)")
    }
    self.threads = threads
  }

  /// One outcome per point, in order.
  public func evaluate(_ points: [[Double]], _ objective: @escaping Objective) async -> [EvaluationOutcome] {
    let n = points.count
    let chunks = Swift.min(threads, n)
    if chunks <= 1 { return points.map { Self.evaluateOne($0, objective) } }
    return await withTaskGroup(of: (Int, [EvaluationOutcome]).self) { group in
      for c in 0..<chunks {
        let range = (c * n / chunks)..<((c + 1) * n / chunks)
        let slice = Array(points[range])
        group.addTask { (range.lowerBound, slice.map { Self.evaluateOne($0, objective) }) }
      }
      var out = [EvaluationOutcome](repeating: .failed("not evaluated"), count: n)
      for await (start, values) in group {
        for (k, v) in values.enumerated() { out[start + k] = v }
      }
      return out
    }
  }

  @inline(__always)
  static func evaluateOne(_ x: [Double], _ objective: Objective) -> EvaluationOutcome {
    do {
      let v = try objective(x)
      if v.isNaN { return .failed("objective returned NaN") }
      if v.isInfinite { return .failed("objective returned \(v > 0 ? "+" : "-")infinity") }
      return .value(v)
    } catch {
      return .failed("objective threw: \(error)")
    }
  }
}
