/// A fixed-size vector of numbers: the state or the control of a ``PlainSystem``.
///
/// `Double` and `Float` (one entry) and `SIMD2`, `SIMD3`, `SIMD4`, `SIMD8` and
/// `SIMD16` of either conform. A struct with named fields conforms by listing
/// them in order; no pointers are involved:
///
///     struct CartState: RolloutVector {
///       var position = 0.0, speed = 0.0
///       static var count: Int { 2 }
///       init() {}
///       init(elements e: (Int) -> Double) { position = e(0); speed = e(1) }
///       func element(_ i: Int) -> Double { i == 0 ? position : speed }
///     }
///
/// The planner keeps states and controls in flat buffers of the vector's
/// ``Scalar`` and converts with ``init(elements:)`` and ``element(_:)``; both
/// are inlined into the specialized rollout loop, so the conversion costs a few
/// loads and stores. A model whose vectors hold `Float` is planned in `Float`
/// (see ``ControlScalar``).
public protocol RolloutVector: Sendable {
  /// The type of the entries, `Double` or `Float`.
  associatedtype Scalar: ControlScalar = Double
  /// The number of entries (the state dimension n or the control dimension m).
  static var count: Int { get }
  /// The vector whose entry i is `elements(i)`, for i in `0..<count`.
  init(elements: (Int) -> Scalar)
  /// Entry `i`, for i in `0..<count`.
  func element(_ i: Int) -> Scalar
  /// Whether every entry is finite (a state that is not makes its rollout infeasible).
  var isFinite: Bool { get }
}

extension RolloutVector {
  public var isFinite: Bool {
    for i in 0..<Self.count where !element(i).isFinite { return false }
    return true
  }

  /// The entries as an array of doubles, in order.
  public var elements: [Double] { (0..<Self.count).map { element($0)._double } }

  /// The vector of `values` (rounded to ``Scalar``).
  ///
  /// - Throws: `FisherError.dimensionMismatch` unless `values` has ``count`` entries.
  public init(checking values: [Double]) throws {
    guard values.count == Self.count else {
      throw FisherError.dimensionMismatch("\(values.count) values for a vector of \(Self.count)")
    }
    self.init(elements: { Scalar(values[$0]) })
  }
}

extension Double: RolloutVector {
  @inlinable public static var count: Int { 1 }
  @inlinable public init(elements: (Int) -> Double) { self = elements(0) }
  @inlinable public func element(_ i: Int) -> Double { self }
}

extension Float: RolloutVector {
  @inlinable public static var count: Int { 1 }
  @inlinable public init(elements: (Int) -> Float) { self = elements(0) }
  @inlinable public func element(_ i: Int) -> Float { self }
}

extension SIMD2: RolloutVector where Scalar: ControlScalar {
  @inlinable public static var count: Int { 2 }
  @inlinable public init(elements e: (Int) -> Scalar) { self.init(e(0), e(1)) }
  @inlinable public func element(_ i: Int) -> Scalar { self[i] }
  @inlinable public var isFinite: Bool { self - self == .zero }
}

extension SIMD3: RolloutVector where Scalar: ControlScalar {
  @inlinable public static var count: Int { 3 }
  @inlinable public init(elements e: (Int) -> Scalar) { self.init(e(0), e(1), e(2)) }
  @inlinable public func element(_ i: Int) -> Scalar { self[i] }
  @inlinable public var isFinite: Bool { self - self == .zero }
}

extension SIMD4: RolloutVector where Scalar: ControlScalar {
  @inlinable public static var count: Int { 4 }
  @inlinable public init(elements e: (Int) -> Scalar) { self.init(e(0), e(1), e(2), e(3)) }
  @inlinable public func element(_ i: Int) -> Scalar { self[i] }
  @inlinable public var isFinite: Bool { self - self == .zero }
}

extension SIMD8: RolloutVector where Scalar: ControlScalar {
  @inlinable public static var count: Int { 8 }
  @inlinable public init(elements e: (Int) -> Scalar) {
    self.init()
    for i in 0..<8 { self[i] = e(i) }
  }
  @inlinable public func element(_ i: Int) -> Scalar { self[i] }
  @inlinable public var isFinite: Bool { self - self == .zero }
}

extension SIMD16: RolloutVector where Scalar: ControlScalar {
  @inlinable public static var count: Int { 16 }
  @inlinable public init(elements e: (Int) -> Scalar) {
    self.init()
    for i in 0..<16 { self[i] = e(i) }
  }
  @inlinable public func element(_ i: Int) -> Scalar { self[i] }
  @inlinable public var isFinite: Bool { self - self == .zero }
}
