//! Points and the month's star, on SQLite and PostgreSQL: the rules pay for tasks done on time,
//! deliverables accepted, help on someone else's task and (once switched on) deductions for
//! lateness — each once, however often the records are read; admins adjust with a reason, in
//! the audit log; leaderboards rank by the ledger's sums, for the organisation and a project's
//! team; anyone may leave them; nominations weigh in the star.
mod common;

use app::error::AppError;
use app::i18n::K;
use common::{field_keys, setup_body, task_body, Harness, BACKENDS};
use serde_json::{json, Value};

const PASSWORD: &str = "long enough password";

fn board(page: &Value) -> Vec<(String, i64, u64)> {
    page["board"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["user"]["display_name"].as_str().unwrap().to_string(),
                r["points"].as_i64().unwrap(),
                r["rank"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn reasons(page: &Value) -> Vec<(String, i64)> {
    let mut out: Vec<(String, i64)> = page["my_entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["reason"].as_str().unwrap().to_string(),
                e["points"].as_i64().unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn rules_pay_once_the_ledger_sums_and_the_star_weighs_nominations() {
    for backend in BACKENDS {
        let h = Harness::new(backend).await;
        let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
        let admin = admin.unwrap();
        let mut s = std::collections::HashMap::new();
        let mut ids = std::collections::HashMap::new();
        for (name, role) in [
            ("lina", "member"),
            ("xiaomei", "member"),
            ("viewer", "viewer"),
        ] {
            let user = h
                .ok(&admin, "create_user", json!({ "input": { "username": name, "display_name": name, "email": "", "role": role, "password": PASSWORD } }))
                .await;
            ids.insert(name, user["id"].as_i64().unwrap());
            s.insert(name, h.login(name, PASSWORD).await);
        }
        let mut body = common::project_body("双十二", ids["lina"]);
        body["start_date"] = json!("2026-11-01");
        // Due a month from now: done today, on time whenever the test runs.
        let ahead = (chrono::Utc::now().date_naive() + chrono::Duration::days(30)).to_string();
        body["end_date"] = json!(ahead.clone());
        let p = h
            .ok(&admin, "create_project", json!({ "input": body }))
            .await
            .as_i64()
            .unwrap();
        h.ok(&admin, "set_project_member", json!({ "input": { "project_id": p, "user_id": ids["xiaomei"], "role": "contributor" } }))
            .await;
        let page = |who: &'static str, query: Value| {
            let cookie = s[who].clone();
            let h = &h;
            async move { h.ok(&cookie, "get_points", json!({ "query": query })).await }
        };
        // The rules start as set by default: deductions off.
        let first = page("lina", json!({})).await;
        let rule = |page: &Value, name: &str| {
            page["rules"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["rule"] == name)
                .cloned()
                .unwrap()
        };
        assert_eq!(
            rule(&first, "task_on_time"),
            json!({ "rule": "task_on_time", "points": 10, "active": true })
        );
        assert_eq!(rule(&first, "task_late")["active"], false, "{backend}");
        assert_eq!(first["can_manage"], false);

        let task = |title: &str, owner: &str, due: &str, deliverable: &str| {
            let mut t = task_body(title);
            t["owner_id"] = json!(ids[owner]);
            t["start_date"] = json!("2026-11-02");
            t["due_date"] = json!(due);
            t["deliverable"] = json!(deliverable);
            t
        };
        let done = |created: &Value, mut input: Value| {
            input["status"] = json!("done");
            input["progress"] = json!(100);
            json!({ "task_id": created["id"], "version": created["version"], "input": input })
        };
        // Lina's key visual, done on time with its deliverable: 10 + 5.
        let kv = task("主视觉", "lina", &ahead, "定稿 PSD");
        let created = h
            .ok(
                &s["lina"],
                "create_task",
                json!({ "project_id": p, "input": kv }),
            )
            .await;
        h.ok(&s["lina"], "update_task", done(&created, kv.clone()))
            .await;
        // Xiaomei's poster, done late before deductions are on: nothing taken.
        let poster = task("海报", "xiaomei", "2026-11-05", "");
        let created = h
            .ok(
                &s["xiaomei"],
                "create_task",
                json!({ "project_id": p, "input": poster }),
            )
            .await;
        h.ok(&s["xiaomei"], "update_task", done(&created, poster.clone()))
            .await;
        // Lina moves Xiaomei's copy along in her check-in: help, 3.
        let copy = task("文案", "xiaomei", &ahead, "");
        let copy = h
            .ok(
                &s["xiaomei"],
                "create_task",
                json!({ "project_id": p, "input": copy }),
            )
            .await;
        h.ok(&s["lina"], "save_check_in", json!({ "input": { "project_id": p, "user_id": ids["lina"], "done": "帮忙改文案", "next": "", "blockers": "", "tasks": [{ "task_id": copy["id"], "progress": 60 }] } }))
            .await;

        let lina = page("lina", json!({})).await;
        assert_eq!(
            reasons(&lina),
            vec![
                ("deliverable_accepted".to_string(), 5),
                ("helped".to_string(), 3),
                ("task_on_time".to_string(), 10)
            ],
            "{backend}"
        );
        assert_eq!(
            (lina["my_month"].as_i64(), lina["my_total"].as_i64()),
            (Some(18), Some(18))
        );
        let href = lina["my_entries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["reason"] == "task_on_time")
            .unwrap()["href"]
            .clone();
        assert!(href
            .as_str()
            .unwrap()
            .starts_with(&format!("/projects/{p}/board?task=")));
        let xiaomei = page("xiaomei", json!({})).await;
        assert!(reasons(&xiaomei).is_empty());

        // Only admins set rules, within bounds; a deduction takes.
        let before = h.fingerprint().await;
        let late = json!({ "input": { "rule": "task_late", "points": -5, "active": true } });
        assert_eq!(
            h.err(Some(&s["lina"]), "save_point_rule", late.clone())
                .await,
            AppError::Forbidden
        );
        let e = h
            .err(
                Some(&admin),
                "save_point_rule",
                json!({ "input": { "rule": "task_late", "points": 5, "active": true } }),
            )
            .await;
        assert_eq!(
            field_keys(&e),
            vec![("points".to_string(), K::ErrPointsDeduction)]
        );
        let e = h
            .err(
                Some(&admin),
                "save_point_rule",
                json!({ "input": { "rule": "helped", "points": 5000, "active": true } }),
            )
            .await;
        assert_eq!(
            field_keys(&e),
            vec![("points".to_string(), K::ErrPointsRange)]
        );
        assert_eq!(h.fingerprint().await, before);
        let audited = h.audit_count().await;
        h.ok(&admin, "save_point_rule", late).await;
        assert_eq!(h.audit_count().await, audited + 1);
        // From now on lateness costs: Xiaomei's banner, late, takes 5.
        let banner = task("横幅", "xiaomei", "2026-11-06", "");
        let created = h
            .ok(
                &s["xiaomei"],
                "create_task",
                json!({ "project_id": p, "input": banner }),
            )
            .await;
        h.ok(&s["xiaomei"], "update_task", done(&created, banner.clone()))
            .await;

        // An admin's adjustment needs a reason and some points, and is audited.
        let adjust = |points: i64, reason: &str| json!({ "input": { "user_id": ids["xiaomei"], "points": points, "reason": reason } });
        assert_eq!(
            h.err(Some(&s["lina"]), "adjust_points", adjust(50, "救场"))
                .await,
            AppError::Forbidden
        );
        let e = h.err(Some(&admin), "adjust_points", adjust(50, " ")).await;
        assert_eq!(field_keys(&e), vec![("reason".to_string(), K::ErrRequired)]);
        let e = h.err(Some(&admin), "adjust_points", adjust(0, "无")).await;
        assert_eq!(
            field_keys(&e),
            vec![("points".to_string(), K::ErrPointsRange)]
        );
        let audited = h.audit_count().await;
        h.ok(&admin, "adjust_points", adjust(50, "直播当晚救场"))
            .await;
        assert_eq!(h.audit_count().await, audited + 1);

        // The board: Xiaomei 45 (50 − 5), Lina 18.
        let org = page("viewer", json!({})).await;
        assert_eq!(
            board(&org),
            vec![("xiaomei".to_string(), 45, 1), ("lina".to_string(), 18, 2)]
        );
        let xiaomei = page("xiaomei", json!({})).await;
        assert_eq!(
            reasons(&xiaomei),
            vec![
                ("adjustment".to_string(), 50),
                ("task_late".to_string(), -5)
            ]
        );
        // Replaying the ledger gives the same totals, and reading again adds nothing.
        let lines = h
            .number("SELECT COUNT(*) AS n FROM point_entries".into())
            .await;
        let summed = h
            .number(format!(
                "SELECT COALESCE(SUM(points), 0) AS n FROM point_entries WHERE user_id = {}",
                ids["xiaomei"]
            ))
            .await;
        assert_eq!(summed, 45);
        page("lina", json!({})).await;
        assert_eq!(
            h.number("SELECT COUNT(*) AS n FROM point_entries".into())
                .await,
            lines
        );
        // The team's board: the project's people; a month is "YYYY-MM".
        // (The admin who made it manages it too, with no points yet.)
        let me = h.ok(&admin, "session_info", json!({})).await;
        let admin_name = me["user"]["display_name"].as_str().unwrap().to_string();
        let team = page("lina", json!({ "project_id": p })).await;
        assert_eq!(
            board(&team),
            vec![
                ("lina".to_string(), 18, 1),
                (admin_name, 0, 2),
                ("xiaomei".to_string(), -5, 3)
            ]
        );
        let e = h
            .err(
                Some(&s["lina"]),
                "get_points",
                json!({ "query": { "month": "2026-13" } }),
            )
            .await;
        assert_eq!(field_keys(&e), vec![("month".to_string(), K::ErrDate)]);
        let empty = page("lina", json!({ "month": "2025-01" })).await;
        assert!(board(&empty).is_empty());

        // Nominations: not oneself, not by a viewer; one a month, changed at will.
        let nominate =
            |who: &str| json!({ "input": { "nominee_id": ids[who], "reason": "双十二主力" } });
        let e = h
            .err(Some(&s["lina"]), "nominate_star", nominate("lina"))
            .await;
        assert_eq!(
            field_keys(&e),
            vec![("nominee_id".to_string(), K::ErrNominateSelf)]
        );
        assert_eq!(
            h.err(Some(&s["viewer"]), "nominate_star", nominate("lina"))
                .await,
            AppError::Forbidden
        );
        h.ok(&s["lina"], "nominate_star", nominate("xiaomei")).await;
        h.ok(&admin, "nominate_star", nominate("lina")).await;
        h.ok(&admin, "nominate_star", nominate("xiaomei")).await;
        let now = page("lina", json!({})).await;
        assert_eq!(now["nominated"], ids["xiaomei"]);
        assert_eq!(now["leading"]["user"]["display_name"], "xiaomei");
        assert_eq!(now["leading"]["nominations"], 2);

        // Xiaomei leaves the public board: gone from others' boards and from the star, still
        // on her own.
        h.ok(
            &s["xiaomei"],
            "leave_leaderboard",
            json!({ "hidden": true }),
        )
        .await;
        let others = page("lina", json!({})).await;
        assert_eq!(board(&others), vec![("lina".to_string(), 18, 1)]);
        assert_eq!(others["leading"]["user"]["display_name"], "lina");
        let hers = page("xiaomei", json!({})).await;
        assert_eq!(hers["hidden"], true);
        assert_eq!(board(&hers).len(), 2);
        h.finish().await;
    }
}
