import ArgumentParser

/// `fisher control`: sampling-based model-predictive control.
struct ControlCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "control", abstract: "Run MPPI or CEM-MPC on a dynamical system.")
}
