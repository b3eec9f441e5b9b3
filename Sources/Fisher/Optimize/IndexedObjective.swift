/// An objective as the driver calls it: told which evaluation of the run it
/// performs, and, for a benchmark whose noise is simulated, able to report
/// the value without the noise.
///
/// The evaluation index (0-based, over the whole run, re-evaluations
/// included) is fixed by the run's state, not by the order in which threads
/// happen to finish, so an objective that draws its noise by index (such as
/// COCO's bbob-noisy functions) gives the same run whatever the thread count
/// and across a checkpoint and resume.
public struct IndexedObjective: Sendable {
  /// The value of evaluation `evaluation` at `x`. A thrown error, NaN or an
  /// infinite value marks a failed evaluation.
  public let value: @Sendable (_ x: [Double], _ evaluation: Int) throws -> Double
  /// The objective without its noise, where it is known (simulated noise). The
  /// driver uses it only to measure a run (``Optimizer/bestNoiseFree``, target
  /// hits), never to steer it.
  public let noiseFreeValue: (@Sendable ([Double]) -> Double)?

  public init(
    value: @escaping @Sendable (_ x: [Double], _ evaluation: Int) throws -> Double,
    noiseFreeValue: (@Sendable ([Double]) -> Double)? = nil
  ) {
    self.value = value
    self.noiseFreeValue = noiseFreeValue
  }

  /// An objective that does not depend on the evaluation index.
  public init(_ objective: @escaping Objective) {
    value = { x, _ in try objective(x) }
    noiseFreeValue = nil
  }
}
