//! Channel data at scale, with figures printed for BENCHMARKS.md:
//! - a CSV export read and imported through the API into SQLite, in rows per second, against a
//!   plain batched insert of the same rows into a table without keys (SQLite's own ceiling on
//!   this machine), as a ratio;
//! - reports over 1,000,000 rows on SQLite and 10,000,000 on PostgreSQL (read from the sums kept
//!   on import), median and worst of repeated calls through the API.
//!
//! `make bench-channels`; `MARQUEE_BENCH_ROWS` (default 200,000) sets the import's size and
//! `MARQUEE_BENCH_PG_ROWS` (default 10,000,000, 0 to skip) PostgreSQL's.
#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use common::{setup_body, Harness};
use sea_orm::{ConnectionTrait, DbBackend, Statement, TransactionTrait, Value};
use serde_json::json;

const PASSWORD: &str = "long enough password";
const CHANNELS: [&str; 4] = ["抖音", "快手", "微信", "小红书"];

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

/// An export of `n` rows over 30 days, as an ad platform writes it.
fn export(n: u64) -> String {
    let mut csv = String::from(
        "日期,渠道,广告计划,广告创意,地域,人群,消耗(元),展示数,点击数,转化数,成交金额\n",
    );
    for i in 0..n {
        csv.push_str(&format!(
            "2026-11-{:02},{},双11计划{},创意{},城市{},人群{},\"{}.{:02}\",{},{},{},{}.00\n",
            i % 30 + 1,
            CHANNELS[(i % 4) as usize],
            i % 40,
            i,
            i % 34,
            i % 8,
            100 + i % 900,
            i % 100,
            10_000 + i % 5_000,
            200 + i % 300,
            i % 20,
            i % 5_000
        ));
    }
    csv
}

fn per_second(rows: u64, took: Duration) -> f64 {
    rows as f64 / took.as_secs_f64()
}

/// The same rows inserted as plainly as SQLite allows: one transaction, 1,000 rows per
/// statement, a table without keys or indexes.
async fn plain_insert(h: &Harness, n: u64) -> Duration {
    let db = &h.state.db;
    db.execute_unprepared(
        "CREATE TABLE plain_rows (project_id BIGINT, day DATE, channel TEXT, campaign TEXT, ad TEXT, \
         region TEXT, audience TEXT, spend BIGINT, impressions BIGINT, clicks BIGINT, \
         conversions BIGINT, revenue BIGINT, import_id BIGINT)",
    )
    .await
    .unwrap();
    let start = Instant::now();
    let txn = db.begin().await.unwrap();
    let mut i = 0;
    while i < n {
        let end = (i + 1000).min(n);
        let mut sql = String::from("INSERT INTO plain_rows VALUES ");
        let mut values: Vec<Value> = Vec::new();
        for j in i..end {
            if j > i {
                sql.push_str(", ");
            }
            sql.push_str("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            let day = chrono::NaiveDate::from_ymd_opt(2026, 11, (j % 30 + 1) as u32).unwrap();
            values.extend([
                Value::from(1i64),
                day.into(),
                "douyin".into(),
                format!("双11计划{}", j % 40).into(),
                format!("创意{j}").into(),
                format!("城市{}", j % 34).into(),
                format!("人群{}", j % 8).into(),
                Value::from(10_000 + j as i64),
                Value::from(j as i64),
                Value::from(j as i64),
                Value::from(j as i64),
                Value::from(j as i64),
                Value::from(1i64),
            ]);
        }
        db.execute_raw(Statement::from_sql_and_values(
            DbBackend::Sqlite,
            sql,
            values,
        ))
        .await
        .unwrap();
        i = end;
    }
    txn.commit().await.unwrap();
    start.elapsed()
}

/// `n` rows of channel data for project `p` over 2026, written by SQL, then the sums kept for
/// reports rebuilt as an import does.
async fn fill(h: &Harness, p: i64, n: u64) -> Duration {
    let db = &h.state.db;
    let postgres = db.get_database_backend() == DbBackend::Postgres;
    let series = if postgres {
        format!("SELECT i FROM generate_series(0, {}) AS s(i)", n - 1)
    } else {
        format!(
            "WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < {}) SELECT i FROM s",
            n - 1
        )
    };
    let day = if postgres {
        "DATE '2026-01-01' + (i % 365)::int"
    } else {
        "date('2026-01-01', '+' || (i % 365) || ' days')"
    };
    let channel = "CASE i % 4 WHEN 0 THEN 'douyin' WHEN 1 THEN 'kuaishou' WHEN 2 THEN 'wechat' ELSE 'xiaohongshu' END";
    let text = |prefix: &str, expr: &str| {
        if postgres {
            format!("'{prefix}' || ({expr})::text")
        } else {
            format!("'{prefix}' || ({expr})")
        }
    };
    let sql = format!(
        "INSERT INTO channel_metrics (project_id, day, channel, campaign, ad, region, audience, spend, \
         impressions, clicks, conversions, revenue, import_id) SELECT {p}, {day}, {channel}, {}, {}, {}, {}, \
         1000 + i % 9000, 10000 + i % 5000, 200 + i % 300, i % 20, (i % 20) * 5000, 0 FROM ({series}) AS g",
        text("campaign ", "i % 40"),
        text("ad ", "i"),
        text("region ", "i % 34"),
        text("audience ", "i % 8"),
    );
    let start = Instant::now();
    db.execute_unprepared(&sql).await.unwrap();
    let from = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let to = chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
    app::server::channel_data::roll_up(db, p, from, to)
        .await
        .unwrap();
    start.elapsed()
}

/// Median and worst of `runs` calls of a report through the API.
async fn time_report(
    h: &Harness,
    cookie: &str,
    p: i64,
    dimension: &str,
    runs: usize,
) -> (Duration, Duration) {
    let body = json!({ "query": { "project_id": p, "dimension": dimension, "from": "2026-01-01", "to": "2026-12-31", "compare": true } });
    // One call to warm caches.
    h.ok(cookie, "channel_report", body.clone()).await;
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        let report = h.ok(cookie, "channel_report", body.clone()).await;
        times.push(start.elapsed());
        assert!(report["pivot"]["total"]["spend"].as_i64().unwrap() > 0);
    }
    times.sort();
    (times[times.len() / 2], times[times.len() - 1])
}

