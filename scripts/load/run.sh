#!/usr/bin/env bash
# Load run of the nested query: builds the server, starts it on a fresh
# SQLite demo (or on PostgreSQL when WUSHE_DATABASE_URL is set), runs wrk
# with 16 connections for 10 s as the platform and as a community office,
# and prints requests/s, p50/p99 and the server's peak RSS.
#
#   scripts/load/run.sh            # needs wrk (apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 1; }
dir=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$dir"' EXIT
go build -o "$dir/server" ./cmd/server
export WUSHE_DATA_DIR="$dir" WUSHE_LOG_LEVEL=warn WUSHE_RATE_LIMIT=0 WUSHE_ADDR=127.0.0.1:18599
"$dir/server" --demo >"$dir/out.txt" 2>"$dir/err.txt" &
pid=$!
for _ in $(seq 1 100); do curl -sf http://127.0.0.1:18599/readyz >/dev/null && break; sleep 0.2; done
token() { "$dir/server" token --role "$1" ${2:+--agency "$2"} --ttl 1h; }
for viewer in "PLATFORM_ADMIN" "COMMUNITY_OFFICER 640105001002"; do
  set -- $viewer
  echo "== $viewer: wrk -t4 -c16 -d10s"
  TOKEN=$(token "$@") wrk -t4 -c16 -d10s -s scripts/load/nested.lua http://127.0.0.1:18599/graphql | tail -3
done
echo "== peak RSS of the server: $(grep VmHWM /proc/$pid/status | awk '{print $2, $3}')"
