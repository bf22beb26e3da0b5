//! What each person chooses to be told of, on SQLite and PostgreSQL: everything is on until
//! turned off; a topic turned off (comments on my tasks, mentions, check-in reminders) no longer
//! reaches them and still reaches everyone else; turned on again, it does.
mod common;

use common::{setup_body, task_body, Harness, BACKENDS};
use serde_json::{json, Value};

const PASSWORD: &str = "long enough password";

async fn reasons(h: &Harness, cookie: &str) -> Vec<String> {
    h.ok(cookie, "my_notifications", json!({})).await["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            n["kind"]
                .as_str()
                .or(n["reason"].as_str())
                .unwrap()
                .to_string()
        })
        .collect()
}

async fn scenario(backend: &str) {
    let h = Harness::new(backend).await;
    let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
    let admin = admin.unwrap();
    let team = h
        .team(
            &admin,
            "Launch",
            &[
                ("lina", "lina", "manager"),
                ("zhangwei", "zhangwei", "contributor"),
            ],
            PASSWORD,
        )
        .await;
    let (p, ids, s) = (team.project, team.ids, team.sessions);
    // His own task: taking it himself tells nobody.
    let mut t = task_body("Poster");
    t["owner_id"] = json!(ids["zhangwei"]);
    let task = h
        .ok(
            &s["zhangwei"],
            "create_task",
            json!({ "project_id": p, "input": t }),
        )
        .await;
    let comment =
        |body: &str| json!({ "thread": { "project_id": p, "task_id": task["id"] }, "body": body });
    let mute = |topics: Value| json!({ "prefs": { "muted": topics } });

    // Everything is on at first.
    let prefs = h.ok(&s["zhangwei"], "my_notify_prefs", json!({})).await;
    assert_eq!(prefs["muted"], json!([]));

    // Comments on his task turned off: a comment does not reach him, a mention still does.
    let saved = h
        .ok(
            &s["zhangwei"],
            "set_notify_prefs",
            mute(json!(["commented", "commented"])),
        )
        .await;
    assert_eq!(saved["muted"], json!(["commented"]));
    h.ok(&s["lina"], "add_comment", comment("Looks good")).await;
    assert!(reasons(&h, &s["zhangwei"]).await.is_empty());
    h.ok(
        &s["lina"],
        "add_comment",
        comment("@zhangwei the logo please"),
    )
    .await;
    assert_eq!(reasons(&h, &s["zhangwei"]).await, vec!["mentioned"]);

    // Mentions off too: nothing more.
    h.ok(
        &s["zhangwei"],
        "set_notify_prefs",
        mute(json!(["commented", "mentioned"])),
    )
    .await;
    h.ok(
        &s["lina"],
        "add_comment",
        comment("@zhangwei and the colours"),
    )
    .await;
    assert_eq!(reasons(&h, &s["zhangwei"]).await, vec!["mentioned"]);

    // A topic that is not one is refused and changes nothing.
    let before = h.fingerprint().await;
    let (status, _, _) = h
        .call(
            Some(&s["zhangwei"]),
            "set_notify_prefs",
            mute(json!(["gossip"])),
        )
        .await;
    assert!(status.is_client_error(), "{status}");
    assert_eq!(h.fingerprint().await, before);
    assert_eq!(
        h.ok(&s["zhangwei"], "my_notify_prefs", json!({})).await["muted"],
        json!(["mentioned", "commented"]),
        "in the order the settings list them"
    );

    // On again: comments reach him.
    h.ok(&s["zhangwei"], "set_notify_prefs", mute(json!([])))
        .await;
    h.ok(&s["lina"], "add_comment", comment("Final version attached"))
        .await;
    assert_eq!(
        reasons(&h, &s["zhangwei"]).await,
        vec!["commented", "mentioned"]
    );

    // Check-in reminders: off for him, on for the others.
    h.start_every_day(&admin, p).await;
    h.ok(
        &admin,
        "save_org_settings",
        json!({ "input": { "time_zone": "Asia/Shanghai", "check_in_at": "00:00" } }),
    )
    .await;
    h.ok(
        &s["zhangwei"],
        "set_notify_prefs",
        mute(json!(["check_in_missing"])),
    )
    .await;
    let told = app::server::check_ins::remind(&h.state).await.unwrap();
    assert_eq!(told, 2, "the owner and Lina");
    assert_eq!(reasons(&h, &s["lina"]).await, vec!["check_in_missing"]);
    assert!(!reasons(&h, &s["zhangwei"])
        .await
        .contains(&"check_in_missing".to_string()));
    h.finish().await;
}

async fn assignments(backend: &str) {
    let h = Harness::new(backend).await;
    let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
    let admin = admin.unwrap();
    let user = h
        .ok(&admin, "create_user", json!({ "input": { "username": "kai", "display_name": "Kai", "email": "", "role": "member", "password": PASSWORD } }))
        .await;
    let kai_id = user["id"].as_i64().unwrap();
    let kai = h.login("kai", PASSWORD).await;
    let p = h.project(&admin, "Launch").await;
    h.ok(
        &admin,
        "set_project_member",
        json!({ "input": { "project_id": p, "user_id": kai_id, "role": "contributor" } }),
    )
    .await;
    // Given a new task: told, by whom and which.
    let mut body = task_body("Media plan");
    body["owner_id"] = json!(kai_id);
    let task = h
        .ok(
            &admin,
            "create_task",
            json!({ "project_id": p, "input": body.clone() }),
        )
        .await;
    let page = h.ok(&kai, "my_notifications", json!({})).await;
    assert_eq!(page["items"][0]["reason"], "assigned");
    assert_eq!(page["items"][0]["task_title"], "Media plan");
    assert_eq!(page["items"][0]["actor"]["display_name"], "Admin");
    // Taken away and given back in a burst: still one unread notification for the task.
    let bulk = |owner: Value| json!({ "edit": { "project_id": p, "task_ids": [task["id"]], "owner_id": owner, "unassign": owner.is_null() } });
    h.ok(&admin, "bulk_update_tasks", bulk(Value::Null)).await;
    h.ok(&admin, "bulk_update_tasks", bulk(json!(kai_id))).await;
    assert_eq!(reasons(&h, &kai).await, vec!["assigned"]);
    // Taking a task oneself tells nobody; turned off, nothing arrives.
    let mut own = task_body("Own task");
    own["owner_id"] = json!(kai_id);
    h.ok(
        &kai,
        "create_task",
        json!({ "project_id": p, "input": own }),
    )
    .await;
    h.ok(
        &kai,
        "set_notify_prefs",
        json!({ "prefs": { "muted": ["assigned"] } }),
    )
    .await;
    body["title"] = json!("Another");
    h.ok(
        &admin,
        "create_task",
        json!({ "project_id": p, "input": body }),
    )
    .await;
    assert_eq!(reasons(&h, &kai).await, vec!["assigned"]);
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_given_a_task_is_told() {
    for backend in BACKENDS {
        assignments(backend).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_person_chooses_what_reaches_them() {
    for backend in BACKENDS {
        scenario(backend).await;
    }
}
