#!/usr/bin/env bash
# The HTTP benchmarks: /healthz as the ceiling, one case as a staff user, a
# queue page, and a durable anonymous complaint; wrk with 2 threads and 64
# connections for 10 s each (after 2 s not counted), on the same 2-core
# machine as the server.
set -euo pipefail
build=${1:-build}
out=$build/bench
mkdir -p "$out"
db=$out/http.db
port=${DOCKET_BENCH_PORT:-18080}
rm -f "$db" "$db-wal" "$db-shm"
rm -rf "$out/evidence"

"$build/docket" demo --db "$db" --members 20000 --cases 5000 --seed 1 > /dev/null
token=$("$build/docket" user token aoife.byrne --name bench --scope cases:read --db "$db" 2> /dev/null)
cases=$("$build/docket" case list --db "$db" --limit 200 | grep -oE '^[0-9]{4}-[0-9]+' | tr '\n' ' ')
[ -n "$cases" ] || { echo "bench/http: no case numbers from docket case list" >&2; exit 1; }

# The complaint benchmark comes from one address: lift the per-address limit for it.
"$build/docket" serve --db "$db" --listen "127.0.0.1:$port" --complaints-per-minute 1000000 > "$out/serve.log" 2>&1 &
server=$!
trap 'kill -TERM $server 2> /dev/null; wait $server 2> /dev/null || true' EXIT
for _ in $(seq 1 100); do
  if curl -sf "http://127.0.0.1:$port/healthz" > /dev/null 2>&1; then break; fi
  sleep 0.1
done

# Each run is preceded by 2 s of the same requests, not counted, so that the
# figures are the server's steady state (credentials and case files already
# in memory), not its first second; the access log's latencies include both.
run() {
  local name=$1
  shift
  echo "== $name"
  DOCKET_TOKEN=$token DOCKET_CASES=$cases wrk -t2 -c64 -d2s "$@" > "$out/$name-warmup.txt"
  DOCKET_TOKEN=$token DOCKET_CASES=$cases wrk -t2 -c64 -d10s --latency "$@" | tee "$out/$name.txt"
  echo
}
run healthz "http://127.0.0.1:$port/healthz"
run case -s bench/http/get_case.lua "http://127.0.0.1:$port/"
run queue -s bench/http/queue.lua "http://127.0.0.1:$port/"
run complaint -s bench/http/complaint.lua "http://127.0.0.1:$port/api/v1/complaints"

# Stop the server, so that its access log is complete, and tell the latency it saw.
kill -TERM $server 2> /dev/null
wait $server 2> /dev/null || true
bench/http/server-latency.sh "$out/serve.log"

rate() { awk '/Requests\/sec/ {print $2}' "$out/$1.txt"; }
echo "GET one case / GET /healthz = $(awk -v a="$(rate case)" -v b="$(rate healthz)" 'BEGIN {printf "%.2f", a / b}') (goal: at least 0.5)"
echo "durable complaints per second: $(rate complaint) (goal: at least 2000)"
