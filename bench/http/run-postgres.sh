#!/usr/bin/env bash
# The HTTP benchmarks of bench/http/run.sh against PostgreSQL 15, with one
# `docket serve` and with two on the same database: /healthz as the ceiling,
# one case as a staff user, a queue page, and a durable anonymous complaint.
#  - one server: wrk with 2 threads and 64 connections for 10 s, as for SQLite;
#  - two servers (two ports): two wrk at the same time, one per server, each
#    with 1 thread and 32 connections for 10 s; their rates are summed and the
#    p99 of each is shown.
# The cluster (scripts/pg-test-cluster --durable: fsync, full_page_writes and
# synchronous_commit on, and the WAL settings of docs/deploy/postgresql.md)
# lives in $build/bench/postgres, a Unix socket only, and is stopped on exit. The demo is made once (and vacuumed and analysed, as
# autovacuum would have done), then each configuration gets its own copy of it
# (CREATE DATABASE ... TEMPLATE), so complaints written by one run do not
# change the next one's database.
set -euo pipefail
build=${1:-build}
out=$build/bench
mkdir -p "$out"
pgdir=$out/postgres
port1=${DOCKET_BENCH_PG_PORT:-18081}
port2=$((port1 + 1))
bin=/usr/lib/postgresql/15/bin
if [ ! -x "$bin/initdb" ]; then
  echo "bench/http/run-postgres.sh: PostgreSQL 15 is not installed ($bin/initdb); skipped (scripts/setup-deps)"
  exit 0
fi

servers=()
stop_servers() {
  local pid
  for pid in "${servers[@]}"; do kill -TERM "$pid" 2> /dev/null || true; done
  for pid in "${servers[@]}"; do wait "$pid" 2> /dev/null || true; done
  servers=()
}
cleanup() {
  stop_servers
  scripts/pg-test-cluster stop "$pgdir" || true
}

rm -rf "$pgdir" "$out/evidence-pg"
base=$(scripts/pg-test-cluster start "$pgdir" --durable)
trap cleanup EXIT
sock=$(realpath "$pgdir/sock")
url_of() { echo "postgresql:///$1?host=$sock&port=5432&user=postgres"; }
sql() { PGOPTIONS='-c client_min_messages=warning' "$bin/psql" "$base" -X -q -v ON_ERROR_STOP=1 -Atc "$1"; }

sql "CREATE DATABASE demo"
demo=$(url_of demo)
start=$(date +%s%N)
"$build/docket" demo --db "$demo" --members 20000 --cases 5000 --seed 1 > /dev/null
end=$(date +%s%N)
ms=$(((end - start) / 1000000))
printf 'demo (20,000 members, 5,000 cases) into PostgreSQL took %d.%03d s\n' $((ms / 1000)) $((ms % 1000))
token=$("$build/docket" user token aoife.byrne --name bench --scope cases:read --db "$demo" 2> /dev/null)
cases=$("$build/docket" case list --db "$demo" --limit 200 | grep -oE '^[0-9]{4}-[0-9]+' | tr '\n' ' ')
[ -n "$cases" ] || { echo "bench/http: no case numbers from docket case list" >&2; exit 1; }
"$bin/psql" "$demo" -X -q -v ON_ERROR_STOP=1 -c "VACUUM (ANALYZE)"

# A fresh copy of the demo, written to disk, for one configuration.
fresh() {
  sql "DROP DATABASE IF EXISTS $1"
  sql "CREATE DATABASE $1 TEMPLATE demo"
  sql "CHECKPOINT"
  url_of "$1"
}

serve() {
  local db=$1 port=$2
  # The complaint benchmark comes from one address: lift the per-address limit for it.
  "$build/docket" serve --db "$db" --listen "127.0.0.1:$port" --complaints-per-minute 1000000 \
    --evidence-dir "$out/evidence-pg" > "$out/serve-pg-$port.log" 2>&1 &
  servers+=($!)
  for _ in $(seq 1 100); do
    if curl -sf "http://127.0.0.1:$port/healthz" > /dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  echo "bench/http: docket serve on port $port did not answer; see $out/serve-pg-$port.log" >&2
  exit 1
}

# One scenario: its name, the path under the server, and its wrk script (or none).
scenario_args() {
  local port=$1 name=$2
  case "$name" in
    healthz) echo "http://127.0.0.1:$port/healthz" ;;
    case) echo "-s bench/http/get_case.lua http://127.0.0.1:$port/" ;;
    queue) echo "-s bench/http/queue.lua http://127.0.0.1:$port/" ;;
    complaint) echo "-s bench/http/complaint.lua http://127.0.0.1:$port/api/v1/complaints" ;;
  esac
}

