#!/usr/bin/env bash
# CPU time per command of Fisher's MPPI, back to back and at a control rate.
#
#   Benchmarks/run-control-cpu.sh                      # 10 rounds
#   ROUNDS=5 FISHER=path/to/fisher Benchmarks/run-control-cpu.sh
#
# The pendulum, K = 1000, T = 15, N = 200 steps (STEPS), seed = round index. Each round
# runs, one after the other (Benchmarks/ratios.py):
#   1. 2 threads, back to back          2. 1 thread, back to back
#   3. 2 threads at 50 Hz (--rate 50)   4. 1 thread at 50 Hz
#   5. 2 threads at 50 Hz polling 1 ms after every region (--spin 1: a fixed
#      polling window), for reference,
# all with the default --spin adaptive unless stated. Every run reports, from
# `fisher control … --json`: ms_per_step (wall time of a command), cpu_ms_per_step
# (CPU time of the whole process from the start of one command to the start of the
# next: the command, what its threads do after it, the simulation step) and
# cpu_ms_between_steps (the part after the command). The ratio of the CPU time per
# step on 2 threads to that on 1 thread is taken within each round, at each rate, and
# reported as its median with the interquartile range and range.
#
# FISHER=path/to/fisher uses a release binary built earlier instead of building one
# (in SCRATCH, default .build-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
export SCRATCH=${SCRATCH:-.build-bench}
NO_FISHERPERF=1 source Benchmarks/setup.sh  # PY, release_binary
FISHER=$(release_binary fisher FISHER)
export ROUNDS=${ROUNDS:-10}
STEPS=${STEPS:-200}
python3 - "$FISHER" "$ROUNDS" "$STEPS" <<'PY'
import json, sys
sys.path.insert(0, "Benchmarks")
import ratios

fisher, rounds, steps = sys.argv[1], int(sys.argv[2]), sys.argv[3]
print(f"machine: {ratios.machine()}; load average before: {ratios.loadavg()}")
print(f"pendulum: K=1000 T=15 N={steps}, seeds 0..{rounds - 1}")

configs = [  # (key, label, threads, extra arguments)
    ("t2", "2 threads, back to back", "2", []),
    ("t1", "1 thread, back to back", "1", []),
    ("t2-50", "2 threads, 50 Hz", "2", ["--rate", "50"]),
    ("t1-50", "1 thread, 50 Hz", "1", ["--rate", "50"]),
    ("t2-50-spin1", "2 threads, 50 Hz, --spin 1 (poll 1 ms after every region)", "2", ["--rate", "50", "--spin", "1"]),
]

def side(key, threads, extra):
    argv = lambda r: [fisher, "control", "pendulum", "--samples", "1000", "--horizon", "15", "--steps", steps,
                      "--seed", str(r), "--threads", threads, *extra, "--json"]
    def parse(text):
        j = json.loads(text.strip().splitlines()[-1])
        return {(key, f): j[f] for f in ("ms_per_step", "cpu_ms_per_step", "cpu_ms_between_steps", "total_cost")}
    return ratios.Side(key, argv, parse)

results = ratios.run_interleaved(rounds, [side(k, t, e) for k, _, t, e in configs])
print(ratios.interleaving_note(rounds, [k for k, *_ in configs]))
print()
spread = lambda key, field: ratios.Spread(ratios.values(results, (key, field)))
fmt = lambda s: f"{s.median:.3f} ({s.q1:.3f}–{s.q3:.3f}, {s.low:.3f}–{s.high:.3f})"
print("| pendulum K=1000 T=15, median (IQR, range) | wall ms / command | CPU ms / step | CPU ms between commands |")
print("| --- | ---: | ---: | ---: |")
for key, label, _, _ in configs:
    print(f"| {label} | {fmt(spread(key, 'ms_per_step'))} | {fmt(spread(key, 'cpu_ms_per_step'))} | "
          f"{fmt(spread(key, 'cpu_ms_between_steps'))} |")
print()
for a, b, what in (("t2", "t1", "back to back"), ("t2-50", "t1-50", "at 50 Hz"),
                   ("t2-50-spin1", "t1-50", "at 50 Hz, 2 threads with --spin 1")):
    cpu = ratios.per_round(results, (a, "cpu_ms_per_step"), (b, "cpu_ms_per_step"))
    wall = ratios.per_round(results, (b, "ms_per_step"), (a, "ms_per_step"))
    print(f"{what}: CPU per step, 2 threads / 1 thread: {ratios.fmt_ratio(cpu)}; "
          f"wall speed-up of 2 threads: {ratios.fmt_ratio(wall)}")
same = all(r[(k, "total_cost")] == r[("t1", "total_cost")] for r in results for k, *_ in configs)
print(f"every configuration gave the same total cost in each round: {same}")
print(f"load average after the run: {ratios.loadavg()}")
PY
