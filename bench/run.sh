#!/usr/bin/env bash
# make bench: the foundation's benchmarks, figures printed for the README.
#  1. docket demo --members 1000000 --cases 100000 (goal: under 60 s)
#  2. the 50 most urgent open cases of a stage at that size (goal: under 5 ms)
#  3. a complaint's durable commit against a bare SQLite insert (goal: at most 2x)
#  4. the platform-sharing rule: full scan and incremental checks (goals: 1 s, 1 ms)
#  5. the transparency report over 1,000,000 cases and 10,000,000 case events (goal: under 1 s)
#  6. account linking: index 1,000,000 members, propose for 100,000 accounts (goal: under 30 s)
#  7. triage of 1 GB of post text against a bare Hyperscan scan of it, same run (goal: at least 0.5x)
set -euo pipefail
build=${1:-build}
out=$build/bench
mkdir -p "$out"
db=$out/national.db
rm -f "$db" "$db-wal" "$db-shm"

echo "== demo at national scale: 1,000,000 members, 100,000 cases"
start=$(date +%s%N)
"$build/docket" demo --db "$db" --members 1000000 --cases 100000 --seed 1
end=$(date +%s%N)
ms=$(( (end - start) / 1000000 ))
printf 'demo took %d.%03d s (goal: under 60 s)\n' $((ms / 1000)) $((ms % 1000))

echo
echo "== queue: 50 most urgent open cases of a stage (goal: under 5 ms)"
"$build/bench/queue_benchmark" "$db" --benchmark_color=false

echo
echo "== durable commit: one complaint vs a bare SQLite insert, same run"
"$build/bench/commit_benchmark" --benchmark_color=false

echo
echo "== platform-sharing rule: 100,000 events, 1,000,000 appearances, 10,000 sanctions, 5,000 officials"
echo "   (goals: full scan under 1 s; incremental check of one event or sanction under 1 ms)"
"$build/bench/rules_benchmark" "$out/rules.db" --benchmark_color=false

echo
echo "== transparency report: 1,000,000 cases, 10,000,000 case events (goal: under 1 s)"
echo "   (the database is made once, in bulk, at $out/report.db; delete it to remake it)"
"$build/bench/report_benchmark" "$out/report.db" --benchmark_color=false

echo
echo "== account linking: 1,000,000 members, 100,000 accounts (goal: build + propose under 30 s)"
echo "   (Propose runs on every hardware thread; the build on one)"
"$build/bench/link_benchmark" 1000000 100000

echo
echo "== triage: 1 GB of posts, Triage::Assess against a bare Hyperscan scan, same run (goal: at least 0.5x)"
"$build/bench/triage_benchmark" --benchmark_color=false

echo
echo "== HTTP"
bench/http/run.sh "$build"

echo
echo "== HTTP against PostgreSQL 15 (durable cluster in $out/postgres): one server, then two on one database"
bench/http/run-postgres.sh "$build"
