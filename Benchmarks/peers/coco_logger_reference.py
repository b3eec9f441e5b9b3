"""Writes the files cocoex.Observer("bbob") produces for fixed point sequences, for tests.

Two fixtures, each a folder with points.csv (function,instance,dimension,x) and
coco/, the observer's output for those evaluations:

- coco-logger: bbob problems. The sequences approach each problem's optimum with
  noise, so they trigger many target and evaluation logging events. The Swift test
  replays them through COCORunLogger/COCODataWriter and compares the .info, .dat,
  .tdat, .rdat and .mdat files with cocoex's byte for byte.
- coco-logger-noisy: bbob-noisy problems, each taken from a freshly constructed
  cocoex.Suite("bbob-noisy", ...) so that its noise starts from COCO's reset
  state: evaluation k of a problem is BBOBNoisyFunction.value(at:evaluation: k).
  The sequences approach the optimum and visit a few points outside [-5, 5]^n
  (where the noisy value has a boundary penalty). cocoex logs the noise-free value
  of every evaluation, in every column; the Swift test logs the same values and
  compares the files byte for byte.

    /tmp/peers/bin/python Benchmarks/peers/coco_logger_reference.py \
        Tests/FisherBenchmarksTests/Resources
"""
import os
import shutil
import sys

import cocoex
import numpy as np

PROBLEMS = [(1, 1, 2, 157), (1, 2, 2, 40), (8, 1, 3, 300), (21, 3, 5, 233), (3, 1, 40, 120)]
# (function, instance, dimension, evaluations): moderate Gaussian and Cauchy noise on the
# sphere and Rosenbrock, severe noise on the step ellipsoid, Schaffers and Gallagher.
NOISY_PROBLEMS = [(101, 1, 2, 157), (101, 2, 2, 40), (106, 1, 3, 300), (113, 3, 5, 233), (122, 1, 10, 150),
                  (129, 2, 40, 120)]
# The noiseless bbob function each noisy one is built on; it has the same x_opt.
BASES = [1] * 3 + [8] * 3 + [1] * 3 + [8] * 3 + [7] * 3 + [10] * 3 + [14] * 3 + [17] * 3 + [19] * 3 + [21] * 3


def start(out):
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(out)


def finish(out, rows):
    with open(os.path.join(out, "points.csv"), "w") as f:
        f.write("\n".join(rows) + "\n")
    os.rename(os.path.join(out, "exdata", "coco"), os.path.join(out, "coco"))
    os.rmdir(os.path.join(out, "exdata"))


def row(function, instance, dimension, x):
    return "%d,%d,%d,%s" % (function, instance, dimension, ";".join(repr(float(v)) for v in x))


def noiseless(out):
    start(out)
    rng = np.random.default_rng(5)
    rows = ["function,instance,dimension,x"]
    suite = cocoex.Suite("bbob", "", "")
    here = os.getcwd()
    os.chdir(out)
    observer = cocoex.Observer("bbob", "result_folder: coco algorithm_name: fixture")
    for function, instance, dimension, count in PROBLEMS:
        p = suite.get_problem_by_function_dimension_instance(function, dimension, instance)
        p.observe_with(observer)
        xopt = np.asarray(cocoex.BareProblem("bbob", function, dimension, instance).best_parameter())
        for k in range(count):
            radius = 5 * 10 ** (-6 * k / count) * rng.uniform(0.5, 2)
            x = xopt + radius * rng.standard_normal(dimension)
            rows.append(row(function, instance, dimension, x))
            p(x)
        p.free()
    observer = None
    os.chdir(here)
    finish(out, rows)


def noisy(out):
    start(out)
    rng = np.random.default_rng(2249)
    rows = ["function,instance,dimension,x"]
    here = os.getcwd()
    os.chdir(out)
    observer = cocoex.Observer("bbob", "result_folder: coco algorithm_name: fixture")
    suites = []
    for function, instance, dimension, count in NOISY_PROBLEMS:
        # A new suite resets COCO's noise counters; keep it alive while its problem is observed.
        suites.append(cocoex.Suite("bbob-noisy", "", ""))
        p = suites[-1].get_problem_by_function_dimension_instance(function, dimension, instance)
        p.observe_with(observer)
        base = BASES[function - 101]
        xopt = np.asarray(cocoex.BareProblem("bbob", base, dimension, instance).best_parameter())
        for k in range(count):
            radius = 5 * 10 ** (-7 * k / count) * rng.uniform(0.5, 2)
            x = xopt + radius * rng.standard_normal(dimension)
            if k % 37 == 3:
                x[rng.integers(dimension)] = rng.choice([-1, 1]) * rng.uniform(5.5, 7)
            rows.append(row(function, instance, dimension, x))
            p(x)
        p.free()
    observer = None
    os.chdir(here)
    finish(out, rows)


def main(resources):
    noiseless(os.path.join(resources, "coco-logger"))
    noisy(os.path.join(resources, "coco-logger-noisy"))
    print("cocoex", cocoex.__version__, "->", resources)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
