#!/usr/bin/env python3
"""Fills one project of a Marquee SQLite database with a large plan, for the Gantt benchmark:
`seed_gantt.py DB PROJECT_ID TASKS`. Every 100th task is a summary over the next 99; tasks in a
workstream are chained finish-to-start, plus cross links, 1.5 links per task."""
import datetime
import random
import sqlite3
import sys

db, project, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
random.seed(7)
conn = sqlite3.connect(db)
# Timestamps in the exact text form the server wrote for the project itself.
(now,) = conn.execute("SELECT created_at FROM projects WHERE id = ?", (project,)).fetchone()
base = datetime.date.today() - datetime.timedelta(days=30)
(first_id,) = conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM tasks").fetchone()
rows, links = [], []
for i in range(count):
    tid = first_id + i
    summary = i % 100 == 0
    parent = None if summary else first_id + (i - i % 100)
    start = base + datetime.timedelta(days=(i % 100) * 2)
    due = start + datetime.timedelta(days=2)
    rows.append((tid, project, parent, f"Task {i + 1}", "", "", None, start.isoformat(), due.isoformat(),
                 "todo", "medium", (i * 7) % 100, 1 if i % 37 == 5 else 0, (i + 1) * 1024, 1, now, now))
    if not summary and i % 100 > 1:
        links.append((project, tid - 1, tid, "finish_to_start", 0, now))
while len(links) < count * 3 // 2:
    a = random.randrange(count - 100)
    b = a + random.randrange(100, 400)
    if b < count and a % 100 and b % 100:
        links.append((project, first_id + a, first_id + b, "finish_to_start", random.randrange(0, 3), now))
conn.executemany(
    "INSERT INTO tasks (id, project_id, parent_id, title, description, deliverable, owner_id, start_date, due_date,"
    " status, priority, progress, milestone, sort_order, version, created_at, updated_at)"
    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
conn.executemany(
    "INSERT OR IGNORE INTO task_links (project_id, predecessor_id, successor_id, kind, lag_days, created_at)"
    " VALUES (?,?,?,?,?,?)", links)
# The project changed: whatever a running server keeps for its old revision is not served again.
conn.execute("UPDATE projects SET revision = revision + 1 WHERE id = ?", (project,))
conn.commit()
print(f"seeded {len(rows)} tasks and {conn.execute('SELECT COUNT(*) FROM task_links').fetchone()[0]} links")
