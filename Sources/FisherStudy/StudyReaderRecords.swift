import Fisher

/// A study as a monitor lists it: its progress and what it searches.
public struct StudyOverview: Sendable, Hashable, Codable {
  /// Progress, as `fisher study status --json` reports it.
  public var status: StudyStatus
  /// n, the number of coordinates of a candidate.
  public var dimension: Int
  /// When the study was created, in seconds since 1970.
  public var createdAt: Double?
  /// The latest of: the last report, the last worker contact, the creation.
  public var lastActivity: Double?
  /// The names of the search space's variables, for a study with one.
  public var variables: [String]?

  enum CodingKeys: String, CodingKey {
    case status, dimension, createdAt = "created_at", lastActivity = "last_activity", variables
  }
}

/// One accepted result, as a monitor follows them.
public struct StudyResult: Sendable, Hashable, Codable {
  /// The report's id: increases with every report, so `after=id` asks for
  /// the results that came later.
  public var id: Int64
  /// The row's 1-based evaluation number (nil for rows of old databases).
  public var evaluation: Int?
  public var generation: Int
  public var index: Int
  /// The accepted value, or nil for a failed evaluation.
  public var value: Double?
  /// Σ max(0, gᵢ) in a study with constraints, else nil.
  public var violation: Double?
  /// When it was reported, in seconds since 1970.
  public var reportedAt: Double

  enum CodingKeys: String, CodingKey {
    case id, evaluation, generation, index, value, violation, reportedAt = "reported_at"
  }
}

/// One row of a study's candidate table.
public struct CandidateRow: Sendable, Hashable, Codable {
  public var generation: Int
  public var index: Int
  public var evaluation: Int?
  /// `pending`, `running`, `done` or `failed`.
  public var status: String
  /// Claims so far.
  public var attempt: Int
  /// The worker that holds the row or produced its result.
  public var worker: String?
  /// When the current lease ends, in seconds since 1970 (running rows).
  public var leaseExpires: Double?
  public var value: Double?
  /// Why the evaluation failed.
  public var reason: String?
  /// Σ max(0, gᵢ) in a study with constraints.
  public var violation: Double?

  enum CodingKeys: String, CodingKey {
    case generation, index, evaluation, status, attempt, worker, leaseExpires = "lease_expires", value, reason, violation
  }
}

/// One page of a study's candidate table.
public struct CandidatePage: Sendable, Hashable, Codable {
  /// The number of rows of the study.
  public var total: Int
  /// The position of the page's first row.
  public var offset: Int
  public var rows: [CandidateRow]
}

/// The order of a candidate table: a column and a direction; ties are
/// broken by generation and index, so pages never overlap.
public struct CandidateOrder: Sendable, Hashable {
  /// The columns a table can be sorted on, by their names in the API.
  public enum Column: String, Sendable, CaseIterable {
    case generation, evaluation, status, attempt, worker, value
  }

  public var column: Column
  public var descending: Bool

  public init(column: Column = .generation, descending: Bool = false) {
    self.column = column
    self.descending = descending
  }

  /// The ORDER BY clause: a whitelisted column, NULLs last in either direction.
  var sql: String {
    let direction = descending ? "DESC" : "ASC"
    let name: String
    switch column {
    case .generation: return "generation \(direction), idx \(direction)"
    case .evaluation: name = "evaluation"
    case .status: name = "status"
    case .attempt: name = "attempt"
    case .worker: name = "owner"
    case .value: name = "value"
    }
    return "(\(name) IS NULL), \(name) \(direction), generation, idx"
  }
}
