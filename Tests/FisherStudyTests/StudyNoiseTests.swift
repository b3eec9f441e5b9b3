import Fisher
import Foundation
import Testing
@testable import FisherStudy

/// A sphere with additive Gaussian noise drawn by the 0-based evaluation
/// index, as an in-process `IndexedObjective` is told it: the same evaluation
/// gets the same value in a study and in the `Optimizer` loop, whichever
/// worker evaluates it and in whatever order.
func noisySphere(_ x: [Double], evaluation: Int, scale: Double) -> Double {
  var rng = RandomStreams(seed: 0x5eed).generator(generation: evaluation, index: 0)
  return sphere(x) + scale * rng.nextNormal()
}

/// The error an objective of the reference loop throws for an evaluation
/// that fails; its description is the reason the study's worker reports.
struct Diverged: Error, CustomStringConvertible {
  var description: String { "diverged" }
}

/// The reason a study records for the evaluations `Diverged` fails in the
/// reference loop (the driver's wording for a thrown error).
let divergedReason = "objective threw: diverged"

/// The reference of a study with noise handling: the in-process `Optimizer`
/// loop with the same strategy, budget, bounds, seed and noise handling.
/// Evaluations whose 0-based index is in `failing` fail.
func optimizerRun<S: Strategy>(
  _ initial: S, budget: Int, bounds: BoxBounds? = nil, seed: UInt64, noise: NoiseHandling, failing: Set<Int> = [],
  _ f: @escaping @Sendable ([Double], Int) -> Double
) async throws -> Optimizer<S> {
  var run = try Optimizer(
    strategy: initial, termination: Termination(maxEvaluations: budget), bounds: bounds, seed: seed, noise: noise)
  let objective = IndexedObjective(value: { x, i in
    if failing.contains(i) { throw Diverged() }
    return f(x, i)
  })
  while run.stopReason == nil { try await run.step(objective, threads: 1) }
  return run
}

/// One worker in this process evaluates the study to its end; evaluations
/// whose 0-based index is in `failing` are reported as failed.
func evaluateStudy<S: Strategy>(
  _ study: Study<S>, failing: Set<Int> = [], _ f: ([Double], Int) -> Double
) async throws {
  while let lease = try await study.ask(worker: "w") {
    let i = try #require(lease.evaluation) - 1
    if failing.contains(i) {
      #expect(try await study.tell(lease, value: nil, reason: divergedReason).isAccepted)
    } else {
      #expect(try await study.tell(lease, value: f(lease.point, i)).isAccepted)
    }
  }
}

/// The driver state of a study with noise handling.
func storedOptimizer<S: Strategy>(_ study: Study<S>) async throws -> Optimizer<S> {
  try #require(try await study.optimizer())
}

/// Every row of the study is done or failed with exactly one accepted
/// report; a repeated evaluation names the first row of its generation that
/// evaluates the same candidate, at the same point; evaluation numbers run
/// 1, 2, … in row order.
func expectRowsTiedToTheirPoints<S: Strategy>(_ study: Study<S>) async throws -> [StudyEvaluation] {
  let rows = try await study.evaluations()
  #expect(rows.map(\.evaluation) == rows.indices.map { $0 + 1 })
  #expect(rows.allSatisfy { $0.status == "done" || $0.status == "failed" })
  var accepted: [[Int]: Int] = [:]
  for r in try await study.reports() where r.accepted { accepted[[r.generation, r.index], default: 0] += 1 }
  #expect(rows.allSatisfy { accepted[[$0.generation, $0.index]] == 1 })
  #expect(accepted.count == rows.count)
  let byKey = Dictionary(uniqueKeysWithValues: rows.map { ([$0.generation, $0.index], $0) })
  for r in rows {
    guard let first = r.repeatOf else { continue }
    let original = try #require(byKey[[r.generation, first]], "row \(r.generation)/\(r.index) repeats a missing row")
    #expect(original.repeatOf == nil && original.candidate == r.candidate && original.point == r.point)
    #expect(original.index < r.index)
  }
  // A candidate's first evaluation is the only one without repeat_of.
  for g in Set(rows.map(\.generation)) {
    let firsts = rows.filter { $0.generation == g && $0.repeatOf == nil }.map(\.candidate)
    #expect(firsts == Array(0..<study.record.populationSize))
  }
  return rows
}

