/// A ``PlainSystem`` run over a block of rollouts: the ``DynamicalSystem`` the planners step.
///
/// Each rollout's state is loaded from the planner's buffer into the model's
/// `State`, stepped with ``PlainSystem/step(_:_:)`` and stored back, by the
/// model's ``PlainSystem/_stepRollouts(states:controls:count:)``: a loop
/// compiled for the model's own type, with its step inlined.
public struct BatchedSystem<Model: PlainSystem>: DynamicalSystem {
  public typealias Scalar = Model.State.Scalar

  /// The plain system.
  public let model: Model

  /// The batched form of `model`.
  @inlinable public init(_ model: Model) { self.model = model }

  @inlinable public var stateDimension: Int { Model.State.count }
  @inlinable public var controlDimension: Int { Model.Control.count }
  @inlinable public var dt: Double { model.dt }
  public var controlLowerBounds: [Double] { model.controlLowerBounds }
  public var controlUpperBounds: [Double] { model.controlUpperBounds }

  /// Steps rollouts `0..<count` one after the other.
  ///
  /// - Complexity: O(count) calls of the model's step.
  @inlinable
  public func step(states: UnsafeMutableBufferPointer<Scalar>, controls: UnsafeBufferPointer<Scalar>, count: Int) {
    guard let xs = states.baseAddress, let us = controls.baseAddress else { return }
    model._stepRollouts(states: xs, controls: us, count: count)
  }
}

/// A ``PlainCost`` evaluated over a block of rollouts: the ``ControlCost`` the planners add up.
///
/// A state that is not finite or not ``PlainCost/isFeasible(_:time:)`` sets
/// its rollout's cost to +∞; a non-finite cost makes it non-finite as well.
/// Either way the rollout gets weight 0 and is not counted as feasible.
///
/// The model's fields can be read and written through the adapter, so a
/// planner's goal moves with `mppi.cost.goal = …` (dynamic member lookup) or
/// `mppi.cost.model = newCost`.
@dynamicMemberLookup
public struct BatchedCost<Model: PlainCost>: ControlCost {
  public typealias Scalar = Model.State.Scalar

  /// The plain cost.
  public var model: Model

  /// The batched form of `model`.
  @inlinable public init(_ model: Model) { self.model = model }

  /// A field of the model, read and written in place.
  @inlinable public subscript<Value>(dynamicMember path: WritableKeyPath<Model, Value>) -> Value {
    get { model[keyPath: path] }
    set { model[keyPath: path] = newValue }
  }

  /// A read-only property of the model.
  @inlinable public subscript<Value>(dynamicMember path: KeyPath<Model, Value>) -> Value {
    model[keyPath: path]
  }

  /// The running cost with `time` taken as the absolute step.
  @inlinable
  public func accumulateRunningCost(
    states: UnsafeBufferPointer<Scalar>, controls: UnsafeBufferPointer<Scalar>, count: Int, time: Int,
    into costs: UnsafeMutableBufferPointer<Scalar>
  ) {
    accumulateRunningCost(states: states, controls: controls, count: count, time: time, step: time, into: costs)
  }

  @inlinable
  public func accumulateRunningCost(
    states: UnsafeBufferPointer<Scalar>, controls: UnsafeBufferPointer<Scalar>, count: Int, time: Int, step: Int,
    into costs: UnsafeMutableBufferPointer<Scalar>
  ) {
    guard let xs = states.baseAddress, let us = controls.baseAddress, let cs = costs.baseAddress else { return }
    model._accumulateRunningCosts(states: xs, controls: us, count: count, time: step, into: cs)
  }

  /// The terminal cost with no step index (step 0).
  @inlinable
  public func accumulateTerminalCost(
    states: UnsafeBufferPointer<Scalar>, count: Int, into costs: UnsafeMutableBufferPointer<Scalar>
  ) {
    accumulateTerminalCost(states: states, count: count, step: 0, into: costs)
  }

  @inlinable
  public func accumulateTerminalCost(
    states: UnsafeBufferPointer<Scalar>, count: Int, step: Int, into costs: UnsafeMutableBufferPointer<Scalar>
  ) {
    guard let xs = states.baseAddress, let cs = costs.baseAddress else { return }
    model._accumulateTerminalCosts(states: xs, count: count, time: step, into: cs)
  }
}
