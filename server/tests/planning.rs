//! Scheduling through the API: links push dependents, loops are refused by name, summaries follow
//! their children, calendars and baselines. Runs on SQLite and on PostgreSQL.
mod common;

use app::error::AppError;
use app::i18n::K;
use common::{project_body, setup_body, task_body, Harness, BACKENDS};
use serde_json::{json, Value};

const PASSWORD: &str = "long enough password";

fn dated(title: &str, start: &str, due: &str) -> Value {
    let mut body = task_body(title);
    body["start_date"] = json!(start);
    body["due_date"] = json!(due);
    body
}

struct Project<'a> {
    h: &'a Harness,
    admin: &'a str,
    id: i64,
}

impl Project<'_> {
    async fn task(&self, body: Value) -> Value {
        self.h
            .ok(
                self.admin,
                "create_task",
                json!({ "project_id": self.id, "input": body }),
            )
            .await
    }

    fn link_body(&self, a: &Value, b: &Value, kind: &str, lag: i32) -> Value {
        json!({ "input": { "project_id": self.id, "predecessor_id": a["id"], "successor_id": b["id"], "kind": kind, "lag_days": lag } })
    }

    async fn link(&self, a: &Value, b: &Value) -> Value {
        self.h
            .ok(
                self.admin,
                "create_link",
                self.link_body(a, b, "finish_to_start", 0),
            )
            .await
    }

    async fn tasks(&self) -> Vec<Value> {
        let list = self
            .h
            .ok(self.admin, "list_tasks", json!({ "project_id": self.id }))
            .await;
        list.as_array().unwrap().clone()
    }

    async fn dates(&self, task: &Value) -> (String, String) {
        let all = self.tasks().await;
        let t = all.iter().find(|t| t["id"] == task["id"]).unwrap();
        (
            t["input"]["start_date"].as_str().unwrap_or("").to_string(),
            t["input"]["due_date"].as_str().unwrap_or("").to_string(),
        )
    }

    async fn fresh(&self, task: &Value) -> Value {
        let all = self.tasks().await;
        all.into_iter().find(|t| t["id"] == task["id"]).unwrap()
    }
}

fn pair(start: &str, due: &str) -> (String, String) {
    (start.to_string(), due.to_string())
}

