//! Edits made offline, sent when the connection returns, on SQLite and PostgreSQL: each carries
//! its own id and is applied once however often it is sent; sent after someone else changed a
//! different field it is merged, the same field it is refused with the task as it is now (and
//! can be sent again, decided, under the same id); a malformed id, or another person's, is
//! refused and changes nothing. A card moved on the board, a comment and a check-in made
//! offline are likewise applied once, and never undo a newer change silently.
mod common;

use app::error::AppError;
use app::i18n::K;
use common::{field_keys, setup_body, task_body, Harness, BACKENDS};
use serde_json::{json, Value};

const PASSWORD: &str = "long enough password";
const EDIT: &str = "0f8fad5b-d9cb-469f-a165-70867728950e";
const OTHER_EDIT: &str = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

fn edit(task: &Value, input: &Value, base: &Value, id: &str) -> Value {
    json!({ "task_id": task["id"], "version": task["version"], "input": input, "base": base, "edit_id": id })
}

/// The admin's session, and Lina (a member) and her session.
async fn admin_and_lina(h: &Harness) -> (String, Value, String) {
    let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
    let admin = admin.unwrap();
    let user = h
        .ok(&admin, "create_user", json!({ "input": { "username": "lina", "display_name": "李娜", "email": "", "role": "member", "password": PASSWORD } }))
        .await;
    let lina = h.login("lina", PASSWORD).await;
    (admin, user, lina)
}

