"""Time per generation of lq-CMA-ES: `fisher minimize --surrogate lq` against pycma's `fmin_lq_surr2`.

    export OPENBLAS_NUM_THREADS=1
    /tmp/peers/bin/python Benchmarks/surrogate/generation_time.py --fisher .build/release/fisher \
        --dimensions 5,10,20 --rounds 5 --out Benchmarks/surrogate/results/generation-time.json

Each round runs, for every dimension, one Fisher process and one pycma run of bbob f10 (ellipsoid),
instance 1, from the same uniform start in [-4, 4]^n with sigma0 = 2, to f - f_opt <= 1e-8 or
1000 n evaluations; the two sides alternate within the round. A side's time per generation is its
wall time (Fisher: the process, start-up included; pycma: the `fmin_lq_surr2` call, with the
Python interpreter already running) over its generations. Reported: per dimension the median over
rounds of each side's ms per generation, and the median and range of the per-round ratios.
Fisher runs one evaluation thread (`--threads 1`), pycma one BLAS thread.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "restarts"))
from bipop_vs_pycma import optimal_value  # noqa: E402


def start_point(dimension):
    return np.random.default_rng(12345 + dimension).uniform(-4, 4, dimension)


def fisher_side(binary, dimension):
    x0 = start_point(dimension)
    cmd = [binary, "minimize", "--strategy", "cma-es", "--surrogate", "lq", "--problem", "bbob:10:1",
           "--dimension", str(dimension), "--mean=" + ",".join(repr(float(v)) for v in x0), "--sigma", "2",
           "--budget", str(1000 * dimension), "--target-precision", "1e-8", "--threads", "1", "--json", "--quiet"]
    start = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - start
    d = json.loads(out.stdout)
    return seconds, d["generations"], d["evaluations"]


def pycma_side(dimension):
    import cma
    import cocoex
    suite = cocoex.Suite("bbob", "instances: 1", "dimensions: %d" % dimension)
    problem = suite.get_problem_by_function_dimension_instance(10, dimension, 1)
    fopt = optimal_value(10, dimension, 1)
    start = time.perf_counter()
    es = cma.fmin_lq_surr2(problem, start_point(dimension), 2,
                           {"maxfevals": 1000 * dimension, "ftarget": fopt + 1e-8, "seed": 1,
                            "verbose": -9, "verb_log": 0})[1]
    seconds = time.perf_counter() - start
    problem.free()
    return seconds, int(es.countiter), int(es.countevals)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--fisher", required=True)
    p.add_argument("--dimensions", default="5,10,20")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    dims = [int(v) for v in a.dimensions.split(",")]
    rows = []
    for r in range(a.rounds):
        for n in dims:
            sides = [("fisher", lambda: fisher_side(a.fisher, n)), ("pycma", lambda: pycma_side(n))]
            if r % 2:
                sides.reverse()
            for name, run in sides:
                seconds, generations, evaluations = run()
                rows.append({"round": r, "dimension": n, "side": name, "seconds": seconds,
                             "generations": generations, "evaluations": evaluations})
                print(rows[-1], file=sys.stderr)
    import cma
    json.dump({"pycma": cma.__version__, "rows": rows}, open(a.out, "w"))
    print("| n | Fisher ms/generation | pycma ms/generation | pycma / Fisher, median (range) | evaluations Fisher / pycma |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for n in dims:
        per = {side: {x["round"]: x for x in rows if x["dimension"] == n and x["side"] == side}
               for side in ["fisher", "pycma"]}
        ms = {side: [1000 * x["seconds"] / x["generations"] for x in per[side].values()] for side in per}
        ratios = [(per["pycma"][k]["seconds"] / per["pycma"][k]["generations"])
                  / (per["fisher"][k]["seconds"] / per["fisher"][k]["generations"]) for k in per["fisher"]]
        evals = "%d / %d" % (per["fisher"][0]["evaluations"], per["pycma"][0]["evaluations"])
        print("| %d | %.3f | %.3f | %.1f× (%.1f–%.1f) | %s |" % (
            n, statistics.median(ms["fisher"]), statistics.median(ms["pycma"]), statistics.median(ratios),
            min(ratios), max(ratios), evals))


if __name__ == "__main__":
    main()
