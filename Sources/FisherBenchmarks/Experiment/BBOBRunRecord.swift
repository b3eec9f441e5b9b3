import Foundation

/// The outcome of one run of one strategy on one bbob problem, with its COCO log.
///
/// Records are stored one file per run, so an interrupted experiment resumes by
/// skipping the runs whose records exist; `runs.csv`, the COCO folder and the
/// report are all derived from the records.
public struct BBOBRunRecord: Sendable, Codable, Hashable {
  public var strategy: String
  public var function: Int
  public var instance: Int
  public var dimension: Int
  public var seed: UInt64
  /// The evaluations the run made; on bbob-constrained, as COCO counts them,
  /// f evaluations plus constraint evaluations (two per point).
  public var evaluations: Int
  public var restarts: Int
  /// The best f − f_opt found (on a bbob-noisy function, the best noise-free
  /// value of an evaluated point, as COCO measures; on bbob-constrained, the
  /// best over feasible points, 1.8·10³⁰⁸ − f_opt while none was feasible).
  public var bestPrecision: Double
  /// Evaluations to reach f − f_opt ≤ ``BBOBTargets/precisions``[k], nil where
  /// not reached (on bbob-constrained, f + g evaluations to a feasible point
  /// that reaches it).
  public var hits: [Int?]
  /// (evaluations, best f − f_opt so far) at COCO's `.tdat` evaluation counts.
  public var trace: [[Double]]
  public var seconds: Double
  public var error: String?
  public var infoEntry: String
  public var datLines: [String]
  public var tdatLines: [String]
  public var rdatLines: [String]
  /// The noise-free f − f_opt at the point the last start recommends
  /// (``BBOBExperiment/recommendation``) when the run ended; nil in records
  /// written before recommendations were recorded, or when no start ran.
  public var recommendedPrecision: Double?

  public init(
    strategy: String, function: Int, instance: Int, dimension: Int, seed: UInt64, evaluations: Int, restarts: Int,
    bestPrecision: Double, hits: [Int?], trace: [[Double]], seconds: Double, error: String?, infoEntry: String,
    datLines: [String], tdatLines: [String], rdatLines: [String], recommendedPrecision: Double? = nil
  ) {
    self.strategy = strategy
    self.function = function
    self.instance = instance
    self.dimension = dimension
    self.seed = seed
    self.evaluations = evaluations
    self.restarts = restarts
    self.bestPrecision = bestPrecision
    self.hits = hits
    self.trace = trace
    self.seconds = seconds
    self.error = error
    self.infoEntry = infoEntry
    self.datLines = datLines
    self.tdatLines = tdatLines
    self.rdatLines = rdatLines
    self.recommendedPrecision = recommendedPrecision
  }

  /// The file name of the record, e.g. `bbob_f008_i01_d10.json` (or `bbob_f101_i01_d10.json`).
  public static func fileName(function: Int, instance: Int, dimension: Int) -> String {
    "bbob_f" + BBOBFunction.padded(function, 3) + "_i" + BBOBFunction.padded(instance, 2)
      + "_d" + BBOBFunction.padded(dimension, 2) + ".json"
  }
}

/// The target precisions of COCO's bbob ECDFs: 10^(2 − k/5), k = 0…50 (10² … 10⁻⁸).
public enum BBOBTargets {
  public static let precisions: [Double] = (0...50).map { k in Foundation.pow(10.0, 2.0 - Double(k) / 5.0) }
  /// The indices into ``precisions`` of 10¹, 10⁰, …, 10⁻⁸ (the `runs.csv` columns).
  public static let decadeIndices: [Int] = Array(stride(from: 5, through: 50, by: 5))
  public static let decadeLabels = ["1e1", "1e0", "1e-1", "1e-2", "1e-3", "1e-4", "1e-5", "1e-6", "1e-7", "1e-8"]
}
