# Sourced by the browser benchmarks: starts the release server on port $port with a temporary
# data folder ($dir, deleted on exit), waits for it, and defines `post NAME JSON` (a server
# function called with the benchmark's session) and $base; then sets up the "bench" admin.
target=${CARGO_TARGET_DIR:-target}
dir=$(mktemp -d)
MARQUEE_DATA_DIR=$dir MARQUEE_ADDR=127.0.0.1:$port LEPTOS_SITE_ROOT=target/site RUST_LOG=warn \
  "$target/release/marquee" > "$dir/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 60); do curl -sf -o /dev/null "http://127.0.0.1:$port/login" && break; sleep 0.5; done
base=http://127.0.0.1:$port
post() { curl -sf -b "$dir/cookies" -c "$dir/cookies" -H 'content-type: application/json' -H "origin: $base" "$base/api/$1" -d "$2"; }
post setup '{"input":{"username":"bench","display_name":"Bench","password":"bench passphrase 1","load_demo":false}}' > /dev/null
