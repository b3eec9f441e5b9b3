import Foundation

/// Records one run the way COCO's bbob logger (`cocoex.Observer("bbob", …)`, data
/// format `bbob-new2`) does, so that the lines can be written into COCO's files.
///
/// - `.dat` lines: the first evaluation, then every improvement of the best value
///   that reaches a new target 10^(k/20) of f − f_opt (20 targets per decade,
///   precision 10⁻⁸), and a final line with the best point if the last evaluation
///   was not logged.
/// - `.tdat` lines: at evaluation numbers ⌊10^(k/20)⌋ and n·{1, 2, 5}·10^k, and a
///   final line if the last evaluation was not logged.
/// - `.rdat` lines: the first evaluation after each restart.
///
/// Each line is `evals 0 best−f_opt current best [x₁ … x_n]` (x only for n < 22)
/// in COCO's `%+10.9e` / `%+5.4e` formats.
///
/// On a noisy problem (``log(_:measured:noiseFree:)``) the third column, the
/// `.dat` targets and the `.info` entry are computed from the best noise-free
/// value, as the column's name in COCO's header says and as COCO measures
/// performance on its noisy suite; the fourth and fifth columns hold the
/// measured (noisy) value of the evaluation and the best measured value so far,
/// and the final lines repeat the evaluation with the best measured value.
/// Everything else is what cocoex 2.8.2 writes, whose bbob logger puts the best
/// measured value in the third column as well (numbbo/coco issue #2249): its
/// `.tdat` files differ from these in the third column only. Logging noisy
/// values with ``log(_:_:)`` reproduces cocoex's files exactly.
public struct COCORunLogger: Sendable {
  public let dimension: Int
  public let optimalValue: Double
  public private(set) var evaluations = 0
  /// The best noise-free value so far (no lower than f_opt); on a noiseless
  /// problem, the best value.
  public private(set) var bestValue = Double.greatestFiniteMagnitude
  /// The point of ``bestValue``.
  public private(set) var bestPoint: [Double]
  /// The best measured value so far (no lower than f_opt), the fifth column.
  public private(set) var bestMeasuredValue = Double.greatestFiniteMagnitude
  /// The point of ``bestMeasuredValue``, which the final lines repeat.
  public private(set) var bestMeasuredPoint: [Double]
  public private(set) var datLines: [String] = []
  public private(set) var tdatLines: [String] = []
  public private(set) var rdatLines: [String] = []
  private var targetExponent = Int.max
  private var value1 = 1
  private var exponent1 = 0
  private var value2: Int
  private var exponent2 = 0
  private var baseIndex = 0
  private var lastLoggedDat = false
  private var lastLoggedTdat = false
  private var restarted = false
  private var finished = false

  static let baseEvaluations = [1, 2, 5]
  static let targetsPerDecade = 20.0
  static let precision = 1e-8

  public init(dimension: Int, optimalValue: Double) {
    self.dimension = dimension
    self.optimalValue = optimalValue
    bestPoint = [Double](repeating: 0, count: dimension)
    bestMeasuredPoint = bestPoint
    value2 = dimension * Self.baseEvaluations[0]
  }

  /// Marks that the optimizer restarted: the next evaluation is logged in `.rdat`.
  public mutating func signalRestart() {
    if evaluations > 0 { restarted = true }
  }

  /// Logs the evaluation f(x) = y of a noiseless problem.
  public mutating func log(_ x: [Double], _ y: Double) {
    log(x, measured: y, noiseFree: y)
  }

  /// Logs an evaluation at x of a noisy problem: `measured` is the value the
  /// optimizer saw, `noiseFree` the value without the noise, on which the
  /// targets are measured.
  public mutating func log(_ x: [Double], measured y: Double, noiseFree z: Double) {
    evaluations += 1
    lastLoggedDat = false
    let measured = Swift.max(y, optimalValue)
    if evaluations == 1 || measured < bestMeasuredValue {
      bestMeasuredValue = measured
      bestMeasuredPoint = x
    }
    let noiseFree = Swift.max(z, optimalValue)
    if evaluations == 1 || noiseFree < bestValue {
      bestValue = noiseFree
      bestPoint = x
      if evaluations == 1 || targetTriggered(bestValue - optimalValue) {
        datLines.append(dataLine(x, y))
        lastLoggedDat = true
      }
    }
    let first = firstEvaluationTrigger(), second = secondEvaluationTrigger()
    lastLoggedTdat = first || second
    if lastLoggedTdat { tdatLines.append(dataLine(x, y)) }
    if restarted {
      rdatLines.append(dataLine(x, y))
      restarted = false
    }
  }

  /// Writes the final lines COCO writes when a problem is freed.
  public mutating func finish() {
    guard !finished, evaluations > 0 else { return }
    finished = true
    if !lastLoggedTdat { tdatLines.append(dataLine(bestMeasuredPoint, bestMeasuredValue)) }
    if !lastLoggedDat { datLines.append(dataLine(bestMeasuredPoint, bestMeasuredValue)) }
  }

  /// The `.info` entry of the run, `instance:evaluations|best−f_opt`.
  public func infoEntry(instance: Int) -> String {
    "\(instance):\(evaluations)|" + String(format: "%.1e", bestValue - optimalValue)
  }

  private func dataLine(_ x: [Double], _ current: Double) -> String {
    var s = "\(evaluations) 0 "
      + String(format: "%+10.9e %+10.9e %+10.9e", bestValue - optimalValue, current, bestMeasuredValue)
    if dimension < 22 {
      for v in x { s += String(format: " %+5.4e", v) }
    }
    return s
  }

  /// Whether `value` = best f − f_opt reaches a new logging target.
  ///
  /// Targets are 10^(k/20) down to the precision 10⁻⁸, below which cocoex 2.8.2
  /// has three more levels, found by probing its observer: [10⁻¹², 10⁻⁸),
  /// (0, 10⁻¹²) and exactly 0.
  private mutating func targetTriggered(_ value: Double) -> Bool {
    let exponent: Int
    if value == 0 {
      exponent = Int.min + 2
    } else if value < 1e-12 {
      exponent = Int.min + 3
    } else {
      let verified = value < Self.precision ? Self.precision : value
      exponent = Int((Foundation.log10(verified) * Self.targetsPerDecade).rounded(.up))
    }
    if exponent < targetExponent {
      targetExponent = exponent
      return true
    }
    return false
  }

  private mutating func firstEvaluationTrigger() -> Bool {
    guard evaluations >= value1 else { return false }
    func grid(_ e: Int) -> Int { Int(Foundation.pow(10.0, Double(e) / Self.targetsPerDecade).rounded(.down)) }
    while grid(exponent1) <= value1 { exponent1 += 1 }
    value1 = grid(exponent1)
    return true
  }

  private mutating func secondEvaluationTrigger() -> Bool {
    guard evaluations >= value2 else { return false }
    if baseIndex < Self.baseEvaluations.count - 1 {
      baseIndex += 1
    } else {
      baseIndex = 0
      exponent2 += 1
    }
    value2 = Int(Foundation.pow(10.0, Double(exponent2)) * Double(dimension) * Double(Self.baseEvaluations[baseIndex]))
    return true
  }
}
