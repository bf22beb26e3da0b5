//! What people notice: validation messages, the task tree, card moves, conflicts, the audit trail,
//! sign-in protection. Runs on SQLite and on PostgreSQL.
mod common;

use app::error::AppError;
use app::i18n::K;
use common::{field_keys, project_body, setup_body, task_body, Harness, BACKENDS};
use serde_json::json;

const PASSWORD: &str = "long enough password";

async fn scenario(backend: &str) {
    let h = Harness::new(backend).await;
    let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
    let admin = admin.unwrap();

    // Set-up happens once.
    assert_eq!(
        h.err(None, "setup", setup_body("other", PASSWORD)).await,
        AppError::AlreadySetUp
    );

    // Bad project input is refused with field messages and creates nothing.
    let before = h.fingerprint().await;
    let mut bad = project_body("  ", 1);
    bad["end_date"] = json!("2026-10-01");
    let error = h
        .err(Some(&admin), "create_project", json!({ "input": bad }))
        .await;
    assert_eq!(
        field_keys(&error),
        vec![
            ("name".into(), K::ErrRequired),
            ("end_date".into(), K::ErrEndBeforeStart)
        ]
    );
    let error = h
        .err(
            Some(&admin),
            "create_project",
            json!({ "input": project_body("x", 999) }),
        )
        .await;
    assert_eq!(
        field_keys(&error),
        vec![("owner_id".into(), K::ErrUnknownUser)]
    );
    // Malformed JSON is an error, not a crash.
    let (status, _, _) = h
        .call(
            Some(&admin),
            "create_project",
            json!({ "input": { "name": 5 } }),
        )
        .await;
    assert!(!status.is_success());
    assert_eq!(h.fingerprint().await, before);

    let project = h
        .ok(
            &admin,
            "create_project",
            json!({ "input": project_body("双十一大促", 1) }),
        )
        .await
        .as_i64()
        .unwrap();
    let other = h
        .ok(
            &admin,
            "create_project",
            json!({ "input": project_body("Other", 1) }),
        )
        .await
        .as_i64()
        .unwrap();

    // A tree: A ─ B ─ C. Making A a child of C is a cycle; a parent from another project is foreign.
    let a = h
        .ok(
            &admin,
            "create_task",
            json!({ "project_id": project, "input": task_body("A") }),
        )
        .await;
    let mut b_input = task_body("B");
    b_input["parent_id"] = a["id"].clone();
    let b = h
        .ok(
            &admin,
            "create_task",
            json!({ "project_id": project, "input": b_input }),
        )
        .await;
    let mut c_input = task_body("C");
    c_input["parent_id"] = b["id"].clone();
    let c = h
        .ok(
            &admin,
            "create_task",
            json!({ "project_id": project, "input": c_input }),
        )
        .await;
    let mut cyclic = task_body("A");
    cyclic["parent_id"] = c["id"].clone();
    let error = h
        .err(
            Some(&admin),
            "update_task",
            json!({ "task_id": a["id"], "version": a["version"], "input": cyclic }),
        )
        .await;
    assert_eq!(
        field_keys(&error),
        vec![("parent_id".into(), K::ErrParentCycle)]
    );
    let foreign = h
        .ok(
            &admin,
            "create_task",
            json!({ "project_id": other, "input": task_body("Elsewhere") }),
        )
        .await;
    let mut stray = task_body("Stray");
    stray["parent_id"] = foreign["id"].clone();
    let error = h
        .err(
            Some(&admin),
            "create_task",
            json!({ "project_id": project, "input": stray }),
        )
        .await;
    assert_eq!(
        field_keys(&error),
        vec![("parent_id".into(), K::ErrUnknownParent)]
    );
    let error = h
        .err(
            Some(&admin),
            "create_task",
            json!({ "project_id": project, "input": task_body(&"长".repeat(201)) }),
        )
        .await;
    assert_eq!(field_keys(&error), vec![("title".into(), K::ErrTooLong)]);

    // Moving a card to "done" before another card puts it there and completes it.
    let d = h
        .ok(
            &admin,
            "create_task",
            json!({ "project_id": project, "input": task_body("D") }),
        )
        .await;
    let done_column = h.column(&admin, project, "done").await;
    h.ok(
        &admin,
        "move_task",
        json!({ "request": { "task_id": d["id"], "column_id": done_column, "before_id": null } }),
    )
    .await;
    let moved = h
        .ok(
            &admin,
            "move_task",
            json!({ "request": { "task_id": a["id"], "column_id": done_column, "before_id": d["id"] } }),
        )
        .await;
    assert_eq!(moved["input"]["progress"], 100);
    let tasks = h
        .ok(&admin, "list_tasks", json!({ "project_id": project }))
        .await;
    let done: Vec<&str> = tasks
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["input"]["status"] == "done")
        .map(|t| t["input"]["title"].as_str().unwrap())
        .collect();
    assert_eq!(done, vec!["A", "D"]);

    // An edit based on an old version is refused and changes nothing.
    let error = h
        .err(
            Some(&admin),
            "update_task",
            json!({ "task_id": a["id"], "version": a["version"], "input": task_body("Stale") }),
        )
        .await;
    assert_eq!(error, AppError::Conflict);

    // Deleting a parent deletes its subtasks.
    h.ok(&admin, "delete_task", json!({ "task_id": b["id"] }))
        .await;
    let left = h
        .ok(&admin, "list_tasks", json!({ "project_id": project }))
        .await;
    let titles: Vec<&str> = left
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["input"]["title"].as_str().unwrap())
        .collect();
    assert!(
        !titles.contains(&"B") && !titles.contains(&"C"),
        "{titles:?}"
    );

    // The lifecycle: shortcuts refused, rejection needs a comment, history kept.
    let error = h
        .err(
            Some(&admin),
            "change_project_status",
            json!({ "request": { "project_id": project, "to": "approved", "comment": "" } }),
        )
        .await;
    assert_eq!(error, AppError::BadTransition);
    h.ok(
        &admin,
        "change_project_status",
        json!({ "request": { "project_id": project, "to": "pending_approval", "comment": "" } }),
    )
    .await;
    let error = h
        .err(
            Some(&admin),
            "change_project_status",
            json!({ "request": { "project_id": project, "to": "draft", "comment": " " } }),
        )
        .await;
    assert_eq!(field_keys(&error), vec![("comment".into(), K::ErrRequired)]);
    h.ok(
        &admin,
        "change_project_status",
        json!({ "request": { "project_id": project, "to": "draft", "comment": "预算不足" } }),
    )
    .await;
    let detail = h.ok(&admin, "get_project", json!({ "id": project })).await;
    assert_eq!(detail["status"], "draft");
    assert_eq!(detail["history"][1]["comment"], "预算不足");

    // Every change is in the audit log with before and after.
    let audit = h.ok(&admin, "list_audit", json!({ "filter": { "entity": "task", "actor_id": null, "action": "move", "page": 0 } })).await;
    assert_eq!(audit["total"], 2);
    assert!(audit["entries"][0]["before"]
        .as_str()
        .unwrap()
        .contains("sort_order"));

    // Sign-in: wrong passwords are refused, and repeated failures lock the account for a while.
    for _ in 0..5 {
        assert_eq!(
            h.err(
                None,
                "login",
                json!({ "username": "admin", "password": "wrong" })
            )
            .await,
            AppError::BadCredentials
        );
    }
    assert_eq!(
        h.err(
            None,
            "login",
            json!({ "username": "admin", "password": PASSWORD })
        )
        .await,
        AppError::RateLimited
    );

    // Signing out ends the session on the server.
    h.ok(&admin, "logout", json!({})).await;
    assert_eq!(
        h.err(
            Some(&admin),
            "list_projects",
            json!({ "include_archived": false })
        )
        .await,
        AppError::Unauthenticated
    );
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_campaign_is_planned_and_bad_input_changes_nothing() {
    for backend in BACKENDS {
        scenario(backend).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cross_site_requests_are_refused() {
    use axum::body::Body;
    use tower::ServiceExt;
    let h = Harness::new("sqlite").await;
    let request = http::Request::post("/api/setup")
        .header("content-type", "application/json")
        .header("host", "localhost:3000")
        .header("origin", "https://evil.example")
        .body(Body::from(setup_body("admin", PASSWORD).to_string()))
        .unwrap();
    let response = h.app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), http::StatusCode::FORBIDDEN);
    let info = h.ok("", "session_info", json!({})).await;
    assert_eq!(
        info["needs_setup"], true,
        "the refused set-up created nothing"
    );
    h.finish().await;
}

