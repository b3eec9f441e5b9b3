import ArgumentParser
import Fisher
import FisherStudy

/// `fisher study status`: progress of a study.
struct StudyStatusCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "status",
    abstract: "Show a study's progress: generation, evaluations done/running/failed, noise handling, best so far, live workers.",
    discussion: """
      In a study with constraints the best is the best feasible evaluation, or while none was \
      evaluated the least violating one; the JSON and CSV formats add constraints, \
      constraint_method, feasible, best_feasible_f, best_feasible_x (JSON) and best_max_violation.
      """)

  @OptionGroup var location: StudyLocationOptions

  @Option(help: "text, csv or json.")
  var format: StudyOutputFormat = .text

  func run() async throws {
    let study = try await location.open()
    let s = try await study.status()
    await study.close()
    switch format {
    case .json:
      studyPrint(try studyJSON(s))
    case .csv:
      // A study with constraints appends its columns; the others' are unchanged.
      let constrained = s.constraints != nil
      studyPrint(
        "name,strategy,generation,population_size,budget,done,failed,running,pending,live_workers,rejected_reports,best_f,finished,stop_reason,noise,round,recommendation,evaluations_per_candidate,noise_measure"
          + (constrained ? ",constraints,constraint_method,feasible,best_feasible_f,best_max_violation" : ""))
      var fields = [
        s.name, s.strategy, "\(s.generation)", "\(s.populationSize)", "\(s.budget)", "\(s.done)", "\(s.failed)",
        "\(s.running)", "\(s.pending)", "\(s.liveWorkers)", "\(s.rejectedReports)", studyNumber(s.best?.value),
        s.finished ? "1" : "0", s.stopReason ?? "", s.noise, "\(s.round)", s.recommendation.rawValue,
        s.evaluationsPerCandidate.map { "\($0)" } ?? "", studyNumber(s.noiseMeasure),
      ]
      if let m = s.constraints {
        fields += [
          "\(m)", s.constraintMethod?.rawValue ?? "", s.feasible == true ? "1" : "0", studyNumber(s.bestFeasibleF),
          studyNumber(s.bestMaxViolation),
        ]
      }
      studyPrint(fields.joined(separator: ","))
    case .text:
      studyPrint(
        "study \(s.name) (\(s.strategy), λ = \(s.populationSize)): generation \(s.generation)"
          + (s.round > 0 ? ", re-evaluation round" : ""))
      studyPrint(
        "evaluations: \(s.done + s.failed) of budget \(s.budget) (\(s.failed) failed), \(s.running) running, \(s.pending) pending")
      studyPrint("noise handling: \(Self.describeNoise(s))")
      studyPrint("workers seen in the last two leases: \(s.liveWorkers); late results rejected: \(s.rejectedReports)")
      if let m = s.constraints {
        studyPrint("constraints: \(m) (\(s.constraintMethod?.rawValue ?? "?")); \(Self.describeFeasibility(s))")
      } else if let b = s.best {
        // With noise handling a candidate has several rows: name the row too.
        let label = s.noise == NoiseHandling.none.description ? "best" : "best single evaluation"
        let row = b.index == b.candidate ? "" : ", row \(b.index)"
        studyPrint(
          "\(label): f = \(studyNumber(b.value)) at \(b.point) (generation \(b.generation), candidate \(b.candidate)\(row))")
      } else {
        studyPrint("best: none yet")
      }
      studyPrint(s.finished ? "finished: \(s.stopReason ?? "yes")" : "running")
    }
  }

  /// The best feasible point, or the least violating one when none is feasible.
  static func describeFeasibility(_ s: StudyStatus) -> String {
    guard let b = s.best else { return "best: none yet" }
    let at = "at \(b.point) (generation \(b.generation), candidate \(b.candidate))"
    guard s.feasible == true else {
      return "no feasible point evaluated yet; least violating: max violation \(studyNumber(s.bestMaxViolation)), f = \(studyNumber(b.value)) \(at)"
    }
    return "best feasible: f = \(studyNumber(b.value)) \(at)"
  }

  /// The noise handling, its state (uncertainty handling) and the point `best` reports.
  static func describeNoise(_ s: StudyStatus) -> String {
    var text = s.noise
    if let e = s.evaluationsPerCandidate, let m = s.noiseMeasure {
      text += " (\(e) evaluation\(e == 1 ? "" : "s") per candidate, noise measure s = \(m))"
    }
    let point =
      s.constraints != nil
      ? "the best feasible point" : s.recommendation == .distributionMean ? "the distribution mean" : "the best evaluated point"
    return text + "; best reports \(point)"
  }
}
