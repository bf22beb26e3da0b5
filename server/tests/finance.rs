//! KPIs and budgets over HTTP, on SQLite and PostgreSQL: amounts are sealed at rest and come
//! back exact; an overrun turns health amber or red with the reason; a KPI behind its plan is a
//! reason too; bad input is refused per field and changes nothing; a change of the secret key
//! seals everything again under the new key at start-up.
mod common;

use app::domain::kpi::{planned_by, Phasing};
use app::error::AppError;
use app::i18n::K;
use app::model::KpiMetric;
use chrono::{Days, NaiveDate};
use common::{project_body, setup_body, Harness, BACKENDS, TEST_KEY};
use serde_json::{json, Value};

const PASSWORD: &str = "long enough password";

fn field_key(e: &AppError, field: &str) -> Option<K> {
    match e {
        AppError::Invalid(errors) => errors.iter().find(|f| f.field == field).map(|f| f.key),
        _ => None,
    }
}

fn line(p: i64, name: &str, planned: &str) -> Value {
    json!({ "input": { "project_id": p, "id": null, "version": 0, "name": name, "channel": "douyin", "category": "media", "phase": "launch", "planned": planned } })
}

fn expense(p: i64, line: &Value, amount: &str, state: &str) -> Value {
    json!({ "input": { "project_id": p, "id": null, "version": 0, "line_id": line, "day": "2026-11-05", "vendor": "Ocean media", "amount": amount, "state": state, "note": "" } })
}

fn kpi(p: i64, metric: &str, target: &str) -> Value {
    json!({ "input": { "project_id": p, "id": null, "version": 0, "metric": metric, "name": "", "unit": "", "target": target, "phasing": { "kind": "linear" }, "splits": [] } })
}

async fn health_of(h: &Harness, cookie: &str, p: i64) -> Value {
    h.ok(cookie, "get_project", json!({ "id": p })).await["health"].clone()
}

