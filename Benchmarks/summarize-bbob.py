"""Summary table of a `fisher bench bbob` experiment, for BENCHMARKS.md.

    python3 Benchmarks/summarize-bbob.py DIR [wall-seconds]

Reads DIR/runs.csv: per strategy and dimension, the runs that reached 1e-8, the
solved runs per bbob function group, the median evaluations to 1e-8 of the solved
runs, and the aggregated expected running time (ERT, Hansen et al.: evaluations of
all runs on the problem divided by the number of successes) per group to 1e-8.
"""
import csv
import statistics
import sys
from collections import defaultdict

groups = [("f1–5", range(1, 6)), ("f6–9", range(6, 10)), ("f10–14", range(10, 15)),
          ("f15–19", range(15, 20)), ("f20–24", range(20, 25))]
rows = list(csv.DictReader(open(f"{sys.argv[1]}/runs.csv")))
by = defaultdict(list)
for r in rows:
    by[(r["strategy"], int(r["dimension"]))].append(r)


def solved(r):
    return r["evals_1e-8"] not in ("", "nan", "inf")


print("| strategy | n | runs to 1e-8 | " + " | ".join(f"solved {g}" for g, _ in groups)
      + " | median evals to 1e-8 (solved) | evaluations in all |")
print("| --- | ---: | ---: | " + " | ".join("---:" for _ in groups) + " | ---: | ---: |")
for (s, n), rs in sorted(by.items()):
    cells = []
    for _, fs in groups:
        g = [r for r in rs if int(r["function"]) in fs]
        cells.append(f"{sum(map(solved, g))}/{len(g)}")
    ok = [int(r["evals_1e-8"]) for r in rs if solved(r)]
    med = statistics.median(ok) if ok else float("nan")
    total = sum(int(r["evaluations"]) for r in rs)
    print(f"| {s} | {n} | {len(ok)}/{len(rs)} | " + " | ".join(cells) + f" | {med:.0f} | {total:.3g} |")

print()
print("ERT to 1e-8 per function (evaluations / n; ∞ when no run succeeded):")
print()
dims = sorted({int(r["dimension"]) for r in rows})
strategies = sorted({r["strategy"] for r in rows})
print("| f | " + " | ".join(f"{s} n={n}" for s in strategies for n in dims) + " |")
print("| ---: | " + " | ".join("---:" for _ in strategies for _ in dims) + " |")
for f in range(1, 25):
    cells = []
    for s in strategies:
        for n in dims:
            rs = [r for r in by[(s, n)] if int(r["function"]) == f]
            succ = sum(map(solved, rs))
            spent = sum(int(r["evals_1e-8"]) if solved(r) else int(r["evaluations"]) for r in rs)
            cells.append(f"{spent / succ / n:.0f}" if succ else "∞")
    print(f"| {f} | " + " | ".join(cells) + " |")
