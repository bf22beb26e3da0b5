#!/usr/bin/env bash
# The Gantt chart at TASKS tasks (default 50,000) and a board of CARDS cards (default 5,000) in
# headless Chromium, against the release build:
# a temporary server and database, a project seeded in bulk, then end2end/bench/gantt.mjs.
set -euo pipefail
cd "$(dirname "$0")/.."
tasks=${TASKS:-50000}
port=${PORT:-3127}
source scripts/bench-server.sh
project=$(post create_project '{"input":{"name":"Large programme","kind":"product_launch","background":"","objectives":"","expected_benefit":"","risks":[],"owner_id":1,"start_date":"2026-01-01","end_date":"2026-12-31"}}')
python3 scripts/seed_gantt.py "$dir/marquee.db" "$project" "$tasks"
(cd end2end && node bench/gantt.mjs "$base" "$project" bench "bench passphrase 1")
(cd end2end && node bench/gantt.mjs "$base" "$project" bench "bench passphrase 1" unthrottled)
# The board of a second project with CARDS cards (default 5,000), spread over the four statuses.
cards=${CARDS:-5000}
board=$(post create_project '{"input":{"name":"Large board","kind":"brand_campaign","background":"","objectives":"","expected_benefit":"","risks":[],"owner_id":1,"start_date":"2026-01-01","end_date":"2026-12-31"}}')
python3 scripts/seed_gantt.py "$dir/marquee.db" "$board" "$cards"
python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(\"UPDATE tasks SET status = CASE id % 4 WHEN 0 THEN 'todo' WHEN 1 THEN 'in_progress' WHEN 2 THEN 'review' ELSE 'done' END WHERE project_id = ?\", (int(sys.argv[2]),)); c.commit()" "$dir/marquee.db" "$board"
(cd end2end && node bench/board.mjs "$base" "$board" bench "bench passphrase 1")
