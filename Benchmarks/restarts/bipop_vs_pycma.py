"""BIPOP- and NBIPOP-CMA-ES in Fisher against pycma's BIPOP-CMA-ES on bbob f1-f24.

    export OPENBLAS_NUM_THREADS=1
    P=/tmp/peers/bin/python; S=Benchmarks/restarts/bipop_vs_pycma.py; R=Benchmarks/restarts/results
    $P $S pycma  --dimensions 5,10,20 --instances 1-15 --out $R/pycma.json
    $P $S fisher --fisher .build/release/fisher --restarts bipop  --dimensions 5,10,20 --instances 1-15 --out $R/fisher-bipop.json
    $P $S fisher --fisher .build/release/fisher --restarts nbipop --dimensions 5,10,20 --instances 1-15 --out $R/fisher-nbipop.json
    $P $S summarize $R/pycma.json $R/fisher-bipop.json $R/fisher-nbipop.json

Result files of the same side (the same program and restart policy) are pooled by `summarize`:
several dimension ranges, or several --seed values for more runs per problem.

The design (the same for every side):
  - bbob f1-f24 (cocoex 2.8.2; Fisher's functions are bit-identical to it), the given dimensions
    and instances, one run per (function, dimension, instance);
  - a budget of 10^4 * n evaluations (--budget-multiplier), the run stopping once f - f_opt <= 1e-8;
  - every start (the first and each restart) at a point drawn uniformly in [-4, 4]^n, sigma0 = 2;
  - restarts until the budget is spent or the target is reached.

pycma 4.5.0: `cma.fmin2(f, x0, 2, {'maxfevals': B, 'ftarget': f_opt + 1e-8, 'seed': s,
'verbose': -9, 'verb_log': 0}, restarts=99, bipop=True)` with x0 a callable drawing the start
uniformly in [-4, 4]^n (as COCO's example experiment passes `initial_solution_proposal`);
`restarts=99` bounds only the large restarts, so the budget is what ends a run. The objective
is cocoex's problem, wrapped to record the first evaluation at which each target is reached;
evaluations past the budget (pycma finishes its generation) are not counted.
Fisher: `fisher bench bbob --strategies cma-es --restarts bipop|nbipop --budget-multiplier B/n
--seed 1`, whose runs.csv holds the same first-hit counts.

Scores, over the 10 targets 10^1, 10^0, ..., 10^-8 of f - f_opt:
  - ECDF area: the area under the empirical distribution of the first-hit counts of the
    (run, target) pairs, with the budget axis log10(evaluations / n) running from 0 to
    log10(budget / n) = 4 and scaled to [0, 1]; a pair hit at e evaluations contributes
    1 - log10(max(e/n, 1)) / 4, a missed pair 0. 1 would be every target at the first evaluation.
    Pairs are averaged within each (function, dimension), then over the problems of a group, so
    that a problem with more runs (more seeds) does not weigh more.
  - aRT (COCO's average running time) to a target: the evaluations of all runs (the first-hit
    count for a run that reached it, the whole budget spent otherwise) divided by the number of
    runs that reached it; inf when none did.
Groups are COCO's: separable f1-f5, moderate f6-f9, ill-conditioned f10-f14, multimodal f15-f19,
weakly structured multimodal f20-f24.
"""
import argparse
import json
import math
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "peers"))
import coco_c_library  # noqa: E402

TARGETS = [10.0 ** k for k in range(1, -9, -1)]
GROUPS = [("separable", range(1, 6)), ("moderate", range(6, 10)), ("ill-conditioned", range(10, 15)),
          ("multimodal", range(15, 20)), ("weakly structured", range(20, 25))]


def parse_range(text):
    out = []
    for part in text.split(","):
        if "-" in part:
            a, b = part.split("-")
            out.extend(range(int(a), int(b) + 1))
        else:
            out.append(int(part))
    return out


def optimal_value(function, dimension, instance):
    """f_opt from COCO's C library (cocoex does not expose it)."""
    lib = coco_c_library.library()
    suite = lib.coco_suite(b"bbob", ("instances: %d" % instance).encode(), ("dimensions: %d" % dimension).encode())
    return coco_c_library.optimal_value(lib, suite, function, dimension, instance)


