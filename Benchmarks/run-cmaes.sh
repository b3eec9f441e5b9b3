#!/usr/bin/env bash
# CMA-ES: Fisher (FisherPerf cmaes) against pycma and the cmaes package.
#
#   Benchmarks/run-cmaes.sh [seeds] [n ...]     # default 15 seeds (0 skips the counts), n = 10 100 1000
#   ROUNDS=10 SEEDS100=0 FISHERPERF=path/to/FisherPerf Benchmarks/run-cmaes.sh 15 10 100
#
# Environment: ROUNDS (default 5) interleaved rounds of the time per generation;
# SEEDS100 (default 5) seeds for the 100-D sphere and ellipsoid evaluation counts
# (0 skips them; the ellipsoid takes about a minute per pycma run); SCRATCH, the
# scratch path of the release build; FISHERPERF, an already built release
# FisherPerf to use instead of building one.
#
# Prints Markdown tables, for both representations of C in Fisher (eigen: pycma's
# eigendecomposition; cholesky: the Cholesky factor):
#  1. median evaluations to f ≤ 1e-8 in 10-D (sphere, ellipsoid, rosenbrock,
#     cigar, discus, different-powers; x0 = 1, rosenbrock x0 = 0, σ0 = 0.5),
#     Fisher vs pycma with default settings; a run that stops without reaching
#     the target counts as +∞ in the median. Counts do not depend on the load, so
#     these runs are not interleaved;
#  2. CPU time per generation (ask + tell, sphere, default λ) for Fisher, pycma
#     and cmaes: each round runs, for every n, FisherPerf cmaes time n and then
#     the peers at the same n (Benchmarks/ratios.py); the table gives medians over
#     rounds and the median and spread of the per-round ratios peer / Fisher;
#  3. as 1, for sphere and ellipsoid in 100-D.
# Both sides run single-threaded (OPENBLAS_NUM_THREADS=1 for numpy); CPU time,
# not wall time, so that other load on the machine distorts the ratio less.
# The time per generation through `fisher minimize` is Benchmarks/run-minimize.sh.
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
echo "load average before the evaluation counts: $(cat /proc/loadavg)"
if [ "$SEEDS" -gt 0 ]; then
  "$BIN" cmaes evals "$SEEDS" > "$out/fisher-evals.txt"
  "$PY" Benchmarks/peers/cmaes_pycma.py evals "$SEEDS" > "$out/pycma-evals.txt"
fi
if [ "$SEEDS100" -gt 0 ]; then
  "$BIN" cmaes evals "$SEEDS100" 100 sphere,ellipsoid > "$out/fisher-evals100.txt"
  "$PY" Benchmarks/peers/cmaes_pycma.py evals "$SEEDS100" 100 sphere,ellipsoid > "$out/pycma-evals100.txt"
fi
"$PY" - "$out" "$BIN" "$PY" "${SIZES[@]}" <<'PYEOF'
import math, os, sys, statistics
sys.path.insert(0, "Benchmarks")
import ratios

d, binary, python, sizes = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
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

rounds = ratios.rounds_from_env(5)
sides = []
for n in sizes:
    # `FisherPerf cmaes time` and `cmaes_pycma.py time` print `<who> time <n> <seconds> <generations>`.
    sides.append(ratios.Side(f"fisher n={n}", [binary, "cmaes", "time", n], lambda t: ratios.columns(t, keys=3)))
    sides.append(ratios.Side(f"pycma+cmaes n={n}", [python, "Benchmarks/peers/cmaes_pycma.py", "time", n],
                             lambda t: ratios.columns(t, keys=3)))
print()
print(f"machine: {ratios.machine()}; load average before the timing: {ratios.loadavg()}")
results = ratios.run_interleaved(rounds, sides)
print(f"load average after the timing: {ratios.loadavg()}")
print(ratios.interleaving_note(rounds, [s.name for s in sides]))
print()
print("| n | λ | Fisher eigen µs/gen | Fisher cholesky µs/gen | pycma µs/gen | cmaes µs/gen | pycma / eigen | pycma / cholesky | cmaes / cholesky |")
print("|---:|---:|---:|---:|---:|---:|---|---|---|")
us = lambda v: f"{v * 1e6:.1f}"
for n in sizes:
    key = lambda who: (who, "time", n)
    e, c, p, k = (key(w) for w in ("fisher-eigen", "fisher-cholesky", "pycma", "cmaes"))
    lam = 4 + int(3 * math.log(int(n)))
    cells = [ratios.fmt_median(ratios.values(results, x), us) for x in (e, c, p, k)]
    rs = [ratios.fmt_ratio(ratios.per_round(results, a, b), digits=1) for a, b in ((p, e), (p, c), (k, c))]
    print(f"| {n} | {lam} | " + " | ".join(cells + rs) + " |")

eval_table(evals("fisher-evals100.txt", "pycma-evals100.txt"), 100)
PYEOF
