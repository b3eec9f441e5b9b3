"""The cmaes package's CMAwM and CatCMA on the problems of `FisherPerf mixed` (same design).

    python Benchmarks/peers/cmaes_mixed.py evals [seeds] [n]   evaluations to f <= 1e-10
    python Benchmarks/peers/cmaes_mixed.py time [n ...]        CPU seconds per generation

See Benchmarks/FisherPerf/MixedIntegerBenchmark.swift for the problems, the
start (mean 2, bits 0.5, sigma0 = 1, default lambda), the budget (1e4 n) and
the output format (`cmaes evals <problem> <n> <seed> <evaluations or -1>`,
`cmaes time <problem> <n> <seconds per generation> <generations>`).
CMAwM evaluates the point it returns as `x_for_eval`; CatCMA's categorical
part is one-hot, category 0 first. `sphere-int-com` and `onemax-cat` run
CatCMAwM (continuous x, integers z, categories c; or categories alone).
"""
import math
import sys
import time

import numpy as np
from cmaes import CMAwM, CatCMA, CatCMAwM

PROBLEMS = ["sphere-int", "ellipsoid-int", "sphere-onemax", "ellipsoid-onemax", "sphere-leadingones",
            "sphere-com", "ellipsoid-com", "sphere-int-com", "onemax-cat"]


def objective(problem, n):
    half = n // 2
    if problem == "sphere-int-com":
        def f(sol):
            return float(np.sum(sol.x ** 2) + np.sum(sol.z ** 2) + len(sol.c) - np.sum(sol.c[:, 0]))
        return f
    if problem == "onemax-cat":
        return lambda sol: float(len(sol.c) - np.sum(sol.c[:, 0]))
    ellipsoid = problem.startswith("ellipsoid")
    real = n if problem.endswith("-int") else half
    scale = np.array([1000 ** (i / (real - 1)) for i in range(real)]) if ellipsoid else np.ones(real)

    def f(x, c=None):
        v = float(np.sum((scale * x[:real]) ** 2))
        if problem.endswith("-onemax"):
            v += float(np.sum(x[half:] == 0))
        elif problem.endswith("-leadingones"):
            ones = 0
            while half + ones < n and x[half + ones] == 1:
                ones += 1
            v += n - half - ones
        elif problem.endswith("-com"):
            v += float(len(c) - np.sum(c[:, 0]))
        return v
    return f


def optimizer(problem, n, seed):
    half = n // 2
    if problem == "sphere-int-com":
        quarter = n // 4
        return CatCMAwM(x_space=[[-np.inf, np.inf]] * half, z_space=[list(range(-10, 11))] * quarter,
                        c_space=[5] * (n - half - quarter), mean=np.full(half + quarter, 2.0), sigma=1.0, seed=seed)
    if problem == "onemax-cat":
        return CatCMAwM(c_space=[5] * n, seed=seed)
    if problem.endswith("-com"):
        return CatCMA(mean=np.full(half, 2.0), sigma=1.0, cat_num=np.full(n - half, 5), seed=seed)
    binary = not problem.endswith("-int")
    low, high = (0, 1) if binary else (-10, 10)
    bounds = np.array([[-np.inf, np.inf]] * half + [[low, high]] * (n - half), dtype=float)
    steps = np.array([0] * half + [1] * (n - half), dtype=float)
    mean = np.array([2.0 if i < half or not binary else 0.5 for i in range(n)])
    return CMAwM(mean=mean, sigma=1.0, bounds=bounds, steps=steps, seed=seed)


def generation(es, problem, f):
    """One generation; returns the values in ask order."""
    solutions, values = [], []
    for _ in range(es.population_size):
        if problem in ("sphere-int-com", "onemax-cat"):
            sol = es.ask()
            v = f(sol)
            solutions.append((sol, v))
        elif problem.endswith("-com"):
            x, c = es.ask()
            v = f(x, c)
            solutions.append(((x, c), v))
        else:
            x_eval, x_tell = es.ask()
            v = f(x_eval)
            solutions.append((x_tell, v))
        values.append(v)
    es.tell(solutions)
    return values


def evals(seeds, n):
    for problem in PROBLEMS:
        f = objective(problem, n)
        for seed in range(1, seeds + 1):
            es = optimizer(problem, n, seed)
            count, hit = 0, -1
            while count < 10_000 * n and hit < 0:
                values = generation(es, problem, f)
                for k, v in enumerate(values):
                    if hit < 0 and v <= 1e-10:
                        hit = count + k + 1
                count += len(values)
            print("cmaes evals %s %d %d %d" % (problem, n, seed, hit), flush=True)


def times(sizes):
    for n in sizes:
        for problem in ["ellipsoid-onemax", "ellipsoid-com"]:
            f = objective(problem, n)
            generations = 400 if n <= 20 else 60
            measured = []
            for block in range(6):
                es = optimizer(problem, n, block + 1)
                start = time.process_time()
                for _ in range(generations):
                    generation(es, problem, f)
                if block > 0:
                    measured.append((time.process_time() - start) / generations)
            measured.sort()
            print("cmaes time %s %d %r %d" % (problem, n, measured[len(measured) // 2], generations), flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "evals":
        evals(int(sys.argv[2]) if len(sys.argv) > 2 else 10, int(sys.argv[3]) if len(sys.argv) > 3 else 20)
    else:
        times([int(a) for a in sys.argv[2:]] or [20, 80])
