#!/usr/bin/env bash
# CMA-ES with margin and CatCMA: Fisher (FisherPerf mixed) against the cmaes package's CMAwM and CatCMA.
#
#   Benchmarks/run-mixed.sh [seeds] [n ...]     # default 10 seeds, evaluations at n = 20, times at n = 20 80
#   ROUNDS=5 FISHERPERF=path/to/FisherPerf Benchmarks/run-mixed.sh 10 20 80
#
# Prints Markdown tables:
#  1. median evaluations to f <= 1e-10 at n = 20 (10 continuous + 10 discrete coordinates, or
#     10 continuous + 10 categorical variables of 5 categories) over the seeds, and the
#     successes within 1e4 n evaluations, for the problems of the two papers (see
#     Benchmarks/FisherPerf/MixedIntegerBenchmark.swift); counts do not depend on the load,
#     so these runs are not interleaved;
#  2. CPU time per generation (ask, evaluation, tell) on ellipsoid-onemax (CMAwM) and
#     ellipsoid-com (CatCMA) at each n: ROUNDS interleaved rounds of both sides
#     (Benchmarks/ratios.py), medians and the median and spread of the per-round ratios
#     cmaes / Fisher.
# Both sides single-threaded (OPENBLAS_NUM_THREADS=1); CPU time, not wall time.
set -euo pipefail
cd "$(dirname "$0")/.."
SEEDS=${1:-10}
shift || true
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(20 80)
source Benchmarks/setup.sh  # PY, BIN
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export OPENBLAS_NUM_THREADS=1
"$BIN" mixed evals "$SEEDS" 20 > "$out/fisher-evals.txt"
"$PY" Benchmarks/peers/cmaes_mixed.py evals "$SEEDS" 20 > "$out/cmaes-evals.txt"
"$PY" - "$out" "$BIN" "$PY" "${SIZES[@]}" <<'PYEOF'
import os, sys, statistics
sys.path.insert(0, "Benchmarks")
import ratios

d, binary, python, sizes = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
INF = float("inf")
runs = {}
for name in ("fisher-evals.txt", "cmaes-evals.txt"):
    for line in open(os.path.join(d, name)):
        who, _, problem, n, seed, e = line.split()
        runs.setdefault((who, problem), []).append(INF if int(e) < 0 else int(e))
print("| problem (n = 20) | Fisher | cmaes | Fisher / cmaes | successes (Fisher, cmaes) |")
print("|---|---:|---:|---:|---:|")
for problem in dict.fromkeys(p for _, p in runs):
    a, b = runs[("fisher", problem)], runs[("cmaes", problem)]
    ma, mb = statistics.median(a), statistics.median(b)
    ok = lambda v: f"{sum(x < INF for x in v)}/{len(v)}"
    print(f"| {problem} | {ma:g} | {mb:g} | {ma / mb:.2f} | {ok(a)}, {ok(b)} |")

rounds = ratios.rounds_from_env(5)
sides = []
for n in sizes:
    sides.append(ratios.Side(f"fisher n={n}", [binary, "mixed", "time", n], lambda t: ratios.columns(t, keys=4)))
    sides.append(ratios.Side(f"cmaes n={n}", [python, "Benchmarks/peers/cmaes_mixed.py", "time", n],
                             lambda t: ratios.columns(t, keys=4)))
print()
print(f"machine: {ratios.machine()}; load average before the timing: {ratios.loadavg()}")
results = ratios.run_interleaved(rounds, sides)
print(f"load average after the timing: {ratios.loadavg()}")
print(ratios.interleaving_note(rounds, [s.name for s in sides]))
print()
print("| problem | n | Fisher µs/gen | cmaes µs/gen | cmaes / Fisher |")
print("|---|---:|---:|---:|---|")
us = lambda v: f"{v * 1e6:.1f}"
for n in sizes:
    for problem in ("ellipsoid-onemax", "ellipsoid-com"):
        f, c = ("fisher", "time", problem, n), ("cmaes", "time", problem, n)
        print(f"| {problem} | {n} | {ratios.fmt_median(ratios.values(results, f), us)} | "
              f"{ratios.fmt_median(ratios.values(results, c), us)} | "
              f"{ratios.fmt_ratio(ratios.per_round(results, c, f), digits=1)} |")
PYEOF
