"""Summarizes compare_noise_handling.py's results as the Markdown table of BENCHMARKS.md.

    python3 Benchmarks/noise/summarize.py noise-results.json [more.json …]

Per problem and pair: the median over seeds of the final true f (noise-free value of the
returned point, minus f_opt) with the two-sided Mann-Whitney p-value of Fisher's values against
the reference's, the runs that reached the target, and the median evaluations to
the target over the runs that reached it on both sides' seed lists (a run that missed counts as
infinitely many evaluations, so the median is over all seeds).
"""
import json
import math
import statistics
import sys
from collections import defaultdict


def median(values):
    return statistics.median(values) if values else math.nan


def mann_whitney_p(a, b):
    """Two-sided p-value of the Mann-Whitney U test (normal approximation, ties averaged)."""
    a = [x for x in a if not math.isnan(x)]
    b = [x for x in b if not math.isnan(x)]
    if not a or not b:
        return math.nan
    pooled = sorted((v, i) for i, v in enumerate(a + b))
    ranks = [0.0] * len(pooled)
    i = 0
    while i < len(pooled):
        j = i
        while j + 1 < len(pooled) and pooled[j + 1][0] == pooled[i][0]:
            j += 1
        for k in range(i, j + 1):
            ranks[pooled[k][1]] = (i + j) / 2 + 1
        i = j + 1
    n1, n2 = len(a), len(b)
    u = sum(ranks[:n1]) - n1 * (n1 + 1) / 2
    mu, sd = n1 * n2 / 2, math.sqrt(n1 * n2 * (n1 + n2 + 1) / 12)
    if sd == 0:
        return 1.0
    z = (abs(u - mu) - 0.5) / sd
    return max(0.0, min(1.0, math.erfc(z / math.sqrt(2))))


def fmt(v):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    if v == math.inf:
        return "∞"
    if v == 0:
        return "0"
    return f"{v:.3g}"


rows = []
for path in sys.argv[1:]:
    rows += json.load(open(path))
groups = defaultdict(lambda: defaultdict(list))
for r in rows:
    groups[(r["problem"], r["pair"])][r["side"]].append(r)
reference_name = {"uh": "pycma NoiseHandler", "uh10": "pycma NoiseHandler(maxevals=[1, 1, 10])", "lra": "cmaes lr_adapt"}
print("| problem | method | final true f, Fisher (median) | reference (median) | p (rank test) | hits Fisher / reference | evaluations to target, Fisher (median) | reference | ratio |")
print("|---|---|---|---|---|---|---|---|---|")
for (problem, pair), sides in groups.items():
    fisher, ref = sides["fisher"], sides["reference"]
    ff = median([r["final_true_f"] for r in fisher])
    rf = median([r["final_true_f"] for r in ref])
    fh = [r["evaluations_to_target"] or math.inf for r in fisher]
    rh = [r["evaluations_to_target"] or math.inf for r in ref]
    fe, re_ = median(fh), median(rh)
    ratio = fe / re_ if math.isfinite(fe) and math.isfinite(re_) else math.nan
    hits = f"{sum(math.isfinite(v) for v in fh)}/{len(fh)} / {sum(math.isfinite(v) for v in rh)}/{len(rh)}"
    p = mann_whitney_p([r["final_true_f"] for r in fisher], [r["final_true_f"] for r in ref])
    print(f"| {problem} | {pair} vs {reference_name[pair]} | {fmt(ff)} | {fmt(rf)} | {p:.2f} | {hits} | {fmt(fe)} | {fmt(re_)} | {fmt(ratio)} |")
