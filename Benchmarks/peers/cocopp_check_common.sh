# Shared steps of the cocopp_*_check.sh scripts; source it from the repository root.
#
#   cocopp_output_folder NAME [folder]   sets OUT: the folder given, else a new temporary
#                                        one named after NAME, emptied of earlier results
#   run_cocopp DATA                      runs `python -m cocopp` on DATA inside $OUT and
#                                        fails unless it ends without an error; its output
#                                        is in $OUT/cocopp.log, its figures in $OUT/ppdata
#   require_testbed PATTERN NAME         fails unless cocopp's log contains PATTERN, the sign
#                                        that it read the data as testbed NAME

cocopp_output_folder() {
  OUT=${2:-$(mktemp -d "${TMPDIR:-/tmp}/fisher-cocopp-$1.XXXXXX")}
  mkdir -p "$OUT"
  OUT=$(cd "$OUT" && pwd)
  rm -rf "$OUT/bench" "$OUT/ppdata"
}

run_cocopp() {
  local data=$1
  # cocopp writes ppdata/ into the working folder; it may warn that it cannot reach
  # COCO's online data archive, which does not matter here.
  (cd "$OUT" && "$PY" -m cocopp --no-interactive "$data") >"$OUT/cocopp.log" 2>&1 || {
    tail -n 30 "$OUT/cocopp.log"
    echo "cocopp failed; its output is in $OUT/cocopp.log" >&2
    exit 1
  }
  if grep -nE "Traceback|Error:" "$OUT/cocopp.log"; then
    echo "cocopp reported an error; its output is in $OUT/cocopp.log" >&2
    exit 1
  fi
}

require_testbed() {
  grep -q "$1" "$OUT/cocopp.log" || {
    echo "cocopp did not recognize the $2 testbed; see $OUT/cocopp.log" >&2
    exit 1
  }
}
