import Foundation

/// A thread-safe append-only log, for objectives, factories and observers
/// under test that may run concurrently.
final class AppendLog<Value: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var _values: [Value] = []
  func append(_ v: Value) { lock.lock(); _values.append(v); lock.unlock() }
  var values: [Value] { lock.lock(); defer { lock.unlock() }; return _values }
}
