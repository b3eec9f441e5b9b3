"""numpy peer of `FisherPerf linalg`: eigh, cholesky and standard normals.

Prints `numpy <case> <n> <median seconds> <repetitions>` lines, and one
`# blas ...` line naming the BLAS/LAPACK library numpy runs on, its kernel
(core type) and its thread count (from threadpoolctl when installed).
Matrices: A = G Gᵀ / n + I with G Gaussian, as in the Swift benchmark.
"""
import sys
import time

import numpy as np


def median_seconds(reps, body):
    body()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        body()
        times.append(time.perf_counter() - t0)
    times.sort()
    return times[len(times) // 2]


def repetitions(n):
    return 2001 if n <= 10 else 101 if n <= 100 else 5


def blas_info():
    try:
        from threadpoolctl import threadpool_info
        parts = []
        for lib in threadpool_info():
            if lib.get("user_api") == "blas":
                parts.append("%s %s, core %s, %s threads" % (
                    lib.get("internal_api"), lib.get("version"),
                    lib.get("architecture"), lib.get("num_threads")))
        if parts:
            return "; ".join(parts)
    except ImportError:
        pass
    cfg = np.show_config(mode="dicts") if hasattr(np, "show_config") else None
    try:
        blas = cfg["Build Dependencies"]["blas"]
        return "%s %s (threadpoolctl not installed)" % (blas.get("name"), blas.get("version"))
    except Exception:
        return "unknown"


def main():
    sizes = [int(a) for a in sys.argv[1:]] or [10, 100, 1000]
    print("# blas numpy %s: %s" % (np.__version__, blas_info()))
    rng = np.random.Generator(np.random.PCG64(1))
    for n in sizes:
        g = rng.standard_normal((n, n))
        a = g @ g.T / n + np.eye(n)
        reps = repetitions(n)
        print("numpy eigh %d %r %d" % (n, median_seconds(reps, lambda: np.linalg.eigh(a)), reps))
        print("numpy cholesky %d %r %d" % (n, median_seconds(3 * reps, lambda: np.linalg.cholesky(a)), 3 * reps))
    count = 10_000_000
    out = np.empty(count)
    print("numpy normals %d %r %d" % (count, median_seconds(5, lambda: rng.standard_normal(out=out)), 5))


if __name__ == "__main__":
    main()
