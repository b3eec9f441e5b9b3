import Foundation
import Testing

@Suite("fisher control")
struct ControlCommandTests {
  /// The one JSON object of a `--json` run.
  func json(_ arguments: [String]) throws -> [String: Any] {
    let out = try FisherProcess.run(["control"] + arguments + ["--json"])
    #expect(out.status == 0, "\(out.stderr)")
    return try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
  }

  /// pytorch_mppi's pendulum example (T = 15, λ = 1, σ = √10) with 500 samples swings the
  /// pendulum up from hanging down and holds it: upright (|θ| < 0.1) from about step 70 on.
  @Test func pendulumSwingsUpAndReportsTheDocumentedFields() throws {
    let r = try json(["pendulum", "--samples", "500", "--steps", "200", "--seed", "3"])
    #expect(r["system"] as? String == "pendulum" && r["planner"] as? String == "mppi")
    let upright = try #require(r["upright_steps"] as? Int)
    let angle = try #require(r["final_angle"] as? Double)
    let cost = try #require(r["total_cost"] as? Double)
    let ms = try #require(r["ms_per_step"] as? Double)
    #expect(upright >= 100 && upright <= 200)
    #expect(abs(angle) < 0.1)
    // Hanging down costs π² ≈ 9.87 per step; the swing-up needs a few dozen steps.
    #expect(cost > 100 && cost < 1000)
    #expect(ms > 0)
    let state = try #require(r["final_state"] as? [Double])
    #expect(state.count == 2)
  }

  /// The same seed gives the same run whatever the thread count (the time aside).
  @Test func resultsDoNotDependOnTheThreadCount() throws {
    let args = ["pendulum", "--samples", "150", "--steps", "25", "--seed", "7", "--zero-mean", "0.1"]
    let one = try json(args + ["--threads", "1"]), three = try json(args + ["--threads", "3"])
    #expect(one["total_cost"] as? Double == three["total_cost"] as? Double)
    #expect(one["final_state"] as? [Double] == three["final_state"] as? [Double])
  }

  /// Neither the spin policy nor pacing changes a run; the JSON reports CPU time next to wall time.
  @Test func spinAndRateChangeTimingsOnly() throws {
    let args = ["pendulum", "--samples", "150", "--steps", "12", "--seed", "5", "--threads", "2"]
    let free = try json(args)
    #expect(free["spin"] as? String == "adaptive")
    #expect(free["rate_hz"] is NSNull)
    for key in ["ms_per_step", "cpu_ms_per_step", "cpu_ms_between_steps"] {
      let v = try #require(free[key] as? Double, "\(key)")
      #expect(v >= 0)
    }
    for extra in [["--spin", "never"], ["--spin", "0.25"], ["--rate", "200"], ["--rate", "500", "--spin", "never"]] {
      let r = try json(args + extra)
      #expect(r["total_cost"] as? Double == free["total_cost"] as? Double, "\(extra)")
      #expect(r["final_state"] as? [Double] == free["final_state"] as? [Double], "\(extra)")
    }
    let cem = try json(["pendulum", "--planner", "cem", "--samples", "60", "--steps", "4", "--spin", "never", "--rate", "400"])
    #expect(cem["spin"] as? String == "never" && cem["rate_hz"] as? Double == 400)
    #expect(cem["cpu_ms_per_step"] is Double)
  }

  /// `--precision float` plans the plain pendulum in Float and simulates it in Double: it
  /// swings up like the Double planner with the same seed (total cost within 3 %) and says so
  /// in the JSON; every planner accepts it.
  @Test func floatPrecisionSwingsUpLikeDouble() throws {
    let args = ["pendulum", "--samples", "300", "--steps", "150", "--seed", "2"]
    let f = try json(args + ["--precision", "float"]), d = try json(args + ["--plain"])
    #expect(f["precision"] as? String == "float" && d["precision"] as? String == "double")
    #expect(f["model"] as? String == "plain")
    let cf = try #require(f["total_cost"] as? Double), cd = try #require(d["total_cost"] as? Double)
    #expect(abs(cf - cd) < 0.03 * cd, "float \(cf), double \(cd)")
    #expect(cf != cd)
    #expect(abs(try #require(f["final_angle"] as? Double)) < 0.1)
    for planner in ["cem", "smppi", "kmppi"] {
      let r = try json(["pendulum", "--precision", "float", "--planner", planner, "--samples", "64", "--steps", "3"])
      #expect(r["precision"] as? String == "float" && r["planner"] as? String == planner)
    }
  }

