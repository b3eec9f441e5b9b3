#!/usr/bin/env bash
# Model-predictive control benchmark: Fisher's MPPI vs pytorch_mppi on the pendulum,
# and Fisher's unicycle time per command, measured in one run.
#
#   Benchmarks/run-control.sh            # seeds 0..4
#   SEEDS="0 1 2" PYTHON=/tmp/peers/bin/python3 Benchmarks/run-control.sh
#
# Needs a Python with torch (CPU) and pytorch-mppi, e.g.
#   python3 -m venv /tmp/peers && /tmp/peers/bin/pip install torch pytorch-mppi numpy
set -euo pipefail
cd "$(dirname "$0")/.."
SEEDS=${SEEDS:-"0 1 2 3 4"}
PYTHON=${PYTHON:-/tmp/peers/bin/python3}
SCRATCH=${SCRATCH:-.build-bench}
THREADS=${THREADS:-2}
K=1000; T=15; N=200; LAMBDA=1; SIGMA=3.1622776601683795

swift build -c release --product fisher --scratch-path "$SCRATCH" >/dev/null
FISHER="$SCRATCH/release/fisher"
OUT=$(mktemp -d)

echo "machine: $(lscpu | grep 'Model name' | sed 's/Model name: *//'), $(nproc) cores"
echo "pendulum: K=$K T=$T N=$N lambda=$LAMBDA sigma=$SIGMA threads=$THREADS seeds: $SEEDS"
# Fisher with pytorch_mppi's semantics (random initial sequence), and with 10 % zero-mean samples.
for s in $SEEDS; do
  "$FISHER" control pendulum --samples $K --horizon $T --steps $N --seed "$s" --lambda $LAMBDA \
    --sigma $SIGMA --threads "$THREADS" --random-init --json >> "$OUT/fisher.jsonl"
  "$FISHER" control pendulum --samples $K --horizon $T --steps $N --seed "$s" --lambda $LAMBDA \
    --sigma $SIGMA --threads "$THREADS" --random-init --zero-mean 0.1 --json >> "$OUT/fisher-zm.jsonl"
done
# shellcheck disable=SC2086
"$PYTHON" Benchmarks/peers/pendulum_pytorch_mppi.py --samples $K --horizon $T --steps $N \
  --lambda $LAMBDA --sigma $SIGMA --threads "$THREADS" --seeds $SEEDS > "$OUT/peer.jsonl"
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
