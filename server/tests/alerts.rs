//! Exception alerts on SQLite and PostgreSQL: a task overdue by more than the project's
//! threshold, an overrun budget line and an approval waiting too long each raise one alert —
//! once, however often and by however many server processes the projects are looked over —,
//! and it reaches the owner and managers (and the task's owner, and those an approval waits on)
//! in their notification centre, with unread counts.
mod common;

use chrono::{Days, Utc};
use common::{project_body, setup_body, task_body, Harness, BACKENDS};
use sea_orm::ConnectionTrait;
use serde_json::{json, Value};

const PASSWORD: &str = "long enough password";

/// The alerts a person was told of (tasks given to them aside), and how many are unread.
async fn kinds(h: &Harness, cookie: &str) -> (i64, Vec<String>) {
    let page = h.ok(cookie, "my_notifications", json!({})).await;
    let alerts: Vec<&Value> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["reason"] == "alert")
        .collect();
    let mut kinds: Vec<String> = alerts
        .iter()
        .map(|n| n["kind"].as_str().unwrap().to_string())
        .collect();
    kinds.sort();
    let unread = alerts.iter().filter(|n| n["read"] == false).count() as i64;
    assert!(page["unread"].as_i64().unwrap() >= unread);
    (unread, kinds)
}

async fn scenario(backend: &str) {
    let h = Harness::new(backend).await;
    let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
    let admin = admin.unwrap();
    let mut ids = std::collections::HashMap::new();
    let mut sessions = std::collections::HashMap::new();
    for name in ["manager", "designer", "lead", "outsider"] {
        let user = h
            .ok(&admin, "create_user", json!({ "input": { "username": name, "display_name": name, "email": "", "role": "member", "password": PASSWORD } }))
            .await;
        ids.insert(name, user["id"].as_i64().unwrap());
        sessions.insert(name, h.login(name, PASSWORD).await);
    }
    let today = Utc::now().date_naive();
    let mut body = project_body("Mid-autumn gifts", 1);
    body["start_date"] = json!(today - Days::new(30));
    body["end_date"] = json!(today + Days::new(30));
    let p = h
        .ok(&admin, "create_project", json!({ "input": body }))
        .await
        .as_i64()
        .unwrap();
    for (who, role) in [("manager", "manager"), ("designer", "contributor")] {
        h.ok(
            &admin,
            "set_project_member",
            json!({ "input": { "project_id": p, "user_id": ids[who], "role": role } }),
        )
        .await;
    }
    let task = |title: &str, due_days_ago: u64, owner: Value, status: &str| {
        let mut t = task_body(title);
        t["start_date"] = json!(today - Days::new(due_days_ago + 3));
        t["due_date"] = json!(today - Days::new(due_days_ago));
        t["owner_id"] = owner;
        t["status"] = json!(status);
        json!({ "project_id": p, "input": t })
    };
    // Five days late: past the threshold of three. Two days late, and late but done: not.
    h.ok(
        &admin,
        "create_task",
        task("Gift box artwork", 5, json!(ids["designer"]), "in_progress"),
    )
    .await;
    h.ok(
        &admin,
        "create_task",
        task("Copy review", 2, Value::Null, "todo"),
    )
    .await;
    h.ok(
        &admin,
        "create_task",
        task("Supplier quotes", 9, Value::Null, "done"),
    )
    .await;
    // Due tomorrow: its owner alone hears of it.
    let mut soon = task_body("Tasting event");
    soon["start_date"] = json!(today - Days::new(2));
    soon["due_date"] = json!(today + Days::new(1));
    soon["owner_id"] = json!(ids["designer"]);
    let soon = h
        .ok(
            &admin,
            "create_task",
            json!({ "project_id": p, "input": soon }),
        )
        .await;
    // A budget line overrun.
    let f = h
        .ok(&admin, "save_budget_line", json!({ "input": { "project_id": p, "id": null, "version": 0, "name": "Gift boxes", "channel": null, "category": "creative", "phase": "preparation", "planned": "1万" } }))
        .await;
    h.ok(&admin, "save_expense", json!({ "input": { "project_id": p, "id": null, "version": 0, "line_id": f["lines"][0]["id"], "day": today, "vendor": "Printer", "amount": "12,000", "state": "committed", "note": "" } }))
        .await;
    // An approval waiting on the lead since five days ago.
    h.ok(&admin, "save_approval_flow", json!({ "input": { "id": null, "version": 0, "name": "Lead review", "kind": null, "budget_above": "", "steps": [{ "name": "Lead", "mode": "any", "users": [ids["lead"]], "roles": [] }] } }))
        .await;
    h.ok(&admin, "change_project_status", json!({ "request": { "project_id": p, "to": "pending_approval", "comment": "", "flow_id": null } }))
        .await;
    let five_days_ago = Utc::now() - chrono::Duration::days(5);
    h.state
        .db
        .execute_unprepared(&format!(
            "UPDATE approval_requests SET submitted_at = '{}'",
            five_days_ago.format("%Y-%m-%d %H:%M:%S%:z")
        ))
        .await
        .unwrap();

    // Four alerts, raised once.
    assert_eq!(
        app::server::notifications::scan(&h.state, today)
            .await
            .unwrap(),
        4
    );
    assert_eq!(
        app::server::notifications::scan(&h.state, today)
            .await
            .unwrap(),
        0
    );
    let twin = h.twin().await;
    assert_eq!(
        app::server::notifications::scan(&twin.state, today)
            .await
            .unwrap(),
        0,
        "a second process raises nothing again"
    );

    let all = vec![
        "approval_stalled".to_string(),
        "budget_overrun".into(),
        "overdue_task".into(),
    ];
    assert_eq!(
        kinds(&h, &admin).await,
        (3, all.clone()),
        "the owner hears of all"
    );
    assert_eq!(
        kinds(&h, &sessions["manager"]).await,
        (3, all.clone()),
        "so does the manager"
    );
    assert_eq!(
        kinds(&h, &sessions["designer"]).await,
        (2, vec!["due_soon".into(), "overdue_task".into()]),
        "the task's owner of their tasks, late or due tomorrow"
    );
    let due = h
        .ok(&sessions["designer"], "my_notifications", json!({}))
        .await["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["kind"] == "due_soon")
        .unwrap()
        .clone();
    assert_eq!(due["task_id"], soon["id"], "it leads to the task");
    assert_eq!(due["detail"]["title"], "Tasting event");
    assert_eq!(
        kinds(&h, &sessions["lead"]).await,
        (1, vec!["approval_stalled".into()]),
        "the approver of the wait"
    );
    assert_eq!(kinds(&h, &sessions["outsider"]).await, (0, vec![]));
    let page = h
        .ok(&sessions["manager"], "my_notifications", json!({}))
        .await;
    let overdue = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["kind"] == "overdue_task")
        .unwrap()
        .clone();
    assert_eq!(overdue["detail"]["title"], "Gift box artwork");
    assert_eq!(overdue["detail"]["days"], 5);
    let overrun = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["kind"] == "budget_overrun")
        .unwrap()
        .clone();
    assert_eq!(overrun["detail"]["amount"], 200_000);
    // The amount is shown to the people told, and kept sealed like the budget it comes from.
    for text in h.raw_texts("SELECT detail AS v FROM alerts").await {
        assert!(
            !text.contains("200000") && !text.contains("Gift box"),
            "{text}"
        );
    }
    assert_eq!(
        h.ok(&sessions["manager"], "session_info", json!({})).await["unread"],
        3
    );

    // Read one, then the rest.
    let page = h
        .ok(
            &sessions["manager"],
            "mark_notifications_read",
            json!({ "ids": [overdue["id"]] }),
        )
        .await;
    assert_eq!(page["unread"], 2);
    let page = h
        .ok(
            &sessions["manager"],
            "mark_notifications_read",
            json!({ "ids": [] }),
        )
        .await;
    assert_eq!(page["unread"], 0);
    assert_eq!(
        kinds(&h, &sessions["designer"]).await.0,
        2,
        "another person's stay unread"
    );

    // A higher threshold: five days late is no longer an alert; a bad one is refused.
    h.ok(
        &admin,
        "set_alert_days",
        json!({ "project_id": p, "days": 10 }),
    )
    .await;
    assert_eq!(
        app::server::notifications::scan(&h.state, today)
            .await
            .unwrap(),
        0
    );
    let e = h
        .err(
            Some(&admin),
            "set_alert_days",
            json!({ "project_id": p, "days": 0 }),
        )
        .await;
    assert!(matches!(e, app::error::AppError::Invalid(_)));
    assert_eq!(
        h.ok(&admin, "get_project", json!({ "id": p })).await["alert_days"],
        10
    );
    drop(twin);
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn alerts_are_raised_once_and_reach_the_right_people() {
    for backend in BACKENDS {
        scenario(backend).await;
    }
}
