//! Daily check-ins on SQLite and PostgreSQL: a manager and a contributor check in once a day
//! (again replaces it), setting their tasks' progress as they do — 100 finishes a task —; the
//! team's day shows who has and who has not, with runs; a check-in for someone else, an empty
//! one, a task of another project, an observer's are refused and change nothing; those who
//! have not checked in by the reminder time are told once.
mod common;

use app::error::AppError;
use app::i18n::K;
use common::{field_keys, setup_body, task_body, Harness, BACKENDS};
use serde_json::{json, Value};

const PASSWORD: &str = "long enough password";

async fn scenario(backend: &str) {
    let h = Harness::new(backend).await;
    let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
    let admin = admin.unwrap();
    let mut ids = std::collections::HashMap::new();
    let mut s = std::collections::HashMap::new();
    for (name, display) in [("lina", "李娜"), ("zhangwei", "张伟"), ("wangfang", "王芳")] {
        let user = h
            .ok(&admin, "create_user", json!({ "input": { "username": name, "display_name": display, "email": "", "role": "member", "password": PASSWORD } }))
            .await;
        ids.insert(name, user["id"].as_i64().unwrap());
        s.insert(name, h.login(name, PASSWORD).await);
    }
    let today = common::org_today();
    let (lina, zhangwei, wangfang) = (
        json!(ids["lina"]),
        json!(ids["zhangwei"]),
        json!(ids["wangfang"]),
    );
    let p = h
        .project_under_way(
            &admin,
            "双十一大促",
            &[
                (&lina, "manager"),
                (&zhangwei, "contributor"),
                (&wangfang, "observer"),
            ],
        )
        .await;
    let task = |title: &str, owner: &str| {
        let mut t = task_body(title);
        t["owner_id"] = json!(ids[owner]);
        json!({ "project_id": p, "input": t })
    };
    let poster = h.ok(&admin, "create_task", task("海报设计", "lina")).await;
    let copy = h.ok(&admin, "create_task", task("文案", "zhangwei")).await;
    let other = h.project(&admin, "Another").await;
    let stranger = h
        .ok(
            &admin,
            "create_task",
            json!({ "project_id": other, "input": task_body("Elsewhere") }),
        )
        .await;
    let day = |who: &str| {
        h.ok(
            &s[who],
            "get_check_ins",
            json!({ "project_id": p, "day": null }),
        )
    };

    // Nobody has checked in: both are listed as not yet; Lina is offered her open task.
    let before = day("lina").await;
    assert_eq!(before["day"], json!(today));
    assert_eq!(before["mine"], true);
    assert_eq!(before["my_tasks"][0]["title"], "海报设计");
    let people = before["people"].as_array().unwrap();
    assert_eq!(
        people.len(),
        3,
        "the owner, the manager and the contributor: {people:?}"
    );
    assert!(people.iter().all(|p| p["check_in"].is_null()));

    // The reminder time has passed: those who check in are told, once; the observer is not.
    h.ok(
        &admin,
        "save_org_settings",
        json!({ "input": { "time_zone": "Asia/Shanghai", "check_in_at": "00:00" } }),
    )
    .await;
    let told = app::server::check_ins::remind(&h.state).await.unwrap();
    assert_eq!(told, 3, "admin (owner), Lina and Zhang");
    assert_eq!(app::server::check_ins::remind(&h.state).await.unwrap(), 0);
    let reminded = h.ok(&s["zhangwei"], "my_notifications", json!({})).await;
    assert_eq!(reminded["items"][0]["kind"], "check_in_missing");
    assert_eq!(reminded["items"][0]["detail"]["title"], "双十一大促");
    let observer = h.ok(&s["wangfang"], "my_notifications", json!({})).await;
    assert!(observer["items"].as_array().unwrap().is_empty());

    // Lina checks in, moving her task to half done.
    let input = |who: &str, done: &str, tasks: Value| json!({ "input": { "project_id": p, "user_id": ids[who], "done": done, "next": "定稿", "blockers": "", "tasks": tasks } });
    let saved = h
        .ok(
            &s["lina"],
            "save_check_in",
            input(
                "lina",
                "完成海报初稿",
                json!([{ "task_id": poster["id"], "progress": 50 }]),
            ),
        )
        .await;
    assert_eq!(saved["tasks"][0]["progress"], 50);
    let tasks = h.ok(&admin, "list_tasks", json!({ "project_id": p })).await;
    let poster_now = tasks
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == poster["id"])
        .unwrap();
    assert_eq!(poster_now["input"]["progress"], 50);
    // Again the same day: it replaces what she said.
    h.ok(
        &s["lina"],
        "save_check_in",
        input("lina", "完成海报初稿和配色", json!([])),
    )
    .await;
    let now = day("wangfang").await;
    assert_eq!(now["mine"], false, "observers do not check in");
    let lina = now["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["user"]["id"] == ids["lina"])
        .unwrap()
        .clone();
    assert_eq!(lina["check_in"]["done"], "完成海报初稿和配色");
    assert_eq!(lina["streak"], 1);
    // Those not checked in come first.
    assert!(now["people"][0]["check_in"].is_null());

    // Refused, changing nothing.
    let fingerprint = h.fingerprint().await;
    let refusals = [
        (
            "zhangwei",
            input("lina", "替李娜打卡", json!([])),
            "user_id",
            K::ErrCheckInForOther,
        ),
        (
            "zhangwei",
            input("zhangwei", "  ", json!([])),
            "done",
            K::ErrCheckInEmpty,
        ),
        (
            "zhangwei",
            input(
                "zhangwei",
                "x",
                json!([{ "task_id": stranger["id"], "progress": 10 }]),
            ),
            "tasks",
            K::ErrUnknownTask,
        ),
        (
            "zhangwei",
            input(
                "zhangwei",
                "x",
                json!([{ "task_id": copy["id"], "progress": 101 }]),
            ),
            "tasks",
            K::ErrPercent,
        ),
    ];
    for (who, body, field, key) in refusals {
        let refused = h.err(Some(&s[who]), "save_check_in", body).await;
        assert_eq!(field_keys(&refused), vec![(field.into(), key)]);
    }
    let observer = h
        .err(
            Some(&s["wangfang"]),
            "save_check_in",
            input("wangfang", "看了看", json!([])),
        )
        .await;
    assert_eq!(observer, AppError::Forbidden);
    assert_eq!(
        h.fingerprint().await,
        fingerprint,
        "refused check-ins changed data"
    );

    // Zhang finishes his task by checking in.
    h.ok(
        &s["zhangwei"],
        "save_check_in",
        input(
            "zhangwei",
            "",
            json!([{ "task_id": copy["id"], "progress": 100 }]),
        ),
    )
    .await;
    let tasks = h.ok(&admin, "list_tasks", json!({ "project_id": p })).await;
    let copy_now = tasks
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == copy["id"])
        .unwrap();
    assert_eq!(copy_now["input"]["status"], "done");
    assert_eq!(copy_now["input"]["progress"], 100);
    let after = day("zhangwei").await;
    assert!(
        after["my_tasks"].as_array().unwrap().is_empty(),
        "a finished task is no longer offered"
    );
    // Check-ins are in the project's activity.
    let activity = h
        .ok(&s["lina"], "project_activity", json!({ "project_id": p, "filter": { "actor_id": null, "kind": "check_ins", "before": null } }))
        .await;
    assert_eq!(activity["items"].as_array().unwrap().len(), 3);

    // Where each checks in, by name, and whether they did today; the observer nowhere.
    h.ok(
        &admin,
        "set_project_member",
        json!({ "input": { "project_id": other, "user_id": ids["zhangwei"], "role": "contributor" } }),
    )
    .await;
    let mine = h.ok(&s["zhangwei"], "my_check_ins", json!({})).await;
    let listed: Vec<(i64, bool)> = mine
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["project_id"].as_i64().unwrap(), m["checked_in"] == true))
        .collect();
    assert_eq!(listed, vec![(other, false), (p, true)], "{backend}: {mine}");
    assert_eq!(mine[1]["working"], true);
    let observer = h.ok(&s["wangfang"], "my_check_ins", json!({})).await;
    assert!(observer.as_array().unwrap().is_empty());
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn people_check_in_daily_and_are_reminded_once() {
    for backend in BACKENDS {
        scenario(backend).await;
    }
}
