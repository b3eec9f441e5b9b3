"""Noise handling in Fisher against the reference implementations, on the same objectives.

    python3 Benchmarks/noise/compare_noise_handling.py --fisher .build-bench/release/fisher \
        --seeds 10 --out noise-results.json

Pairs (each run with the same budget, objective and seed list):
  - UH-CMA-ES: `fisher ask-tell --noise uh` against pycma's `cma.fmin2(..., noise_handler=True)`
    (pycma's NoiseHandler with its defaults: one evaluation per candidate);
  - uh10: `fisher ask-tell --noise uh:10` against `noise_handler=cma.NoiseHandler(n, maxevals=[1, 1, 10])`
    (up to 10 evaluations per candidate, aggregated by their median);
  - LRA-CMA-ES: `fisher ask-tell --noise lra` against `cmaes.CMA(..., lr_adapt=True)`.

Problems, n = 10, start mean 3·1, sigma0 = 2:
  - sphere, ellipsoid (condition 1e6), rastrigin with additive noise f + N(0, 1) and with
    multiplicative noise f * (1 + 0.5 N(0, 1)), budget 30,000 evaluations; target f <= 1e-2;
  - six bbob-noisy functions (cocoex, instance 1): f101, f104, f107, f109, f113, f116,
    start mean 0, sigma0 = 2, budget 20,000; target f - f_opt <= 1e-2.
Every side evaluates the same Python objective through its own interface (Fisher over the
ask-tell pipe), so the measured quantities are evaluation counts and true (noise-free) values:
  - final true f: the noise-free value of the point the method returns (pycma's xfavorite,
    the distribution mean for cmaes and for Fisher's uh/lra runs, Fisher's recommended_x);
  - evaluations to target: the first evaluation whose point's noise-free value reaches the target.
For bbob-noisy, noise-free values come from `fisher bbob eval --noise-free` (equal to cocoex's
noiseless part to 1e-9, see the tests).
"""
import argparse
import json
import math
import subprocess
import sys
import time

import numpy as np


def sphere(x):
    return float(np.dot(x, x))


def ellipsoid(x):
    n = len(x)
    w = 1e6 ** (np.arange(n) / (n - 1))
    return float(np.dot(w, x * x))


def rastrigin(x):
    return float(10 * len(x) + np.sum(x * x - 10 * np.cos(2 * math.pi * x)))


CLASSIC = {"sphere": sphere, "ellipsoid": ellipsoid, "rastrigin": rastrigin}


class Recorder:
    """Wraps a noisy objective: counts evaluations, keeps every point for the noise-free pass."""

    def __init__(self, noisy, budget):
        self.noisy = noisy
        self.points = []
        self.budget = budget

    def __call__(self, x):
        x = np.asarray(x, dtype=float)
        self.points.append(x.copy())
        return self.noisy(x)


def run_fisher(fisher, noise, n, x0, sigma0, budget, seed, objective):
    args = [fisher, "ask-tell", "--strategy", "cma-es", "--dimension", str(n),
            "--mean", ",".join(repr(float(v)) for v in x0), "--sigma", repr(sigma0),
            "--seed", str(seed), "--budget", str(budget), "--noise", noise]
    p = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
    done = None
    while True:
        line = p.stdout.readline()
        if not line:
            break
        msg = json.loads(line)
        if "done" in msg:
            done = msg["done"]
            break
        values = [objective(np.array(x)) for x in msg["ask"]]
        p.stdin.write(json.dumps({"tell": values}) + "\n")
        p.stdin.flush()
    p.stdin.close()
    p.wait()
    if done is None:
        raise RuntimeError(f"fisher ask-tell ended without a result (status {p.returncode})")
    return np.array(done["recommended_x"])


def run_pycma_uh(n, x0, sigma0, budget, seed, objective, maxevals=1):
    import cma
    handler = True if maxevals == 1 else cma.NoiseHandler(n, maxevals=[1, 1, maxevals])
    _, es = cma.fmin2(objective, list(x0), sigma0,
                      {"maxfevals": budget, "seed": seed, "verbose": -9, "verb_log": 0},
                      noise_handler=handler)
    return np.asarray(es.result.xfavorite)


def run_cmaes_lra(n, x0, sigma0, budget, seed, objective, evaluations):
    from cmaes import CMA
    opt = CMA(mean=np.array(x0, dtype=float), sigma=sigma0, seed=seed, lr_adapt=True)
    while evaluations() < budget and not opt.should_stop():
        sols = []
        for _ in range(opt.population_size):
            x = opt.ask()
            sols.append((x, objective(x)))
        opt.tell(sols)
    return np.asarray(opt.mean)


