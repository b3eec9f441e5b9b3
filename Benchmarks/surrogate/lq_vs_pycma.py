"""lq-CMA-ES in Fisher against pycma's `fmin_lq_surr2` on the unimodal bbob functions.

    export OPENBLAS_NUM_THREADS=1
    P=/tmp/peers/bin/python; S=Benchmarks/surrogate/lq_vs_pycma.py; R=Benchmarks/surrogate/results
    $P $S pycma  --dimensions 5,10 --instances 1-5 --out $R/pycma-5-10.json
    $P $S fisher --fisher .build/release/fisher --dimensions 5,10 --instances 1-5 --out $R/fisher-5-10.json
    $P $S summarize $R/pycma-*.json $R/fisher-*.json

The design (the same for both sides):
  - bbob f1, f2, f5-f14 (cocoex 2.8.2; Fisher's functions are bit-identical to it), the given
    dimensions and instances, one run per (function, dimension, instance);
  - a budget of B * n true evaluations (--budget-multiplier, default 1000), the run stopping once
    f - f_opt <= 1e-8;
  - every start at a point drawn uniformly in [-4, 4]^n, sigma0 = 2, IPOP restarts (population
    doubled, a fresh model) until the budget is spent or the target is reached.

pycma 4.5.0: `cma.fmin_lq_surr2(f, x0, 2, {'maxfevals': B, 'ftarget': f_opt + 1e-8, 'seed': s,
'verbose': -9, 'verb_log': 0}, restarts=9)` with x0 a callable drawing the start uniformly in
[-4, 4]^n. The objective is cocoex's problem, wrapped to record the first evaluation at which each
target is reached. Fisher: `fisher bench bbob --strategies cma-es --surrogate lq --restarts ipop
--budget-multiplier B --seed 1`, whose runs.csv holds the same first-hit counts.

`summarize` prints, per function and dimension, the median evaluations to 1e-8 over the runs (a
run that missed counts as +inf, so a median is finite only when at least half succeeded), the
successes, Fisher's median over pycma's, and each side's seconds per run; then, when a file of
Fisher's plain CMA-ES runs (`fisher --surrogate none`) is given, the evaluations lq-CMA-ES saves
and the time it costs for each: (median seconds of the lq runs - median seconds of the plain
runs) / (median evaluations of the plain runs - median evaluations of the lq runs). An objective
whose evaluation takes longer than that is solved sooner with the surrogate.
"""
import argparse
import json
import math
import multiprocessing
import os
import statistics
import subprocess
import sys
import shutil
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "restarts"))
from bipop_vs_pycma import RecordedProblem, parse_range, read_runs_csv, save, add_side_parser  # noqa: E402

FUNCTIONS = "1,2,5-14"


def pycma_run(args):
    function, dimension, instance, seed, budget = args
    import cma
    f = RecordedProblem(function, dimension, instance, seed, budget)
    start = time.perf_counter()
    es = cma.fmin_lq_surr2(f, f.start, 2,
                           {"maxfevals": budget, "ftarget": f.fopt + 1e-8, "seed": f.seed,
                            "verbose": -9, "verb_log": 0}, restarts=9)[1]
    return f.record(time.perf_counter() - start, generations=int(es.countiter))


def run_pycma(a):
    jobs = [(f, n, i, a.seed, a.budget_multiplier * n)
            for n in parse_range(a.dimensions) for f in parse_range(a.functions) for i in parse_range(a.instances)]
    import cma
    result = {"side": "pycma", "version": cma.__version__, "surrogate": "lq", "runs": []}
    with multiprocessing.Pool(a.processes) as pool:
        # Each finished run is saved at once, so that a long experiment can be summarized while it runs.
        for run in pool.imap(pycma_run, jobs, chunksize=1):
            result["runs"].append(run)
            json.dump(dict(result, partial=True), open(a.out + ".partial", "w"))
    return result