  /// At 50 Hz the planner's threads park between commands: the whole process uses
  /// far less CPU between commands than the 1 ms a worker used to poll after each,
  /// and a step (command and simulation, in the unoptimized test build) uses less than
  /// half of its 20 ms period.
  @Test func pacedLoopIdlesBetweenCommands() throws {
    let r = try json(["pendulum", "--samples", "100", "--steps", "10", "--threads", "2", "--rate", "50"])
    #expect(r["rate_hz"] as? Double == 50)
    let between = try #require(r["cpu_ms_between_steps"] as? Double)
    let perStep = try #require(r["cpu_ms_per_step"] as? Double)
    #expect(between < 0.5, "CPU between commands: \(between) ms")
    #expect(perStep < 10, "CPU per 20 ms step: \(perStep) ms")
  }

  @Test func cartPoleUnicycleAndCEMReportTheirFields() throws {
    let c = try json(["cartpole", "--samples", "100", "--horizon", "20", "--steps", "5"])
    for key in ["total_cost", "final_angle", "upright_steps", "final_position", "track_violations"] {
      #expect(c[key] != nil, "cartpole: \(key)")
    }
    let u = try json(["unicycle", "--samples", "128", "--horizon", "20", "--steps", "5"])
    for key in ["total_cost", "reached_goal", "collisions", "steps_to_goal", "final_distance"] {
      #expect(u[key] != nil, "unicycle: \(key)")
    }
    #expect(u["reached_goal"] as? Bool == false)  // 5 steps cannot cover the 4 m
    let cem = try json(["pendulum", "--planner", "cem", "--samples", "60", "--steps", "5"])
    #expect(cem["planner"] as? String == "cem")
    // One sample is a valid (if useless) MPPI; the CEM elite default adapts to it.
    let single = try json(["pendulum", "--samples", "1", "--steps", "2"])
    #expect(single["samples"] as? Int == 1)
  }

  /// The car (a plain model) reports the feasible fraction of its rollouts (obstacles are hard
  /// constraints), never collides, and gives the same run on one thread and on two.
  @Test func carReportsTheFeasibleFractionAndIsThreadIndependent() throws {
    let args = ["car", "--samples", "128", "--steps", "15", "--seed", "2"]
    let one = try json(args + ["--threads", "1"]), two = try json(args + ["--threads", "2"])
    #expect(one["system"] as? String == "car")
    for key in ["total_cost", "reached_goal", "steps_to_goal", "final_distance", "collisions", "min_clearance",
                "max_path_error", "feasible_fraction", "min_feasible_fraction"] {
      #expect(one[key] != nil, "car: \(key)")
    }
    let feasible = try #require(one["feasible_fraction"] as? Double)
    let lowest = try #require(one["min_feasible_fraction"] as? Double)
    #expect(feasible > 0 && feasible <= 1 && lowest <= feasible)
    #expect(one["collisions"] as? Int == 0)
    #expect(one["reached_goal"] as? Bool == false)  // 15 steps of 0.1 s cannot cover 40 m
    #expect((one["final_state"] as? [Double])?.count == 4)
    #expect(one["final_state"] as? [Double] == two["final_state"] as? [Double])
    #expect(one["total_cost"] as? Double == two["total_cost"] as? Double)
  }

