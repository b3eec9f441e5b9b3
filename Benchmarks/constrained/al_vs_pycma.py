"""AL-CMA-ES in Fisher against pycma's ConstrainedFitnessAL + CMA-ES on bbob-constrained, n = 10.

    export OPENBLAS_NUM_THREADS=1
    /tmp/peers/bin/python Benchmarks/constrained/al_vs_pycma.py --fisher .build/release/fisher \
        --seeds 10 --out Benchmarks/constrained/results/al.json       # all of PROBLEMS, seeds 1-10
    /tmp/peers/bin/python Benchmarks/constrained/al_vs_pycma.py --summarize Benchmarks/constrained/results/al.json

BENCHMARKS.md ("Constrained: AL-CMA-ES against pycma's ConstrainedFitnessAL") lists the exact
commands of the published run and its result files.

--functions F,F,... runs a subset (several subsets can run side by side, each with its own
--out), --first-seed S --seeds K adds seeds S … S + K − 1; --summarize merges result files.

Problems: cocoex 2.8.2's bbob-constrained suite, instance 1 (--instances for more), n = 10;
function F = 6 (k − 1) + j combines objective k (1 sphere, 2 separable ellipsoid, 3 linear
slope, 4 ellipsoid, 5 discus, 6 bent cigar, 7 different powers, 8 separable Rastrigin,
9 Rastrigin) with the j-th of six constraint counts, which in cocoex 2.8.2 at n = 10 are
{1, 3, 9, 16, 24, 54}. The default list (PROBLEMS) covers every objective and every constraint count:
f2 (sphere, m = 3), f7 (separable ellipsoid, 1), f13 (linear slope, 1), f17 (linear slope, 24),
f22 (ellipsoid, 16), f25 (discus, 1), f31 (bent cigar, 1), f36 (bent cigar, 54), f39 (different
powers, 9), f46 (separable Rastrigin, 16), f50 (Rastrigin, 3).

Both sides start from COCO's initial solution (cocoex `problem.initial_solution`, the same
point as Fisher's default for bbob-constrained) with σ₀ = 2 (as COCO's example experiment
calls `cma.fmin2(problem, problem.initial_solution_proposal, 2, ...)`), get the same budget of
--budget candidate solutions (default 10⁴·n = 100,000, i.e. 200,000 evaluations of f and g;
pycma's runs that miss the target mostly stop on its own criteria well before that) and no
restarts, and stop as soon as a candidate is feasible (all g ≤ 0) with f − f_opt ≤ 1e-8 (--target):

  - Fisher: `fisher minimize --strategy cma-es --problem bbob-constrained:F:I --dimension 10
    --budget B --seed S --target-precision 1e-8 --json --quiet`, its defaults otherwise (the
    augmented Lagrangian for cma-es, tolstagnation off). Its bbob-constrained functions are
    bit-identical to cocoex's; the script re-evaluates the reported best feasible point with
    cocoex to check feasibility and precision.
  - pycma 4.5.0, as `cma.ConstrainedFitnessAL`'s docstring and `cma.fmin_con2` run it:
    `cfun = cma.ConstrainedFitnessAL(f, g)` (which='best', find_feasible_first=False),
    `es = cma.CMAEvolutionStrategy(x0, 2, {'tolstagnation': 0, 'maxfevals': B, 'seed': S,
    'verbose': -9, 'verb_log': 0})` and, until `es.stop()` or the target,
    `X = es.ask(); es.tell(X, [cfun(x) for x in X]); cfun.update(es)`. f and g are cocoex's
    `problem(x)` and `problem.constraint(x)`. The constraint archives (`archives=False`) and the
    AL's file logging (`logging=0`) are off: neither changes the search, both only cost time,
    so pycma's time per generation here is its lower one. f_opt comes from COCO's C library
    (coco_problem_get_best_value, through ctypes, as in
    Benchmarks/peers/bbob_constrained_reference_values.py).

Evaluations: every candidate costs one objective and one constraint evaluation on both sides
(pycma's 'best' update evaluates nothing more, nor does Fisher), so evaluations (f + g) =
2 × candidates; the table reports f + g calls. evaluations_to_target is the f + g count up to and
including the first candidate that is feasible with f − f_opt ≤ target.

Time per generation: pycma — wall time of the ask/evaluate/tell/update loop divided by its
iterations; Fisher — the JSON's `seconds` (its whole optimization loop: ask, evaluation of f and
g, the augmented Lagrangian, tell, termination checks; not the process start) divided by its
`generations`, and, as a second number, the wall time of the whole `fisher` process (start-up
included) divided by the generations. The two sides alternate run by run (Fisher first for odd
seeds, pycma first for even ones), so each time ratio is taken between adjacent runs.
"""
import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time
from collections import defaultdict

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "peers"))
import coco_c_library  # noqa: E402

