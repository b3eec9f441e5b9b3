"""Writes the files cocoex.Observer("bbob") produces for fixed point sequences, for tests.

The sequences (points.csv: function,instance,dimension,x) approach each problem's
optimum with noise, so they trigger many target and evaluation logging events.
The Swift test replays them through COCORunLogger/COCODataWriter and compares
the .info, .dat and .tdat files with cocoex's byte for byte:

    /tmp/peers/bin/python Benchmarks/peers/coco_logger_reference.py \
        Tests/FisherBenchmarksTests/Resources/coco-logger
"""
import os
import shutil
import sys

import cocoex
import numpy as np

PROBLEMS = [(1, 1, 2, 157), (1, 2, 2, 40), (8, 1, 3, 300), (21, 3, 5, 233), (3, 1, 40, 120)]


def main(out):
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(out)
    rng = np.random.default_rng(5)
    rows = ["function,instance,dimension,x"]
    suite = cocoex.Suite("bbob", "", "")
    os.chdir(out)
    observer = cocoex.Observer("bbob", "result_folder: coco algorithm_name: fixture")
    for function, instance, dimension, count in PROBLEMS:
        p = suite.get_problem_by_function_dimension_instance(function, dimension, instance)
        p.observe_with(observer)
        xopt = np.asarray(cocoex.BareProblem("bbob", function, dimension, instance).best_parameter())
        for k in range(count):
            radius = 5 * 10 ** (-6 * k / count) * rng.uniform(0.5, 2)
            x = xopt + radius * rng.standard_normal(dimension)
            rows.append("%d,%d,%d,%s" % (function, instance, dimension, ";".join(repr(float(v)) for v in x)))
            p(x)
        p.free()
    observer = None
    with open("points.csv", "w") as f:
        f.write("\n".join(rows) + "\n")
    os.rename("exdata/coco", "coco")
    os.rmdir("exdata")
    print("cocoex", cocoex.__version__, "->", out)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "coco-logger")
