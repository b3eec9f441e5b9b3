#!/usr/bin/env bash
# CMA-ES time per generation as a user gets it: `fisher minimize` against pycma, interleaved.
#
#   Benchmarks/run-minimize.sh [n ...]        # default n = 10 100 1000
#   ROUNDS=10 FISHER=path/to/fisher Benchmarks/run-minimize.sh 10 100
#
# Fisher: `fisher minimize --strategy cma-es --problem sphere --dimension n --budget B
# --quiet --json` with B = G λ (λ = 4 + ⌊3 ln n⌋, the default population), so that the
# run ends on its budget after exactly G generations; the time per generation is the
# command's own `seconds` (the optimization loop: ask, parallel evaluation, tell and
# the stop checks, without process start-up) divided by its `generations`. The
# script checks that every run stopped on the budget after G generations.
# pycma: Benchmarks/peers/cmaes_pycma.py minimize n G, the same start (x0 = 3,
# σ0 = 1), G generations of ask, sphere, tell and pycma's stop checks, timed the
# same way (wall time of the loop).
# G defaults to 150 at n ≤ 10 (both CMA-ES stop on their function-value tolerance
# after about 220 generations on the 10-D sphere), 300 at n ≤ 100, 40 above;
# GENERATIONS="10:150 100:300 1000:40" overrides it per n.
# Fisher runs with its defaults: CMA-ES's update on one thread, the evaluations
# on all cores (THREADS=k passes --threads k). pycma runs numpy on one BLAS thread
# (OPENBLAS_NUM_THREADS, default 1): with its default of one thread per core,
# OpenBLAS's waiting threads made pycma up to 8× slower at n = 100 on a busy
# 2-core machine, which would flatter Fisher.
# Each of ROUNDS rounds (default 5) runs, for every n, fisher and then pycma
# (Benchmarks/ratios.py). Prints a Markdown table of medians over rounds, the
# median and spread of the per-round ratio pycma / Fisher, and the wall time of
# each whole process (start-up and imports included) for reference.
# FISHER=binary uses a release fisher built earlier; else one is built (SCRATCH=folder).
# Python: $PYTHON, else /tmp/peers/bin/python, else python3 (needs cma, numpy).
set -euo pipefail
cd "$(dirname "$0")/.."
NO_FISHERPERF=1 source Benchmarks/setup.sh  # PY, release_binary
FISHER=$(release_binary fisher FISHER)
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(10 100 1000)
"$PY" - "$FISHER" "$PY" "${SIZES[@]}" <<'PYEOF'
import json, math, os, sys
sys.path.insert(0, "Benchmarks")
import ratios

fisher, python, sizes = sys.argv[1], sys.argv[2], sys.argv[3:]
rounds = ratios.rounds_from_env(5)
chosen = dict(item.split(":") for item in os.environ.get("GENERATIONS", "").split())
threads = os.environ.get("THREADS")
blas_threads = os.environ.get("OPENBLAS_NUM_THREADS", "1")

def generations(n):
    return int(chosen.get(str(n), 150 if n <= 10 else 300 if n <= 100 else 40))

runs = {}  # n -> the JSON objects of fisher's runs

def fisher_parser(n, g):
    def parse(text):
        r = json.loads(text)
        runs.setdefault(n, []).append(r)
        if r["generations"] != g or r["stop_reason"] != "budget":
            raise SystemExit(f"fisher minimize n={n} stopped after {r['generations']} generations "
                             f"({r['stop_reason']}), not on its budget after {g}: choose fewer GENERATIONS")
        return {("fisher", str(n)): r["seconds"] / r["generations"]}
    return parse

def pycma_parser(n, g):
    def parse(text):
        for line in text.splitlines():
            if line.startswith("# pycma stop"):
                print(f"note, n={n}: {line[2:]}", file=sys.stderr)
        return {("pycma", str(n)): ratios.columns(text, keys=3)[("pycma", "minimize", str(n))]}
    return parse

sides = []
for s in sizes:
    n = int(s)
    g = generations(n)
    lam = 4 + int(3 * math.log(n))
    argv = [fisher, "minimize", "--strategy", "cma-es", "--problem", "sphere", "--dimension", s,
            "--budget", str(g * lam), "--quiet", "--json"] + (["--threads", threads] if threads else [])
    sides.append(ratios.Side(f"fisher n={n}", argv, fisher_parser(n, g)))
    sides.append(ratios.Side(f"pycma n={n}", [python, "Benchmarks/peers/cmaes_pycma.py", "minimize", s, str(g)],
                             pycma_parser(n, g), env={"OPENBLAS_NUM_THREADS": blas_threads}))
print(f"machine: {ratios.machine()}; load average before: {ratios.loadavg()}")
print("fisher: " + " ".join(sides[0].command(0)[1:]).replace(f"--dimension {sizes[0]}", "--dimension n")
      .replace(f"--budget {generations(int(sizes[0])) * (4 + int(3 * math.log(int(sizes[0]))))}", "--budget Gλ")
      + f"; threads: {threads or 'default (all cores)'}; pycma's OPENBLAS_NUM_THREADS: {blas_threads}")
results = ratios.run_interleaved(rounds, sides)
print(f"load average after: {ratios.loadavg()}")
print(ratios.interleaving_note(rounds, [s.name for s in sides]))
print()
print("| n | λ | generations G | Fisher stop | Fisher µs/gen | pycma µs/gen | pycma / Fisher: median (IQR, range) | process wall s: fisher, pycma |")
print("|---:|---:|---:|---|---:|---:|---|---|")
us = lambda v: f"{v * 1e6:.1f}"
for s in sizes:
    n = int(s)
    f, p = ("fisher", s), ("pycma", s)
    stops = sorted({r["stop_reason"] for r in runs.get(n, [])})
    walls = [ratios.fmt_median(ratios.values(results, ("wall", f"{w} n={n}")), lambda v: f"{v:.3f}")
             for w in ("fisher", "pycma")]
    print(f"| {n} | {4 + int(3 * math.log(n))} | {generations(n)} | {', '.join(stops)} | "
          f"{ratios.fmt_median(ratios.values(results, f), us)} | {ratios.fmt_median(ratios.values(results, p), us)} | "
          f"{ratios.fmt_ratio(ratios.per_round(results, p, f), digits=1)} | {walls[0]}, {walls[1]} |")
PYEOF
