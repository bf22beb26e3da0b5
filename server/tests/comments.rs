//! Comments, mentions and a project's activity, on SQLite and PostgreSQL: Markdown comes out as
//! safe HTML; a mention tells the person once per comment, an edit only those newly mentioned,
//! and a mention of someone who may not see the project tells nobody and says so; only the
//! author edits, the author or a manager deletes; observers comment where the project allows;
//! the activity puts the project's changes in order, by person and kind.
mod common;

use app::i18n::K;
use common::{field_keys, project_body, setup_body, task_body, Harness, BACKENDS};
use serde_json::{json, Value};

const PASSWORD: &str = "long enough password";

struct Team {
    h: Harness,
    admin: String,
    ids: std::collections::HashMap<&'static str, i64>,
    sessions: std::collections::HashMap<&'static str, String>,
    project: i64,
    task: Value,
}

impl Team {
    async fn new(backend: &str) -> Team {
        let h = Harness::new(backend).await;
        let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
        let admin = admin.unwrap();
        let mut ids = std::collections::HashMap::new();
        let mut sessions = std::collections::HashMap::new();
        for (name, display) in [
            ("zhangwei", "张伟"),
            ("lina", "李娜"),
            ("wangfang", "王芳"),
            ("zhaoqiang", "赵强"),
        ] {
            let user = h
                .ok(&admin, "create_user", json!({ "input": { "username": name, "display_name": display, "email": "", "role": "member", "password": PASSWORD } }))
                .await;
            ids.insert(name, user["id"].as_i64().unwrap());
            sessions.insert(name, h.login(name, PASSWORD).await);
        }
        let project = h
            .ok(
                &admin,
                "create_project",
                json!({ "input": project_body("双十一大促", 1) }),
            )
            .await
            .as_i64()
            .unwrap();
        for (who, role) in [
            ("lina", "manager"),
            ("zhangwei", "contributor"),
            ("wangfang", "observer"),
        ] {
            h.ok(
                &admin,
                "set_project_member",
                json!({ "input": { "project_id": project, "user_id": ids[who], "role": role } }),
            )
            .await;
        }
        let mut body = task_body("海报设计");
        body["owner_id"] = json!(ids["zhangwei"]);
        let task = h
            .ok(
                &admin,
                "create_task",
                json!({ "project_id": project, "input": body }),
            )
            .await;
        Team {
            h,
            admin,
            ids,
            sessions,
            project,
            task,
        }
    }

    fn s(&self, who: &str) -> &str {
        &self.sessions[who]
    }

    fn on_task(&self) -> Value {
        json!({ "project_id": self.project, "task_id": self.task["id"] })
    }