N = 10
OBJECTIVES = ["sphere", "separable ellipsoid", "linear slope", "ellipsoid", "discus", "bent cigar",
              "different powers", "separable Rastrigin", "Rastrigin"]
COUNTS = [1, 3, 9, 16, 24, 54]  # cocoex 2.8.2 at n = 10 (checked against the problem)
# every objective, every constraint count (m = 1, 3, 9, 16, 24, 54) at least once
PROBLEMS = [2, 7, 13, 17, 22, 25, 31, 36, 39, 46, 50]


def describe(function):
    k, j = divmod(function - 1, 6)
    return OBJECTIVES[k], COUNTS[j]


class COCO:
    """cocoex's problems and f_opt from the same compiled library (cocoex does not expose it)."""

    def __init__(self, instances):
        import cocoex
        self.suite = cocoex.Suite("bbob-constrained", "instances: " + ",".join(map(str, instances)), "")
        lib = coco_c_library.library()
        self.lib = lib
        self.c_suite = lib.coco_suite(b"bbob-constrained", ("instances: " + ",".join(map(str, instances))).encode(), b"")

    def problem(self, function, instance):
        p = self.suite.get_problem_by_function_dimension_instance(function, N, instance)
        return p, coco_c_library.optimal_value(self.lib, self.c_suite, function, N, instance)


class Recorder:
    """f and g for ConstrainedFitnessAL, counting calls and finding the first target hit.

    ConstrainedFitnessAL calls constraints(x) and then fun(x) for each candidate."""

    def __init__(self, problem, fopt, target):
        self.problem, self.fopt, self.target = problem, fopt, target
        self.f_calls = self.g_calls = 0
        self.last_g = None
        self.hit = None  # f + g calls up to the hitting candidate

    def g(self, x):
        self.g_calls += 1
        self.last_g = [float(v) for v in self.problem.constraint(x)]
        return self.last_g

    def f(self, x):
        self.f_calls += 1
        value = float(self.problem(x))
        if self.hit is None and value - self.fopt <= self.target and all(v <= 0 for v in self.last_g):
            self.hit = self.f_calls + self.g_calls
        return value


def run_pycma(problem, fopt, budget, seed, target):
    import cma
    rec = Recorder(problem, fopt, target)
    x0 = np.array(problem.initial_solution, dtype=float)
    start = time.perf_counter()
    cfun = cma.ConstrainedFitnessAL(rec.f, rec.g, archives=False, logging=0)
    es = cma.CMAEvolutionStrategy(x0, 2.0, {"tolstagnation": 0, "maxfevals": budget, "seed": seed,
                                            "verbose": -9, "verb_log": 0})
    while not es.stop() and rec.hit is None:
        X = es.ask()
        es.tell(X, [cfun(x) for x in X])
        cfun.update(es)
    seconds = time.perf_counter() - start
    stop = "target" if rec.hit is not None else ",".join(sorted(es.stop()))
    best = cfun.best_feas
    return dict(evaluations=rec.f_calls + rec.g_calls, candidates=rec.f_calls, generations=es.countiter,
                evaluations_to_target=rec.hit, seconds=seconds, seconds_per_generation=seconds / es.countiter,
                best_feasible_precision=None if best.x is None else float(best.f) - fopt, stop=stop)


