"""Writes bbob reference values from COCO's C code (PyPI coco-experiment) for tests.

Covers dimensions and instances that Tests/FisherBenchmarksTests/Resources/bbob-vectors.csv
does not (d = 2, 3, 4, 7, 13, 40; instances 4, 5, 7, 15, 71, 101), with points drawn
uniformly in [-5, 5]^n, in [-6.5, 6.5]^n (outside the box, where the penalties act)
and close to the optimum. Run once; the tests read the CSV files and need no Python:

    /tmp/peers/bin/python Benchmarks/peers/bbob_reference_values.py \
        Tests/FisherBenchmarksTests/Resources
"""
import sys

import cocoex
import numpy as np

CONFIGS = [(3, 7), (4, 4), (7, 15), (13, 5), (40, 1), (40, 101), (2, 71)]


def main(out_dir):
    rng = np.random.default_rng(20091)
    values = ["function,instance,dimension,x,f"]
    optima = ["function,instance,dimension,xopt,fopt"]
    for function in range(1, 25):
        for dimension, instance in CONFIGS:
            p = cocoex.BareProblem("bbob", function, dimension, instance)
            xopt = np.asarray(p.best_parameter(), dtype=float)
            optima.append("%d,%d,%d,%s,%r" % (
                function, instance, dimension,
                ";".join(repr(float(v)) for v in xopt), float(p.best_value())))
            points = [
                rng.uniform(-5, 5, dimension),
                rng.uniform(-6.5, 6.5, dimension),
                np.clip(xopt + 1e-3 * rng.standard_normal(dimension), -5, 5),
            ]
            for x in points:
                values.append("%d,%d,%d,%s,%r" % (
                    function, instance, dimension,
                    ";".join(repr(float(v)) for v in x), float(p(x))))
    with open(out_dir + "/bbob-cocoex-values.csv", "w") as f:
        f.write("\n".join(values) + "\n")
    with open(out_dir + "/bbob-cocoex-optima.csv", "w") as f:
        f.write("\n".join(optima) + "\n")
    print("cocoex %s: %d values, %d optima" % (cocoex.__version__, len(values) - 1, len(optima) - 1))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
