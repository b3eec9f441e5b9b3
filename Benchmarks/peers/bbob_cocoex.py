"""bbob evaluations per second through cocoex (COCO's C code), for Benchmarks/run-bbob.sh.

For each function f1-f24 (instance 1) and dimension n, calls the cocoex problem on
2,000 fixed points (rows of a numpy array, uniform in [-5, 5]^n) in a Python loop,
repeated until at least 0.2 s have passed. Prints `cocoex <function> <n> <evals/s>`.
"""
import sys
import time

import cocoex
import numpy as np


def main(dimensions):
    suite = cocoex.Suite("bbob", "instances: 1", "dimensions: %s" % ",".join(map(str, dimensions)))
    for n in dimensions:
        rng = np.random.default_rng(n)
        points = rng.uniform(-5, 5, (2000, n))
        for function in range(1, 25):
            problem = suite.get_problem_by_function_dimension_instance(function, n, 1)
            evaluations = 0
            start = time.perf_counter()
            while True:
                for x in points:
                    problem(x)
                evaluations += len(points)
                elapsed = time.perf_counter() - start
                if elapsed >= 0.2:
                    break
            print("cocoex %d %d %r" % (function, n, evaluations / elapsed))
            problem.free()


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10, 40])
