import Fisher
import Foundation
import Testing
@testable import FisherStudy

/// The sphere under the linear constraint 1 − x₀ ≤ 0: the optimum is
/// x = [1, 0, …], f = 1.
func constrainedSphere(_ x: [Double]) -> Evaluation {
  Evaluation(value: sphere(x), constraints: [1 - x[0]])
}

/// The reference of a study with constraints: the in-process `Optimizer`
/// loop with the same strategy, budget, seed and constraint handling.
func constrainedRun<S: Strategy>(
  _ initial: S, budget: Int, seed: UInt64, constraints: StudyConstraints,
  _ f: @escaping @Sendable ([Double]) -> Evaluation
) async throws -> Optimizer<S> {
  var run = try Optimizer(
    strategy: initial, termination: Termination(maxEvaluations: budget), seed: seed,
    constraints: try constraints.handling(dimension: initial.dimension))
  let objective = try ConstrainedObjective(constraintCount: constraints.count, f)
  while run.stopReason == nil { try await run.step(objective, threads: 1) }
  return run
}

/// Studies with inequality constraints, driven through the Swift API on SQLite.
@Suite struct StudyConstraintTests {
  let al = StudyConstraints(count: 1, method: .augmentedLagrangian)

  func cma() throws -> CMAES { try CMAES(mean: [2, 1, -1], sigma: 0.5, seed: 29) }

  @Test func concurrentWorkersReachTheLoopStateAndTheFeasibleOptimum() async throws {
    let dir = try TemporaryFolder()
    defer { dir.cleanUp() }
    let storage = StorageURL.sqlite(path: dir.file("s.db"))
    let initial = try cma()
    for constraints in [al, StudyConstraints(count: 1, method: .feasibilityRanking)] {
      let name = "c-\(constraints.method.rawValue)"
      let study = try await Study.create(
        name: name, strategy: initial, settings: StudySettings(budget: 1400, constraints: constraints), seed: 3,
        storage: storage)
      let worker = StudyWorker<CMAES>(
        study: name, storage: storage, worker: "pool", concurrency: 4, pollInterval: .milliseconds(2))
      let summary = try await worker.run { x in .constrained(constrainedSphere(x)) }
      let reference = try await constrainedRun(initial, budget: 1400, seed: 3, constraints: constraints, constrainedSphere)
      #expect(summary.accepted == reference.evaluations && summary.failed == 0)
      let stored = try #require(try await study.optimizer())
      #expect(try stateText(stored) == stateText(reference), "\(constraints.method)")

      let status = try await study.status()
      #expect(status.constraints == 1 && status.constraintMethod == constraints.method && status.feasible == true)
      let f = try #require(status.bestFeasibleF)
      let x = try #require(status.bestFeasibleX)
      #expect(f >= 1 && f - 1 < 1e-3, "best feasible f = \(f)")
      #expect(abs(x[0] - 1) < 1e-3 && abs(x[1]) < 0.03 && abs(x[2]) < 0.03, "best feasible x = \(x)")
      #expect(status.bestMaxViolation == 0 && f == reference.bestFeasible?.f && x == reference.bestFeasible?.x)
      let best = try #require(try await study.recommendation())
      #expect(best.feasible == true && best.value == f && best.point == x && best.maxViolation == 0)
      // Every done row keeps its constraint value; the export round-trips it.
      let rows = try await study.evaluations()
      #expect(rows.allSatisfy { $0.status == "done" && $0.constraints == [1 - $0.point[0]] })
      await study.close()
    }
  }

