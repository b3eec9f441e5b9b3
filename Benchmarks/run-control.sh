#!/usr/bin/env bash
# Model-predictive control benchmark: Fisher's MPPI vs pytorch_mppi on the pendulum,
# interleaved, and Fisher's unicycle time per command.
#
#   Benchmarks/run-control.sh                          # 20 rounds, seeds 0..19
#   ROUNDS=10 FISHER=path/to/fisher Benchmarks/run-control.sh
#   SEEDS="0 1 2" PYTHON=/tmp/peers/bin/python3 Benchmarks/run-control.sh
#
# Each round is one seed s (ROUNDS rounds, default 20, seeds 0 … ROUNDS − 1, or the
# seeds listed in SEEDS) and runs, one after the other (Benchmarks/ratios.py):
#   1. fisher control pendulum with pytorch_mppi's semantics (random initial sequence),
#   2. pytorch_mppi (Benchmarks/peers/pendulum_pytorch_mppi.py, its own process; its
#      time per command excludes start-up),
#   3. fisher as 1 with 10 % zero-mean samples,
#   4. fisher as 1 with the pendulum written plainly (`--plain`: PlainPendulum, one state and
#      control at a time, the standard library's sin; batched by Fisher),
# all with K = 1000, T = 15, 200 steps, THREADS threads (default 2). Both Fisher runs
# are next to the peer run of their round; the time ratio pytorch_mppi / Fisher is
# taken per round and reported as its median with the interquartile range and range.
# The cost statistics (medians, mean ± standard error, sign test over seeds) are over
# the same rounds. Then Fisher's unicycle (K = 2048, T = 56), one run per seed.
#
# FISHER=path/to/fisher uses a release binary built earlier instead of building one
# (in SCRATCH, default .build-bench).
# Needs a Python with torch (CPU) and pytorch-mppi, e.g.
#   python3 -m venv /tmp/peers && /tmp/peers/bin/pip install torch pytorch-mppi numpy
set -euo pipefail
cd "$(dirname "$0")/.."
export SCRATCH=${SCRATCH:-.build-bench}
NO_FISHERPERF=1 source Benchmarks/setup.sh  # PY, release_binary
FISHER=$(release_binary fisher FISHER)
export ROUNDS=${ROUNDS:-20}
SEEDS=${SEEDS:-"$(seq -s " " 0 $((ROUNDS - 1)))"}
THREADS=${THREADS:-2}
"$PY" - "$FISHER" "$PY" "$THREADS" $SEEDS <<'PY'
import json, resource, statistics, subprocess, sys
sys.path.insert(0, "Benchmarks")
import ratios

fisher, python, threads, seeds = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
K, T, N, LAMBDA, SIGMA = "1000", "15", "200", "1", "3.1622776601683795"
print(f"machine: {ratios.machine()}; load average before: {ratios.loadavg()}")
print(f"pendulum: K={K} T={T} N={N} lambda={LAMBDA} sigma={SIGMA} threads={threads} seeds: {' '.join(seeds)}")

def fisher_pendulum(*extra):
    return lambda r: [fisher, "control", "pendulum", "--samples", K, "--horizon", T, "--steps", N,
                      "--seed", seeds[r], "--lambda", LAMBDA, "--sigma", SIGMA, "--threads", threads,
                      "--random-init", *extra, "--json"]

one = lambda name: lambda text: {name: json.loads(text.strip().splitlines()[-1])}
sides = [
    ratios.Side("fisher", fisher_pendulum(), one("fisher")),
    ratios.Side("pytorch_mppi", lambda r: [python, "Benchmarks/peers/pendulum_pytorch_mppi.py", "--samples", K,
                                           "--horizon", T, "--steps", N, "--lambda", LAMBDA, "--sigma", SIGMA,
                                           "--threads", threads, "--seeds", seeds[r]], one("peer")),
    ratios.Side("fisher + zero-mean", fisher_pendulum("--zero-mean", "0.1"), one("fisher-zm")),
    ratios.Side("fisher plain model", fisher_pendulum("--plain"), one("fisher-plain")),
]
results = ratios.run_interleaved(len(seeds), sides)
fisher_runs, fisher_zm, fisher_plain, peer = ([r[k] for r in results] for k in ("fisher", "fisher-zm", "fisher-plain", "peer"))
times = [{"fisher": r["fisher"]["ms_per_step"], "fisher-zm": r["fisher-zm"]["ms_per_step"],
          "fisher-plain": r["fisher-plain"]["ms_per_step"], "peer": r["peer"]["ms_per_step"]} for r in results]