  /// `--plain` steps the pendulum written one rollout at a time (the C library's sine).
  @Test func plainPendulumRunsThroughTheSameCommand() throws {
    let r = try json(["pendulum", "--plain", "--samples", "200", "--steps", "120", "--seed", "3"])
    #expect(r["model"] as? String == "plain")
    #expect(r["feasible_fraction"] as? Double == 1)
    let angle = try #require(r["final_angle"] as? Double)
    #expect(abs(angle) < 0.1)  // swung up within 6 s
  }

  /// SMPPI and KMPPI swing the pendulum up through the same command, the same run on one thread and on two.
  @Test func smoothAndKernelPlannersRunAndAreThreadIndependent() throws {
    for (planner, extra) in [("smppi", ["--sigma", "1", "--delta-t", "1", "--smoothness-weight", "1"]),
                             ("kmppi", ["--support-points", "7", "--kernel-sigma", "1"])] {
      let args = ["pendulum", "--planner", planner, "--samples", "300", "--steps", "150", "--seed", "2"] + extra
      let one = try json(args + ["--threads", "1"]), two = try json(args + ["--threads", "2"])
      #expect(one["planner"] as? String == planner)
      let cost = try #require(one["total_cost"] as? Double)
      #expect(cost < 0.5 * 150 * Double.pi * Double.pi, "\(planner): \(cost)")  // hanging costs π² per step
      #expect(one["total_cost"] as? Double == two["total_cost"] as? Double)
      #expect(one["final_state"] as? [Double] == two["final_state"] as? [Double])
    }
  }

  @Test func svgDrawsTrajectoryAndControl() throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("fisher-control-\(UUID().uuidString).svg")
    defer { try? FileManager.default.removeItem(at: file) }
    let out = try FisherProcess.run(["control", "pendulum", "--samples", "50", "--steps", "10", "--svg", file.path])
    #expect(out.status == 0, "\(out.stderr)")
    let svg = try String(contentsOf: file, encoding: .utf8)
    #expect(svg.hasPrefix("<svg"))
    #expect(svg.components(separatedBy: "<polyline").count - 1 >= 3)  // angle, speed, torque
  }

  @Test(arguments: [
    ["pendulum", "--samples", "0"], ["pendulum", "--horizon", "0"], ["pendulum", "--lambda", "-1"],
    ["pendulum", "--sigma", "1,2"], ["pendulum", "--sigma", "nan"], ["pendulum", "--threads", "0"],
    ["pendulum", "--zero-mean", "2"], ["pendulum", "--planner", "ilqr"], ["rocket"],
    ["pendulum", "--planner", "cem", "--samples", "10", "--elites", "11"], ["car", "--plain"],
    ["car", "--sigma", "1,2,3"], ["pendulum", "--rate", "0"], ["pendulum", "--rate", "-50"],
    ["pendulum", "--rate", "nan"], ["pendulum", "--rate", "1e9"], ["pendulum", "--spin", "sometimes"],
    ["pendulum", "--spin", "-1"], ["pendulum", "--spin", "5000"], ["pendulum", "--spin", "nan"],
    ["pendulum", "--planner", "smppi", "--delta-t", "0"],
    ["pendulum", "--planner", "smppi", "--smoothness-weight", "-1"], ["pendulum", "--delta-t", "1"],
    ["pendulum", "--planner", "kmppi", "--support-points", "0"],
    ["pendulum", "--planner", "kmppi", "--support-points", "16"],
    ["pendulum", "--planner", "kmppi", "--kernel-sigma", "nan"], ["pendulum", "--kernel-sigma", "1"],
    ["pendulum", "--planner", "kmppi", "--random-init"], ["pendulum", "--planner", "smppi", "--smooth", "2"],
    ["cartpole", "--precision", "float"], ["car", "--precision", "float"], ["pendulum", "--precision", "half"],
  ])
  func badArgumentsExitWithStatus2(arguments: [String]) throws {
    let out = try FisherProcess.run(["control"] + arguments + ["--steps", "2"])
    #expect(out.status == 2)
    #expect(!out.stderr.isEmpty)
    #expect(out.stdout.isEmpty)
  }
}