  @Test func badConstraintValuesAreFailedEvaluationsWithTheirReason() async throws {
    let dir = try TemporaryFolder()
    defer { dir.cleanUp() }
    let two = StudyConstraints(count: 2, method: .feasibilityRanking)
    let study = try await Study.create(
      name: "bad", strategy: try cma(), settings: StudySettings(budget: 14, constraints: two),
      storage: .sqlite(path: dir.file("s.db")))
    let told: [([Double]?, String)] = [
      (nil, "no constraint values reported; the study has 2 constraints"),
      ([1], "1 constraint value reported; the study has 2 constraints"),
      ([1, 2, 3], "3 constraint values reported; the study has 2 constraints"),
      ([0, .nan], "constraint 2 is nan"),
      ([.infinity, 0], "constraint 1 is inf"),
      ([-.infinity, 0], "constraint 1 is -inf"),
    ]
    for (g, _) in told {
      let lease = try #require(try await study.ask(worker: "w"))
      #expect(try await study.tell(lease, value: 1, constraints: g).isAccepted)
    }
    let rows = try await study.evaluations()
    for (row, (_, reason)) in zip(rows, told) {
      #expect(row.status == "failed" && row.reason == reason && row.value == nil && row.constraints == nil)
    }
    // The reports keep what was told.
    let reports = try await study.reports()
    #expect(reports[1].constraints == [1] && reports[0].constraints == nil)
    // An infeasible result completes generation 0 (λ = 7) with six failures; the strategy is told.
    var lease = try #require(try await study.ask(worker: "w"))
    #expect(try await study.tell(lease, value: 4, constraints: [0.5, -1]).isAccepted)
    var status = try await study.status()
    #expect(status.feasible == false && status.bestFeasibleF == nil && status.bestMaxViolation == 0.5)
    let optimizer = try #require(try await study.optimizer())
    #expect(optimizer.generations == 1 && optimizer.failedEvaluations == 6 && optimizer.bestFeasible == nil)
    #expect(optimizer.best?.f == 4 && optimizer.best?.constraints == [0.5, -1])
    // A feasible result (g = 0 holds) becomes the best at once.
    lease = try #require(try await study.ask(worker: "w"))
    #expect(try await study.tell(lease, value: 9, constraints: [0, -1]).isAccepted)
    status = try await study.status()
    #expect(status.feasible == true && status.bestFeasibleF == 9 && status.best?.constraints == [0, -1])
    #expect(status.bestMaxViolation == 0 && status.failed == 6 && status.done == 2)
    // A study without constraints refuses constraint values.
    let plain = try await Study.create(
      name: "plain", strategy: try cma(), settings: StudySettings(budget: 7), storage: .sqlite(path: dir.file("s.db")))
    let l = try #require(try await plain.ask(worker: "w"))
    await #expect(throws: FisherError.self) { try await plain.tell(l, value: 1, constraints: [0]) }
    await plain.close()
    await study.close()
  }

  @Test func aStudyWithoutAFeasiblePointSaysSo() async throws {
    let dir = try TemporaryFolder()
    defer { dir.cleanUp() }
    let path = dir.file("s.db")
    // An AnyStrategy, as the CLI opens it.
    let strategy = try StrategySpecification(kind: .cmaES).make(mean: [2, 1, -1], sigma: 0.5, seed: 29)
    let study = try await Study.create(
      name: "never", strategy: strategy, strategyName: strategy.strategyName,
      settings: StudySettings(budget: 21, constraints: al), seed: 1, storage: .sqlite(path: path))
    while let lease = try await study.ask(worker: "w") {
      // g = 2 + x₀²: never feasible; the least violating point has the smallest |x₀|.
      #expect(try await study.tell(lease, value: sphere(lease.point), constraints: [2 + lease.point[0] * lease.point[0]]).isAccepted)
    }
    let status = try await study.status()
    let rows = try await study.evaluations()
    let least = try #require(rows.min { abs($0.point[0]) < abs($1.point[0]) })
    #expect(status.finished && status.feasible == false && status.bestFeasibleF == nil && status.bestFeasibleX == nil)
    #expect(status.best?.point == least.point && status.bestMaxViolation == 2 + least.point[0] * least.point[0])
    let best = try #require(try await study.recommendation())
    #expect(best.feasible == false && best.point == least.point)
    await study.close()
    // The JSON of status and best say it plainly.
    let json = try runFisher(["study", "status", "--name", "never", "--storage", "sqlite://" + path, "--format", "json"])
    #expect(json.status == 0 && json.stdout.contains(#""feasible":false"#) && json.stdout.contains(#""best_feasible_f":null"#))
    let bestJSON = try runFisher(["study", "best", "--name", "never", "--storage", "sqlite://" + path, "--format", "json"])
    #expect(bestJSON.stdout.contains(#""best_feasible_x":null"#) && bestJSON.stdout.contains(#""feasible":false"#))
    let text = try runFisher(["study", "best", "--name", "never", "--storage", "sqlite://" + path])
    #expect(text.stdout.contains("infeasible, max violation"))
  }

