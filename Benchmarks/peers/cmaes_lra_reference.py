"""Reference trajectories of LRA-CMA-ES for Tests/FisherTests/CMAESLearningRateAdaptationReferenceTests.swift.

Run: python3 Benchmarks/peers/cmaes_lra_reference.py > Tests/FisherTests/Resources/cmaes-lra-reference.json
     (cmaes 0.13.1, numpy 2.x)

Runs `cmaes.CMA(..., lr_adapt=True)` (Nomura, Akimoto & Ono, GECCO 2023,
arXiv:2304.03473) for a few generations on four small problems and records,
for every generation:

- `x`, `f`: the candidates asked and the fitness told (sphere, ellipsoid
  with condition 1e6 or the linear sum of the coordinates, plus additive
  N(0, noise^2) noise drawn from a numpy RandomState with a fixed seed);
- `before`: mean, sigma and C after cmaes' plain CMA update and before its
  learning-rate adaptation (captured by wrapping `CMA._lr_adaptation`);
- `after`: mean, sigma, C, eta_mean and eta_Sigma at the end of the tell;
- `oldSigmaMatrix`: sigma^2 C before the tell, as `_lr_adaptation` receives it.

Each case also lists cmaes' strategy parameters (weights, c_sigma, d_sigma,
c_c, c_1, c_mu, E||N(0,I)||), so a test can run Fisher's CMA update with
cmaes' constants. Fisher's update follows pycma in two details that the
constants do not cover: h_sigma is ||p_sigma||^2 / (1 - (1 - c_sigma)^(2g)) / n
< 2 + 4/(n + 1) where cmaes tests ||p_sigma|| / sqrt(1 - (1 - c_sigma)^(2(g+1)))
< (1.4 + 2/(n + 1)) E||N(0,I)||, and the exponent of the step-size update is
clipped to [-1, 1]. The script checks that neither detail changes anything in
the recorded generations (`hsigmaAgrees`, `csaUnclipped`), so the full runs
are comparable; the seeds were chosen so that both hold throughout.
"""
import json
import math
import sys

import numpy as np
import cmaes
from cmaes import CMA


def sphere(x):
    return float(np.sum(x * x))


def linear(x):
    return float(np.sum(x))


def ellipsoid(x):
    n = len(x)
    if n == 1:
        return float(x[0] ** 2)
    return float(sum(1e6 ** (i / (n - 1)) * x[i] ** 2 for i in range(n)))


FUNCTIONS = {"sphere": sphere, "ellipsoid": ellipsoid, "linear": linear}

CASES = [
    # name, function, n, popsize (None: default), mean0, sigma0, noise sd, cmaes seed, noise seed, generations
    ("sphere-3-noisy", "sphere", 3, None, 1.0, 0.5, 1.0, 1, 11, 20),
    ("ellipsoid-3-noisy", "ellipsoid", 3, None, 1.0, 0.5, 10.0, 2, 12, 20),
    # On a linear function with a large population the mean's steps are
    # consistent, the estimated SNR exceeds alpha eta_mean, and eta_mean
    # grows until it is capped at 1 (from generation 19 on).
    ("linear-3-popsize-20", "linear", 3, 20, 0.0, 1.0, 0.0, 5, 15, 24),
    ("sphere-8", "sphere", 8, None, 1.0, 0.5, 0.0, 3, 13, 8),
    ("ellipsoid-8-noisy", "ellipsoid", 8, None, 0.5, 0.3, 1000.0, 4, 14, 8),
]


def flat(a):
    return [float(v) for v in np.ravel(a)]


def run(name, function, n, popsize, start, sigma0, noise, seed, noise_seed, generations):
    f = FUNCTIONS[function]
    noise_rng = np.random.RandomState(noise_seed)
    es = CMA(mean=np.full(n, float(start)), sigma=sigma0, seed=seed, population_size=popsize, lr_adapt=True)
    captured = {}
    original = es._lr_adaptation

    def wrapped(old_mean, old_sigma, old_Sigma, old_invsqrtC):
        captured["oldSigmaMatrix"] = flat(old_Sigma)
        captured["before"] = {"mean": flat(es._mean), "sigma": float(es._sigma), "C": flat(es._C)}
        original(old_mean, old_sigma, old_Sigma, old_invsqrtC)

    es._lr_adaptation = wrapped
    cs, ds, chi = es._c_sigma, es._d_sigma, es._chi_n
    records = []
    for g in range(generations):
        xs = [es.ask() for _ in range(es.population_size)]
        fs = [f(x) + noise * float(noise_rng.randn()) for x in xs]
        captured.clear()
        es.tell(list(zip(xs, fs)))
        # The p_sigma the tell produced, and the two h_sigma tests on it.
        ps2 = float(np.sum(es._p_sigma ** 2))
        gen = es.generation
        cmaes_h = math.sqrt(ps2) / math.sqrt(1 - (1 - cs) ** (2 * (gen + 1))) < (1.4 + 2 / (n + 1)) * chi
        pycma_h = ps2 / (1 - (1 - cs) ** (2 * gen)) / n - 1 < 1 + 4 / (n + 1)
        exponent = (cs / ds) * (math.sqrt(ps2) / chi - 1)
        records.append({
            "x": [flat(x) for x in xs],
            "f": fs,
            "oldSigmaMatrix": captured["oldSigmaMatrix"],
            "before": captured["before"],
            "after": {
                "mean": flat(es._mean), "sigma": float(es._sigma), "C": flat(es._C),
                "etaMean": float(es._eta_mean), "etaSigma": float(es._eta_Sigma),
            },
            "hsigmaAgrees": bool(cmaes_h == pycma_h),
            "csaUnclipped": bool(abs(exponent) <= 1),
        })
    ok = all(r["hsigmaAgrees"] and r["csaUnclipped"] for r in records)
    if not ok:
        print(f"{name}: h_sigma or CSA clipping differs from Fisher's; pick another seed", file=sys.stderr)
        sys.exit(1)
    return {
        "name": name, "function": function, "dimension": n, "populationSize": es.population_size,
        "mean0": [start] * n, "sigma0": sigma0, "noise": noise,
        "parameters": {
            "weights": flat(es._weights), "mu": int(es._mu), "mueff": float(es._mu_eff),
            "cs": float(cs), "damps": float(ds), "cc": float(es._cc), "c1": float(es._c1),
            "cmu": float(es._cmu), "chiN": float(chi),
        },
        "lra": {"alpha": es._alpha, "betaMean": es._beta_mean, "betaSigma": es._beta_Sigma, "gamma": es._gamma},
        "generations": records,
    }


out = {
    "source": f"cmaes {cmaes.__version__}, numpy {np.__version__}: Benchmarks/peers/cmaes_lra_reference.py",
    "cases": [run(*c) for c in CASES],
}
json.dump(out, sys.stdout, separators=(",", ":"))
print()
