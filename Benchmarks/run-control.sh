#!/usr/bin/env bash
# Model-predictive control benchmark: Fisher's MPPI vs pytorch_mppi on the pendulum,
# and Fisher's unicycle time per command, measured in one run.
#
#   Benchmarks/run-control.sh            # seeds 0..19
#   SEEDS="0 1 2" PYTHON=/tmp/peers/bin/python3 Benchmarks/run-control.sh
#
# Needs a Python with torch (CPU) and pytorch-mppi, e.g.
#   python3 -m venv /tmp/peers && /tmp/peers/bin/pip install torch pytorch-mppi numpy
set -euo pipefail
cd "$(dirname "$0")/.."
SEEDS=${SEEDS:-"$(seq -s " " 0 19)"}
PYTHON=${PYTHON:-/tmp/peers/bin/python3}
SCRATCH=${SCRATCH:-.build-bench}
THREADS=${THREADS:-2}
K=1000; T=15; N=200; LAMBDA=1; SIGMA=3.1622776601683795

# FISHER=path/to/fisher uses a release binary built earlier instead of building one.
if [ -z "${FISHER:-}" ]; then
  swift build -c release --product fisher --scratch-path "$SCRATCH" >/dev/null
  FISHER="$SCRATCH/release/fisher"
fi
OUT=$(mktemp -d)

echo "machine: $(lscpu | grep 'Model name' | sed 's/Model name: *//'), $(nproc) cores"
echo "pendulum: K=$K T=$T N=$N lambda=$LAMBDA sigma=$SIGMA threads=$THREADS seeds: $SEEDS"
# Fisher with pytorch_mppi's semantics (random initial sequence), with 10 % zero-mean samples,
# and pytorch_mppi, one seed after the other, so that a machine whose speed drifts during the
# run affects both programs alike (each seed's peer run is its own process; its time per
# command excludes start-up).
for s in $SEEDS; do
  "$FISHER" control pendulum --samples $K --horizon $T --steps $N --seed "$s" --lambda $LAMBDA \
    --sigma $SIGMA --threads "$THREADS" --random-init --json >> "$OUT/fisher.jsonl"
  "$FISHER" control pendulum --samples $K --horizon $T --steps $N --seed "$s" --lambda $LAMBDA \
    --sigma $SIGMA --threads "$THREADS" --random-init --zero-mean 0.1 --json >> "$OUT/fisher-zm.jsonl"
  "$PYTHON" Benchmarks/peers/pendulum_pytorch_mppi.py --samples $K --horizon $T --steps $N \
    --lambda $LAMBDA --sigma $SIGMA --threads "$THREADS" --seeds "$s" >> "$OUT/peer.jsonl"
done
# Unicycle: wall time per command, and CPU time per command (user + sys of the whole run / steps).
for s in $SEEDS; do
  python3 - "$FISHER" "$s" "$THREADS" >> "$OUT/unicycle.jsonl" <<'PY'
import json, resource, subprocess, sys
fisher, seed, threads = sys.argv[1:4]
out = subprocess.run([fisher, "control", "unicycle", "--samples", "2048", "--horizon", "56", "--seed", seed,
                      "--threads", threads, "--json"], capture_output=True, text=True, check=True).stdout
r = json.loads(out)
u = resource.getrusage(resource.RUSAGE_CHILDREN)
r["cpu_ms_per_step"] = 1000 * (u.ru_utime + u.ru_stime) / r["steps"]
print(json.dumps(r))
PY
done

python3 - "$OUT" <<'PY'
import json, statistics, sys
d = sys.argv[1]
load = lambda f: [json.loads(l) for l in open(f"{d}/{f}") if l.strip()]
fisher, fisher_zm, peer, uni = load("fisher.jsonl"), load("fisher-zm.jsonl"), load("peer.jsonl"), load("unicycle.jsonl")
med = lambda rows, k: statistics.median(r[k] for r in rows)
print()
print("| pendulum (median over %d seeds) | total cost | ms / command | upright steps |" % len(fisher))
print("| --- | ---: | ---: | ---: |")
for name, rows in (("Fisher MPPI (pytorch_mppi semantics)", fisher), ("Fisher MPPI + 10 % zero-mean samples", fisher_zm), ("pytorch_mppi", peer)):
    print(f"| {name} | {med(rows, 'total_cost'):.1f} | {med(rows, 'ms_per_step'):.3f} | {med(rows, 'upright_steps'):.0f} |")
print(f"| ratio pytorch_mppi / Fisher | {med(peer, 'total_cost') / med(fisher, 'total_cost'):.2f} | "
      f"{med(peer, 'ms_per_step') / med(fisher, 'ms_per_step'):.1f}x | |")
print()
print(f"| ratio pytorch_mppi / Fisher + zero-mean | {med(peer, 'total_cost') / med(fisher_zm, 'total_cost'):.2f} | "
      f"{med(peer, 'ms_per_step') / med(fisher_zm, 'ms_per_step'):.1f}x | |")
print()
ratios = sorted(p["ms_per_step"] / f["ms_per_step"] for f, p in zip(fisher, peer))
print(f"time ratio pytorch_mppi / Fisher per seed (runs next to each other): median {statistics.median(ratios):.1f}x, "
      f"range {ratios[0]:.1f}x to {ratios[-1]:.1f}x")
print()
# Is the difference in total cost more than the seed-to-seed noise? Mean ± standard error over
# seeds, and the one-sided exact sign test of Fisher < pytorch_mppi over seeds paired by seed
# (the seeds differ between the two programs' generators, so pairing only balances the count).
def mean_se(rows):
    c = [r["total_cost"] for r in rows]
    return statistics.mean(c), statistics.stdev(c) / len(c) ** 0.5 if len(c) > 1 else float("nan")
for name, rows in (("Fisher", fisher), ("Fisher + zero-mean", fisher_zm), ("pytorch_mppi", peer)):
    m, se = mean_se(rows)
    print(f"mean total cost {name}: {m:.1f} ± {se:.1f} (standard error over {len(rows)} seeds)")
for name, rows in (("Fisher", fisher), ("Fisher + zero-mean", fisher_zm)):
    (a, sa), (b, sb) = mean_se(rows), mean_se(peer)
    print(f"{name} − pytorch_mppi: {a - b:+.1f} ± {(sa * sa + sb * sb) ** 0.5:.1f} (Welch standard error)")
print()
print("per seed (total cost fisher / fisher+zero-mean / peer):",
      ", ".join(f"{f['seed']}: {f['total_cost']:.1f} / {z['total_cost']:.1f} / {p['total_cost']:.1f}" for f, z, p in zip(fisher, fisher_zm, peer)))
print()
print("| unicycle K=2048 T=56 (median over %d seeds) | ms / command (wall) | CPU ms / command | reached goal | collisions | steps to goal |" % len(uni))
print("| --- | ---: | ---: | ---: | ---: | ---: |")
print(f"| Fisher MPPI | {med(uni, 'ms_per_step'):.3f} | {med(uni, 'cpu_ms_per_step'):.3f} | {sum(r['reached_goal'] for r in uni)}/{len(uni)} | "
      f"{sum(r['collisions'] for r in uni)} | {statistics.median(r['steps_to_goal'] or 10**9 for r in uni)} |")
PY
echo
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -rf "$OUT"
