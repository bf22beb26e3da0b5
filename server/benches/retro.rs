//! A retrospective drafted for a 2,000-task project with a year of channel data: the records
//! read (tasks, critical path, baseline, KPIs, budget, a year of daily figures of six
//! channels, alerts, check-ins, approvals) and the draft written, through `draft_retro` as a
//! manager asks for it; on SQLite and (with `MARQUEE_TEST_POSTGRES`) PostgreSQL. The median of
//! several runs, printed for BENCHMARKS.md.
//!
//! `make bench-retro`; `MARQUEE_BENCH_TASKS` (default 2000) sets the number of tasks.
#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use app::server::kernel::entity::{task, task_link};
use common::{setup_body, Harness};
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait, QueryOrder};
use serde_json::json;

const PASSWORD: &str = "long enough password";
const RUNS: usize = 7;
const CHANNELS: [&str; 6] = ["抖音", "快手", "小红书", "微博", "微信", "B站"];
/// Campaigns (ad plans) per channel and day.
const PLANS: usize = 4;

async fn bench(backend: &str, tasks: usize) {
    let h = Harness::new(backend).await;
    let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
    let admin = admin.unwrap();
    let start = chrono::NaiveDate::from_ymd_opt(2025, 11, 1).unwrap();
    let end = start + chrono::Duration::days(364);
    let project = h
        .ok(&admin, "create_project", json!({ "input": {
            "name": "A year of campaigns", "kind": "brand_campaign", "background": "", "objectives": "",
            "expected_benefit": "", "risks": [{ "description": "Platform rules change", "likelihood": "medium", "impact": "high", "mitigation": "" }],
            "owner_id": 1, "start_date": start, "end_date": end
        } }))
        .await
        .as_i64()
        .unwrap();
    // The tasks, written directly: 40 phases of 49 tasks each, every fourth one finished late,
    // every third not done, linked in chains through each phase.
    let now = chrono::Utc::now();
    let phases = 40;
    let per_phase = tasks / phases - 1;
    let mut phase_ids = Vec::new();
    for p in 0..phases {
        let created = task::Entity::insert(task::ActiveModel {
            project_id: Set(project),
            parent_id: Set(None),
            title: Set(format!("Phase {p}")),
            description: Set(String::new()),
            deliverable: Set(String::new()),
            owner_id: Set(Some(1)),
            start_date: Set(Some(start)),
            due_date: Set(Some(end)),
            status: Set("in_progress".into()),
            priority: Set("medium".into()),
            progress: Set(50),
            milestone: Set(false),
            sort_order: Set(p as i64 * 100_000),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            column_id: Set(None),
            done_at: Set(None),
            ..Default::default()
        })
        .exec(&h.state.db)
        .await
        .unwrap();
        phase_ids.push(created.last_insert_id);
    }
    for (p, phase) in phase_ids.iter().enumerate() {
        let rows: Vec<task::ActiveModel> = (0..per_phase)
            .map(|i| {
                let s = start + chrono::Duration::days(((p * 9 + i) % 350) as i64);
                let due = s + chrono::Duration::days(5);
                let done = i % 3 != 0;
                let late = i % 4 == 0;
                let finished = due + chrono::Duration::days(if late { 3 } else { 0 });
                task::ActiveModel {
                    project_id: Set(project),
                    parent_id: Set(Some(*phase)),
                    title: Set(format!("Task {p}.{i}")),
                    description: Set(String::new()),
                    deliverable: Set(String::new()),
                    owner_id: Set(Some(1)),
                    start_date: Set(Some(s)),
                    due_date: Set(Some(due)),
                    status: Set(if done { "done" } else { "todo" }.into()),
                    priority: Set("medium".into()),
                    progress: Set(if done { 100 } else { 0 }),
                    milestone: Set(false),
                    sort_order: Set((p * 100_000 + i + 1) as i64),
                    version: Set(1),
                    created_at: Set(now),
                    updated_at: Set(now),
                    column_id: Set(None),
                    done_at: Set(done.then(|| finished.and_hms_opt(10, 0, 0).unwrap().and_utc())),
                    ..Default::default()
                }
            })
            .collect();
        for part in rows.chunks(100) {
            task::Entity::insert_many(part.to_vec())
                .exec_without_returning(&h.state.db)
                .await
                .unwrap();
        }
    }
    let children: Vec<task::Model> = task::Entity::find()
        .order_by_asc(task::Column::Id)
        .all(&h.state.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|t| t.parent_id.is_some())
        .collect();
    // Each task waits for the one six places before it in its phase, which finishes first.
    let links: Vec<task_link::ActiveModel> = children
        .windows(7)
        .filter(|w| w[0].parent_id == w[6].parent_id && w[0].due_date < w[6].start_date)
        .map(|w| task_link::ActiveModel {
            project_id: Set(project),
            predecessor_id: Set(w[0].id),
            successor_id: Set(w[6].id),
            kind: Set("finish_to_start".into()),
            lag_days: Set(0),
            created_at: Set(now),
            ..Default::default()
        })
        .collect();
    for part in links.chunks(100) {
        task_link::Entity::insert_many(part.to_vec())
            .exec_without_returning(&h.state.db)
            .await
            .unwrap();
    }
    h.ok(
        &admin,
        "save_baseline",
        json!({ "project_id": project, "name": "Plan" }),
    )
    .await;
    let f = h
        .ok(&admin, "save_kpi", json!({ "input": { "project_id": project, "id": null, "version": 0, "metric": "revenue", "name": "GMV", "unit": "", "target": "1000万", "phasing": { "kind": "linear" }, "splits": [] } }))
        .await;
    for d in (0..365).step_by(7) {
        h.ok(&admin, "record_kpi_actual", json!({ "input": { "kpi_id": f["kpis"][0]["id"], "day": start + chrono::Duration::days(d), "channel": null, "value": "15,000" } }))
            .await;
    }
    for (i, channel) in CHANNELS.iter().enumerate() {
        let f = h
            .ok(&admin, "save_budget_line", json!({ "input": { "project_id": project, "id": null, "version": 0, "name": format!("{channel} ads"), "channel": null, "category": "media", "phase": "launch", "planned": "50万" } }))
            .await;
        let line = f["lines"][i]["id"].clone();
        for m in 0..12 {
            h.ok(&admin, "save_expense", json!({ "input": { "project_id": project, "id": null, "version": 0, "line_id": line, "day": start + chrono::Duration::days(m * 30), "vendor": "Agency", "amount": "40,000", "state": "paid", "note": "" } }))
                .await;
        }
    }
    // A year of daily figures: six channels, a few plans each.
    let mut csv = String::from("日期,渠道,广告计划,花费,展示数,点击数,转化数,成交金额\n");
    let mut rows = 0;
    for d in 0..365 {
        let day = start + chrono::Duration::days(d);
        for (c, channel) in CHANNELS.iter().enumerate() {
            for plan in 0..PLANS {
                let spend = 500 + (d as usize * 7 + c * 13 + plan * 17) % 900;
                csv.push_str(&format!(
                    "{day},{channel},Plan {plan},{spend}.50,{},{},{},{}\n",
                    spend * 120,
                    spend * 3,
                    spend / (20 + c * 10),
                    spend * (1 + c % 4)
                ));
                rows += 1;
            }
        }
    }
    let out = h.import(&admin, project, "year.csv", csv.as_bytes()).await;
    assert_eq!(out["outcome"], "imported", "{out}");
    h.state
        .db
        .execute_unprepared(&format!(
            "UPDATE projects SET status = 'completed' WHERE id = {project}"
        ))
        .await
        .unwrap();

    let mut times: Vec<Duration> = Vec::new();
    let mut suggestions = 0;
    for _ in 0..RUNS {
        let began = Instant::now();
        let r = h
            .ok(&admin, "draft_retro", json!({ "project_id": project }))
            .await;
        times.push(began.elapsed());
        assert_eq!(
            r["facts"]["money"]["channels"].as_array().unwrap().len(),
            CHANNELS.len()
        );
        assert_eq!(
            r["facts"]["schedule"]["phases"].as_array().unwrap().len(),
            phases
        );
        suggestions = r["facts"]["suggestions"].as_array().unwrap().len();
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "retro draft [{backend}]: {} tasks, {} links, {rows} channel rows over 365 days, {suggestions} suggestions: median {:.0} ms (min {:.0}, max {:.0}) over {RUNS} runs",
        phases * (per_phase + 1),
        links.len(),
        ms(times[RUNS / 2]),
        ms(times[0]),
        ms(times[RUNS - 1]),
    );
    h.finish().await;
}

#[tokio::main]
async fn main() {
    let tasks: usize = std::env::var("MARQUEE_BENCH_TASKS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2000);
    bench("sqlite", tasks).await;
    if std::env::var("MARQUEE_TEST_POSTGRES").is_ok() {
        bench("postgres", tasks).await;
    }
}
