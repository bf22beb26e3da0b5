//! Budget raises in approved projects going through a budget flow, on SQLite and PostgreSQL:
//! small changes apply at once, a raise above the flow's threshold waits (the line keeps its
//! amount), only the flow's approvers decide, a rejection changes nothing, an approval writes
//! the change; the change is sealed at rest.
mod common;

use app::error::AppError;
use app::i18n::K;
use common::{field_keys, project_body, setup_body, Harness, BACKENDS};
use serde_json::{json, Value};

const PASSWORD: &str = "long enough password";

fn line(p: i64, id: Value, version: i64, name: &str, planned: &str) -> Value {
    json!({ "input": { "project_id": p, "id": id, "version": version, "name": name, "channel": "douyin", "category": "media", "phase": "launch", "planned": planned } })
}

fn status(project: i64, to: &str) -> Value {
    json!({ "request": { "project_id": project, "to": to, "comment": "", "flow_id": null } })
}

fn kol(finance: &Value) -> (i64, i64, i64) {
    let l = finance["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["name"] == "KOL seeding")
        .unwrap();
    (
        l["id"].as_i64().unwrap(),
        l["version"].as_i64().unwrap(),
        l["standing"]["planned"].as_i64().unwrap(),
    )
}

async fn scenario(backend: &str) {
    let h = Harness::new(backend).await;
    let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
    let admin = admin.unwrap();
    let mut ids = std::collections::HashMap::new();
    let mut sessions = std::collections::HashMap::new();
    for (name, role) in [("lead", "project_manager"), ("cfo", "member")] {
        let user = h
            .ok(&admin, "create_user", json!({ "input": { "username": name, "display_name": name.to_uppercase(), "email": "", "role": role, "password": PASSWORD } }))
            .await;
        ids.insert(name, user["id"].as_i64().unwrap());
        sessions.insert(name, h.login(name, PASSWORD).await);
    }
    let (lead, cfo) = (&sessions["lead"], &sessions["cfo"]);
    let p = h
        .ok(
            &admin,
            "create_project",
            json!({ "input": project_body("Double 11", ids["lead"]) }),
        )
        .await
        .as_i64()
        .unwrap();

    // A budget flow: raises above ¥50,000 need the CFO.
    h.ok(&admin, "save_approval_flow", json!({ "input": { "id": null, "version": 0, "name": "Budget raise", "purpose": "budget", "kind": null, "budget_above": "5万", "steps": [{ "name": "Finance", "mode": "any", "users": [ids["cfo"]], "roles": [] }] } }))
        .await;
    // A budget flow is not offered when a project is submitted.
    let detail = h.ok(lead, "get_project", json!({ "id": p })).await;
    assert_eq!(detail["flows"], json!([]));

    // In draft the budget is still being planned: any amount applies at once.
    let f = h
        .ok(
            lead,
            "save_budget_line",
            line(p, Value::Null, 0, "KOL seeding", "100000"),
        )
        .await;
    let (kol_id, v, planned) = kol(&f);
    assert_eq!(planned, 10_000_000);
    let f = h
        .ok(
            lead,
            "save_budget_line",
            line(p, json!(kol_id), v, "KOL seeding", "50万"),
        )
        .await;
    let (_, v, planned) = kol(&f);
    assert_eq!(planned, 50_000_000);
    let f = h
        .ok(
            lead,
            "save_budget_line",
            line(p, json!(kol_id), v, "KOL seeding", "10万"),
        )
        .await;
    let (_, v, _) = kol(&f);
    assert_eq!(f["budget_changes"], json!([]));

    // Submitted and approved (by the admin, the default flow).
    h.ok(lead, "change_project_status", status(p, "pending_approval"))
        .await;
    h.ok(&admin, "change_project_status", status(p, "approved"))
        .await;

    // +¥30,000: below the threshold, applies at once.
    let f = h
        .ok(
            lead,
            "save_budget_line",
            line(p, json!(kol_id), v, "KOL seeding", "13万"),
        )
        .await;
    let (_, v, planned) = kol(&f);
    assert_eq!(planned, 13_000_000);

    // +¥120,000: waits for the CFO; the line keeps its amount and version.
    let f = h
        .ok(
            lead,
            "save_budget_line",
            line(p, json!(kol_id), v, "KOL seeding", "250,000"),
        )
        .await;
    assert_eq!(kol(&f), (kol_id, v, 13_000_000));
    let changes = f["budget_changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1);
    let request = changes[0]["id"].as_i64().unwrap();
    assert_eq!(changes[0]["status"], "pending");
    assert_eq!(changes[0]["change"]["before"], 13_000_000);
    assert_eq!(changes[0]["change"]["after"], 25_000_000);
    assert_eq!(changes[0]["waiting_on"][0]["display_name"], "CFO");
    assert_eq!(changes[0]["you_decide"], false);
    for text in h
        .raw_texts("SELECT COALESCE(change, '') AS v FROM approval_requests")
        .await
    {
        assert!(!text.contains("25000000") && !text.contains("KOL"));
    }

    // While it waits: another change of the line is refused; the lead cannot decide it; a
    // rejection needs a reason. Nothing is written.
    let before = h.fingerprint().await;
    let e = h
        .err(
            Some(lead),
            "save_budget_line",
            line(p, json!(kol_id), v, "KOL seeding", "30万"),
        )
        .await;
    assert_eq!(
        field_keys(&e),
        vec![("planned".into(), K::ErrChangePending)]
    );
    let decide = |approve: bool, comment: &str| json!({ "request_id": request, "approve": approve, "comment": comment });
    assert_eq!(
        h.err(Some(lead), "decide_budget_change", decide(true, ""))
            .await,
        AppError::Forbidden
    );
    let e = h
        .err(Some(cfo), "decide_budget_change", decide(false, " "))
        .await;
    assert_eq!(field_keys(&e), vec![("comment".into(), K::ErrRequired)]);
    // Not a budget change: a project's own request cannot be decided here.
    let submission = h
        .number("SELECT MIN(id) AS n FROM approval_requests".to_string())
        .await;
    let e = h
        .err(
            Some(&admin),
            "decide_budget_change",
            json!({ "request_id": submission, "approve": true, "comment": "" }),
        )
        .await;
    assert_eq!(
        field_keys(&e),
        vec![("request_id".into(), K::ErrNotBudgetChange)]
    );
    assert_eq!(h.fingerprint().await, before);

    // The CFO, outside the project, finds it in the inbox and may read the project.
    let inbox = h.ok(cfo, "my_approvals", json!({})).await;
    assert_eq!(inbox.as_array().unwrap().len(), 1);
    assert_eq!(inbox[0]["request"]["change"]["name"], "KOL seeding");
    let seen = h.ok(cfo, "get_finance", json!({ "project_id": p })).await;
    assert_eq!(seen["budget_changes"][0]["you_decide"], true);

    // Rejected with a reason: nothing changes.
    h.ok(
        cfo,
        "decide_budget_change",
        decide(false, "Show the reach numbers first"),
    )
    .await;
    let f = h.ok(lead, "get_finance", json!({ "project_id": p })).await;
    assert_eq!(kol(&f), (kol_id, v, 13_000_000));
    assert_eq!(f["budget_changes"][0]["status"], "rejected");
    assert_eq!(
        f["budget_changes"][0]["steps"][0]["decisions"][0]["comment"],
        "Show the reach numbers first"
    );
    assert_eq!(h.ok(cfo, "my_approvals", json!({})).await, json!([]));
    // Decided: no second decision. The CFO, outside the project, no longer sees it at all.
    assert_eq!(
        h.err(Some(&admin), "decide_budget_change", decide(true, ""))
            .await,
        AppError::Conflict
    );
    assert_eq!(
        h.err(Some(cfo), "decide_budget_change", decide(true, ""))
            .await,
        AppError::NotFound
    );

    // Asked again and approved: the line gets the new amount.
    let f = h
        .ok(
            lead,
            "save_budget_line",
            line(p, json!(kol_id), v, "KOL seeding", "250,000"),
        )
        .await;
    let again = f["budget_changes"][0]["id"].as_i64().unwrap();
    h.ok(
        cfo,
        "decide_budget_change",
        json!({ "request_id": again, "approve": true, "comment": "" }),
    )
    .await;
    let f = h.ok(lead, "get_finance", json!({ "project_id": p })).await;
    let (_, v2, planned) = kol(&f);
    assert_eq!((planned, v2), (25_000_000, v + 1));
    assert_eq!(f["budget_changes"][0]["status"], "approved");
    assert_eq!(f["budget_changes"].as_array().unwrap().len(), 2);

    // A new line above the threshold waits too, then appears when approved.
    let f = h
        .ok(
            lead,
            "save_budget_line",
            line(p, Value::Null, 0, "Outdoor", "8万"),
        )
        .await;
    assert_eq!(f["lines"].as_array().unwrap().len(), 1);
    let outdoor = f["budget_changes"][0]["id"].as_i64().unwrap();
    assert_eq!(f["budget_changes"][0]["change"]["line_id"], Value::Null);
    h.ok(
        cfo,
        "decide_budget_change",
        json!({ "request_id": outdoor, "approve": true, "comment": "ok" }),
    )
    .await;
    let f = h.ok(lead, "get_finance", json!({ "project_id": p })).await;
    assert_eq!(f["lines"].as_array().unwrap().len(), 2);
    assert_eq!(f["totals"]["planned"], 33_000_000);

    // Cutting a line needs no approval.
    let f = h
        .ok(
            lead,
            "save_budget_line",
            line(p, json!(kol_id), v2, "KOL seeding", "1万"),
        )
        .await;
    assert_eq!(kol(&f).2, 1_000_000);
    // The audit log never holds an amount.
    for text in h
        .raw_texts("SELECT COALESCE(after, '') AS v FROM audit_log")
        .await
    {
        assert!(!text.contains("25000000"));
    }
    h.finish().await;
}

#[tokio::test]
async fn budget_raises_wait_for_their_flow() {
    for backend in BACKENDS {
        scenario(backend).await;
    }
}

/// Raises too small for the flow one by one add up since the last approval: the one that
/// takes the total past the threshold waits; once approved, counting starts again.
async fn small_raises_add_up(backend: &str) {
    let h = Harness::new(backend).await;
    let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
    let admin = admin.unwrap();
    let cfo = h
        .ok(&admin, "create_user", json!({ "input": { "username": "cfo", "display_name": "CFO", "email": "", "role": "member", "password": PASSWORD } }))
        .await["id"]
        .as_i64()
        .unwrap();
    let cfo_session = h.login("cfo", PASSWORD).await;
    let p = h.project(&admin, "Singles' Day").await;
    h.ok(&admin, "save_approval_flow", json!({ "input": { "id": null, "version": 0, "name": "Budget raise", "purpose": "budget", "kind": null, "budget_above": "5万", "steps": [{ "name": "Finance", "mode": "any", "users": [cfo], "roles": [] }] } }))
        .await;
    let f = h
        .ok(
            &admin,
            "save_budget_line",
            line(p, Value::Null, 0, "KOL seeding", "10万"),
        )
        .await;
    let (kol_id, mut v, _) = kol(&f);
    h.ok(
        &admin,
        "change_project_status",
        status(p, "pending_approval"),
    )
    .await;
    h.ok(&admin, "change_project_status", status(p, "approved"))
        .await;

    // +¥20,000 twice: each applies at once (¥40,000 in all, under ¥50,000)…
    for amount in ["12万", "14万"] {
        let f = h
            .ok(
                &admin,
                "save_budget_line",
                line(p, json!(kol_id), v, "KOL seeding", amount),
            )
            .await;
        assert_eq!(f["budget_changes"], json!([]), "{backend}");
        v = kol(&f).1;
    }
    // …a third +¥20,000 takes the raises since the approval to ¥60,000: it waits.
    let f = h
        .ok(
            &admin,
            "save_budget_line",
            line(p, json!(kol_id), v, "KOL seeding", "16万"),
        )
        .await;
    assert_eq!(
        kol(&f).2,
        14_000_000,
        "{backend}: the line keeps its amount"
    );
    let request = f["budget_changes"][0]["id"].as_i64().unwrap();
    assert_eq!(f["budget_changes"][0]["change"]["after"], 16_000_000);
    h.ok(
        &cfo_session,
        "decide_budget_change",
        json!({ "request_id": request, "approve": true, "comment": "" }),
    )
    .await;
    // Approved: counting starts again from ¥160,000.
    let f = h
        .ok(&admin, "get_finance", json!({ "project_id": p }))
        .await;
    let (_, v, planned) = kol(&f);
    assert_eq!(planned, 16_000_000, "{backend}");
    let f = h
        .ok(
            &admin,
            "save_budget_line",
            line(p, json!(kol_id), v, "KOL seeding", "19万"),
        )
        .await;
    assert_eq!(
        kol(&f).2,
        19_000_000,
        "{backend}: +¥30,000 since the approval applies"
    );
    let f = h
        .ok(
            &admin,
            "save_budget_line",
            line(p, Value::Null, 0, "Outdoor", "3万"),
        )
        .await;
    assert_eq!(
        f["budget_changes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["status"] == "pending")
            .count(),
        1,
        "{backend}: a new line of ¥30,000 makes ¥60,000 since the approval"
    );
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn small_raises_since_the_last_approval_add_up_against_the_threshold() {
    for backend in BACKENDS {
        small_raises_add_up(backend).await;
    }
}
