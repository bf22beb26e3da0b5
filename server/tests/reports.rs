//! Weekly reports, on SQLite and PostgreSQL: drafted once at the organisation's moment of the
//! week for the project and each of its managers and contributors, from the week's tasks,
//! check-in blockers and figures; read by their authors while drafts, edited and sent by them
//! only; a sent report tells the project's people and no longer changes.
mod common;

use app::i18n::K;
use chrono::{Datelike, Duration};
use common::{field_keys, org_today, project_body, setup_body, task_body, Harness, BACKENDS};
use serde_json::{json, Value};

const PASSWORD: &str = "long enough password";

fn titles(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|t| t["title"].as_str().unwrap().to_string())
        .collect()
}

async fn notified(h: &Harness, cookie: &str, reason: &str) -> Vec<Value> {
    h.ok(cookie, "my_notifications", json!({})).await["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["reason"] == reason)
        .cloned()
        .collect()
}

#[tokio::test]
async fn reports_are_drafted_from_the_week_edited_and_sent_by_their_authors() {
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
        let today = org_today();
        let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
        let mut body = project_body("双十一大促", 1);
        body["start_date"] = json!((monday - Duration::days(14)).to_string());
        body["end_date"] = json!((monday + Duration::days(30)).to_string());
        let project = h
            .ok(&admin, "create_project", json!({ "input": body }))
            .await
            .as_i64()
            .unwrap();
        for (who, role) in [
            ("lina", "manager"),
            ("zhangwei", "contributor"),
            ("wangfang", "observer"),
        ] {
            h.ok(
                &admin,
                "set_project_member",
                json!({ "input": { "project_id": project, "user_id": ids[who], "role": role } }),
            )
            .await;
        }
        h.start_every_day(&admin, project).await;
        let task = |title: &str, status: &str, due: Option<chrono::NaiveDate>| {
            let mut t = task_body(title);
            t["owner_id"] = json!(ids["zhangwei"]);
            t["status"] = json!(status);
            if status == "done" {
                t["progress"] = json!(100);
            }
            t["start_date"] = json!((monday - Duration::days(10)).to_string());
            t["due_date"] = json!(due.map(|d| d.to_string()));
            json!({ "project_id": project, "input": t })
        };
        h.ok(&admin, "create_task", task("海报设计", "done", Some(today)))
            .await;
        h.ok(
            &admin,
            "create_task",
            task("KOL brief", "in_progress", Some(monday + Duration::days(8))),
        )
        .await;
        h.ok(
            &admin,
            "create_task",
            task("直播脚本", "todo", Some(monday - Duration::days(1))),
        )
        .await;
        h.ok(&s["zhangwei"], "save_check_in", json!({ "input": { "project_id": project, "done": "海报定稿", "next": "", "blockers": "等待品牌方确认报价", "tasks": [] } }))
            .await;
        let f = h
            .ok(&admin, "save_kpi", json!({ "input": { "project_id": project, "id": null, "version": 0, "metric": "revenue", "name": "GMV", "unit": "", "target": "100,000", "phasing": { "kind": "linear" }, "splits": [] } }))
            .await;
        let kpi = f["kpis"][0]["id"].clone();
        h.ok(&admin, "record_kpi_actual", json!({ "input": { "kpi_id": kpi, "day": today.to_string(), "channel": null, "value": "5,000" } }))
            .await;

        // Not before its moment; at it, once for the project and each manager and contributor.
        let tomorrow_weekday = today.weekday().succ().number_from_monday();
        h.ok(&admin, "save_org_settings", json!({ "input": { "time_zone": "Asia/Shanghai", "check_in_at": "17:30", "report_weekday": if tomorrow_weekday == 1 { 7 } else { tomorrow_weekday }, "report_at": "00:00" } }))
            .await;
        if tomorrow_weekday != 1 {
            assert_eq!(
                app::server::reports::draft_due(&h.state, chrono::Utc::now())
                    .await
                    .unwrap(),
                0
            );
        }
        h.ok(&admin, "save_org_settings", json!({ "input": { "time_zone": "Asia/Shanghai", "check_in_at": "17:30", "report_weekday": today.weekday().number_from_monday(), "report_at": "00:00" } }))
            .await;
        // The project's, and its managers' (its owner is one) and contributor's.
        assert_eq!(
            app::server::reports::draft_due(&h.state, chrono::Utc::now())
                .await
                .unwrap(),
            4,
            "{backend}"
        );
        assert_eq!(
            app::server::reports::draft_due(&h.state, chrono::Utc::now())
                .await
                .unwrap(),
            0
        );

        // Drafts are their authors' to read.
        let lina = h
            .ok(&s["lina"], "list_reports", json!({ "project_id": project }))
            .await;
        assert_eq!(
            lina["reports"].as_array().unwrap().len(),
            2,
            "{backend}: the project's and her own"
        );
        assert_eq!(lina["can_draft"], true);
        let mine = h
            .ok(
                &s["zhangwei"],
                "list_reports",
                json!({ "project_id": project }),
            )
            .await;
        assert_eq!(mine["reports"].as_array().unwrap().len(), 1);
        assert_eq!(mine["can_draft"], false);
        let observer = h
            .ok(
                &s["wangfang"],
                "list_reports",
                json!({ "project_id": project }),
            )
            .await;
        assert_eq!(observer["reports"].as_array().unwrap().len(), 0);

        // His week: what he finished, what is late, what comes next, what blocks him.
        let his_id = mine["reports"][0]["id"].clone();
        let his = h
            .ok(&s["zhangwei"], "get_report", json!({ "id": his_id }))
            .await;
        assert_eq!(his["week_start"], monday.to_string());
        assert_eq!(titles(&his["facts"]["finished"]), vec!["海报设计"]);
        assert_eq!(titles(&his["facts"]["overdue"]), vec!["直播脚本"]);
        assert_eq!(titles(&his["facts"]["due_next_week"]), vec!["KOL brief"]);
        assert_eq!(titles(&his["facts"]["in_progress"]), vec!["KOL brief"]);
        assert_eq!(his["facts"]["blockers"][0]["text"], "等待品牌方确认报价");
        assert_eq!(his["can_edit"], true);
        // The project's: the week's figures against the week before.
        let project_report = lina["reports"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["person"].is_null())
            .unwrap()["id"]
            .clone();
        let ours = h
            .ok(&s["lina"], "get_report", json!({ "id": project_report }))
            .await;
        assert_eq!(ours["facts"]["kpis"][0]["name"], "GMV");
        assert_eq!(ours["facts"]["kpis"][0]["this_week"], 500_000);
        assert_eq!(ours["facts"]["kpis"][0]["last_week"], 0);
        assert_eq!(notified(&h, &s["lina"], "report_ready").await.len(), 2);
        assert_eq!(notified(&h, &s["zhangwei"], "report_ready").await.len(), 1);

        // Only the author changes a draft; a stranger to it does not learn it exists.
        let before = h.fingerprint().await;
        for who in ["wangfang", "zhangwei", "zhaoqiang"] {
            let (status, ..) = h
                .call(
                    Some(&s[who]),
                    "save_report",
                    json!({ "id": project_report, "summary": "x" }),
                )
                .await;
            assert_eq!(status.as_u16(), 404, "{who}");
        }
        let (status, ..) = h
            .call(Some(&s["lina"]), "send_report", json!({ "id": his_id }))
            .await;
        assert_eq!(status.as_u16(), 404);
        assert_eq!(h.fingerprint().await, before);

        let saved = h
            .ok(
                &s["lina"],
                "save_report",
                json!({ "id": project_report, "summary": "主视觉定稿，直播脚本延后。" }),
            )
            .await;
        assert_eq!(saved["summary"], "主视觉定稿，直播脚本延后。");
        let sent = h
            .ok(&s["lina"], "send_report", json!({ "id": project_report }))
            .await;
        assert_eq!(sent["state"], "Sent");
        assert_eq!(sent["can_edit"], false);
        assert_eq!(sent["sent_by"]["id"], ids["lina"]);
        // Everyone on the project hears of it, but not who sent it.
        for who in ["zhangwei", "wangfang"] {
            let told = notified(&h, &s[who], "report_sent").await;
            assert_eq!(told.len(), 1, "{who}");
            assert_eq!(told[0]["report_id"], project_report);
        }
        assert_eq!(notified(&h, &admin, "report_sent").await.len(), 1);
        assert_eq!(notified(&h, &s["lina"], "report_sent").await.len(), 0);
        assert!(notified(&h, &s["zhaoqiang"], "report_sent")
            .await
            .is_empty());
        // Sent: readable by the observer, changed by nobody.
        let read = h
            .ok(
                &s["wangfang"],
                "get_report",
                json!({ "id": project_report }),
            )
            .await;
        assert_eq!(read["summary"], "主视觉定稿，直播脚本延后。");
        let error = h
            .err(
                Some(&s["lina"]),
                "save_report",
                json!({ "id": project_report, "summary": "changed" }),
            )
            .await;
        assert_eq!(
            field_keys(&error),
            vec![("state".to_string(), K::ErrReportSent)]
        );
        let (status, ..) = h
            .call(
                Some(&s["zhaoqiang"]),
                "get_report",
                json!({ "id": project_report }),
            )
            .await;
        assert_eq!(status.as_u16(), 404);
        h.finish().await;
    }
}

#[tokio::test]
async fn bad_settings_for_the_report_moment_are_refused() {
    let h = Harness::new("sqlite").await;
    let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
    let admin = admin.unwrap();
    let before = h.fingerprint().await;
    for (field, value, key) in [
        ("report_weekday", json!(0), K::ErrWeekday),
        ("report_weekday", json!(8), K::ErrWeekday),
        ("report_at", json!("25:00"), K::ErrTime),
    ] {
        let mut input = json!({ "time_zone": "Asia/Shanghai", "check_in_at": "17:30" });
        input[field] = value;
        let error = h
            .err(Some(&admin), "save_org_settings", json!({ "input": input }))
            .await;
        assert_eq!(field_keys(&error), vec![(field.to_string(), key)]);
    }
    assert_eq!(h.fingerprint().await, before);
    h.finish().await;
}
