"""Reference values for Tests/FisherTests/CMAES*.swift, computed with pycma.

Run: python3 Benchmarks/peers/cmaes_reference_values.py   (pycma 4.5.0, numpy 2.x)

1. Default strategy parameters for n = 2, 10, 100 (full and diagonal learning rates).
2. The state after two tells of a fixed population in n = 3 (lambda = 7): the
   candidates are m + sigma * Z for fixed Z, C is reset to I (pycma starts from a
   slightly perturbed diagonal), and `check_points=False` stops pycma from
   repairing long steps, so pycma runs exactly the tutorial's update.
"""
import numpy as np
import cma

np.set_printoptions(precision=17)


def r(v):
    return repr([float(x) for x in np.ravel(v)])


for n in (2, 10, 100):
    es = cma.CMAEvolutionStrategy(n * [1.0], 1.0, {'verbose': -9, 'seed': 1})
    sp = es.sp
    p = es.sm.parameters()
    print(f"n={n} popsize={sp.popsize} mu={sp.weights.mu} mueff={sp.weights.mueff!r}")
    print(f"  weights={r(sp.weights)}")
    print(f"  cs={es.adapt_sigma.cs!r} damps={es.adapt_sigma.damps!r} cc={sp.cc!r} c1={p['c1']!r} cmu={p['cmu']!r}")
    print(f"  chiN={cma.utilities.math.Mh.chiN(n)!r} lazy_gap={es.sm.lazy_update_gap!r}")
    print(f"  maxiter={es.opts['maxiter']!r} tolstagnation={es.opts['tolstagnation']!r}")
    print(f"  cc_sep={sp.cc_sep!r} c1_sep={sp.c1_sep!r} cmu_sep={sp.cmu_sep!r}")
    w = cma.recombination_weights.RecombinationWeights(sp.popsize)
    w.finalize_negative_weights(n, sp.c1_sep, sp.cmu_sep, pos_def=True)
    print(f"  sep weights (pos_def=True)={r(w)}")

n, lam = 3, 7
m0 = np.array([1.0, -2.0, 0.5])
sigma0 = 0.3
es = cma.CMAEvolutionStrategy(list(m0), sigma0, {'verbose': -9, 'seed': 3, 'popsize': lam})
es.sm.C = np.eye(n)
es.sm.B = np.eye(n)
es.sm.D = np.ones(n)
es._updateBDfromSM()
Z1 = np.array([[0.3, -1.2, 0.8], [1.1, 0.4, -0.5], [-0.7, 0.9, 1.3], [0.2, 0.1, -0.2],
               [-1.5, -0.3, 0.6], [0.9, -0.8, -1.1], [-0.4, 1.6, 0.05]])
F1 = [3.0, 1.0, float('inf'), 0.5, 2.0, 4.0, 1.5]
X1 = m0 + sigma0 * Z1
es.ask()
es.tell(list(X1), F1, check_points=False)
print("after tell 1")
print("  mean=" + r(es.mean))
print("  ps=" + r(es.adapt_sigma.ps))
print("  pc=" + r(es.pc))
print("  C=" + r(es.sm.C))
print(f"  sigma={es.sigma!r}")
es.ask()  # triggers the eigendecomposition
X2 = np.array([[1.2, -1.9, 0.4], [0.8, -2.3, 0.9], [1.0, -1.7, 0.2], [1.5, -2.1, 0.6],
               [0.6, -1.8, 0.3], [1.1, -2.4, 0.7], [0.9, -2.0, 0.1]])
F2 = [0.3, 0.9, 0.1, 1.4, 0.7, 0.2, 2.2]
es.tell(list(X2), F2, check_points=False)
print("after tell 2")
print("  mean=" + r(es.mean))
print("  ps=" + r(es.adapt_sigma.ps))
print("  pc=" + r(es.pc))
print("  C=" + r(es.sm.C))
print(f"  sigma={es.sigma!r}")

# 3. One separable (diagonal) update of the same first population, written out
#    in numpy from the formulas (pycma's CMA_diagonal=True uses a different,
#    multiplicative update, so it cannot serve as the reference here).
es = cma.CMAEvolutionStrategy(list(m0), sigma0, {'verbose': -9, 'seed': 3, 'popsize': lam})
sp = es.sp
w = cma.recombination_weights.RecombinationWeights(lam)
w.finalize_negative_weights(n, sp.c1_sep, sp.cmu_sep, pos_def=True)
w = np.asarray(w)
mu, mueff = sp.weights.mu, sp.weights.mueff
cs, damps = es.adapt_sigma.cs, es.adapt_sigma.damps
cc, c1, cmu = sp.cc_sep, sp.c1_sep, sp.cmu_sep
chin = cma.utilities.math.Mh.chiN(n)
c = np.ones(n)
idx = np.argsort(F1, kind='stable')
y = (X1[idx] - m0) / sigma0
z = Z1[idx]  # C = I: the directions are the steps
mean = w[:mu] @ X1[idx][:mu]
ps = np.sqrt(cs * (2 - cs) * mueff) * (mean - m0) / sigma0 / np.sqrt(c)
hsig = np.sum(ps**2) / (1 - (1 - cs)**2) / n - 1 < 1 + 4 / (n + 1)
pc = hsig * np.sqrt(cc * (2 - cc) * mueff) * (mean - m0) / sigma0
c1a = c1 * (1 - (1 - hsig) * cc * (2 - cc))
wo = np.array([wi if wi >= 0 else wi * n / (np.linalg.norm(zi) + 1e-9)**2 for wi, zi in zip(w, z)])
c = (1 - c1a - cmu * np.sum(w)) * c + c1 * pc**2 + cmu * (wo @ y**2)
sigma = sigma0 * np.exp(min(1, (cs / damps) * (np.linalg.norm(ps) / chin - 1)))
print("separable, after tell 1")
print("  mean=" + r(mean))
print("  ps=" + r(ps))
print("  pc=" + r(pc))
print("  c=" + r(c))
print(f"  sigma={sigma!r}")
