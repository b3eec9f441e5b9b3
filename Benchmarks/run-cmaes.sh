#!/usr/bin/env bash
# CMA-ES: Fisher (FisherPerf cmaes) against pycma and the cmaes package, in one run.
#
#   Benchmarks/run-cmaes.sh [seeds] [n ...]     # default 15 seeds, n = 10 100 1000
#
# Prints two Markdown tables:
#  1. median evaluations to f ≤ 1e-8 in 10-D (sphere, ellipsoid, rosenbrock,
#     cigar, discus, different-powers; x0 = 1, rosenbrock x0 = 0, σ0 = 0.5),
#     Fisher vs pycma with default settings; a run that stops without reaching
#     the target counts as +∞ in the median;
#  2. CPU time per generation (ask + tell, sphere, default λ) for Fisher, pycma
#     and cmaes, with the peers' time divided by Fisher's.
# Both sides run single-threaded (OPENBLAS_NUM_THREADS=1 for numpy); CPU time,
# not wall time, so that other load on the machine does not distort the ratio.
# Python: $PYTHON, else /tmp/peers/bin/python, else python3 (needs cma, numpy, cmaes).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-/tmp/peers/bin/python}
[ -x "$PY" ] || PY=python3
SEEDS=${1:-15}
shift || true
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(10 100 1000)
SCRATCH_ARGS=()
[ -n "${SCRATCH:-}" ] && SCRATCH_ARGS=(--scratch-path "$SCRATCH")
swift build -c release --product FisherPerf "${SCRATCH_ARGS[@]}" >&2
BIN="$(swift build -c release --product FisherPerf "${SCRATCH_ARGS[@]}" --show-bin-path)/FisherPerf"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export OPENBLAS_NUM_THREADS=1
"$BIN" cmaes evals "$SEEDS" > "$out/fisher-evals.txt"
"$PY" Benchmarks/peers/cmaes_pycma.py evals "$SEEDS" > "$out/pycma-evals.txt"
"$BIN" cmaes time "${SIZES[@]}" > "$out/fisher-time.txt"
"$PY" Benchmarks/peers/cmaes_pycma.py time "${SIZES[@]}" > "$out/peer-time.txt"
"$PY" - "$out" <<'PYEOF'
import os, sys, statistics
d = sys.argv[1]
def evals(name):
    r = {}
    for line in open(os.path.join(d, name)):
        who, _, fn, n, seed, e = line.split()
        r.setdefault(fn, []).append(float('inf') if int(e) < 0 else int(e))
    return r
fisher, pycma = evals("fisher-evals.txt"), evals("pycma-evals.txt")
print("| function (n = 10) | Fisher median evals | pycma median evals | Fisher / pycma | solved (Fisher, pycma) |")
print("|---|---:|---:|---:|---:|")
for fn in fisher:
    a, b = statistics.median(fisher[fn]), statistics.median(pycma[fn])
    sa = sum(v < float('inf') for v in fisher[fn]); sb = sum(v < float('inf') for v in pycma[fn])
    print(f"| {fn} | {a:g} | {b:g} | {a / b:.3f} | {sa}/{len(fisher[fn])}, {sb}/{len(pycma[fn])} |")
times = {}
for name in ("fisher-time.txt", "peer-time.txt"):
    for line in open(os.path.join(d, name)):
        who, _, n, t, g = line.split()
        times[(who, int(n))] = float(t)
print()
print("| n | λ | Fisher µs/gen | pycma µs/gen | cmaes µs/gen | pycma / Fisher | cmaes / Fisher |")
print("|---:|---:|---:|---:|---:|---:|---:|")
import math
for n in sorted({k[1] for k in times}):
    f = times.get(("fisher", n)); p = times.get(("pycma", n)); c = times.get(("cmaes", n))
    lam = 4 + int(3 * math.log(n))
    cell = lambda v: f"{v * 1e6:.1f}" if v else "–"
    ratio = lambda v: f"{v / f:.1f}×" if v and f else "–"
    print(f"| {n} | {lam} | {cell(f)} | {cell(p)} | {cell(c)} | {ratio(p)} | {ratio(c)} |")
PYEOF
