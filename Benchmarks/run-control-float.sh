#!/usr/bin/env bash
# Float against Double planners: the pendulum written plainly, planned in Float
# (`--precision float`) and in Double (`--plain`), with pytorch_mppi in the same rounds.
#
#   Benchmarks/run-control-float.sh                    # 20 rounds, seeds 0..19
#   ROUNDS=10 FISHER=path/to/fisher Benchmarks/run-control-float.sh
#
# Each round is one seed s and runs, one after the other (Benchmarks/ratios.py):
#   1. fisher control pendulum --precision float (sampling, rollouts, costs and weights in Float),
#   2. fisher control pendulum --plain (the same model and code in Double),
#   3. pytorch_mppi (Benchmarks/peers/pendulum_pytorch_mppi.py, float32 tensors, its own process),
# all with pytorch_mppi's semantics (random initial sequence), K = 1000, T = 15, 200 steps,
# THREADS threads (default 2). Both Fisher runs simulate and score the pendulum in Double,
# so their costs compare control quality. Reported: the time ratios per round (median, IQR,
# range), the mean total cost of each side over the seeds with its standard error, and the
# ratio of the Float mean to the Double mean.
#
# FISHER=path/to/fisher uses a release binary built earlier instead of building one
# (in SCRATCH, default .build-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
export SCRATCH=${SCRATCH:-.build-bench}
NO_FISHERPERF=1 source Benchmarks/setup.sh  # PY, release_binary
FISHER=$(release_binary fisher FISHER)
export ROUNDS=${ROUNDS:-20}
SEEDS=${SEEDS:-"$(seq -s " " 0 $((ROUNDS - 1)))"}
THREADS=${THREADS:-2}
"$PY" - "$FISHER" "$PY" "$THREADS" $SEEDS <<'PY'
import json, statistics, sys
sys.path.insert(0, "Benchmarks")
import ratios

fisher, python, threads, seeds = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
K, T, N, LAMBDA, SIGMA = "1000", "15", "200", "1", "3.1622776601683795"
print(f"machine: {ratios.machine()}; load average before: {ratios.loadavg()}")
print(f"pendulum: K={K} T={T} N={N} lambda={LAMBDA} sigma={SIGMA} threads={threads} seeds: {' '.join(seeds)}")

def fisher_pendulum(*extra):
    return lambda r: [fisher, "control", "pendulum", "--samples", K, "--horizon", T, "--steps", N,
                      "--seed", seeds[r], "--lambda", LAMBDA, "--sigma", SIGMA, "--threads", threads,
                      "--random-init", *extra, "--json"]

one = lambda name: lambda text: {name: json.loads(text.strip().splitlines()[-1])}
sides = [
    ratios.Side("fisher float", fisher_pendulum("--precision", "float"), one("float")),
    ratios.Side("fisher double", fisher_pendulum("--plain"), one("double")),
    ratios.Side("pytorch_mppi", lambda r: [python, "Benchmarks/peers/pendulum_pytorch_mppi.py", "--samples", K,
                                           "--horizon", T, "--steps", N, "--lambda", LAMBDA, "--sigma", SIGMA,
                                           "--threads", threads, "--seeds", seeds[r]], one("peer")),
]
results = ratios.run_interleaved(len(seeds), sides)
times = [{k: r[k]["ms_per_step"] for k in ("float", "double", "peer")} for r in results]
print(ratios.interleaving_note(len(seeds), [s.name for s in sides]))
print()
print("| pendulum written plainly (median over %d seeds) | ms / command | total cost | upright steps |" % len(seeds))
print("| --- | ---: | ---: | ---: |")
med = lambda key, field: statistics.median(r[key][field] for r in results)
for name, key in (("Fisher MPPI, Float", "float"), ("Fisher MPPI, Double", "double"), ("pytorch_mppi (float32)", "peer")):
    print(f"| {name} | {med(key, 'ms_per_step'):.3f} | {med(key, 'total_cost'):.1f} | {med(key, 'upright_steps'):.0f} |")
print()
print("time per command, Double / Float, per round: " + ratios.fmt_ratio(ratios.per_round(times, "double", "float")))
print("time per command, pytorch_mppi / Float, per round: " + ratios.fmt_ratio(ratios.per_round(times, "peer", "float"), digits=1))
print("time per command, pytorch_mppi / Double, per round: " + ratios.fmt_ratio(ratios.per_round(times, "peer", "double"), digits=1))
def mean_se(key):
    c = [r[key]["total_cost"] for r in results]
    return statistics.mean(c), statistics.stdev(c) / len(c) ** 0.5 if len(c) > 1 else float("nan")
for name, key in (("Float", "float"), ("Double", "double"), ("pytorch_mppi", "peer")):
    m, se = mean_se(key)
    print(f"mean total cost {name}: {m:.1f} ± {se:.1f} (standard error over {len(results)} seeds)")
(mf, _), (md, _) = mean_se("float"), mean_se("double")
print(f"mean total cost Float / Double: {mf / md:.4f}")
print("per seed (total cost Float / Double):",
      ", ".join(f"{s}: {r['float']['total_cost']:.1f} / {r['double']['total_cost']:.1f}" for s, r in zip(seeds, results)))
print()
print(f"load average after the run: {ratios.loadavg()}")
PY
