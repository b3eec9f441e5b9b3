import Foundation

/// Writes runs in the folder layout and file formats of `cocoex.Observer("bbob", …)`
/// (coco-experiment 2.8.2, data format `bbob-new2`), which `python -m cocopp` reads.
///
///     <strategy>/bbobexp_f<F>.info                 one block per dimension
///     <strategy>/data_f<F>/bbobexp_f<F>_DIM<D>.dat  target-aligned lines of every instance
///     … .tdat (evaluation-aligned), .rdat (restarts), .mdat (recommendations, empty)
///
/// Runs of bbob-noisy functions (f101…f130) are written as cocoex writes them
/// for `cocoex.Suite("bbob-noisy", …)`: the same layout and headers, with
/// `suite = 'bbob-noisy'` in the `.info` blocks, from which cocopp recognizes
/// the noisy testbed.
///
/// Runs of bbob-constrained functions (`suite: .bbobConstrained`) are written
/// as cocoex writes them for `cocoex.Suite("bbob-constrained", …)`: the same
/// layout and headers, with `suite = 'bbob-constrained'` in the `.info` blocks,
/// and lines whose second column counts constraint evaluations and whose fifth
/// holds the constraint digits (``COCORunLogger``). cocopp then counts f + g
/// evaluations as the runtime.
public enum COCODataWriter {
  /// The version of COCO's logger whose output this reproduces.
  public static let cocoVersion = "2.8.2"

  static func header(optimalValue: Double) -> String {
    "% f evaluations | g evaluations | best noise-free fitness - Fopt ("
      + String(format: "%13.12e", optimalValue)
      + ") + sum g_i+ | measured fitness | best measured fitness or single-digit g-values | x1 | x2..."
  }

  static func suite(of function: Int, in suite: BBOBSuite?) throws -> BBOBSuite {
    if let suite {
      try suite.validate(functions: [function])
      return suite
    }
    guard let inferred = BBOBSuite(function: function) else {
      throw FisherError.invalidParameter(name: "function", reason: "\(function) is in neither bbob nor bbob-noisy")
    }
    return inferred
  }

  /// The files of one strategy's records, as (relative path, contents).
  ///
  /// - Parameter suite: the suite of the records; nil to take it from each
  ///   function number (bbob or bbob-noisy), which bbob-constrained records,
  ///   numbered 1…54, need given.
  /// - Throws: `FisherError.invalidParameter` for a function outside the suite.
  public static func files(
    strategy: String, records: [BBOBRunRecord], suite: BBOBSuite? = nil
  ) throws -> [(String, String)] {
    var files: [(String, String)] = []
    let byFunction = Dictionary(grouping: records, by: \.function)
    for function in byFunction.keys.sorted() {
      let ofFunction = byFunction[function]!
      var blocks: [String] = []
      let byDimension = Dictionary(grouping: ofFunction, by: \.dimension)
      for dimension in byDimension.keys.sorted() {
        let runs = byDimension[dimension]!.sorted { $0.instance < $1.instance }
        let base = "data_f\(function)/bbobexp_f\(function)_DIM\(dimension)"
        var dat = "", tdat = "", rdat = "", mdat = ""
        var entries: [String] = []
        for r in runs {
          let fopt = try Self.suite(of: r.function, in: suite).optimalValue(function: r.function, instance: r.instance, dimension: r.dimension)
          let h = header(optimalValue: fopt) + "\n"
          dat += h + r.datLines.map { $0 + "\n" }.joined()
          tdat += h + r.tdatLines.map { $0 + "\n" }.joined()
          rdat += h + r.rdatLines.map { $0 + "\n" }.joined()
          mdat += h
          entries.append(r.infoEntry)
        }
        files.append((base + ".dat", dat))
        files.append((base + ".tdat", tdat))
        files.append((base + ".rdat", rdat))
        files.append((base + ".mdat", mdat))
        blocks.append(
          "suite = '\(try Self.suite(of: function, in: suite).rawValue)', funcId = \(function), DIM = \(dimension), Precision = 1.000e-08, algId = '\(strategy)', "
            + "coco_version = '\(cocoVersion)', logger = 'bbob', data_format = 'bbob-new2', settings = ''\n"
            + "% \n" + base + ".dat, " + entries.joined(separator: ", "))
      }
      files.append(("bbobexp_f\(function).info", blocks.joined(separator: "\n")))
    }
    return files
  }
}

/// `runs.csv`: one row per run.
public enum BBOBRunsTable {
  /// The CSV text: strategy, function, instance, dimension, seed, evaluations,
  /// restarts, best f − f_opt, and evaluations to reach 1e1 … 1e-8 (empty if never).
  /// On bbob-constrained, evaluations count f and constraint evaluations and
  /// f − f_opt is taken over feasible points (``BBOBRunRecord``).
  public static func csv(_ records: [BBOBRunRecord]) -> String {
    var s = "strategy,function,instance,dimension,seed,evaluations,restarts,best_precision,"
      + BBOBTargets.decadeLabels.map { "evals_" + $0 }.joined(separator: ",") + "\n"
    for r in records {
      s += "\(r.strategy),\(r.function),\(r.instance),\(r.dimension),\(r.seed),\(r.evaluations),\(r.restarts),"
      s += String(format: "%.6e", r.bestPrecision)
      for k in BBOBTargets.decadeIndices { s += "," + (r.hits[k].map(String.init) ?? "") }
      s += "\n"
    }
    return s
  }
}