def noise_free_bbob(fisher, function, n, points):
    text = "\n".join(",".join(repr(float(v)) for v in x) for x in points) + "\n"
    out = subprocess.run([fisher, "bbob", "eval", "--function", str(function), "--dimension", str(n),
                          "--noise-free"], input=text, capture_output=True, text=True, check=True)
    return [float(v) for v in out.stdout.split()]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fisher", required=True)
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument("--out", default="noise-results.json")
    ap.add_argument("--pairs", default="uh,lra")
    ap.add_argument("--only", default="", help="comma-separated problem labels to run")
    args = ap.parse_args()
    n = 10
    problems = []
    for name, f in CLASSIC.items():
        problems.append(dict(label=f"{name}+additive", kind="classic", f=f, noise="additive",
                             budget=30000, x0=[3.0] * n, sigma0=2.0, target=1e-2))
        problems.append(dict(label=f"{name}*multiplicative", kind="classic", f=f, noise="multiplicative",
                             budget=30000, x0=[3.0] * n, sigma0=2.0, target=1e-2))
    for fid in (101, 104, 107, 109, 113, 116):
        problems.append(dict(label=f"bbob-noisy f{fid}", kind="bbob", function=fid, budget=20000,
                             x0=[0.0] * n, sigma0=2.0, target=1e-2))
    if args.only:
        keep = set(args.only.split(","))
        problems = [p for p in problems if p["label"] in keep]
    pairs = args.pairs.split(",")
    results = []
    for prob in problems:
        for seed in range(1, args.seeds + 1):
            for pair in pairs:
                for side in ("fisher", "reference"):
                    rng = np.random.default_rng(1000 * seed + (0 if side == "fisher" else 1))
                    if prob["kind"] == "classic":
                        f = prob["f"]
                        if prob["noise"] == "additive":
                            noisy = lambda x, f=f, rng=rng: f(x) + rng.standard_normal()
                        else:
                            noisy = lambda x, f=f, rng=rng: f(x) * (1 + 0.5 * rng.standard_normal())
                        truth = lambda xs, f=f: [f(np.asarray(x)) for x in xs]
                        fopt = 0.0
                    else:
                        import cocoex
                        suite = cocoex.Suite("bbob-noisy", "", f"function_indices:{prob['function'] - 100} dimensions:{n} instance_indices:1")
                        problem = suite.get_problem(0)
                        assert problem.id == f"bbob_noisy_f{prob['function']}_i01_d{n:02d}", problem.id
                        noisy = lambda x, problem=problem: float(problem(x))
                        truth = lambda xs, fid=prob["function"]: noise_free_bbob(args.fisher, fid, n, xs)
                        # f_opt is not exposed by cocoex's noisy problems; Fisher's bbob info has it.
                        info = subprocess.run([args.fisher, "bbob", "info", "--function", str(prob["function"]),
                                               "--dimension", str(n), "--json"], capture_output=True, text=True, check=True)
                        fopt = json.loads(info.stdout)["fopt"]
                    rec = Recorder(noisy, prob["budget"])
                    start = time.time()
                    if side == "fisher":
                        x = run_fisher(args.fisher, {"uh10": "uh:10"}.get(pair, pair), n, prob["x0"], prob["sigma0"], prob["budget"], seed, rec)
                    elif pair in ("uh", "uh10"):
                        x = run_pycma_uh(n, prob["x0"], prob["sigma0"], prob["budget"], seed, rec,
                                         maxevals=10 if pair == "uh10" else 1)
                    else:
                        x = run_cmaes_lra(n, prob["x0"], prob["sigma0"], prob["budget"], seed, rec, lambda: len(rec.points))
                    seconds = time.time() - start
                    values = truth(rec.points)
                    hit = next((i + 1 for i, v in enumerate(values) if v - fopt <= prob["target"]), None)
                    final = truth([x])[0] - fopt
                    row = dict(problem=prob["label"], seed=seed, pair=pair, side=side, evaluations=len(rec.points),
                               final_true_f=final, evaluations_to_target=hit, seconds=seconds)
                    results.append(row)
                    print(json.dumps(row), flush=True)
                    if prob["kind"] == "bbob":
                        problem.free()
    with open(args.out, "w") as fh:
        json.dump(results, fh, indent=1)


if __name__ == "__main__":
    main()
