//! Performance figures, on SQLite and PostgreSQL: a person's tasks done, on-time and overdue
//! rates and average delay over a period, from each task's due day and the day it was done;
//! a project's managers read its people's figures for that project's work, admins everyone's,
//! others only their own; the figures export as an XLSX workbook.
mod common;

use app::error::AppError;
use app::i18n::K;
use base64::Engine;
use common::{field_keys, project_body, setup_body, task_body, Harness, BACKENDS};
use sea_orm::ConnectionTrait;
use serde_json::{json, Value};

const PASSWORD: &str = "long enough password";

fn query(project: Option<i64>) -> Value {
    json!({ "query": { "from": "2026-11-01", "to": "2026-11-30", "project_id": project } })
}

fn row<'a>(view: &'a Value, name: &str) -> &'a Value {
    view["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["person"]["display_name"] == name)
        .unwrap_or_else(|| panic!("{name} in {view}"))
}

#[tokio::test]
async fn figures_add_up_per_person_and_each_reader_sees_what_they_may() {
    for backend in BACKENDS {
        let h = Harness::new(backend).await;
        let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
        let admin = admin.unwrap();
        let mut s = std::collections::HashMap::new();
        let mut ids = std::collections::HashMap::new();
        for (name, role) in [
            ("lina", "member"),
            ("xiaomei", "member"),
            ("pmwang", "project_manager"),
            ("viewer", "viewer"),
        ] {
            let user = h
                .ok(&admin, "create_user", json!({ "input": { "username": name, "display_name": name, "email": "", "role": role, "password": PASSWORD } }))
                .await;
            ids.insert(name, user["id"].as_i64().unwrap());
            s.insert(name, h.login(name, PASSWORD).await);
        }
        // Lina leads the November campaign; Xiaomei works on it and on another.
        let p = h
            .ok(
                &admin,
                "create_project",
                json!({ "input": project_body("十一月大促", ids["lina"]) }),
            )
            .await
            .as_i64()
            .unwrap();
        let q = h
            .ok(
                &admin,
                "create_project",
                json!({ "input": project_body("品牌周", 1) }),
            )
            .await
            .as_i64()
            .unwrap();
        for project in [p, q] {
            h.ok(&admin, "set_project_member", json!({ "input": { "project_id": project, "user_id": ids["xiaomei"], "role": "contributor" } }))
                .await;
        }
        // Her tasks: on time; two days late; still open past its day; on time elsewhere.
        let mut made = Vec::new();
        for (project, title, due, done) in [
            (p, "海报", "2026-11-10", Some("2026-11-09")),
            (p, "文案", "2026-11-10", Some("2026-11-12")),
            (p, "直播脚本", "2026-11-20", None),
            (q, "品牌片", "2026-11-15", Some("2026-11-15")),
        ] {
            let mut t = task_body(title);
            t["owner_id"] = json!(ids["xiaomei"]);
            t["start_date"] = json!("2026-11-02");
            t["due_date"] = json!(due);
            if done.is_some() {
                t["status"] = json!("done");
                t["progress"] = json!(100);
            }
            let created = h
                .ok(
                    &admin,
                    "create_task",
                    json!({ "project_id": project, "input": t }),
                )
                .await;
            made.push((created["id"].as_i64().unwrap(), done));
        }
        // Done at noon in Shanghai on the day said.
        for (id, done) in made {
            if let Some(day) = done {
                h.state
                    .db
                    .execute_unprepared(&format!(
                        "UPDATE tasks SET done_at = '{day} 04:00:00+00:00' WHERE id = {id}"
                    ))
                    .await
                    .unwrap();
            }
        }

        // Her own: three done, two of three on time; of four due, two slipped; 2 days late.
        let mine = h.ok(&s["xiaomei"], "get_performance", query(None)).await;
        assert_eq!(mine["rows"].as_array().unwrap().len(), 1, "{backend}");
        let t = &row(&mine, "xiaomei")["tasks"];
        assert_eq!(
            (
                &t["done"],
                &t["done_with_due"],
                &t["on_time"],
                &t["due"],
                &t["overdue"]
            ),
            (&json!(3), &json!(3), &json!(2), &json!(4), &json!(2)),
            "{backend}: {t}"
        );
        assert_eq!((&t["late_days"], &t["late"]), (&json!(2), &json!(1)));
        assert_eq!(mine["everyone"], false);

        // Lina, managing the campaign, reads its people for its work only; she led it.
        let team = h.ok(&s["lina"], "get_performance", query(Some(p))).await;
        let t = &row(&team, "xiaomei")["tasks"];
        assert_eq!(
            (&t["done"], &t["on_time"], &t["due"], &t["overdue"]),
            (&json!(2), &json!(1), &json!(3), &json!(2))
        );
        let led = &row(&team, "lina")["led"];
        assert_eq!(led.as_array().unwrap().len(), 1);
        assert_eq!(led[0]["name"], "十一月大促");
        assert_eq!(team["projects"], json!([[p, "十一月大促"]]));
        // Not a contributor, not a project manager who is not on it.
        let before = h.fingerprint().await;
        assert_eq!(
            h.err(Some(&s["xiaomei"]), "get_performance", query(Some(p)))
                .await,
            AppError::Forbidden
        );
        assert!(matches!(
            h.err(Some(&s["pmwang"]), "get_performance", query(Some(p)))
                .await,
            AppError::Forbidden | AppError::NotFound
        ));
        // A viewer reads their own (nothing); an admin everyone's.
        let theirs = h.ok(&s["viewer"], "get_performance", query(None)).await;
        assert_eq!(row(&theirs, "viewer")["tasks"]["done"], 0);
        // An admin's own are theirs; everyone's when asked (and only for admins).
        let own = h.ok(&admin, "get_performance", query(None)).await;
        assert_eq!(own["rows"].as_array().unwrap().len(), 1);
        let everyone = json!({ "query": { "from": "2026-11-01", "to": "2026-11-30", "project_id": null, "everyone": true } });
        assert_eq!(
            h.err(Some(&s["lina"]), "get_performance", everyone.clone())
                .await,
            AppError::Forbidden
        );
        let all = h.ok(&admin, "get_performance", everyone).await;
        assert_eq!(all["rows"].as_array().unwrap().len(), 5);
        assert_eq!(all["total"]["done"], 3);
        assert_eq!(all["everyone"], true);
        // A period backwards, or longer than a year, is refused.
        let e = h
            .err(Some(&s["lina"]), "get_performance", json!({ "query": { "from": "2026-11-30", "to": "2026-11-01", "project_id": null } }))
            .await;
        assert_eq!(
            field_keys(&e),
            vec![("to".to_string(), K::ErrEndBeforeStart)]
        );
        let e = h
            .err(Some(&s["lina"]), "get_performance", json!({ "query": { "from": "2025-01-01", "to": "2026-11-30", "project_id": null } }))
            .await;
        assert_eq!(
            field_keys(&e),
            vec![("to".to_string(), K::ErrPeriodTooLong)]
        );
        assert_eq!(h.fingerprint().await, before);

        // The export: a workbook with a row per person and the total.
        let file = h.ok(&s["lina"], "export_performance", query(Some(p))).await;
        assert!(file["file_name"]
            .as_str()
            .unwrap()
            .ends_with("2026-11-01-2026-11-30.xlsx"));
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(file["content"].as_str().unwrap())
            .unwrap();
        use calamine::Reader;
        let mut book = calamine::Xlsx::new(std::io::Cursor::new(&bytes)).unwrap();
        let range = book.worksheet_range_at(0).unwrap().unwrap();
        let rows: Vec<Vec<String>> = range
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect();
        let xiaomei = rows.iter().find(|r| r[0] == "xiaomei").unwrap();
        // Done, on-time 50 %, overdue 2 of 3.
        assert_eq!(xiaomei[1], "2");
        assert_eq!(xiaomei[2], "0.5");
        assert!(xiaomei[3].starts_with("0.666"), "{xiaomei:?}");
        assert_eq!(rows.last().unwrap()[0], "Total", "{rows:?}");
        h.finish().await;
    }
}