/// A browser asking for a page it may not see yet gets a real redirect, before any page is sent:
/// to set-up on a new installation, to sign-in without a session.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_redirect_to_setup_then_to_sign_in() {
    use axum::body::Body;
    use tower::ServiceExt;
    let h = Harness::new("sqlite").await;
    let page = |path: &str, cookie: Option<&str>| {
        let mut request = http::Request::get(path)
            .header("host", "localhost")
            .header("accept", "text/html");
        if let Some(c) = cookie {
            request = request.header("cookie", format!("marquee_session={c}"));
        }
        request.body(Body::empty()).unwrap()
    };
    let location = |response: &http::Response<Body>| {
        response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let response = h.app.clone().oneshot(page("/", None)).await.unwrap();
    assert_eq!(response.status(), http::StatusCode::FOUND);
    assert_eq!(location(&response).as_deref(), Some("/setup"));

    let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
    let admin = admin.unwrap();
    let response = h
        .app
        .clone()
        .oneshot(page("/projects/1/board", None))
        .await
        .unwrap();
    assert_eq!(response.status(), http::StatusCode::FOUND);
    assert_eq!(location(&response).as_deref(), Some("/login"));
    let response = h
        .app
        .clone()
        .oneshot(page("/", Some(&admin)))
        .await
        .unwrap();
    assert_eq!(response.status(), http::StatusCode::OK);
    // The page as the browser receives it: read whole, so that its rendering is over before
    // the server is dropped (a page abandoned while it renders can lock a thread: see the
    // reactive graph's `with_context`).
    let page = http_body_util::BodyExt::collect(response.into_body())
        .await
        .unwrap()
        .to_bytes();
    let page = String::from_utf8_lossy(&page);
    assert!(page.contains("<html") && page.contains("Marquee"), "{page}");
    h.finish().await;
}

/// Many pages rendered at once, on several threads, each arrive whole: the page title is written
/// after rendering and must not reach back into a request's finished reactive state.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_pages_are_all_served() {
    use axum::body::Body;
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let h = Harness::new("sqlite").await;
    h.call(None, "setup", setup_body("admin", PASSWORD)).await;
    let mut pages = Vec::new();
    for i in 0..200 {
        let app = h.app.clone();
        pages.push(tokio::spawn(async move {
            let request = http::Request::get("/login")
                .header("host", "localhost")
                .header("accept", "text/html")
                .header("accept-language", if i % 2 == 0 { "zh-CN" } else { "en" })
                .body(Body::empty())
                .unwrap();
            let response = app.oneshot(request).await.unwrap();
            let status = response.status();
            let body = response.into_body().collect().await.unwrap().to_bytes();
            (status, String::from_utf8_lossy(&body).to_string())
        }));
    }
    for page in pages {
        let (status, body) = page.await.expect("the page was rendered without a panic");
        assert_eq!(status, http::StatusCode::OK);
        assert!(
            body.contains("<title>Marquee"),
            "{}",
            &body[..body.len().min(300)]
        );
    }
    h.finish().await;
}
