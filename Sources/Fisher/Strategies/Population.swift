/// The candidates of one generation, as a strategy asked for them.
///
/// `candidates` holds one candidate per row (λ × n). `directions` holds, row for
/// row, the standardized steps the strategy drew to make them (for Gaussian
/// strategies the z ∼ N(0, I) before scaling and rotation); a strategy that
/// needs them in `tell` reads them back instead of recomputing. Callers may
/// change neither; a driver that repairs candidates for bounds evaluates the
/// repaired point and hands the population back unchanged.
public struct Population: Sendable, Hashable {
  /// The generation this population belongs to.
  public let generation: Int
  /// One candidate per row.
  public var candidates: Matrix
  /// The strategy's standardized steps, one per row (may be empty).
  public var directions: Matrix
  /// How many of the first candidates are solutions injected from outside
  /// (``CMAES/inject(_:)``) rather than drawn.
  public var injected: Int

  public init(generation: Int, candidates: Matrix, directions: Matrix, injected: Int = 0) {
    self.generation = generation
    self.candidates = candidates
    self.directions = directions
    self.injected = injected
  }

  /// λ, the number of candidates.
  @inlinable public var count: Int { candidates.rows }
  /// n, the search-space dimension.
  @inlinable public var dimension: Int { candidates.columns }
  /// Candidate `i` as an array.
  @inlinable public subscript(i: Int) -> [Double] { candidates._row(i) }
}
