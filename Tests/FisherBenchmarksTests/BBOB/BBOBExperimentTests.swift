import Foundation
import Testing
import FisherBenchmarks

@Suite("BBOB experiments")
struct BBOBExperimentTests {
  static let strategies = [
    BBOBStrategyEntry(name: "cma-es") { mean, sigma, seed, populationSize in
      try CMAES(mean: mean, sigma: sigma, populationSize: populationSize, seed: seed)
    }
  ]

  static func experiment() throws -> BBOBExperiment {
    try BBOBExperiment(
      strategies: ["cma-es"], functions: [1, 3, 8], dimensions: [2, 3], instances: [1, 2], budgetMultiplier: 150, seed: 9)
  }

  static func temporaryStore() -> BBOBExperimentStore {
    BBOBExperimentStore(
      directory: FileManager.default.temporaryDirectory.appendingPathComponent("fisher-bbob-\(UUID().uuidString)"))
  }

  /// Records without their wall-clock time.
  static func normalized(_ records: [BBOBRunRecord]) -> [BBOBRunRecord] {
    records.map { var r = $0; r.seconds = 0; return r }
  }

  /// The same seed gives identical runs on one thread and on four, and a resumed
  /// experiment (some records deleted) ends with the same records.
  @Test func deterministicAcrossThreadsAndResume() async throws {
    let e = try Self.experiment()
    let a = Self.temporaryStore(), b = Self.temporaryStore()
    defer {
      try? FileManager.default.removeItem(at: a.directory)
      try? FileManager.default.removeItem(at: b.directory)
    }
    let serial = try await runBBOBExperiment(e, strategies: Self.strategies, store: a, threads: 1)
    let parallel = try await runBBOBExperiment(e, strategies: Self.strategies, store: b, threads: 4)
    #expect(serial.count == 12)
    #expect(Self.normalized(serial) == Self.normalized(parallel))
    for name in ["bbob_f003_i02_d03.json", "bbob_f001_i01_d02.json"] {
      try FileManager.default.removeItem(at: b.directory.appendingPathComponent("runs/cma-es/\(name)"))
    }
    let resumed = try await runBBOBExperiment(e, strategies: Self.strategies, store: b, threads: 2)
    #expect(Self.normalized(resumed) == Self.normalized(serial))
    // A different design in the same directory is refused.
    var other = e
    other.seed = 10
    await #expect(throws: FisherError.self) {
      _ = try await runBBOBExperiment(other, strategies: Self.strategies, store: b, threads: 1)
    }
  }

  /// What a factory was asked for, in order.
  final class Requests: @unchecked Sendable {
    private let lock = NSLock()
    private var _items: [(populationSize: Int?, sigma: Double)] = []
    func append(_ p: Int?, _ s: Double) { lock.lock(); _items.append((p, s)); lock.unlock() }
    var items: [(populationSize: Int?, sigma: Double)] { lock.lock(); defer { lock.unlock() }; return _items }
  }

  /// CMA-ES stopped after 5 generations, so that every run restarts many times.
  static func shortCMAES(_ requests: Requests) -> BBOBStrategyEntry {
    BBOBStrategyEntry(name: "cma-es") { mean, sigma, seed, populationSize in
      requests.append(populationSize, sigma)
      var options = CMAESOptions()
      options.maxIterations = 5
      return try CMAES(mean: mean, sigma: sigma, populationSize: populationSize, seed: seed, options: options)
    }
  }

  /// IPOP doubles the population at each restart from the unrounded default
  /// λ₀ = 4 + 3 ln n with the initial σ; BIPOP interleaves small-population runs (λ between λ_def and
  /// the last large one, σ = 2·10^(−2U) ≤ 2) so that neither regime's budget runs
  /// far ahead; NBIPOP shrinks σ in the large regime and keeps λ_def in the small; independent restarts keep the default. The records say how many restarts happened.
  @Test(arguments: [RestartPolicy.independent, .ipop, .bipop, .nbipop])
  func restartPoliciesSetPopulationAndStepSize(policy: RestartPolicy) async throws {
    let e = try BBOBExperiment(
      strategies: ["cma-es"], functions: [15], dimensions: [3], instances: [1], budgetMultiplier: 2000, seed: 4,
      restarts: policy)
    let requests = Requests()
    let store = Self.temporaryStore()
    defer { try? FileManager.default.removeItem(at: store.directory) }
    let records = try await runBBOBExperiment(e, strategies: [Self.shortCMAES(requests)], store: store, threads: 1)
    let r = try #require(records.first)
    let asked = requests.items
    let lambdaDefault = 4 + Int(3 * log(3.0))  // 7
    // Restarts multiply the unrounded default, as pycma does: 14, 29, 58, … at n = 3.
    let lambda0 = 4 + 3 * log(3.0)
    let largeSize = { (k: Int) in Int(lambda0 * Double(1 << k)) }
    #expect(asked.count == r.restarts + 1)
    #expect(asked.count >= 4)
    #expect(asked[0].populationSize == nil && asked[0].sigma == 2)
    switch policy {
    case .none:
      Issue.record("none never restarts")
    case .independent:
      #expect(asked.allSatisfy { $0.populationSize == nil && $0.sigma == 2 })
    case .ipop:
      for (k, a) in asked.enumerated().dropFirst() {
        #expect(a.populationSize == largeSize(k))
        #expect(a.sigma == 2)
      }
    case .bipop, .nbipop:
      let sizes = asked.dropFirst().compactMap(\.populationSize)
      #expect(sizes.count == asked.count - 1)
      // The large regime doubles (NBIPOP dividing σ by 1.6); the small one stays
      // within [λ_def, the largest so far] (NBIPOP: λ_def).
      var largest = lambdaDefault
      var small = 0
      var large = 0
      for (a, lambda) in zip(asked.dropFirst(), sizes) {
        if lambda == largeSize(large + 1) {
          largest = lambda
          large += 1
          #expect(abs(a.sigma - (policy == .bipop ? 2 : 2 / pow(1.6, Double(large)))) < 1e-14)
        } else {
          small += 1
          #expect(lambda >= lambdaDefault && lambda <= (policy == .bipop ? largest : lambdaDefault))
          #expect(a.sigma <= 2 && a.sigma >= 0.02)
        }
      }
      #expect(small >= 1)
    }
    // The COCO .rdat file marks each restart.
    #expect(r.rdatLines.count == r.restarts)
  }

  /// With `.none` a run ends when its strategy stops, budget left or not; a
  /// design that does not name a policy restarts independently, as designs
  /// written before restart policies did.
  @Test func noneNeverRestarts() async throws {
    let e = try BBOBExperiment(
      strategies: ["cma-es"], functions: [15], dimensions: [3], instances: [1], budgetMultiplier: 2000, seed: 4,
      restarts: .none)
    let requests = Requests()
    let store = Self.temporaryStore()
    defer { try? FileManager.default.removeItem(at: store.directory) }
    let records = try await runBBOBExperiment(e, strategies: [Self.shortCMAES(requests)], store: store, threads: 1)
    let r = try #require(records.first)
    #expect(requests.items.count == 1 && r.restarts == 0 && r.rdatLines.isEmpty)
    #expect(r.evaluations < 2000 * 3)
    var json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(e)) as? [String: Any])
    #expect(json["restarts"] as? String == "none")
    json["restarts"] = nil
    let old = try JSONDecoder().decode(BBOBExperiment.self, from: JSONSerialization.data(withJSONObject: json))
    #expect(old.restarts == .independent)
  }

  /// A chosen initial σ reaches every start, the restarts' too; a σ that is not
  /// finite and positive is refused.
  @Test(arguments: [RestartPolicy.independent, .ipop])
  func initialSigmaReachesEveryStart(policy: RestartPolicy) async throws {
    let e = try BBOBExperiment(
      strategies: ["cma-es"], functions: [15], dimensions: [3], instances: [1], budgetMultiplier: 500, seed: 4,
      restarts: policy, initialSigma: 0.5)
    let requests = Requests()
    let store = Self.temporaryStore()
    defer { try? FileManager.default.removeItem(at: store.directory) }
    _ = try await runBBOBExperiment(e, strategies: [Self.shortCMAES(requests)], store: store, threads: 1)
    #expect(requests.items.count >= 2)
    #expect(requests.items.allSatisfy { $0.sigma == 0.5 })
    for bad in [0, -1, Double.nan, .infinity] {
      #expect(throws: FisherError.self) {
        try BBOBExperiment(
          strategies: ["cma-es"], functions: [1], dimensions: [2], instances: [1], budgetMultiplier: 10, seed: 1,
          initialSigma: bad)
      }
    }
  }

  /// Each record is consistent with its own function: the hitting times are
  /// increasing, within the evaluations, agree with the best precision, and the
  /// run stops at the final target or the budget.
  @Test func recordsAreConsistent() async throws {
    let e = try Self.experiment()
    let store = Self.temporaryStore()
    defer { try? FileManager.default.removeItem(at: store.directory) }
    let records = try await runBBOBExperiment(e, strategies: Self.strategies, store: store, threads: 2)
    for r in records {
      let budget = e.budget(dimension: r.dimension)
      #expect(r.evaluations <= budget)
      #expect(r.bestPrecision <= 1e-8 || r.evaluations == budget, "\(r.function) \(r.dimension) \(r.instance)")
      let hit = r.hits.compactMap { $0 }
      #expect(hit == hit.sorted())
      #expect(hit.allSatisfy { $0 >= 1 && $0 <= r.evaluations })
      for (k, target) in BBOBTargets.precisions.enumerated() {
        #expect((r.hits[k] != nil) == (r.bestPrecision <= target))
      }
      // The best line of the .dat log is the record's best precision.
      let last = try #require(r.datLines.last?.split(separator: " "))
      #expect(Int(last[0]) == r.evaluations)
      #expect(Swift.abs((Double(last[2]) ?? .nan) - r.bestPrecision) <= 1e-9 * Swift.max(1e-12, r.bestPrecision))
    }
    // CMA-ES solves the 2-D sphere to 1e-8 well within 150·n evaluations on every instance.
    #expect(records.filter { $0.function == 1 && $0.dimension == 2 }.allSatisfy { $0.bestPrecision <= 1e-8 })
    let csv = BBOBRunsTable.csv(records).split(separator: "\n")
    #expect(csv.count == records.count + 1)
    #expect(csv[0].split(separator: ",").count == 18)
  }

  /// ERT = (Σ evaluations to the target over successes + Σ all evaluations of failures) / #successes.
  @Test func expectedRunningTimeKnownAnswer() {
    func record(_ evaluations: Int, hit: Int?) -> BBOBRunRecord {
      var hits = [Int?](repeating: nil, count: 51)
      hits[25] = hit
      return BBOBRunRecord(
        strategy: "s", function: 1, instance: 1, dimension: 2, seed: 0, evaluations: evaluations, restarts: 0,
        bestPrecision: 1, hits: hits, trace: [], seconds: 0, error: nil, infoEntry: "", datLines: [], tdatLines: [],
        rdatLines: [])
    }
    let runs = [record(50, hit: 10), record(100, hit: nil), record(40, hit: 20)]
    let (ert, successes) = BBOBStatistics.expectedRunningTime(runs, target: 25)
    #expect(successes == 2)
    #expect(ert == (10.0 + 100.0 + 20.0) / 2.0)
    #expect(BBOBStatistics.expectedRunningTime(runs, target: 30).ert == .infinity)
    let (times, pairs) = BBOBStatistics.runtimeDistribution(runs)
    #expect(times == [5, 10] && pairs == 3 * 51)
  }
}