async fn scenario(backend: &str) {
    let h = Harness::new(backend).await;
    let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
    let admin = admin.unwrap();
    let p = h.project(&admin, "Double 11").await;

    // Amounts are typed as people write them and kept sealed.
    let f = h
        .ok(
            &admin,
            "save_budget_line",
            line(p, "Douyin feed ads", "10万"),
        )
        .await;
    assert_eq!(f["lines"][0]["standing"]["planned"], 10_000_000);
    let line_id = f["lines"][0]["id"].clone();
    let f = h
        .ok(
            &admin,
            "save_expense",
            expense(p, &line_id, "30,000.50", "paid"),
        )
        .await;
    assert_eq!(f["totals"]["paid"], 3_000_050);
    assert_eq!(f["expenses"][0]["amount"], 3_000_050);
    for sql in [
        "SELECT planned AS v FROM budget_lines",
        "SELECT amount AS v FROM expenses",
    ] {
        for value in h.raw_texts(sql).await {
            assert!(value.starts_with("v2:"), "{value}");
            assert!(
                !value.contains("10000000") && !value.contains("3000050"),
                "{value}"
            );
        }
    }
    // Neither does the audit log keep an amount.
    let audit = h
        .raw_texts("SELECT COALESCE(after, '') AS v FROM audit_log")
        .await;
    assert!(audit
        .iter()
        .all(|a| !a.contains("3000050") && !a.contains("10000000")));

    // Spending within the budget: green.
    let health = health_of(&h, &admin, p).await;
    assert_eq!(health["status"], "green", "{health}");

    // 50,000 more committed: 80,000.50 of 100,000 — still within. Then 25,000 more: 5 % over,
    // amber with the reason; then a further 10,000: 15 % over, red.
    h.ok(
        &admin,
        "save_expense",
        expense(p, &line_id, "50,000", "committed"),
    )
    .await;
    assert_eq!(health_of(&h, &admin, p).await["status"], "green");
    let f = h
        .ok(
            &admin,
            "save_expense",
            expense(p, &line_id, "24,999.50", "paid"),
        )
        .await;
    assert_eq!(f["totals"]["committed"], 5_000_000);
    assert_eq!(f["lines"][0]["standing"]["paid"], 5_500_000);
    let health = health_of(&h, &admin, p).await;
    assert_eq!(health["status"], "amber", "{health}");
    assert!(
        health["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["kind"] == "over_budget" && r["percent"] == 5),
        "{health}"
    );
    h.ok(&admin, "save_expense", expense(p, &line_id, "1万", "paid"))
        .await;
    let health = health_of(&h, &admin, p).await;
    assert_eq!(health["status"], "red", "{health}");
    // The portfolio says the same.
    let list = h
        .ok(
            &admin,
            "list_projects",
            json!({ "include_archived": false }),
        )
        .await;
    let listed = list
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == p)
        .unwrap();
    assert_eq!(listed["health"]["status"], "red");

    // The burn-down ends with what is left: 100,000 − 115,000.
    let f = h
        .ok(&admin, "get_finance", json!({ "project_id": p }))
        .await;
    let burn = f["burn"].as_array().unwrap();
    assert_eq!(burn.last().unwrap()["remaining"], -1_500_000);
    assert_eq!(burn.first().unwrap()["day"], "2026-11-01");
    assert_eq!(f["currency_locked"], true);

    // Bad input: refused per field, nothing changes.
    let other = h.project(&admin, "Another").await;
    let before = h.fingerprint().await;
    let e = h
        .err(Some(&admin), "save_budget_line", line(p, "", "abc"))
        .await;
    assert_eq!(field_key(&e, "name"), Some(K::ErrRequired));
    assert_eq!(field_key(&e, "planned"), Some(K::ErrAmount));
    let e = h
        .err(Some(&admin), "save_budget_line", line(p, "Refund", "-5"))
        .await;
    assert_eq!(field_key(&e, "planned"), Some(K::ErrNegative));
    let e = h
        .err(Some(&admin), "save_budget_line", line(p, "Cents", "0.001"))
        .await;
    assert_eq!(field_key(&e, "planned"), Some(K::ErrTooPrecise));
    let e = h
        .err(
            Some(&admin),
            "save_expense",
            expense(p, &line_id, "0", "paid"),
        )
        .await;
    assert_eq!(field_key(&e, "amount"), Some(K::ErrMustBePositive));
    let e = h
        .err(
            Some(&admin),
            "save_expense",
            expense(other, &line_id, "5", "paid"),
        )
        .await;
    assert_eq!(field_key(&e, "line_id"), Some(K::ErrUnknownBudgetLine));
    let e = h
        .err(
            Some(&admin),
            "delete_budget_line",
            json!({ "line_id": line_id }),
        )
        .await;
    assert_eq!(field_key(&e, "line_id"), Some(K::ErrLineHasExpenses));
    let e = h
        .err(
            Some(&admin),
            "set_project_currency",
            json!({ "project_id": p, "currency": "USD" }),
        )
        .await;
    assert_eq!(field_key(&e, "currency"), Some(K::ErrCurrencyLocked));
    let mut curve = kpi(p, "leads", "1000");
    curve["input"]["phasing"] = json!({ "kind": "curve", "points": [500, 400, 1000] });
    let e = h.err(Some(&admin), "save_kpi", curve).await;
    assert_eq!(field_key(&e, "phasing"), Some(K::ErrCurveDecreasing));
    let mut split = kpi(p, "leads", "1000");
    split["input"]["splits"] =
        json!([{ "channel": "douyin", "target": "600" }, { "channel": "weibo", "target": "300" }]);
    let e = h.err(Some(&admin), "save_kpi", split).await;
    assert_eq!(field_key(&e, "splits"), Some(K::ErrSplitSum));
    let e = h.err(Some(&admin), "save_kpi", kpi(p, "ctr", "abc%")).await;
    assert_eq!(field_key(&e, "target"), Some(K::ErrAmount));
    let mut custom = kpi(p, "custom", "10");
    custom["input"]["name"] = json!("  ");
    let e = h.err(Some(&admin), "save_kpi", custom).await;
    assert_eq!(field_key(&e, "name"), Some(K::ErrRequired));
    assert_eq!(h.fingerprint().await, before, "refused input changed data");

    // KPIs: a project running from nine days ago for twenty days, leads phased evenly.
    let today = common::org_today();
    let start = today - Days::new(9);
    let end = today + Days::new(10);
    let mut body = project_body("Spring launch", 1);
    body["start_date"] = json!(start);
    body["end_date"] = json!(end);
    let q = h
        .ok(&admin, "create_project", json!({ "input": body }))
        .await
        .as_i64()
        .unwrap();
    let mut leads = kpi(q, "leads", "2,000");
    leads["input"]["splits"] = json!([{ "channel": "douyin", "target": "1500" }, { "channel": "xiaohongshu", "target": "500" }]);
    let f = h.ok(&admin, "save_kpi", leads).await;
    let planned = planned_by(2000, KpiMetric::Leads, &Phasing::Linear, start, end, today);
    assert_eq!(f["kpis"][0]["planned"], planned);
    let e = h.err(Some(&admin), "save_kpi", kpi(q, "leads", "10")).await;
    assert_eq!(field_key(&e, "metric"), Some(K::ErrKpiMetricTaken));
    let kpi_id = f["kpis"][0]["id"].clone();
    let figure = |day: NaiveDate, channel: Value, value: &str| json!({ "input": { "kpi_id": kpi_id, "day": day, "channel": channel, "value": value } });
    h.ok(
        &admin,
        "record_kpi_actual",
        figure(today, json!("douyin"), "300"),
    )
    .await;
    // The same day and channel again replaces the figure.
    h.ok(
        &admin,
        "record_kpi_actual",
        figure(today, json!("douyin"), "200"),
    )
    .await;
    let f = h
        .ok(
            &admin,
            "record_kpi_actual",
            figure(today - Days::new(1), json!("xiaohongshu"), "100"),
        )
        .await;
    let k = &f["kpis"][0];
    assert_eq!(k["actual"], 300);
    assert_eq!(k["entries"].as_array().unwrap().len(), 2);
    assert_eq!(k["splits"][0]["actual"], 200);
    assert_eq!(k["attainment"]["of_target"], 150);
    assert_eq!(k["attainment"]["behind"], true);
    let e = h
        .err(
            Some(&admin),
            "record_kpi_actual",
            figure(today + Days::new(5), Value::Null, "1"),
        )
        .await;
    assert_eq!(field_key(&e, "day"), Some(K::ErrFutureDay));
    let health = health_of(&h, &admin, q).await;
    assert!(
        health["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["kind"] == "kpi_behind" && r["name"] == "leads"),
        "{health}"
    );
    // Revenue drives the ROI forecast: nothing sold yet, so the target over the budget.
    h.ok(
        &admin,
        "save_budget_line",
        line(q, "Launch event", "50,000"),
    )
    .await;
    let f = h.ok(&admin, "save_kpi", kpi(q, "revenue", "200,000")).await;
    assert_eq!(f["roi"]["basis"], "target");
    assert_eq!(f["roi"]["cost"], 5_000_000);
    assert_eq!(f["roi"]["roi"], 30_000);

    // A new key: the next start seals every amount again, and they read the same — and the
    // other sealed values: the SMTP password, the push key.
    h.ok(
        &admin,
        "save_mail_settings",
        json!({ "input": { "enabled": false, "host": "mail.example.com", "port": 587, "security": "starttls", "username": "marquee", "password": "smtp secret", "from_address": "marquee@example.com", "site_url": "https://marquee.example.com" } }),
    )
    .await;
    let push_key = h.ok(&admin, "push_public_key", json!({})).await;
    let new_key = "a new secret passphrase".to_string();
    let refused = h.with_keys(&new_key, &[]).await;
    assert!(
        refused
            .as_ref()
            .err()
            .is_some_and(|m| m.contains("MARQUEE_PREVIOUS_SECRET_KEYS")),
        "a start without the old key must refuse"
    );
    let before: Vec<String> = h.raw_texts("SELECT amount AS v FROM expenses").await;
    let rotated = h
        .with_keys(&new_key, &[TEST_KEY.to_string()])
        .await
        .expect("the old key opens the old values");
    let after: Vec<String> = h.raw_texts("SELECT amount AS v FROM expenses").await;
    assert_eq!(before.len(), after.len());
    assert!(before
        .iter()
        .zip(&after)
        .all(|(b, a)| b != a && a.starts_with("v2:")));
    // With the old key gone from the configuration the values still open.
    let only_new = rotated
        .with_keys(&new_key, &[])
        .await
        .expect("all under the new key");
    let cookie = only_new.login("admin", PASSWORD).await;
    let f = only_new
        .ok(&cookie, "get_finance", json!({ "project_id": p }))
        .await;
    assert_eq!(f["totals"]["paid"], 6_500_000);
    assert_eq!(f["totals"]["planned"], 10_000_000);
    let mail = only_new.ok(&cookie, "get_mail_settings", json!({})).await;
    assert_eq!(mail["has_password"], true);
    assert_eq!(
        only_new.ok(&cookie, "push_public_key", json!({})).await,
        push_key
    );
    drop(only_new);
    drop(rotated);
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kpis_and_budgets() {
    for backend in BACKENDS {
        scenario(backend).await;
    }
}
