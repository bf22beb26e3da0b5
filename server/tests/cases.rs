//! The case library, on SQLite and PostgreSQL: a project is published as a case only once its
//! retrospective is approved, by its managers; filed under its type, industry, channels, budget
//! band and season; found by those filters; read by everyone, each read counted; shown to the
//! people of a similar project; withdrawn by its managers.
mod common;

use app::i18n::K;
use common::{field_keys, project_body, setup_body, Harness, BACKENDS};
use sea_orm::ConnectionTrait;
use serde_json::{json, Value};

const PASSWORD: &str = "long enough password";

fn ids(list: &Value) -> Vec<i64> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn a_reviewed_project_becomes_a_case_everyone_finds_and_reads() {
    for backend in BACKENDS {
        let h = Harness::new(backend).await;
        let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
        let admin = admin.unwrap();
        let mut s = std::collections::HashMap::new();
        let mut people = std::collections::HashMap::new();
        for name in ["lina", "xiaomei", "viewer"] {
            let role = if name == "viewer" { "viewer" } else { "member" };
            let user = h
                .ok(&admin, "create_user", json!({ "input": { "username": name, "display_name": name, "email": "", "role": role, "password": PASSWORD } }))
                .await;
            people.insert(name, user["id"].as_i64().unwrap());
            s.insert(name, h.login(name, PASSWORD).await);
        }
        // Double 11 (autumn), with a ¥300,000 budget on Douyin.
        let p = h
            .ok(
                &admin,
                "create_project",
                json!({ "input": project_body("双十一大促", 1) }),
            )
            .await
            .as_i64()
            .unwrap();
        h.ok(
            &admin,
            "set_project_member",
            json!({ "input": { "project_id": p, "user_id": people["lina"], "role": "manager" } }),
        )
        .await;
        h.ok(&admin, "save_budget_line", json!({ "input": { "project_id": p, "id": null, "version": 0, "name": "抖音投放", "channel": "douyin", "category": "media", "phase": "launch", "planned": "30万" } }))
            .await;
        // Another holiday promotion on Douyin, where Xiaomei works now.
        let mut body = project_body("双十二", 1);
        body["start_date"] = json!("2026-12-01");
        body["end_date"] = json!("2026-12-12");
        let next = h
            .ok(&admin, "create_project", json!({ "input": body }))
            .await
            .as_i64()
            .unwrap();
        h.ok(&admin, "set_project_member", json!({ "input": { "project_id": next, "user_id": people["xiaomei"], "role": "contributor" } }))
            .await;

        let input = |title: &str| json!({ "input": { "project_id": p, "title": title, "industry": "beauty", "lessons": "提前**锁定**主播档期。", "files": [] } });
        // Not before its retrospective is approved.
        h.state
            .db
            .execute_unprepared(&format!(
                "UPDATE projects SET status = 'completed' WHERE id = {p}"
            ))
            .await
            .unwrap();
        let error = h
            .err(Some(&s["lina"]), "publish_case", input("双十一复盘"))
            .await;
        assert_eq!(
            field_keys(&error),
            vec![("project_id".to_string(), K::ErrCaseNotReviewed)]
        );
        let retro = h
            .ok(&s["lina"], "draft_retro", json!({ "project_id": p }))
            .await;
        h.ok(
            &s["lina"],
            "approve_retro",
            json!({ "project_id": p, "version": retro["version"] }),
        )
        .await;
        // Only its managers publish it; a title is needed.
        let (status, ..) = h
            .call(Some(&s["xiaomei"]), "publish_case", input("双十一复盘"))
            .await;
        assert_eq!(status.as_u16(), 404);
        let error = h.err(Some(&s["lina"]), "publish_case", input(" ")).await;
        assert_eq!(field_keys(&error)[0].0, "title");
        let case = h
            .ok(&s["lina"], "publish_case", input("双十一：直播带货"))
            .await;
        let id = case["summary"]["id"].as_i64().unwrap();
        let category = &case["summary"]["category"];
        assert_eq!(category["kind"], "holiday_promotion", "{backend}");
        assert_eq!(category["industry"], "beauty");
        assert_eq!(category["channels"], json!(["douyin"]));
        assert_eq!(category["budget_band"], "to500k");
        assert_eq!(category["season"], "autumn");
        assert!(case["lessons_html"]
            .as_str()
            .unwrap()
            .contains("<strong>锁定</strong>"));
        assert_eq!(case["can_edit"], true);

        // Found by its filters, not by others; by everyone, a viewer too.
        for (filter, found) in [
            (json!({}), true),
            (
                json!({ "kind": "holiday_promotion", "channel": "douyin" }),
                true,
            ),
            (json!({ "season": "autumn", "budget_band": "to500k" }), true),
            (json!({ "text": "直播" }), true),
            (json!({ "kind": "brand_campaign" }), false),
            (json!({ "channel": "weibo" }), false),
            (json!({ "industry": "auto" }), false),
        ] {
            let library = h
                .ok(&s["viewer"], "list_cases", json!({ "filter": filter }))
                .await;
            assert_eq!(ids(&library["cases"]) == vec![id], found, "{filter}");
        }
        // Shown to Xiaomei, whose project is like it; read, and her reads counted.
        let hers = h
            .ok(&s["xiaomei"], "list_cases", json!({ "filter": {} }))
            .await;
        assert_eq!(ids(&hers["for_you"]), vec![id]);
        assert_eq!(hers["reads"], 0);
        for _ in 0..2 {
            h.ok(&s["xiaomei"], "get_case", json!({ "id": id })).await;
        }
        let read = h.ok(&s["viewer"], "get_case", json!({ "id": id })).await;
        assert_eq!(read["summary"]["reads"], 3);
        assert_eq!(read["readers"], 2);
        assert_eq!(read["can_edit"], false);
        let library = h.ok(&admin, "list_cases", json!({ "filter": {} })).await;
        assert_eq!(
            (library["readers"].as_i64(), library["reads"].as_i64()),
            (Some(2), Some(3))
        );
        assert_eq!(library["people"], 4);

        // Withdrawn by its manager, and gone.
        let (status, ..) = h
            .call(Some(&s["xiaomei"]), "withdraw_case", json!({ "id": id }))
            .await;
        assert_eq!(status.as_u16(), 404);
        h.ok(&s["lina"], "withdraw_case", json!({ "id": id })).await;
        let library = h.ok(&admin, "list_cases", json!({ "filter": {} })).await;
        assert!(library["cases"].as_array().unwrap().is_empty());
        h.finish().await;
    }
}