class RecordedProblem:
    """cocoex's bbob problem, recording the first evaluation (up to `budget`) at which each
    target of TARGETS is reached; `start()` draws a uniform start in [-4, 4]^n."""

    def __init__(self, function, dimension, instance, seed, budget):
        import cocoex
        suite = cocoex.Suite("bbob", "instances: %d" % instance, "dimensions: %d" % dimension)
        self.problem = suite.get_problem_by_function_dimension_instance(function, dimension, instance)
        self.fopt = optimal_value(function, dimension, instance)
        self.key = (function, dimension, instance)
        self.budget = budget
        self.hits = [None] * len(TARGETS)
        self.evaluations = 0
        self.best = math.inf
        self.rng = np.random.default_rng(seed * 1000003 + function * 1009 + dimension * 31 + instance)
        self.seed = seed * 100003 + function * 101 + instance

    def __call__(self, x):
        value = self.problem(x)
        self.evaluations += 1
        if self.evaluations <= self.budget and value - self.fopt < self.best:
            self.best = value - self.fopt
            for k, t in enumerate(TARGETS):
                if self.hits[k] is None and value - self.fopt <= t:
                    self.hits[k] = self.evaluations
        return value

    def start(self):
        return self.rng.uniform(-4, 4, self.key[1])

    def record(self, seconds, **extra):
        """The run's record, after which the problem is freed."""
        self.problem.free()
        function, dimension, instance = self.key
        return dict({"function": function, "dimension": dimension, "instance": instance,
                     "evaluations": min(self.evaluations, self.budget), "best_precision": self.best,
                     "hits": self.hits, "seconds": seconds}, **extra)


def read_runs_csv(path, extra=()):
    """The runs of a `fisher bench bbob` runs.csv, as the pycma side records them."""
    lines = open(path).read().splitlines()
    header = lines[0].split(",")
    runs = []
    for line in lines[1:]:
        row = dict(zip(header, line.split(",")))
        hits = [None if row["evals_%s" % t] in ("", "inf") else int(row["evals_%s" % t])
                for t in ["1e1", "1e0", "1e-1", "1e-2", "1e-3", "1e-4", "1e-5", "1e-6", "1e-7", "1e-8"]]
        run = {"function": int(row["function"]), "dimension": int(row["dimension"]),
               "instance": int(row["instance"]), "evaluations": int(row["evaluations"]),
               "best_precision": float(row["best_precision"]), "hits": hits}
        for key, kind in extra:
            run[key] = kind(row[key])
        runs.append(run)
    return runs


def pycma_run(args):
    function, dimension, instance, seed, budget = args
    import cma
    f = RecordedProblem(function, dimension, instance, seed, budget)
    start = time.perf_counter()
    es = cma.fmin2(f, f.start, 2,
                   {"maxfevals": budget, "ftarget": f.fopt + 1e-8, "seed": f.seed,
                    "verbose": -9, "verb_log": 0}, restarts=99, bipop=True)[1]
    return f.record(time.perf_counter() - start, restarts=int(getattr(es, "_irun", 1)) - 1)


def run_pycma(a):
    jobs = [(f, n, i, a.seed, a.budget_multiplier * n)
            for n in parse_range(a.dimensions) for f in parse_range(a.functions) for i in parse_range(a.instances)]
    with multiprocessing.Pool(a.processes) as pool:
        runs = pool.map(pycma_run, jobs, chunksize=1)
    import cma
    return {"side": "pycma", "version": cma.__version__, "restarts": "bipop", "runs": runs}