async fn scenario(backend: &str) {
    let h = Harness::new(backend).await;
    let (admin, user, lina) = admin_and_lina(&h).await;
    let p = h.project(&admin, "双十一大促").await;
    h.ok(
        &admin,
        "set_project_member",
        json!({ "input": { "project_id": p, "user_id": user["id"], "role": "contributor" } }),
    )
    .await;
    let seen = h
        .ok(
            &admin,
            "create_task",
            json!({ "project_id": p, "input": task_body("海报设计") }),
        )
        .await;
    let base = seen["input"].clone();

    // Offline, Lina sets the progress to 40; the edit is sent, applied, and its answer lost.
    let mut mine = base.clone();
    mine["progress"] = json!(40);
    let audits = h.audit_count().await;
    let first = h
        .ok(&lina, "update_task", edit(&seen, &mine, &base, EDIT))
        .await;
    assert_eq!(first["input"]["progress"], 40, "{backend}");
    assert_eq!(h.audit_count().await, audits + 1);
    // Meanwhile the admin sets it to 70.
    let mut theirs = first["input"].clone();
    theirs["progress"] = json!(70);
    h.ok(
        &admin,
        "update_task",
        json!({ "task_id": seen["id"], "version": first["version"], "input": theirs }),
    )
    .await;
    // The same edit sent again is not applied again: 70 stays, nothing is written.
    let before = h.fingerprint().await;
    let again = h
        .ok(&lina, "update_task", edit(&seen, &mine, &base, EDIT))
        .await;
    assert_eq!(again["input"]["progress"], 70, "{backend}: {again}");
    assert_eq!(h.fingerprint().await, before, "{backend}");
    // Also in capitals: a UUID is one id however it is written.
    let upper = h
        .ok(
            &lina,
            "update_task",
            edit(&seen, &mine, &base, &EDIT.to_uppercase()),
        )
        .await;
    assert_eq!(upper["input"]["progress"], 70);
    assert_eq!(h.fingerprint().await, before, "{backend}");

    // Another offline edit, made on the first version, of a field nobody else changed: merged.
    let mut titled = base.clone();
    titled["title"] = json!("海报设计（门店版）");
    let merged = h
        .ok(
            &lina,
            "update_task",
            edit(&seen, &titled, &base, OTHER_EDIT),
        )
        .await;
    assert_eq!(merged["input"]["title"], "海报设计（门店版）");
    assert_eq!(merged["input"]["progress"], 70, "the admin's change stays");

    // An edit of a field someone changed meanwhile: refused, showing both, nothing written.
    let third = "9b2f5c1e-3a4d-4e6f-8a7b-1c2d3e4f5a6b";
    let mut late = base.clone();
    late["progress"] = json!(90);
    let before = h.fingerprint().await;
    match h
        .err(Some(&lina), "update_task", edit(&seen, &late, &base, third))
        .await
    {
        AppError::EditConflict { fields, current } => {
            assert_eq!(fields, vec![K::Progress], "{backend}");
            assert_eq!(current.input.progress, 70);
        }
        other => panic!("{backend}: {other:?}"),
    }
    assert_eq!(h.fingerprint().await, before);
    // Lina keeps hers: sent again on the version she was shown, under the same id, it lands once.
    let mut keep = merged["input"].clone();
    keep["progress"] = json!(90);
    let now = h
        .ok(
            &lina,
            "update_task",
            edit(&merged, &keep, &merged["input"], third),
        )
        .await;
    assert_eq!(now["input"]["progress"], 90, "{backend}");
    let replay = h
        .ok(&lina, "update_task", edit(&merged, &late, &base, third))
        .await;
    assert_eq!(replay["version"], now["version"], "applied once");

    // A malformed id, or one that was someone else's edit, is refused; nothing changes.
    let before = h.fingerprint().await;
    let error = h
        .err(
            Some(&lina),
            "update_task",
            edit(&now, &now["input"], &now["input"], "not-a-uuid"),
        )
        .await;
    assert_eq!(
        field_keys(&error),
        vec![("edit_id".to_string(), K::ErrEditId)]
    );
    let error = h
        .err(
            Some(&admin),
            "update_task",
            edit(&now, &now["input"], &now["input"], EDIT),
        )
        .await;
    assert_eq!(
        field_keys(&error),
        vec![("edit_id".to_string(), K::ErrEditId)],
        "{backend}"
    );
    assert_eq!(h.fingerprint().await, before);

    // The ids are remembered 90 days: none forgotten today, all three after 91 days.
    let forget = |days| {
        app::server::tasks::forget_old_edits(
            &h.state.db,
            chrono::Utc::now() + chrono::Duration::days(days),
        )
    };
    assert_eq!(forget(0).await.unwrap(), 0, "{backend}");
    assert_eq!(forget(89).await.unwrap(), 0, "{backend}");
    assert_eq!(forget(91).await.unwrap(), 3, "{backend}");
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_made_offline_is_applied_once_and_never_over_a_newer_change() {
    for backend in BACKENDS {
        scenario(backend).await;
    }
}

fn column_of(board: &Value, category: &str) -> Value {
    board["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["category"] == category)
        .unwrap()["id"]
        .clone()
}

async fn task_now(h: &Harness, who: &str, project: i64, id: &Value) -> Value {
    let all = h
        .ok(who, "list_tasks", json!({ "project_id": project }))
        .await;
    all.as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == *id)
        .unwrap()
        .clone()
}

async fn moves_comments_and_check_ins(backend: &str) {
    let h = Harness::new(backend).await;
    let (admin, user, lina) = admin_and_lina(&h).await;
    let today = common::org_today();
    let p = h
        .project_under_way(&admin, "门店快闪", &[(&user["id"], "contributor")])
        .await;
    let mut t = task_body("物料清单");
    t["owner_id"] = user["id"].clone();
    let list = h
        .ok(
            &admin,
            "create_task",
            json!({ "project_id": p, "input": t }),
        )
        .await;
    let mut t = task_body("场地布置");
    t["owner_id"] = user["id"].clone();
    let setup = h
        .ok(
            &admin,
            "create_task",
            json!({ "project_id": p, "input": t }),
        )
        .await;
    let board = h.ok(&lina, "get_board", json!({ "project_id": p })).await;
    let doing = column_of(&board, "in_progress");
    let done = column_of(&board, "done");

    // Offline, Lina drags 物料清单 to "in progress"; sent, applied, its answer lost.
    let moved = |task: &Value, column: &Value, id: &str| {
        json!({ "request": { "task_id": task["id"], "column_id": column, "before_id": setup["id"],
            "version": task["version"], "base": task["input"], "edit_id": id } })
    };
    let first = h.ok(&lina, "move_task", moved(&list, &doing, EDIT)).await;
    assert_eq!(first["input"]["status"], "in_progress", "{backend}");
    // The admin moves it back to "to do" meanwhile; the same move sent again changes nothing.
    let todo = column_of(&board, "todo");
    h.ok(
        &admin,
        "move_task",
        json!({ "request": { "task_id": list["id"], "column_id": todo, "before_id": null } }),
    )
    .await;
    let before = h.fingerprint().await;
    let again = h.ok(&lina, "move_task", moved(&list, &doing, EDIT)).await;
    assert_eq!(again["input"]["status"], "todo", "{backend}: applied once");
    assert_eq!(h.fingerprint().await, before, "{backend}");

    // Still offline, she had then dragged the card she saw in progress on to "done": the
    // admin changed its status meanwhile, so the move is refused with the task as it is now,
    // nothing written.
    let conflicted = h
        .err(Some(&lina), "move_task", moved(&first, &done, OTHER_EDIT))
        .await;
    match conflicted {
        AppError::EditConflict { fields, current } => {
            assert!(fields.contains(&K::Status), "{backend}: {fields:?}");
            assert_eq!(current.input.status.as_str(), "todo");
        }
        other => panic!("{backend}: {other:?}"),
    }
    assert_eq!(h.fingerprint().await, before, "{backend}");
    // A move of a card nobody touched, on its version, before a card that has since gone
    // elsewhere: it lands at the end of the column.
    let late = h
        .ok(
            &lina,
            "move_task",
            moved(&setup, &doing, "3f2504e0-4f89-41d3-9a0c-0305e82c3301"),
        )
        .await;
    assert_eq!(late["input"]["status"], "in_progress", "{backend}");
    // Someone else's edit id on a move is refused.
    let error = h
        .err(Some(&admin), "move_task", moved(&setup, &done, EDIT))
        .await;
    assert_eq!(
        field_keys(&error),
        vec![("edit_id".to_string(), K::ErrEditId)]
    );

    // A comment written offline, sent twice: posted once.
    let thread = json!({ "project_id": p, "task_id": list["id"] });
    let comment_id = "6ba7b810-9dad-41d1-80b4-00c04fd430c8";
    let comment = |id: &str| json!({ "thread": thread, "body": "物料已到店", "edit_id": id });
    let posted = h.ok(&lina, "add_comment", comment(comment_id)).await;
    let before = h.fingerprint().await;
    let again = h
        .ok(&lina, "add_comment", comment(&comment_id.to_uppercase()))
        .await;
    assert_eq!(again["comment"]["id"], posted["comment"]["id"], "{backend}");
    assert_eq!(h.fingerprint().await, before, "{backend}");
    let listed = h
        .ok(&admin, "list_comments", json!({ "thread": thread }))
        .await;
    assert_eq!(listed.as_array().unwrap().len(), 1, "{backend}");
    // Another person replaying it, or a malformed id: refused, nothing posted.
    let error = h
        .err(Some(&admin), "add_comment", comment(comment_id))
        .await;
    assert_eq!(
        field_keys(&error),
        vec![("edit_id".to_string(), K::ErrEditId)]
    );
    let error = h.err(Some(&lina), "add_comment", comment("x")).await;
    assert_eq!(
        field_keys(&error),
        vec![("edit_id".to_string(), K::ErrEditId)]
    );
    assert_eq!(h.fingerprint().await, before, "{backend}");

    // A check-in written offline yesterday, with 场地布置 at 0 % set to 60 %; meanwhile the
    // admin set 物料清单 to 30 %, which she had seen at 0 % and set to 80 %.
    let list_now = task_now(&h, &admin, p, &list["id"]).await;
    let mut input = list_now["input"].clone();
    input["progress"] = json!(30);
    h.ok(
        &admin,
        "update_task",
        json!({ "task_id": list["id"], "version": list_now["version"], "input": input }),
    )
    .await;
    let yesterday = today - chrono::Days::new(1);
    let check_in = |day: chrono::NaiveDate| {
        json!({ "input": { "project_id": p, "done": "布置了一半", "next": "", "blockers": "",
        "tasks": [ { "task_id": list["id"], "progress": 80, "was": 0 }, { "task_id": setup["id"], "progress": 60, "was": 0 } ],
        "day": day } })
    };
    let saved = h.ok(&lina, "save_check_in", check_in(yesterday)).await;
    assert_eq!(
        saved["day"],
        json!(yesterday),
        "{backend}: the day it was written"
    );
    assert_eq!(saved["kept"][0]["title"], "物料清单", "{backend}: {saved}");
    assert_eq!(saved["kept"][0]["progress"], 30);
    assert_eq!(saved["tasks"].as_array().unwrap().len(), 1);
    assert_eq!(
        task_now(&h, &admin, p, &list["id"]).await["input"]["progress"],
        30
    );
    assert_eq!(
        task_now(&h, &admin, p, &setup["id"]).await["input"]["progress"],
        60
    );
    let day = h
        .ok(
            &lina,
            "get_check_ins",
            json!({ "project_id": p, "day": yesterday }),
        )
        .await;
    let mine = day["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["user"]["id"] == user["id"])
        .unwrap()
        .clone();
    assert_eq!(mine["check_in"]["done"], "布置了一半", "{backend}");
    // Sent again: the same day's check-in, once.
    h.ok(&lina, "save_check_in", check_in(yesterday)).await;
    let day = h
        .ok(
            &lina,
            "get_check_ins",
            json!({ "project_id": p, "day": yesterday }),
        )
        .await;
    assert_eq!(
        day["people"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| !s["check_in"].is_null())
            .count(),
        1
    );
    // Written more than a week ago: refused with a clear message, nothing written.
    let before = h.fingerprint().await;
    let error = h
        .err(
            Some(&lina),
            "save_check_in",
            check_in(today - chrono::Days::new(8)),
        )
        .await;
    assert_eq!(
        field_keys(&error),
        vec![("day".to_string(), K::ErrCheckInTooLate)]
    );
    assert_eq!(h.fingerprint().await, before, "{backend}");
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn moves_comments_and_check_ins_made_offline_are_applied_once() {
    for backend in BACKENDS {
        moves_comments_and_check_ins(backend).await;
    }
}