async fn pivots(backend: &str, rows: u64) {
    let h = Harness::new(backend).await;
    let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
    let admin = admin.unwrap();
    let p = h.project(&admin, "Pivot").await;
    let took = fill(&h, p, rows).await;
    println!(
        "{backend}: {rows} rows written and summed in {:.1} s",
        took.as_secs_f64()
    );
    for dimension in ["channel", "campaign", "region", "month", "day"] {
        let (median, worst) = time_report(&h, &admin, p, dimension, 20).await;
        println!(
            "{backend}: report of {rows} rows by {dimension} (a year, against the year before): median {:.1} ms, worst {:.1} ms",
            median.as_secs_f64() * 1000.0,
            worst.as_secs_f64() * 1000.0
        );
    }
    h.finish().await;
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let rows = env_number("MARQUEE_BENCH_ROWS", 200_000);
        let csv = export(rows);
        println!("export: {rows} rows, {:.1} MB", csv.len() as f64 / 1e6);

        // Reading alone, the median of five reads (the first pays for warming the allocator).
        let mut reads: Vec<Duration> = (0..5)
            .map(|_| {
                let start = Instant::now();
                let parsed = app::server::ingest::read_csv(
                    csv.as_bytes(),
                    None,
                    app::domain::money::Currency::Cny,
                );
                let read = start.elapsed();
                assert_eq!(parsed.rows.len() as u64, rows);
                read
            })
            .collect();
        reads.sort();
        println!(
            "read (decode, split, check every row), median of 5: {:.0} rows/s",
            per_second(rows, reads[2])
        );

        let h = Harness::new("sqlite").await;
        let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
        let admin = admin.unwrap();
        let p = h.project(&admin, "Ingest").await;
        let start = Instant::now();
        let out = h.import(&admin, p, "export.csv", csv.as_bytes()).await;
        let first = start.elapsed();
        assert_eq!(out["import"]["rows_added"].as_u64(), Some(rows));
        let start = Instant::now();
        let out = h.import(&admin, p, "export.csv", csv.as_bytes()).await;
        let again = start.elapsed();
        assert_eq!(out["import"]["rows_updated"].as_u64(), Some(rows));
        let plain = plain_insert(&h, rows).await;
        let (ours, ceiling) = (per_second(rows, first), per_second(rows, plain));
        println!("sqlite import through the API (new rows, sums and KPIs kept): {ours:.0} rows/s");
        println!(
            "sqlite import of the same file again (every row an update): {:.0} rows/s",
            per_second(rows, again)
        );
        println!("sqlite plain batched insert, no keys (the ceiling): {ceiling:.0} rows/s");
        println!("ratio import / ceiling: {:.2}", ours / ceiling);
        h.finish().await;

        pivots("sqlite", 1_000_000).await;
        let pg_rows = env_number("MARQUEE_BENCH_PG_ROWS", 10_000_000);
        if pg_rows > 0 {
            pivots("postgres", pg_rows).await;
        }
    });
}