/// Studies with resampling and uncertainty handling, driven through the Swift
/// API on SQLite: the same final state as the in-process `Optimizer` loop.
@Suite struct StudyNoiseTests {
  let shrinking = ShrinkingES(
    mean: [1.5, -0.5, 2.0], sigma: 0.6, populationSize: 6, seed: 20_261_125, recombination: .linear)

  func uncertaintyHandling() throws -> NoiseHandling { .uncertainty(try UncertaintyHandling(maxEvaluations: 3)) }

  func cma() throws -> CMAES { try CMAES(mean: [1, -1, 0.5], sigma: 0.5, seed: 17) }

  @Test func resamplingStudyEndsInTheOptimizerLoopState() async throws {
    let dir = try TemporaryFolder()
    defer { dir.cleanUp() }
    let noise = NoiseHandling.resampling(try Resampling(count: 3))
    let f: @Sendable ([Double], Int) -> Double = { x, i in noisySphere(x, evaluation: i, scale: 0.2) }
    let study = try await Study.create(
      name: "resample", strategy: shrinking, settings: StudySettings(budget: 72, noise: noise), seed: 5,
      storage: .sqlite(path: dir.file("s.db")))
    try await evaluateStudy(study, f)
    let reference = try await optimizerRun(shrinking, budget: 72, seed: 5, noise: noise, f)

    #expect(try stateText(await storedOptimizer(study)) == stateText(reference))
    #expect(try stateText(await study.strategy()) == stateText(reference.strategy))
    let status = try await study.status()
    #expect(status.finished && status.stopReason == reference.stopReason?.description)
    #expect(status.done == 72 && status.noise == "resample:3" && status.recommendation == .bestEvaluated)
    // 4 generations of 6 candidates, each evaluated 3 times in one round.
    let rows = try await expectRowsTiedToTheirPoints(study)
    #expect(rows.count == 72 && rows.allSatisfy { $0.round == 0 })
    #expect(rows.filter { $0.generation == 0 }.map(\.candidate) == (0..<6).flatMap { [$0, $0, $0] })
    let expectedRepeats: [Int?] = (0..<6).flatMap { c -> [Int?] in [nil, 3 * c, 3 * c] }
    #expect(rows.filter { $0.generation == 0 }.map(\.repeatOf) == expectedRepeats)
    // The recommendation is the best candidate by the mean of its values, as in the loop.
    let best = try #require(try await study.recommendation())
    #expect(best.recommendation == .bestEvaluated)
    #expect(best.point == reference.result.recommendedX && best.value == reference.best?.f)
    let row = try #require(rows.first { $0.generation == best.generation && $0.index == best.index })
    #expect(row.repeatOf == nil && row.point == best.point && row.evaluation == reference.best?.evaluation)
    let values = rows.filter { $0.generation == row.generation && $0.candidate == row.candidate }.compactMap(\.value)
    #expect(values.count == 3 && best.value == Resampling.Aggregate.mean.apply(values))
    await study.close()
  }

