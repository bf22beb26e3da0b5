//! Projects saved as templates, on SQLite and PostgreSQL: the plan keeps each task's place in
//! working days, its links, and (if asked) the KPIs and the budget, sealed at rest; a new project
//! laid out from it gets the same plan on its own dates; admins rename and delete templates.
mod common;

use app::error::AppError;
use app::i18n::K;
use common::{field_keys, project_body, setup_body, Harness, BACKENDS};
use serde_json::{json, Value};

const PASSWORD: &str = "long enough password";

fn save(project: i64, name: &str, kpis: bool, budget: bool) -> Value {
    json!({ "input": { "project_id": project, "name": name, "description": "Our spring launch, as run in 2026", "with_kpis": kpis, "with_budget": budget } })
}

async fn scenario(backend: &str) {
    let h = Harness::new(backend).await;
    let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
    let admin = admin.unwrap();
    let mut ids = std::collections::HashMap::new();
    let mut sessions = std::collections::HashMap::new();
    for (name, role) in [("lead", "project_manager"), ("writer", "member")] {
        let user = h
            .ok(&admin, "create_user", json!({ "input": { "username": name, "display_name": name, "email": "", "role": role, "password": PASSWORD } }))
            .await;
        ids.insert(name, user["id"].as_i64().unwrap());
        sessions.insert(name, h.login(name, PASSWORD).await);
    }
    let (lead, writer) = (&sessions["lead"], &sessions["writer"]);

    // A product launch from the built-in template, owned by the lead (a manager of it).
    let mut body = project_body("Spring launch", ids["lead"]);
    body["kind"] = json!("product_launch");
    body["start_date"] = json!("2026-02-13");
    body["end_date"] = json!("2026-04-30");
    let source = h
        .ok(
            &admin,
            "create_project",
            json!({ "input": body, "template": "product_launch" }),
        )
        .await
        .as_i64()
        .unwrap();
    h.ok(&admin, "set_project_member", json!({ "input": { "project_id": source, "user_id": ids["writer"], "role": "contributor" } }))
        .await;

    // Refused: a contributor, an empty name, a project without tasks. Nothing is written.
    let blank = h.project(&admin, "Blank").await;
    let before = h.fingerprint().await;
    let e = h
        .err(
            Some(writer),
            "save_project_as_template",
            save(source, "Mine", true, true),
        )
        .await;
    assert_eq!(e, AppError::Forbidden);
    let e = h
        .err(
            Some(lead),
            "save_project_as_template",
            save(source, "  ", true, true),
        )
        .await;
    assert_eq!(field_keys(&e), vec![("name".into(), K::ErrRequired)]);
    let e = h
        .err(
            Some(&admin),
            "save_project_as_template",
            save(blank, "Nothing", true, true),
        )
        .await;
    assert_eq!(
        field_keys(&e),
        vec![("project_id".into(), K::ErrTemplateEmpty)]
    );
    assert_eq!(h.fingerprint().await, before);

    // The lead saves it with KPIs and budget.
    let saved = h
        .ok(
            lead,
            "save_project_as_template",
            save(source, "Launch playbook", true, true),
        )
        .await
        .as_i64()
        .unwrap();
    // The budget is sealed at rest: neither an amount nor a line's name is readable.
    for text in h
        .raw_texts("SELECT budget AS v FROM project_templates")
        .await
    {
        assert!(!text.contains("118000000") && !text.contains("Launch event"));
    }
    let list = h.ok(lead, "list_templates", json!({})).await;
    let all = list.as_array().unwrap();
    assert_eq!(all.len(), 4);
    let built_in = all
        .iter()
        .find(|t| t["template"] == json!({ "source": "built_in", "id": "product_launch" }))
        .unwrap();
    let mine = all
        .iter()
        .find(|t| t["template"] == json!({ "source": "saved", "id": saved }))
        .unwrap();
    assert_eq!(mine["name"], "Launch playbook");
    assert_eq!(mine["kind"], "product_launch");
    assert_eq!(mine["tasks"], 19);
    assert_eq!(mine["kpis"], 4);
    assert_eq!(mine["budget_lines"], 6);
    assert_eq!(mine["budget_total"], 118_000_000);
    assert_eq!(mine["source_project"], json!([source, "Spring launch"]));
    assert_eq!(mine["created_by"]["display_name"], "lead");
    // The plan keeps its length in working days although it was laid over a weekend calendar
    // from a Friday.
    assert_eq!(mine["span"], built_in["span"]);
    // Only admins manage templates.
    assert_eq!(mine["manageable"], false);

    // A new project from the saved template, starting on Tuesday 1 September: the same tasks,
    // links, KPIs and budget, dated from its own start.
    let mut body = project_body("Autumn launch", ids["lead"]);
    body["kind"] = json!("product_launch");
    body["start_date"] = json!("2026-09-01");
    body["end_date"] = json!("2026-10-30");
    let autumn = h
        .ok(
            lead,
            "create_project",
            json!({ "input": body, "saved_template": saved }),
        )
        .await
        .as_i64()
        .unwrap();
    let from_saved = h.schedule(lead, autumn).await;
    let mut body = project_body("Reference", ids["lead"]);
    body["start_date"] = json!("2026-09-01");
    body["end_date"] = json!("2026-10-30");
    let reference = h
        .ok(
            lead,
            "create_project",
            json!({ "input": body, "template": "product_launch" }),
        )
        .await
        .as_i64()
        .unwrap();
    let from_built_in = h.schedule(lead, reference).await;
    assert_eq!(from_saved.tasks.len(), 19);
    assert_eq!(from_saved.links.len(), 20);
    let dates = |s: &app::model::ScheduleView| {
        s.tasks
            .iter()
            .map(|t| (t.input.title.clone(), t.input.start_date, t.input.due_date))
            .collect::<Vec<_>>()
    };
    assert_eq!(dates(&from_saved), dates(&from_built_in));
    let finance = h
        .ok(lead, "get_finance", json!({ "project_id": autumn }))
        .await;
    assert_eq!(finance["kpis"].as_array().unwrap().len(), 4);
    assert_eq!(finance["lines"].as_array().unwrap().len(), 6);
    assert_eq!(finance["totals"]["planned"], 118_000_000);

    // Saved without its budget: the tasks and KPIs only.
    let lean = h
        .ok(
            &admin,
            "save_project_as_template",
            save(source, "Launch tasks only", true, false),
        )
        .await
        .as_i64()
        .unwrap();
    let list = h.ok(&admin, "list_templates", json!({})).await;
    let lean_row = list
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["template"]["id"] == lean)
        .unwrap();
    assert_eq!(lean_row["budget_lines"], 0);
    assert_eq!(lean_row["kpis"], 4);
    assert_eq!(lean_row["manageable"], true);

    // Admins rename it; others may not; an edit from an old version is refused.
    let edit = |version: i64, name: &str| json!({ "edit": { "id": saved, "version": version, "name": name, "description": "", "kind": "product_launch" } });
    let before = h.fingerprint().await;
    assert_eq!(
        h.err(Some(lead), "update_template", edit(1, "Mine now"))
            .await,
        AppError::Forbidden
    );
    assert_eq!(
        h.err(Some(lead), "delete_template", json!({ "id": saved }))
            .await,
        AppError::Forbidden
    );
    assert_eq!(
        h.err(Some(&admin), "update_template", edit(7, "Stale"))
            .await,
        AppError::Conflict
    );
    assert_eq!(h.fingerprint().await, before);
    let list = h
        .ok(&admin, "update_template", edit(1, "Launch playbook 2026"))
        .await;
    assert!(list
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["name"] == "Launch playbook 2026"));
    // Deleted: gone from the list, and no longer a template to start from; projects made from
    // it keep their plan.
    let list = h
        .ok(&admin, "delete_template", json!({ "id": saved }))
        .await;
    assert_eq!(list.as_array().unwrap().len(), 4);
    let e = h
        .err(
            Some(lead),
            "create_project",
            json!({ "input": project_body("Late", ids["lead"]), "saved_template": saved }),
        )
        .await;
    assert_eq!(
        field_keys(&e),
        vec![("template".into(), K::ErrTemplateUnknown)]
    );
    assert_eq!(h.schedule(lead, autumn).await.tasks.len(), 19);
    h.finish().await;
}

#[tokio::test]
async fn projects_saved_as_templates() {
    for backend in BACKENDS {
        scenario(backend).await;
    }
}
