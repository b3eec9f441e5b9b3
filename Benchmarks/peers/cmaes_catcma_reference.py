"""Reference trajectories of CatCMA for Tests/FisherTests/CatCMAReferenceTests.swift.

Run: /tmp/peers/bin/python Benchmarks/peers/cmaes_catcma_reference.py > Tests/FisherTests/Resources/cmaes-catcma-reference.json
     (cmaes 0.13.1, numpy 2.x)

Runs `cmaes.CatCMA` (Hamano et al., GECCO 2024) on mixed-category problems
of its paper and records, for every generation, the continuous parts x and
one-hot categorical parts c of the candidates, the values told, and the state
after the tell: mean, sigma, C, the category probabilities q and ASNG's Delta.
A test replays the candidates and values on Fisher's CatCMA (candidate
vector = x followed by the one-hot blocks) and compares the states.

The last case has categorical variables alone, run by `cmaes.CatCMAwM` (the
only `cmaes` class that accepts a space without continuous variables): it has
no Gaussian part, so its mean and C are empty and its sigma is recorded as 1
(Fisher's untouched initial value).
"""
import json
import sys

import numpy as np
import cmaes
from cmaes import CatCMA, CatCMAwM


def sphere_com(x, c):
    # SphereCOM: sphere on x plus the number of categorical variables not at category 0.
    return float(np.sum(x * x) + len(c) - np.sum(c[:, 0]))


def ellipsoid_cleadingones(x, c):
    n = len(x)
    e = sum((1000 ** (i / (n - 1)) * x[i]) ** 2 for i in range(n))
    ones = 0
    for row in c:
        if row[0]:
            ones += 1
        else:
            break
    return float(e + len(c) - ones)


def run(name, f, mean, sigma, cat_num, seed, generations, population_size=None):
    es = CatCMA(mean=np.array(mean, float), sigma=sigma, cat_num=np.array(cat_num), seed=seed,
                population_size=population_size)
    record = {"name": name, "continuous": len(mean), "categories": list(map(int, cat_num)),
              "populationSize": es.population_size, "mean0": list(mean), "sigma0": sigma,
              "margin": np.asarray(es._q_min).tolist(), "generations": []}
    for g in range(generations):
        xs, cs, fs = [], [], []
        for _ in range(es.population_size):
            x, c = es.ask()
            xs.append(x.tolist())
            cs.append([row[:k].astype(int).tolist() for row, k in zip(c, es._K)])
            fs.append(f(x, c))
        es.tell([((np.array(x), c_), v) for x, c_, v in zip(xs, [np.array(
            [r + [0] * (es._Kmax - len(r)) for r in c]) for c in cs], fs)])
        record["generations"].append({
            "x": xs, "c": cs, "f": fs,
            "mean": es._mean.tolist(), "sigma": float(es._sigma), "C": es._C.flatten().tolist(),
            "q": [es._q[i, :k].tolist() for i, k in enumerate(es._K)], "Delta": float(es._Delta)})
    return record


def onemax_cat(c):
    # The number of categorical variables not at category 0.
    return float(len(c) - np.sum(c[:, 0]))


def run_categories_alone(name, cat_num, seed, generations):
    es = CatCMAwM(c_space=list(cat_num), seed=seed)
    K = list(map(int, cat_num))
    record = {"name": name, "continuous": 0, "categories": K, "populationSize": es.population_size,
              "mean0": [], "sigma0": 1.0, "margin": np.asarray(es._qmin).tolist(), "generations": []}
    for g in range(generations):
        solutions, cs, fs = [], [], []
        for _ in range(es.population_size):
            sol = es.ask()
            v = onemax_cat(sol.c)
            solutions.append((sol, v))
            cs.append([row[:k].astype(int).tolist() for row, k in zip(sol.c, K)])
            fs.append(v)
        es.tell(solutions)
        record["generations"].append({
            "x": [[] for _ in cs], "c": cs, "f": fs, "mean": [], "sigma": 1.0, "C": [],
            "q": [es._q[i, :k].tolist() for i, k in enumerate(K)], "Delta": float(es._Delta)})
    return record


def main():
    cases = [
        run("SphereCOM 3+3x3", sphere_com, [1.0] * 3, 1.0, [3, 3, 3], 1, 40),
        run("EllipsoidCLeadingOnes 5 + (2,4,5,3)", ellipsoid_cleadingones, [0.5] * 5, 1.0, [2, 4, 5, 3], 2, 40),
        run("SphereCOM 4+2x6, lambda 12", sphere_com, [2.0] * 4, 0.7, [6, 6], 3, 30, population_size=12),
        run_categories_alone("OneMaxCat (3,5,2,4,6,3,5,4) alone, CatCMAwM", [3, 5, 2, 4, 6, 3, 5, 4], 4, 60),
    ]
    json.dump({"source": "cmaes %s CatCMA, CatCMAwM" % cmaes.__version__, "cases": cases}, sys.stdout)


if __name__ == "__main__":
    main()
