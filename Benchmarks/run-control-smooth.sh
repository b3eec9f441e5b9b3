#!/usr/bin/env bash
# Smooth MPPI (SMPPI) and kernel MPPI (KMPPI): Fisher vs pytorch_mppi on the pendulum, interleaved.
#
#   Benchmarks/run-control-smooth.sh                   # 20 rounds, seeds 0..19
#   ROUNDS=5 STEPS=100 FISHER=path/to/fisher Benchmarks/run-control-smooth.sh
#
# Each round is one seed s and runs, one after the other (Benchmarks/ratios.py):
#   1. fisher control pendulum --planner smppi,
#   2. pytorch_mppi's SMPPI (Benchmarks/peers/pendulum_pytorch_smppi.py, its own process),
#   3. fisher control pendulum --planner kmppi,
#   4. pytorch_mppi's KMPPI,
# all with K = 1000, T = 15, λ = 1, STEPS closed-loop steps (default 200), THREADS threads
# (default 2). SMPPI: derivative noise σ = 1, Δt = 1, smoothness weight w = 1, no nominal
# rollout (pytorch_mppi has none). KMPPI: σ = √10, S = 7 support points (⌊T/2⌋), RBF σ = 1,
# no nominal rollout. Both sides start from zero actions, derivatives and support points.
# Reported per planner: mean total cost ± standard error over the seeds on each side, the
# relative difference of the means (the target is within 5 %), and the time per command
# pytorch_mppi / Fisher per round (adjacent runs) as median with the interquartile range.
#
# FISHER=path/to/fisher uses a release binary built earlier instead of building one
# (in SCRATCH, default .build-bench). Needs a Python with torch (CPU) and pytorch-mppi.
set -euo pipefail
cd "$(dirname "$0")/.."
export SCRATCH=${SCRATCH:-.build-bench}
NO_FISHERPERF=1 source Benchmarks/setup.sh  # PY, release_binary
FISHER=$(release_binary fisher FISHER)
export ROUNDS=${ROUNDS:-20}
SEEDS=${SEEDS:-"$(seq -s " " 0 $((ROUNDS - 1)))"}
THREADS=${THREADS:-2}
STEPS=${STEPS:-200}
"$PY" - "$FISHER" "$PY" "$THREADS" "$STEPS" $SEEDS <<'PY'
import json, statistics, sys
sys.path.insert(0, "Benchmarks")
import ratios

fisher, python, threads, steps, seeds = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
K, T, LAMBDA = "1000", "15", "1"
PLANNERS = {
    "smppi": (["--sigma", "1"], ["--delta-t", "1", "--smoothness-weight", "1"], ["--delta-t", "1", "--smoothness", "1"]),
    "kmppi": (["--sigma", "3.1622776601683795"], ["--support-points", "7", "--kernel-sigma", "1"],
              ["--support-points", "7", "--kernel-sigma", "1"]),
}
print(f"machine: {ratios.machine()}; load average before: {ratios.loadavg()}")
print(f"pendulum: K={K} T={T} N={steps} lambda={LAMBDA} threads={threads} seeds: {' '.join(seeds)}")

one = lambda name: lambda text: {name: json.loads(text.strip().splitlines()[-1])}
sides = []
for planner, (sigma, fisher_opts, peer_opts) in PLANNERS.items():
    sides.append(ratios.Side(f"fisher {planner}", lambda r, p=planner, s=sigma, o=fisher_opts: [
        fisher, "control", "pendulum", "--planner", p, "--samples", K, "--horizon", T, "--steps", steps,
        "--seed", seeds[r], "--lambda", LAMBDA, *s, "--threads", threads, "--no-nominal", *o, "--json"],
        one(f"fisher-{planner}")))
    sides.append(ratios.Side(f"pytorch_mppi {planner}", lambda r, p=planner, s=sigma, o=peer_opts: [
        python, "Benchmarks/peers/pendulum_pytorch_smppi.py", "--planner", p, "--samples", K, "--horizon", T,
        "--steps", steps, "--lambda", LAMBDA, *s, *o, "--threads", threads, "--seeds", seeds[r]],
        one(f"peer-{planner}")))
results = ratios.run_interleaved(len(seeds), sides)
print(ratios.interleaving_note(len(seeds), [s.name for s in sides]))

def mean_se(rows, key="total_cost"):
    c = [r[key] for r in rows]
    return statistics.mean(c), statistics.stdev(c) / len(c) ** 0.5 if len(c) > 1 else float("nan")

print()
print("| pendulum, %d seeds | mean total cost ± s.e. | median upright steps | mean control variation | median ms / command |" % len(seeds))
print("| --- | ---: | ---: | ---: | ---: |")
summary = {}
for planner in PLANNERS:
    for side, label in (("fisher", "Fisher"), ("peer", "pytorch_mppi")):
        rows = [r[f"{side}-{planner}"] for r in results]
        m, se = mean_se(rows)
        summary[(side, planner)] = (m, se)
        variation = (f"{statistics.mean(r['control_variation'] for r in rows):.1f}"
                     if "control_variation" in rows[0] else "–")
        print(f"| {label} {planner.upper()} | {m:.1f} ± {se:.1f} | {statistics.median(r['upright_steps'] for r in rows):.0f} | "
              f"{variation} | {statistics.median(r['ms_per_step'] for r in rows):.3f} |")
print()
for planner in PLANNERS:
    (a, sa), (b, sb) = summary[("fisher", planner)], summary[("peer", planner)]
    rel = (a - b) / b
    print(f"{planner.upper()}: Fisher − pytorch_mppi = {a - b:+.1f} ± {(sa * sa + sb * sb) ** 0.5:.1f} "
          f"(Welch s.e.), {100 * rel:+.1f} % of pytorch_mppi's mean: {'within' if abs(rel) <= 0.05 else 'NOT within'} 5 %")
    times = [{"fisher": r[f"fisher-{planner}"]["ms_per_step"], "peer": r[f"peer-{planner}"]["ms_per_step"]} for r in results]
    print(f"{planner.upper()} time per command, pytorch_mppi / Fisher, per round (adjacent runs): "
          + ratios.fmt_ratio(ratios.per_round(times, "peer", "fisher"), digits=1))
print()
for planner in PLANNERS:
    print(f"per seed {planner} (total cost fisher / peer):",
          ", ".join(f"{r[f'fisher-{planner}']['seed']}: {r[f'fisher-{planner}']['total_cost']:.1f} / "
                    f"{r[f'peer-{planner}']['total_cost']:.1f}" for r in results))
print()
print(f"load average after the run: {ratios.loadavg()}")
PY
