#!/usr/bin/env bash
# "My tasks" and a 1,000-task Gantt chart on an emulated mid-range phone (end2end/bench/phone.mjs),
# against the release build: a temporary server and database, a project seeded in bulk, some
# of its tasks the signed-in person's.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PORT:-3128}
source scripts/bench-server.sh
project=$(post create_project '{"input":{"name":"Mall launch","kind":"product_launch","background":"","objectives":"","expected_benefit":"","risks":[],"owner_id":1,"start_date":"2026-01-01","end_date":"2026-12-31"}}')
python3 scripts/seed_gantt.py "$dir/marquee.db" "$project" 1000
# Forty of them are the signed-in person's, due over the coming weeks.
python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(\"UPDATE tasks SET owner_id = 1, due_date = date('now', '+' || (id % 30) || ' days') WHERE project_id = ? AND id % 25 = 3\", (int(sys.argv[2]),)); c.commit()" "$dir/marquee.db" "$project"
# The server compresses the code once it has started: wait for it.
until curl -sf -o /dev/null -H 'accept-encoding: br' -D - "$base/pkg/marquee.wasm" | grep -qi '^content-encoding: br'; do sleep 0.5; done
(cd end2end && node bench/phone.mjs "$base" bench "bench passphrase 1" "$project")
