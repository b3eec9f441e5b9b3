"""Writes bbob-mixint reference values from COCO's C code (PyPI coco-experiment 2.8.2) for tests.

Three files, read by Tests/FisherBenchmarksTests/BBOB/BBOBMixintTests.swift:

- bbob-mixint-cocoex-bounds.csv: one row per dimension: number_of_integer_variables,
  lower_bounds and upper_bounds, which the script checks are the same for every
  problem of that dimension.
- bbob-mixint-cocoex-problems.csv: one row per problem (all 24 functions in all six
  dimensions; instances 1, 2, 5 and 15 up to 40-D, 1 and 15 in 80-D and 160-D):
  cocoex's id and name, f_opt (COCO's coco_problem_get_best_value, which cocoex's Problem does not expose
  and the script reads from the same compiled library through ctypes), x_opt
  (coco_problem_get_best_parameter, likewise) and cocoex's value at x_opt.
- bbob-mixint-cocoex-values.csv: f = problem(x) at points of each problem: points
  inside the bounds whose integer coordinates are not integers (some exactly
  halfway between two), points next to x_opt, and points outside the bounds
  (cocoex clamps integer coordinates and passes continuous ones on), fewer in
  40-D and above to keep the file small. Coordinates have one decimal.

Vectors are joined by ';', numbers printed with repr (17 significant digits).
Run once; the tests read the CSV files and need no Python:

    /tmp/peers/bin/python Benchmarks/peers/bbob_mixint_reference_values.py \
        Tests/FisherBenchmarksTests/Resources
"""
import ctypes
import sys

import cocoex
import numpy as np

from coco_c_library import library

DIMENSIONS = [5, 10, 20, 40, 80, 160]


def instances_in(dimension):
    return [1, 2, 5, 15] if dimension <= 40 else [1, 15]


def short(x):
    """One decimal, written without a trailing zero."""
    return ";".join(("%.1f" % v).rstrip("0").rstrip(".") for v in x)


def optimum(x, integer):
    """x_opt: integer coordinates as integers, the others with repr."""
    return ";".join("%d" % v if i else repr(float(v)) for v, i in zip(x, integer))


def points(rng, lower, upper, xopt, dimension):
    integer = upper - lower < 10  # integer coordinates have bounds 0..k-1, k <= 16; continuous ones [-5, 5]
    result = []
    count = 3 if dimension <= 20 else 1
    for _ in range(count):
        x = np.where(integer, rng.uniform(lower - 0.5, upper + 0.5), rng.uniform(-5, 5, dimension))
        halfway = integer & (rng.uniform(size=dimension) < 0.2)
        x = np.where(halfway, np.floor(x) + 0.5, x)
        result.append(("inside", np.round(x, 1)))
    if dimension <= 40:
        step = np.where(integer, rng.uniform(-0.49, 0.49, dimension), 0.05 * rng.standard_normal(dimension))
        result.append(("near-optimum", np.round(xopt + step, 1)))
    x = np.where(integer, rng.uniform(lower - 3, upper + 3), rng.uniform(-7, 7, dimension))
    result.append(("outside", np.round(x, 1)))
    return result


def main(out_dir):
    rng = np.random.default_rng(2019_24)
    lib = library()
    c_suite = lib.coco_suite(b"bbob-mixint", b"instances: 1,2,5,15", b"")
    suite = cocoex.Suite("bbob-mixint", "instances: 1,2,5,15", "")
    bounds = {}
    problems = ["function,instance,dimension,id,name,fopt,xopt,f_xopt"]
    values = ["function,instance,dimension,point,x,f"]
    for dimension in DIMENSIONS:
        for function in range(1, 25):
            for instance in instances_in(dimension):
                p = suite.get_problem_by_function_dimension_instance(function, dimension, instance)
                c_problem = lib.coco_suite_get_problem_by_function_dimension_instance(
                    c_suite, function, dimension, instance)
                fopt = lib.coco_problem_get_best_value(c_problem)
                buffer = (ctypes.c_double * dimension)()
                assert lib.coco_problem_get_best_parameter(c_problem, buffer) == 1
                lib.coco_problem_free(c_problem)
                xopt = np.array(buffer[:], dtype=float)
                lower, upper = np.asarray(p.lower_bounds), np.asarray(p.upper_bounds)
                row = "%d,%d,%s,%s" % (dimension, p.number_of_integer_variables, short(lower), short(upper))
                assert bounds.setdefault(dimension, row) == row
                integer = np.arange(dimension) < p.number_of_integer_variables
                problems.append("%d,%d,%d,%s,%s,%r,%s,%r" % (
                    function, instance, dimension, p.id, p.name, fopt, optimum(xopt, integer), float(p(xopt))))
                for label, x in points(rng, lower, upper, xopt, dimension):
                    values.append("%d,%d,%d,%s,%s,%r" % (
                        function, instance, dimension, label, short(x), float(p(x))))
    with open(out_dir + "/bbob-mixint-cocoex-bounds.csv", "w") as f:
        f.write("\n".join(["dimension,integers,lower,upper"] + list(bounds.values())) + "\n")
    with open(out_dir + "/bbob-mixint-cocoex-problems.csv", "w") as f:
        f.write("\n".join(problems) + "\n")
    with open(out_dir + "/bbob-mixint-cocoex-values.csv", "w") as f:
        f.write("\n".join(values) + "\n")
    print("cocoex %s: %d problems, %d points" % (cocoex.__version__, len(problems) - 1, len(values) - 1))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
