import Foundation

/// A boolean that starts false and can be set once from any thread: a timeout
/// that fired, an interrupt that arrived.
public final class SharedFlag: @unchecked Sendable {
  private let lock = NSLock()
  private var value = false

  public init() {}

  public func set() {
    lock.lock()
    value = true
    lock.unlock()
  }

  public var isSet: Bool {
    lock.lock()
    defer { lock.unlock() }
    return value
  }
}
