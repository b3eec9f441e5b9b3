import Fisher
import FisherStudy

/// The dashboard's connection to the store: opened on first use, dropped
/// when the database becomes unavailable and opened again on the next
/// request, so a database that goes away and comes back needs no restart.
///
/// It also keeps the distribution summaries already read: a stored
/// generation never changes, so each one is decoded once per server.
actor DashboardSource {
  let storage: StorageURL
  private var reader: StudyReader?
  private var summaries: [Int64: [Int: GenerationSummary]] = [:]
  /// Reads of summaries under way, by study id.
  private var loading: [Int64: Task<[GenerationSummary], any Error>] = [:]

  init(storage: StorageURL) {
    self.storage = storage
  }

  /// Runs `body` on an open reader.
  ///
  /// - Throws: what opening or `body` throws; after
  ///   `StudyStoreError/unavailable(_:)` the connection is closed and the
  ///   next call opens a new one.
  func read<T: Sendable>(_ body: @Sendable (StudyReader) async throws -> T) async throws -> T {
    let current: StudyReader
    if let reader {
      current = reader
    } else {
      current = try await storage.openReader()
      reader = current
    }
    do {
      return try await body(current)
    } catch let error as StudyStoreError {
      if case .unavailable = error {
        reader = nil
        await current.close()
      }
      throw error
    }
  }

  /// The summaries of every `stride`-th generation of `record` after
  /// `after`, and of its latest generation, reading only those not yet cached.
  func distributions(of record: StudyRecord, after: Int, stride: Int) async throws -> [GenerationSummary] {
    let step = max(1, stride)
    let wanted = Swift.stride(from: ((after + 1) + step - 1) / step * step, through: record.generation, by: step)
      .map { $0 }
    // Cached generations form a prefix of those wanted (a growing study adds
    // generations at the end): read from the first one missing onwards. A
    // read already under way for this study (another page, the warm-up) is
    // waited for rather than repeated.
    func firstMissing() -> Int? {
      let cached = summaries[record.id] ?? [:]
      return wanted.first { cached[$0] == nil } ?? (cached[record.generation] == nil ? record.generation : nil)
    }
    while let first = firstMissing() {
      if let underway = loading[record.id] {
        _ = try? await underway.value
        continue
      }
      let task = Task {
        try await read { reader in
          try await reader.distributions(of: record, as: AnyStrategy.self, after: first - 1, stride: step)
        }
      }
      loading[record.id] = task
      defer { loading[record.id] = nil }
      let fresh = try await task.value
      var updated = summaries[record.id] ?? [:]
      for summary in fresh { updated[summary.generation] = summary }
      summaries[record.id] = updated
      break
    }
    let table = summaries[record.id] ?? [:]
    var result = wanted.compactMap { table[$0] }
    if record.generation > after, result.last?.generation != record.generation, let last = table[record.generation] {
      result.append(last)
    }
    return result
  }

  /// Reads the summaries every study's page draws, so that the first page
  /// opened after the server starts finds them decoded. Failures are left to
  /// the pages to report.
  func warmUp() async {
    guard let studies = try? await read({ try await $0.studies() }) else { return }
    for overview in studies {
      guard let record = try? await read({ try await $0.study(named: overview.status.name) }) else { continue }
      _ = try? await distributions(of: record, after: -1, stride: StudyPage.generationStride(record.generation))
    }
  }

  func close() async {
    await reader?.close()
    reader = nil
  }
}
