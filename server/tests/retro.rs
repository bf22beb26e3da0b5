//! Retrospectives, on SQLite and PostgreSQL: drafted from the project's records when it is
//! completed (goals, schedule, money, problems, suggestions); written by its team, refused
//! to others and on bad input without a change; approved by a manager, which marks the project
//! reviewed and carries the action items into their projects as tasks; exported as Word.
mod common;

use std::io::Read;

use app::i18n::K;
use common::{field_keys, project_body, setup_body, task_body, Harness, BACKENDS};
use sea_orm::ConnectionTrait;
use serde_json::{json, Value};

const PASSWORD: &str = "long enough password";
const OCEAN: &[u8] = include_bytes!("../../app/testdata/ocean_engine_utf8_bom.csv");

fn has_suggestion(retro: &Value, kind: &str) -> bool {
    retro["facts"]["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s.get(kind).is_some())
}

#[tokio::test]
async fn a_completed_project_is_drafted_written_by_its_team_and_approved() {
    for backend in BACKENDS {
        let h = Harness::new(backend).await;
        let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
        let admin = admin.unwrap();
        let mut s = std::collections::HashMap::new();
        let mut ids = std::collections::HashMap::new();
        for name in ["lina", "zhangwei", "wangfang", "zhaoqiang"] {
            let user = h
                .ok(&admin, "create_user", json!({ "input": { "username": name, "display_name": name, "email": "", "role": "member", "password": PASSWORD } }))
                .await;
            ids.insert(name, user["id"].as_i64().unwrap());
            s.insert(name, h.login(name, PASSWORD).await);
        }
        let mut body = project_body("双十一大促", 1);
        body["risks"] = json!([{ "description": "主播临时取消", "likelihood": "medium", "impact": "high", "mitigation": "备选主播" }]);
        let p = h
            .ok(&admin, "create_project", json!({ "input": body }))
            .await
            .as_i64()
            .unwrap();
        // The next campaign, where his action items go; a project he may not add tasks to.
        let next = h.project(&admin, "年货节").await;
        let closed = h.project(&admin, "品牌周").await;
        for (project, who, role) in [
            (p, "lina", "manager"),
            (p, "zhangwei", "contributor"),
            (p, "wangfang", "observer"),
            (next, "zhangwei", "contributor"),
            (closed, "zhangwei", "observer"),
        ] {
            h.ok(
                &admin,
                "set_project_member",
                json!({ "input": { "project_id": project, "user_id": ids[who], "role": role } }),
            )
            .await;
        }
        h.start_every_day(&admin, p).await;
        let phase = h
            .ok(
                &admin,
                "create_task",
                json!({ "project_id": p, "input": task_body("预热期") }),
            )
            .await["id"]
            .clone();
        let task = |title: &str, status: &str, due: &str| {
            let mut t = task_body(title);
            t["parent_id"] = phase.clone();
            t["owner_id"] = json!(ids["zhangwei"]);
            t["status"] = json!(status);
            t["start_date"] = json!("2026-11-03");
            t["due_date"] = json!(due);
            json!({ "project_id": p, "input": t })
        };
        h.ok(
            &admin,
            "create_task",
            task("海报设计", "done", "2026-11-10"),
        )
        .await;
        h.ok(
            &admin,
            "create_task",
            task("KOL brief", "todo", "2026-11-12"),
        )
        .await;
        // The poster was finished the day before it was due.
        h.state
            .db
            .execute_unprepared(
                "UPDATE tasks SET done_at = '2026-11-09 04:00:00+00:00' WHERE title = '海报设计'",
            )
            .await
            .unwrap();
        h.ok(&s["zhangwei"], "save_check_in", json!({ "input": { "project_id": p, "done": "海报定稿", "next": "", "blockers": "等待品牌方确认报价", "tasks": [] } }))
            .await;
        let f = h
            .ok(&admin, "save_kpi", json!({ "input": { "project_id": p, "id": null, "version": 0, "metric": "revenue", "name": "GMV", "unit": "", "target": "100,000", "phasing": { "kind": "linear" }, "splits": [] } }))
            .await;
        h.ok(&admin, "record_kpi_actual", json!({ "input": { "kpi_id": f["kpis"][0]["id"], "day": "2026-11-11", "channel": null, "value": "5,000" } }))
            .await;
        let f = h
            .ok(&admin, "save_budget_line", json!({ "input": { "project_id": p, "id": null, "version": 0, "name": "KOL 合作", "channel": null, "category": "creative", "phase": "preparation", "planned": "1万" } }))
            .await;
        h.ok(&admin, "save_expense", json!({ "input": { "project_id": p, "id": null, "version": 0, "line_id": f["lines"][0]["id"], "day": "2026-11-05", "vendor": "MCN", "amount": "12,000", "state": "paid", "note": "" } }))
            .await;
        let out = h.import(&admin, p, "巨量引擎-11月.csv", OCEAN).await;
        assert_eq!(out["outcome"], "imported", "{out}");

        // Not yet: nothing is drafted while the project runs, unless a manager asks.
        let page = h
            .ok(&s["lina"], "get_retro", json!({ "project_id": p }))
            .await;
        assert!(page["retro"].is_null());
        assert_eq!(page["can_draft"], true);
        let page = h
            .ok(&s["zhangwei"], "get_retro", json!({ "project_id": p }))
            .await;
        assert_eq!(page["can_draft"], false);

        // Completed: drafted from the records.
        h.ok(
            &s["lina"],
            "change_project_status",
            json!({ "request": { "project_id": p, "to": "completed", "comment": "" } }),
        )
        .await;
        let page = h
            .ok(&s["lina"], "get_retro", json!({ "project_id": p }))
            .await;
        let r = &page["retro"];
        assert_eq!(r["state"], "Draft", "{backend}");
        let goal = &r["facts"]["goals"][0];
        assert_eq!(
            (
                goal["name"].as_str(),
                goal["target"].as_i64(),
                goal["actual"].as_i64()
            ),
            (Some("GMV"), Some(10_000_000), Some(500_000))
        );
        assert_eq!(goal["of_target"], 500);
        assert_eq!(goal["attained"], false);
        let phase_fact = &r["facts"]["schedule"]["phases"][0];
        assert_eq!(phase_fact["title"], "预热期");
        assert!(
            phase_fact["finished"].is_null(),
            "the brief is not done: {phase_fact}"
        );
        assert_eq!(r["facts"]["schedule"]["tasks"], 2);
        assert_eq!(r["facts"]["schedule"]["done"], 1);
        let slipped = r["facts"]["schedule"]["slipped"].as_array().unwrap();
        assert_eq!(slipped.len(), 1, "the poster was on time");
        assert_eq!(slipped[0]["title"], "KOL brief");
        assert_eq!(r["facts"]["problems"]["late"][0]["title"], "KOL brief");
        assert_eq!(
            r["facts"]["problems"]["blockers"][0]["text"],
            "等待品牌方确认报价"
        );
        assert_eq!(
            r["facts"]["problems"]["risks"][0]["description"],
            "主播临时取消"
        );
        let line = &r["facts"]["money"]["lines"][0];
        assert_eq!(
            (line["planned"].as_i64(), line["paid"].as_i64()),
            (Some(1_000_000), Some(1_200_000))
        );
        let channel = &r["facts"]["money"]["channels"][0];
        assert_eq!(channel["channel"], "douyin");
        assert_eq!(channel["spend"], 6_555_585);
        assert_eq!(channel["roi"], -10_000, "nothing came back from it");
        for kind in ["KpiMissed", "LineOver", "ChannelLoss"] {
            assert!(
                has_suggestion(r, kind),
                "{kind}: {}",
                r["facts"]["suggestions"]
            );
        }
        assert_eq!(r["can_edit"], true);
        assert_eq!(r["can_approve"], true);
        // Where he may carry action items: projects he may add tasks to, not this one.
        let his = h
            .ok(&s["zhangwei"], "get_retro", json!({ "project_id": p }))
            .await;
        let targets: Vec<i64> = his["targets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t[0].as_i64().unwrap())
            .collect();
        assert_eq!(targets, vec![next]);
        let version = r["version"].as_i64().unwrap();

        // Reviewed only through the retrospective.
        let before = h.fingerprint().await;
        let error = h
            .err(
                Some(&s["lina"]),
                "change_project_status",
                json!({ "request": { "project_id": p, "to": "reviewed", "comment": "" } }),
            )
            .await;
        assert_eq!(
            field_keys(&error),
            vec![("status".to_string(), K::ErrRetroFirst)]
        );
        // Others may read it and change nothing: the observer, a stranger (who does not
        // learn it exists), the contributor approving it.
        let edit = |version: i64, owner: i64, target: Option<i64>| {
            json!({ "project_id": p, "edit": {
                "version": version,
                "sections": { "summary": "主视觉**定稿**，直播脚本延后。", "went_well": "- 海报提前完成", "risks_happened": [0, 7] },
                "actions": [{ "text": "审批环节设定时限", "owner_id": owner, "due_date": "2027-01-10", "target_project_id": target }]
            } })
        };
        let read = h
            .ok(&s["wangfang"], "get_retro", json!({ "project_id": p }))
            .await;
        assert_eq!(read["retro"]["can_edit"], false);
        let (status, ..) = h
            .call(
                Some(&s["wangfang"]),
                "save_retro",
                edit(version, ids["zhangwei"], None),
            )
            .await;
        assert_eq!(status.as_u16(), 403);
        let (status, ..) = h
            .call(
                Some(&s["zhaoqiang"]),
                "get_retro",
                json!({ "project_id": p }),
            )
            .await;
        assert_eq!(status.as_u16(), 404);
        let (status, ..) = h
            .call(
                Some(&s["zhangwei"]),
                "approve_retro",
                json!({ "project_id": p, "version": version }),
            )
            .await;
        assert_eq!(status.as_u16(), 403);
        // Bad input: an owner not on the project, a project he may not add tasks to, a stale
        // version, a section too long.
        let error = h
            .err(
                Some(&s["zhangwei"]),
                "save_retro",
                edit(version, ids["zhaoqiang"], None),
            )
            .await;
        assert_eq!(
            field_keys(&error),
            vec![("actions".to_string(), K::ErrRetroOwner)]
        );
        let error = h
            .err(
                Some(&s["zhangwei"]),
                "save_retro",
                edit(version, ids["zhangwei"], Some(closed)),
            )
            .await;
        assert_eq!(
            field_keys(&error),
            vec![("actions".to_string(), K::ErrRetroTarget)]
        );
        let (status, ..) = h
            .call(
                Some(&s["zhangwei"]),
                "save_retro",
                edit(version - 1, ids["zhangwei"], None),
            )
            .await;
        assert_eq!(status.as_u16(), 409);
        let mut long = edit(version, ids["zhangwei"], None);
        long["edit"]["sections"]["money"] = json!("长".repeat(20_001));
        let error = h.err(Some(&s["zhangwei"]), "save_retro", long).await;
        assert_eq!(field_keys(&error)[0].0, "money");
        assert_eq!(h.fingerprint().await, before, "{backend}");

        // The contributor writes it.
        let saved = h
            .ok(
                &s["zhangwei"],
                "save_retro",
                edit(version, ids["zhangwei"], Some(next)),
            )
            .await;
        assert_eq!(
            saved["sections"]["summary"],
            "主视觉**定稿**，直播脚本延后。"
        );
        assert!(saved["sections_html"][0]
            .as_str()
            .unwrap()
            .contains("<strong>定稿</strong>"));
        assert_eq!(
            saved["sections"]["risks_happened"],
            json!([0]),
            "a risk that is not there is dropped"
        );
        assert_eq!(saved["actions"][0]["text"], "审批环节设定时限");
        assert_eq!(saved["actions"][0]["target_project"][0], next);
        assert!(saved["actions"][0]["carried_task_id"].is_null());

        // The manager approves it: reviewed, and the action item is a task of the next campaign.
        let next_revision = h.revision(next).await;
        let approved = h
            .ok(
                &s["lina"],
                "approve_retro",
                json!({ "project_id": p, "version": saved["version"] }),
            )
            .await;
        assert_eq!(approved["state"], "Approved");
        assert_eq!(approved["approved_by"]["id"], ids["lina"]);
        assert_eq!(approved["can_edit"], false);
        let project = h.ok(&s["lina"], "get_project", json!({ "id": p })).await;
        assert_eq!(project["status"], "reviewed");
        let carried = approved["actions"][0]["carried_task_id"].as_i64().unwrap();
        let tasks = h
            .ok(&s["zhangwei"], "list_tasks", json!({ "project_id": next }))
            .await;
        let t = tasks
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == carried)
            .expect("the carried task");
        assert_eq!(t["input"]["title"], "审批环节设定时限");
        assert_eq!(t["input"]["owner_id"], ids["zhangwei"]);
        assert_eq!(t["input"]["due_date"], "2027-01-10");
        assert!(h.revision(next).await > next_revision);
        // Approved: it no longer changes.
        let error = h
            .err(
                Some(&s["lina"]),
                "save_retro",
                edit(approved["version"].as_i64().unwrap(), ids["lina"], None),
            )
            .await;
        assert_eq!(
            field_keys(&error),
            vec![("state".to_string(), K::ErrRetroApproved)]
        );

        // Exported as Word, in the reader's language, to those who may see the project.
        let cookie = format!("marquee_session={}; marquee_lang=zh-CN", s["wangfang"]);
        let (status, headers, bytes) = h
            .get_bytes(&format!("/retro/{p}.docx"), &[("cookie", &cookie)])
            .await;
        assert_eq!(status.as_u16(), 200);
        assert_eq!(
            headers["content-type"],
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        );
        assert!(headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment"));
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut document = String::new();
        zip.by_name("word/document.xml")
            .unwrap()
            .read_to_string(&mut document)
            .unwrap();
        for text in [
            "复盘 · 双十一大促",
            "目标达成",
            "GMV",
            "KOL brief",
            "审批环节设定时限",
            "已发生",
        ] {
            assert!(document.contains(text), "{text}");
        }
        let mut styles = String::new();
        zip.by_name("word/styles.xml")
            .unwrap()
            .read_to_string(&mut styles)
            .unwrap();
        assert!(styles.contains("w:eastAsia=\"zh-CN\""));
        let cookie = format!("marquee_session={}", s["zhaoqiang"]);
        let (status, ..) = h
            .get_bytes(&format!("/retro/{p}.docx"), &[("cookie", &cookie)])
            .await;
        assert_eq!(status.as_u16(), 404);
        let (status, ..) = h.get_bytes(&format!("/retro/{p}.docx"), &[]).await;
        assert_eq!(status.as_u16(), 401);
        h.finish().await;
    }
}
