#!/usr/bin/env bash
# CMA-ES: Fisher (FisherPerf cmaes) against pycma and the cmaes package, in one run.
#
#   Benchmarks/run-cmaes.sh [seeds] [n ...]     # default 15 seeds, n = 10 100 1000
#
# Environment: SEEDS100 (default 5) seeds for the 100-D sphere and ellipsoid
# evaluation counts (0 skips them; the ellipsoid takes about a minute per pycma run);
# SCRATCH, the scratch path of the release build; FISHERPERF, an already built
# release FisherPerf to use instead of building one.
#
# Prints Markdown tables, for both representations of C in Fisher (eigen: pycma's
# eigendecomposition; cholesky: the Cholesky factor):
#  1. median evaluations to f ≤ 1e-8 in 10-D (sphere, ellipsoid, rosenbrock,
#     cigar, discus, different-powers; x0 = 1, rosenbrock x0 = 0, σ0 = 0.5),
#     Fisher vs pycma with default settings; a run that stops without reaching
#     the target counts as +∞ in the median;
#  2. CPU time per generation (ask + tell, sphere, default λ) for Fisher, pycma
#     and cmaes, with the peers' time divided by Fisher's;
#  3. as 1, for sphere and ellipsoid in 100-D.
# Both sides run single-threaded (OPENBLAS_NUM_THREADS=1 for numpy); CPU time,
# not wall time, so that other load on the machine does not distort the ratio.
# The load average is printed before and after.
# Python: $PYTHON, else /tmp/peers/bin/python, else python3 (needs cma, numpy, cmaes).
set -euo pipefail
cd "$(dirname "$0")/.."
SEEDS=${1:-15}
shift || true
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(10 100 1000)
SEEDS100=${SEEDS100:-5}
source Benchmarks/setup.sh  # PY, BIN
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export OPENBLAS_NUM_THREADS=1
echo "load average before: $(cat /proc/loadavg)"
"$BIN" cmaes evals "$SEEDS" > "$out/fisher-evals.txt"
"$PY" Benchmarks/peers/cmaes_pycma.py evals "$SEEDS" > "$out/pycma-evals.txt"
"$BIN" cmaes time "${SIZES[@]}" > "$out/fisher-time.txt"
"$PY" Benchmarks/peers/cmaes_pycma.py time "${SIZES[@]}" > "$out/peer-time.txt"
if [ "$SEEDS100" -gt 0 ]; then
  "$BIN" cmaes evals "$SEEDS100" 100 sphere,ellipsoid > "$out/fisher-evals100.txt"
  "$PY" Benchmarks/peers/cmaes_pycma.py evals "$SEEDS100" 100 sphere,ellipsoid > "$out/pycma-evals100.txt"
fi
echo "load average after: $(cat /proc/loadavg)"
"$PY" - "$out" <<'PYEOF'
import math, os, sys, statistics
d = sys.argv[1]
INF = float('inf')

def evals(*names):
    r = {}
    for name in names:
        path = os.path.join(d, name)
        if not os.path.exists(path):
            continue
        for line in open(path):
            who, _, fn, n, seed, e = line.split()
            r.setdefault((who, fn), []).append(INF if int(e) < 0 else int(e))
    return r

def eval_table(r, n):
    fns = list(dict.fromkeys(fn for _, fn in r))
    if not fns:
        return
    print()
    print(f"| function (n = {n}) | Fisher eigen | Fisher cholesky | pycma | eigen / pycma | cholesky / pycma | solved (eigen, cholesky, pycma) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for fn in fns:
        e, c, p = (r[(w, fn)] for w in ("fisher-eigen", "fisher-cholesky", "pycma"))
        me, mc, mp = statistics.median(e), statistics.median(c), statistics.median(p)
        solved = ", ".join(f"{sum(v < INF for v in x)}/{len(x)}" for x in (e, c, p))
        print(f"| {fn} | {me:g} | {mc:g} | {mp:g} | {me / mp:.3f} | {mc / mp:.3f} | {solved} |")

eval_table(evals("fisher-evals.txt", "pycma-evals.txt"), 10)

times = {}
for name in ("fisher-time.txt", "peer-time.txt"):
    for line in open(os.path.join(d, name)):
        who, _, n, t, g = line.split()
        times[(who, int(n))] = float(t)
print()
print("| n | λ | Fisher eigen µs/gen | Fisher cholesky µs/gen | pycma µs/gen | cmaes µs/gen | pycma / eigen | pycma / cholesky | cmaes / cholesky |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for n in sorted({k[1] for k in times}):
    e, c = times.get(("fisher-eigen", n)), times.get(("fisher-cholesky", n))
    p, k = times.get(("pycma", n)), times.get(("cmaes", n))
    lam = 4 + int(3 * math.log(n))
    cell = lambda v: f"{v * 1e6:.1f}" if v else "–"
    ratio = lambda a, b: f"{a / b:.1f}×" if a and b else "–"
    print(f"| {n} | {lam} | {cell(e)} | {cell(c)} | {cell(p)} | {cell(k)} | {ratio(p, e)} | {ratio(p, c)} | {ratio(k, c)} |")

eval_table(evals("fisher-evals100.txt", "pycma-evals100.txt"), 100)
PYEOF
