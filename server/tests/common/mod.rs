//! Test harness: the real router on a fresh SQLite or PostgreSQL database, called over HTTP.
#![allow(dead_code)]

use app::error::AppError;
use app::server::kernel::AppState;
use axum::body::Body;
use axum::Router;
use http::{Request, StatusCode};
use http_body_util::BodyExt;
use leptos::prelude::LeptosOptions;
use sea_orm::{ConnectionTrait, Database};
use serde_json::Value;
use tower::ServiceExt;

pub struct Harness {
    pub app: Router,
    pub state: AppState,
    pub url: String,
    drop_pg: Option<(String, String)>,
}

fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("{prefix}_{}_{nanos}", std::process::id())
}

/// The secret key the test servers start with.
pub const TEST_KEY: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What the test servers' webhooks may reach: the tests' own receivers, on this machine.
pub const LOCAL_RECEIVERS: &str = "127.0.0.1 ::1 localhost";

/// The audit entries that record a change, not a refused call or sign-in.
const CHANGES: &str = "entity <> 'request' AND action NOT IN ('login_failed', 'login_refused')";

/// The backends every database test runs on.
pub const BACKENDS: &[&str] = &["sqlite", "postgres"];

/// The file stores every file test runs on: the local disk, and an S3-compatible server.
pub const STORES: &[&str] = &["disk", "s3"];

/// A new empty store of this kind. For S3, a new bucket on the server `MARQUEE_TEST_S3` names
/// (`make test` starts one on this machine).
pub async fn empty_store(kind: &str) -> app::server::kernel::storage::StorageConfig {
    use app::server::kernel::storage::StorageConfig;
    if kind == "disk" {
        return StorageConfig::Disk(std::env::temp_dir().join(unique("marquee_files")));
    }
    let endpoint = std::env::var("MARQUEE_TEST_S3").expect(
        "MARQUEE_TEST_S3 names the S3-compatible server the file tests use (make test starts one)",
    );
    let bucket = unique("marquee").replace('_', "-").to_lowercase();
    let made = reqwest::Client::new()
        .put(format!("{endpoint}/{bucket}"))
        .send()
        .await
        .expect("the test S3 server answers");
    assert!(
        made.status().is_success(),
        "bucket not made: {}",
        made.status()
    );
    StorageConfig::S3 {
        bucket,
        endpoint: Some(endpoint),
        region: "us-east-1".into(),
        access_key: "marquee-test".into(),
        secret_key: "marquee-test-secret".into(),
        virtual_hosted: false,
        prefix: "org".into(),
    }
}

/// A new empty database: its URL, and what to drop afterwards on PostgreSQL (admin URL, name).
pub async fn empty_database(backend: &str) -> (String, Option<(String, String)>) {
    match backend {
        "sqlite" => {
            let path = std::env::temp_dir().join(format!("{}.db", unique("marquee_test")));
            (format!("sqlite://{}?mode=rwc", path.display()), None)
        }
        _ => {
            let admin = std::env::var("MARQUEE_TEST_POSTGRES")
                .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
            let name = unique("marquee_test");
            let conn = Database::connect(&admin)
                .await
                .expect("PostgreSQL must be running for the tests (make test starts it)");
            conn.execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .expect("create test database");
            let base = admin
                .rsplit_once('/')
                .map(|(b, _)| b.to_string())
                .unwrap_or(admin.clone());
            (format!("{base}/{name}"), Some((admin, name)))
        }
    }
}

/// Drops a PostgreSQL database made by [`empty_database`].
pub async fn drop_database(drop_pg: Option<(String, String)>) {
    if let Some((admin, name)) = drop_pg {
        if let Ok(conn) = Database::connect(&admin).await {
            let _ = conn
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .await;
        }
    }
}

impl Harness {
    pub async fn new(backend: &str) -> Harness {
        let (url, drop_pg) = empty_database(backend).await;
        Harness::on(url, drop_pg).await
    }

    /// A second server process on the same database (it drops nothing when finished).
    pub async fn twin(&self) -> Harness {
        Harness::on(self.url.clone(), None).await
    }

    async fn on(url: String, drop_pg: Option<(String, String)>) -> Harness {
        Harness::configured(url, drop_pg, |_| ())
            .await
            .expect("database")
    }

