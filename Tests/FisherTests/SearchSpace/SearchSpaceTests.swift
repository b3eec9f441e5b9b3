import Foundation
import Testing
@testable import Fisher

@Suite struct SearchSpaceTests {
  static let issueExample = """
    {"variables": [
      {"name": "lr", "type": "real", "low": 1e-5, "high": 0.1, "log": true},
      {"name": "layers", "type": "integer", "low": 1, "high": 8},
      {"name": "activation", "type": "categorical", "choices": ["relu", "tanh", "gelu"]}]}
    """

  static func space(_ json: String) throws -> SearchSpace {
    try JSONDecoder().decode(SearchSpace.self, from: Data(json.utf8))
  }

  /// The reason a space file is rejected, as the CLI would print it.
  static func rejection(_ json: String) -> String? {
    do {
      _ = try space(json)
      return nil
    } catch let e as FisherError {
      return e.description
    } catch {
      return "\(error)"
    }
  }

  @Test func readsTheJSONForm() throws {
    let s = try Self.space(Self.issueExample)
    #expect(s.names == ["lr", "layers", "activation"])
    #expect(s.dimension == 1 + 1 + 3)
    #expect(s.offsets == [0, 1, 2])
    #expect(s.discreteCoordinates == [DiscreteCoordinate(index: 1, low: 0, step: 1.0 / 7, count: 8)])
    #expect(s.initialMean == [0.5, 0.5, 0, 0, 0])
    // Encoding and decoding the space keeps it.
    let again = try JSONDecoder().decode(SearchSpace.self, from: JSONEncoder().encode(s))
    #expect(again == s)
  }

