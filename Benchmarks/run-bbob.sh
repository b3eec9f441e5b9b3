#!/usr/bin/env bash
# bbob function evaluation speed: Fisher (FisherPerf bbob) against cocoex, interleaved.
#
#   Benchmarks/run-bbob.sh [n ...]        # default n = 10 40
#   ROUNDS=10 FISHERPERF=path/to/FisherPerf Benchmarks/run-bbob.sh 10
#
# Each of ROUNDS rounds (default 5) runs, for every n, FisherPerf bbob n and then
# the cocoex peer at the same n (Benchmarks/ratios.py). Prints a Markdown table of
# evaluations per second per function and dimension for Fisher
# (BBOBFunction.evaluate in a Swift loop) and cocoex (COCO's C code called from
# a Python loop on numpy rows), medians over rounds, and the median and spread of
# the per-round ratio Fisher / cocoex.
# FISHERPERF=binary uses a release FisherPerf built earlier; else one is built (SCRATCH=folder).
# Python: $PYTHON, else /tmp/peers/bin/python, else python3 (needs coco-experiment, numpy).
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/setup.sh  # PY, BIN
DIMS=("$@")
[ ${#DIMS[@]} -eq 0 ] && DIMS=(10 40)
"$PY" - "$BIN" "$PY" "${DIMS[@]}" <<'PYEOF'
import sys
sys.path.insert(0, "Benchmarks")
import ratios

binary, python, dims = sys.argv[1], sys.argv[2], sys.argv[3:]
rounds = ratios.rounds_from_env(5)
sides = []
for n in dims:
    sides.append(ratios.Side(f"fisher n={n}", [binary, "bbob", n], ratios.columns))
    sides.append(ratios.Side(f"cocoex n={n}", [python, "Benchmarks/peers/bbob_cocoex.py", n], ratios.columns))
print(f"machine: {ratios.machine()}; load average before: {ratios.loadavg()}")
results = ratios.run_interleaved(rounds, sides)
print(f"load average after: {ratios.loadavg()}")
print(ratios.interleaving_note(rounds, [s.name for s in sides]))
print()

def fmt(v):
    return "%.3g M/s" % (v / 1e6) if v >= 1e6 else "%.3g k/s" % (v / 1e3)

print("| f | n | Fisher evaluations/s | cocoex evaluations/s | Fisher / cocoex: median (IQR, range) |")
print("| ---: | ---: | ---: | ---: | --- |")
for n in dims:
    for f in range(1, 25):
        a, b = ("fisher", str(f), n), ("cocoex", str(f), n)
        r = ratios.per_round(results, a, b)
        print(f"| {f} | {n} | {ratios.fmt_median(ratios.values(results, a), fmt)} | "
              f"{ratios.fmt_median(ratios.values(results, b), fmt)} | {ratios.fmt_ratio(r)} |")
PYEOF