  @Test func uncertaintyHandlingStudyEndsInTheOptimizerLoopState() async throws {
    let dir = try TemporaryFolder()
    defer { dir.cleanUp() }
    let noise = try uncertaintyHandling()
    let f: @Sendable ([Double], Int) -> Double = { x, i in noisySphere(x, evaluation: i, scale: 0.5) }
    let initial = try cma()
    let study = try await Study.create(
      name: "uh", strategy: initial, settings: StudySettings(budget: 160, noise: noise), seed: 9,
      storage: .sqlite(path: dir.file("s.db")))
    try await evaluateStudy(study, f)
    let reference = try await optimizerRun(initial, budget: 160, seed: 9, noise: noise, f)

    #expect(try stateText(await storedOptimizer(study)) == stateText(reference))
    guard case .uncertainty(let handling) = reference.noiseHandling else {
      Issue.record("the reference lost its uncertainty handling")
      return
    }
    // The noise reordered the candidates: uncertainty handling measured it and reacted.
    #expect(handling.noiseMeasure != 0)
    let status = try await study.status()
    #expect(status.finished && status.stopReason == reference.stopReason?.description)
    #expect(status.noise == "uh" && status.round == 0)
    #expect(status.evaluationsPerCandidate == handling.evaluationsPerCandidate)
    #expect(status.noiseMeasure == handling.noiseMeasure)
    let rows = try await expectRowsTiedToTheirPoints(study)
    #expect(rows.count == reference.evaluations)
    // Every generation re-evaluated some candidates in a second round.
    for g in 0..<reference.generations {
      let second = rows.filter { $0.generation == g && $0.round == 1 }
      #expect(!second.isEmpty && second.allSatisfy { $0.repeatOf != nil })
    }
    // The answer is the final distribution mean, not a lucky evaluation.
    let answer = try #require(try await study.recommendation())
    #expect(answer.recommendation == .distributionMean && answer.value == nil && answer.generation == nil)
    #expect(answer.point == reference.result.recommendedX && answer.point == reference.strategy.mean)
    await study.close()
  }

  /// After round 0 the study keeps the driver's state, with the first round's
  /// fitness and what uncertainty handling measures, so another process
  /// continues the generation.
  @Test func theStateBetweenRoundsIsStoredForAnyProcess() async throws {
    let dir = try TemporaryFolder()
    defer { dir.cleanUp() }
    let storage = StorageURL.sqlite(path: dir.file("s.db"))
    let noise = try uncertaintyHandling()
    let f: @Sendable ([Double], Int) -> Double = { x, i in noisySphere(x, evaluation: i, scale: 0.5) }
    let initial = try cma()
    let first = try await Study.create(
      name: "rounds", strategy: initial, settings: StudySettings(budget: 40, noise: noise), seed: 9, storage: storage)
    var reference = try Optimizer(
      strategy: initial, termination: Termination(maxEvaluations: 40), seed: 9, noise: noise)
    let request = reference.request()
    #expect(try await first.status().pending == request.count)
    for _ in 0..<request.count {
      let lease = try #require(try await first.ask(worker: "a"))
      #expect(lease.round == 0 && lease.repeatOf == nil)
      #expect(try await first.tell(lease, value: f(lease.point, lease.evaluation! - 1)) == .accepted(completedGeneration: false))
    }
    let outcomes = request.points.indices.map { j in
      Fisher.EvaluationOutcome.value(f(request.points[j], request.firstEvaluation - 1 + j))
    }
    #expect(try reference.tell(request, outcomes: outcomes) == nil)
    await first.close()

    // Another process opens the study: it is in round 1 with the loop's state after round 0.
    let second = try await Study<CMAES>.open(name: "rounds", storage: storage)
    #expect(try stateText(await storedOptimizer(second)) == stateText(reference))
    let status = try await second.status()
    #expect(status.generation == 0 && status.round == 1)
    let again = reference.request()
    #expect(again.round == 1 && status.pending == again.count)
    var leases: [Lease] = []
    for j in 0..<again.count {
      let lease = try #require(try await second.ask(worker: "b"))
      #expect(lease.round == 1 && lease.evaluation == again.firstEvaluation + j)
      #expect(lease.candidate == again.candidates[j] && lease.point == again.points[j])
      #expect(lease.repeatOf.map { $0 + request.firstEvaluation } == again.repeatOf[j])
      leases.append(lease)
    }
    for lease in leases { try await second.tell(lease, value: f(lease.point, lease.evaluation! - 1)) }
    try await evaluateStudy(second, f)
    let loop = try await optimizerRun(initial, budget: 40, seed: 9, noise: noise, f)
    #expect(try stateText(await storedOptimizer(second)) == stateText(loop))
    await second.close()
  }

