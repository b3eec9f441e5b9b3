#!/usr/bin/env bash
# bbob function evaluation speed: Fisher (FisherPerf bbob) against cocoex, in one run.
#
#   Benchmarks/run-bbob.sh [n ...]        # default n = 10 40
#
# Prints a Markdown table of evaluations per second per function for Fisher
# (BBOBFunction.evaluate in a Swift loop) and cocoex (COCO's C code called from
# a Python loop on numpy rows), and their ratio.
# Python: $PYTHON, else /tmp/peers/bin/python, else python3 (needs coco-experiment, numpy).
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/setup.sh  # PY, BIN
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$BIN" bbob "$@" > "$out/fisher.txt"
"$PY" Benchmarks/peers/bbob_cocoex.py "$@" > "$out/cocoex.txt"
"$PY" - "$out" <<'PYEOF'
import sys, os
d = sys.argv[1]
def load(name):
    rows = {}
    for line in open(os.path.join(d, name)):
        parts = line.split()
        if len(parts) == 4:
            rows[(int(parts[1]), int(parts[2]))] = float(parts[3])
    return rows
fisher, coco = load("fisher.txt"), load("cocoex.txt")
dims = sorted({k[1] for k in fisher})
head = " | ".join("Fisher d=%d | cocoex d=%d | ratio" % (n, n) for n in dims)
print("| f | " + head + " |")
print("| ---: | " + " | ".join("---: | ---: | ---:" for _ in dims) + " |")
def fmt(v):
    return "%.3g M/s" % (v / 1e6) if v >= 1e6 else "%.3g k/s" % (v / 1e3)
for f in range(1, 25):
    cells = []
    for n in dims:
        a, b = fisher.get((f, n)), coco.get((f, n))
        cells.append("%s | %s | %s" % (fmt(a) if a else "–", fmt(b) if b else "–",
                                       "%.1f×" % (a / b) if a and b else "–"))
    print("| %d | %s |" % (f, " | ".join(cells)))
PYEOF
