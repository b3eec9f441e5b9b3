import Fisher
import Foundation

/// JSON for what the store keeps as text: strategy states, settings, points.
///
/// States may hold ±∞ (e.g. a best value not yet seen), which plain JSON
/// cannot; they are written as the strings "inf", "-inf" and "nan". Keys are
/// sorted so equal values give equal text (re-create compares states as text).
enum StudyCoding {
  static func encode<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    let data = try encoder.encode(value)
    return String(decoding: data, as: UTF8.self)
  }

  /// - Throws: ``FisherError/malformedInput(_:)`` naming `what` when the text does not decode.
  static func decode<T: Decodable>(_ text: String, as type: T.Type = T.self, what: String) throws -> T {
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    do {
      return try decoder.decode(T.self, from: Data(text.utf8))
    } catch {
      throw FisherError.malformed("\(what) is corrupt", decoding: error)
    }
  }

  /// A point as a JSON array; each number in Swift's shortest round-trip form.
  static func encodePoint(_ x: [Double]) -> String {
    "[" + x.map { $0.isFinite ? "\($0)" : "null" }.joined(separator: ",") + "]"
  }

  static func decodePoint(_ text: String, what: String) throws -> [Double] {
    let point: [Double?] = try decode(text, what: what)
    return point.map { $0 ?? .nan }
  }
}