  /// Four connections, results in random order, failed evaluations in both
  /// rounds: still the loop's state.
  @Test func concurrentWorkersWithFailuresReachTheLoopState() async throws {
    let dir = try TemporaryFolder()
    defer { dir.cleanUp() }
    let storage = StorageURL.sqlite(path: dir.file("s.db"))
    for (name, noise) in [
      ("uh", try uncertaintyHandling()), ("median", .resampling(try Resampling(count: 2, aggregate: .median))),
    ] {
      let initial = try cma()
      let f: @Sendable ([Double], Int) -> Double = { x, i in noisySphere(x, evaluation: i, scale: 0.5) }
      // λ = 7: evaluations 3 and 8 are in generation 0 (8 is a re-evaluation under uncertainty handling).
      let failing: Set<Int> = [3, 8, 40]
      let created = try await Study.create(
        name: name, strategy: initial, settings: StudySettings(budget: 90, noise: noise), seed: 2, storage: storage)
      await created.close()
      let worker = StudyWorker<CMAES>(
        study: name, storage: storage, worker: "pool", concurrency: 4, pollInterval: .milliseconds(5))
      let summary = try await worker.runLeases { lease in
        try? await Task.sleep(for: .milliseconds(Int.random(in: 0...3)))
        let i = lease.evaluation! - 1
        return failing.contains(i) ? .failure(divergedReason) : .value(f(lease.point, i))
      }
      let reference = try await optimizerRun(initial, budget: 90, seed: 2, noise: noise, failing: failing, f)
      #expect(summary.accepted == reference.evaluations && summary.rejected == 0)
      #expect(summary.failed == failing.count && reference.failedEvaluations == failing.count)
      let study = try await Study<CMAES>.open(name: name, storage: storage)
      #expect(try stateText(await storedOptimizer(study)) == stateText(reference), "\(name)")
      let rows = try await expectRowsTiedToTheirPoints(study)
      #expect(rows.filter { $0.status == "failed" }.map { $0.evaluation! - 1 } == failing.sorted())
      await study.close()
    }
  }

