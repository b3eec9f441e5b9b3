import Fisher
import FisherStudy
import Foundation

/// A SQLite store in a fresh folder, filled by real studies run in process.
struct DashboardStore {
  let folder: String
  var path: String { folder + "/studies.db" }
  var url: StorageURL { .sqlite(path: path) }

  init() throws {
    folder = NSTemporaryDirectory() + "fisher-dashboard-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
  }

  func cleanUp() { try? FileManager.default.removeItem(atPath: folder) }

  /// Creates a CMA-ES study on the sphere and evaluates `evaluations` of its
  /// candidates (all of them, to the end of its budget, when nil); candidates
  /// whose index is in `failing` fail with `reason`.
  @discardableResult
  func runSphere(
    name: String, dimension: Int = 3, budget: Int = 70, evaluations: Int? = nil, seed: UInt64 = 1,
    space: SearchSpace? = nil, failing: Set<Int> = [], reason: String = "crashed"
  ) async throws -> Study<AnyStrategy> {
    let n = space.map { $0.initialMean.count } ?? dimension
    let mean = space?.initialMean ?? [Double](repeating: 1, count: n)
    let strategy = AnyStrategy.cmaES(try CMAES(mean: mean, sigma: space == nil ? 0.5 : 0.3, seed: seed))
    let study = try await Study<AnyStrategy>.create(
      name: name, strategy: strategy, strategyName: "cma-es", settings: StudySettings(budget: budget, space: space),
      storage: url)
    var done = 0
    while evaluations.map({ done < $0 }) ?? true {
      guard case .lease(let lease) = try await study.tryAsk(worker: "w1") else { break }
      if failing.contains(lease.index) {
        _ = try await study.tell(lease, value: nil, reason: reason)
      } else {
        _ = try await study.tell(lease, value: lease.point.reduce(0) { $0 + $1 * $1 })
      }
      done += 1
    }
    return study
  }
}

/// The text of a file, for checking that nothing wrote to it.
func fileBytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }
