#!/usr/bin/env bash
# Prints the figures in BENCHMARKS.md: release wasm size, server cold start, and the throughput of a
# server function under load on loopback. Needs a release build (`make build-release`) and wrk.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
bin=$target/release/marquee
port=${BENCH_PORT:-3199}
dir=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$dir"' EXIT

# The first download: the main wasm, its glue, the loader of split-off chunks and the styles;
# then what the pages fetched when first opened add up to.
pkg=target/site/pkg
br() { brotli -q 11 -w 24 -c "$1" | wc -c; }
for f in marquee.wasm marquee.js __wasm_split.______________________.js marquee.css; do
  [ -f "$pkg/$f" ] && printf '%-40s %9d raw %9d gzip -9 %9d brotli 11\n' "$f" "$(stat -c %s "$pkg/$f")" "$(gzip -9 -c "$pkg/$f" | wc -c)" "$(br "$pkg/$f")"
done
first=0
for f in marquee.wasm marquee.js __wasm_split.______________________.js marquee.css; do
  [ -f "$pkg/$f" ] && first=$((first + $(br "$pkg/$f")))
done
chunks=0; count=0
for f in "$pkg"/*.wasm; do
  [ "$(basename "$f")" = marquee.wasm ] && continue
  chunks=$((chunks + $(stat -c %s "$f"))); count=$((count + 1))
done
echo "split off, fetched when first needed: $count chunks, $chunks bytes raw"

start=$(date +%s%N)
MARQUEE_DATA_DIR=$dir MARQUEE_ADDR=127.0.0.1:$port LEPTOS_SITE_ROOT=target/site RUST_LOG=warn "$bin" > "$dir/log" 2>&1 &
pid=$!
until curl -sf -o /dev/null "http://127.0.0.1:$port/login"; do sleep 0.01; done
echo "cold start (empty database, migrations included): $(( ($(date +%s%N) - start) / 1000000 )) ms"

# The texts of the page's language come as a file of their own, made by the server.
for lang in en zh-CN; do
  curl -sf -o "$dir/catalogue-$lang.json" "http://127.0.0.1:$port/pkg/catalogue-$lang.json"
  printf '%-40s %9d raw %9d gzip -9 %9d brotli 11\n' "catalogue-$lang.json" "$(stat -c %s "$dir/catalogue-$lang.json")" "$(gzip -9 -c "$dir/catalogue-$lang.json" | wc -c)" "$(br "$dir/catalogue-$lang.json")"
done
echo "first download (code, glue, styles, the texts of one language), brotli 11: $((first + $(br "$dir/catalogue-zh-CN.json"))) bytes in Chinese, $((first + $(br "$dir/catalogue-en.json"))) in English"

curl -sf -o /dev/null -c "$dir/cookies" -H 'content-type: application/json' \
  -d '{"input":{"username":"admin","display_name":"Admin","password":"benchmark password","load_demo":true}}' \
  "http://127.0.0.1:$port/api/setup"
cookie=$(awk '$6 == "marquee_session" { print $7 }' "$dir/cookies")
cat > "$dir/post.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"include_archived":false}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Cookie"] = "marquee_session=$cookie"
LUA
echo "list_projects (session check + 4 projects with task roll-up), 2 threads, 32 connections, 10 s:"
wrk -t2 -c32 -d10s --latency -s "$dir/post.lua" "http://127.0.0.1:$port/api/list_projects" | grep -E "Requests/sec|Latency|50%|99%|requests in"

# What each page's first visit downloads of the code and styles, as the server sends them
# (once it has compressed them all).
for f in "$pkg"/*.wasm; do
  until curl -sf -o /dev/null -D - -H 'accept-encoding: br' "http://127.0.0.1:$port/pkg/$(basename "$f")" | grep -qi '^content-encoding: br'; do sleep 1; done
done
(cd end2end && node bench/route-bytes.mjs "http://127.0.0.1:$port" admin "benchmark password")
