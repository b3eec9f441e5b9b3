#!/usr/bin/env bash
# Checks that COCO's post-processing reads Fisher's bbob-noisy output.
#
#   Benchmarks/peers/cocopp_noisy_check.sh [folder]     # default: a new temporary folder
#   FISHER=.build/debug/fisher Benchmarks/peers/cocopp_noisy_check.sh
#
# Runs a small experiment with `fisher bench bbob` (CMA-ES under uncertainty handling on
# f101, f104, f113 and f122, n = 2 and 5, instances 1-3, budget 200·n), then
# `python -m cocopp` on its COCO folder. Fails unless cocopp ends without an error,
# recognizes the noisy testbed (from the suite = 'bbob-noisy' header of the .info files)
# and writes its figures. For people, not for the tests.
# FISHER=binary uses a fisher built earlier; else a release one is built (SCRATCH=folder).
# Python: $PYTHON, else /tmp/peers/bin/python, else python3 (needs cocopp).
set -euo pipefail
cd "$(dirname "$0")/../.."
NO_FISHERPERF=1
source Benchmarks/setup.sh  # PY, release_binary
source Benchmarks/peers/cocopp_check_common.sh  # cocopp_output_folder, run_cocopp, require_testbed
FISHER_BIN=$(release_binary fisher FISHER)
cocopp_output_folder noisy "${1:-}"

"$FISHER_BIN" bench bbob --suite bbob-noisy --strategies cma-es --noise uh \
  --functions 101,104,113,122 --dimensions 2,5 --instances 1-3 --budget-multiplier 200 \
  --seed 1 --output "$OUT/bench" --quiet
DATA="$OUT/bench/coco/cma-es"
head -n 1 "$DATA/bbobexp_f101.info"

run_cocopp "$DATA"
# The noisy testbed compares with the best algorithms of BBOB 2009 on bbob-noisy and
# groups functions as nzmod (moderate noise), nzsev (severe) and nzsmm (severe, multimodal).
require_testbed "best2009-bbob-noisy" bbob-noisy
NOISY=$(find "$OUT/ppdata" -name '*_nzmod.svg' -o -name '*_nzsev.svg' -o -name '*_nzsmm.svg' | wc -l)
FIGURES=$(find "$OUT/ppdata" -name '*.svg' | wc -l)
[ "$NOISY" -gt 0 ] || { echo "cocopp wrote no noisy-suite figures in $OUT/ppdata" >&2; exit 1; }
echo "cocopp read $DATA as bbob-noisy: $FIGURES figures, $NOISY of them per noise group, in $OUT/ppdata (log: $OUT/cocopp.log)"
