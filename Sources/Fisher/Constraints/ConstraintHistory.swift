/// The constraint values of the last few generations' best candidates, oldest
/// first, with the empirical feasibility of each constraint over a recent
/// window (pycma's `DequeCDF` queue at `AugmentedLagrangian.g_history`).
///
/// At most ``capacity`` rows are kept; appending to a full history drops the
/// oldest row.
struct ConstraintHistory: Sendable, Hashable {
  /// The largest number of rows kept (pycma: dimension + 20).
  let capacity: Int
  /// The kept rows, oldest first; each holds one value per constraint.
  private(set) var rows: [[Double]] = []

  init(capacity: Int) {
    self.capacity = capacity
  }

  /// A history holding `rows` (oldest first); nil when there are more than `capacity`.
  init?(capacity: Int, rows: [[Double]]) {
    guard capacity >= 1, rows.count <= capacity else { return nil }
    self.capacity = capacity
    self.rows = rows
  }

  /// Appends a row, dropping the oldest one when the history is full.
  mutating func append(_ row: [Double]) {
    if rows.count == capacity { rows.removeFirst() }
    rows.append(row)
  }

  /// The empirical distribution function at 0 of constraint `i` over the
  /// last `window` rows (all rows when there are fewer): the fraction of
  /// those values that are negative, where a value of exactly 0 counts one
  /// half (pycma's `DequeCDF.cdf(i, 0, window)`). That is the fraction of
  /// recent best candidates that satisfied the constraint strictly. Requires
  /// at least one row.
  func feasibleFraction(constraint i: Int, window: Int) -> Double {
    let recent = rows.suffix(Swift.min(window, rows.count))
    var total = 0.0
    for row in recent {
      if row[i] < 0 { total += 1 } else if row[i] == 0 { total += 0.5 }
    }
    return total / Double(recent.count)
  }
}
