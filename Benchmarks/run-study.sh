#!/usr/bin/env bash
# Study store under load: Fisher (FisherPerf study run) against Optuna's RDB
# storage with CmaEsSampler, on SQLite and on PostgreSQL, in one run.
#
#   Benchmarks/run-study.sh [workers] [evaluations] [milliseconds]   # default 8 2000 1
#
# FisherPerf is built in release (SCRATCH=folder picks the build folder; FISHERPERF=binary
# uses one built earlier).
# Each system gets a fresh SQLite file, then a study in one throwaway
# PostgreSQL cluster on 127.0.0.1 (started with .ci/postgres.sh, fsync on).
# Prints a Markdown table: evaluations per second (wall clock, from the first
# worker start to the last worker exit), store overhead per evaluation (ms of
# worker time outside the objective), evaluations lost (rejected, failed or
# errored) and discarded (completed but never told to the strategy), and the
# load average (/proc/loadavg) before and after, since other work on the
# machine changes every number.
# Python: $PYTHON, else /tmp/peers/bin/python (needs optuna, psycopg2-binary).
set -euo pipefail
cd "$(dirname "$0")/.."
WORKERS=${1:-8}
EVALS=${2:-2000}
MS=${3:-1}
source Benchmarks/setup.sh  # PY, BIN
out=$(mktemp -d)
source .ci/postgres.sh
trap '_fisher_pg_stop; rm -rf "$out"' EXIT
FISHER_PG_FSYNC=on _fisher_pg_setup
PG="$FISHER_TEST_POSTGRES_URL"
chmod 777 "$out"
load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
{
  "$BIN" study run "sqlite://$out/fisher.db" "$WORKERS" "$EVALS" "$MS"
  "$PY" Benchmarks/peers/study_optuna.py "sqlite:///$out/optuna.db" "$WORKERS" "$EVALS" "$MS"
  "$BIN" study run "$PG" "$WORKERS" "$EVALS" "$MS"
  "$PY" Benchmarks/peers/study_optuna.py "$PG" "$WORKERS" "$EVALS" "$MS"
} | tee "$out/results.txt" >&2
load_after=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
echo "| storage | system | workers | evaluations done | seconds | evaluations/s | overhead ms/evaluation | lost | discarded |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
awk '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $2, $1, $3, $4, $5, $6, $7, $8, $9 }' "$out/results.txt"
awk '{ r[$2 " " $1] = $6 } END { for (b in r) {} ; split("sqlite postgres", bs, " "); for (i = 1; i <= 2; i++) { b = bs[i]; if ((b " optuna") in r && r[b " optuna"] > 0) printf "\n%s: Fisher/Optuna evaluations per second = %.1f×\n", b, r[b " fisher"] / r[b " optuna"] } }' "$out/results.txt"
echo
echo "load average (1, 5, 15 min): $load_before before, $load_after after"
