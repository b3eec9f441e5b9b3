extension MPPI {
  /// An MPPI planner for a system and a cost written one rollout at a time.
  ///
  ///     var mppi = try MPPI(system: KinematicBicycle(), cost: CarScenario.cost, configuration: config)
  ///     let u = try mppi.command(state)          // a KinematicBicycle.Control
  ///     mppi.cost.obstacles.append(CircleObstacle(x: 5, y: 1, radius: 0.5))
  ///
  /// - Throws: `FisherError` for settings that do not fit the system (see ``init(system:cost:configuration:)-(System,_,_)``).
  public init<S: PlainSystem, C: PlainCost>(system: S, cost: C, configuration: MPPIConfiguration) throws
  where System == BatchedSystem<S>, Cost == BatchedCost<C>, C.State == S.State, C.Control == S.Control {
    try self.init(system: BatchedSystem(system), cost: BatchedCost(cost), configuration: configuration)
  }

  /// ``command(state:)`` with the plain system's own state and control types.
  ///
  /// - Throws: as ``command(state:)``: a non-finite state, or no feasible rollout.
  public mutating func command<S: PlainSystem>(_ state: S.State) throws -> S.Control
  where System == BatchedSystem<S> {
    try S.Control(checking: try command(state: state.elements))
  }
}

extension CEMPlanner {
  /// A CEM planner for a system and a cost written one rollout at a time.
  ///
  /// - Throws: `FisherError` for settings that do not fit the system.
  public init<S: PlainSystem, C: PlainCost>(system: S, cost: C, configuration: CEMConfiguration) throws
  where System == BatchedSystem<S>, Cost == BatchedCost<C>, C.State == S.State, C.Control == S.Control {
    try self.init(system: BatchedSystem(system), cost: BatchedCost(cost), configuration: configuration)
  }
}
