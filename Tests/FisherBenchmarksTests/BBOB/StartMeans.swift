import Foundation

/// The mean of every start of an experiment's runs, written down by the
/// strategy factory (which runs on several threads).
final class StartMeans: @unchecked Sendable {
  private let lock = NSLock()
  private var means: [[Double]] = []

  func append(_ mean: [Double]) {
    lock.lock()
    means.append(mean)
    lock.unlock()
  }

  var all: [[Double]] {
    lock.lock()
    defer { lock.unlock() }
    return means
  }
}