run1() {
  local name=$1
  echo "== PostgreSQL, 1 server: $name"
  # shellcheck disable=SC2046
  DOCKET_TOKEN=$token DOCKET_CASES=$cases wrk -t2 -c64 -d10s --latency $(scenario_args "$port1" "$name") |
    tee "$out/pg1-$name.txt"
  echo
}

run2() {
  local name=$1
  echo "== PostgreSQL, 2 servers: $name (one wrk per server, at the same time)"
  # shellcheck disable=SC2046
  DOCKET_TOKEN=$token DOCKET_CASES=$cases wrk -t1 -c32 -d10s --latency $(scenario_args "$port1" "$name") \
    > "$out/pg2-$name-a.txt" &
  local a=$!
  # shellcheck disable=SC2046
  DOCKET_TOKEN=$token DOCKET_CASES=$cases wrk -t1 -c32 -d10s --latency $(scenario_args "$port2" "$name") \
    > "$out/pg2-$name-b.txt" &
  local b=$!
  wait "$a"
  wait "$b"
  echo "-- server 1 (port $port1)"
  cat "$out/pg2-$name-a.txt"
  echo "-- server 2 (port $port2)"
  cat "$out/pg2-$name-b.txt"
  echo
}

rate_of() { awk '/Requests\/sec/ {print $2}' "$1"; }
p99_of() { awk '$1 == "99%" {print $2}' "$1"; }
# Non-2xx responses plus socket errors (connect, read, write, timeout).
errors_of() {
  awk '/Non-2xx or 3xx responses/ {n += $NF}
       /Socket errors/ {gsub(",", ""); n += $4 + $6 + $8 + $10}
       END {print n + 0}' "$1"
}
rate1() { rate_of "$out/pg1-$1.txt"; }
rate2() { awk -v a="$(rate_of "$out/pg2-$1-a.txt")" -v b="$(rate_of "$out/pg2-$1-b.txt")" 'BEGIN {printf "%.2f", a + b}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }

# One server.
serve "$(fresh bench1)" "$port1"
for name in healthz case queue complaint; do run1 "$name"; done
connections1=$(sql "SELECT count(*) FROM pg_stat_activity WHERE datname = 'bench1'")
stop_servers
latency1=$(bench/http/server-latency.sh "$out/serve-pg-$port1.log")

# Two servers on one database.
db2=$(fresh bench2)
serve "$db2" "$port1"
serve "$db2" "$port2"
for name in healthz case queue complaint; do run2 "$name"; done
connections2=$(sql "SELECT count(*) FROM pg_stat_activity WHERE datname = 'bench2'")
stop_servers
latency2=$(bench/http/server-latency.sh "$out/serve-pg-$port1.log" "$out/serve-pg-$port2.log")

echo "== PostgreSQL summary (requests/s; p99; requests that failed or timed out after wrk's 2 s, not in p99)"
printf '%-10s %10s %9s %6s   %10s %9s %9s %6s\n' "" "1 server" "p99" "failed" "2 servers" "p99 (1)" "p99 (2)" "failed"
for name in healthz case queue complaint; do
  printf '%-10s %10s %9s %6s   %10s %9s %9s %6s\n' "$name" \
    "$(rate1 "$name")" "$(p99_of "$out/pg1-$name.txt")" "$(errors_of "$out/pg1-$name.txt")" \
    "$(rate2 "$name")" "$(p99_of "$out/pg2-$name-a.txt")" "$(p99_of "$out/pg2-$name-b.txt")" \
    "$(($(errors_of "$out/pg2-$name-a.txt") + $(errors_of "$out/pg2-$name-b.txt")))"
done
echo "(PostgreSQL connections the servers held after their runs: 1 server $connections1; 2 servers $connections2 together)"
echo "1 server, $latency1"
echo "2 servers together, $latency2"
echo "PostgreSQL, 1 server: GET one case / GET /healthz = $(ratio "$(rate1 case)" "$(rate1 healthz)") (goal: at least 0.5)"
echo "PostgreSQL, 1 server: durable complaints per second: $(rate1 complaint) (goal: at least 2000)"
echo "PostgreSQL, 2 servers: GET one case / GET /healthz = $(ratio "$(rate2 case)" "$(rate2 healthz)") (goal: at least 0.5)"
echo "PostgreSQL, 2 servers: durable complaints per second: $(rate2 complaint) (goal: at least 2000)"
