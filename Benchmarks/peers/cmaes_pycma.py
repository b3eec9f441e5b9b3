"""Peer of `FisherPerf cmaes`: pycma (and the `cmaes` package for timing).

    python3 Benchmarks/peers/cmaes_pycma.py evals [seeds] [n] [function,...]
    python3 Benchmarks/peers/cmaes_pycma.py time [n ...]
    python3 Benchmarks/peers/cmaes_pycma.py minimize n generations

`evals` prints `pycma evals <function> <n> <seed> <evaluations>`: the 1-based
index of the first evaluation with f <= 1e-8 (-1 if pycma stopped first or
after 10^4 n evaluations), from x0 = (1, ..., 1) (Rosenbrock: 0) and
sigma0 = 0.5, pycma's default options; default n = 10 and all six functions.
`time` prints `pycma time <n> <CPU seconds per generation> <generations>` and
the same for `cmaes`: ask + tell on the sphere from x0 = 1, sigma0 = 1, default
popsize, objective evaluation included, median over five blocks after one
warm-up block (each block a fresh run). pycma runs with CSA step-size adaptation
at every n (its default switches to TPA for n >= 300) so both sides run the
same algorithm. Run with OPENBLAS_NUM_THREADS=1 for a single-threaded comparison.
`minimize` is the peer of `fisher minimize --strategy cma-es --problem sphere
--dimension n` (Benchmarks/run-minimize.sh): pycma from that command's start,
x0 = (3, ..., 3), sigma0 = 1, seed 1, CSA, runs `generations` generations (ask,
sphere, tell, stop checks) and prints `pycma minimize <n> <wall seconds per
generation> <generations>`, timed like the command's `seconds`: the loop only,
without interpreter start-up, imports and the construction of the strategy. A
`# pycma stop ...` line names any termination criterion pycma reported before
the last generation.
"""
import sys
import time
import warnings

import numpy as np
import cma

warnings.filterwarnings('ignore')

N_EVALS = 10


def ellipsoid(x):
    n = len(x)
    return float(sum(10 ** (6 * i / (n - 1)) * x[i] ** 2 for i in range(n)))


def rosenbrock(x):
    return float(sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(len(x) - 1)))


def cigar(x):
    return float(x[0] ** 2 + 1e6 * sum(v * v for v in x[1:]))


def discus(x):
    return float(1e6 * x[0] ** 2 + sum(v * v for v in x[1:]))


def different_powers(x):
    n = len(x)
    return float(sum(abs(x[i]) ** (2 + 4 * i / (n - 1)) for i in range(n)))


def sphere(x):
    return float(sum(v * v for v in x))


FUNCTIONS = [('sphere', sphere, 1.0), ('ellipsoid', ellipsoid, 1.0), ('rosenbrock', rosenbrock, 0.0),
             ('cigar', cigar, 1.0), ('discus', discus, 1.0), ('different-powers', different_powers, 1.0)]


def evals(seeds, n=N_EVALS, names=None):
    for name, f, start in FUNCTIONS:
        if names and name not in names:
            continue
        for seed in range(1, seeds + 1):
            es = cma.CMAEvolutionStrategy(n * [start], 0.5, {'verbose': -9, 'seed': seed})
            hit = -1
            while not es.stop() and es.countevals < 10000 * n and hit < 0:
                X = es.ask()
                F = [f(x) for x in X]
                for k, v in enumerate(F):
                    if hit < 0 and v <= 1e-8:
                        hit = es.countevals + k + 1
                es.tell(X, F)
            print(f"pycma evals {name} {n} {seed} {hit}", flush=True)


def generations_for(n):
    return 2000 if n <= 10 else 200 if n <= 100 else 40


def time_pycma(n):
    gens = generations_for(n)
    times = []
    for block in range(6):
        es = cma.CMAEvolutionStrategy(n * [1.0], 1.0, {
            'verbose': -9, 'seed': block + 1, 'AdaptSigma': cma.sigma_adaptation.CMAAdaptSigmaCSA})
        t0 = time.process_time()
        for _ in range(gens):
            X = es.ask()
            es.tell(X, [float(np.dot(x, x)) for x in X])
            es.stop()  # the termination checks Fisher runs inside tell
        if block > 0:
            times.append((time.process_time() - t0) / gens)
    times.sort()
    print(f"pycma time {n} {times[len(times) // 2]!r} {gens}", flush=True)


def time_cmaes(n):
    try:
        from cmaes import CMA
    except ImportError:
        return
    # The cmaes package decomposes C every generation; fewer generations at large n.
    gens = 2000 if n <= 10 else 100 if n <= 100 else 8
    times = []
    for block in range(6):
        opt = CMA(mean=np.ones(n), sigma=1.0, seed=block + 1)
        t0 = time.process_time()
        for _ in range(gens):
            sols = []
            for _ in range(opt.population_size):
                x = opt.ask()
                sols.append((x, float(np.dot(x, x))))
            opt.tell(sols)
        if block > 0:
            times.append((time.process_time() - t0) / gens)
    times.sort()
    print(f"cmaes time {n} {times[len(times) // 2]!r} {gens}", flush=True)


def minimize(n, gens):
    es = cma.CMAEvolutionStrategy(n * [3.0], 1.0, {
        'verbose': -9, 'seed': 1, 'AdaptSigma': cma.sigma_adaptation.CMAAdaptSigmaCSA})
    stopped = None
    t0 = time.perf_counter()
    for g in range(gens):
        X = es.ask()
        es.tell(X, [float(np.dot(x, x)) for x in X])
        stop = es.stop()
        if stop and stopped is None and g < gens - 1:
            stopped = (g + 1, dict(stop))
    seconds = time.perf_counter() - t0
    print(f"pycma minimize {n} {seconds / gens!r} {gens}", flush=True)
    if stopped:
        print(f"# pycma stop at generation {stopped[0]}: {stopped[1]}", flush=True)


def main(argv):
    if argv and argv[0] == 'evals':
        evals(int(argv[1]) if len(argv) > 1 else 15, int(argv[2]) if len(argv) > 2 else N_EVALS,
              argv[3].split(',') if len(argv) > 3 else None)
    elif argv and argv[0] == 'time':
        for n in [int(a) for a in argv[1:]] or [10, 100, 1000]:
            time_pycma(n)
            time_cmaes(n)
    elif argv and argv[0] == 'minimize' and len(argv) == 3:
        minimize(int(argv[1]), int(argv[2]))
    else:
        print(__doc__)


if __name__ == '__main__':
    main(sys.argv[1:])