  @Test func invalidNoiseSettingsAreClearErrors() async throws {
    let dir = try TemporaryFolder()
    defer { dir.cleanUp() }
    let storage = StorageURL.sqlite(path: dir.file("s.db"))
    // Uncertainty handling scales σ: a strategy without a step size cannot have it.
    do {
      _ = try await Study.create(
        name: "x", strategy: shrinking, settings: StudySettings(budget: 10, noise: try uncertaintyHandling()),
        storage: storage)
      Issue.record("uncertainty handling was accepted for a strategy without a step size")
    } catch let error as FisherError {
      #expect("\(error)".contains("no step size that uncertainty handling could scale"))
    }
    // Its limits are public variables; they are checked again.
    var handling = try UncertaintyHandling()
    handling.maxEvaluations = 0
    await #expect(throws: FisherError.invalidParameter(name: "max-evaluations", reason: "must be in 1…10000, got 0")) {
      _ = try await Study.create(
        name: "x", strategy: try cma(), settings: StudySettings(budget: 10, noise: .uncertainty(handling)),
        storage: storage)
    }
    #expect(throws: FisherError.self) { _ = try Resampling(count: 0) }
    #expect(throws: FisherError.self) { _ = try Resampling(count: Resampling.maximumCount + 1) }
    // A round of more than a million evaluations is refused.
    let wide = ShrinkingES(mean: [0, 0], sigma: 1, populationSize: 200, seed: 1)
    do {
      _ = try await Study.create(
        name: "x", strategy: wide,
        settings: StudySettings(budget: 10, noise: .resampling(try Resampling(count: 10_000))), storage: storage)
      Issue.record("a round of 2 000 000 evaluations was accepted")
    } catch let error as FisherError {
      #expect("\(error)".contains("at most 1000000"))
    }
    // Stored settings whose resampling count is out of range do not decode.
    #expect(throws: FisherError.self) {
      let _: StudySettings = try StudyCoding.decode(
        #"{"budget":8,"leaseDuration":60,"maxAttempts":3,"noise":{"resampling":{"_0":{"count":0}}}}"#, what: "settings")
    }
    // Nothing was created by the refused calls.
    await #expect(throws: FisherError.self) { _ = try await Study<CMAES>.open(name: "x", storage: storage) }
    // A re-create with other noise handling names the difference.
    let plain = try await Study.create(name: "s", strategy: shrinking, settings: StudySettings(budget: 12), storage: storage)
    await plain.close()
    do {
      _ = try await Study.create(
        name: "s", strategy: shrinking, settings: StudySettings(budget: 12, noise: .resampling(try Resampling(count: 3))),
        storage: storage)
      Issue.record("a re-create with other noise handling was accepted")
    } catch let error as FisherError {
      #expect("\(error)".contains("noise: none ≠ resample:3"))
    }
  }

  /// Settings stored before noise handling existed decode without it; a
  /// version-1 database (no evaluation numbers, one row per candidate) is
  /// migrated when opened, and its study goes on to the single-process state.
  @Test func aVersionOneDatabaseIsMigratedAndKeepsWorking() async throws {
    let dir = try TemporaryFolder()
    defer { dir.cleanUp() }
    let path = dir.file("s.db")
    let settingsText = #"{"budget":30,"leaseDuration":30,"maxAttempts":3,"options":{"sigma":"0.6"}}"#
    let old: StudySettings = try StudyCoding.decode(settingsText, what: "settings")
    #expect(old.noise == .none && old.recommendation == nil && old.effectiveRecommendation == .bestEvaluated)
    #expect(old == StudySettings(budget: 30, leaseDuration: 30, options: ["sigma": "0.6"]))

    // The database as version 1 wrote it, with two results of generation 0 in.
    let population = shrinking.ask()
    let db = try await SQLiteDatabase(path: path, create: true)
    let state = try StudyCoding.encode(shrinking)
    try await db.transaction { tx in
      try await tx.query("CREATE TABLE fisher_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
      for statement in StudySchema.migration(1, .sqlite) { try await tx.query(statement) }
      try await tx.query("INSERT INTO fisher_meta (key, value) VALUES ('schema_version', '1')")
      try await tx.query(
        """
        INSERT INTO fisher_studies (name, strategy, settings, population_size, generation, finished, created_at)
        VALUES ('old', 'shrinking-es', ?, 6, 0, 0, 0)
        """, [.text(settingsText)])
      try await tx.query(
        "INSERT INTO fisher_generations (study_id, generation, state, created_at) VALUES (1, 0, ?, 0)", [.text(state)])
      for i in 0..<population.count {
        let done = i < 2
        let value = sphere(population[i])
        try await tx.query(
          "INSERT INTO fisher_candidates (study_id, generation, idx, x, status, attempt, value) VALUES (1, 0, ?, ?, ?, ?, ?)",
          [.int(i), .text(StudyCoding.encodePoint(population[i])), .text(done ? "done" : "pending"), .int(done ? 1 : 0),
           done ? .real(value) : .null])
        if done {
          try await tx.query(
            """
            INSERT INTO fisher_reports (study_id, generation, idx, attempt, worker, value, reason, accepted, reported_at)
            VALUES (1, 0, ?, 1, 'v1', ?, NULL, 1, 0)
            """, [.int(i), .real(value)])
        }
      }
    }
    await db.close()

    let study = try await Study<ShrinkingES>.open(name: "old", storage: .sqlite(path: path))
    let migrated = try await SQLiteDatabase(path: path, create: false)
    #expect(try await migrated.execute("SELECT value FROM fisher_meta WHERE key = 'schema_version'", [])
      == [[.text(String(StudySchema.version))]])
    await migrated.close()
    let before = try await study.evaluations()
    #expect(before.map(\.candidate) == Array(0..<6) && before.map(\.evaluation) == (1...6).map { $0 })
    #expect(before.allSatisfy { $0.repeatOf == nil && $0.round == 0 })
    try await evaluateStudy(study) { x, _ in sphere(x) }
    let reference = try singleProcessRun(shrinking, budget: 30, sphere)
    #expect(try stateText(await study.strategy()) == stateText(reference))
    #expect(try await study.optimizer() == nil)
    let rows = try await expectRowsTiedToTheirPoints(study)
    #expect(rows.count == 30 && rows.map(\.candidate) == (0..<30).map { $0 % 6 })
    let status = try await study.status()
    #expect(status.finished && status.noise == "none" && status.evaluationsPerCandidate == nil)
    // The recommendation of a study without noise handling is its best evaluation.
    let best = try #require(try await study.recommendation())
    #expect(best.value == rows.compactMap(\.value).min() && best.recommendation == .bestEvaluated)
    // The same create as version 1's opens the migrated study.
    let again = try await Study.create(name: "old", strategy: shrinking, settings: old, storage: .sqlite(path: path))
    #expect(again.record.id == study.record.id)
    await again.close()
    await study.close()
  }

  @Test func aDatabaseOfANewerSchemaIsRefused() async throws {
    let dir = try TemporaryFolder()
    defer { dir.cleanUp() }
    let path = dir.file("s.db")
    let study = try await Study.create(
      name: "n", strategy: shrinking, settings: StudySettings(budget: 6), storage: .sqlite(path: path))
    await study.close()
    let db = try await SQLiteDatabase(path: path, create: false)
    _ = try await db.execute("UPDATE fisher_meta SET value = '99' WHERE key = 'schema_version'", [])
    await db.close()
    do {
      _ = try await Study<ShrinkingES>.open(name: "n", storage: .sqlite(path: path))
      Issue.record("a database of schema version 99 was opened")
    } catch StudyStoreError.schemaTooNew(let found, let known) {
      #expect(found == 99 && known == StudySchema.version)
    }
    let cli = try runFisher(["study", "status", "--name", "n", "--storage", "sqlite://" + path])
    #expect(cli.status == 2 && cli.stderr.contains("study schema version 99"))
  }
}

