"""lq-CMA-ES with the full quadratic model (`--surrogate lq`) against the model capped at the
diagonal quadratic (`--surrogate lq-diagonal`) and plain CMA-ES, through `fisher minimize`.

    export OPENBLAS_NUM_THREADS=1
    /tmp/peers/bin/python Benchmarks/surrogate/diagonal_cap.py --fisher .build/release/fisher \
        --dimensions 20,40 --rounds 3 --out Benchmarks/surrogate/results/diagonal-cap.json

Each run is bbob f2 (separable ellipsoid) or f10 (rotated ellipsoid), instance 1, from the same
uniform start in [-4, 4]^n with sigma0 = 2, on one thread, to f - f_opt <= 1e-8 or the budget.
The budget is 1000 n evaluations, except for the full model at n > 20, whose fit (n(n+3)/2 + 1
coefficients, about 1.5 times as many rows) would make a whole run take hours: there all three
settings also run with 50 n evaluations (the full form starts after 1.1 (n(n+3)/2 + 1) / 0.75
evaluations, 1263 at n = 40), and only the diagonal model and plain CMA-ES with 1000 n. Within a
round the settings run one after the other, in an order that rotates from round to round.
Reported per (n, f, surrogate, budget): evaluations, generations and the precision reached (the
same in every round; the runs are deterministic), and the median and range over rounds of the wall
milliseconds per generation (the whole process, start-up included).
"""
import argparse
import json
import statistics
import subprocess
import sys
import time

import numpy as np

SURROGATES = ["lq", "lq-diagonal", "none"]
FUNCTIONS = [2, 10]


def start_point(dimension):
    return np.random.default_rng(12345 + dimension).uniform(-4, 4, dimension)


def settings(dimension):
    """(surrogate, budget) pairs run at `dimension`."""
    if dimension <= 20:
        return [(s, 1000 * dimension) for s in SURROGATES]
    return [(s, 50 * dimension) for s in SURROGATES] + [(s, 1000 * dimension) for s in SURROGATES if s != "lq"]


def run(binary, surrogate, budget, function, dimension):
    x0 = start_point(dimension)
    cmd = [binary, "minimize", "--strategy", "cma-es", "--surrogate", surrogate,
           "--problem", "bbob:%d:1" % function, "--dimension", str(dimension),
           "--mean=" + ",".join(repr(float(v)) for v in x0), "--sigma", "2",
           "--budget", str(budget), "--target-precision", "1e-8", "--threads", "1", "--json", "--quiet"]
    start = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - start
    d = json.loads(out.stdout)
    return {"surrogate": surrogate, "budget": budget, "function": function, "dimension": dimension, "seconds": seconds,
            "evaluations": d["evaluations"], "generations": d["generations"],
            "precision": d["best_f"] - d["optimal_f"], "stop_reason": d["stop_reason"]}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--fisher", required=True)
    p.add_argument("--dimensions", default="20,40")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    dims = [int(v) for v in a.dimensions.split(",")]
    rows = []
    for r in range(a.rounds):
        for n in dims:
            for f in FUNCTIONS:
                order = settings(n)
                k = r % len(order)
                for s, b in order[k:] + order[:k]:
                    row = run(a.fisher, s, b, f, n)
                    row["round"] = r
                    rows.append(row)
                    print(row, file=sys.stderr)
    json.dump({"rows": rows}, open(a.out, "w"), indent=1)
    print("| n | f | surrogate | budget | evaluations | generations | f − f_opt reached | ms/generation, median (range) |")
    print("| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    for n in dims:
        for f in FUNCTIONS:
            for s, b in sorted(settings(n), key=lambda sb: (sb[1], SURROGATES.index(sb[0]))):
                mine = [x for x in rows if x["dimension"] == n and x["function"] == f and x["surrogate"] == s
                        and x["budget"] == b]
                ms = [1000 * x["seconds"] / x["generations"] for x in mine]
                x = mine[0]
                print("| %d | %d | %s | %d | %d | %d | %.1e | %.2f (%.2f–%.2f) |" % (
                    n, f, s, b, x["evaluations"], x["generations"], max(x["precision"], 0), statistics.median(ms),
                    min(ms), max(ms)))


if __name__ == "__main__":
    main()
