#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// The number of online processors, `sysconf(_SC_NPROCESSORS_ONLN)`, and at least 1.
///
/// Every default thread count of the package (``MinimizeOptions/defaultThreads``,
/// the control planners' and the command line's) is this number.
public func activeProcessorCount() -> Int {
  Swift.max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
}