/// `fisher study … --noise` through the built executable.
@Suite struct StudyNoiseCLITests {
  func create(_ storage: String, name: String, noise: String, strategy: String = "cma-es", budget: Int = 24) throws -> (
    status: Int32, stdout: String, stderr: String
  ) {
    try runFisher([
      "study", "create", "--name", name, "--strategy", strategy, "--dimension", "2", "--mean", "1,1", "--sigma", "0.5",
      "--seed", "3", "--budget", "\(budget)", "--noise", noise, "--storage", storage,
    ])
  }

  @Test func resamplingStudyExportsEveryEvaluation() throws {
    let dir = try TemporaryFolder()
    defer { dir.cleanUp() }
    let storage = "sqlite://" + dir.file("cli.db")
    let created = try create(storage, name: "r", noise: "resample:2")
    #expect(created.status == 0 && created.stdout.contains("noise handling resample:2"), "\(created.stderr)")
    let script = try writeSphereScript(in: dir.path, sleep: 0)
    let worker = try runFisher(["study", "worker", "--name", "r", "--storage", storage, "--", "sh", script])
    #expect(worker.status == 0, "\(worker.stderr)")
    let export = try runFisher(["study", "export", "--name", "r", "--storage", storage])
    let lines = export.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    let header = try #require(lines.first).map(String.init)
    #expect(Array(header.prefix(7)) == ["generation", "index", "round", "candidate", "repeat_of", "evaluation", "status"])
    // λ = 6, two evaluations each: 12 rows per generation, 2 generations.
    let rows = lines.dropFirst()
    #expect(rows.count == 24)
    for (k, r) in rows.enumerated() {
      let index = k % 12
      #expect(r[1] == "\(index)" && r[2] == "0" && r[3] == "\(index / 2)" && r[5] == "\(k + 1)")
      #expect(r[4] == (index % 2 == 0 ? "" : "\(index - 1)"))
      // A repeat evaluates the same point.
      if index % 2 == 1 { #expect(r.suffix(2) == rows[rows.startIndex + k - 1].suffix(2)) }
    }
    let json = try runFisher(["study", "export", "--name", "r", "--storage", storage, "--format", "json"])
    let decoded = try JSONDecoder().decode([StudyEvaluation].self, from: Data(json.stdout.utf8))
    #expect(decoded.count == 24 && decoded[1].repeatOf == 0 && decoded[1].candidate == 0 && decoded[0].repeatOf == nil)
    let status = try runFisher(["study", "status", "--name", "r", "--storage", storage])
    #expect(status.stdout.contains("noise handling: resample:2; best reports the best evaluated point"))
    let best = try runFisher(["study", "best", "--name", "r", "--storage", storage, "--format", "json"])
    #expect(best.status == 0 && best.stdout.contains(#""recommendation":"best-evaluated""#))
  }

  @Test func uncertaintyHandlingStudyReportsTheMean() async throws {
    let dir = try TemporaryFolder()
    defer { dir.cleanUp() }
    let storage = "sqlite://" + dir.file("cli.db")
    #expect(try create(storage, name: "u", noise: "uh").status == 0)
    let script = try writeSphereScript(in: dir.path, sleep: 0)
    let worker = try runFisher(["study", "worker", "--name", "u", "--storage", storage, "--", "sh", script])
    #expect(worker.status == 0, "\(worker.stderr)")
    let study = try await Study<AnyStrategy>.open(name: "u", storage: StorageURL(storage))
    let rows = try await study.evaluations()
    #expect(rows.contains { $0.round == 1 && $0.repeatOf != nil })
    let optimizer = try await storedOptimizer(study)
    await study.close()
    let best = try runFisher(["study", "best", "--name", "u", "--storage", storage])
    #expect(best.status == 0)
    #expect(best.stdout == "mean\t" + optimizer.strategy.mean.map { "\($0)" }.joined(separator: ",") + "\n")
    let status = try runFisher(["study", "status", "--name", "u", "--storage", storage, "--format", "json"])
    #expect(status.stdout.contains(#""noise":"uh""#) && status.stdout.contains(#""recommendation":"distribution-mean""#))
  }

  @Test func invalidNoiseOptionsExitTwo() throws {
    let dir = try TemporaryFolder()
    defer { dir.cleanUp() }
    let storage = "sqlite://" + dir.file("cli.db")
    let cem = try create(storage, name: "c", noise: "uh", strategy: "cem")
    #expect(cem.status == 2 && cem.stderr.contains("--noise uh scales the step size σ"))
    for bad in ["resample:0", "resample:2:mode", "uh:0", "loud"] {
      let run = try create(storage, name: "c", noise: bad)
      #expect(run.status == 2 && run.stderr.hasPrefix("fisher: ") && run.stderr.contains("--noise"), "\(bad): \(run.stderr)")
    }
    #expect(try create(storage, name: "c", noise: "uh").status == 0)
    #expect(try create(storage, name: "c", noise: "uh").status == 0, "an identical re-create opens the study")
    let other = try create(storage, name: "c", noise: "resample:2")
    #expect(other.status == 2 && other.stderr.contains("noise: uh ≠ resample:2"))
  }
}

/// Noise handling on PostgreSQL: concurrent transactions instead of one
/// writer at a time, and the version-2 migration in its dialect.
@Suite(.enabled(if: testPostgresURL != nil, "FISHER_TEST_POSTGRES_URL is not set"))
struct PostgresStudyNoiseTests {
  var storage: StorageURL { testPostgresURL! }

