"""Writes bbob-constrained reference values from COCO's C code (PyPI coco-experiment) for tests.

Two files, read by Tests/FisherBenchmarksTests/BBOB/BBOBConstrainedTests.swift:

- bbob-constrained-cocoex-problems.csv: one row per problem (all 54 functions, all six
  dimensions, instances 1, 2, 7 and 15 up to 10-D, plus instance 1000 in 2-D and 5-D;
  1, 7 and 15 in 20-D; 1 and 15 in 40-D):
  cocoex's id and name, the number of constraints, f_opt (COCO's
  coco_problem_get_best_value, which cocoex's Problem does not expose and the
  script reads from the same compiled library through ctypes), x_opt
  (coco_problem_get_best_parameter, likewise) and cocoex's initial_solution.
- bbob-constrained-cocoex-values.csv: f = problem(x) and g = problem.constraint(x)
  at points of each problem: x_opt, the initial solution, points next to each of
  them, uniform points in [-5, 5]^n and one in [-7, 7]^n (fewer points in 20-D and
  40-D, to keep the file small).

Vectors are joined by ';', numbers printed with repr (17 significant digits).
Run once; the tests read the CSV files and need no Python:

    /tmp/peers/bin/python Benchmarks/peers/bbob_constrained_reference_values.py \
        Tests/FisherBenchmarksTests/Resources
"""
import ctypes
import sys

import cocoex
import numpy as np

DIMENSIONS = [2, 3, 5, 10, 20, 40]
INSTANCES = [1, 2, 7, 15]


from coco_c_library import library  # noqa: E402


def instances_in(dimension):
    if dimension == 40:
        return [1, 15]
    if dimension == 20:
        return [1, 7, 15]
    return INSTANCES + ([1000] if dimension in (2, 5) else [])


def vector(x):
    return ";".join(repr(float(v)) for v in x)


def main(out_dir):
    rng = np.random.default_rng(2016_54)
    lib = library()
    instances = ",".join(str(i) for i in INSTANCES + [1000])
    c_suite = lib.coco_suite(b"bbob-constrained", ("instances: " + instances).encode(), b"")
    suite = cocoex.Suite("bbob-constrained", "instances: " + instances, "")
    problems = ["function,instance,dimension,id,name,constraints,fopt,xopt,initial"]
    values = ["function,instance,dimension,point,x,f,g"]
    for dimension in DIMENSIONS:
        for function in range(1, 55):
            for instance in instances_in(dimension):
                p = suite.get_problem_by_function_dimension_instance(function, dimension, instance)
                c_problem = lib.coco_suite_get_problem_by_function_dimension_instance(
                    c_suite, function, dimension, instance)
                fopt = lib.coco_problem_get_best_value(c_problem)
                buffer = (ctypes.c_double * dimension)()
                assert lib.coco_problem_get_best_parameter(c_problem, buffer) == 1
                lib.coco_problem_free(c_problem)
                xopt = np.array(buffer[:], dtype=float)
                x0 = np.asarray(p.initial_solution, dtype=float)
                problems.append("%d,%d,%d,%s,%s,%d,%r,%s,%s" % (
                    function, instance, dimension, p.id, p.name, p.number_of_constraints, fopt,
                    vector(xopt), vector(x0)))
                # Random points rounded to 4 decimals (1e-9 next to x_opt) keep the file small.
                points = [("optimum", xopt), ("initial", x0),
                          ("near-optimum", np.round(xopt + 1e-3 * rng.standard_normal(dimension), 9)),
                          ("near-initial", np.round(x0 + 0.1 * rng.standard_normal(dimension), 4)),
                          ("uniform", np.round(rng.uniform(-5, 5, dimension), 4))]
                if dimension <= 10:
                    points += [("near-optimum", np.round(xopt + 1e-6 * rng.standard_normal(dimension), 12)),
                               ("wide", np.round(rng.uniform(-7, 7, dimension), 4))]
                if dimension <= 5:
                    points += [("uniform", np.round(rng.uniform(-5, 5, dimension), 4))]
                for label, x in points:
                    f = p(x)
                    g = p.constraint(x)
                    values.append("%d,%d,%d,%s,%s,%r,%s" % (
                        function, instance, dimension, label, vector(x), float(f), vector(g)))
    with open(out_dir + "/bbob-constrained-cocoex-problems.csv", "w") as f:
        f.write("\n".join(problems) + "\n")
    with open(out_dir + "/bbob-constrained-cocoex-values.csv", "w") as f:
        f.write("\n".join(values) + "\n")
    print("cocoex %s: %d problems, %d points" % (cocoex.__version__, len(problems) - 1, len(values) - 1))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
