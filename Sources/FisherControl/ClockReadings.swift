#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Nanoseconds of `clock`, read with `clock_gettime` (0 if the clock cannot be read).
private func nanoseconds(of clock: clockid_t) -> UInt64 {
  var ts = timespec()
  guard clock_gettime(clock, &ts) == 0 else { return 0 }
  return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
}

/// The monotonic clock in nanoseconds (an arbitrary origin): cheap enough to poll,
/// and a plain integer, so that a deadline can sit in an atomic.
func monotonicNanoseconds() -> UInt64 { nanoseconds(of: CLOCK_MONOTONIC) }

/// The CPU time used so far by all threads of this process, in nanoseconds
/// (`CLOCK_PROCESS_CPUTIME_ID`): user and system time, including threads that
/// poll while waiting for work.
func processCPUNanoseconds() -> UInt64 { nanoseconds(of: CLOCK_PROCESS_CPUTIME_ID) }