  @Test func concurrentWorkersReachTheLoopState() async throws {
    let initial = try CMAES(mean: [1, -1, 0.5], sigma: 0.5, seed: 17)
    let f: @Sendable ([Double], Int) -> Double = { x, i in noisySphere(x, evaluation: i, scale: 0.5) }
    let failing: Set<Int> = [3, 8]
    for noise in [
      NoiseHandling.uncertainty(try UncertaintyHandling(maxEvaluations: 3)),
      .resampling(try Resampling(count: 3)),
    ] {
      let name = "noise-\(UUID().uuidString.prefix(8))"
      let study = try await Study.create(
        name: name, strategy: initial, settings: StudySettings(budget: 120, noise: noise), seed: 4, storage: storage)
      let worker = StudyWorker<CMAES>(
        study: name, storage: storage, worker: "pool", concurrency: 6, pollInterval: .milliseconds(5))
      let summary = try await worker.runLeases { lease in
        try? await Task.sleep(for: .milliseconds(Int.random(in: 0...3)))
        let i = lease.evaluation! - 1
        return failing.contains(i) ? .failure(divergedReason) : .value(f(lease.point, i))
      }
      let reference = try await optimizerRun(initial, budget: 120, seed: 4, noise: noise, failing: failing, f)
      #expect(summary.accepted == reference.evaluations && summary.rejected == 0)
      #expect(try stateText(await storedOptimizer(study)) == stateText(reference), "\(noise.description)")
      _ = try await expectRowsTiedToTheirPoints(study)
      await study.close()
    }
  }

