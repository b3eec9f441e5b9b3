/// The rollout kernel shared by the planners: costs of rollouts `range` of a batch.
///
/// Controls are stored time-major, `controls[(t·K + k)·m + j]`, so that the
/// controls of a block of consecutive rollouts at step t are contiguous and go to
/// ``DynamicalSystem/step(states:controls:count:)`` without copying. States are
/// rollout-major in `states` (K × n). The work is done in blocks of at most
/// `_rolloutBlock` rollouts, which keeps a block's states in L1 cache.
///
/// For each rollout k in `range`: x ← x₀, then for t < T: x ← F(x, v_{k,t}),
/// costs[k] += c(x, v_{k,t}, t) (absolute step `step` + t); finally
/// costs[k] += φ(x) (absolute step `step` + T). The result for k
/// depends on k's controls only, never on how `range` was cut.
@inlinable
func _rollout<S: DynamicalSystem, C: ControlCost>(
  system: S, cost: C, initialState: UnsafeBufferPointer<S.Scalar>,
  controls: UnsafePointer<S.Scalar>, samples: Int, horizon: Int, step: Int,
  range: Range<Int>, states: UnsafeMutablePointer<S.Scalar>, costs: UnsafeMutablePointer<S.Scalar>
) where C.Scalar == S.Scalar {
  let n = system.stateDimension
  let m = system.controlDimension
  var b0 = range.lowerBound
  while b0 < range.upperBound {
    let b1 = Swift.min(b0 + _rolloutBlock, range.upperBound)
    let count = b1 - b0
    let xs = UnsafeMutableBufferPointer(start: states + b0 * n, count: count * n)
    let cs = UnsafeMutableBufferPointer(start: costs + b0, count: count)
    _start(states: xs, costs: cs, from: initialState, count: count)
    for t in 0..<horizon {
      let us = UnsafeBufferPointer(start: controls + (t * samples + b0) * m, count: count * m)
      system.step(states: xs, controls: us, count: count)
      cost.accumulateRunningCost(
        states: UnsafeBufferPointer(xs), controls: us, count: count, time: t, step: step &+ t, into: cs)
    }
    cost.accumulateTerminalCost(states: UnsafeBufferPointer(xs), count: count, step: step &+ horizon, into: cs)
    b0 = b1
  }
}

/// Sets each of `count` states to `initialState` and each cost to 0, by copying
/// and zeroing bytes (a floating-point zero is all zero bits), so that the
/// generic callers above it make no per-element dynamic calls.
@inlinable @inline(__always)
func _start<T: ControlScalar>(
  states xs: UnsafeMutableBufferPointer<T>, costs cs: UnsafeMutableBufferPointer<T>,
  from initialState: UnsafeBufferPointer<T>, count: Int
) {
  guard let x0 = initialState.baseAddress, let x = xs.baseAddress, let c = cs.baseAddress else { return }
  let stride = MemoryLayout<T>.stride, bytes = initialState.count * stride
  for k in 0..<count {
    UnsafeMutableRawPointer(x + k * initialState.count).copyMemory(from: x0, byteCount: bytes)
  }
  UnsafeMutableRawPointer(c).initializeMemory(as: UInt8.self, repeating: 0, count: count * stride)
}

/// Rollouts per block of ``_rollout(system:cost:initialState:controls:samples:horizon:step:range:states:costs:)``.
@usableFromInline let _rolloutBlock = 128

/// A buffer of numbers allocated once, zeroed, and freed with its owner.
@usableFromInline
final class _Buffer<Element: BinaryFloatingPoint>: @unchecked Sendable {
  @usableFromInline let pointer: UnsafeMutablePointer<Element>
  @usableFromInline let count: Int

  init(count: Int) {
    self.count = Swift.max(count, 1)
    pointer = .allocate(capacity: self.count)
    pointer.initialize(repeating: 0, count: self.count)
  }

  deinit { pointer.deallocate() }

  var buffer: UnsafeMutableBufferPointer<Element> { UnsafeMutableBufferPointer(start: pointer, count: count) }

  /// A copy of the first `count` entries, as doubles.
  func prefix(_ count: Int) -> [Double] { UnsafeBufferPointer(start: pointer, count: count).map { Double($0) } }

  /// Writes `values`, rounded to `Element`, into the first entries and returns them.
  func load(_ values: [Double]) -> UnsafeBufferPointer<Element> {
    for i in values.indices { pointer[i] = Element(values[i]) }
    return UnsafeBufferPointer(start: pointer, count: values.count)
  }
}
