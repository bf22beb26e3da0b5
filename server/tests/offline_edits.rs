//! Edits made offline, sent when the connection returns, on SQLite and PostgreSQL: each carries
//! its own id and is applied once however often it is sent; sent after someone else changed a
//! different field it is merged, the same field it is refused with the task as it is now (and
//! can be sent again, decided, under the same id); a malformed id, or another person's, is
//! refused and changes nothing.
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

async fn scenario(backend: &str) {
    let h = Harness::new(backend).await;
    let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
    let admin = admin.unwrap();
    let user = h
        .ok(&admin, "create_user", json!({ "input": { "username": "lina", "display_name": "李娜", "email": "", "role": "member", "password": PASSWORD } }))
        .await;
    let lina = h.login("lina", PASSWORD).await;
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
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_made_offline_is_applied_once_and_never_over_a_newer_change() {
    for backend in BACKENDS {
        scenario(backend).await;
    }
}
