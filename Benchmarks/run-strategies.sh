#!/usr/bin/env bash
# One generation (ask, sphere, tell) of xNES, SNES, CEM, exp-weights and OpenAI-ES:
# Fisher (FisherPerf strategies) against numpy transcriptions of the same
# algorithms (Benchmarks/peers/strategies_numpy.py), interleaved.
#
#   Benchmarks/run-strategies.sh [n ...]        # default n = 10 100 1000
#   ROUNDS=10 FISHERPERF=path/to/FisherPerf Benchmarks/run-strategies.sh 100
#
# Each of ROUNDS rounds (default 5) runs, for every n, FisherPerf strategies n and
# then the numpy peer at the same n (Benchmarks/ratios.py). Prints a Markdown table
# of median seconds per generation over rounds and the median and spread of the
# per-round ratio numpy / Fisher. numpy runs on one BLAS thread
# (OPENBLAS_NUM_THREADS=1), as the Fisher strategies' ask and tell are single-threaded.
# FISHERPERF=binary uses a release FisherPerf built earlier; else one is built (SCRATCH=folder).
# Python: $PYTHON, else /tmp/peers/bin/python, else python3 (needs numpy).
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/setup.sh  # PY, BIN
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(10 100 1000)
"$PY" - "$BIN" "$PY" "${SIZES[@]}" <<'PYEOF'
import sys
sys.path.insert(0, "Benchmarks")
import ratios

binary, python, sizes = sys.argv[1], sys.argv[2], sys.argv[3:]
rounds = ratios.rounds_from_env(5)
numpy_env = {"OPENBLAS_CORETYPE": None, "OPENBLAS_L2_SIZE": None, "OPENBLAS_NUM_THREADS": 1}
sides = []
for n in sizes:
    sides.append(ratios.Side(f"fisher n={n}", [binary, "strategies", n], ratios.columns))
    sides.append(ratios.Side(f"numpy n={n}", [python, "Benchmarks/peers/strategies_numpy.py", n],
                             ratios.columns, env=numpy_env))
print(f"machine: {ratios.machine()}; load average before: {ratios.loadavg()}")
results = ratios.run_interleaved(rounds, sides)
print(f"load average after: {ratios.loadavg()}")
print(ratios.interleaving_note(rounds, [s.name for s in sides]))
print()
names = list(dict.fromkeys(k[1] for r in results for k in r if k[0] == "fisher"))
print("| strategy | n | Fisher s/generation | numpy s/generation | numpy / Fisher: median (IQR, range) |")
print("|---|---:|---:|---:|---|")
for n in sizes:
    for name in names:
        a, b = ("fisher", name, n), ("numpy", name, n)
        r = ratios.per_round(results, b, a)
        if r:
            print(f"| {name} | {n} | {ratios.fmt_median(ratios.values(results, a))} | "
                  f"{ratios.fmt_median(ratios.values(results, b))} | {ratios.fmt_ratio(r, digits=1)} |")
PYEOF
