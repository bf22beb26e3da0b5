#!/usr/bin/env bash
# A task with COMMENTS comments (default 1,000) in headless Chromium, against the release build:
# a temporary server and database, the comments written through the API (Markdown, a mention),
# then end2end/bench/comments.mjs (time to the drawer with every comment drawn, scrolling it).
set -euo pipefail
cd "$(dirname "$0")/.."
comments=${COMMENTS:-1000}
port=${PORT:-3128}
source scripts/bench-server.sh
project=$(post create_project '{"input":{"name":"Busy campaign","kind":"product_launch","background":"","objectives":"","expected_benefit":"","risks":[],"owner_id":1,"start_date":"2026-01-01","end_date":"2026-12-31"}}')
task=$(post create_task "{\"project_id\":$project,\"input\":{\"parent_id\":null,\"title\":\"Key visual\",\"description\":\"\",\"deliverable\":\"\",\"owner_id\":null,\"start_date\":null,\"due_date\":null,\"status\":\"todo\",\"priority\":\"medium\",\"progress\":0,\"milestone\":false}}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
started=$(date +%s.%N)
for n in $(seq 1 "$comments"); do
  post add_comment "{\"thread\":{\"project_id\":$project,\"task_id\":$task},\"body\":\"Round $n: the **headline** is better, @bench please check the _logo_ size and the colour of the button.\"}" > /dev/null
done
echo "wrote $comments comments in $(python3 -c "print(round($(date +%s.%N) - $started, 1))") s"
(cd end2end && node bench/comments.mjs "$base" "$project" "$task" bench "bench passphrase 1" "$comments")
