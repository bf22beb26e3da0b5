//! Approval flows over HTTP, on SQLite and PostgreSQL: a project goes through the flow that
//! applies to it, step by step, decided only by that step's approvers; a rejection returns it to
//! draft with the comment, resubmission starts the flow again, and the whole trail is kept.
mod common;

use app::error::AppError;
use app::i18n::K;
use common::{project_body, setup_body, Harness, BACKENDS};
use serde_json::{json, Value};

const PASSWORD: &str = "long enough password";

fn field_key(e: &AppError, field: &str) -> Option<K> {
    match e {
        AppError::Invalid(errors) => errors.iter().find(|f| f.field == field).map(|f| f.key),
        _ => None,
    }
}

fn status(project: i64, to: &str, comment: &str, flow: Value) -> Value {
    json!({ "request": { "project_id": project, "to": to, "comment": comment, "flow_id": flow } })
}

async fn scenario(backend: &str) {
    let h = Harness::new(backend).await;
    let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
    let admin = admin.unwrap();
    let mut ids = std::collections::HashMap::new();
    let mut sessions = std::collections::HashMap::new();
    for (name, role) in [
        ("lead", "project_manager"),
        ("cfo", "member"),
        ("owner", "member"),
    ] {
        let user = h
            .ok(&admin, "create_user", json!({ "input": { "username": name, "display_name": name.to_uppercase(), "email": "", "role": role, "password": PASSWORD } }))
            .await;
        ids.insert(name, user["id"].as_i64().unwrap());
        sessions.insert(name, h.login(name, PASSWORD).await);
    }
    let (lead, cfo, owner) = (&sessions["lead"], &sessions["cfo"], &sessions["owner"]);

    // Flows: bad ones are refused per field; only admins configure them.
    let flow = |name: &str, kind: Value, above: &str, steps: Value| json!({ "input": { "id": null, "version": 0, "name": name, "kind": kind, "budget_above": above, "steps": steps } });
    let e = h
        .err(
            Some(&admin),
            "save_approval_flow",
            flow("Empty", Value::Null, "", json!([])),
        )
        .await;
    assert_eq!(field_key(&e, "steps"), Some(K::ErrNoSteps));
    let nobody = json!([{ "name": "", "mode": "any", "users": [], "roles": [] }]);
    let e = h
        .err(
            Some(&admin),
            "save_approval_flow",
            flow("Nobody", Value::Null, "abc", nobody),
        )
        .await;
    assert_eq!(field_key(&e, "steps.0"), Some(K::ErrStepNoApprovers));
    assert_eq!(field_key(&e, "budget_above"), Some(K::ErrAmount));
    let launch_steps = json!([
        { "name": "Marketing lead", "mode": "any", "users": [ids["lead"]], "roles": [] },
        { "name": "Finance", "mode": "all", "users": [ids["cfo"]], "roles": [] }
    ]);
    let e = h
        .err(
            Some(lead),
            "save_approval_flow",
            flow(
                "Launch review",
                json!("product_launch"),
                "",
                launch_steps.clone(),
            ),
        )
        .await;
    assert_eq!(e, AppError::Forbidden);
    h.ok(
        &admin,
        "save_approval_flow",
        flow("Launch review", json!("product_launch"), "", launch_steps),
    )
    .await;
    let flows = h
        .ok(
            &admin,
            "save_approval_flow",
            flow(
                "Big budgets",
                Value::Null,
                "100万",
                json!([{ "name": "", "mode": "any", "users": [], "roles": ["admin"] }]),
            ),
        )
        .await;
    let big = flows
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "Big budgets")
        .unwrap()["id"]
        .clone();
    assert_eq!(flows[1]["condition"]["budget_above"], 100_000_000);

    // A launch owned by a member who manages it.
    let mut body = project_body("X2 launch", ids["owner"]);
    body["kind"] = json!("product_launch");
    let p = h
        .ok(&admin, "create_project", json!({ "input": body }))
        .await
        .as_i64()
        .unwrap();
    h.ok(
        &admin,
        "set_project_member",
        json!({ "input": { "project_id": p, "user_id": ids["owner"], "role": "manager" } }),
    )
    .await;
    let detail = h.ok(owner, "get_project", json!({ "id": p })).await;
    let choices: Vec<&str> = detail["flows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        choices,
        ["Launch review"],
        "the budget flow does not apply to a project without a budget"
    );
    // Submitted: waiting on the marketing lead. The rules choose the flow: one the submitter
    // names is not consulted.
    h.ok(
        owner,
        "change_project_status",
        status(p, "pending_approval", "Ready", big),
    )
    .await;
    let detail = h.ok(owner, "get_project", json!({ "id": p })).await;
    let request = &detail["approvals"][0];
    assert_eq!(request["flow_name"], "Launch review");
    assert_eq!(request["current_step"], 0);
    assert_eq!(request["waiting_on"][0]["display_name"], "LEAD");
    // The lead is told it waits on them; the finance step's approver is not, yet.
    let told = h.ok(lead, "my_notifications", json!({})).await;
    assert_eq!(told["items"][0]["reason"], "approval_waiting");
    assert_eq!(told["items"][0]["project_name"], "X2 launch");
    let cfo_told = h.ok(cfo, "my_notifications", json!({})).await;
    assert!(cfo_told["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|n| n["reason"] != "approval_waiting"));
    assert_eq!(
        h.ok(lead, "my_approvals", json!({}))
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert!(h
        .ok(cfo, "my_approvals", json!({}))
        .await
        .as_array()
        .unwrap()
        .is_empty());
    assert_eq!(
        h.ok(lead, "get_project", json!({ "id": p })).await["permissions"]["approve"],
        true
    );

    // Not the finance step's turn yet, and the admin is in neither step.
    let before = h.fingerprint().await;
    for who in [cfo, &admin] {
        let e = h
            .err(
                Some(who),
                "change_project_status",
                status(p, "approved", "", Value::Null),
            )
            .await;
        assert!(
            matches!(e, AppError::Forbidden | AppError::NotFound),
            "{e:?}"
        );
    }
    let e = h
        .err(
            Some(lead),
            "change_project_status",
            status(p, "draft", "  ", Value::Null),
        )
        .await;
    assert_eq!(field_key(&e, "comment"), Some(K::ErrRequired));
    assert_eq!(
        h.fingerprint().await,
        before,
        "refused decisions changed data"
    );

    // Rejected: back to draft with the comment, the request closed.
    h.ok(
        lead,
        "change_project_status",
        status(p, "draft", "KOL budget too thin", Value::Null),
    )
    .await;
    let detail = h.ok(owner, "get_project", json!({ "id": p })).await;
    assert_eq!(detail["status"], "draft");
    assert_eq!(detail["approvals"][0]["status"], "rejected");
    // The one who submitted it is told how it ended, and by whom.
    let told = h.ok(owner, "my_notifications", json!({})).await;
    assert_eq!(told["items"][0]["reason"], "request_rejected");
    assert_eq!(told["items"][0]["project_name"], "X2 launch");
    assert_eq!(told["items"][0]["actor"]["display_name"], "LEAD");
    assert_eq!(
        detail["approvals"][0]["steps"][0]["decisions"][0]["comment"],
        "KOL budget too thin"
    );
    assert_eq!(
        detail["history"].as_array().unwrap().last().unwrap()["comment"],
        "KOL budget too thin"
    );
    assert!(h
        .ok(lead, "my_approvals", json!({}))
        .await
        .as_array()
        .unwrap()
        .is_empty());

    // Resubmitted: the flow starts again from the first step; the old request stays.
    h.ok(
        owner,
        "change_project_status",
        status(p, "pending_approval", "KOL budget doubled", Value::Null),
    )
    .await;
    h.ok(
        lead,
        "change_project_status",
        status(p, "approved", "OK", Value::Null),
    )
    .await;
    let detail = h.ok(owner, "get_project", json!({ "id": p })).await;
    assert_eq!(
        detail["status"], "pending_approval",
        "one step of two is not an approval"
    );
    assert_eq!(detail["approvals"].as_array().unwrap().len(), 2);
    assert_eq!(detail["approvals"][0]["current_step"], 1);
    assert_eq!(
        detail["approvals"][0]["waiting_on"][0]["display_name"],
        "CFO"
    );
    let inbox = h.ok(cfo, "my_approvals", json!({})).await;
    assert_eq!(inbox[0]["project_name"], "X2 launch");
    // On to the finance step: now the CFO is told.
    let cfo_told = h.ok(cfo, "my_notifications", json!({})).await;
    assert_eq!(cfo_told["items"][0]["reason"], "approval_waiting");
    assert_eq!(cfo_told["items"][0]["actor"]["display_name"], "LEAD");
    // The lead has decided this step: nothing more for them.
    let e = h
        .err(
            Some(lead),
            "change_project_status",
            status(p, "approved", "", Value::Null),
        )
        .await;
    assert_eq!(e, AppError::Forbidden);
    h.ok(
        cfo,
        "change_project_status",
        status(p, "approved", "Within plan", Value::Null),
    )
    .await;
    let detail = h.ok(owner, "get_project", json!({ "id": p })).await;
    assert_eq!(detail["status"], "approved");
    assert_eq!(detail["approvals"][0]["status"], "approved");
    let told = h.ok(owner, "my_notifications", json!({})).await;
    assert_eq!(told["items"][0]["reason"], "request_approved");
    assert_eq!(detail["approvals"][1]["status"], "rejected");
    assert_eq!(
        detail["approvals"][0]["steps"][1]["decisions"][0]["by"]["display_name"],
        "CFO"
    );

    // A project no flow applies to: any admin approves, as before flows.
    let other = h.project(&admin, "Brand week").await;
    h.ok(
        &admin,
        "change_project_status",
        status(other, "pending_approval", "", Value::Null),
    )
    .await;
    h.ok(
        &admin,
        "change_project_status",
        status(other, "approved", "", Value::Null),
    )
    .await;
    let detail = h.ok(&admin, "get_project", json!({ "id": other })).await;
    assert_eq!(detail["status"], "approved");
    assert_eq!(detail["approvals"][0]["flow_name"], "");
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn projects_go_through_their_approval_flow() {
    for backend in BACKENDS {
        scenario(backend).await;
    }
}

/// Every flow that applies is gone through, in turn, whatever the submitter asks for; and a
/// step whose only approver is the submitter passes on to an admin.
async fn the_rules_choose_and_nobody_approves_their_own(backend: &str) {
    let h = Harness::new(backend).await;
    let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
    let admin = admin.unwrap();
    let mut ids = std::collections::HashMap::new();
    for (name, role) in [("lead", "project_manager"), ("cfo", "member")] {
        let user = h
            .ok(&admin, "create_user", json!({ "input": { "username": name, "display_name": name.to_uppercase(), "email": "", "role": role, "password": PASSWORD } }))
            .await;
        ids.insert(name, user["id"].as_i64().unwrap());
    }
    let lead = h.login("lead", PASSWORD).await;
    // Launches are reviewed by the lead; every project by the CFO.
    h.ok(&admin, "save_approval_flow", json!({ "input": { "id": null, "version": 0, "name": "Launch review", "kind": "product_launch", "budget_above": "", "steps": [{ "name": "Lead", "mode": "any", "users": [ids["lead"]], "roles": [] }] } }))
        .await;
    let flows = h
        .ok(&admin, "save_approval_flow", json!({ "input": { "id": null, "version": 0, "name": "Finance check", "kind": null, "budget_above": "", "steps": [{ "name": "CFO", "mode": "any", "users": [ids["cfo"]], "roles": [] }] } }))
        .await;
    let finance_only = flows[1]["id"].clone();
    let mut body = project_body("X5 launch", ids["lead"]);
    body["kind"] = json!("product_launch");
    let p = h
        .ok(&admin, "create_project", json!({ "input": body }))
        .await
        .as_i64()
        .unwrap();
    h.ok(
        &admin,
        "set_project_member",
        json!({ "input": { "project_id": p, "user_id": ids["lead"], "role": "manager" } }),
    )
    .await;
    // The lead submits, naming the lighter flow: both are gone through all the same, and the
    // lead's own step is decided by the admin.
    h.ok(
        &lead,
        "change_project_status",
        status(p, "pending_approval", "", finance_only),
    )
    .await;
    let detail = h.ok(&lead, "get_project", json!({ "id": p })).await;
    let request = &detail["approvals"][0];
    assert_eq!(
        request["flow_name"], "Launch review + Finance check",
        "{backend}"
    );
    assert_eq!(request["steps"].as_array().unwrap().len(), 2, "{backend}");
    assert_eq!(
        request["waiting_on"][0]["display_name"], "Admin",
        "{backend}: {request}"
    );
    let e = h
        .err(
            Some(&lead),
            "change_project_status",
            status(p, "approved", "", Value::Null),
        )
        .await;
    assert!(
        matches!(e, AppError::Forbidden | AppError::NotFound),
        "{backend}: the lead approved their own request: {e:?}"
    );
    h.ok(
        &admin,
        "change_project_status",
        status(p, "approved", "", Value::Null),
    )
    .await;
    let detail = h.ok(&lead, "get_project", json!({ "id": p })).await;
    assert_eq!(
        detail["approvals"][0]["waiting_on"][0]["display_name"], "CFO",
        "{backend}"
    );
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_flow_that_applies_is_gone_through_and_nobody_approves_their_own() {
    for backend in BACKENDS {
        the_rules_choose_and_nobody_approves_their_own(backend).await;
    }
}
