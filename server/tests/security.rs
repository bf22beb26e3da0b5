//! Holding under attack: sign-in floods, password guessing, and the limits' sharing between
//! server processes — on SQLite and PostgreSQL.
mod common;

use app::error::AppError;
use common::{call_from, setup_body, Harness, BACKENDS};
use serde_json::{json, Value};

const PASSWORD: &str = "correct horse battery";

fn error_of(body: &str) -> AppError {
    serde_json::from_str(body).unwrap_or_else(|_| panic!("not an AppError: {body}"))
}

async fn set_up(backend: &str) -> (Harness, String) {
    let h = Harness::new(backend).await;
    let (status, cookie, text) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
    assert!(status.is_success(), "setup: {text}");
    (h, cookie.expect("setup signs in"))
}

/// What forty wrong passwords sent at once from one address come back as.
async fn flood(h: &Harness, address: &str) -> Vec<AppError> {
    let calls = (0..40).map(|i| {
        let app = h.app.clone();
        let address = address.to_string();
        tokio::spawn(async move {
            call_from(
                app,
                &address,
                "login",
                json!({ "username": "Admin", "password": format!("guess {i}") }),
            )
            .await
        })
    });
    let mut answers = Vec::new();
    for call in calls {
        let (_, body) = call.await.unwrap();
        answers.push(error_of(&body));
    }
    answers
}

