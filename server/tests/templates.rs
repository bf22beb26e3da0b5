//! A project created from a built-in template: its phases, tasks and dependencies laid out on the
//! project's working calendar, in the creator's language, each in the audit log. Runs on SQLite
//! and on PostgreSQL.
mod common;

use std::collections::HashMap;

use app::domain::schedule::{LinkSpec, Plan, PlanTask};
use app::i18n::K;
use chrono::{Datelike, NaiveDate};
use common::{field_keys, project_body, setup_body, Harness, BACKENDS};
use serde_json::json;

const PASSWORD: &str = "long enough password";

async fn scenario(backend: &str) {
    let h = Harness::new(backend).await;
    let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
    let admin = admin.unwrap();
    // The same session, asking in Chinese (the language cookie beside the session's).
    let admin_zh = format!("{admin}; marquee_lang=zh-CN");

    // No template by that name: refused, nothing written.
    let before = h.fingerprint().await;
    let error = h
        .err(
            Some(&admin),
            "create_project",
            json!({ "input": project_body("Launch", 1), "template": "other" }),
        )
        .await;
    assert_eq!(
        field_keys(&error),
        vec![("template".into(), K::ErrTemplateUnknown)]
    );
    let (status, _, _) = h
        .call(
            Some(&admin),
            "create_project",
            json!({ "input": project_body("Launch", 1), "template": "no such thing" }),
        )
        .await;
    assert!(!status.is_success());
    assert_eq!(h.fingerprint().await, before);

    // A product launch starting on Friday 13 February 2026, asked for in Chinese: China's
    // calendar, with the Spring Festival holiday and its make-up Saturday.
    let audit_before = h.audit_count().await;
    let mut body = project_body("新品发布会", 1);
    body["kind"] = json!("product_launch");
    body["start_date"] = json!("2026-02-13");
    body["end_date"] = json!("2026-04-30");
    let id = h
        .ok(
            &admin_zh,
            "create_project",
            json!({ "input": body, "template": "product_launch" }),
        )
        .await
        .as_i64()
        .unwrap();
    let schedule = h.schedule(&admin, id).await;
    assert_eq!(schedule.tasks.len(), 19);
    assert_eq!(schedule.links.len(), 20);
    let by_title: HashMap<&str, &app::model::TaskView> = schedule
        .tasks
        .iter()
        .map(|t| (t.input.title.as_str(), t))
        .collect();
    let market = by_title["市场与目标人群调研"];
    assert_eq!(market.input.deliverable, "调研报告与目标人群画像");
    assert_eq!(
        market.input.start_date,
        NaiveDate::from_ymd_opt(2026, 2, 13)
    );
    // Five working days: the 13th, the make-up Saturday the 14th, then three after the holiday
    // (15–23 February).
    assert_eq!(market.input.due_date, NaiveDate::from_ymd_opt(2026, 2, 26));
    // Phases hold their tasks; the launch event is a milestone.
    let research = by_title["调研与定位"];
    assert_eq!(market.input.parent_id, Some(research.id));
    assert!(by_title["新品发布会"].input.milestone);
    // Every task falls on working days, and every dependency holds.
    let calendar = &schedule.calendar;
    for t in &schedule.tasks {
        let (s, d) = (t.input.start_date.unwrap(), t.input.due_date.unwrap());
        assert!(s <= d, "{}", t.input.title);
        assert!(
            calendar.is_working(s) && calendar.is_working(d),
            "{}",
            t.input.title
        );
    }
    let tasks: Vec<PlanTask> = schedule.tasks.iter().map(PlanTask::from).collect();
    let links: Vec<LinkSpec> = schedule.links.iter().map(LinkSpec::from).collect();
    let plan = Plan::new(&tasks, &links, calendar).expect("no loops");
    assert_eq!(plan.violations(), vec![]);
    // Finish to start: the key visual begins after the brief ends.
    let brief = by_title["创意简报"].input.due_date.unwrap();
    assert!(by_title["主视觉（KV）设计"].input.start_date.unwrap() > brief);
    // The launch waits for the video, which starts two working days after the key visual.
    let launch = by_title["新品发布会"].input.due_date.unwrap();
    let video = by_title["产品视频拍摄与剪辑"].input.due_date.unwrap();
    assert!(launch > video);
    assert_ne!(launch.weekday(), chrono::Weekday::Sun);
    // The template's KPIs and budget come along, in the reader's language.
    let finance = h
        .ok(&admin_zh, "get_finance", json!({ "project_id": id }))
        .await;
    let metrics: Vec<&str> = finance["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["metric"].as_str().unwrap())
        .collect();
    assert_eq!(metrics, ["impressions", "clicks", "leads", "revenue"]);
    assert_eq!(finance["kpis"][3]["target"], 300_000_000);
    assert_eq!(finance["kpis"][3]["phasing"]["kind"], "curve");
    let lines = finance["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 6);
    assert_eq!(lines[3]["name"], "发布会");
    assert_eq!(lines[3]["channel"], "offline");
    assert_eq!(finance["totals"]["planned"], 118_000_000);
    // Each task and link is in the audit log, with the project, its KPIs and budget lines.
    assert!(h.audit_count().await >= audit_before + 1 + 19 + 20 + 4 + 6);

    // In English by default, on a Monday-to-Friday calendar.
    let mut body = project_body("Brand film", 1);
    body["kind"] = json!("brand_campaign");
    let id = h
        .ok(
            &admin,
            "create_project",
            json!({ "input": body, "template": "brand_campaign" }),
        )
        .await
        .as_i64()
        .unwrap();
    let schedule = h.schedule(&admin, id).await;
    assert!(schedule.tasks.iter().any(|t| t.input.title == "Brand film"));
    assert!(schedule.tasks.iter().all(|t| t
        .input
        .start_date
        .unwrap()
        .weekday()
        .number_from_monday()
        <= 5));

    // Without a template a project starts empty, as before.
    let empty = h.project(&admin, "Blank").await;
    assert!(h.schedule(&admin, empty).await.tasks.is_empty());
    h.finish().await;
}

#[tokio::test]
async fn projects_from_templates() {
    for backend in BACKENDS {
        scenario(backend).await;
    }
}
