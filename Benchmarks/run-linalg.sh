#!/usr/bin/env bash
# Linear algebra and normal variates: Fisher (FisherPerf linalg) against numpy, in one run.
#
#   Benchmarks/run-linalg.sh [n ...]        # default n = 10 100 1000
#
# Prints a Markdown table: median seconds per call for SymmetricEigen vs
# numpy.linalg.eigh, Cholesky vs numpy.linalg.cholesky, and 10⁷ normals
# (ziggurat on xoshiro256** vs numpy Generator(PCG64).standard_normal), with
# numpy on its default BLAS thread count and again on one thread.
# FISHERPERF=binary uses a release FisherPerf built earlier; else one is built (SCRATCH=folder).
# Python: $PYTHON, else /tmp/peers/bin/python, else python3 (needs numpy;
# threadpoolctl, if installed, names the BLAS kernel and thread count).
# OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are unset for the numpy runs only, so a
# current OpenBLAS picks its own kernel.
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/setup.sh  # PY, BIN
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$BIN" linalg "$@" > "$out/fisher.txt"
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$PY" Benchmarks/peers/linalg_numpy.py "$@" > "$out/numpy.txt"
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 "$PY" Benchmarks/peers/linalg_numpy.py "$@" > "$out/numpy1.txt"
"$PY" - "$out" <<'PYEOF'
import sys, os
d = sys.argv[1]
def load(name):
    rows, blas = {}, ""
    for line in open(os.path.join(d, name)):
        if line.startswith("# blas"):
            blas = line[len("# blas "):].strip()
            continue
        parts = line.split()
        if len(parts) == 5:
            rows[(parts[1], int(parts[2]))] = float(parts[3])
    return rows, blas
fisher, _ = load("fisher.txt")
numpy, blas = load("numpy.txt")
numpy1, blas1 = load("numpy1.txt")
def fmt(t):
    return "%.3g s" % t if t >= 1 else "%.3g ms" % (t * 1e3) if t >= 1e-3 else "%.3g µs" % (t * 1e6)
names = {"eigh": "SymmetricEigen / eigh", "cholesky": "Cholesky / cholesky", "normals": "normals (count n)"}
print("numpy: %s" % blas)
print("numpy, one thread: %s" % blas1)
print()
print("| case | n | Fisher | numpy | Fisher/numpy | numpy 1 thread | Fisher/numpy 1 thread |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for key in fisher:
    f = fisher[key]
    n2, n1 = numpy.get(key), numpy1.get(key)
    print("| %s | %d | %s | %s | %s | %s | %s |" % (
        names.get(key[0], key[0]), key[1], fmt(f),
        fmt(n2) if n2 else "–", "%.2f×" % (f / n2) if n2 else "–",
        fmt(n1) if n1 else "–", "%.2f×" % (f / n1) if n1 else "–"))
PYEOF
