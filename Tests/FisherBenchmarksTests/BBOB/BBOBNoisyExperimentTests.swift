import Foundation
import Testing
import FisherBenchmarks

@Suite("bbob-noisy experiments")
struct BBOBNoisyExperimentTests {
  static let cmaES = BBOBStrategyEntry(name: "cma-es") { mean, sigma, seed, populationSize in
    try CMAES(mean: mean, sigma: sigma, populationSize: populationSize, seed: seed)
  }

  static func temporaryStore() -> BBOBExperimentStore {
    BBOBExperimentStore(
      directory: FileManager.default.temporaryDirectory.appendingPathComponent("fisher-bbob-noisy-\(UUID().uuidString)"))
  }

  static func normalized(_ records: [BBOBRunRecord]) -> [BBOBRunRecord] {
    records.map { var r = $0; r.seconds = 0; return r }
  }

  /// Functions are checked against the suite; without a suite, functions all in
  /// 101…130 make a bbob-noisy design and anything else a bbob one, so a mix is refused.
  @Test func suiteIsInferredAndFunctionsAreChecked() throws {
    func design(_ functions: [Int], _ suite: BBOBSuite?) throws -> BBOBExperiment {
      try BBOBExperiment(
        strategies: ["cma-es"], functions: functions, dimensions: [2], instances: [1], budgetMultiplier: 10, seed: 1,
        suite: suite)
    }
    #expect(try design([101, 130], nil).suite == .bbobNoisy)
    #expect(try design([1, 24], nil).suite == .bbob)
    #expect(try design([113], .bbobNoisy).suite == .bbobNoisy)
    for (functions, suite) in [([1, 101], nil), ([101], .bbob), ([1], .bbobNoisy), ([25], nil), ([100], nil),
                               ([131], .bbobNoisy), ([0], .bbob)] as [([Int], BBOBSuite?)] {
      #expect(throws: FisherError.self, "\(functions) in \(String(describing: suite))") { try design(functions, suite) }
    }
    do {
      _ = try design([8, 101], nil)
      Issue.record("a mixed design was accepted")
    } catch let e as FisherError {
      #expect(e.description.contains("mix") && e.description.contains("bbob-noisy"), "\(e)")
    }
    #expect(BBOBSuite(function: 7) == .bbob && BBOBSuite(function: 107) == .bbobNoisy && BBOBSuite(function: 50) == nil)
    #expect(BBOBSuite.bbobNoisy.functionName(122) == "Schaffers F7, severe Gaussian noise")
    #expect(BBOBSuite.bbobNoisy.groups.last?.functions == 101...130)
  }

