#!/usr/bin/env bash
# Checks that COCO's post-processing reads Fisher's bbob-constrained output.
#
#   Benchmarks/peers/cocopp_constrained_check.sh [folder]     # default: a new temporary folder
#   FISHER=.build/debug/fisher Benchmarks/peers/cocopp_constrained_check.sh
#
# Runs a small experiment with `fisher bench bbob --suite bbob-constrained` (CMA-ES with the
# augmented Lagrangian on f1, f19, f44 and f50, n = 2 and 5, instances 1-3, budget 200·n
# f + g evaluations), then `python -m cocopp` on its COCO folder. Fails unless cocopp ends
# without an error, takes the data as the bbob-constrained testbed (from the
# suite = 'bbob-constrained' header of the .info files) and writes its figures. For people,
# not for the tests.
# FISHER=binary uses a fisher built earlier; else a release one is built (SCRATCH=folder).
# Python: $PYTHON, else /tmp/peers/bin/python, else python3 (needs cocopp).
set -euo pipefail
cd "$(dirname "$0")/../.."
NO_FISHERPERF=1
source Benchmarks/setup.sh  # PY, release_binary
source Benchmarks/peers/cocopp_check_common.sh  # cocopp_output_folder, run_cocopp, require_testbed
FISHER_BIN=$(release_binary fisher FISHER)
cocopp_output_folder constrained "${1:-}"

"$FISHER_BIN" bench bbob --suite bbob-constrained --strategies cma-es --constraint-method al \
  --functions 1,19,44,50 --dimensions 2,5 --instances 1-3 --budget-multiplier 200 \
  --seed 1 --output "$OUT/bench" --quiet
DATA="$OUT/bench/coco/cma-es"
head -n 1 "$DATA/bbobexp_f1.info"

run_cocopp "$DATA"
# Only the constrained testbed draws runtimes against the number of constraints
# ("Scaling wrt constraints"); it counts f + g evaluations as the runtime.
require_testbed "Scaling wrt constraints" bbob-constrained
FIGURES=$(find "$OUT/ppdata" -name '*.svg' | wc -l)
[ "$FIGURES" -gt 0 ] || { echo "cocopp wrote no figures in $OUT/ppdata" >&2; exit 1; }
echo "cocopp read $DATA as bbob-constrained: $FIGURES figures in $OUT/ppdata (log: $OUT/cocopp.log)"
