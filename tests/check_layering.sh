#!/usr/bin/env bash
# Fails when a file in a pure layer includes Boost, SQLite, libpq, JSON,
# Hyperscan or HTTP headers, naming each offending file and line.
set -u
src=${1:?usage: check_layering.sh SRC_DIR}
status=0
for layer in core domain rules reporting app; do
  [ -d "$src/$layer" ] || continue
  hits=$(grep -rnE '#include *[<"](boost/|sqlite3\.h|libpq-fe\.h|nlohmann/|hs/|hs\.h|toml\+\+/|curl/|CLI/)' "$src/$layer" || true)
  if [ -n "$hits" ]; then
    echo "pure layer src/$layer includes an I/O or format library:"
    echo "$hits"
    status=1
  fi
done
[ $status -eq 0 ] && echo "pure layers are free of I/O libraries"
exit $status