#[tokio::test]
async fn a_case_starts_a_project_with_its_plan_kpis_and_budget_proportions() {
    for backend in BACKENDS {
        let h = Harness::new(backend).await;
        let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
        let admin = admin.unwrap();
        h.ok(&admin, "create_user", json!({ "input": { "username": "viewer", "display_name": "viewer", "email": "", "role": "viewer", "password": PASSWORD } }))
            .await;
        let viewer = h.login("viewer", PASSWORD).await;
        // A product launch laid out from the built-in template: 19 tasks, 4 KPIs, 6 budget
        // lines planning ¥1,180,000.
        let launch = |name: &str| {
            let mut body = project_body(name, 1);
            body["kind"] = json!("product_launch");
            body["start_date"] = json!("2026-02-13");
            body["end_date"] = json!("2026-04-30");
            json!({ "input": body, "template": "product_launch" })
        };
        let source = h
            .ok(&admin, "create_project", launch("春季新品"))
            .await
            .as_i64()
            .unwrap();
        let reference = h
            .ok(&admin, "create_project", launch("参照"))
            .await
            .as_i64()
            .unwrap();
        h.state
            .db
            .execute_unprepared(&format!(
                "UPDATE projects SET status = 'completed' WHERE id = {source}"
            ))
            .await
            .unwrap();
        let retro = h
            .ok(&admin, "draft_retro", json!({ "project_id": source }))
            .await;
        h.ok(
            &admin,
            "approve_retro",
            json!({ "project_id": source, "version": retro["version"] }),
        )
        .await;
        let case = h
            .ok(&admin, "publish_case", json!({ "input": { "project_id": source, "title": "春季新品发布", "industry": "beauty", "lessons": "", "files": [] } }))
            .await;
        let id = case["summary"]["id"].as_i64().unwrap();
        let template = &case["template"];
        assert_eq!(template["template"], json!({ "source": "case", "id": id }));
        assert_eq!(
            (
                &template["tasks"],
                &template["kpis"],
                &template["budget_lines"]
            ),
            (&json!(19), &json!(4), &json!(6)),
            "{backend}"
        );
        assert_eq!(template["budget_total"], 118_000_000);
        assert_eq!(template["source_project"], json!([source, "春季新品"]));
        // The case's budget is sealed at rest like a template's.
        for text in h.raw_texts("SELECT budget AS v FROM cases").await {
            assert!(!text.contains("118000000") && !text.contains("Launch event"));
        }
        // The reference project is like it (the same type): shown there, not on its own.
        let like = h
            .ok(
                &admin,
                "cases_like_project",
                json!({ "project_id": reference }),
            )
            .await;
        assert_eq!(ids(&like), vec![id]);
        let own = h
            .ok(
                &admin,
                "cases_like_project",
                json!({ "project_id": source }),
            )
            .await;
        assert!(own.as_array().unwrap().is_empty());

        // Whoever may create projects starts one from it; a viewer may not, a negative budget
        // is refused, and neither changes anything.
        let before = h.fingerprint().await;
        let (status, ..) = h
            .call(Some(&viewer), "case_template", json!({ "id": id }))
            .await;
        assert_eq!(status.as_u16(), 403);
        let mut body = project_body("夏季新品", 1);
        body["kind"] = json!("product_launch");
        body["start_date"] = json!("2026-02-13");
        body["end_date"] = json!("2026-04-30");
        let start =
            |total: i64| json!({ "input": body.clone(), "from_case": id, "budget_total": total });
        let (status, ..) = h
            .call(Some(&viewer), "create_project", start(59_000_000))
            .await;
        assert_eq!(status.as_u16(), 403);
        let error = h.err(Some(&admin), "create_project", start(-1)).await;
        assert_eq!(
            field_keys(&error),
            vec![("budget_total".to_string(), K::ErrNegative)]
        );
        assert_eq!(h.fingerprint().await, before);
        let summary = h.ok(&admin, "case_template", json!({ "id": id })).await;
        assert_eq!(summary, *template);
        let summer = h
            .ok(&admin, "create_project", start(59_000_000))
            .await
            .as_i64()
            .unwrap();
        // The same tasks on the same dates as the template it was made from; its KPI targets;
        // the budget halved, line by line, to the total asked for.
        let titles_dates = |s: &app::model::ScheduleView| {
            s.tasks
                .iter()
                .map(|t| (t.input.title.clone(), t.input.start_date, t.input.due_date))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            titles_dates(&h.schedule(&admin, summer).await),
            titles_dates(&h.schedule(&admin, reference).await)
        );
        let planned = |finance: &Value| {
            finance["lines"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| {
                    (
                        l["name"].clone(),
                        l["standing"]["planned"].as_i64().unwrap(),
                    )
                })
                .collect::<Vec<_>>()
        };
        let new = h
            .ok(&admin, "get_finance", json!({ "project_id": summer }))
            .await;
        let old = h
            .ok(&admin, "get_finance", json!({ "project_id": reference }))
            .await;
        assert_eq!(new["totals"]["planned"], 59_000_000);
        assert_eq!(
            planned(&new),
            planned(&old)
                .into_iter()
                .map(|(name, p)| (name, p / 2))
                .collect::<Vec<_>>()
        );
        let targets = |finance: &Value| {
            finance["kpis"]
                .as_array()
                .unwrap()
                .iter()
                .map(|k| (k["metric"].clone(), k["target"].clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(targets(&new).len(), 4);
        assert_eq!(targets(&new), targets(&old));
        // Counted as a reuse of the case.
        let read = h.ok(&admin, "get_case", json!({ "id": id })).await;
        assert_eq!(read["summary"]["reuses"], 1);
        let library = h.ok(&admin, "list_cases", json!({ "filter": {} })).await;
        assert_eq!(library["reuses"], 1);
        h.finish().await;
    }
}
