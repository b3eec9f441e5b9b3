"""numpy peer of `FisherPerf strategies`: one generation (ask, sphere, tell) of
xNES, SNES, CEM, exponential weights and OpenAI-ES, written the way these
algorithms are usually written in numpy (vectorized, as in evosax/estool),
with the same defaults as Fisher's implementations.

Prints `numpy <strategy> <n> <median seconds per generation> <generations>`.
"""
import math
import sys
import time

import numpy as np


def default_lambda(n):
    return 4 + int(3 * math.log(n))


def nes_utilities(lam):
    raw = np.maximum(0.0, math.log(lam / 2 + 1) - np.log(np.arange(1, lam + 1)))
    return raw / raw.sum() - 1.0 / lam


class XNES:
    def __init__(self, n, rng):
        self.n, self.rng = n, rng
        self.lam = default_lambda(n)
        self.u = nes_utilities(self.lam)
        self.eta = 3 * (3 + math.log(n)) / (5 * n * math.sqrt(n))
        self.m, self.sigma, self.B = np.ones(n), 1.0, np.eye(n)

    def step(self):
        z = self.rng.standard_normal((self.lam, self.n))
        x = self.m + self.sigma * z @ self.B.T
        f = (x * x).sum(1)
        u = np.empty(self.lam)
        u[np.argsort(f, kind="stable")] = self.u
        gd = u @ z
        gm = (z.T * u) @ z - u.sum() * np.eye(self.n)
        gs = np.trace(gm) / self.n
        gb = gm - gs * np.eye(self.n)
        self.m = self.m + self.sigma * self.B @ gd
        self.sigma *= math.exp(self.eta / 2 * gs)
        w, v = np.linalg.eigh(self.eta / 2 * gb)
        self.B = self.B @ (v * np.exp(w)) @ v.T

    def stopped(self):
        # tolx and the condition of BBᵀ, the criteria Fisher checks every generation.
        bbt = self.B @ self.B.T
        e = np.linalg.eigvalsh(bbt)
        return self.sigma * math.sqrt(np.diag(bbt).max()) < 1e-12 or e[-1] > 1e14 * e[0]


class SNES:
    def __init__(self, n, rng):
        self.n, self.rng = n, rng
        self.lam = default_lambda(n)
        self.u = nes_utilities(self.lam)
        self.eta = (3 + math.log(n)) / (5 * math.sqrt(n))
        self.m, self.s = np.ones(n), np.ones(n)

    def step(self):
        z = self.rng.standard_normal((self.lam, self.n))
        x = self.m + self.s * z
        f = (x * x).sum(1)
        u = np.empty(self.lam)
        u[np.argsort(f, kind="stable")] = self.u
        self.m = self.m + self.s * (u @ z)
        self.s = self.s * np.exp(self.eta / 2 * (u @ (z * z - 1)))

    def stopped(self):
        return self.s.max() < 1e-12 or (self.s.max() / self.s.min()) ** 2 > 1e14


class CEM:
    def __init__(self, n, rng):
        self.n, self.rng = n, rng
        self.lam = 5 * default_lambda(n)
        self.mu = self.lam // 2
        self.m, self.s = np.ones(n), np.ones(n)

    def step(self):
        x = self.m + self.s * self.rng.standard_normal((self.lam, self.n))
        f = (x * x).sum(1)
        elite = x[np.argsort(f, kind="stable")[: self.mu]]
        self.m = elite.mean(0)
        self.s = 0.7 * elite.std(0) + 0.3 * self.s

    def stopped(self):
        return self.s.max() < 1e-12


class ExpWeights:
    def __init__(self, n, rng):
        self.n, self.rng = n, rng
        self.lam = 5 * default_lambda(n)
        self.target = 0.5 * self.lam
        self.m, self.s = np.ones(n), np.ones(n)

    @staticmethod
    def ess(d, lam):
        w = np.exp(-d / lam)
        w /= w.sum()
        return 1.0 / (w * w).sum(), w

    def step(self):
        x = self.m + self.s * self.rng.standard_normal((self.lam, self.n))
        f = (x * x).sum(1)
        d = f - f.min()
        pos = d[d > 0]
        lo, hi = math.log(pos.min()) - math.log(1e4), math.log(pos.max()) + math.log(1e6)
        for _ in range(100):
            mid = 0.5 * (lo + hi)
            if self.ess(d, math.exp(mid))[0] < self.target:
                lo = mid
            else:
                hi = mid
            if hi - lo <= 1e-15 * max(1.0, abs(lo)):
                break
        _, w = self.ess(d, math.exp(0.5 * (lo + hi)))
        m = w @ x
        s = np.sqrt(w @ ((x - m) ** 2))
        self.m, self.s = m, 0.7 * s + 0.3 * self.s

    def stopped(self):
        return self.s.max() < 1e-12


class OpenAIES:
    def __init__(self, n, rng):
        self.n, self.rng = n, rng
        lam = default_lambda(n)
        self.lam = lam + lam % 2
        self.theta, self.sigma = np.ones(n), 0.1
        self.mm, self.v, self.t = np.zeros(n), np.zeros(n), 0

    def step(self):
        eps = self.rng.standard_normal((self.lam // 2, self.n))
        d = np.empty((self.lam, self.n))
        d[0::2], d[1::2] = eps, -eps
        x = self.theta + self.sigma * d
        f = (x * x).sum(1)
        r = np.empty(self.lam)
        r[np.argsort(f, kind="stable")] = np.arange(self.lam) / (self.lam - 1) - 0.5
        g = r @ d / (self.lam * self.sigma)
        self.t += 1
        a = 0.01 * math.sqrt(1 - 0.999 ** self.t) / (1 - 0.99 ** self.t)
        self.mm = 0.99 * self.mm + 0.01 * g
        self.v = 0.999 * self.v + 0.001 * g * g
        self.theta = self.theta - a * self.mm / (np.sqrt(self.v) + 1e-8)

    def stopped(self):
        return False


def run(name, cls, n):
    s = cls(n, np.random.default_rng(1))
    work = s.lam * n * (n if name == "xnes" else 4)
    generations = max(3, 4_000_000 // work)
    times = []
    for block in range(8):
        t0 = time.perf_counter()
        for _ in range(generations):
            s.step()
            if s.stopped():
                s = cls(n, np.random.default_rng(block))
        if block > 0:
            times.append((time.perf_counter() - t0) / generations)
    times.sort()
    print("numpy %s %d %r %d" % (name, n, times[len(times) // 2], generations))


def main():
    sizes = [int(a) for a in sys.argv[1:]] or [10, 100, 1000]
    for n in sizes:
        if n <= 100:
            run("xnes", XNES, n)
        run("snes", SNES, n)
        run("cem", CEM, n)
        run("exp-weights", ExpWeights, n)
        run("openai-es", OpenAIES, n)


if __name__ == "__main__":
    main()
