import ArgumentParser
import FisherBenchmarks
import Foundation

/// `fisher bbob eval`: evaluates points read from standard input.
struct BBOBEvalCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "eval",
    abstract:
      "Evaluate a bbob, bbob-noisy, bbob-constrained or bbob-mixint function at points read from standard input.",
    discussion: """
      Reads one point per line, its coordinates separated by commas, spaces, tabs \
      or semicolons, and prints f(x) for each, one per line, with 17 significant \
      digits (enough to recover the double exactly). A line with the wrong number \
      of coordinates or a coordinate that is not a finite number stops the run \
      with a message naming the line and exit status 2.

      A bbob-noisy function draws its noise as COCO does, from counters that \
      start afresh with each run: the values are those cocoex gives for the same \
      points in the same order, evaluated right after constructing its suite. \
      --noise-free prints its value without the noise instead (the value COCO \
      measures performance on), which cocoex does not expose.

      A bbob-constrained problem (--suite bbob-constrained) prints, for each \
      point, f(x) followed by its m constraint values g_1(x) … g_m(x), separated \
      by commas on one line: cocoex's problem(x) and problem.constraint(x). The \
      point is feasible when every g_k(x) ≤ 0.

      A bbob-mixint problem (--suite bbob-mixint) rounds its integer coordinates \
      to the nearest integer (halves up) and clamps them into their bounds before \
      evaluating, as cocoex does, so any finite point has a value; `fisher bbob \
      info --suite bbob-mixint` lists which coordinates are integers.
      """)

  @OptionGroup var problem: BBOBProblemOptions

  @Flag(help: "For a bbob-noisy function, print the noise-free value.")
  var noiseFree = false

  func validate() throws {
    let made = try problem.makeProblem()
    if noiseFree, case .noiseless = made.function {
      throw ValidationError("--noise-free applies to bbob-noisy functions (101…130); bbob functions have no noise")
    }
    if noiseFree, case .constrained = made.function {
      throw ValidationError("--noise-free applies to bbob-noisy functions (101…130); bbob-constrained has no noise")
    }
    if noiseFree, case .mixint = made.function {
      throw ValidationError("--noise-free applies to bbob-noisy functions (101…130); bbob-mixint has no noise")
    }
  }

  func run() throws {
    let problem = try problem.makeProblem()
    var noise = BBOBNoiseStream()
    let format = { (v: Double) in String(format: "%.17g", v) }
    let evaluate: (inout [Double]) -> String
    switch problem.function {
    case .noiseless(let f): evaluate = { format(f.evaluate($0)) }
    case .noisy(let f) where noiseFree: evaluate = { format(f.noiseFreeValue($0)) }
    case .noisy(let f): evaluate = { format(f.evaluate($0, noise: &noise)) }
    case .constrained(let f):
      evaluate = { x in ([f.evaluate(x)] + f.constraints(x)).map(format).joined(separator: ",") }
    case .mixint(let f): evaluate = { format(f.evaluate($0)) }
    }
    var output = ""
    output.reserveCapacity(1 << 16)
    var point = [Double](repeating: 0, count: problem.dimension)
    var lineNumber = 0
    while let line = readLine(strippingNewline: true) {
      lineNumber += 1
      do {
        try Self.parse(line, into: &point, lineNumber: lineNumber)
      } catch {
        FileHandle.standardOutput.write(Data(output.utf8))
        throw error
      }
      output += evaluate(&point)
      output += "\n"
      if output.utf8.count >= 1 << 16 {
        FileHandle.standardOutput.write(Data(output.utf8))
        output.removeAll(keepingCapacity: true)
      }
    }
    FileHandle.standardOutput.write(Data(output.utf8))
  }

  /// Parses one input line into `point`, which has the expected dimension.
  static func parse(_ line: String, into point: inout [Double], lineNumber: Int) throws {
    let fields = line.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == " " || $0 == "\t" || $0 == "\r" })
    guard fields.count == point.count else {
      throw FisherError.malformedInput("line \(lineNumber): expected \(point.count) coordinates, found \(fields.count)")
    }
    for (i, field) in fields.enumerated() {
      guard let value = Double(field), value.isFinite else {
        throw FisherError.malformedInput("line \(lineNumber): coordinate \(i + 1) '\(field)' is not a finite number")
      }
      point[i] = value
    }
  }
}
