#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// The memory a strategy, planner or benchmark function would need, checked
/// before anything is allocated.
///
/// Sizes that come from a user (a dimension, a population size, a horizon)
/// multiply into allocations; a product that does not fit in memory would
/// otherwise end the process when it is allocated. Every component states its
/// need as a sum of arrays of `Double` and calls ``check(_:)``, which throws
/// ``FisherError/insufficientMemory(_:)`` with the estimate when it exceeds
/// ``limitBytes``: half of what the process may use (the physical memory, an
/// address-space or data-size limit set with `ulimit`, or a cgroup's
/// `memory.max`, whichever is least), leaving the other half for temporaries
/// the estimate does not count.
///
/// The arithmetic is in `Double`, so no product of sizes can overflow.
///
///     // xNES in dimension n with population λ: a few n × n matrices and λ × n samples.
///     try MemoryRequirement.doubles(6, n, n).adding(.doubles(3, λ, n)).check("xNES in dimension \(n)")
public struct MemoryRequirement: Sendable, Hashable, CustomStringConvertible {
  /// The estimate in bytes.
  public var bytes: Double

  public init(bytes: Double) {
    self.bytes = bytes
  }

  /// `copies` arrays of `rows × columns` doubles (`columns` = 1 for vectors).
  public static func doubles(_ copies: Int, _ rows: Int, _ columns: Int = 1) -> MemoryRequirement {
    MemoryRequirement(bytes: 8 * Double(copies) * Double(rows) * Double(columns))
  }

  /// The sum of two requirements.
  public func adding(_ other: MemoryRequirement) -> MemoryRequirement {
    MemoryRequirement(bytes: bytes + other.bytes)
  }

  /// The estimate in readable units, e.g. `8.0 TB`.
  public var description: String { Self.format(bytes) }

  /// Throws ``FisherError/insufficientMemory(_:)`` when the estimate exceeds
  /// ``limitBytes``, naming `what` (e.g. "xNES in dimension 1000000").
  public func check(_ what: @autoclosure () -> String) throws {
    let limit = Self.limitBytes
    guard bytes.isFinite, bytes <= limit else {
      throw FisherError.insufficientMemory(
        "\(what()) needs about \(self) of memory; this process may use \(Self.format(limit)) for it")
    }
  }

  /// Half of the memory this process may use (computed once).
  public static var limitBytes: Double { processMemoryLimit / 2 }

  static func format(_ bytes: Double) -> String {
    guard bytes.isFinite else { return "an unbounded amount" }
    let units = ["B", "kB", "MB", "GB", "TB", "PB", "EB"]
    var v = bytes
    var u = 0
    while v >= 1000 && u < units.count - 1 {
      v /= 1000
      u += 1
    }
    if u == units.count - 1 && v >= 1000 { return "more than 1000 EB" }
    let tenths = (v * 10).rounded()
    return "\(Int(tenths) / 10).\(Int(tenths) % 10) \(units[u])"
  }
}

/// The least of the physical memory, the soft address-space and data-size
/// limits, and the cgroup limit, in bytes.
let processMemoryLimit: Double = {
  var limit = Double.infinity
  let pages = sysconf(Int32(_SC_PHYS_PAGES)), pageSize = sysconf(Int32(_SC_PAGESIZE))
  if pages > 0 && pageSize > 0 { limit = Double(pages) * Double(pageSize) }
  #if canImport(Glibc)
  for resource in [RLIMIT_AS, RLIMIT_DATA] {
    var r = rlimit()
    if getrlimit(__rlimit_resource_t(resource.rawValue), &r) == 0, r.rlim_cur != rlim_t.max {
      limit = Swift.min(limit, Double(r.rlim_cur))
    }
  }
  if let cgroup = readSmallFile("/sys/fs/cgroup/memory.max"), let v = Double(cgroup) {
    limit = Swift.min(limit, v)
  }
  #endif
  return limit.isFinite ? limit : 0x1p40
}()

/// The first line of a small text file, or nil.
func readSmallFile(_ path: String) -> String? {
  guard let f = fopen(path, "r") else { return nil }
  defer { fclose(f) }
  var buffer = [CChar](repeating: 0, count: 64)
  guard fgets(&buffer, Int32(buffer.count), f) != nil else { return nil }
  let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
  return String(decoding: bytes, as: UTF8.self).trimmingSuffix()
}

extension String {
  fileprivate func trimmingSuffix() -> String {
    var s = Substring(self)
    while let last = s.last, last == "\n" || last == " " { s.removeLast() }
    return String(s)
  }
}
