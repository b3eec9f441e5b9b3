#!/usr/bin/env bash
# The dashboard on large studies, and against optuna-dashboard.
#
#   Benchmarks/run-dashboard.sh                        # 100,000 evaluations; peer at 10,000
#   EVALS=100000 PEER_TRIALS=10000 DIMENSION=40 ROUNDS=5 Benchmarks/run-dashboard.sh
#   FISHER=path/to/fisher FISHERPERF=path/to/FisherPerf Benchmarks/run-dashboard.sh
#
# 1. Scale: a CMA-ES study of EVALS evaluations (default 100,000) in DIMENSION dimensions
#    (default 40: a 4-dimensional sphere reaches 0 long before), made by 4 worker processes
#    (FisherPerf study run, SQLite) and served by `fisher study dashboard`. Each of ROUNDS rounds
#    (default 5) fetches, with curl over loopback, the front page, the study's page, its plots
#    alone (what an open page redraws) and one incremental poll of results (`?after=` the last
#    id: what an open page asks every second). The first request of the study's page is made
#    right after the server starts (before its background warm-up can finish) and reported apart.
#    Reported per request: curl's time_total and the server process's CPU time (user + system,
#    from /proc), medians and ranges over rounds, and the response size.
# 2. Peer: a Fisher study and an Optuna study (Benchmarks/peers/dashboard_optuna.py) of
#    PEER_TRIALS evaluations (default 10,000; 0 skips) in DIMENSION dimensions, served by
#    `fisher study dashboard` and by optuna-dashboard; each round fetches, interleaved, what
#    opening a study's page loads (Fisher: the page; optuna-dashboard: `/api/studies/ID`, the
#    JSON its page script requests, the page itself being a fixed script bundle) and what an open
#    page polls (Fisher: `results?after=LAST`; optuna-dashboard: `/api/studies/ID?after=N`).
#    Ratios optuna-dashboard / Fisher per round (Benchmarks/ratios.py's medians and spread).
# Needs a Python with optuna and optuna-dashboard for part 2
# (pip install optuna optuna-dashboard numpy).
set -euo pipefail
cd "$(dirname "$0")/.."
EVALS=${EVALS:-100000}
PEER_TRIALS=${PEER_TRIALS:-10000}
export DIMENSION=${DIMENSION:-40}
export ROUNDS=${ROUNDS:-5}
source Benchmarks/setup.sh  # PY, BIN, release_binary
FISHER_BIN=$(release_binary fisher FISHER)
out=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$out"' EXIT
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# Makes a Fisher study of $2 evaluations in the SQLite file $1.
make_study() {
  echo "making a Fisher study of $2 evaluations in $DIMENSION dimensions (4 worker processes) ..." >&2
  "$BIN" study run "sqlite://$1" 4 "$2" 0 "$DIMENSION" >&2
}
# Starts `fisher study dashboard` on the SQLite file $1; prints its pid and base URL.
start_fisher() {
  "$FISHER_BIN" study dashboard --storage "sqlite://$1" --port 0 > "$1.server" 2>&1 &
  local pid=$!
  for _ in $(seq 100); do grep -q http "$1.server" 2>/dev/null && break; sleep 0.05; done
  echo "$pid $(grep -o 'http://[^ ]*' "$1.server" | head -1)"
}

make_study "$out/big.db" "$EVALS"
read -r big_pid big_url < <(start_fisher "$out/big.db")
pids+=("$big_pid")
"$PY" - "$out/big.db" "$big_pid" "$big_url" <<'PYEOF'
import os, sqlite3, statistics, subprocess, sys, urllib.parse
sys.path.insert(0, "Benchmarks")
import ratios
db, pid, base = sys.argv[1], sys.argv[2], sys.argv[3]
rounds = ratios.rounds_from_env()
c = sqlite3.connect(db)
name = c.execute("select name from fisher_studies").fetchone()[0]
done = c.execute("select count(*) from fisher_candidates where status = 'done'").fetchone()[0]
generations = c.execute("select max(generation) from fisher_generations").fetchone()[0]
last = c.execute("select max(id) from fisher_reports").fetchone()[0]
segment = urllib.parse.quote(name, safe="")
tick = os.sysconf("SC_CLK_TCK")
def cpu():
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / tick
def get(url):
    before = cpu()
    out = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code} %{time_total} %{size_download}", url],
                         capture_output=True, text=True, check=True).stdout.split()
    assert out[0] == "200", (url, out)
    return float(out[1]), cpu() - before, int(out[2])