async fn parallel_guesses_are_counted_before_the_hash(backend: &str) {
    let (h, _) = set_up(backend).await;
    let answers = flood(&h, "203.0.113.7").await;
    let checked = answers
        .iter()
        .filter(|e| **e == AppError::BadCredentials)
        .count();
    let refused = answers
        .iter()
        .filter(|e| **e == AppError::RateLimited)
        .count();
    assert_eq!(
        (checked, refused),
        (5, 35),
        "{backend}: only the first five guesses reach the password check"
    );
    // The right password from that address is refused too, for now…
    let (_, body) = h
        .call_from(
            "203.0.113.7",
            "login",
            json!({ "username": "admin", "password": PASSWORD }),
        )
        .await;
    assert_eq!(error_of(&body), AppError::RateLimited, "{backend}");
    // …but the real person, from their own address, still signs in.
    let (status, body) = h
        .call_from(
            "198.51.100.20",
            "login",
            json!({ "username": "admin", "password": PASSWORD }),
        )
        .await;
    assert!(
        status.is_success(),
        "{backend}: locked out by a stranger: {body}"
    );

    // Another server process on the same database (or this one after a restart) holds the
    // stranger back as well.
    let twin = h.twin().await;
    let (_, body) = twin
        .call_from(
            "203.0.113.7",
            "login",
            json!({ "username": "admin", "password": PASSWORD }),
        )
        .await;
    assert_eq!(error_of(&body), AppError::RateLimited, "{backend}: shared");
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parallel_wrong_passwords_reach_the_hash_at_most_five_times() {
    for backend in BACKENDS {
        parallel_guesses_are_counted_before_the_hash(backend).await;
    }
}

async fn guesses_from_everywhere_only_slow_the_account(backend: &str) {
    let (h, _) = set_up(backend).await;
    // Ten addresses, one wrong password each: no address or client is locked, but the account
    // is now slowed.
    for i in 0..10 {
        let (_, body) = h
            .call_from(
                &format!("192.0.2.{i}"),
                "login",
                json!({ "username": "admin", "password": "wrong" }),
            )
            .await;
        assert_eq!(error_of(&body), AppError::BadCredentials, "{backend}");
    }
    let (_, body) = h
        .call_from(
            "192.0.2.99",
            "login",
            json!({ "username": "admin", "password": PASSWORD }),
        )
        .await;
    assert_eq!(error_of(&body), AppError::RateLimited, "{backend}: slowed");
    // Slowed for seconds, never locked: the hold on the account ends within a minute.
    let now = chrono::Utc::now().timestamp();
    let held_until = h
        .number("SELECT blocked_until AS n FROM sign_in_limits WHERE \"key\" = 'u:admin'".into())
        .await;
    assert!(
        held_until > now && held_until <= now + 60,
        "{backend}: the account is held for {} s",
        held_until - now
    );
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failures_from_many_addresses_slow_the_account_without_locking_it() {
    for backend in BACKENDS {
        guesses_from_everywhere_only_slow_the_account(backend).await;
    }
}

async fn a_right_password_gives_the_address_its_attempt_back(backend: &str) {
    let (h, _) = set_up(backend).await;
    // An office behind one address: forty sign-ins that succeed never add up to a lockout.
    for _ in 0..40 {
        let (status, body) = h
            .call_from(
                "198.51.100.1",
                "login",
                json!({ "username": "admin", "password": PASSWORD }),
            )
            .await;
        assert!(status.is_success(), "{backend}: {body}");
    }
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_people_signing_in_from_one_office_are_not_held_back() {
    for backend in BACKENDS {
        a_right_password_gives_the_address_its_attempt_back(backend).await;
    }
}

async fn the_current_password_cannot_be_guessed_by_changing_it(backend: &str) {
    let (h, admin) = set_up(backend).await;
    for i in 0..5 {
        let e = h
            .err(
                Some(&admin),
                "change_password",
                json!({ "change": { "current": format!("guess {i}"), "new": "a new long password" } }),
            )
            .await;
        assert!(matches!(e, AppError::Invalid(_)), "{backend}: {e:?}");
    }
    let e = h
        .err(
            Some(&admin),
            "change_password",
            json!({ "change": { "current": PASSWORD, "new": "a new long password" } }),
        )
        .await;
    assert_eq!(e, AppError::RateLimited, "{backend}");
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changing_the_password_is_rate_limited() {
    for backend in BACKENDS {
        the_current_password_cannot_be_guessed_by_changing_it(backend).await;
    }
}

async fn purging_forgets_only_what_is_over(backend: &str) {
    let (h, _) = set_up(backend).await;
    let now = chrono::Utc::now().timestamp();
    let limits = h.state.sign_in;
    let old = now - limits.window - 10;
    use sea_orm::ConnectionTrait;
    h.state
        .db
        .execute_unprepared(&format!(
            "INSERT INTO sign_in_limits (\"key\", failures, window_start, blocked_until) VALUES \
         ('a:old', 3, {old}, 0), ('a:held', 30, {old}, {}), ('a:live', 2, {now}, 0)",
            now + 100
        ))
        .await
        .unwrap();
    let purged = limits.purge(&h.state.db).await.unwrap();
    assert_eq!(purged, 1, "{backend}");
    let left = h
        .raw_texts("SELECT \"key\" AS v FROM sign_in_limits ORDER BY \"key\"")
        .await;
    assert_eq!(
        left,
        ["a:held", "a:live"],
        "{backend}: a live lockout is never forgotten"
    );
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_limits_forget_old_counts_but_never_a_live_lockout() {
    for backend in BACKENDS {
        purging_forgets_only_what_is_over(backend).await;
    }
}

async fn refusals_are_answered_with_their_status(backend: &str) {
    let (h, admin) = set_up(backend).await;
    let project = h.project(&admin, "Spring launch").await;
    h.ok(&admin, "create_user", json!({ "input": { "username": "mei", "display_name": "Mei", "email": "", "role": "member", "password": PASSWORD } }))
        .await;
    let member = h.login("mei", PASSWORD).await;
    let status = |call: (http::StatusCode, Option<String>, String)| (call.0.as_u16(), call.2);

    let (code, body) = status(
        h.call(None, "list_projects", json!({ "include_archived": false }))
            .await,
    );
    assert_eq!(code, 401, "{backend}: {body}");
    assert_eq!(error_of(&body), AppError::Unauthenticated);
    let (code, _) = status(h.call(Some(&member), "create_user", json!({ "input": { "username": "x1", "display_name": "X", "email": "", "role": "member", "password": PASSWORD } })).await);
    assert_eq!(code, 403, "{backend}");
    let (code, _) = status(
        h.call(Some(&admin), "get_project", json!({ "id": project + 1000 }))
            .await,
    );
    assert_eq!(code, 404, "{backend}");
    let (code, body) = status(
        h.call(
            Some(&admin),
            "create_project",
            json!({ "input": common::project_body("", 1) }),
        )
        .await,
    );
    assert_eq!(code, 422, "{backend}: {body}");
    let (code, _) = status(h.call(None, "setup", setup_body("again", PASSWORD)).await);
    assert_eq!(code, 409, "{backend}");
    let (code, _) = status(
        h.call(
            None,
            "login",
            json!({ "username": "admin", "password": "wrong" }),
        )
        .await,
    );
    assert_eq!(code, 401, "{backend}");

    // A field of the wrong type: 400 naming the field, not a failure of the network.
    let mut wrong = common::project_body("Typed", 1);
    wrong["start_date"] = json!(20261101);
    let (code, body) = status(
        h.call(Some(&admin), "create_project", json!({ "input": wrong }))
            .await,
    );
    assert_eq!(code, 400, "{backend}: {body}");
    assert_eq!(
        common::field_keys(&error_of(&body)),
        [("start_date".to_string(), app::i18n::K::ErrWrongType)],
        "{backend}"
    );
    let (code, body) = status(
        h.call(
            Some(&admin),
            "create_project",
            json!({ "input": { "name": "No more" } }),
        )
        .await,
    );
    assert_eq!(code, 422, "{backend}: {body}");
    assert_eq!(
        common::field_keys(&error_of(&body))[0].1,
        app::i18n::K::ErrRequired
    );
    // A date beyond the years taken: refused, naming it, before anything reads it.
    let mut far = common::project_body("Far", 1);
    far["end_date"] = json!("+262143-12-31");
    let (code, body) = status(
        h.call(Some(&admin), "create_project", json!({ "input": far }))
            .await,
    );
    assert_eq!(code, 422, "{backend}: {body}");
    assert_eq!(
        common::field_keys(&error_of(&body)),
        [("end_date".to_string(), app::i18n::K::ErrDateRange)],
        "{backend}"
    );
    let (code, _) = status(
        h.call(Some(&admin), "create_project", json!("not an object"))
            .await,
    );
    assert_eq!(code, 400, "{backend}");
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_carry_the_status_that_says_what_they_are() {
    for backend in BACKENDS {
        refusals_are_answered_with_their_status(backend).await;
    }
}

/// A body that never ends, counting the bytes anyone read from it.
fn endless(read: std::sync::Arc<std::sync::atomic::AtomicUsize>) -> axum::body::Body {
    let chunks = futures::stream::repeat_with(move || {
        read.fetch_add(1024, std::sync::atomic::Ordering::SeqCst);
        Ok::<_, std::io::Error>(axum::body::Bytes::from(vec![b'a'; 1024]))
    });
    axum::body::Body::from_stream(chunks)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oversized_body_is_refused_without_being_read() {
    let (h, _) = set_up("sqlite").await;
    // Declared as 60 MB: refused before a byte is read.
    let read = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let (status, _, body) = h
        .send(
            "POST",
            "/api/login",
            &[
                ("content-type", "application/json"),
                ("content-length", "62914560"),
            ],
            endless(read.clone()),
        )
        .await;
    assert_eq!(status.as_u16(), 413, "{body}");
    assert_eq!(error_of(&body), AppError::TooLarge(16));
    assert_eq!(read.load(std::sync::atomic::Ordering::SeqCst), 0);
    // Sent without a length: read only up to sign-in's limit.
    let read = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let (status, _, _) = h
        .send(
            "POST",
            "/api/login",
            &[("content-type", "application/json")],
            endless(read.clone()),
        )
        .await;
    assert_eq!(status.as_u16(), 413);
    assert!(read.load(std::sync::atomic::Ordering::SeqCst) <= 32 * 1024);
    // An ordinary call takes up to a megabyte.
    let read = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let (status, _, body) = h
        .send(
            "POST",
            "/api/list_projects",
            &[("content-type", "application/json")],
            endless(read.clone()),
        )
        .await;
    assert_eq!(status.as_u16(), 413);
    assert_eq!(error_of(&body), AppError::TooLarge(1024));
    assert!(read.load(std::sync::atomic::Ordering::SeqCst) <= (1 << 20) + 1024);
    h.finish().await;
}

async fn a_hostile_workbook_is_refused_and_the_server_stays_up(backend: &str) {
    let (h, admin) = set_up(backend).await;
    let project = h.project(&admin, "Double 11").await;
    // A cell at A1 and one at the last column of the last row: 1.5 kB that a reader trusting
    // the sheet's size would turn into seventeen billion cells.
    let bytes = common::workbook(
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>日期</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#,
    );
    assert!(bytes.len() < 2_000);
    let (status, body) = h
        .import_as(&admin, project, "bomb.xlsx", &bytes, None)
        .await;
    assert_eq!(status.as_u16(), 422, "{backend}: {body}");
    assert_eq!(
        common::field_keys(&error_of(&body)),
        [("file".to_string(), app::i18n::K::ErrWorkbookTooLarge)]
    );
    assert_eq!(
        h.number("SELECT COUNT(*) AS n FROM channel_imports".into())
            .await,
        0,
        "{backend}: nothing imported"
    );
    // Still serving.
    h.ok(
        &admin,
        "list_projects",
        json!({ "include_archived": false }),
    )
    .await;
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_workbook_that_lies_about_its_size_is_refused_with_a_clear_message() {
    for backend in BACKENDS {
        a_hostile_workbook_is_refused_and_the_server_stays_up(backend).await;
    }
}

/// A receiver on this machine that counts what reaches it and answers with a page that must
/// never be read back.
async fn internal_page() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    let hits = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = hits.clone();
    let app = axum::Router::new().fallback(move || {
        counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        async { (http::StatusCode::FORBIDDEN, "INTERNAL-SECRET-PAGE") }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("http://127.0.0.1:{port}/admin"), hits)
}

async fn webhooks_cannot_reach_inside(backend: &str) {
    // A server configured as out of the box: nothing internal is allowed.
    let h = Harness::with_outbound(backend, "").await;
    let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
    let admin = admin.unwrap();
    let (url, hits) = internal_page().await;
    let port = url
        .split(':')
        .nth(2)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_string();
    for target in [
        url.clone(),
        format!("http://localhost:{port}/admin"),
        format!("http://[::ffff:127.0.0.1]:{port}/admin"),
        "http://169.254.169.254/latest/meta-data/".to_string(),
    ] {
        let hooks = h
            .ok(&admin, "save_webhook", json!({ "input": { "id": null, "version": 0, "name": format!("Probe {}", hooks_count(&h, &admin).await), "kind": "generic", "url": target, "secret": "", "events": ["submitted"], "active": true } }))
            .await;
        let hook = hooks.as_array().unwrap().last().unwrap()["id"].clone();
        let hooks = h
            .ok(&admin, "test_webhook", json!({ "webhook_id": hook }))
            .await;
        let probe = hooks
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["id"] == hook)
            .unwrap();
        let delivery = &probe["deliveries"][0];
        assert_eq!(delivery["status"], "failed", "{backend}: {target}");
        assert!(
            delivery["last_error"]
                .as_str()
                .unwrap()
                .contains("internal"),
            "{backend}: {target}: {delivery}"
        );
    }
    assert_eq!(
        hits.load(std::sync::atomic::Ordering::SeqCst),
        0,
        "{backend}: nothing reached the internal page"
    );
    h.finish().await;

    // Allowed by the configuration, it is reached — and the log shows its status line only.
    let h = Harness::with_outbound(backend, "127.0.0.1").await;
    let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
    let admin = admin.unwrap();
    let hooks = h
        .ok(&admin, "save_webhook", json!({ "input": { "id": null, "version": 0, "name": "OA", "kind": "generic", "url": url, "secret": "", "events": ["submitted"], "active": true } }))
        .await;
    let hook = hooks[0]["id"].clone();
    let hooks = h
        .ok(&admin, "test_webhook", json!({ "webhook_id": hook }))
        .await;
    let delivery = &hooks[0]["deliveries"][0];
    assert_eq!(delivery["last_status"], 403, "{backend}");
    assert!(
        !delivery.to_string().contains("INTERNAL-SECRET-PAGE"),
        "{backend}: {delivery}"
    );
    assert_eq!(hits.load(std::sync::atomic::Ordering::SeqCst), 1);
    h.finish().await;
}

async fn hooks_count(h: &Harness, admin: &str) -> usize {
    h.ok(admin, "list_webhooks", json!({}))
        .await
        .as_array()
        .map_or(0, Vec::len)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhooks_never_reach_this_machine_or_the_private_network_unless_allowed() {
    for backend in BACKENDS {
        webhooks_cannot_reach_inside(backend).await;
    }
}

async fn set_up_once_and_only_by_name(backend: &str) {
    let h = Harness::new(backend).await;
    // A page on another name that resolves here cannot reach the fresh instance's set-up.
    let (status, _, _) = h
        .send(
            "POST",
            "/api/setup",
            &[
                ("content-type", "application/json"),
                ("host", "rebind.attacker.example"),
            ],
            setup_body("intruder", PASSWORD).to_string(),
        )
        .await;
    assert_eq!(status.as_u16(), 421, "{backend}");
    assert_eq!(
        h.number("SELECT COUNT(*) AS n FROM users".into()).await,
        0,
        "{backend}"
    );
    // Eight set-ups at once: exactly one first administrator.
    let calls = (0..8).map(|i| {
        let app = h.app.clone();
        tokio::spawn(async move {
            call_from(
                app,
                "198.51.100.9",
                "setup",
                setup_body(&format!("admin{i}"), PASSWORD),
            )
            .await
        })
    });
    let mut made = 0;
    for call in calls {
        let (status, body) = call.await.unwrap();
        if status.is_success() {
            made += 1;
        } else {
            assert_eq!(error_of(&body), AppError::AlreadySetUp, "{backend}");
        }
    }
    assert_eq!(made, 1, "{backend}");
    assert_eq!(
        h.number("SELECT COUNT(*) AS n FROM users".into()).await,
        1,
        "{backend}"
    );
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn set_up_happens_once_and_only_through_a_known_host() {
    for backend in BACKENDS {
        set_up_once_and_only_by_name(backend).await;
    }
}

async fn the_audit_log_shows_tampering(backend: &str) {
    use sea_orm::ConnectionTrait;
    let (h, admin) = set_up(backend).await;
    for name in ["Spring", "Summer", "Autumn"] {
        h.project(&admin, name).await;
    }
    // A wrong password from somewhere: recorded with where it came from.
    h.call_from(
        "203.0.113.50",
        "login",
        json!({ "username": "admin", "password": "nope" }),
    )
    .await;
    let page = h
        .ok(&admin, "list_audit", json!({ "filter": { "entity": null, "actor_id": null, "action": "login_failed", "page": 0 } }))
        .await;
    assert_eq!(page["entries"][0]["address"], "203.0.113.50", "{backend}");

    let chain = h.ok(&admin, "verify_audit", json!({})).await;
    assert_eq!(chain["broken_at"], Value::Null, "{backend}: {chain}");
    assert_eq!(chain["truncated"], false, "{backend}");
    let whole = chain["checked"].as_i64().unwrap();
    assert!(whole >= 5, "{backend}: {chain}");

    let db = &h.state.db;
    let ids = h
        .raw_texts("SELECT CAST(id AS TEXT) AS v FROM audit_log ORDER BY id")
        .await;
    // An entry changed in place is named.
    let changed = &ids[2];
    let original = h
        .raw_texts(&format!(
            "SELECT after AS v FROM audit_log WHERE id = {changed}"
        ))
        .await
        .remove(0);
    let set_after = |text: &str| {
        format!(
            "UPDATE audit_log SET after = '{}' WHERE id = {changed}",
            text.replace('\'', "''")
        )
    };
    db.execute_unprepared(&set_after("{\"name\":\"Quietly renamed\"}"))
        .await
        .unwrap();
    let chain = h.ok(&admin, "verify_audit", json!({})).await;
    assert_eq!(
        chain["broken_at"].to_string(),
        *changed,
        "{backend}: {chain}"
    );
    // Put back as it was, the log verifies again.
    db.execute_unprepared(&set_after(&original)).await.unwrap();
    let chain = h.ok(&admin, "verify_audit", json!({})).await;
    assert_eq!(chain["broken_at"], Value::Null, "{backend}: {chain}");
    // An entry removed: the one after it is named.
    db.execute_unprepared(&format!("DELETE FROM audit_log WHERE id = {}", ids[1]))
        .await
        .unwrap();
    let chain = h.ok(&admin, "verify_audit", json!({})).await;
    assert_eq!(chain["broken_at"].to_string(), ids[2], "{backend}: {chain}");
    h.finish().await;

    // Entries removed from the end show against the chain's recorded end.
    let (h, admin) = set_up(backend).await;
    h.project(&admin, "Winter").await;
    h.ok(&admin, "verify_audit", json!({})).await;
    h.state
        .db
        .execute_unprepared("DELETE FROM audit_log WHERE id = (SELECT MAX(id) FROM audit_log)")
        .await
        .unwrap();
    let chain = h.ok(&admin, "verify_audit", json!({})).await;
    assert_eq!(chain["truncated"], true, "{backend}: {chain}");
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_audit_log_names_the_first_entry_changed_or_removed() {
    for backend in BACKENDS {
        the_audit_log_shows_tampering(backend).await;
    }
}

async fn sessions_end_when_idle_or_old(backend: &str) {
    use sea_orm::ConnectionTrait;
    let (h, admin) = set_up(backend).await;
    let list = json!({ "include_archived": false });
    // In use, the idle deadline moves on: about three days from now.
    let soon = chrono::Utc::now() + chrono::Duration::hours(1);
    let set_expiry = |at: chrono::DateTime<chrono::Utc>| {
        format!(
            "UPDATE sessions SET expires_at = '{}'",
            at.format("%Y-%m-%d %H:%M:%S%.6f+00:00")
        )
    };
    h.state
        .db
        .execute_unprepared(&set_expiry(soon))
        .await
        .unwrap();
    h.ok(&admin, "list_projects", list.clone()).await;
    let moved = h
        .raw_texts("SELECT CAST(expires_at AS TEXT) AS v FROM sessions")
        .await;
    assert!(
        moved
            .iter()
            .any(|t| !t.starts_with(&soon.format("%Y-%m-%d %H").to_string())),
        "{backend}: the idle deadline stayed at {moved:?}"
    );
    // Idle past the deadline: signed out.
    let past = chrono::Utc::now() - chrono::Duration::minutes(1);
    h.state
        .db
        .execute_unprepared(&set_expiry(past))
        .await
        .unwrap();
    assert_eq!(
        h.err(Some(&admin), "list_projects", list.clone()).await,
        AppError::Unauthenticated,
        "{backend}"
    );
    // Busy but signed in longer than the lifetime: signed out too.
    let admin = h.login("admin", PASSWORD).await;
    let long_ago = chrono::Utc::now() - chrono::Duration::days(31);
    h.state
        .db
        .execute_unprepared(&format!(
            "UPDATE sessions SET created_at = '{}'",
            long_ago.format("%Y-%m-%d %H:%M:%S%.6f+00:00")
        ))
        .await
        .unwrap();
    assert_eq!(
        h.err(Some(&admin), "list_projects", list).await,
        AppError::Unauthenticated,
        "{backend}"
    );
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_ends_after_its_idle_time_and_its_lifetime() {
    for backend in BACKENDS {
        sessions_end_when_idle_or_old(backend).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_https_the_cookie_is_host_only_and_secure_and_pages_are_not_kept() {
    let h = Harness::with_config("sqlite", |c| c.secure_cookies = true).await;
    let (status, headers, body) = h
        .send(
            "POST",
            "/api/setup",
            &[("content-type", "application/json")],
            setup_body("admin", PASSWORD).to_string(),
        )
        .await;
    assert!(status.is_success(), "{body}");
    let cookie = headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.contains("marquee_session="))
        .unwrap()
        .to_string();
    assert!(cookie.starts_with("__Host-marquee_session="), "{cookie}");
    for attribute in ["Secure", "HttpOnly", "Path=/", "SameSite=Lax"] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    assert!(!cookie.contains("Domain"), "{cookie}");
    assert!(headers
        .get("strict-transport-security")
        .is_some_and(|v| v.to_str().unwrap().contains("max-age=")));
    assert_eq!(headers.get("cache-control").unwrap(), "no-store");
    // The cookie under its https name signs the person in; signing out clears what the
    // browser kept.
    let token = cookie["__Host-marquee_session=".len()..]
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let (status, headers, _) = h
        .send(
            "POST",
            "/api/logout",
            &[
                ("content-type", "application/json"),
                ("cookie", &format!("__Host-marquee_session={token}")),
            ],
            "{}",
        )
        .await;
    assert!(status.is_success());
    assert_eq!(
        headers.get("clear-site-data").unwrap(),
        "\"cache\", \"storage\""
    );
    let (status, _, _) = h
        .send(
            "POST",
            "/api/list_projects",
            &[
                ("content-type", "application/json"),
                ("cookie", &format!("__Host-marquee_session={token}")),
            ],
            json!({ "include_archived": false }).to_string(),
        )
        .await;
    assert_eq!(status.as_u16(), 401);
    h.finish().await;
}

/// A GET from `address`; the status and the body.
async fn get_from(h: &Harness, address: &str, path: &str) -> (u16, String) {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let mut request = http::Request::get(path)
        .header("host", "localhost")
        .body(axum::body::Body::empty())
        .unwrap();
    let peer: std::net::SocketAddr = format!("{address}:40000").parse().unwrap();
    request
        .extensions_mut()
        .insert(axum::extract::ConnectInfo(peer));
    let response = h.app.clone().oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&bytes).to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn monitoring_reads_health_readiness_and_figures() {
    let (h, admin) = set_up("sqlite").await;
    h.ok(
        &admin,
        "list_projects",
        json!({ "include_archived": false }),
    )
    .await;
    h.call(None, "list_projects", json!({ "include_archived": false }))
        .await;
    assert_eq!(get_from(&h, "203.0.113.9", "/healthz").await.0, 200);
    assert_eq!(get_from(&h, "203.0.113.9", "/readyz").await.0, 200);
    // The figures are for this machine (or a token), not for anyone who asks.
    assert_eq!(get_from(&h, "203.0.113.9", "/metrics").await.0, 403);
    let (status, text) = get_from(&h, "127.0.0.1", "/metrics").await;
    assert_eq!(status, 200);
    assert!(
        text.contains("marquee_requests_total{route=\"/api/list_projects\",method=\"POST\"} 2"),
        "{text}"
    );
    assert!(text.contains("marquee_request_seconds_bucket{route=\"/api/list_projects\",method=\"POST\",le=\"+Inf\"} 2"));
    assert!(text.contains("marquee_live_connections 0"));
    assert!(text.contains("marquee_webhook_deliveries_waiting 0"));
    h.finish().await;
}

const SHOPPER: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

/// A beacon from a shopper's browser; the status it is answered with.
async fn send(h: &Harness, site: &Value, visitor: &str, events: Value) -> u16 {
    let body =
        json!({ "site": site, "visitor": visitor, "host": "shop.example.cn", "events": events });
    h.send(
        "POST",
        "/api/v1/collect",
        &[
            ("content-type", "text/plain;charset=UTF-8"),
            ("user-agent", SHOPPER),
        ],
        body.to_string(),
    )
    .await
    .0
    .as_u16()
}

async fn beacons_are_bounded_and_kept_apart(backend: &str) {
    use sea_orm::ConnectionTrait;
    let h = Harness::with_config(backend, |c| c.events_per_site_day = 5).await;
    let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
    let admin = admin.unwrap();
    let p = h.project(&admin, "Shop").await;
    let site = h.ok(&admin, "site_key", json!({ "project_id": p })).await;
    // A page reports an order of ¥299 itself: shown apart, never in the CRM's figures.
    let order = json!([{ "kind": "view", "path": "/", "utm": { "source": "douyin" } }, { "kind": "order", "value": "299.00" }]);
    assert_eq!(
        send(&h, &site, "visitor-0000001", order).await,
        204,
        "{backend}"
    );
    let report = h
        .ok(&admin, "funnel", json!({ "query": { "project_id": p, "from": null, "to": null, "model": "last_touch", "kind": "order" } }))
        .await;
    assert_eq!(
        report["browser_orders"],
        json!([1, 29_900]),
        "{backend}: {report}"
    );
    assert!(
        report["conversions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c[2] == 0),
        "{backend}: browser orders counted as confirmed: {report}"
    );
    // The site's day: five events, then refused (the rest of the day), other sites unaffected.
    let views = json!([{ "kind": "view", "path": "/a" }, { "kind": "view", "path": "/b" }, { "kind": "view", "path": "/c" }]);
    assert_eq!(
        send(&h, &site, "visitor-0000002", views.clone()).await,
        204,
        "{backend}"
    );
    assert_eq!(
        send(&h, &site, "visitor-0000003", views).await,
        429,
        "{backend}"
    );
    assert_eq!(
        h.number("SELECT COUNT(*) AS n FROM tracking_events".into())
            .await,
        5,
        "{backend}"
    );
    // Events past the retention are purged; the others stay.
    let old = chrono::Utc::now().date_naive() - chrono::Duration::days(401);
    h.state
        .db
        .execute_unprepared(&format!(
            "UPDATE tracking_events SET day = '{old}' WHERE path = '/a'"
        ))
        .await
        .unwrap();
    let purged = app::server::conversions::purge_events(&h.state)
        .await
        .unwrap();
    assert_eq!(purged, 1, "{backend}");
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_reported_orders_stay_apart_and_sites_are_held_to_a_day_s_quota() {
    for backend in BACKENDS {
        beacons_are_bounded_and_kept_apart(backend).await;
    }
}

type Received = std::sync::Arc<std::sync::Mutex<Vec<(String, String)>>>;

/// A receiver on this machine keeping the address and body of everything it is sent.
async fn inbox() -> (String, Received) {
    let got: Received = Default::default();
    let kept = got.clone();
    let app = axum::Router::new().fallback(move |uri: http::Uri, body: String| {
        let kept = kept.clone();
        async move {
            kept.lock().unwrap().push((uri.to_string(), body));
            (http::StatusCode::OK, "{\"errcode\":0}")
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("http://{address}"), got)
}

async fn robot_keys_and_amounts_stay_inside(backend: &str) {
    let (h, admin) = set_up(backend).await;
    let (base, got) = inbox().await;
    let robot = format!("{base}/robot/send?access_token=SECRET-ROBOT-TOKEN-1234");
    let hooks = h
        .ok(&admin, "save_webhook", json!({ "input": { "id": null, "version": 0, "name": "Group", "kind": "generic", "url": robot, "secret": "", "events": ["submitted"], "active": true } }))
        .await;
    // Shown by its last four characters; stored sealed; not in the audit log.
    let shown = hooks[0]["url"].as_str().unwrap().to_string();
    assert!(
        shown.ends_with("access_token=••••1234"),
        "{backend}: {shown}"
    );
    for text in h.raw_texts("SELECT url AS v FROM webhooks").await {
        assert!(!text.contains("SECRET-ROBOT"), "{backend}: stored plain");
    }
    for text in h
        .raw_texts("SELECT COALESCE(after, '') AS v FROM audit_log WHERE entity = 'webhook'")
        .await
    {
        assert!(
            !text.contains("SECRET-ROBOT"),
            "{backend}: audited plain: {text}"
        );
    }
    // Saved again as shown, it keeps the key: the test message carries it whole.
    let id = hooks[0]["id"].clone();
    let hooks = h
        .ok(&admin, "save_webhook", json!({ "input": { "id": id, "version": 1, "name": "Group", "kind": "generic", "url": shown, "secret": "", "events": ["submitted"], "active": true } }))
        .await;
    assert_eq!(hooks[0]["url"], shown.as_str());
    h.ok(&admin, "test_webhook", json!({ "webhook_id": id }))
        .await;
    assert!(got
        .lock()
        .unwrap()
        .iter()
        .any(|(uri, _)| uri.ends_with("access_token=SECRET-ROBOT-TOKEN-1234")));

    // A budget raise waiting for approval: amounts only to the hook set to carry them.
    h.ok(&admin, "save_webhook", json!({ "input": { "id": null, "version": 0, "name": "Finance OA", "kind": "generic", "url": format!("{base}/finance"), "secret": "", "events": ["submitted"], "active": true, "include_amounts": true } }))
        .await;
    h.ok(&admin, "save_approval_flow", json!({ "input": { "id": null, "version": 0, "name": "Raises", "purpose": "budget", "kind": null, "budget_above": "", "steps": [{ "name": "", "mode": "any", "users": [], "roles": ["admin"] }] } }))
        .await;
    let p = h.project(&admin, "Raise").await;
    for to in ["pending_approval", "approved"] {
        h.ok(
            &admin,
            "change_project_status",
            json!({ "request": { "project_id": p, "to": to, "comment": "" } }),
        )
        .await;
    }
    h.ok(&admin, "save_budget_line", json!({ "input": { "project_id": p, "id": null, "version": 0, "name": "KOL", "channel": null, "category": "media", "phase": "launch", "planned": "88,888" } }))
        .await;
    let mut waited = 0;
    let bodies = loop {
        let bodies: Vec<(String, String)> = got
            .lock()
            .unwrap()
            .iter()
            .filter(|(_, b)| b.contains("预算调整"))
            .cloned()
            .collect();
        if bodies.len() >= 2 || waited > 200 {
            break bodies;
        }
        waited += 1;
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    let to = |path: &str| {
        bodies
            .iter()
            .find(|(uri, _)| uri.starts_with(path))
            .map(|(_, b)| b.clone())
            .unwrap_or_default()
    };
    assert!(
        to("/finance").contains("88,888.00"),
        "{backend}: {bodies:?}"
    );
    assert!(
        to("/robot").contains("预算调整 KOL"),
        "{backend}: {bodies:?}"
    );
    assert!(
        !to("/robot").contains("88,888"),
        "{backend}: amounts sent to a hook not set for them"
    );
    for text in h
        .raw_texts("SELECT payload AS v FROM webhook_deliveries")
        .await
    {
        assert!(
            !text.contains("88,888") && !text.contains("8888800"),
            "{backend}: queued with amounts"
        );
    }
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn robot_keys_are_sealed_and_masked_and_amounts_leave_only_when_a_hook_asks() {
    for backend in BACKENDS {
        robot_keys_and_amounts_stay_inside(backend).await;
    }
}

async fn sealed_values_cannot_be_moved_between_rows(backend: &str) {
    use sea_orm::ConnectionTrait;
    let (h, admin) = set_up(backend).await;
    let p = h.project(&admin, "Sealed").await;
    for (name, planned) in [("Small", "1,000"), ("Large", "900,000")] {
        h.ok(&admin, "save_budget_line", json!({ "input": { "project_id": p, "id": null, "version": 0, "name": name, "channel": null, "category": "media", "phase": "launch", "planned": planned } }))
            .await;
    }
    let sealed = h
        .raw_texts("SELECT planned AS v FROM budget_lines ORDER BY id")
        .await;
    // Padded: the two amounts look alike.
    assert_eq!(sealed[0].len(), sealed[1].len(), "{backend}");
    // Someone with the database swaps the two: the budget no longer opens rather than showing
    // the small line with the large amount.
    let ids = h
        .raw_texts("SELECT CAST(id AS TEXT) AS v FROM budget_lines ORDER BY id")
        .await;
    h.state
        .db
        .execute_unprepared(&format!(
            "UPDATE budget_lines SET planned = '{}' WHERE id = {}",
            sealed[1], ids[0]
        ))
        .await
        .unwrap();
    let (status, _, _) = h
        .call(Some(&admin), "get_finance", json!({ "project_id": p }))
        .await;
    assert_eq!(status.as_u16(), 500, "{backend}: a moved amount was shown");
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sealed_amount_moved_to_another_row_does_not_open() {
    for backend in BACKENDS {
        sealed_values_cannot_be_moved_between_rows(backend).await;
    }
}

/// A page whose reader goes away before reading it is still rendered to its end (and dropped
/// there, not while its render may be inside it), and the server answers as before.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_left_unread_is_rendered_to_its_end() {
    use tower::ServiceExt;
    let h = Harness::new("sqlite").await;
    let (_, admin, _) = h
        .call(None, "setup", setup_body("admin", "long enough password"))
        .await;
    let admin = admin.unwrap();
    for n in 0..3 {
        h.ok(
            &admin,
            "create_project",
            json!({ "input": common::project_body(&format!("Campaign {n}"), 1) }),
        )
        .await;
    }
    let before = marquee_server::renders::finished_unread();
    for _ in 0..20 {
        let request = axum::http::Request::get("/")
            .header("host", "localhost")
            .header("cookie", format!("marquee_session={admin}"))
            .body(axum::body::Body::empty())
            .unwrap();
        let response = h.app.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), 200);
        // The reader goes away without reading a byte.
        drop(response);
    }
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while marquee_server::renders::finished_unread() < before + 20 {
        assert!(
            std::time::Instant::now() < deadline,
            "pages left unread were not finished: {} of 20",
            marquee_server::renders::finished_unread() - before
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    // Pages are still served, whole.
    let (status, _, page) = h
        .send(
            "GET",
            "/",
            &[("cookie", &format!("marquee_session={admin}"))],
            "",
        )
        .await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Campaign 2"),
        "the portfolio lists the projects"
    );
    assert!(page.contains("</html>"));
}
