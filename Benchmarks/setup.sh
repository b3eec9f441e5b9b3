# The common set-up of the run-*.sh scripts that compare Fisher with a Python peer.
# Sourced from the repository root, not run. Every script reads ROUNDS, the number of
# interleaved rounds (Benchmarks/ratios.py), from the environment.
#   PY      the peers' Python: $PYTHON, else /tmp/peers/bin/python, else python3
#   release_binary PRODUCT VARIABLE
#           prints the path of a release build of PRODUCT (FisherPerf or fisher): the
#           value of $VARIABLE when set (a binary built earlier, e.g. FISHERPERF or
#           FISHER), else one built now (in the scratch path $SCRATCH when set)
#   BIN     a release FisherPerf (release_binary FisherPerf FISHERPERF), unless
#           NO_FISHERPERF=1 is set before sourcing
PY=${PYTHON:-/tmp/peers/bin/python}
[ -x "$PY" ] || PY=python3

release_binary() {
  local product=$1 variable=$2
  if [ -n "${!variable:-}" ]; then
    echo "${!variable}"
    return
  fi
  local scratch=()
  [ -n "${SCRATCH:-}" ] && scratch=(--scratch-path "$SCRATCH")
  swift build -c release --product "$product" "${scratch[@]}" >&2
  echo "$(swift build -c release --product "$product" "${scratch[@]}" --show-bin-path)/$product"
}

if [ "${NO_FISHERPERF:-0}" != 1 ]; then
  BIN=$(release_binary FisherPerf FISHERPERF)
fi