    /// A server on a fresh database whose webhooks may reach only what `allow` names (the
    /// default a real server starts with is nothing internal at all).
    pub async fn with_outbound(backend: &str, allow: &str) -> Harness {
        Harness::with_config(backend, |c| c.outbound_allow = allow.into()).await
    }

    /// A server on a fresh database, its configuration changed by `change`.
    pub async fn with_config(
        backend: &str,
        change: impl FnOnce(&mut marquee_server::Config),
    ) -> Harness {
        let (url, drop_pg) = empty_database(backend).await;
        Harness::configured(url, drop_pg, change)
            .await
            .expect("database")
    }

    /// Another server process on the same database, configured with these secret keys; the
    /// start-up error if it refuses to start.
    pub async fn with_keys(&self, current: &str, previous: &[String]) -> Result<Harness, String> {
        let previous = previous.to_vec();
        Harness::configured(self.url.clone(), None, |c| {
            c.secret_key = current.to_string();
            c.previous_secret_keys = previous;
        })
        .await
    }

    async fn configured(
        url: String,
        drop_pg: Option<(String, String)>,
        change: impl FnOnce(&mut marquee_server::Config),
    ) -> Result<Harness, String> {
        let mut config = marquee_server::Config {
            addr: "127.0.0.1:0".parse().unwrap(),
            data_dir: std::env::temp_dir(),
            database_url: url.clone(),
            secure_cookies: false,
            secret_key: TEST_KEY.to_string(),
            previous_secret_keys: Vec::new(),
            outbound_allow: LOCAL_RECEIVERS.into(),
            hosts: String::new(),
            trusted_proxies: String::new(),
            session_rules: Default::default(),
            events_per_site_day: 200_000,
            event_retention_days: 400,
            storage: app::server::kernel::storage::StorageConfig::Disk(
                std::env::temp_dir().join(unique("marquee_files")),
            ),
        };
        change(&mut config);
        let state = marquee_server::build_state(&config).await?;
        let options = LeptosOptions::builder().output_name("marquee").build();
        Ok(Harness {
            app: marquee_server::router(state.clone(), options, config.hosts()),
            state,
            url,
            drop_pg,
        })
    }

    /// Serves the router on a loopback port, for clients that need a real connection (the live
    /// WebSocket); its address.
    pub async fn serve(&self) -> std::net::SocketAddr {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let app = self.app.clone();
        tokio::spawn(async move {
            let _ = axum::serve(
                listener,
                app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
            )
            .await;
        });
        address
    }

    /// Calls a server function; returns the status, the session cookie it set (if any) and the body.
    pub async fn call(
        &self,
        cookie: Option<&str>,
        endpoint: &str,
        body: Value,
    ) -> (StatusCode, Option<String>, String) {
        let mut request = Request::post(format!("/api/{endpoint}"))
            .header("content-type", "application/json")
            .header("host", "localhost");
        if let Some(cookie) = cookie {
            request = request.header("cookie", format!("marquee_session={cookie}"));
        }
        let response = self
            .app
            .clone()
            .oneshot(request.body(Body::from(body.to_string())).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let session = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|v| {
                v.strip_prefix("marquee_session=")
                    .map(|rest| rest.split(';').next().unwrap_or("").to_string())
            })
            .filter(|v| !v.is_empty());
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (status, session, String::from_utf8_lossy(&bytes).to_string())
    }

