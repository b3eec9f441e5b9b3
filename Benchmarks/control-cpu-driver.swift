// The driver that took the numbers of BENCHMARKS.md's "CPU time per command" section while a
// release `fisher` could not be built: the pendulum loop of `fisher control pendulum --json`
// (K = 1000, T = 15, λ = 1, σ = √10), through the same MPPI.runClosedLoop(from:steps:period:).
//   swift build -c release --target FisherControl --scratch-path /tmp/ctl
//   swiftc -O Benchmarks/control-cpu-driver.swift -I /tmp/ctl/release/Modules \
//     /tmp/ctl/release/Fisher.build/*.o /tmp/ctl/release/FisherControl.build/*.o -o ctlbench
//   ./ctlbench THREADS SEED STEPS RATE_HZ(0 = back to back) SPIN(adaptive|never|milliseconds)
import FisherControl
#if canImport(Glibc)
import Glibc
#endif

let a = CommandLine.arguments
guard a.count == 6, let threads = Int(a[1]), let seed = UInt64(a[2]), let steps = Int(a[3]),
  let rate = Double(a[4]), rate == 0 || (rate >= 0.001 && rate <= 1e6), a[5] == "adaptive" || a[5] == "never" || Double(a[5]) != nil
else {
  print("usage: ctlbench THREADS SEED STEPS RATE_HZ SPIN")
  exit(2)
}
var c = MPPIConfiguration(samples: 1000, horizon: 15, temperature: .fixed(1),
                          noise: try NoiseCovariance(standardDeviations: [Double(10).squareRoot()]))
c.threads = threads
c.seed = seed
switch a[5] {
case "adaptive": c.spin = .adaptive
case "never": c.spin = .never
default: c.spin = .duration(.nanoseconds(Int64(Swift.min(Swift.max(Double(a[5]) ?? 0, 0), 1000) * 1e6)))
}
var mppi = try MPPI(system: Pendulum(), cost: PendulumCost(), configuration: c)
let r = try mppi.runClosedLoop(from: Pendulum.hangingDown, steps: steps,
                               period: rate > 0 ? .nanoseconds(Int64((1e9 / rate).rounded())) : nil)
print("{\"ms_per_step\": \(r.millisecondsPerCommand), \"cpu_ms_per_step\": \(r.cpuMillisecondsPerStep), \"cpu_ms_between_steps\": \(r.cpuMillisecondsBetweenCommands), \"total_cost\": \(r.totalCost)}")