  @Test(arguments: [
    (#"{"variables": []}"#, "at least one variable"),
    (#"{"variables": [{"name": "a", "type": "categorical", "choices": []}]}"#, "'a'"),
    (#"{"variables": [{"name": "b", "type": "real", "low": 2, "high": 1}]}"#, "'b'"),
    (#"{"variables": [{"name": "c", "type": "integer", "low": 3, "high": 3}]}"#, "'c'"),
    (#"{"variables": [{"name": "d", "type": "integer", "low": 0, "high": 10, "step": 3}]}"#, "does not divide"),
    (#"{"variables": [{"name": "e", "type": "real", "low": 0}]}"#, "both low and high"),
    (#"{"variables": [{"name": "f", "type": "real", "low": 0, "high": 1, "log": true}]}"#, "low > 0"),
    (#"{"variables": [{"name": "g", "type": "integer", "low": 0.5, "high": 3}]}"#, "must be an integer"),
    (#"{"variables": [{"name": "h", "type": "bool"}]}"#, "unknown type"),
    (#"{"variables": [{"name": "i", "type": "categorical", "choices": ["x", "x"]}]}"#, "twice"),
    (#"{"variables": [{"name": "j", "type": "real"}, {"name": "j", "type": "real"}]}"#, "used twice"),
    (#"{"variables": [{"name": "k", "type": "real", "choices": ["x"]}]}"#, "does not apply"),
    (#"{"variables": [{"name": "l"}]}"#, "needs a \"type\""),
  ])
  func rejectsMalformedSpacesNamingTheVariable(_ json: String, _ expected: String) {
    let reason = Self.rejection(json)
    #expect(reason?.contains(expected) == true, "\(json): \(reason ?? "accepted")")
  }

  @Test func rejectsNonFiniteBoundsInSwift() {
    #expect(throws: FisherError.self) { try SearchVariable.real("x", low: 0, high: .infinity) }
    #expect(throws: FisherError.self) { try SearchVariable.real("x", low: .nan, high: 1) }
    #expect(throws: FisherError.self) { try SearchVariable.integer("n", low: 0, high: 4, step: 0) }
  }

  @Test func decodesBoundsScalesAndCategories() throws {
    let s = try Self.space(Self.issueExample)
    // The ends of the normalized coordinate are the bounds; the log scale puts the middle at the geometric mean.
    // The boundary transformation reaches the bounds at −0.05 and 1.05 and is the identity on [0.05, 0.95].
    let lo = try s.decode([-0.05, 0, 0, 0, 0]), hi = try s.decode([1.05, 1, 0, 0, 2]), mid = try s.decode([0.5, 0.5, 1, 3, 2])
    #expect(try abs(s.decode([0.95, 0, 0, 0, 0]).real("lr") - 1e-5 * pow(1e4, 0.95)) < 1e-15)
    #expect(try abs(lo.real("lr") - 1e-5) < 1e-19)
    #expect(try abs(hi.real("lr") - 0.1) < 1e-15)
    #expect(try abs(mid.real("lr") - 1e-3) < 1e-15)
    #expect(try lo.integer("layers") == 1 && hi.integer("layers") == 8)
    #expect(try mid.integer("layers") == 4)  // 0.5·7 = 3.5 is a tie: the lower value
    #expect(try lo.category("activation") == "relu")  // equal scores: the first choice
    #expect(try hi.category("activation") == "gelu")
    #expect(try mid.category("activation") == "tanh")
    // Far outside the box, values stay inside the bounds.
    let out = try s.decode([-40, 9, 0, 0, 0])
    #expect(try (1e-5...0.1).contains(out.real("lr")) && out.integer("layers") == 8)
    #expect(throws: FisherError.self) { try s.decode([0, 0, 0]) }
    #expect(throws: FisherError.self) { try s.decode([.nan, 0, 0, 0, 0]) }
  }

  /// encode ∘ decode is the identity on points; decode ∘ encode keeps
  /// integers and categories exactly and reals to rounding.
  @Test func encodeAndDecodeAreInverse() throws {
    let s = try SearchSpace([
      .real("a", low: -2, high: 3), .real("b", low: 1e-4, high: 10, log: true), .real("c"), .real("d", log: true),
      .integer("n", low: -6, high: 30, step: 3), .categorical("k", choices: ["p", "q", "r", "s"]),
    ])
    var rng = Xoshiro256StarStar(seed: 7)
    for _ in 0..<500 {
      let u = (0..<4).map { _ in Double(rng.next() >> 11) / 9007199254740992 }
      let point = try SearchPoint(names: s.names, values: [
        .real(-2 + 5 * u[0]), .real(1e-4 * pow(1e5, u[1])), .real(100 * (u[2] - 0.5)), .real(0.01 + 50 * u[3]),
        .integer(-6 + 3 * Int(rng.next() % 13)), .categorical(["p", "q", "r", "s"][Int(rng.next() % 4)]),
      ])
      let back = try s.decode(s.encode(point))
      #expect(back.values[4] == point.values[4] && back.values[5] == point.values[5])
      for name in ["a", "b", "c", "d"] {
        #expect(try abs(back.real(name) - point.real(name)) <= 1e-12 * Swift.max(1, abs(point.real(name))))
      }
    }
  }

  @Test func validateNamesTheOffendingVariable() throws {
    let s = try Self.space(Self.issueExample)
    func reason(_ values: [String: SearchValue]) -> String {
      let p = try! SearchPoint(names: Array(values.keys), values: Array(values.values))
      do {
        _ = try s.validate(p)
        return "accepted"
      } catch {
        return "\(error)"
      }
    }
    #expect(reason(["lr": .real(0.01), "layers": .integer(9), "activation": .categorical("relu")]).contains("'layers'"))
    #expect(reason(["lr": .real(0.01), "layers": .real(2.5), "activation": .categorical("relu")]).contains("needs an integer"))
    #expect(reason(["lr": .real(0.01), "layers": .integer(2), "activation": .categorical("elu")]).contains("'activation'"))
    #expect(reason(["lr": .real(1), "layers": .integer(2), "activation": .categorical("relu")]).contains("outside"))
    #expect(reason(["lr": .real(0.01), "layers": .integer(2)]).contains("has no value"))
    #expect(reason(["lr": .real(0.01), "layers": .integer(2), "activation": .categorical("relu"), "x": .integer(1)])
      .contains("'x'"))
    #expect(reason(["lr": .real(0.01), "layers": .integer(2), "activation": .categorical("relu")]) == "accepted")
  }

  @Test func pointsReadAndWriteJSONObjects() throws {
    let p = try JSONDecoder().decode(SearchPoint.self, from: Data(#"{"lr": 0.003, "layers": 4, "activation": "gelu"}"#.utf8))
    let s = try Self.space(Self.issueExample)
    let v = try s.validate(p)
    #expect(v.names == s.names)
    #expect(try v.integer("layers") == 4 && v.category("activation") == "gelu" && v.real("lr") == 0.003)
    let text = String(decoding: try JSONEncoder().encode(v), as: UTF8.self)
    #expect(text.contains("\"layers\":4") && text.contains("\"activation\":\"gelu\""))
  }
}