  /// A design stored before suites and noise handling existed decodes as a bbob
  /// design without noise handling, and equals the design the same arguments
  /// make now (so its experiment resumes); a noisy design round-trips; a stored
  /// design whose functions are not its suite's is refused.
  @Test func storedDesignsWithoutSuiteStillDecode() throws {
    let old = #"""
      {"strategies":["cma-es"],"functions":[1,8],"dimensions":[2,3],"instances":[1,2],"budgetMultiplier":100,
       "seed":3,"finalTarget":1e-08,"initialSigma":2,"restarts":"ipop"}
      """#
    let decoded = try JSONDecoder().decode(BBOBExperiment.self, from: Data(old.utf8))
    #expect(decoded.suite == .bbob && decoded.noise == .none && decoded.recommendation == .bestEvaluated)
    #expect(decoded.strategyNoiseHandling == nil && decoded.noiseDescription == "none")
    let now = try BBOBExperiment(
      strategies: ["cma-es"], functions: [8, 1], dimensions: [3, 2], instances: [1, 2], budgetMultiplier: 100, seed: 3,
      restarts: .ipop)
    #expect(decoded == now)

    let noisy = try BBOBExperiment(
      strategies: ["cma-es"], functions: [101, 122], dimensions: [2], instances: [1], budgetMultiplier: 100, seed: 3,
      noise: .uncertainty(try UncertaintyHandling(maxEvaluations: 4)), strategyNoiseHandling: nil)
    #expect(noisy.recommendation == .distributionMean && noisy.noiseDescription == "uh")
    let data = try JSONEncoder().encode(noisy)
    #expect(try JSONDecoder().decode(BBOBExperiment.self, from: data) == noisy)
    var json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    #expect(json["suite"] as? String == "bbob-noisy")
    json["suite"] = "bbob"
    #expect(throws: DecodingError.self) {
      try JSONDecoder().decode(BBOBExperiment.self, from: JSONSerialization.data(withJSONObject: json))
    }
  }

  /// CMA-ES that writes down every population it is told and the fitness it gets.
  struct RecordingCMAES: Strategy {
    final class Log: @unchecked Sendable {
      private let lock = NSLock()
      private var _told: [(points: [[Double]], fitness: [Double])] = []
      func append(_ points: [[Double]], _ fitness: [Double]) { lock.lock(); _told.append((points, fitness)); lock.unlock() }
      var told: [(points: [[Double]], fitness: [Double])] { lock.lock(); defer { lock.unlock() }; return _told }
    }

    static let name = "recording-cma-es"
    var base: CMAES
    let log: Log

    init(base: CMAES, log: Log) {
      self.base = base
      self.log = log
    }

    init(from decoder: any Decoder) throws {
      throw FisherError.malformedInput("a recording strategy is not decoded")
    }

    func encode(to encoder: any Encoder) throws { try base.encode(to: encoder) }

    var dimension: Int { base.dimension }
    var populationSize: Int { base.populationSize }
    var generation: Int { base.generation }
    var mean: [Double] { base.mean }
    var stepSize: Double { base.stepSize }
    var stopReason: StopReason? { base.stopReason }
    func ask() -> Population { base.ask() }

    mutating func tell(_ population: Population, fitness: [Double]) throws {
      try base.tell(population, fitness: fitness)
      log.append((0..<population.count).map { population[$0] }, fitness)
    }

    mutating func scaleStepSize(by factor: Double) throws { try base.scaleStepSize(by: factor) }
  }

  /// The strategy sees noisy values: evaluation k of a run (over restarts,
  /// re-evaluations included) is cocoex's (k+1)-th evaluation of a fresh
  /// problem, `value(at:evaluation: k)`, and under resampling a candidate's
  /// fitness is the mean of its k consecutive evaluations. The run stops at the
  /// budget within a generation, and is measured on noise-free values.
  @Test(arguments: [1, 3])
  func strategySeesNoisyValuesInEvaluationOrder(resampling: Int) async throws {
    let log = RecordingCMAES.Log()
    let entry = BBOBStrategyEntry(name: "cma-es") { mean, sigma, seed, populationSize in
      var options = CMAESOptions()
      options.maxIterations = 6
      return RecordingCMAES(
        base: try CMAES(mean: mean, sigma: sigma, populationSize: populationSize, seed: seed, options: options), log: log)
    }
    let e = try BBOBExperiment(
      strategies: ["cma-es"], functions: [113], dimensions: [2], instances: [3], budgetMultiplier: 139, seed: 5,
      noise: resampling == 1 ? .none : .resampling(try Resampling(count: resampling)))
    let run = try #require(e.runs.first)
    let r = try e.perform(run, strategy: entry)
    let f = try BBOBNoisyFunction(function: 113, instance: 3, dimension: 2)
    // 278 evaluations are not a whole number of generations (6 or 18 evaluations): the last one is cut short.
    #expect(r.evaluations == 278 && r.error == nil)
    #expect(r.restarts >= 1 && r.rdatLines.count == r.restarts)
    var k = 0
    var bestNoiseFree = Double.infinity
    for (points, fitness) in log.told {
      for (x, told) in zip(points, fitness) {
        let values = (0..<resampling).map { f.value(at: x, evaluation: k + $0) }
        #expect(told == values.reduce(0, +) / Double(resampling), "evaluation \(k)")
        bestNoiseFree = Swift.min(bestNoiseFree, f.noiseFreeValue(x) - f.optimalValue)
        k += resampling
      }
    }
    #expect(k > 200 && k <= r.evaluations)
    #expect(r.bestPrecision <= bestNoiseFree && r.bestPrecision >= 0)
    // The COCO log holds noise-free values: its last line, the best point's, ends the run's best precision.
    let last = try #require(r.tdatLines.last?.split(separator: " "))
    #expect(Double(last[2]).map { abs($0 - r.bestPrecision) <= 1e-9 * r.bestPrecision } == true)
    let f113Opt = f.optimalValue
    #expect(Double(last[4]).map { abs($0 - f113Opt - r.bestPrecision) <= 1e-9 * Swift.max(1, abs(f113Opt)) } == true)
    #expect(r.infoEntry == "3:278|" + String(format: "%.1e", r.bestPrecision))
    #expect(r.recommendedPrecision.map { $0 >= 0 } == true)
  }

  /// Runs under uncertainty handling and resampling give the same records on one
  /// thread and on three, and stop at the budget or the noise-free target 10⁻⁸.
  @Test(arguments: ["uh", "resample"])
  func noisyRunsDoNotDependOnThreads(handling: String) async throws {
    let noise: NoiseHandling = handling == "uh"
      ? .uncertainty(try UncertaintyHandling(maxEvaluations: 3)) : .resampling(try Resampling(count: 2, aggregate: .median))
    let e = try BBOBExperiment(
      strategies: ["cma-es"], functions: [101, 107, 122], dimensions: [2, 3], instances: [1, 2], budgetMultiplier: 1000,
      seed: 11, noise: noise)
    let a = Self.temporaryStore(), b = Self.temporaryStore()
    defer {
      try? FileManager.default.removeItem(at: a.directory)
      try? FileManager.default.removeItem(at: b.directory)
    }
    let serial = try await runBBOBExperiment(e, strategies: [Self.cmaES], store: a, threads: 1)
    let parallel = try await runBBOBExperiment(e, strategies: [Self.cmaES], store: b, threads: 3)
    #expect(serial.count == 12)
    #expect(Self.normalized(serial) == Self.normalized(parallel))
    let files = try COCODataWriter.files(strategy: "cma-es", records: serial)
    #expect(files.map(\.1) == (try COCODataWriter.files(strategy: "cma-es", records: parallel)).map(\.1))
    #expect(files.first { $0.0 == "bbobexp_f107.info" }?.1.hasPrefix("suite = 'bbob-noisy', funcId = 107, DIM = 2") == true)
    for r in serial {
      #expect(r.error == nil)
      let budget = e.budget(dimension: r.dimension)
      #expect(r.evaluations == budget || (r.bestPrecision <= 1e-8 && r.hits[50] == r.evaluations), "\(r.function) \(r.dimension)")
      for (k, target) in BBOBTargets.precisions.enumerated() {
        #expect((r.hits[k] != nil) == (r.bestPrecision <= target))
      }
      #expect(r.recommendedPrecision != nil)
    }
    // The moderately noisy sphere is solved to 10⁻⁸ (noise-free) within the budget.
    #expect(serial.filter { $0.function == 101 && $0.dimension == 2 }.allSatisfy { $0.bestPrecision <= 1e-8 })
  }

  /// A report of a noisy experiment names its suite and noise functions and has
  /// the table of recommended points.
  @Test func reportOfANoisyExperiment() async throws {
    let e = try BBOBExperiment(
      strategies: ["cma-es"], functions: [104, 130], dimensions: [2], instances: [1], budgetMultiplier: 50, seed: 2,
      noise: .uncertainty(try UncertaintyHandling()))
    let store = Self.temporaryStore()
    defer { try? FileManager.default.removeItem(at: store.directory) }
    let records = try await runBBOBExperiment(e, strategies: [Self.cmaES], store: store, threads: 2)
    let html = BBOBReport.html(experiment: e, records: records)
    #expect(html.contains("<h1>bbob-noisy experiment</h1>") && html.contains("noise handling uh"))
    // Text is XML-escaped, the apostrophe included.
    #expect(html.contains("Gallagher&#39;s Gaussian 101-me peaks, severe Cauchy noise"))
    #expect(html.contains("Recommended points") && html.contains("distribution-mean"))
    #expect(html.contains("moderate noise (f101–f106)"))
  }
}
