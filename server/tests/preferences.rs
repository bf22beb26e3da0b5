//! What each person chooses to be told of, on SQLite and PostgreSQL: everything is on until
//! turned off; a topic turned off (comments on my tasks, mentions, check-in reminders) no longer
//! reaches them and still reaches everyone else; turned on again, it does.
mod common;

use common::{project_body, setup_body, task_body, Harness, BACKENDS};
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
    let mut ids = std::collections::HashMap::new();
    let mut s = std::collections::HashMap::new();
    for name in ["lina", "zhangwei"] {
        let user = h
            .ok(&admin, "create_user", json!({ "input": { "username": name, "display_name": name, "email": "", "role": "member", "password": PASSWORD } }))
            .await;
        ids.insert(name, user["id"].as_i64().unwrap());
        s.insert(name, h.login(name, PASSWORD).await);
    }
    let p = h
        .ok(
            &admin,
            "create_project",
            json!({ "input": project_body("Launch", 1) }),
        )
        .await
        .as_i64()
        .unwrap();
    for (who, role) in [("lina", "manager"), ("zhangwei", "contributor")] {
        h.ok(
            &admin,
            "set_project_member",
            json!({ "input": { "project_id": p, "user_id": ids[who], "role": role } }),
        )
        .await;
    }
    let mut t = task_body("Poster");
    t["owner_id"] = json!(ids["zhangwei"]);
    let task = h
        .ok(
            &admin,
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
        json!(["commented", "mentioned"])
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_person_chooses_what_reaches_them() {
    for backend in BACKENDS {
        scenario(backend).await;
    }
}