  @Test func invalidConstraintSettingsAreClearErrors() async throws {
    let dir = try TemporaryFolder()
    defer { dir.cleanUp() }
    let storage = StorageURL.sqlite(path: dir.file("s.db"))
    for (settings, message) in [
      (StudySettings(budget: 7, constraints: StudyConstraints(count: 0, method: .augmentedLagrangian)), "between 1 and"),
      (StudySettings(budget: 7, noise: .resampling(try Resampling(count: 2)), constraints: al), "noise handling"),
      (StudySettings(budget: 7, recommendation: .distributionMean, constraints: al), "best feasible point"),
    ] {
      do {
        _ = try await Study.create(name: "x", strategy: try cma(), settings: settings, storage: storage)
        Issue.record("accepted \(settings)")
      } catch let error as FisherError {
        #expect("\(error)".contains(message), "\(error)")
      }
    }
    let study = try await Study.create(
      name: "x", strategy: try cma(), settings: StudySettings(budget: 7, constraints: al), storage: storage)
    await study.close()
    do {
      _ = try await Study.create(
        name: "x", strategy: try cma(),
        settings: StudySettings(budget: 7, constraints: StudyConstraints(count: 2, method: .augmentedLagrangian)),
        storage: storage)
      Issue.record("a re-create with other constraints was accepted")
    } catch let error as FisherError {
      #expect("\(error)".contains("constraints: 1 (al) ≠ 2 (al)"), "\(error)")
    }
  }

  /// A version-2 database (before constraint values were stored) is
  /// migrated when opened; its study goes on as before.
  @Test func aVersionTwoDatabaseIsMigratedAndKeepsWorking() async throws {
    let dir = try TemporaryFolder()
    defer { dir.cleanUp() }
    let path = dir.file("s.db")
    let initial = ShrinkingES(mean: [1.5, -0.5, 2.0], sigma: 0.6, populationSize: 6, seed: 7)
    let db = try await SQLiteDatabase(path: path, create: true)
    try await db.transaction { tx in
      try await tx.query("CREATE TABLE fisher_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
      for v in 1...2 { for statement in StudySchema.migration(v, .sqlite) { try await tx.query(statement) } }
      try await tx.query("INSERT INTO fisher_meta (key, value) VALUES ('schema_version', '2')")
    }
    await db.close()
    // Create through a store that skips the migration to 3: the rows are as version 2 writes them.
    let old = RelationalStudyStore(try await SQLiteDatabase(path: path, create: false))
    let population = initial.ask()
    _ = try await old.createStudy(
      name: "old", strategy: ShrinkingES.name, settings: StudySettings(budget: 18),
      populationSize: 6, initialState: try StudyCoding.encode(initial),
      evaluations: (0..<6).map { PlannedEvaluation(point: population[$0], candidate: $0, evaluation: $0 + 1) })
    await old.close()

    let study = try await Study<ShrinkingES>.open(name: "old", storage: .sqlite(path: path))
    let migrated = try await SQLiteDatabase(path: path, create: false)
    #expect(try await migrated.execute("SELECT value FROM fisher_meta WHERE key = 'schema_version'", [])
      == [[.text(String(StudySchema.version))]])
    await migrated.close()
    while let lease = try await study.ask(worker: "w") {
      #expect(try await study.tell(lease, value: sphere(lease.point)).isAccepted)
    }
    let reference = try singleProcessRun(initial, budget: 18, sphere)
    #expect(try stateText(await study.strategy()) == stateText(reference))
    let status = try await study.status()
    #expect(status.finished && status.constraints == nil && status.feasible == nil)
    #expect(try await study.evaluations().allSatisfy { $0.constraints == nil })
    await study.close()
  }
}

/// How an objective program's last line is read in a study with constraints.
@Suite struct ObjectiveOutputTests {
  func parse(_ line: String, _ m: Int = 2) -> FisherStudy.EvaluationOutcome {
    ObjectiveOutput.parse(line, constraintCount: m, program: "obj")
  }

  @Test func bothFormsGiveTheValueAndTheConstraints() {
    let expected = FisherStudy.EvaluationOutcome.constrained(Evaluation(value: 1.5, constraints: [-1, 0.25]))
    #expect(parse("1.5 -1 0.25") == expected)
    #expect(parse("1.5\t-1,0.25") == expected)
    #expect(parse(#"{"f": 1.5, "g": [-1, 0.25]}"#) == expected)
    #expect(parse(#"{"g": [-1, 0.25], "f": 1.5, "note": "ok"}"#) == expected)
  }