def run_fisher(fisher, function, instance, problem, fopt, budget, seed, target):
    args = [fisher, "minimize", "--strategy", "cma-es", "--problem", f"bbob-constrained:{function}:{instance}",
            "--dimension", str(N), "--budget", str(budget), "--seed", str(seed),
            "--target-precision", repr(target), "--json", "--quiet"]
    start = time.perf_counter()
    out = subprocess.run(args, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - start
    r = json.loads(out.stdout)
    assert r["constraints"] == problem.number_of_constraints, (r["constraints"], problem.id)
    assert abs(r["optimal_f"] - fopt) <= 1e-12 * max(1, abs(fopt)), (r["optimal_f"], fopt)
    precision = None
    if r.get("best_feasible_x") is not None:
        x = np.array(r["best_feasible_x"], dtype=float)
        g = problem.constraint(x)
        assert all(v <= 0 for v in g), (problem.id, seed, list(g))  # cocoex agrees: feasible
        precision = float(problem(x)) - fopt
        assert abs(precision - (r["best_feasible_f"] - fopt)) <= 1e-9 * max(1, abs(fopt)), (precision, r["best_feasible_f"])
    hit = r["target_hit_at"]
    if hit is not None:
        assert precision is not None and precision <= target, (problem.id, seed, precision)
    return dict(evaluations=2 * r["evaluations"], candidates=r["evaluations"], generations=r["generations"],
                evaluations_to_target=None if hit is None else 2 * hit, seconds=r["seconds"],
                seconds_per_generation=r["seconds"] / r["generations"], process_seconds=wall,
                process_seconds_per_generation=wall / r["generations"],
                best_feasible_precision=precision, stop="target" if hit is not None else r["stop_reason"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fisher")
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument("--first-seed", type=int, default=1)
    ap.add_argument("--instances", default="1")
    ap.add_argument("--functions", default=",".join(map(str, PROBLEMS)))
    ap.add_argument("--budget", type=int, default=10000 * N, help="candidate solutions per run")
    ap.add_argument("--target", type=float, default=1e-8)
    ap.add_argument("--out", default="al-results.json")
    ap.add_argument("--summarize", nargs="*")
    args = ap.parse_args()
    if args.summarize is not None:
        rows = []
        for path in args.summarize:
            rows += json.load(open(path))
        summarize(rows)
        return
    instances = [int(i) for i in args.instances.split(",")]
    coco = COCO(instances)
    results = []
    for function in map(int, args.functions.split(",")):
        for instance in instances:
            problem, fopt = coco.problem(function, instance)
            objective, count = describe(function)
            assert problem.number_of_constraints == count, (problem.id, problem.number_of_constraints)
            for seed in range(args.first_seed, args.first_seed + args.seeds):
                order = ("fisher", "pycma") if seed % 2 else ("pycma", "fisher")
                for side in order:
                    if side == "fisher":
                        r = run_fisher(args.fisher, function, instance, problem, fopt, args.budget, seed, args.target)
                    else:
                        r = run_pycma(problem, fopt, args.budget, seed, args.target)
                    row = dict(function=function, instance=instance, objective=objective, constraints=count,
                               seed=seed, side=side, **r)
                    results.append(row)
                    print(json.dumps(row), flush=True)
                    with open(args.out, "w") as fh:
                        json.dump(results, fh, indent=1)
            problem.free()


def fmt(v, digits=3):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    if v == math.inf:
        return "∞"
    return f"{v:.{digits}g}"


def spread(values):
    """median (IQR lo–hi, range lo–hi) of a list of ratios."""
    v = sorted(values)
    if not v:
        return "–"
    q = statistics.quantiles(v, n=4, method="inclusive") if len(v) > 1 else [v[0]] * 3
    return f"{statistics.median(v):.3g} (IQR {q[0]:.3g}–{q[2]:.3g}, range {v[0]:.3g}–{v[-1]:.3g}, {len(v)} problems)"


def fisher_exact_p(a, n1, b, n2):
    """Two-sided p-value of Fisher's exact test for a/n1 against b/n2 successes."""
    k, n = a + b, n1 + n2

    def pmf(x):
        return math.comb(n1, x) * math.comb(n2, k - x) / math.comb(n, k)

    observed = pmf(a)
    return min(1.0, sum(pmf(x) for x in range(max(0, k - n2), min(k, n1) + 1) if pmf(x) <= observed * (1 + 1e-9)))


def summarize(rows):
    groups = defaultdict(lambda: defaultdict(dict))
    for r in rows:
        groups[(r["function"], r["instance"])][r["side"]][r["seed"]] = r
    print("| F (objective, m) | successes Fisher / pycma (p) | evaluations to success (f + g), Fisher median | pycma median | ratio | over successful runs only: Fisher / pycma (ratio) | best feasible f − f_opt, Fisher median | pycma median | Fisher µs/gen (loop) | Fisher µs/gen (process) | pycma µs/gen | pycma / Fisher (loop), median over seeds |")
    print("|---|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---|")
    eval_ratios, conditional_ratios, time_ratios, process_ratios = [], [], [], []
    for (function, instance), sides in sorted(groups.items()):
        fisher, pycma = sides["fisher"], sides["pycma"]
        seeds = sorted(set(fisher) & set(pycma))
        # a run without success counts as infinitely many evaluations in the median
        fe = statistics.median([fisher[s]["evaluations_to_target"] or math.inf for s in seeds])
        pe = statistics.median([pycma[s]["evaluations_to_target"] or math.inf for s in seeds])
        fs = sum(fisher[s]["evaluations_to_target"] is not None for s in seeds)
        ps = sum(pycma[s]["evaluations_to_target"] is not None for s in seeds)
        ratio = fe / pe if math.isfinite(fe) and math.isfinite(pe) else math.nan
        fc = [fisher[s]["evaluations_to_target"] for s in seeds if fisher[s]["evaluations_to_target"] is not None]
        pc = [pycma[s]["evaluations_to_target"] for s in seeds if pycma[s]["evaluations_to_target"] is not None]
        if fc and pc:
            conditional_ratios.append(statistics.median(fc) / statistics.median(pc))
        conditional = (f"{fmt(statistics.median(fc), 4)} / {fmt(statistics.median(pc), 4)} "
                       f"({statistics.median(fc) / statistics.median(pc):.3g})") if fc and pc else "–"
        p = fisher_exact_p(fs, len(seeds), ps, len(seeds))
        if not math.isnan(ratio):
            eval_ratios.append(ratio)
        ft = statistics.median([fisher[s]["seconds_per_generation"] for s in seeds]) * 1e6
        fp = statistics.median([fisher[s]["process_seconds_per_generation"] for s in seeds]) * 1e6
        pt = statistics.median([pycma[s]["seconds_per_generation"] for s in seeds]) * 1e6
        per_seed = [pycma[s]["seconds_per_generation"] / fisher[s]["seconds_per_generation"] for s in seeds]
        per_seed_process = [pycma[s]["seconds_per_generation"] / fisher[s]["process_seconds_per_generation"] for s in seeds]
        tr, trp = statistics.median(per_seed), statistics.median(per_seed_process)
        time_ratios.append(tr)
        process_ratios.append(trp)
        fb = statistics.median([math.inf if fisher[s]["best_feasible_precision"] is None else fisher[s]["best_feasible_precision"] for s in seeds])
        pb = statistics.median([math.inf if pycma[s]["best_feasible_precision"] is None else pycma[s]["best_feasible_precision"] for s in seeds])
        objective, count = describe(function)
        label = f"f{function} ({objective}, {count})" + (f", instance {instance}" if instance != 1 else "")
        print(f"| {label} | {fs}/{len(seeds)} / {ps}/{len(seeds)} ({p:.2f}) | {fmt(fe, 4)} | {fmt(pe, 4)} | {fmt(ratio)} | {conditional} | {fmt(fb)} | {fmt(pb)} | "
              f"{ft:.1f} | {fp:.1f} | {pt:.1f} | {tr:.1f}× (range {min(per_seed):.1f}–{max(per_seed):.1f}×) |")
    print()
    print(f"evaluations to success, Fisher / pycma, over problems both solved in at least half the seeds: {spread(eval_ratios)}")
    print(f"evaluations to success over the successful runs only, Fisher / pycma: {spread(conditional_ratios)}")
    print(f"time per generation, pycma / Fisher (loop): {spread(time_ratios)}")
    print(f"time per generation, pycma / Fisher (whole process): {spread(process_ratios)}")


if __name__ == "__main__":
    main()