async fn scenario(backend: &str) {
    let h = Harness::new(backend).await;
    let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
    let admin = admin.unwrap();
    let id = h
        .ok(
            &admin,
            "create_project",
            json!({ "input": project_body("Launch", 1) }),
        )
        .await
        .as_i64()
        .unwrap();
    let p = Project {
        h: &h,
        admin: &admin,
        id,
    };

    // A chain A → B → C (Mon 2 – Fri 6 Nov, then 9–11, then 12–13; the set-up locale is English,
    // so the calendar is Monday to Friday).
    let a = p.task(dated("Brief", "2026-11-02", "2026-11-06")).await;
    let b = p
        .task(dated("Key visual", "2026-11-09", "2026-11-11"))
        .await;
    let c = p.task(dated("Media buy", "2026-11-12", "2026-11-13")).await;
    p.link(&a, &b).await;
    let change = p.link(&b, &c).await;
    assert_eq!(change["links"].as_array().unwrap().len(), 2);

    // A slips two working days: B and C follow over the weekend, and the answer says so.
    let change = h
        .ok(&admin, "reschedule_tasks", json!({ "project_id": id, "requests": [{ "task_id": a["id"], "version": a["version"], "start": "2026-11-04", "due": "2026-11-10" }] }))
        .await;
    let moved: Vec<i64> = change["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_i64().unwrap())
        .collect();
    assert_eq!(moved.len(), 3, "{change}");
    assert_eq!(p.dates(&b).await, pair("2026-11-11", "2026-11-13"));
    assert_eq!(p.dates(&c).await, pair("2026-11-16", "2026-11-17"));
    // Moving A back leaves B and C where they are.
    let a_now = p.fresh(&a).await;
    h.ok(&admin, "reschedule_tasks", json!({ "project_id": id, "requests": [{ "task_id": a["id"], "version": a_now["version"], "start": "2026-11-02", "due": "2026-11-03" }] }))
        .await;
    assert_eq!(p.dates(&c).await, pair("2026-11-16", "2026-11-17"));
    // A stale version is a conflict.
    assert_eq!(
        h.err(Some(&admin), "reschedule_tasks", json!({ "project_id": id, "requests": [{ "task_id": a["id"], "version": a["version"], "start": "2026-11-02", "due": "2026-11-03" }] }))
            .await,
        AppError::Conflict
    );
    // C cannot be dragged before B finishes: it is held at the earliest allowed day.
    let c_now = p.fresh(&c).await;
    h.ok(&admin, "reschedule_tasks", json!({ "project_id": id, "requests": [{ "task_id": c["id"], "version": c_now["version"], "start": "2026-11-02", "due": "2026-11-03" }] }))
        .await;
    assert_eq!(p.dates(&c).await, pair("2026-11-16", "2026-11-17"));

    // Editing B in the task form to end on Monday 16 pushes C to Tuesday.
    let mut edited = p.fresh(&b).await;
    let version = edited["version"].clone();
    edited["input"]["due_date"] = json!("2026-11-16");
    h.ok(
        &admin,
        "update_task",
        json!({ "task_id": b["id"], "version": version, "input": edited["input"] }),
    )
    .await;
    assert_eq!(p.dates(&c).await, pair("2026-11-17", "2026-11-18"));

    let other = h
        .ok(
            &admin,
            "create_project",
            json!({ "input": project_body("Other", 1) }),
        )
        .await;
    let foreign = h
        .ok(
            &admin,
            "create_task",
            json!({ "project_id": other, "input": task_body("Elsewhere") }),
        )
        .await;
    // A loop is refused, naming its tasks, and nothing changes.
    let before = h.fingerprint().await;
    let error = h
        .err(
            Some(&admin),
            "create_link",
            p.link_body(&c, &a, "finish_to_start", 0),
        )
        .await;
    assert_eq!(
        error,
        AppError::DependencyCycle(vec![
            "Media buy".into(),
            "Brief".into(),
            "Key visual".into(),
            "Media buy".into()
        ])
    );
    assert!(error
        .message(app::i18n::Locale::Zh)
        .contains("Media buy → Brief → Key visual → Media buy"));
    // So are a second link between the same tasks, a self link, a lag out of range and a task of
    // another project (`foreign`).
    for (body, field, key) in [
        (
            p.link_body(&b, &a, "start_to_start", 0),
            "successor_id",
            K::ErrLinkExists,
        ),
        (
            p.link_body(&a, &a, "finish_to_start", 0),
            "successor_id",
            K::ErrLinkSelf,
        ),
        (
            p.link_body(&a, &c, "finish_to_start", 400),
            "lag_days",
            K::ErrLagRange,
        ),
        (
            p.link_body(&a, &foreign, "finish_to_start", 0),
            "successor_id",
            K::ErrUnknownTask,
        ),
    ] {
        match h.err(Some(&admin), "create_link", body).await {
            AppError::Invalid(fields) => {
                assert_eq!((fields[0].field.as_str(), fields[0].key), (field, key))
            }
            other => panic!("expected {key:?}, got {other:?}"),
        }
    }
    assert_eq!(h.fingerprint().await, before);

    // A summary takes its dates and progress from its children.
    let campaign = p.task(task_body("Campaign")).await;
    let mut child = dated("Poster", "2026-11-23", "2026-11-24");
    child["parent_id"] = campaign["id"].clone();
    child["progress"] = json!(100);
    p.task(child).await;
    let mut child = dated("Video", "2026-11-25", "2026-11-27");
    child["parent_id"] = campaign["id"].clone();
    let video = p.task(child).await;
    let summary = p.fresh(&campaign).await;
    assert_eq!(summary["input"]["start_date"], "2026-11-23");
    assert_eq!(summary["input"]["due_date"], "2026-11-27");
    assert_eq!(summary["input"]["progress"], 40);
    // Putting a task under its own successor would make a loop: refused.
    let mut under = p.fresh(&a).await;
    let version = under["version"].clone();
    under["input"]["parent_id"] = b["id"].clone();
    let error = h
        .err(
            Some(&admin),
            "update_task",
            json!({ "task_id": a["id"], "version": version, "input": under["input"] }),
        )
        .await;
    assert!(matches!(error, AppError::DependencyCycle(_)), "{error:?}");

    // A calendar with no working day is refused. With Monday 30 November made a holiday, C,
    // linked after the video (which ends Friday 27), moves to Tuesday 1 December.
    let error = h
        .err(Some(&admin), "set_calendar", json!({ "project_id": id, "calendar": { "weekend": [0, 1, 2, 3, 4, 5, 6], "holidays": [], "working_weekends": [] } }))
        .await;
    assert!(matches!(error, AppError::Invalid(ref f) if f[0].key == K::ErrNoWorkingWeekday));
    h.ok(&admin, "set_calendar", json!({ "project_id": id, "calendar": { "weekend": [5, 6], "holidays": ["2026-11-30"], "working_weekends": [] } }))
        .await;
    p.link(&video, &c).await;
    assert_eq!(p.dates(&c).await, pair("2026-12-01", "2026-12-02"));

    // A baseline keeps today's dates for comparison.
    h.ok(
        &admin,
        "save_baseline",
        json!({ "project_id": id, "name": "Approved plan" }),
    )
    .await;
    let c_now = p.fresh(&c).await;
    h.ok(&admin, "reschedule_tasks", json!({ "project_id": id, "requests": [{ "task_id": c["id"], "version": c_now["version"], "start": "2026-12-07", "due": "2026-12-08" }] }))
        .await;
    let schedule = h.schedule(&admin, id).await;
    assert_eq!(schedule.baselines[0].name, "Approved plan");
    let base = schedule
        .baseline
        .iter()
        .find(|d| Some(d.task_id) == c["id"].as_i64())
        .unwrap();
    assert_eq!(base.start.to_string(), "2026-12-01");

    // An undated task dated from the list or the chart comes back in the answer, and the change
    // is in the audit log.
    let loose = p.task(task_body("Press kit")).await;
    let before = h
        .ok(&admin, "list_audit", json!({ "filter": { "entity": "task", "actor_id": null, "action": "reschedule", "page": 0 } }))
        .await["total"]
        .as_u64()
        .unwrap();
    let change = h
        .ok(&admin, "reschedule_tasks", json!({ "project_id": id, "requests": [{ "task_id": loose["id"], "version": loose["version"], "start": "2026-12-14", "due": "2026-12-15" }] }))
        .await;
    let back = change["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == loose["id"])
        .expect("the dated task is in the answer");
    assert_eq!(back["input"]["start_date"], "2026-12-14");
    let after = h
        .ok(&admin, "list_audit", json!({ "filter": { "entity": "task", "actor_id": null, "action": "reschedule", "page": 0 } }))
        .await["total"]
        .as_u64()
        .unwrap();
    assert_eq!(after, before + 1);

    // The chart's data is kept between requests, and never outlives a change: a renamed task
    // shows its new name at once.
    let first = h.schedule(&admin, id).await;
    assert_eq!(h.schedule(&admin, id).await, first);
    let fresh = p.fresh(&loose).await;
    let mut renamed = fresh["input"].clone();
    renamed["title"] = json!("Press kit v2");
    h.ok(
        &admin,
        "update_task",
        json!({ "task_id": loose["id"], "version": fresh["version"], "input": renamed }),
    )
    .await;
    let schedule = h.schedule(&admin, id).await;
    let title = |s: &app::model::ScheduleView| {
        s.tasks
            .iter()
            .find(|t| Some(t.id) == loose["id"].as_i64())
            .map(|t| t.input.title.clone())
    };
    assert_eq!(title(&first).as_deref(), Some("Press kit"));
    assert_eq!(title(&schedule).as_deref(), Some("Press kit v2"));

    // Deleting a task removes its links, each in the audit log.
    h.ok(&admin, "delete_task", json!({ "task_id": b["id"] }))
        .await;
    let schedule = h.schedule(&admin, id).await;
    assert_eq!(schedule.links.len(), 1);
    let audit = h
        .ok(&admin, "list_audit", json!({ "filter": { "entity": "task_link", "actor_id": null, "action": "delete", "page": 0 } }))
        .await;
    assert_eq!(audit["total"], 2);
    let audit = h
        .ok(&admin, "list_audit", json!({ "filter": { "entity": "task", "actor_id": null, "action": "reschedule", "page": 0 } }))
        .await;
    assert!(audit["total"].as_u64().unwrap() >= 4);

    // After every kind of change the kept chart, brought up to date from the project's events,
    // is exactly what a process that kept nothing reads afresh.
    let same = |step: &'static str| {
        let (h, admin) = (&h, admin.clone());
        async move {
            let kept = h.schedule(&admin, id).await;
            // A new process keeps nothing yet: it reads from the database.
            let read = h.twin().await.schedule(&admin, id).await;
            assert_eq!(kept, read, "after {step}");
        }
    };
    same("deleting a task").await;
    let created = h
        .ok(
            &admin,
            "create_task",
            json!({ "project_id": id, "input": task_body("Late addition") }),
        )
        .await;
    same("creating a task").await;
    let loose_now = p.fresh(&loose).await;
    h.ok(
        &admin,
        "reschedule_tasks",
        json!({ "project_id": id, "requests": [{ "task_id": loose["id"], "version": loose_now["version"], "start": "2026-12-21", "due": "2026-12-22" }] }),
    )
    .await;
    same("rescheduling").await;
    h.ok(
        &admin,
        "create_link",
        json!({ "input": { "project_id": id, "predecessor_id": loose["id"], "successor_id": created["id"], "kind": "finish_to_start", "lag_days": 0 } }),
    )
    .await;
    same("linking").await;
    let column = h.column(&admin, id, "done").await;
    h.ok(
        &admin,
        "move_task",
        json!({ "request": { "task_id": created["id"], "column_id": column, "before_id": null } }),
    )
    .await;
    same("moving a card").await;
    h.ok(&admin, "set_calendar", json!({ "project_id": id, "calendar": { "weekend": [5, 6], "holidays": ["2026-11-30", "2026-12-22"], "working_weekends": [] } }))
        .await;
    same("changing the calendar").await;
    let links = h.schedule(&admin, id).await.links;
    h.ok(&admin, "delete_link", json!({ "link_id": links[0].id }))
        .await;
    same("removing a link").await;
    // A label on a task, then deleted: the task loses it.
    let kol = h
        .ok(
            &admin,
            "save_label",
            json!({ "input": { "project_id": id, "id": null, "name": "KOL", "colour": "red" } }),
        )
        .await["labels"][0]["id"]
        .as_i64()
        .unwrap();
    let created_now = p.fresh(&created).await;
    let mut labelled = created_now["input"].clone();
    labelled["labels"] = json!([kol]);
    h.ok(
        &admin,
        "update_task",
        json!({ "task_id": created["id"], "version": created_now["version"], "input": labelled }),
    )
    .await;
    same("labelling a task").await;
    h.ok(&admin, "delete_label", json!({ "label_id": kol }))
        .await;
    assert_eq!(p.fresh(&created).await["input"]["labels"], json!([]));
    same("deleting a label").await;
    h.ok(
        &admin,
        "save_baseline",
        json!({ "project_id": id, "name": "Second" }),
    )
    .await;
    same("saving a baseline").await;
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scheduling_through_the_api() {
    for backend in BACKENDS {
        scenario(backend).await;
    }
}

/// A Gantt page comes with its chart's first screen drawn by the server: the plan as it is now
/// (a renamed task shows renamed on the next load, though a screen is kept between changes),
/// with the tools of the person reading it (an observer gets no editing tools), in their
/// language.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gantt_page_brings_the_plan_as_it_is_now_for_its_reader() {
    use axum::body::Body;
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let h = Harness::new("sqlite").await;
    let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
    let admin = admin.unwrap();
    let team = h
        .team(&admin, "Launch", &[("vera", "Vera", "observer")], PASSWORD)
        .await;
    let project = Project {
        h: &h,
        admin: &admin,
        id: team.project,
    };
    let task = project
        .task(dated("Key visual", "2026-03-02", "2026-03-06"))
        .await;
    let page = |cookie: String, language: &'static str| {
        let app = h.app.clone();
        let path = format!("/projects/{}/gantt", team.project);
        async move {
            let request = http::Request::get(path)
                .header("host", "localhost")
                .header("accept", "text/html")
                .header("accept-language", language)
                .header("cookie", format!("marquee_session={cookie}"))
                .body(Body::empty())
                .unwrap();
            let response = app.oneshot(request).await.unwrap();
            assert_eq!(response.status(), http::StatusCode::OK);
            let body = response.into_body().collect().await.unwrap().to_bytes();
            let html = String::from_utf8_lossy(&body).to_string();
            // The first screen alone, up to the chart's own "loading" (the page around it
            // carries nonces, and whether it arrives in the shell or in a streamed chunk after
            // it depends on how soon the page's data came).
            let start = html.find("class=\"gantt-first\"").expect("a first screen");
            let end = html[start..]
                .find("<div role=\"status\" class=\"loading\">")
                .map_or(html.len(), |end| start + end);
            html[start..end].to_string()
        }
    };
    let first = page(admin.clone(), "en").await;
    assert!(first.contains("Key visual"), "{first}");
    assert!(first.contains("gantt-bar"), "{first}");
    assert!(first.contains("Save baseline"), "{first}");
    assert_eq!(page(admin.clone(), "en").await, first);

    let renamed = dated("Key visual, second cut", "2026-03-02", "2026-03-06");
    h.ok(
        &admin,
        "update_task",
        json!({ "task_id": task["id"], "version": task["version"], "input": renamed }),
    )
    .await;
    let after = page(admin.clone(), "en").await;
    assert!(after.contains("Key visual, second cut"), "{after}");

    let observer = page(team.sessions["vera"].clone(), "en").await;
    assert!(observer.contains("Key visual, second cut"), "{observer}");
    assert!(!observer.contains("Save baseline"), "{observer}");
    assert!(!observer.contains("gantt-grip"), "{observer}");
    let chinese = page(admin.clone(), "zh-CN").await;
    assert!(chinese.contains("保存基线"), "{chinese}");
    assert!(!chinese.contains("Save baseline"), "{chinese}");
    h.finish().await;
}
