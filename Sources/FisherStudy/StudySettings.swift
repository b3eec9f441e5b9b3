import Fisher

/// What a study is besides its strategy: budget, bounds, and how leases work.
///
/// Two `create` calls for the same name must agree on these (and on the
/// strategy's initial state); the second then opens the first's study.
public struct StudySettings: Sendable, Codable, Hashable {
  /// The study stops after the generation in which its evaluations reach this count.
  public var budget: Int
  /// Box bounds: a candidate is evaluated at `bounds.repair(x)`.
  public var bounds: BoxBounds?
  /// How long a claim lasts without a heartbeat, in seconds.
  public var leaseDuration: Double
  /// How many leases of one candidate may expire before it is marked failed.
  public var maxAttempts: Int
  /// The strategy's options as the user gave them (`dimension`, `sigma`, …),
  /// kept to explain a mismatch on re-create.
  public var options: [String: String]

  public init(
    budget: Int, bounds: BoxBounds? = nil, leaseDuration: Double = 60, maxAttempts: Int = 3,
    options: [String: String] = [:]
  ) {
    self.budget = budget
    self.bounds = bounds
    self.leaseDuration = leaseDuration
    self.maxAttempts = maxAttempts
    self.options = options
  }

  /// - Throws: `FisherError/invalidParameter(name:reason:)` for a non-positive
  ///   budget or attempt count, or a lease that is not a positive number of
  ///   seconds up to ``CheckedConversion/maximumSeconds``.
  public func validate(dimension: Int) throws {
    guard budget > 0 else { throw FisherError.invalidParameter(name: "budget", reason: "must be positive, got \(budget)") }
    _ = try lease
    guard maxAttempts > 0 else {
      throw FisherError.invalidParameter(name: "max-attempts", reason: "must be positive, got \(maxAttempts)")
    }
    if let b = bounds, b.dimension != dimension {
      throw FisherError.dimensionMismatch("bounds of dimension \(b.dimension) for a strategy of dimension \(dimension)")
    }
  }

  /// ``leaseDuration`` as a `Duration`.
  ///
  /// - Throws: `FisherError/invalidParameter(name:reason:)` when it is not a
  ///   positive number of seconds up to ``CheckedConversion/maximumSeconds``.
  public var lease: Duration {
    get throws { try CheckedConversion.duration(leaseDuration, "lease") }
  }

  /// The settings that differ between `self` and `other`, as `name: a ≠ b`.
  func differences(from other: StudySettings) -> [String] {
    var d: [String] = []
    if budget != other.budget { d.append("budget: \(other.budget) ≠ \(budget)") }
    if bounds != other.bounds { d.append("bounds: \(Self.show(other.bounds)) ≠ \(Self.show(bounds))") }
    if leaseDuration != other.leaseDuration { d.append("lease: \(other.leaseDuration) ≠ \(leaseDuration)") }
    if maxAttempts != other.maxAttempts { d.append("max-attempts: \(other.maxAttempts) ≠ \(maxAttempts)") }
    for key in Set(options.keys).union(other.options.keys).sorted() where options[key] != other.options[key] {
      d.append("\(key): \(other.options[key] ?? "unset") ≠ \(options[key] ?? "unset")")
    }
    return d
  }

  private static func show(_ b: BoxBounds?) -> String {
    guard let b else { return "none" }
    return "[\(b.lower.map { "\($0)" }.joined(separator: ","))]..[\(b.upper.map { "\($0)" }.joined(separator: ","))]"
  }
}