    /// What a person was told of comments (the task given to Zhang aside).
    async fn notifications(&self, who: &str) -> Vec<Value> {
        self.h.ok(self.s(who), "my_notifications", json!({})).await["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["reason"] != "assigned")
            .cloned()
            .collect()
    }

    async fn reasons(&self, who: &str) -> Vec<String> {
        self.notifications(who)
            .await
            .iter()
            .map(|n| n["reason"].as_str().unwrap().to_string())
            .collect()
    }
}

async fn comments_and_mentions(backend: &str) {
    let t = Team::new(backend).await;
    let h = &t.h;

    // Markdown, a script, an event handler, a frame and two mentions: one of a member, one of
    // someone outside the project.
    let body = "**请看** 海报初稿 @zhangwei @zhaoqiang <script>alert(1)</script>\n\n<img src=x onerror=alert(2)> [link](javascript:alert(3)) <iframe src=\"https://evil.example\"></iframe>";
    let saved = h
        .ok(
            t.s("lina"),
            "add_comment",
            json!({ "thread": t.on_task(), "body": body }),
        )
        .await;
    let html = saved["comment"]["html"].as_str().unwrap();
    assert!(html.contains("<strong>请看</strong>"), "{html}");
    assert!(
        html.contains("<span class=\"mention\">@张伟</span>"),
        "{html}"
    );
    for inert in ["<script", "javascript:", "<iframe", "<img"] {
        assert!(!html.contains(inert), "{inert} survived: {html}");
    }
    // Raw HTML is shown as the text it is.
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    // The stranger stays plain text, named to the writer, and hears nothing.
    assert!(html.contains("@zhaoqiang"), "{html}");
    assert_eq!(saved["not_notified"], json!(["赵强"]));
    assert_eq!(saved["comment"]["mentions"][0]["display_name"], "张伟");
    let comment_id = saved["comment"]["id"].as_i64().unwrap();

    // The member mentioned — who also owns the task — is told once, as mentioned.
    let told = t.notifications("zhangwei").await;
    assert_eq!(told.len(), 1, "{told:?}");
    assert_eq!(told[0]["reason"], "mentioned");
    assert_eq!(told[0]["actor"]["display_name"], "李娜");
    assert_eq!(told[0]["task_title"], "海报设计");
    assert!(told[0]["excerpt"]
        .as_str()
        .unwrap()
        .starts_with("请看 海报初稿 @zhangwei"));
    assert!(t.notifications("zhaoqiang").await.is_empty());
    assert!(
        t.notifications("lina").await.is_empty(),
        "the writer is not told"
    );

    // The change went out as the project's next event, with the comment in it.
    let payload = h
        .raw_texts(&format!(
            "SELECT payload AS v FROM project_events WHERE project_id = {} ORDER BY seq DESC LIMIT 1",
            t.project
        ))
        .await;
    assert!(
        payload[0].contains(&format!("\"id\":{comment_id}")),
        "{payload:?}"
    );

    // An edit that adds the observer tells only her; the member is not told again.
    let edited = h
        .ok(
            t.s("lina"),
            "edit_comment",
            json!({ "comment_id": comment_id, "body": format!("{body} @wangfang") }),
        )
        .await;
    assert!(edited["comment"]["edited_at"].is_string());
    assert_eq!(t.reasons("wangfang").await, vec!["mentioned"]);
    assert_eq!(t.notifications("zhangwei").await.len(), 1);

    // Only the author edits; nobody outside the project reads or writes; nothing empty is said.
    let other = h.project(&t.admin, "Another").await;
    let before = h.fingerprint().await;
    let not_yours = h
        .err(
            Some(t.s("zhangwei")),
            "edit_comment",
            json!({ "comment_id": comment_id, "body": "mine now" }),
        )
        .await;
    assert_eq!(not_yours, app::error::AppError::Forbidden);
    let empty = h
        .err(
            Some(t.s("zhangwei")),
            "add_comment",
            json!({ "thread": t.on_task(), "body": "  \n " }),
        )
        .await;
    assert_eq!(
        field_keys(&empty),
        vec![("body".into(), K::ErrCommentEmpty)]
    );
    let outsider = h
        .err(
            Some(t.s("zhaoqiang")),
            "list_comments",
            json!({ "thread": t.on_task() }),
        )
        .await;
    assert_eq!(outsider, app::error::AppError::NotFound);
    h.err(
        Some(t.s("zhaoqiang")),
        "add_comment",
        json!({ "thread": t.on_task(), "body": "hello" }),
    )
    .await;
    // A task of another project is not this project's thread.
    let misplaced = h
        .err(
            Some(t.s("lina")),
            "add_comment",
            json!({ "thread": { "project_id": other, "task_id": t.task["id"] }, "body": "x" }),
        )
        .await;
    assert_eq!(misplaced, app::error::AppError::NotFound);
    let too_long = h
        .err(
            Some(t.s("lina")),
            "add_comment",
            json!({ "thread": t.on_task(), "body": "长".repeat(10_001) }),
        )
        .await;
    assert_eq!(field_keys(&too_long), vec![("body".into(), K::ErrTooLong)]);
    assert_eq!(
        h.fingerprint().await,
        before,
        "refused calls changed something"
    );

    // Comments in a row on a task reach its owner as one notification.
    for n in 0..3 {
        h.ok(
            t.s("lina"),
            "add_comment",
            json!({ "thread": t.on_task(), "body": format!("第 {n} 条修改意见") }),
        )
        .await;
    }
    let reasons = t.reasons("zhangwei").await;
    assert_eq!(reasons, vec!["commented", "mentioned"], "{reasons:?}");
    let latest = &t.notifications("zhangwei").await[0];
    assert_eq!(latest["excerpt"], "第 2 条修改意见");

    // Observers comment by default; a project can say they may not.
    h.ok(
        t.s("wangfang"),
        "add_comment",
        json!({ "thread": { "project_id": t.project, "task_id": null }, "body": "观察者的意见" }),
    )
    .await;
    let mut body = project_body("双十一大促", 1);
    body["observers_comment"] = json!(false);
    h.ok(
        &t.admin,
        "update_project",
        json!({ "id": t.project, "version": 1, "input": body }),
    )
    .await;
    let refused = h
        .err(
            Some(t.s("wangfang")),
            "add_comment",
            json!({ "thread": { "project_id": t.project, "task_id": null }, "body": "再说一句" }),
        )
        .await;
    assert_eq!(
        field_keys(&refused),
        vec![("body".into(), K::ErrObserversMayNotComment)]
    );
    let project_thread = h
        .ok(
            t.s("wangfang"),
            "list_comments",
            json!({ "thread": { "project_id": t.project, "task_id": null } }),
        )
        .await;
    assert_eq!(
        project_thread.as_array().unwrap().len(),
        1,
        "observers still read"
    );

    // The people to mention: the project's, found by pinyin initials too.
    let people = h
        .ok(
            t.s("lina"),
            "mention_candidates",
            json!({ "project_id": t.project }),
        )
        .await;
    let zw = people
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["username"] == "zhangwei")
        .expect("a member is offered");
    assert_eq!(zw["initials"], "zw");
    assert!(people
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["username"] != "zhaoqiang"));

    // Deleting: not someone else's (as a contributor); one's own, or any as a manager.
    h.err(
        Some(t.s("zhangwei")),
        "delete_comment",
        json!({ "comment_id": comment_id }),
    )
    .await;
    h.ok(
        t.s("lina"),
        "delete_comment",
        json!({ "comment_id": comment_id }),
    )
    .await;
    let thread = h
        .ok(
            t.s("zhangwei"),
            "list_comments",
            json!({ "thread": t.on_task() }),
        )
        .await;
    assert!(thread
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["id"] != comment_id));
    assert_eq!(
        t.notifications("wangfang").await.len(),
        0,
        "the mention went with it"
    );
    t.h.finish().await;
}

