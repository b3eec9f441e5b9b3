"""Reference trajectories of CMA-ES with margin for Tests/FisherTests/IntegerMarginReferenceTests.swift.

Run: /tmp/peers/bin/python Benchmarks/peers/cmaes_margin_reference.py > Tests/FisherTests/Resources/cmaes-margin-reference.json
     (cmaes 0.13.1, numpy 2.x; without scipy, cmaes uses its own norm_cdf and chi2_ppf)

Runs `cmaes.CMAwM` (Hamano et al., GECCO 2022) on mixed-integer problems of
its paper and records, for every generation:

- `x`, `encoded`: each candidate as the distribution sampled it (`x_for_tell`)
  and the point cmaes evaluated (`x_for_eval`), with the mean and the scales
  A in force when they were asked;
- `before`: mean, sigma, diag(C) and A after cmaes' plain CMA update and
  before the margin correction (captured by wrapping `CMA.tell`);
- `after`: the mean and A after the correction.

Each case lists the grid of every discrete coordinate (index, low, step,
count) and the margin alpha, so that a test can apply Fisher's encoding and
correction to cmaes' inputs and compare.
"""
import json
import sys

import numpy as np
import cmaes
from cmaes import CMAwM


def ellipsoid_int(x):
    n = len(x)
    return float(sum((1000 ** (i / (n - 1)) * x[i]) ** 2 for i in range(n)))


def ellipsoid_onemax(x, binary):
    n = len(x)
    real = n - binary
    e = sum((1000 ** (i / max(real - 1, 1)) * x[i]) ** 2 for i in range(real))
    return float(e + 10 * (binary - (x[real:] > 0).sum()))


def sphere_int(x):
    return float(np.sum(x * x))


def run(name, f, mean, sigma, bounds, steps, seed, generations, margin=None, population_size=None):
    es = CMAwM(mean=np.array(mean, float), sigma=sigma, bounds=np.array(bounds, float), steps=np.array(steps, float),
               seed=seed, margin=margin, population_size=population_size)
    captured = {}
    plain_tell = es._cma.tell

    def tell(solutions):
        plain_tell(solutions)
        c = es._cma
        captured["before"] = {"mean": c._mean.tolist(), "sigma": float(c._sigma),
                              "variances": np.diag(c._C).tolist(), "scales": es._A[es._discrete_idx].tolist()}
    es._cma.tell = tell
    grids = [{"index": int(i), "low": float(lo), "step": float(st), "count": int(k)}
             for i, lo, st, k in zip(es._discrete_idx, es._discrete_space_low, es._discrete_space_step,
                                     es._discrete_space_size)]
    record = {"name": name, "dimension": es.dim, "populationSize": es.population_size, "margin": float(es.margin),
              "grids": grids, "generations": []}
    for g in range(generations):
        asked_mean = es.mean.tolist()
        asked_scales = es._A[es._discrete_idx].tolist()
        xs, encoded, fs = [], [], []
        for _ in range(es.population_size):
            e, x = es.ask()
            xs.append(x.tolist())
            encoded.append(e.tolist())
            fs.append(f(e))
        es.tell(list(zip([np.array(x) for x in xs], fs)))
        record["generations"].append({
            "mean": asked_mean, "scales": asked_scales, "x": xs, "encoded": encoded, "f": fs,
            "before": captured["before"],
            "after": {"mean": es.mean.tolist(), "scales": es._A[es._discrete_idx].tolist()}})
    return record


def main():
    cases = []
    # Integer ellipsoid, n = 10, values in [-10, 10] (the paper's integer problems).
    n = 10
    cases.append(run("integer ellipsoid n=10", ellipsoid_int, [3.0] * n, 2.0, [[-10, 10]] * n, [1] * n, 1, 30))
    # Integer sphere with a coarser and a finer grid, n = 6.
    cases.append(run("integer sphere n=6, steps 1 and 0.5", sphere_int, [2.0] * 6, 1.5,
                     [[-5, 5]] * 3 + [[-2, 2]] * 3, [1, 1, 1, 0.5, 0.5, 0.5], 2, 30))
    # EllipsoidOneMax: 5 real and 5 binary coordinates.
    cases.append(run("ellipsoid-onemax 5+5", lambda x: ellipsoid_onemax(x, 5), [1.0] * 5 + [0.5] * 5, 1.0,
                     [[-np.inf, np.inf]] * 5 + [[0, 1]] * 5, [0] * 5 + [1] * 5, 3, 40))
    # A larger margin and population, mixed real / integer.
    cases.append(run("mixed n=8, margin 0.05, lambda 16", lambda x: ellipsoid_onemax(x, 4), [0.0] * 8, 1.0,
                     [[-np.inf, np.inf]] * 4 + [[-3, 3]] * 4, [0] * 4 + [1] * 4, 4, 25, margin=0.05,
                     population_size=16))
    json.dump({"source": "cmaes %s CMAwM" % cmaes.__version__, "cases": cases}, sys.stdout)


if __name__ == "__main__":
    main()
