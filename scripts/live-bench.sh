#!/usr/bin/env bash
# Live collaboration under load, against the release build (end2end/bench/live.mjs):
#   1. one server on SQLite, CLIENTS (default 50) connections on one board, CHANGES (default 200)
#      edits, timed to each connection and to the screen of a board in headless Chromium;
#   2. the same on PostgreSQL with two server processes on one database, connections spread over
#      both and every edit made through the first;
#   3. IDLE (default 1000) idle connections on one server: memory per connection.
set -euo pipefail
cd "$(dirname "$0")/.."
clients=${CLIENTS:-50}
changes=${CHANGES:-200}
idle=${IDLE:-1000}
target=${CARGO_TARGET_DIR:-target}
pg_admin=${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
dir=$(mktemp -d)
db="marquee_live_bench_$$"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  psql -q "$pg_admin" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
ulimit -n 8192

# start NAME PORT [DATABASE_URL]: a server in the background; its pid in $started.
start() {
  mkdir -p "$dir/$1"
  env MARQUEE_DATA_DIR="$dir/$1" MARQUEE_ADDR="127.0.0.1:$2" LEPTOS_SITE_ROOT=target/site RUST_LOG=warn \
    ${3:+DATABASE_URL=$3} "$target/release/marquee" > "$dir/$1.log" 2>&1 &
  started=$!
  pids+=("$started")
  for _ in $(seq 1 60); do curl -sf -o /dev/null "http://127.0.0.1:$2/login" && return; sleep 0.5; done
  echo "server $1 did not start"; cat "$dir/$1.log"; exit 1
}
setup() {
  curl -sf -H 'content-type: application/json' -H "origin: $1" "$1/api/setup" \
    -d '{"input":{"username":"bench","display_name":"Bench","password":"bench passphrase 1","load_demo":false}}' > /dev/null
}
bench() { (cd end2end && node --experimental-websocket bench/live.mjs "$@" bench "bench passphrase 1"); }

start sqlite 3141
one=$started
setup http://127.0.0.1:3141
echo "== one server, SQLite"
bench latency http://127.0.0.1:3141 "$clients" "$changes"
bench screen http://127.0.0.1:3141 "$clients" "$changes"
echo "== idle connections, one server, SQLite"
bench idle http://127.0.0.1:3141 "$idle" "$one"

psql -q "$pg_admin" -c "CREATE DATABASE $db"
url="${pg_admin%/*}/$db"
start pg-a 3142 "$url"
start pg-b 3143 "$url"
setup http://127.0.0.1:3142
echo "== one server, PostgreSQL"
bench latency http://127.0.0.1:3142 "$clients" "$changes"
bench screen http://127.0.0.1:3142 "$clients" "$changes"
echo "== two servers on one PostgreSQL"
bench latency http://127.0.0.1:3142,http://127.0.0.1:3143 "$clients" "$changes"
bench screen http://127.0.0.1:3142,http://127.0.0.1:3143 "$clients" "$changes"