async fn activity_in_words(backend: &str) {
    let t = Team::new(backend).await;
    let h = &t.h;
    let review = h.column(&t.admin, t.project, "review").await;
    h.ok(
        t.s("lina"),
        "move_task",
        json!({ "request": { "task_id": t.task["id"], "column_id": review, "before_id": null } }),
    )
    .await;
    h.ok(
        t.s("zhangwei"),
        "add_comment",
        json!({ "thread": t.on_task(), "body": "改好了，请 @lina 确认" }),
    )
    .await;
    let all = h
        .ok(
            t.s("wangfang"),
            "project_activity",
            json!({ "project_id": t.project, "filter": { "actor_id": null, "kind": null, "before": null } }),
        )
        .await;
    let items = all["items"].as_array().unwrap();
    // Newest first: the comment, then the move (to review, of the task by title).
    assert_eq!(items[0]["entity"], "comment");
    assert_eq!(items[0]["actor"]["display_name"], "张伟");
    assert_eq!(items[0]["subject"], "改好了，请 @lina 确认");
    assert_eq!(items[0]["task_id"], t.task["id"]);
    assert_eq!(items[1]["entity"], "task");
    assert_eq!(items[1]["action"], "move");
    assert_eq!(items[1]["subject"], "海报设计");
    assert_eq!(items[1]["to"], "review");
    // Older: the task created, the members set, the project created.
    assert!(items
        .iter()
        .any(|i| i["entity"] == "project" && i["action"] == "create"));
    assert!(items
        .iter()
        .any(|i| i["entity"] == "project_member" && i["subject"] == "王芳"));

    let by_lina = h
        .ok(
            t.s("lina"),
            "project_activity",
            json!({ "project_id": t.project, "filter": { "actor_id": t.ids["lina"], "kind": null, "before": null } }),
        )
        .await;
    let by_lina = by_lina["items"].as_array().unwrap();
    assert_eq!(by_lina.len(), 1, "{by_lina:?}");
    assert_eq!(by_lina[0]["action"], "move");
    let comments_only = h
        .ok(
            t.s("lina"),
            "project_activity",
            json!({ "project_id": t.project, "filter": { "actor_id": null, "kind": "comments", "before": null } }),
        )
        .await;
    assert_eq!(comments_only["items"].as_array().unwrap().len(), 1);
    // Paging: the entries before the newest.
    let older = h
        .ok(
            t.s("lina"),
            "project_activity",
            json!({ "project_id": t.project, "filter": { "actor_id": null, "kind": null, "before": items[0]["id"] } }),
        )
        .await;
    assert_eq!(older["items"][0]["id"], items[1]["id"]);
    // Another project's changes are not in it, and an outsider sees none of it.
    h.project(&t.admin, "Another").await;
    let again = h
        .ok(
            t.s("lina"),
            "project_activity",
            json!({ "project_id": t.project, "filter": { "actor_id": null, "kind": null, "before": null } }),
        )
        .await;
    assert_eq!(again["items"][0]["id"], items[0]["id"]);
    h.err(
        Some(t.s("zhaoqiang")),
        "project_activity",
        json!({ "project_id": t.project, "filter": { "actor_id": null, "kind": null, "before": null } }),
    )
    .await;
    // The audit chain still holds with entries that name their project.
    let chain = h.ok(&t.admin, "verify_audit", json!({})).await;
    assert!(chain["broken_at"].is_null(), "{chain}");
    t.h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn comments_mention_the_right_people_once() {
    for backend in BACKENDS {
        comments_and_mentions(backend).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_activity_tells_what_happened_in_words() {
    for backend in BACKENDS {
        activity_in_words(backend).await;
    }
}