def run_fisher(a):
    with tempfile.TemporaryDirectory() as out:
        cmd = [a.fisher, "bench", "bbob", "--strategies", "cma-es", "--restarts", a.restarts,
               "--functions", a.functions, "--dimensions", a.dimensions, "--instances", a.instances,
               "--budget-multiplier", str(a.budget_multiplier), "--seed", str(a.seed), "--output", out + "/x"]
        if a.threads:
            cmd += ["--threads", str(a.threads)]
        done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if done.returncode != 0:
            sys.exit(done.stderr)
        runs = read_runs_csv(out + "/x/runs.csv", extra=[("restarts", int)])
    return {"side": "fisher", "restarts": a.restarts, "command": " ".join(cmd[:1] + ["..."] + cmd[2:-2]), "runs": runs}


def run_area(r, budget_multiplier):
    """The ECDF area of one run's 10 (run, target) pairs."""
    total = 0.0
    for e in r["hits"]:
        if e is not None:
            total += 1 - math.log10(max(e / r["dimension"], 1)) / math.log10(budget_multiplier)
    return total / len(r["hits"])


def area(runs, budget_multiplier):
    """The ECDF area of a set of runs, each (function, dimension) weighing the same
    whatever its number of runs (as COCO aggregates over functions)."""
    problems = {}
    for r in runs:
        problems.setdefault((r["function"], r["dimension"]), []).append(run_area(r, budget_multiplier))
    if not problems:
        return float("nan")
    return statistics.mean(statistics.mean(v) for v in problems.values())


def area_standard_error(runs, budget_multiplier):
    """The standard error of `area(runs)` from the spread of the run areas within each
    (function, dimension): sqrt(sum over problems of var/k) / number of problems."""
    problems = {}
    for r in runs:
        problems.setdefault((r["function"], r["dimension"]), []).append(run_area(r, budget_multiplier))
    if not problems:
        return float("nan")
    total = sum(statistics.variance(v) / len(v) if len(v) > 1 else 0.0 for v in problems.values())
    return math.sqrt(total) / len(problems)


def aRT(runs, k):
    successes = sum(1 for r in runs if r["hits"][k] is not None)
    spent = sum(r["hits"][k] if r["hits"][k] is not None else r["evaluations"] for r in runs)
    return spent / successes if successes else math.inf


