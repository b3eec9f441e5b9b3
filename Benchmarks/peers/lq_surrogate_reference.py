"""Reference values for Tests/FisherTests/LinearQuadraticModelTests.swift, computed with pycma.

Run: python3 Benchmarks/peers/lq_surrogate_reference.py > Tests/FisherTests/Resources/lq-surrogate-reference.json
(pycma 4.5.0, numpy 2.x; without scipy, so that pycma's Kendall tau is its own `_kendall_tau`)

1. `models`: for n = 2, 3, 5, points drawn from a fixed numpy seed (normal around a point
   that drifts toward the optimum) are added one by one to a `cma.fitness_models.LQModel`
   with f a rotated, shifted ellipsoid plus a linear term and a non-quadratic 30 Σ|z|^1.5; after each add the script records
   the model's form, archive size, coefficients, `xopt` and `kendall(size)`. Every eighth
   add is followed by `sort()` of the archive, as the surrogate loop sorts.
2. `populations`: a `SurrogatePopulation` on the same kind of function in n = 3 (lambda = 7)
   and n = 5 (lambda = 10) is called on a fixed sequence of populations (normal around a
   mean that contracts toward the optimum); the script records, per call, f at every candidate, the indices
   evaluated in the order the objective saw them, the returned fitness values and the last
   tau. A larger population at the end exercises the model reset.
"""
import json

import numpy as np

import cma.fitness_models as fm

try:
    import scipy  # noqa: F401
    raise SystemExit("scipy is installed: pycma would use scipy's tau-b; run in an environment without scipy")
except ImportError:
    pass


def problem(n, rng):
    q, _ = np.linalg.qr(rng.standard_normal((n, n)))
    scales = 10.0 ** (3 * np.arange(n) / max(1, n - 1))
    xopt = rng.uniform(-2, 2, n)
    slope = rng.standard_normal(n)

    def f(x):
        z = q @ (np.asarray(x) - xopt)
        return float(np.sum(scales * z * z) + 0.1 * slope @ (np.asarray(x) - xopt) + 1.5
                     + 30 * np.sum(np.abs(z) ** 1.5))

    return f, xopt


def models():
    out = []
    for n in (2, 3, 5):
        rng = np.random.default_rng(2019 + n)
        f, xopt = problem(n, rng)
        m = fm.LQModel()
        steps = []
        center = rng.uniform(-4, 4, n)
        total = 3 * (n * (n + 3) // 2 + 1) + 10
        for k in range(total):
            x = center + (0.9 ** (k / 4)) * rng.standard_normal(n)
            center = 0.97 * center + 0.03 * xopt
            added = m.add_data_row(x, f(x))
            if k % 8 == 7:
                m.sort()
            step = {"x": x.tolist(), "f": f(x), "added": added is not None, "sorted": k % 8 == 7,
                    "kind": len(m.types), "size": m.size, "values": [float(v) for v in m.Y]}
            if m.size >= 1:
                step["coefficients"] = [float(c) for c in m.coefficients]
                step["xopt"] = [float(v) for v in m.xopt]
                step["tau"] = float(m.kendall(m.size))
            steps.append(step)
        out.append({"dimension": n, "steps": steps})
    return out


def populations():
    out = []
    for n, lam, calls in ((3, 7, 40), (5, 10, 45)):
        rng = np.random.default_rng(1904 + n)
        f, xopt = problem(n, rng)
        seen = []

        def fitness(x):
            seen.append(x)
            return f(x)

        s = fm.SurrogatePopulation(fitness)
        mean = rng.uniform(-4, 4, n)
        sigma = 1.0
        records = []
        for k in range(calls):
            size = lam if k < calls - 3 else 2 * lam
            X = [mean + sigma * rng.standard_normal(n) for _ in range(size)]
            seen.clear()
            F = s(X)
            order = [next(i for i, x in enumerate(X) if x is y) for y in seen]
            records.append({"population": [x.tolist() for x in X], "values": [f(x) for x in X], "evaluated": order,
                            "fitness": [float(v) for v in F], "tau": float(s.model.tau.tau),
                            "model_size": s.model.size, "kind": len(s.model.types)})
            mean = 0.85 * mean + 0.15 * xopt
            sigma *= 0.9
        out.append({"dimension": n, "calls": records})
    return out


print(json.dumps({"models": models(), "populations": populations()}))
