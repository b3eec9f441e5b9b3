#!/usr/bin/env bash
# The dashboard on a large study: a CMA-ES study of EVALS evaluations (default 100,000) in
# DIMENSION dimensions (default 40: the 4-dimensional sphere reaches 0 and stops long before
# 100,000) made by worker processes (FisherPerf study run, SQLite), served by
# `fisher study dashboard`; each of
# ROUNDS rounds (default 5) fetches, with curl over loopback, the front page, the study's page,
# its plots alone (what an open page redraws) and one incremental poll of results
# (`?after=` the last id: what an open page asks every second).
#
#   Benchmarks/run-dashboard.sh [evaluations]          # default 100000
#   FISHER=path/to/fisher FISHERPERF=path/to/FisherPerf ROUNDS=9 Benchmarks/run-dashboard.sh
#
# Prints a Markdown table: per request the median and range over rounds of curl's time_total
# (server time plus loopback; the first round reads a cold cache of distribution summaries and is
# reported apart) and the size of the response; then the load average before and after.
set -euo pipefail
cd "$(dirname "$0")/.."
EVALS=${1:-100000}
ROUNDS=${ROUNDS:-5}
source Benchmarks/setup.sh  # PY, BIN, release_binary
FISHER_BIN=$(release_binary fisher FISHER)
out=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$out"' EXIT
db="$out/study.db"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "making a study of $EVALS evaluations (4 worker processes) ..." >&2
"$BIN" study run "sqlite://$db" 4 "$EVALS" 0 "${DIMENSION:-40}" >&2
name=$("$PY" -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select name from fisher_studies').fetchone()[0])" "$db")
done_rows=$("$PY" -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"select count(*) from fisher_candidates where status='done'\").fetchone()[0])" "$db")
last=$("$PY" -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select max(id) from fisher_reports').fetchone()[0])" "$db")
"$FISHER_BIN" study dashboard --storage "sqlite://$db" --port 0 > "$out/server.txt" &
server=$!
for _ in $(seq 100); do grep -q http "$out/server.txt" 2>/dev/null && break; sleep 0.1; done
base=$(grep -o 'http://[^ ]*' "$out/server.txt" | head -1)
"$PY" - "$base" "$name" "$last" "$ROUNDS" "$done_rows" <<'PYEOF'
import statistics, subprocess, sys, urllib.parse
base, name, last, rounds, done = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
segment = urllib.parse.quote(name, safe="")
requests = [
    ("front page `/`", base),
    ("study page `/studies/NAME`", f"{base}studies/{segment}"),
    ("plots alone `/studies/NAME/panels`", f"{base}studies/{segment}/panels"),
    ("incremental poll `/api/studies/NAME/results?after=LAST`", f"{base}api/studies/{segment}/results?after={last}"),
]
times = {label: [] for label, _ in requests}
sizes = {}
first = {}
for r in range(rounds + 1):
    for label, url in requests:
        out = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code} %{time_total} %{size_download}", url],
                             capture_output=True, text=True, check=True).stdout.split()
        assert out[0] == "200", (url, out)
        if r == 0:
            first[label] = float(out[1])
        else:
            times[label].append(float(out[1]))
        sizes[label] = int(out[2])
print(f"study of {done} done evaluations; {rounds} rounds after a first (cold) one\n")
print("| request | median time | range | first (cold) | response size |")
print("|---|---|---|---|---|")
for label, _ in requests:
    t = times[label]
    print(f"| {label} | {statistics.median(t)*1000:.0f} ms | {min(t)*1000:.0f}–{max(t)*1000:.0f} ms | "
          f"{first[label]*1000:.0f} ms | {sizes[label]/1024:.0f} KiB |")
PYEOF
echo
echo "load average before: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg)"
