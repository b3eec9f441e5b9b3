/// A first-come first-served async mutex.
///
/// Actors are reentrant at every `await`, so an actor alone cannot keep two
/// transactions on one connection apart; this gate can: ``withLock(_:)``
/// suspends later callers until the holder finishes.
final class TransactionGate: Sendable {
  private actor GateState {
    var held = false
    var waiters: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
      if !held {
        held = true
        return
      }
      await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
      if waiters.isEmpty {
        held = false
      } else {
        waiters.removeFirst().resume()
      }
    }
  }

  private let gateState = GateState()

  func withLock<T: Sendable>(_ body: () async throws -> T) async throws -> T {
    await gateState.acquire()
    do {
      let value = try await body()
      await gateState.release()
      return value
    } catch {
      await gateState.release()
      throw error
    }
  }
}