def summarize(files, budget_multiplier):
    merged = {}  # files of the same side (e.g. n = 5, 10 and n = 20, or several seeds) are pooled
    by_seed = {}  # (side, seed) -> runs, for the seed-to-seed spread
    for path in files:
        d = json.load(open(path))
        name = d["side"] + ("" if d["side"] == "pycma" else " " + d["restarts"])
        merged.setdefault(name, []).extend(d["runs"])
        by_seed.setdefault((name, d["design"]["seed"]), []).extend(d["runs"])
    sides = list(merged.items())
    names = [n for n, _ in sides]
    dims = sorted({r["dimension"] for _, runs in sides for r in runs})
    print("ECDF area (targets 1e1..1e-8, budget axis log10(evals/n) in [0, %g]):" % math.log10(budget_multiplier))
    print()
    print("| n | group | " + " | ".join(names) + " |")
    print("| ---: | --- |" + " ---: |" * len(names))
    for n in dims + [None]:
        for gname, fs in GROUPS + [("all", range(1, 25))]:
            row = []
            for _, runs in sides:
                sel = [r for r in runs if r["function"] in fs and (n is None or r["dimension"] == n)]
                row.append("%.3f" % area(sel, budget_multiplier))
            print("| %s | %s | %s |" % ("all" if n is None else n, gname, " | ".join(row)))
    print()
    print("Seed-to-seed range of the ECDF area (one value per --seed; groups and dimensions "
          "that a seed's files cover completely):")
    print()
    print("| n | group | " + " | ".join(names) + " |")
    print("| ---: | --- |" + " --- |" * len(names))
    for n in dims:
        for gname, fs in GROUPS:
            row = []
            for name in names:
                values = []
                for (side, seed), runs in sorted(by_seed.items()):
                    sel = [r for r in runs if side == name and r["function"] in fs and r["dimension"] == n]
                    if len({r["function"] for r in sel}) == len(fs):
                        values.append(area(sel, budget_multiplier))
                row.append("%.3f–%.3f (%d)" % (min(values), max(values), len(values)) if values else "–")
            print("| %d | %s | %s |" % (n, gname, " | ".join(row)))
    print()
    print("Difference from %s's ECDF area, with its standard error (the spread of the run areas "
          "within each problem) and z = difference / standard error:" % names[0])
    print()
    print("| n | group | " + " | ".join("%s − %s" % (x, names[0]) for x in names[1:]) + " |")
    print("| ---: | --- |" + " ---: |" * (len(names) - 1))
    for n in dims + [None]:
        for gname, fs in GROUPS + [("all", range(1, 25))]:
            base = [r for r in sides[0][1] if r["function"] in fs and (n is None or r["dimension"] == n)]
            row = []
            for _, runs in sides[1:]:
                sel = [r for r in runs if r["function"] in fs and (n is None or r["dimension"] == n)]
                d = area(sel, budget_multiplier) - area(base, budget_multiplier)
                se = math.hypot(area_standard_error(sel, budget_multiplier), area_standard_error(base, budget_multiplier))
                row.append("%+.3f ± %.3f (z = %+.1f)" % (d, se, d / se if se > 0 else 0.0))
            print("| %s | %s | %s |" % ("all" if n is None else n, gname, " | ".join(row)))
    print()
    print("aRT to 1e-8 (successful runs / runs):")
    print()
    print("| f | n | " + " | ".join(names) + " | " + " | ".join("%s / %s" % (x, names[0]) for x in names[1:]) + " |")
    print("| ---: | ---: |" + " ---: |" * (2 * len(names) - 1))
    for n in dims:
        for f in range(1, 25):
            cells, values = [], []
            for _, runs in sides:
                sel = [r for r in runs if r["function"] == f and r["dimension"] == n]
                v = aRT(sel, len(TARGETS) - 1)
                values.append(v)
                ok = sum(1 for r in sel if r["hits"][-1] is not None)
                cells.append(("%.0f" % v if math.isfinite(v) else "∞") + " (%d/%d)" % (ok, len(sel)))
            ratios = []
            for v in values[1:]:
                if math.isfinite(v) and math.isfinite(values[0]):
                    ratios.append("%.2f" % (v / values[0]))
                else:
                    ratios.append("–")
            print("| %d | %d | %s | %s |" % (f, n, " | ".join(cells), " | ".join(ratios)))


def save(result, a, start):
    """Writes a side's result to a.out with the design and the wall time since `start`."""
    result["design"] = {k: getattr(a, k) for k in ["functions", "dimensions", "instances", "budget_multiplier", "seed"]}
    result["wall_seconds"] = time.time() - start
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    json.dump(result, open(a.out, "w"))
    print("%d runs in %.0f s -> %s" % (len(result["runs"]), result["wall_seconds"], a.out), file=sys.stderr)


def add_side_parser(sub, name, functions, instances, budget_multiplier):
    """The subcommand of one side (pycma or fisher) with the design's options."""
    s = sub.add_parser(name)
    s.add_argument("--functions", default=functions)
    s.add_argument("--dimensions", default="5,10,20")
    s.add_argument("--instances", default=instances)
    s.add_argument("--budget-multiplier", type=int, default=budget_multiplier)
    s.add_argument("--seed", type=int, default=1)
    s.add_argument("--out", required=True)
    if name == "pycma":
        s.add_argument("--processes", type=int, default=os.cpu_count())
    else:
        s.add_argument("--fisher", required=True)
    return s


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    for name in ["pycma", "fisher"]:
        s = add_side_parser(sub, name, functions="1-24", instances="1-15", budget_multiplier=10_000)
        if name == "fisher":
            s.add_argument("--restarts", default="bipop", choices=["bipop", "nbipop", "ipop"])
            s.add_argument("--threads", type=int, default=0)
    s = sub.add_parser("summarize")
    s.add_argument("files", nargs="+")
    s.add_argument("--budget-multiplier", type=int, default=10_000)
    a = p.parse_args()
    if a.command == "summarize":
        summarize(a.files, a.budget_multiplier)
        return
    start = time.time()
    save(run_pycma(a) if a.command == "pycma" else run_fisher(a), a, start)


if __name__ == "__main__":
    main()