med = lambda rows, k: statistics.median(r[k] for r in rows)
print(ratios.interleaving_note(len(seeds), [s.name for s in sides]))
print()
print("| pendulum (median over %d seeds) | total cost | ms / command | upright steps |" % len(fisher_runs))
print("| --- | ---: | ---: | ---: |")
for name, rows in (("Fisher MPPI (pytorch_mppi semantics)", fisher_runs), ("Fisher MPPI + 10 % zero-mean samples", fisher_zm),
                   ("Fisher MPPI, plain model (`--plain`)", fisher_plain), ("pytorch_mppi", peer)):
    print(f"| {name} | {med(rows, 'total_cost'):.1f} | {med(rows, 'ms_per_step'):.3f} | {med(rows, 'upright_steps'):.0f} |")
print(f"| ratio of medians pytorch_mppi / Fisher | {med(peer, 'total_cost') / med(fisher_runs, 'total_cost'):.2f} | | |")
print(f"| ratio of medians pytorch_mppi / Fisher + zero-mean | {med(peer, 'total_cost') / med(fisher_zm, 'total_cost'):.2f} | | |")
print()
print("time per command, pytorch_mppi / Fisher, per round (adjacent runs): "
      + ratios.fmt_ratio(ratios.per_round(times, "peer", "fisher"), digits=1))
print("time per command, pytorch_mppi / Fisher + zero-mean, per round (adjacent runs): "
      + ratios.fmt_ratio(ratios.per_round(times, "peer", "fisher-zm"), digits=1))
print("time per command, pytorch_mppi / Fisher plain model, per round: "
      + ratios.fmt_ratio(ratios.per_round(times, "peer", "fisher-plain"), digits=1))
print("time per command, Fisher plain model / Fisher hand-vectorized, per round: "
      + ratios.fmt_ratio(ratios.per_round(times, "fisher-plain", "fisher")))
for name, key in (("Fisher", "fisher"), ("Fisher + zero-mean", "fisher-zm"), ("Fisher plain model", "fisher-plain"), ("pytorch_mppi", "peer")):
    s = ratios.Spread(ratios.values(times, key))
    print(f"ms / command {name}: median {s.median:.3f} (IQR {s.q1:.3f}–{s.q3:.3f}, range {s.low:.3f}–{s.high:.3f})")
print()
# Is the difference in total cost more than the seed-to-seed noise? Mean ± standard error over
# seeds, and the one-sided exact sign test of Fisher < pytorch_mppi over seeds paired by seed
# (the seeds differ between the two programs' generators, so pairing only balances the count).
def mean_se(rows):
    c = [r["total_cost"] for r in rows]
    return statistics.mean(c), statistics.stdev(c) / len(c) ** 0.5 if len(c) > 1 else float("nan")
for name, rows in (("Fisher", fisher_runs), ("Fisher + zero-mean", fisher_zm), ("Fisher plain model", fisher_plain), ("pytorch_mppi", peer)):
    m, se = mean_se(rows)
    print(f"mean total cost {name}: {m:.1f} ± {se:.1f} (standard error over {len(rows)} seeds)")
for name, rows in (("Fisher", fisher_runs), ("Fisher + zero-mean", fisher_zm)):
    (a, sa), (b, sb) = mean_se(rows), mean_se(peer)
    print(f"{name} − pytorch_mppi: {a - b:+.1f} ± {(sa * sa + sb * sb) ** 0.5:.1f} (Welch standard error)")
print()
print("per seed (total cost fisher / fisher+zero-mean / peer):",
      ", ".join(f"{f['seed']}: {f['total_cost']:.1f} / {z['total_cost']:.1f} / {p['total_cost']:.1f}" for f, z, p in zip(fisher_runs, fisher_zm, peer)))

# Unicycle: wall time per command, and CPU time per command (user + sys of the whole run / steps).
uni = []
for s in seeds:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run([fisher, "control", "unicycle", "--samples", "2048", "--horizon", "56", "--seed", s,
                          "--threads", threads, "--json"], capture_output=True, text=True, check=True).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    r = json.loads(out)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    r["cpu_ms_per_step"] = 1000 * cpu / r["steps"]
    uni.append(r)
print()
print("| unicycle K=2048 T=56 (median over %d seeds) | ms / command (wall) | CPU ms / command | reached goal | collisions | steps to goal |" % len(uni))
print("| --- | ---: | ---: | ---: | ---: | ---: |")
print(f"| Fisher MPPI | {med(uni, 'ms_per_step'):.3f} | {med(uni, 'cpu_ms_per_step'):.3f} | {sum(r['reached_goal'] for r in uni)}/{len(uni)} | "
      f"{sum(r['collisions'] for r in uni)} | {statistics.median(r['steps_to_goal'] or 10**9 for r in uni)} |")
print()
print(f"load average after the run: {ratios.loadavg()}")
PY
