# The common set-up of the run-*.sh scripts that compare FisherPerf with a Python peer.
# Sourced from the repository root, not run:
#   PY   the peers' Python: $PYTHON, else /tmp/peers/bin/python, else python3
#   BIN  a release FisherPerf: $FISHERPERF when set (a binary built earlier), else one
#        built now (in the scratch path $SCRATCH when set)
PY=${PYTHON:-/tmp/peers/bin/python}
[ -x "$PY" ] || PY=python3
if [ -n "${FISHERPERF:-}" ]; then
  BIN=$FISHERPERF
else
  SCRATCH_ARGS=()
  [ -n "${SCRATCH:-}" ] && SCRATCH_ARGS=(--scratch-path "$SCRATCH")
  swift build -c release --product FisherPerf "${SCRATCH_ARGS[@]}" >&2
  BIN="$(swift build -c release --product FisherPerf "${SCRATCH_ARGS[@]}" --show-bin-path)/FisherPerf"
fi
