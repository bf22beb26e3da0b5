//! A notification fanned out to the 1,000 people of a project: written to each one's
//! notifications in the app and queued for email, in one transaction, on SQLite and (with
//! `MARQUEE_TEST_POSTGRES`) PostgreSQL; the median of several runs, printed for BENCHMARKS.md.
//!
//! `make bench-notify`; `MARQUEE_BENCH_PEOPLE` (default 1000) sets the number of people.
#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use app::model::{NotifyReason, NotifyTopic};
use app::server::kernel::entity::{project_member, user};
use app::server::kernel::notices::{tell_all, Notice};
use common::{project_body, setup_body, Harness};
use sea_orm::{ActiveValue::Set, EntityTrait};
use serde_json::json;

const PASSWORD: &str = "long enough password";
const RUNS: usize = 7;

async fn bench(backend: &str, people: usize) {
    let h = Harness::new(backend).await;
    let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
    let admin = admin.unwrap();
    let project = h
        .ok(
            &admin,
            "create_project",
            json!({ "input": project_body("Fan-out", 1) }),
        )
        .await
        .as_i64()
        .unwrap();
    // The people, written directly: signing up a thousand through the API would time password hashing.
    let now = chrono::Utc::now();
    let rows: Vec<user::ActiveModel> = (0..people)
        .map(|i| user::ActiveModel {
            username: Set(format!("member{i}")),
            display_name: Set(format!("Member {i}")),
            email: Set(format!("member{i}@example.com")),
            password_hash: Set("-".into()),
            role: Set("member".into()),
            active: Set(true),
            created_at: Set(now),
            updated_at: Set(now),
            locale: Set(if i % 2 == 0 { "zh-CN" } else { "en" }.into()),
            ..Default::default()
        })
        .collect();
    for part in rows.chunks(200) {
        user::Entity::insert_many(part.to_vec())
            .exec_without_returning(&h.state.db)
            .await
            .unwrap();
    }
    let ids: Vec<i64> = user::Entity::find()
        .all(&h.state.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|u| u.username.starts_with("member"))
        .map(|u| u.id)
        .collect();
    let members: Vec<project_member::ActiveModel> = ids
        .iter()
        .map(|id| project_member::ActiveModel {
            project_id: Set(project),
            user_id: Set(*id),
            role: Set("contributor".into()),
        })
        .collect();
    for part in members.chunks(200) {
        project_member::Entity::insert_many(part.to_vec())
            .exec_without_returning(&h.state.db)
            .await
            .unwrap();
    }
    h.ok(&admin, "save_mail_settings", json!({ "input": { "enabled": true, "host": "127.0.0.1", "port": 25, "security": "none", "username": "", "password": "", "from_address": "marquee@example.com", "site_url": "https://marquee.example.com" } }))
        .await;

    let mut times: Vec<Duration> = Vec::new();
    for _ in 0..RUNS {
        let notices: Vec<Notice> = ids
            .iter()
            .map(|id| Notice::new(*id, NotifyReason::ReportSent, project).by(1))
            .collect();
        let started = Instant::now();
        let txn = h.state.begin_write().await.unwrap();
        let told = tell_all(&txn, notices, NotifyTopic::WeeklyReport)
            .await
            .unwrap();
        txn.commit().await.unwrap();
        times.push(started.elapsed());
        assert_eq!(told, ids.len());
    }
    let queued = h.number("SELECT COUNT(*) AS n FROM outbox".into()).await;
    let shown = h
        .number("SELECT COUNT(*) AS n FROM notifications".into())
        .await;
    assert_eq!(queued as usize, RUNS * ids.len());
    assert!(shown as usize >= RUNS * ids.len());
    times.sort();
    let median = times[RUNS / 2];
    println!(
        "{backend:>8}: {people} people told (in the app + queued for email): median {:.0} ms, fastest {:.0} ms, slowest {:.0} ms over {RUNS} runs",
        median.as_secs_f64() * 1000.0,
        times[0].as_secs_f64() * 1000.0,
        times[RUNS - 1].as_secs_f64() * 1000.0,
    );
    h.finish().await;
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let people = std::env::var("MARQUEE_BENCH_PEOPLE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    bench("sqlite", people).await;
    if std::env::var("MARQUEE_TEST_POSTGRES").is_ok() {
        bench("postgres", people).await;
    }
}