requests = [
    ("front page `/`", base),
    ("study page `/studies/NAME`", f"{base}studies/{segment}"),
    ("plots alone `/studies/NAME/panels`", f"{base}studies/{segment}/panels"),
    ("incremental poll `/api/studies/NAME/results?after=LAST`", f"{base}api/studies/{segment}/results?after={last}"),
]
cold = get(requests[1][1])
wall = {label: [] for label, _ in requests}
cpus = {label: [] for label, _ in requests}
sizes = {}
for r in range(rounds):
    for label, url in requests:
        t, c_, s = get(url)
        wall[label].append(t); cpus[label].append(c_); sizes[label] = s
print(f"machine: {ratios.machine()}")
print(f"study of {done} evaluations, {generations + 1} generations, n = {os.environ['DIMENSION']}; "
      f"store {os.path.getsize(db) / 2**20:.0f} MiB; {rounds} rounds\n")
print("| request | wall time, median (range) | server CPU time, median (range) | response size |")
print("|---|---|---|---|")
print(f"| study page, first request after start | {cold[0]*1000:.0f} ms | {cold[1]*1000:.0f} ms | {cold[2]/1024:.0f} KiB |")
for label, _ in requests:
    w, c_ = wall[label], cpus[label]
    print(f"| {label} | {statistics.median(w)*1000:.0f} ms ({min(w)*1000:.0f}–{max(w)*1000:.0f}) | "
          f"{statistics.median(c_)*1000:.0f} ms ({min(c_)*1000:.0f}–{max(c_)*1000:.0f}) | {sizes[label]/1024:.0f} KiB |")
PYEOF
kill "$big_pid" 2>/dev/null || true
rm -f "$out/big.db"

if [ "$PEER_TRIALS" -gt 0 ]; then
  make_study "$out/fisher.db" "$PEER_TRIALS"
  echo "making an Optuna study of $PEER_TRIALS trials ..." >&2
  study_id=$("$PY" Benchmarks/peers/dashboard_optuna.py "$out/optuna.db" "$PEER_TRIALS" "$DIMENSION")
  read -r fisher_pid fisher_url < <(start_fisher "$out/fisher.db")
  pids+=("$fisher_pid")
  port=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$(dirname "$PY")/optuna-dashboard" "sqlite:///$out/optuna.db" --host 127.0.0.1 --port "$port" > "$out/optuna.log" 2>&1 &
  pids+=("$!")
  for _ in $(seq 200); do curl -s -o /dev/null "http://127.0.0.1:$port/api/meta" && break; sleep 0.1; done
  "$PY" - "$out/fisher.db" "$fisher_url" "http://127.0.0.1:$port/" "$study_id" "$PEER_TRIALS" <<'PYEOF'
import sqlite3, subprocess, sys, urllib.parse
sys.path.insert(0, "Benchmarks")
import ratios
db, fisher, optuna, study_id, trials = sys.argv[1:6]
rounds = ratios.rounds_from_env()
c = sqlite3.connect(db)
segment = urllib.parse.quote(c.execute("select name from fisher_studies").fetchone()[0], safe="")
last = c.execute("select max(id) from fisher_reports").fetchone()[0]
def get(url):
    out = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code} %{time_total} %{size_download}", url],
                         capture_output=True, text=True, check=True).stdout.split()
    assert out[0] == "200", (url, out)
    return float(out[1]), int(out[2])
pairs = [
    ("open a study's page", f"{fisher}studies/{segment}", f"{optuna}api/studies/{study_id}"),
    ("poll for new results", f"{fisher}api/studies/{segment}/results?after={last}",
     f"{optuna}api/studies/{study_id}?after={trials}"),
]
times = {p[0]: [] for p in pairs}
sizes = {}
for r in range(rounds):
    for label, f_url, o_url in pairs:
        f_t, f_s = get(f_url)
        o_t, o_s = get(o_url)
        times[label].append((f_t, o_t))
        sizes[label] = (f_s, o_s)
print(f"\n{trials} evaluations in both stores; {rounds} interleaved rounds (Fisher, then optuna-dashboard)\n")
print("| request | Fisher, median | optuna-dashboard, median | optuna-dashboard / Fisher | sizes (Fisher, optuna-dashboard) |")
print("|---|---|---|---|---|")
for label, _, _ in pairs:
    f = [a for a, _ in times[label]]; o = [b for _, b in times[label]]
    r = [b / a for a, b in times[label]]
    print(f"| {label} | {ratios.median(f)*1000:.0f} ms | {ratios.median(o)*1000:.0f} ms | {ratios.fmt_ratio(r)} | "
          f"{sizes[label][0]/1024:.0f} KiB, {sizes[label][1]/1024:.0f} KiB |")
PYEOF
fi
echo
echo "load average before: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg)"
