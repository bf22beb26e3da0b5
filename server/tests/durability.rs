//! The data outlives what can go wrong: a backup taken while people work restores into a fresh
//! directory with every row of the moment it was taken, and a server killed outright (`kill -9`)
//! keeps every import it confirmed and none it did not finish. SQLite (PostgreSQL is backed up
//! with its own tools).
mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::{setup_body, Harness};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const PASSWORD: &str = "long enough password";

fn scratch(name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let dir = std::env::temp_dir().join(format!("marquee_{name}_{}_{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn config_for(data_dir: &Path) -> marquee_server::Config {
    marquee_server::Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        data_dir: data_dir.to_path_buf(),
        database_url: format!(
            "sqlite://{}?mode=rwc",
            data_dir.join("marquee.db").display()
        ),
        secure_cookies: false,
        secret_key: common::TEST_KEY.to_string(),
        previous_secret_keys: Vec::new(),
        outbound_allow: String::new(),
        hosts: String::new(),
        trusted_proxies: String::new(),
        session_rules: Default::default(),
        events_per_site_day: 200_000,
        event_retention_days: 400,
        storage: app::server::kernel::storage::StorageConfig::Disk(data_dir.join("files")),
    }
}

/// Every row of every table, as text, table by table: two databases with the same rows give
/// the same dump.
async fn dump(db: &DatabaseConnection) -> Vec<(String, Vec<String>)> {
    let backend = db.get_database_backend();
    let query = |sql: String| sea_orm::Statement::from_string(backend, sql);
    let tables: Vec<String> = db
        .query_all_raw(query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name".into(),
        ))
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get_by_index::<String>(0).unwrap())
        .collect();
    let mut out = Vec::new();
    for table in tables {
        let columns: Vec<String> = db
            .query_all_raw(query(format!(
                "SELECT name FROM pragma_table_info('{table}') ORDER BY cid"
            )))
            .await
            .unwrap()
            .iter()
            .map(|r| r.try_get_by_index::<String>(0).unwrap())
            .collect();
        let row = columns
            .iter()
            .map(|c| format!("quote(\"{c}\")"))
            .collect::<Vec<_>>()
            .join(" || '|' || ");
        let rows = db
            .query_all_raw(query(format!(
                "SELECT {row} FROM \"{table}\" ORDER BY rowid"
            )))
            .await
            .unwrap()
            .iter()
            .map(|r| r.try_get_by_index::<String>(0).unwrap_or_default())
            .collect();
        out.push((table, rows));
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_while_people_work_restores_every_row() {
    let live_dir = scratch("live");
    let config = config_for(&live_dir);
    let h = Harness::with_config("sqlite", |c| *c = config.clone()).await;
    let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
    let admin = admin.unwrap();
    let project = h.project(&admin, "Double 11").await;
    // A stored file, as uploads will keep them.
    std::fs::create_dir_all(live_dir.join("files/ab")).unwrap();
    std::fs::write(live_dir.join("files/ab/brief.pdf"), b"%PDF-1.7 brief").unwrap();

    // Someone adds tasks the whole time the first backup runs.
    let app = h.app.clone();
    let cookie = admin.clone();
    let writer = tokio::spawn(async move {
        for i in 0..60 {
            let body =
                json!({ "project_id": project, "input": common::task_body(&format!("Task {i}")) });
            let request = http::Request::post("/api/create_task")
                .header("content-type", "application/json")
                .header("host", "localhost")
                .header("cookie", format!("marquee_session={cookie}"))
                .body(axum::body::Body::from(body.to_string()))
                .unwrap();
            let response = tower::ServiceExt::oneshot(app.clone(), request)
                .await
                .unwrap();
            assert!(response.status().is_success());
        }
    });
    tokio::time::sleep(Duration::from_millis(30)).await;
    let during = scratch("backup_during");
    let said = marquee_server::backup::backup(&config, &during)
        .await
        .unwrap();
    assert!(said.contains("1 files"), "{said}");
    writer.await.unwrap();
    // The audit log's chain is linked in the background: finish it before the copy is taken,
    // or the database goes on changing after it (and the two differ by the links alone).
    while app::server::kernel::audit::link(&h.state).await.unwrap() > 0 {}
    let after = scratch("backup_after");
    marquee_server::backup::backup(&config, &after)
        .await
        .unwrap();
    // A backup is never written over.
    assert!(marquee_server::backup::backup(&config, &after)
        .await
        .is_err());

    // Restored once the work stopped: every row and file as they are.
    let fresh = scratch("restored");
    let restored_config = config_for(&fresh);
    marquee_server::backup::restore(&restored_config, &after)
        .await
        .unwrap();
    let restored = Database::connect(&restored_config.database_url)
        .await
        .unwrap();
    assert_eq!(dump(&restored).await, dump(&h.state.db).await);
    assert_eq!(
        std::fs::read(fresh.join("files/ab/brief.pdf")).unwrap(),
        b"%PDF-1.7 brief"
    );
    // A restore never overwrites a database.
    assert!(marquee_server::backup::restore(&restored_config, &after)
        .await
        .is_err());

    // The one taken during the writes is one moment: whole tasks, each with its audit entry,
    // and Marquee opens it.
    let fresh = scratch("restored_during");
    let during_config = config_for(&fresh);
    marquee_server::backup::restore(&during_config, &during)
        .await
        .unwrap();
    let opened = Harness::with_config("sqlite", |c| *c = during_config.clone()).await;
    let tasks = opened
        .number("SELECT COUNT(*) AS n FROM tasks".into())
        .await;
    let audited = opened
        .number(
            "SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'task' AND action = 'create'"
                .into(),
        )
        .await;
    assert_eq!(tasks, audited);
    assert!(tasks <= 60);
    let admin = opened.login("admin", PASSWORD).await;
    let listed = opened
        .ok(
            &admin,
            "list_projects",
            json!({ "include_archived": false }),
        )
        .await;
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let chain = opened.ok(&admin, "verify_audit", json!({})).await;
    assert_eq!(chain["broken_at"], serde_json::Value::Null);
}

/// The real server binary on a data directory and port of its own.
fn start(data_dir: &Path, port: u16) -> Child {
    Command::new(env!("CARGO_BIN_EXE_marquee"))
        .env("MARQUEE_DATA_DIR", data_dir)
        .env("MARQUEE_ADDR", format!("127.0.0.1:{port}"))
        .env("MARQUEE_SECRET_KEY", common::TEST_KEY)
        .env("LEPTOS_SITE_ROOT", data_dir)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server binary starts")
}

/// One HTTP/1.1 request to the local server; the status, the session cookie and the body.
async fn request(
    port: u16,
    path: &str,
    cookie: Option<&str>,
    body: &str,
) -> (u16, Option<String>, String) {
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    let cookie = cookie
        .map(|c| format!("Cookie: marquee_session={c}\r\n"))
        .unwrap_or_default();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n{cookie}Connection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    let text = String::from_utf8_lossy(&answer).to_string();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let session = text
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: marquee_session="))
        .map(|v| v.split(';').next().unwrap_or("").to_string());
    let body = text.split("\r\n\r\n").nth(1).unwrap_or("").to_string();
    (status, session, body)
}

async fn wait_ready(port: u16) {
    for _ in 0..200 {
        if let Ok(mut s) = tokio::net::TcpStream::connect(("127.0.0.1", port)).await {
            let head = format!(
                "GET /readyz HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
            );
            if s.write_all(head.as_bytes()).await.is_ok() {
                let mut answer = String::new();
                let _ = s.read_to_string(&mut answer).await;
                if answer.starts_with("HTTP/1.1 200") {
                    return;
                }
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server did not get ready");
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn export(rows: usize, first: u32) -> String {
    let mut text = String::from("日期,渠道,广告计划,花费,展示数\n");
    for i in 0..rows {
        text.push_str(&format!(
            "2026-11-{:02},抖音,计划{},{}.50,{}\n",
            i % 28 + 1,
            first as usize + i,
            i + 1,
            i * 10
        ));
    }
    text
}

async fn rows_in(data_dir: &Path) -> (i64, i64) {
    let db = Database::connect(format!(
        "sqlite://{}?mode=rw",
        data_dir.join("marquee.db").display()
    ))
    .await
    .unwrap();
    let count = |sql: &str| {
        let db = &db;
        let sql = sql.to_string();
        async move {
            db.query_one_raw(sea_orm::Statement::from_string(
                db.get_database_backend(),
                sql,
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get_by_index::<i64>(0)
            .unwrap()
        }
    };
    (
        count("SELECT COUNT(*) FROM channel_metrics").await,
        count("SELECT COUNT(*) FROM channel_imports").await,
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_outright_keeps_every_import_it_confirmed() {
    let data = scratch("killed");
    let port = free_port();
    let mut server = start(&data, port);
    wait_ready(port).await;
    let (status, admin, body) = request(
        port,
        "/api/setup",
        None,
        &setup_body("admin", PASSWORD).to_string(),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let admin = admin.unwrap();
    let (_, _, id) = request(
        port,
        "/api/create_project",
        Some(&admin),
        &json!({ "input": common::project_body("Killed", 1) }).to_string(),
    )
    .await;
    let project: i64 = id.trim().parse().unwrap();
    let path = format!("/api/upload/channel-data/{project}?name=export.csv");
    // Confirmed, then killed at once.
    let (status, _, body) = request(port, &path, Some(&admin), &export(500, 0)).await;
    assert_eq!(status, 200, "{body}");
    server.kill().unwrap();
    server.wait().unwrap();
    assert_eq!(rows_in(&data).await, (500, 1), "a confirmed import is kept");

    // Killed in the middle of a large import: all of it or none, never a part.
    let mut server = start(&data, port);
    wait_ready(port).await;
    let big = export(40_000, 1_000);
    let sending = tokio::spawn(async move { request(port, &path, Some(&admin), &big).await });
    tokio::time::sleep(Duration::from_millis(400)).await;
    server.kill().unwrap();
    server.wait().unwrap();
    let _ = sending.await;
    let (rows, imports) = rows_in(&data).await;
    assert!(
        (rows, imports) == (500, 1) || (rows, imports) == (40_500, 2),
        "a killed import left {rows} rows in {imports} imports"
    );
    // And the server starts again on what was left.
    let mut server = start(&data, port);
    wait_ready(port).await;
    server.kill().unwrap();
    server.wait().unwrap();
}