  @Test func badLinesAreFailuresThatSayWhy() {
    func reason(_ line: String) -> String {
      guard case .failure(let r) = parse(line) else { return "not a failure" }
      return r
    }
    #expect(reason("1.5 -1").contains("1 constraint value for a study with 2 constraints"))
    #expect(reason("1.5 -1 0 3").contains("3 constraint values for a study with 2 constraints"))
    #expect(reason("1.5").contains("0 constraint values for a study with 2 constraints"))
    #expect(reason("1.5 nan 0").contains("constraint 1 is nan"))
    #expect(reason("1.5 0 inf").contains("constraint 2 is inf"))
    #expect(reason("1.5 0 -inf").contains("constraint 2 is -inf"))
    #expect(reason("nan 0 0").contains("f is not a finite number"))
    #expect(reason("1.5 x 0").contains("'x' is not a number"))
    #expect(reason(#"{"f": 1, "g": [0, null]}"#).contains("constraint 2 is null"))
    #expect(reason(#"{"f": 1, "g": [0]}"#).contains("1 constraint value for a study with 2 constraints"))
    #expect(reason(#"{"f": 1}"#).contains("without an array g"))
    #expect(reason(#"{"g": [0, 0]}"#).contains("without a number f"))
    #expect(reason(#"{"f": 1, "g": [0, 0]"#).contains("not a JSON object"))
    #expect(reason(#"{"f": "1", "g": [0, 0]}"#).contains("not a JSON object"))
  }
}

/// The constraint example of docs/study.md ("Constraints") and of the DocC catalog.
@Suite struct StudyConstraintDocumentationTests {
  @Test func constraintsExample() async throws {
    let dir = try TemporaryFolder()
    defer { dir.cleanUp() }
    func simulate(_ x: [Double]) -> Double { x.reduce(0) { $0 + $1 * $1 } }
    let storage = try StorageURL("sqlite://\(dir.file("study.db"))")
    let cma = try StrategySpecification(kind: .cmaES).make(mean: [3, 3, 3, 3], sigma: 1.5, seed: 1)

    let wing = try await Study.create(
      name: "wing", strategy: cma, strategyName: cma.strategyName,
      settings: StudySettings(budget: 400, constraints: StudyConstraints(count: 1, method: .augmentedLagrangian)),
      storage: storage)
    while let lease = try await wing.ask(worker: "me") {
      let x = lease.point
      try await wing.tell(lease, value: simulate(x), constraints: [1 - x[0]])   // feasible when x0 >= 1
    }
    let answer = try await wing.recommendation()                 // answer.feasible, answer.point, answer.value

    let best = try #require(answer)
    #expect(best.feasible == true && best.point[0] >= 1 && best.value == simulate(best.point))
    #expect(best.maxViolation == 0 && best.constraints == [1 - best.point[0]])
    let status = try await wing.status()
    #expect(status.finished && status.bestFeasibleF == best.value && status.bestFeasibleX == best.point)
    await wing.close()
  }
}

/// Constraints on PostgreSQL: concurrent transactions instead of one writer at a time.
@Suite(.enabled(if: testPostgresURL != nil, "FISHER_TEST_POSTGRES_URL is not set"))
struct PostgresStudyConstraintTests {
  @Test func concurrentWorkersReachTheLoopState() async throws {
    let storage = try #require(testPostgresURL)
    let initial = try CMAES(mean: [2, 1, -1], sigma: 0.5, seed: 29)
    let constraints = StudyConstraints(count: 1, method: .augmentedLagrangian)
    let name = "constrained-\(UUID().uuidString.prefix(8))"
    let study = try await Study.create(
      name: name, strategy: initial, settings: StudySettings(budget: 350, constraints: constraints), seed: 3,
      storage: storage)
    let worker = StudyWorker<CMAES>(
      study: name, storage: storage, worker: "pool", concurrency: 6, pollInterval: .milliseconds(5))
    let summary = try await worker.run { x in
      try? await Task.sleep(for: .milliseconds(Int.random(in: 0...3)))
      return .constrained(constrainedSphere(x))
    }
    let reference = try await constrainedRun(initial, budget: 350, seed: 3, constraints: constraints, constrainedSphere)
    #expect(summary.accepted == reference.evaluations && summary.rejected == 0)
    #expect(try stateText(try #require(try await study.optimizer())) == stateText(reference))
    let status = try await study.status()
    #expect(status.feasible == true && status.bestFeasibleF == reference.bestFeasible?.f)
    await study.close()
  }
}