  /// Version 1's tables in a schema of their own, migrated to version 2 in
  /// PostgreSQL's dialect, then dropped.
  @Test func theVersionTwoMigrationRunsOnPostgres() async throws {
    guard case .postgres(let location) = storage else { return }
    let db = try await PostgresDatabase(location)
    let schema = "fisher_v1_\(UUID().uuidString.prefix(8).lowercased())"
    let rows = try await db.transaction { tx in
      try await tx.query("CREATE SCHEMA \(schema)")
      try await tx.query("SET LOCAL search_path TO \(schema)")
      for statement in StudySchema.migration(1, .postgres) { try await tx.query(statement) }
      try await tx.query(
        """
        INSERT INTO fisher_studies (name, strategy, settings, population_size, generation, finished, created_at)
        VALUES ('old', 'shrinking-es', '{}', 3, 1, 0, 0)
        """)
      for g in 0..<2 {
        try await tx.query(
          "INSERT INTO fisher_generations (study_id, generation, state, created_at) VALUES (1, ?, '{}', 0)", [.int(g)])
        for i in 0..<3 {
          try await tx.query(
            "INSERT INTO fisher_candidates (study_id, generation, idx, x) VALUES (1, ?, ?, '[0]')", [.int(g), .int(i)])
        }
      }
      for statement in StudySchema.migration(2, .postgres) { try await tx.query(statement) }
      let rows = try await tx.query(
        "SELECT generation, idx, round, candidate, repeat_of, evaluation FROM fisher_candidates ORDER BY generation, idx")
      let generations = try await tx.query("SELECT round, round_state FROM fisher_generations")
      try await tx.query("DROP SCHEMA \(schema) CASCADE")
      return (rows, generations)
    }
    await db.close()
    #expect(rows.0.map { $0[2] } == Array(repeating: .integer(0), count: 6))
    #expect(rows.0.map { $0[3] } == (0..<6).map { .integer(Int64($0 % 3)) })
    #expect(rows.0.map { $0[4] } == Array(repeating: .null, count: 6))
    #expect(rows.0.map { $0[5] } == (1...6).map { .integer(Int64($0)) })
    #expect(rows.1 == Array(repeating: [.integer(0), .null], count: 2))
  }
}
