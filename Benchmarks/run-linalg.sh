#!/usr/bin/env bash
# Linear algebra and normal variates: Fisher (FisherPerf linalg) against numpy, interleaved.
#
#   Benchmarks/run-linalg.sh [n ...]        # default n = 10 100 1000
#   ROUNDS=10 FISHERPERF=path/to/FisherPerf Benchmarks/run-linalg.sh 100
#
# Measures median seconds per call for SymmetricEigen vs numpy.linalg.eigh,
# Cholesky vs numpy.linalg.cholesky, and 10⁷ normals (ziggurat on xoshiro256** vs
# numpy Generator(PCG64).standard_normal), with numpy on its default BLAS thread
# count and again on one thread. Each of ROUNDS rounds (default 5) runs numpy
# (default threads), FisherPerf linalg, numpy (one thread), so that Fisher's run is
# next to each numpy run (Benchmarks/ratios.py). Prints a Markdown table of
# medians over rounds and the median and spread of the per-round ratios
# Fisher / numpy (below 1: Fisher faster).
# FISHERPERF=binary uses a release FisherPerf built earlier; else one is built (SCRATCH=folder).
# Python: $PYTHON, else /tmp/peers/bin/python, else python3 (needs numpy;
# threadpoolctl, if installed, names the BLAS kernel and thread count).
# OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are unset for the numpy runs only, so a
# current OpenBLAS picks its own kernel.
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/setup.sh  # PY, BIN
"$PY" - "$BIN" "$PY" "$@" <<'PYEOF'
import sys
sys.path.insert(0, "Benchmarks")
import ratios

binary, python, sizes = sys.argv[1], sys.argv[2], sys.argv[3:]
rounds = ratios.rounds_from_env(5)
blas = {}

def numpy_parser(tag):
    def parse(text):
        out = {}
        for line in text.splitlines():
            if line.startswith("# blas"):
                blas[tag] = line[len("# blas "):].strip()
        for (who, case, n), v in ratios.columns(text).items():
            out[(tag, case, n)] = v
        return out
    return parse

unset = {"OPENBLAS_CORETYPE": None, "OPENBLAS_L2_SIZE": None}
peer = [python, "Benchmarks/peers/linalg_numpy.py", *sizes]
sides = [
    ratios.Side("numpy", peer, numpy_parser("numpy"), env=unset),
    ratios.Side("fisher", [binary, "linalg", *sizes], ratios.columns),
    ratios.Side("numpy 1 thread", peer, numpy_parser("numpy1"), env={**unset, "OPENBLAS_NUM_THREADS": 1}),
]
print(f"machine: {ratios.machine()}; load average before: {ratios.loadavg()}")
results = ratios.run_interleaved(rounds, sides)
print(f"load average after: {ratios.loadavg()}")
print(ratios.interleaving_note(rounds, [s.name for s in sides]))
print("numpy: %s" % blas.get("numpy", "?"))
print("numpy, one thread: %s" % blas.get("numpy1", "?"))
print()

def fmt(t):
    return "%.3g s" % t if t >= 1 else "%.3g ms" % (t * 1e3) if t >= 1e-3 else "%.3g µs" % (t * 1e6)

names = {"eigh": "SymmetricEigen / eigh", "cholesky": "Cholesky / cholesky", "normals": "normals (count n)"}
print("| case | n | Fisher | numpy | Fisher / numpy: median (IQR, range) | numpy 1 thread | Fisher / numpy 1 thread: median (IQR, range) |")
print("| --- | ---: | ---: | ---: | --- | ---: | --- |")
keys = list(dict.fromkeys(k[1:] for r in results for k in r if k[0] == "fisher"))
for case, n in keys:
    f, a, b = ("fisher", case, n), ("numpy", case, n), ("numpy1", case, n)
    print("| %s | %s | %s | %s | %s | %s | %s |" % (
        names.get(case, case), n, ratios.fmt_median(ratios.values(results, f), fmt),
        ratios.fmt_median(ratios.values(results, a), fmt), ratios.fmt_ratio(ratios.per_round(results, f, a)),
        ratios.fmt_median(ratios.values(results, b), fmt), ratios.fmt_ratio(ratios.per_round(results, f, b))))
PYEOF
