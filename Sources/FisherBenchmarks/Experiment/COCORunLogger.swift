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
/// Each line is `evals g-evals best−f_opt current best [x₁ … x_n]` in COCO's
/// `%+10.9e` / `%+5.4e` formats, with x only for n ≤ 5: cocoex 2.8.2 writes the
/// coordinates in dimensions 2, 3 and 5 and none in 10, 20 and 40 (its bbob
/// suites have no dimension in between).
///
/// On a bbob-constrained problem (``log(_:_:constraints:constraintEvaluations:)``),
/// cocoex 2.8.2's logger (`logger_bbob.c`) evaluates the m constraints g at every
/// evaluated point itself, without counting that, and logs:
/// - as the best value, the smallest max(f, f_opt) + Σᵢ max(0, gᵢ) so far (an
///   infeasible point may be best; `.dat` targets and the `.info` entry use it);
/// - the number of constraint evaluations the optimizer has made (one per call
///   of the constraint function, all m at once) in the second column;
/// - instead of the best value in the fifth column, one digit per constraint:
///   0 for gᵢ ≤ 0, 1 for gᵢ ≤ 10⁻⁷, k for gᵢ ≤ 10^(k−9) (k = 2…8), 9 above 1;
///   the final lines, which have no constraint values, keep the best value there;
/// - `.tdat` lines at f + g evaluation counts (the grid above, applied to the
///   sum); the `.info` entry counts f evaluations only.
///
/// On a bbob-noisy problem, cocoex 2.8.2 logs the noise-free value of every
/// evaluation (``BBOBNoisyFunction/noiseFreeValue(_:)``, without the boundary
/// penalty) in every column, the "measured fitness" column included: log those
/// values and the lines are cocoex's. The noisy values the optimizer sees
/// appear nowhere in COCO's files; performance on the noisy suite is measured
/// on noise-free values.
public struct COCORunLogger: Sendable {
  public let dimension: Int
  public let optimalValue: Double
  /// The number of f evaluations logged.
  public private(set) var evaluations = 0
  /// The number of constraint evaluations the optimizer had made at the last
  /// logged f evaluation (0 on a problem without constraints).
  public private(set) var constraintEvaluations = 0
  public private(set) var bestValue = Double.greatestFiniteMagnitude
  public private(set) var bestPoint: [Double]
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
  /// The largest dimension whose lines list the coordinates.
  static let largestLoggedDimension = 5

  public init(dimension: Int, optimalValue: Double) {
    self.dimension = dimension
    self.optimalValue = optimalValue
    bestPoint = [Double](repeating: 0, count: dimension)
    value2 = dimension * Self.baseEvaluations[0]
  }

  /// Marks that the optimizer restarted: the next evaluation is logged in `.rdat`.
  public mutating func signalRestart() {
    if evaluations > 0 { restarted = true }
  }

  /// Logs the evaluation f(x) = y (on a noisy problem, y is the noise-free value).
  public mutating func log(_ x: [Double], _ y: Double) {
    record(x, y, constraints: nil)
  }

  /// Logs the evaluation f(x) = y of a problem with constraints.
  ///
  /// - Parameters:
  ///   - constraints: g(x), the m constraint values at x, which COCO's logger
  ///     computes itself whether or not the optimizer asked for them.
  ///   - constraintEvaluations: how many times the optimizer has evaluated the
  ///     constraint function so far, this evaluation included if it asked for
  ///     g(x) before f(x).
  public mutating func log(_ x: [Double], _ y: Double, constraints: [Double], constraintEvaluations: Int) {
    self.constraintEvaluations = constraintEvaluations
    record(x, y, constraints: constraints)
  }

  private mutating func record(_ x: [Double], _ y: Double, constraints g: [Double]?) {
    evaluations += 1
    var violation = 0.0
    for v in g ?? [] where v > 0 { violation += v }
    let maxValue = Swift.max(y, optimalValue) + violation
    lastLoggedDat = false
    if evaluations == 1 || maxValue < bestValue {
      bestValue = maxValue
      bestPoint = x
      if evaluations == 1 || targetTriggered(bestValue - optimalValue) {
        datLines.append(dataLine(x, y, constraints: g))
        lastLoggedDat = true
      }
    }
    let first = firstEvaluationTrigger(), second = secondEvaluationTrigger()
    lastLoggedTdat = first || second
    if lastLoggedTdat { tdatLines.append(dataLine(x, y, constraints: g)) }
    if restarted {
      rdatLines.append(dataLine(x, y, constraints: g))
      restarted = false
    }
  }

  /// Writes the final lines COCO writes when a problem is freed.
  public mutating func finish() {
    guard !finished, evaluations > 0 else { return }
    finished = true
    if !lastLoggedTdat { tdatLines.append(dataLine(bestPoint, bestValue)) }
    if !lastLoggedDat { datLines.append(dataLine(bestPoint, bestValue)) }
  }

  /// The `.info` entry of the run, `instance:evaluations|best−f_opt`.
  public func infoEntry(instance: Int) -> String {
    "\(instance):\(evaluations)|" + String(format: "%.1e", bestValue - optimalValue)
  }

  private func dataLine(_ x: [Double], _ current: Double, constraints g: [Double]? = nil) -> String {
    var s = "\(evaluations) \(constraintEvaluations) " + String(format: "%+10.9e %+10.9e ", bestValue - optimalValue, current)
    if let g, !g.isEmpty {
      for v in g { s += String(Self.digit(v)) }
    } else {
      s += String(format: "%+10.9e", bestValue)
    }
    if dimension <= Self.largestLoggedDimension {
      for v in x { s += String(format: " %+5.4e", v) }
    }
    return s
  }

  /// COCO's single digit of a constraint value: 0 for g ≤ 0, then one per
  /// decade from 10⁻⁷ to 1, 9 above 1 (and for NaN).
  static func digit(_ g: Double) -> Int {
    let limits = [0, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1]
    return limits.firstIndex { g <= $0 } ?? 9
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

  /// The evaluation count of the `.tdat` triggers: f + g evaluations.
  private var triggerCount: Int { evaluations + constraintEvaluations }

  private mutating func firstEvaluationTrigger() -> Bool {
    guard triggerCount >= value1 else { return false }
    func grid(_ e: Int) -> Int { Int(Foundation.pow(10.0, Double(e) / Self.targetsPerDecade).rounded(.down)) }
    while grid(exponent1) <= value1 { exponent1 += 1 }
    value1 = grid(exponent1)
    return true
  }

  private mutating func secondEvaluationTrigger() -> Bool {
    guard triggerCount >= value2 else { return false }
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
