#!/usr/bin/env bash
# Checks that COCO's post-processing reads Fisher's bbob-mixint output.
#
#   Benchmarks/peers/cocopp_mixint_check.sh [folder]     # default: a new temporary folder
#   FISHER=.build/debug/fisher Benchmarks/peers/cocopp_mixint_check.sh
#
# Runs a small experiment with `fisher bench bbob --suite bbob-mixint` (CMA-ES with margin on
# f1, f2, f10 and f15, n = 5 and 10, instances 1-3, budget 1000·n), then `python -m cocopp` on
# its COCO folder. Fails unless cocopp ends without an error, takes the data as the
# bbob-mixint testbed (from the suite = 'bbob-mixint' header of the .info files) and writes
# its figures. For people, not for the tests.
# FISHER=binary uses a fisher built earlier; else a release one is built (SCRATCH=folder).
# Python: $PYTHON, else /tmp/peers/bin/python, else python3 (needs cocopp).
set -euo pipefail
cd "$(dirname "$0")/../.."
NO_FISHERPERF=1
source Benchmarks/setup.sh  # PY, release_binary
source Benchmarks/peers/cocopp_check_common.sh  # cocopp_output_folder, run_cocopp, require_testbed
FISHER_BIN=$(release_binary fisher FISHER)
cocopp_output_folder mixint "${1:-}"

"$FISHER_BIN" bench bbob --suite bbob-mixint --strategies cma-es \
  --functions 1,2,10,15 --dimensions 5,10 --instances 1-3 --budget-multiplier 1000 \
  --seed 1 --output "$OUT/bench" --quiet
DATA="$OUT/bench/coco/cma-es"
head -n 1 "$DATA/bbobexp_f1.info"

run_cocopp "$DATA"
# cocopp names the testbed it read the data as in the title of its pages.
grep -rq "<TT>bbob-mixint</TT> Benchmark Suite" "$OUT/ppdata" || {
  echo "cocopp did not take the data as the bbob-mixint testbed; see $OUT/ppdata" >&2
  exit 1
}
FIGURES=$(find "$OUT/ppdata" -name '*.svg' | wc -l)
[ "$FIGURES" -gt 0 ] || { echo "cocopp wrote no figures in $OUT/ppdata" >&2; exit 1; }
echo "cocopp read $DATA as bbob-mixint: $FIGURES figures in $OUT/ppdata (log: $OUT/cocopp.log)"
