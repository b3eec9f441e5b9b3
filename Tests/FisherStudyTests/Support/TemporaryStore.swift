import Foundation
@testable import FisherStudy

/// A fresh folder for a test's database files, removed by `cleanUp()`.
struct TemporaryFolder {
  let path: String

  init() throws {
    path = NSTemporaryDirectory() + "fisher-study-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  func file(_ name: String) -> String { path + "/" + name }

  func cleanUp() { try? FileManager.default.removeItem(atPath: path) }
}

/// The JSON of a strategy state, keys sorted: equal text ⇔ equal state.
func stateText<T: Encodable>(_ value: T) throws -> String { try StudyCoding.encode(value) }
