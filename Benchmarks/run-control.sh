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
for s in $SEEDS; do
  "$FISHER" control pendulum --samples $K --horizon $T --steps $N --seed "$s" --lambda $LAMBDA \
    --sigma $SIGMA --threads "$THREADS" --json >> "$OUT/fisher.jsonl"
done
# shellcheck disable=SC2086
"$PYTHON" Benchmarks/peers/pendulum_pytorch_mppi.py --samples $K --horizon $T --steps $N \
  --lambda $LAMBDA --sigma $SIGMA --threads "$THREADS" --seeds $SEEDS > "$OUT/peer.jsonl"
for s in $SEEDS; do
  "$FISHER" control unicycle --samples 2048 --horizon 56 --seed "$s" --threads "$THREADS" --json >> "$OUT/unicycle.jsonl"
done

python3 - "$OUT" <<'PY'
import json, statistics, sys
d = sys.argv[1]
load = lambda f: [json.loads(l) for l in open(f"{d}/{f}") if l.strip()]
fisher, peer, uni = load("fisher.jsonl"), load("peer.jsonl"), load("unicycle.jsonl")
med = lambda rows, k: statistics.median(r[k] for r in rows)
print()
print("| pendulum (median over %d seeds) | total cost | ms / command | upright steps |" % len(fisher))
print("| --- | ---: | ---: | ---: |")
for name, rows in (("Fisher MPPI", fisher), ("pytorch_mppi", peer)):
    print(f"| {name} | {med(rows, 'total_cost'):.1f} | {med(rows, 'ms_per_step'):.3f} | {med(rows, 'upright_steps'):.0f} |")
print(f"| ratio pytorch_mppi / Fisher | {med(peer, 'total_cost') / med(fisher, 'total_cost'):.2f} | "
      f"{med(peer, 'ms_per_step') / med(fisher, 'ms_per_step'):.1f}x | |")
print()
print("per seed (total cost fisher / peer):",
      ", ".join(f"{f['seed']}: {f['total_cost']:.1f} / {p['total_cost']:.1f}" for f, p in zip(fisher, peer)))
print()
print("| unicycle K=2048 T=56 (median over %d seeds) | ms / command | reached goal | collisions | steps to goal |" % len(uni))
print("| --- | ---: | ---: | ---: | ---: |")
print(f"| Fisher MPPI | {med(uni, 'ms_per_step'):.3f} | {sum(r['reached_goal'] for r in uni)}/{len(uni)} | "
      f"{sum(r['collisions'] for r in uni)} | {statistics.median(r['steps_to_goal'] or 10**9 for r in uni)} |")
PY
rm -rf "$OUT"
