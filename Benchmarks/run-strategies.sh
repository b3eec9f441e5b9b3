#!/usr/bin/env bash
# One generation (ask, sphere, tell) of xNES, SNES, CEM, exp-weights and OpenAI-ES:
# Fisher (FisherPerf strategies) against numpy transcriptions of the same
# algorithms (Benchmarks/peers/strategies_numpy.py), in one run.
#
#   Benchmarks/run-strategies.sh [n ...]        # default n = 10 100 1000
#
# Prints a Markdown table of median seconds per generation and the ratio
# numpy / Fisher. numpy runs on one BLAS thread (OPENBLAS_NUM_THREADS=1), as the
# Fisher strategies' ask and tell are single-threaded.
# FISHERPERF=binary uses a release FisherPerf built earlier; else one is built (SCRATCH=folder).
# Python: $PYTHON, else /tmp/peers/bin/python, else python3 (needs numpy).
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/setup.sh  # PY, BIN
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$BIN" strategies "$@" > "$out/fisher.txt"
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 "$PY" Benchmarks/peers/strategies_numpy.py "$@" > "$out/numpy.txt"
"$PY" - "$out" <<'PYEOF'
import sys
d = sys.argv[1]
def load(name):
    r = {}
    for line in open(f"{d}/{name}"):
        p = line.split()
        if len(p) == 5:
            r[(p[1], int(p[2]))] = float(p[3])
    return r
f, n = load("fisher.txt"), load("numpy.txt")
print("| strategy | n | Fisher s/generation | numpy s/generation | numpy / Fisher |")
print("|---|---|---|---|---|")
for key in f:
    if key in n:
        print(f"| {key[0]} | {key[1]} | {f[key]:.3g} | {n[key]:.3g} | {n[key] / f[key]:.1f}× |")
PYEOF