    /// Any request: its method, path, headers and body; the answer's status, headers and body.
    pub async fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: impl Into<Body>,
    ) -> (StatusCode, http::HeaderMap, String) {
        let mut request = Request::builder().method(method).uri(path);
        if !headers
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case("host"))
        {
            request = request.header("host", "localhost");
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = self
            .app
            .clone()
            .oneshot(request.body(body.into()).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (status, headers, String::from_utf8_lossy(&bytes).to_string())
    }

    /// A GET whose answer is bytes (a download): its status, headers and body.
    pub async fn get_bytes(
        &self,
        path: &str,
        headers: &[(&str, &str)],
    ) -> (StatusCode, http::HeaderMap, Vec<u8>) {
        let mut request = Request::get(path).header("host", "localhost");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = self
            .app
            .clone()
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (status, headers, bytes.to_vec())
    }

    /// Calls a server function as a client at `address` (no session); the status and the body.
    pub async fn call_from(
        &self,
        address: &str,
        endpoint: &str,
        body: Value,
    ) -> (StatusCode, String) {
        call_from(self.app.clone(), address, endpoint, body).await
    }

    /// Sends a file to a project's channel data through the upload route, as the browser does
    /// (its bytes as the body, the columns chosen in a header): the status and the body.
    pub async fn import_as(
        &self,
        cookie: &str,
        project: i64,
        name: &str,
        bytes: &[u8],
        mapping: Option<Value>,
    ) -> (StatusCode, String) {
        let cookie = format!("marquee_session={cookie}");
        let mapping = mapping.map(|m| m.to_string());
        let mut headers = vec![
            ("cookie", cookie.as_str()),
            ("content-type", "application/octet-stream"),
        ];
        if let Some(m) = &mapping {
            headers.push(("x-marquee-mapping", m.as_str()));
        }
        let name: String = name
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect();
        let (status, _, body) = self
            .send(
                "POST",
                &format!("/api/upload/channel-data/{project}?name={name}"),
                &headers,
                bytes.to_vec(),
            )
            .await;
        (status, body)
    }

    /// Sends a file to a place through the upload route, as the browser does: its bytes as the
    /// body, with their length declared or (`declared` false) streamed in pieces without it.
    #[allow(clippy::too_many_arguments)]
    pub async fn upload_as(
        &self,
        cookie: &str,
        project: i64,
        place: &str,
        name: &str,
        bytes: &[u8],
        declared: bool,
    ) -> (StatusCode, String) {
        let cookie = format!("marquee_session={cookie}");
        let name: String = name
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect();
        let length = bytes.len().to_string();
        let mut headers = vec![
            ("cookie", cookie.as_str()),
            ("content-type", "application/octet-stream"),
        ];
        if declared {
            headers.push(("content-length", length.as_str()));
        }
        let pieces: Vec<Result<bytes::Bytes, std::io::Error>> = bytes
            .chunks(64 * 1024)
            .map(|c| Ok(bytes::Bytes::copy_from_slice(c)))
            .collect();
        let body = Body::from_stream(futures::stream::iter(pieces));
        let (status, _, body) = self
            .send(
                "POST",
                &format!("/api/upload/files/{project}?place={place}&name={name}"),
                &headers,
                body,
            )
            .await;
        (status, body)
    }

    /// Uploads a file that must be taken; the attachment as it is then.
    pub async fn upload(
        &self,
        cookie: &str,
        project: i64,
        place: &str,
        name: &str,
        bytes: &[u8],
    ) -> Value {
        let (status, body) = self
            .upload_as(cookie, project, place, name, bytes, true)
            .await;
        assert!(status.is_success(), "upload {name}: {status} {body}");
        serde_json::from_str(&body).expect("an attachment")
    }

    /// Imports a file that must be taken; the import's outcome.
    pub async fn import(&self, cookie: &str, project: i64, name: &str, bytes: &[u8]) -> Value {
        let (status, body) = self.import_as(cookie, project, name, bytes, None).await;
        assert!(status.is_success(), "import {name}: {status} {body}");
        serde_json::from_str(&body).expect("an import outcome")
    }

    /// Calls a server function that must succeed and returns its JSON answer.
    pub async fn ok(&self, cookie: &str, endpoint: &str, body: Value) -> Value {
        let (status, _, text) = self.call(Some(cookie), endpoint, body).await;
        assert!(status.is_success(), "{endpoint} failed: {status} {text}");
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }

    /// The Gantt chart's data, which travels as MessagePack.
    pub async fn schedule(&self, cookie: &str, project_id: i64) -> app::model::ScheduleView {
        let response = self
            .app
            .clone()
            .oneshot(
                Request::post("/api/get_schedule")
                    .header("content-type", "application/json")
                    .header("host", "localhost")
                    .header("cookie", format!("marquee_session={cookie}"))
                    .body(Body::from(
                        serde_json::json!({ "project_id": project_id }).to_string(),
                    ))
                    .unwrap(),
            )
            .await
            .unwrap();
        assert!(response.status().is_success(), "get_schedule failed");
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        rmp_serde::from_slice(&bytes).expect("a schedule in MessagePack")
    }

    /// Calls a server function that must fail and returns the error.
    pub async fn err(&self, cookie: Option<&str>, endpoint: &str, body: Value) -> AppError {
        let (status, _, text) = self.call(cookie, endpoint, body).await;
        assert!(
            !status.is_success(),
            "{endpoint} should have failed: {text}"
        );
        serde_json::from_str(&text)
            .unwrap_or_else(|_| panic!("{endpoint}: not an AppError: {text}"))
    }

    pub async fn login(&self, username: &str, password: &str) -> String {
        let (status, cookie, text) = self
            .call(
                None,
                "login",
                serde_json::json!({ "username": username, "password": password }),
            )
            .await;
        assert!(status.is_success(), "login {username}: {text}");
        cookie.expect("login sets the session cookie")
    }

    /// Row counts of every table: equal before and after a refused call means it changed nothing.
    /// A number from one query's first row, column `n`.
    /// The text column `v` of every row `sql` reads, as stored.
    pub async fn raw_texts(&self, sql: &str) -> Vec<String> {
        let rows = self
            .state
            .db
            .query_all_raw(sea_orm::Statement::from_string(
                self.state.db.get_database_backend(),
                sql.to_string(),
            ))
            .await
            .unwrap();
        rows.iter()
            .map(|r| r.try_get::<String>("", "v").unwrap())
            .collect()
    }

    pub async fn number(&self, sql: String) -> i64 {
        let row = self
            .state
            .db
            .query_one_raw(sea_orm::Statement::from_string(
                self.state.db.get_database_backend(),
                sql,
            ))
            .await
            .unwrap();
        row.map_or(0, |r| r.try_get::<i64>("", "n").unwrap())
    }

    /// The project's revision (0 for a project that does not exist).
    pub async fn revision(&self, project_id: i64) -> i64 {
        self.number(format!(
            "SELECT revision AS n FROM projects WHERE id = {project_id}"
        ))
        .await
    }

    /// Entries that record a change (not the record of a refused call or sign-in).
    pub async fn audit_count(&self) -> i64 {
        self.number(format!(
            "SELECT COUNT(*) AS n FROM audit_log WHERE {CHANGES}"
        ))
        .await
    }

    pub async fn fingerprint(&self) -> Vec<i64> {
        let mut counts = Vec::new();
        for table in [
            "users",
            "sessions",
            "projects",
            "project_members",
            "project_status_changes",
            "tasks",
            "audit_log",
            "task_links",
            "baselines",
            "baseline_tasks",
            "board_columns",
            "labels",
            "task_labels",
            "project_events",
            "kpi_targets",
            "kpi_actuals",
            "budget_lines",
            "expenses",
            "approval_flows",
            "approval_requests",
            "approval_decisions",
            "webhooks",
            "webhook_deliveries",
            "alerts",
            "notifications",
            "project_templates",
            "channel_metrics",
            "channel_rollups",
            "channel_imports",
            "api_tokens",
            "conversions",
            "tracking_sites",
            "tracking_events",
            "comments",
            "check_ins",
            "notify_mutes",
            "attachments",
            "attachment_versions",
            "blobs",
            "weekly_reports",
            "mail_settings",
            "outbox",
            "holiday_years",
            "push_keys",
            "push_subscriptions",
            "push_deliveries",
        ] {
            // A refused call is recorded where it came from, which changes no data.
            let kept = if table == "audit_log" {
                CHANGES
            } else {
                "1 = 1"
            };
            counts.push(
                self.number(format!("SELECT COUNT(*) AS n FROM {table} WHERE {kept}"))
                    .await,
            );
        }
        counts.push(
            self.number(
                "SELECT CAST((SELECT COALESCE(SUM(version), 0) FROM projects) + (SELECT COALESCE(SUM(version), 0) FROM tasks) \
                 + (SELECT COALESCE(SUM(LENGTH(calendar)), 0) FROM projects) \
                 + (SELECT COALESCE(SUM(position + COALESCE(wip_limit, 0) + LENGTH(name) + LENGTH(category) + LENGTH(colour)), 0) FROM board_columns) \
                 + (SELECT COALESCE(SUM(LENGTH(name) + LENGTH(colour)), 0) FROM labels) \
                 + (SELECT COALESCE(SUM(LENGTH(currency) + alert_days), 0) FROM projects) \
                 + (SELECT COALESCE(SUM(version + target), 0) FROM kpi_targets) \
                 + (SELECT COALESCE(SUM(value), 0) FROM kpi_actuals) \
                 + (SELECT COALESCE(SUM(version), 0) FROM budget_lines) \
                 + (SELECT COALESCE(SUM(version), 0) FROM expenses) \
                 + (SELECT COALESCE(SUM(version), 0) FROM approval_flows) \
                 + (SELECT COALESCE(SUM(LENGTH(status)), 0) FROM approval_requests) \
                 + (SELECT COALESCE(SUM(version + LENGTH(name) + LENGTH(description)), 0) FROM project_templates) \
                 + (SELECT COALESCE(SUM(spend + impressions + clicks + conversions + revenue + import_id), 0) FROM channel_metrics) \
                 + (SELECT COALESCE(SUM(spend + impressions + clicks + conversions + revenue), 0) FROM channel_rollups) \
                 + (SELECT COUNT(revoked_at) FROM api_tokens) \
                 + (SELECT COALESCE(SUM(LENGTH(body)), 0) FROM comments) \
                 + (SELECT COALESCE(SUM(LENGTH(done) + LENGTH(next) + LENGTH(blockers)), 0) FROM check_ins) \
                 + (SELECT COUNT(read_at) FROM notifications) \
                 + (SELECT COALESCE(SUM(LENGTH(summary) + LENGTH(state)), 0) FROM weekly_reports) \
                 + (SELECT COALESCE(SUM(value), 0) FROM conversions) AS BIGINT) AS n"
                    .to_string(),
            )
            .await,
        );
        counts
    }

    /// A new project owned by user 1, as `cookie`; its id.
    pub async fn project(&self, cookie: &str, name: &str) -> i64 {
        self.ok(
            cookie,
            "create_project",
            serde_json::json!({ "input": project_body(name, 1) }),
        )
        .await
        .as_i64()
        .expect("a project id")
    }

    /// A project running from ten days ago to twenty days ahead, with `members` (user id, role),
    /// started on a calendar where every day is a working day (as the sole admin `cookie`).
    pub async fn project_under_way(
        &self,
        cookie: &str,
        name: &str,
        members: &[(&serde_json::Value, &str)],
    ) -> i64 {
        let today = org_today();
        let mut body = project_body(name, 1);
        body["start_date"] = serde_json::json!(today - chrono::Days::new(10));
        body["end_date"] = serde_json::json!(today + chrono::Days::new(20));
        let project = self
            .ok(
                cookie,
                "create_project",
                serde_json::json!({ "input": body }),
            )
            .await
            .as_i64()
            .expect("a project id");
        for (user, role) in members {
            self.ok(
                cookie,
                "set_project_member",
                serde_json::json!({ "input": { "project_id": project, "user_id": user, "role": role } }),
            )
            .await;
        }
        self.start_every_day(cookie, project).await;
        project
    }

    /// Starts a project (approved, then in progress, as the sole admin `cookie`) on a calendar
    /// where every day is a working day, whatever day the test runs.
    pub async fn start_every_day(&self, cookie: &str, project: i64) {
        self.ok(
            cookie,
            "set_calendar",
            serde_json::json!({ "project_id": project, "calendar": { "weekend": [], "holidays": [], "working_weekends": [] } }),
        )
        .await;
        for to in ["pending_approval", "approved", "in_progress"] {
            self.ok(
                cookie,
                "change_project_status",
                serde_json::json!({ "request": { "project_id": project, "to": to, "comment": "" } }),
            )
            .await;
        }
    }

    /// The id of the first board column of `status` in a project.
    pub async fn column(&self, cookie: &str, project: i64, status: &str) -> i64 {
        let board = self
            .ok(
                cookie,
                "get_board",
                serde_json::json!({ "project_id": project }),
            )
            .await;
        board["columns"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["category"] == status)
            .and_then(|c| c["id"].as_i64())
            .unwrap_or_else(|| panic!("no {status} column"))
    }

    /// People with `password`, each signed in and a member of a new project named `name` with
    /// a role: the project, and each person's id and session by username.
    pub async fn team(
        &self,
        admin: &str,
        name: &str,
        people: &[(&'static str, &str, &str)],
        password: &str,
    ) -> Team {
        let project = self
            .ok(
                admin,
                "create_project",
                serde_json::json!({ "input": project_body(name, 1) }),
            )
            .await
            .as_i64()
            .expect("a project id");
        let mut team = Team {
            project,
            ids: std::collections::HashMap::new(),
            sessions: std::collections::HashMap::new(),
        };
        for (username, display, role) in people {
            let user = self
                .ok(admin, "create_user", serde_json::json!({ "input": { "username": username, "display_name": display, "email": "", "role": "member", "password": password } }))
                .await;
            let id = user["id"].as_i64().expect("a user id");
            self.ok(
                admin,
                "set_project_member",
                serde_json::json!({ "input": { "project_id": project, "user_id": id, "role": role } }),
            )
            .await;
            team.ids.insert(*username, id);
            team.sessions
                .insert(*username, self.login(username, password).await);
        }
        team
    }

    pub async fn finish(self) {
        if self.drop_pg.is_some() {
            drop(self.app);
            let _ = self.state.db.clone().close().await;
            drop_database(self.drop_pg).await;
        }
    }
}

/// A project and its people (see [`Harness::team`]).
pub struct Team {
    pub project: i64,
    pub ids: std::collections::HashMap<&'static str, i64>,
    pub sessions: std::collections::HashMap<&'static str, String>,
}

/// The fields and messages of a validation error.
pub fn field_keys(error: &AppError) -> Vec<(String, app::i18n::K)> {
    match error {
        AppError::Invalid(fields) => fields.iter().map(|f| (f.field.clone(), f.key)).collect(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

pub fn setup_body(username: &str, password: &str) -> Value {
    serde_json::json!({ "input": { "username": username, "display_name": "Admin", "password": password, "load_demo": false } })
}

pub fn project_body(name: &str, owner_id: i64) -> Value {
    serde_json::json!({
        "name": name, "kind": "holiday_promotion", "background": "", "objectives": "", "expected_benefit": "",
        "risks": [], "owner_id": owner_id, "start_date": "2026-11-01", "end_date": "2026-11-30"
    })
}

pub fn task_body(title: &str) -> Value {
    serde_json::json!({
        "parent_id": null, "title": title, "description": "", "deliverable": "", "owner_id": null,
        "start_date": null, "due_date": null, "status": "todo", "priority": "medium", "progress": 0, "milestone": false
    })
}

/// Calls a server function on `app` as a client at `address` (no session): the status and body.
/// A free function, so that many calls can run at once on clones of the router.
pub async fn call_from(
    app: Router,
    address: &str,
    endpoint: &str,
    body: Value,
) -> (StatusCode, String) {
    let mut request = Request::post(format!("/api/{endpoint}"))
        .header("content-type", "application/json")
        .header("host", "localhost")
        .body(Body::from(body.to_string()))
        .unwrap();
    let peer: std::net::SocketAddr = format!("{address}:40000").parse().unwrap();
    request
        .extensions_mut()
        .insert(axum::extract::ConnectInfo(peer));
    let response = app.oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&bytes).to_string())
}

/// A workbook as the zip archive an `.xlsx` is, with `sheet` as its one sheet's `<sheetData>`.
pub fn workbook(sheet: &str) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let ns = "http://schemas.openxmlformats.org";
    let parts = [
        (
            "[Content_Types].xml".to_string(),
            format!(
                r#"<Types xmlns="{ns}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>"#
            ),
        ),
        (
            "_rels/.rels".to_string(),
            format!(
                r#"<Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/workbook.xml".to_string(),
            format!(
                r#"<workbook xmlns="{ns}/spreadsheetml/2006/main" xmlns:r="{ns}/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels".to_string(),
            format!(
                r#"<Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/worksheets/sheet1.xml".to_string(),
            format!(
                r#"<worksheet xmlns="{ns}/spreadsheetml/2006/main"><sheetData>{sheet}</sheetData></worksheet>"#
            ),
        ),
    ];
    for (name, text) in parts {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// Today where a new organisation is: Asia/Shanghai, its time zone until an admin changes it.
pub fn org_today() -> chrono::NaiveDate {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .date_naive()
}
