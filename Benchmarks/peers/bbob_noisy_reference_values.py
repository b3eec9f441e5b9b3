"""Writes bbob-noisy reference values from COCO's C code (PyPI coco-experiment) for tests.

COCO draws the noise of every bbob-noisy problem from two process-wide counters that
cocoex resets whenever a Suite is constructed. Two files follow from that:

- bbob-noisy-cocoex-values.csv: each of f101-f130 at six (dimension, instance) pairs,
  evaluated right after a reset at eight points in the listed order (the origin, x_opt,
  a point next to x_opt, four uniform points in [-5, 5]^n and one in [-6.5, 6.5]^n);
  a test replays each problem with a fresh BBOBNoiseStream.
- bbob-noisy-cocoex-session.csv: one session after one reset, 300 evaluations of
  problems and points chosen at random, interleaved, including points with an infinite
  or NaN coordinate (which draw no noise); a test replays it with one shared stream.

Run once; the tests read the CSV files and need no Python:

    /tmp/peers/bin/python Benchmarks/peers/bbob_noisy_reference_values.py \
        Tests/FisherBenchmarksTests/Resources
"""
import sys

import cocoex
import numpy as np

CONFIGS = [(2, 1), (3, 7), (5, 15), (10, 1), (20, 4), (40, 2)]
# The noiseless bbob function each noisy one is built on; it has the same x_opt.
BASES = [1] * 3 + [8] * 3 + [1] * 3 + [8] * 3 + [7] * 3 + [10] * 3 + [14] * 3 + [17] * 3 + [19] * 3 + [21] * 3


def reset():
    """Constructing any cocoex Suite resets COCO's noise counters to 30."""
    cocoex.Suite("bbob", "", "function_indices:1 dimensions:2 instance_indices:1")


def row(p, function, instance, dimension, x):
    return "%d,%d,%d,%s,%r" % (
        function, instance, dimension, ";".join(repr(float(v)) for v in x), float(p(np.asarray(x, dtype=float))))


def main(out_dir):
    rng = np.random.default_rng(2009101)
    suite = cocoex.Suite("bbob-noisy", "", "")
    values = ["function,instance,dimension,x,f"]
    for function in range(101, 131):
        for dimension, instance in CONFIGS:
            p = suite.get_problem_by_function_dimension_instance(function, dimension, instance)
            base = cocoex.BareProblem("bbob", BASES[function - 101], dimension, instance)
            xopt = np.asarray(base.best_parameter(), dtype=float)
            points = [np.zeros(dimension), xopt, np.clip(xopt + 1e-3 * rng.standard_normal(dimension), -5, 5)]
            points += [rng.uniform(-5, 5, dimension) for _ in range(4)]
            points.append(rng.uniform(-6.5, 6.5, dimension))
            reset()
            for x in points:
                values.append(row(p, function, instance, dimension, x))
    with open(out_dir + "/bbob-noisy-cocoex-values.csv", "w") as f:
        f.write("\n".join(values) + "\n")

    problems = [(f, d, i) for f in range(101, 131) for d, i in CONFIGS[:4]]
    handles = {key: suite.get_problem_by_function_dimension_instance(*key) for key in problems}
    session = ["function,instance,dimension,x,f"]
    reset()
    for k in range(300):
        function, dimension, instance = problems[rng.integers(len(problems))]
        x = rng.uniform(-6, 6, dimension)
        if k in (40, 170):
            x[rng.integers(dimension)] = np.inf
        if k in (90, 250):
            x[rng.integers(dimension)] = np.nan
        session.append(row(handles[(function, dimension, instance)], function, instance, dimension, x))
    with open(out_dir + "/bbob-noisy-cocoex-session.csv", "w") as f:
        f.write("\n".join(session) + "\n")
    print("cocoex %s: %d values, a session of %d" % (cocoex.__version__, len(values) - 1, len(session) - 1))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
