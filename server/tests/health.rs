//! Project health on the portfolio: work behind its dates and overdue tasks lower the score and
//! are named as reasons; work on time leaves a project green. Runs on SQLite and on PostgreSQL.
mod common;

use chrono::Days;
use common::{setup_body, task_body, Harness, BACKENDS};
use serde_json::{json, Value};

const PASSWORD: &str = "long enough password";

async fn scenario(backend: &str) {
    let h = Harness::new(backend).await;
    let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
    let admin = admin.unwrap();
    let today = common::org_today();
    let day = |offset: i64| {
        if offset >= 0 {
            today + Days::new(offset as u64)
        } else {
            today - Days::new(offset.unsigned_abs())
        }
    };
    let late = h.project(&admin, "Late campaign").await;
    let on_time = h.project(&admin, "On time").await;
    let empty = h.project(&admin, "Nothing yet").await;
    let task = |title: &str, start: i64, due: i64| {
        let mut input = task_body(title);
        input["start_date"] = json!(day(start));
        input["due_date"] = json!(day(due));
        input
    };
    // Ten to five days ago, nothing done: all of it behind, and overdue.
    h.ok(
        &admin,
        "create_task",
        json!({ "project_id": late, "input": task("Posters", -10, -5) }),
    )
    .await;
    h.ok(
        &admin,
        "create_task",
        json!({ "project_id": on_time, "input": task("Launch", 5, 9) }),
    )
    .await;

    let list = h
        .ok(
            &admin,
            "list_projects",
            json!({ "include_archived": false }),
        )
        .await;
    let health_of = |id: i64| -> Value {
        list.as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id)
            .map(|p| p["health"].clone())
            .unwrap()
    };
    assert_eq!(
        health_of(late),
        json!({
            "score": 50,
            "status": "red",
            "reasons": [
                { "kind": "behind_schedule", "points": 100 },
                { "kind": "overdue_tasks", "count": 1 }
            ]
        })
    );
    assert_eq!(health_of(on_time)["status"], "green");
    assert_eq!(health_of(on_time)["reasons"], json!([]));
    assert_eq!(health_of(empty)["score"], 100);
    // The project's own page says the same.
    let detail = h.ok(&admin, "get_project", json!({ "id": late })).await;
    assert_eq!(detail["health"], health_of(late));
    h.finish().await;
}

#[tokio::test]
async fn health_on_the_portfolio() {
    for backend in BACKENDS {
        scenario(backend).await;
    }
}
