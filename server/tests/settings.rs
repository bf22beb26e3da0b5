//! The organisation's time zone decides "today", on SQLite and PostgreSQL: Asia/Shanghai at
//! first; an admin changes it (a name that is not a time zone is refused and changes nothing);
//! the signed-in page and the check that a KPI figure is not ahead of today follow it.
mod common;

use app::error::AppError;
use app::i18n::K;
use chrono::{Days, NaiveDate, Utc};
use common::{field_keys, setup_body, Harness, BACKENDS};
use serde_json::json;

const PASSWORD: &str = "long enough password";

fn today_in(zone: chrono_tz::Tz) -> NaiveDate {
    Utc::now().with_timezone(&zone).date_naive()
}

async fn scenario(backend: &str) {
    let h = Harness::new(backend).await;
    let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
    let admin = admin.unwrap();
    let first = h.ok(&admin, "get_org_settings", json!({})).await;
    assert_eq!(first["time_zone"], "Asia/Shanghai");
    assert!(first["zones"]
        .as_array()
        .unwrap()
        .iter()
        .any(|z| z == "America/New_York"));
    assert_eq!(
        h.ok(&admin, "session_info", json!({})).await["today"],
        json!(today_in(chrono_tz::Asia::Shanghai))
    );

    // Of the two zones furthest apart, at least one is on another date than UTC right now.
    let zone = [chrono_tz::Pacific::Kiritimati, chrono_tz::Etc::GMTPlus12]
        .into_iter()
        .find(|z| today_in(*z) != Utc::now().date_naive())
        .unwrap();
    let before = h.fingerprint().await;
    let refused = h
        .err(
            Some(&admin),
            "save_org_settings",
            json!({ "input": { "time_zone": "Mars/Olympus_Mons" } }),
        )
        .await;
    assert_eq!(
        field_keys(&refused),
        vec![("time_zone".into(), K::ErrTimeZone)]
    );
    assert_eq!(h.fingerprint().await, before);

    let saved = h
        .ok(
            &admin,
            "save_org_settings",
            json!({ "input": { "time_zone": zone.name() } }),
        )
        .await;
    assert_eq!(saved["time_zone"], zone.name());
    assert_eq!(saved["today"], json!(today_in(zone)));
    assert_eq!(
        h.ok(&admin, "session_info", json!({})).await["today"],
        json!(today_in(zone))
    );

    // A KPI figure may be entered for today there, not for the day after.
    let project = h.project(&admin, "Launch").await;
    let mut body = common::project_body("Launch", 1);
    let today = today_in(zone);
    body["start_date"] = json!(today - Days::new(10));
    body["end_date"] = json!(today + Days::new(10));
    h.ok(
        &admin,
        "update_project",
        json!({ "id": project, "version": 1, "input": body }),
    )
    .await;
    let finance = h
        .ok(&admin, "save_kpi", json!({ "input": { "project_id": project, "id": null, "version": 0, "metric": "revenue", "name": "", "unit": "", "target": "100,000", "phasing": { "kind": "linear" }, "splits": [] } }))
        .await;
    let kpi = finance["kpis"][0]["id"].clone();
    h.ok(
        &admin,
        "record_kpi_actual",
        json!({ "input": { "kpi_id": kpi, "day": today, "channel": null, "value": "5,000" } }),
    )
    .await;
    let ahead = h
        .err(Some(&admin), "record_kpi_actual", json!({ "input": { "kpi_id": kpi, "day": today + Days::new(1), "channel": null, "value": "5,000" } }))
        .await;
    assert_eq!(field_keys(&ahead), vec![("day".into(), K::ErrFutureDay)]);

    // Only admins change it.
    let user = h
        .ok(&admin, "create_user", json!({ "input": { "username": "planner", "display_name": "PM", "email": "", "role": "project_manager", "password": PASSWORD } }))
        .await;
    assert!(user["id"].is_i64());
    let pm = h.login("planner", PASSWORD).await;
    let refused = h
        .err(
            Some(&pm),
            "save_org_settings",
            json!({ "input": { "time_zone": "Europe/Paris" } }),
        )
        .await;
    assert_eq!(refused, AppError::Forbidden);
    assert_eq!(
        h.ok(&pm, "get_org_settings", json!({})).await["time_zone"],
        zone.name()
    );
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_organisation_time_zone_decides_today() {
    for backend in BACKENDS {
        scenario(backend).await;
    }
}
