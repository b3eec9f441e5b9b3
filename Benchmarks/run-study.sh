#!/usr/bin/env bash
# Study store under load: Fisher (FisherPerf study run) against Optuna's RDB
# storage with CmaEsSampler, on SQLite and on PostgreSQL, interleaved.
#
#   Benchmarks/run-study.sh [workers] [evaluations] [milliseconds]   # default 8 2000 1
#   ROUNDS=3 FISHERPERF=path/to/FisherPerf Benchmarks/run-study.sh 8 500 1
#
# FisherPerf is built in release (SCRATCH=folder picks the build folder; FISHERPERF=binary
# uses one built earlier).
# Each of ROUNDS rounds (default 5) runs Fisher then Optuna on a fresh SQLite file
# each, then Fisher then Optuna on a new study each in one throwaway PostgreSQL
# cluster on 127.0.0.1 (started once with .ci/postgres.sh, fsync on)
# (Benchmarks/ratios.py). Prints a Markdown table of medians over rounds:
# evaluations per second (wall clock, from the first worker start to the last
# worker exit), store overhead per evaluation (ms of worker time outside the
# objective), and the evaluations lost (rejected, failed or errored) and discarded
# (completed but never told to the strategy) summed over rounds; then the median
# and spread of the per-round ratio of evaluations per second Fisher / Optuna, and
# the load average (/proc/loadavg) before and after, since other work on the
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
chmod 777 "$out"
"$PY" - "$BIN" "$PY" "$out" "$FISHER_TEST_POSTGRES_URL" "$WORKERS" "$EVALS" "$MS" <<'PYEOF'
import sys
sys.path.insert(0, "Benchmarks")
import ratios

binary, python, out, pg, workers, evals, ms = sys.argv[1:8]
rounds = ratios.rounds_from_env(5)
COLUMNS = ("workers", "done", "seconds", "per_second", "overhead_ms", "lost", "discarded")

def parse(text):
    # `<system> <backend> <workers> <done> <seconds> <evaluations/s> <overhead ms> <lost> <discarded>`
    r = {}
    for line in text.splitlines():
        words = line.split()
        if len(words) == 9 and not words[0].startswith("#"):
            for name, value in zip(COLUMNS, words[2:]):
                r[(words[0], words[1], name)] = float(value)
    return r

fisher = lambda url: lambda r: [binary, "study", "run", url(r), workers, evals, ms]
optuna = lambda url: lambda r: [python, "Benchmarks/peers/study_optuna.py", url(r), workers, evals, ms]
sides = [
    ratios.Side("fisher sqlite", fisher(lambda r: f"sqlite://{out}/fisher-{r}.db"), parse),
    ratios.Side("optuna sqlite", optuna(lambda r: f"sqlite:///{out}/optuna-{r}.db"), parse),
    ratios.Side("fisher postgres", fisher(lambda r: pg), parse),
    ratios.Side("optuna postgres", optuna(lambda r: pg), parse),
]
load_before = ratios.loadavg()
results = ratios.run_interleaved(rounds, sides)
load_after = ratios.loadavg()
print(f"machine: {ratios.machine()}")
print(ratios.interleaving_note(rounds, [s.name for s in sides]))
print()
print(f"| storage | system | workers | evaluations done | seconds | evaluations/s | overhead ms/evaluation | lost (sum) | discarded (sum) |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
for backend in ("sqlite", "postgres"):
    for system in ("fisher", "optuna"):
        v = lambda c: ratios.values(results, (system, backend, c))
        m = lambda c, f: ratios.fmt_median(v(c), f)
        print(f"| {backend} | {system} | {workers} | {m('done', lambda x: f'{x:.0f}')} | {m('seconds', lambda x: f'{x:.3f}')} | "
              f"{m('per_second', lambda x: f'{x:.1f}')} | {m('overhead_ms', lambda x: f'{x:.3f}')} | "
              f"{sum(v('lost')):.0f} | {sum(v('discarded')):.0f} |")
print()
for backend in ("sqlite", "postgres"):
    r = ratios.per_round(results, ("fisher", backend, "per_second"), ("optuna", backend, "per_second"))
    print(f"{backend}: Fisher / Optuna evaluations per second = {ratios.fmt_ratio(r, digits=1)}")
print()
print(f"load average (1, 5, 15 min): {load_before} before, {load_after} after")
PYEOF
