#!/usr/bin/env bash
# The latency `docket serve` saw, per route, from its access logs (LOG...):
# from a request read to its answer written, without the time wrk and the
# kernel add on the same cores. Several logs (servers) are counted together.
set -euo pipefail
echo "inside the server (access log, duration_ms):"
awk '/ http method=/ {
  for (i = 1; i <= NF; i++) {
    if ($i ~ /^method=/) m = substr($i, 8)
    if ($i ~ /^route=/) r = substr($i, 7)
    if ($i ~ /^duration_ms=/) d = substr($i, 13) + 0
  }
  print m " " r, d
}' "$@" | sort -k1,2 -k3,3n | awk '
  function report() { if (n) printf "  %-28s %8d requests  p50 %6.2f ms  p99 %6.2f ms\n", key, n, v[int(n * 0.5) + 1], v[int(n * 0.99) + 1] }
  { k = $1 " " $2; if (k != key) { report(); key = k; n = 0 } v[++n] = $3 }
  END { report() }'