def run_fisher(a):
    out = a.work or tempfile.mkdtemp()
    cmd = [a.fisher, "bench", "bbob", "--strategies", "cma-es", "--restarts", "ipop",
           "--surrogate", a.surrogate, "--functions", a.functions, "--dimensions", a.dimensions,
           "--instances", a.instances, "--budget-multiplier", str(a.budget_multiplier),
           "--seed", str(a.seed), "--output", out, "--quiet"]
    if a.threads:
        cmd += ["--threads", str(a.threads)]
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        sys.exit(done.stderr)
    runs = read_runs_csv(os.path.join(out, "runs.csv"))
    # runs.csv has no times; each run's record in runs/ has its seconds.
    for r in runs:
        name = "bbob_f%03d_i%02d_d%02d.json" % (r["function"], r["instance"], r["dimension"])
        r["seconds"] = json.load(open(os.path.join(out, "runs", "cma-es", name)))["seconds"]
    if not a.work:
        shutil.rmtree(out)
    return {"side": "fisher", "surrogate": a.surrogate, "command": " ".join(cmd[:1] + ["..."] + cmd[2:-3]),
            "runs": runs}


def median_evaluations(runs):
    values = sorted(r["hits"][-1] if r["hits"][-1] is not None else math.inf for r in runs)
    return statistics.median(values) if values else math.nan


def summarize(files):
    sides = {}
    for path in files:
        d = json.load(open(path))
        name = d["side"] + ("" if d.get("surrogate", "lq") == "lq" else " plain")
        sides.setdefault(name, []).extend(d["runs"])
    pycma, fisher, plain = sides.get("pycma", []), sides.get("fisher", []), sides.get("fisher plain", [])
    problems = sorted({(r["dimension"], r["function"]) for r in fisher + pycma})
    print("Evaluations to f - f_opt <= 1e-8, median over instances (successes/runs), and seconds per run:")
    print()
    header = "| n | f | Fisher lq | pycma lq | Fisher / pycma | Fisher s/run | pycma s/run |"
    if plain:
        header += " Fisher plain CMA-ES | saved evaluations | Fisher lq's extra ms per saved evaluation |"
    print(header)
    print("|" + " ---: |" * (header.count("|") - 1))
    ratios = []
    for n, f in problems:
        a = [r for r in fisher if r["dimension"] == n and r["function"] == f]
        b = [r for r in pycma if r["dimension"] == n and r["function"] == f]
        ma, mb = median_evaluations(a), median_evaluations(b)
        ok = lambda runs: "%d/%d" % (sum(r["hits"][-1] is not None for r in runs), len(runs))
        ratio = ma / mb if math.isfinite(ma) and math.isfinite(mb) else math.nan
        if math.isfinite(ratio):
            ratios.append(ratio)
        cell = lambda m: "%.0f" % m if math.isfinite(m) else "∞"
        secs = lambda runs: "%.2f" % statistics.mean(r["seconds"] for r in runs) if runs else "–"
        line = "| %d | %d | %s (%s) | %s (%s) | %s | %s | %s |" % (
            n, f, cell(ma), ok(a), cell(mb), ok(b), "%.2f" % ratio if math.isfinite(ratio) else "–", secs(a), secs(b))
        if plain:
            c = [r for r in plain if r["dimension"] == n and r["function"] == f]
            mc = median_evaluations(c)
            saved = mc - ma
            extra = statistics.median(r["seconds"] for r in a) - statistics.median(r["seconds"] for r in c)
            per = 1000 * extra / saved if saved > 0 and math.isfinite(saved) else math.nan
            line += " %s (%s) | %s | %s |" % (cell(mc), ok(c), cell(saved), "%.2f" % per if math.isfinite(per) else "–")
        print(line)
    if ratios:
        print()
        print("Fisher / pycma median ratio: median %.2f, range %.2f–%.2f over %d problems"
              % (statistics.median(ratios), min(ratios), max(ratios), len(ratios)))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    for name in ["pycma", "fisher"]:
        s = add_side_parser(sub, name, functions=FUNCTIONS, instances="1-5", budget_multiplier=1000)
        if name == "fisher":
            s.add_argument("--surrogate", default="lq", choices=["lq", "none"])
            s.add_argument("--threads", type=int, default=0)
            s.add_argument("--work", help="the bench's output folder, kept (an interrupted run resumes from it)")
    s = sub.add_parser("summarize")
    s.add_argument("files", nargs="+")
    a = p.parse_args()
    if a.command == "summarize":
        summarize(a.files)
        return
    start = time.time()
    save(run_pycma(a) if a.command == "pycma" else run_fisher(a), a, start)


if __name__ == "__main__":
    main()
