"""Writes the files cocoex.Observer("bbob") produces on bbob-constrained problems for
fixed call sequences, for tests.

The fixture is the folder coco-logger-constrained with points.csv
(function,instance,dimension,calls,x) and coco/, the observer's output. Each row is
one point x and the calls made on it, in order: "g" a call of problem.constraint(x)
(all m constraints at once, counted by COCO as one constraint evaluation), "f" a
call of problem(x). The rows mix "gf", "fg", "f" and "ggf", so the files show how
COCO's logger counts constraint evaluations (second column: those made by the
time of the f evaluation; .tdat lines at f + g evaluation counts) and what it logs
on points it did not see constraints for (it computes g(x) itself, uncounted, for
the best value max(f, f_opt) + sum max(0, g_i) and the digits of the fifth column).
The sequences start at each problem's initial solution and approach its optimum
(COCO's x_opt, printed by problem._best_parameter("print")), so they visit feasible
and infeasible points and trigger many target logging events. The Swift test
replays them through COCORunLogger and COCODataWriter and compares the .info,
.dat, .tdat, .rdat and .mdat files with cocoex's byte for byte.

    /tmp/peers/bin/python Benchmarks/peers/coco_logger_constrained_reference.py \
        Tests/FisherBenchmarksTests/Resources
"""
import os
import sys

import cocoex
import numpy as np

from coco_logger_reference import finish, start

# (function, instance, dimension, points): sphere with 1 constraint, linear slope with 3,
# rotated ellipsoid with 9 + 3n/4, separable Rastrigin with 9 + 3n/2, bent cigar with
# 9 + 9n/2 (189 in n = 40).
PROBLEMS = [(1, 1, 2, 150), (14, 2, 3, 200), (22, 1, 5, 250), (45, 3, 10, 200), (36, 1, 40, 120)]
CALLS = ["gf", "gf", "fg", "f", "ggf"]


def optimum(problem):
    """COCO's x_opt of a problem, which cocoex prints to a file in the working folder."""
    path = "._bbob_problem_best_parameter.txt"
    problem._best_parameter("print")
    with open(path) as f:
        x = np.array([float(v) for v in f.read().split()])
    os.remove(path)
    return x


def row(function, instance, dimension, calls, x):
    return "%d,%d,%d,%s,%s" % (function, instance, dimension, calls, ";".join(repr(float(v)) for v in x))


def main(resources):
    out = os.path.join(resources, "coco-logger-constrained")
    start(out)
    rng = np.random.default_rng(7)
    rows = ["function,instance,dimension,calls,x"]
    suite = cocoex.Suite("bbob-constrained", "", "")
    here = os.getcwd()
    os.chdir(out)
    observer = cocoex.Observer("bbob", "result_folder: coco algorithm_name: fixture")
    for function, instance, dimension, count in PROBLEMS:
        p = suite.get_problem_by_function_dimension_instance(function, dimension, instance)
        xopt = optimum(p)
        x0 = np.asarray(p.initial_solution)
        p.observe_with(observer)
        for k in range(count):
            t = k / count
            center = (1 - t) * x0 + t * xopt if t < 0.5 else xopt
            radius = 2 * 10 ** (-8 * t) * rng.uniform(0.5, 2)
            x = center + radius * rng.standard_normal(dimension)
            calls = "fg" if k == count - 1 else CALLS[rng.integers(len(CALLS))]
            rows.append(row(function, instance, dimension, calls, x))
            for c in calls:
                if c == "g":
                    p.constraint(x)
                else:
                    p(x)
        p.free()
    observer = None
    os.chdir(here)
    finish(out, rows)
    print("cocoex", cocoex.__version__, "->", out)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
